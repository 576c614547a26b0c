from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.accounts.schemas import AccountIn
from leadpact.core.bulk import insert_ignoring_conflicts
from leadpact.core.upsert import merge_fields, non_empty, union


@dataclass(frozen=True)
class AccountUpsert:
    account: Account
    outcome: str  # "created" | "updated" | "unchanged"


def account_upsert(*, data: AccountIn) -> AccountUpsert:
    return accounts_upsert_bulk(items=[data])[data.domain]


@transaction.atomic
def accounts_upsert_bulk(*, items: list[AccountIn]) -> dict[str, AccountUpsert]:
    """Create unknown accounts and fill known ones, by domain; exact under concurrent callers.

    Later items for the same domain win over earlier ones, field by field.
    """
    incoming: dict[str, dict[str, Any]] = {}
    for item in items:
        fields = non_empty(item.model_dump(exclude={"domain"}))
        incoming.setdefault(item.domain, {}).update(fields)

    existing = {a.domain: a for a in Account.objects.filter(domain__in=incoming)}
    candidates = [Account(domain=d, **f) for d, f in incoming.items() if d not in existing]
    inserted = {
        domain
        for (domain,) in insert_ignoring_conflicts(
            Account, candidates, conflict=["domain"], returning=["domain"]
        )
    }
    # Rows a concurrent caller inserted first are merged into like any existing row.
    if len(inserted) < len(candidates):
        raced = [a.domain for a in candidates if a.domain not in inserted]
        existing.update({a.domain: a for a in Account.objects.filter(domain__in=raced)})
    fresh = {a.domain: a for a in Account.objects.filter(domain__in=inserted)} if inserted else {}

    results: dict[str, AccountUpsert] = {}
    to_update: list[Account] = []
    changed_fields: list[list[str]] = []
    now = timezone.now()
    for domain, fields in incoming.items():
        if domain in fresh:
            results[domain] = AccountUpsert(fresh[domain], "created")
            continue
        account = existing[domain]
        changed = merge_fields(account, fields)
        if changed:
            account.updated_at = now
            to_update.append(account)
            changed_fields.append(changed)
        results[domain] = AccountUpsert(account, "updated" if changed else "unchanged")
    if to_update:
        Account.objects.bulk_update(to_update, [*union(changed_fields), "updated_at"])
    return results
