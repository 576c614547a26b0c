from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.accounts.schemas import AccountIn
from leadpact.core.bulk import insert_ignoring_conflicts, rows_by_keys, update_all
from leadpact.core.upsert import given_fields, merge_fields, union


@dataclass(frozen=True)
class AccountUpsert:
    account_id: int
    outcome: str  # "created" | "updated" | "unchanged"

    @cached_property
    def account(self) -> Account:
        """The stored account, read when asked for: ingestion needs only the id."""
        return Account.objects.get(pk=self.account_id)


_KEY = frozenset({"domain"})


def account_upsert(*, data: AccountIn) -> AccountUpsert:
    return accounts_upsert_bulk(items=[data])[data.domain]


# No savepoint of its own: ingestion calls this inside its transaction on every batch, and no
# caller recovers from a failure half-way.
@transaction.atomic(savepoint=False)
def accounts_upsert_bulk(*, items: list[AccountIn]) -> dict[str, AccountUpsert]:
    """Create unknown accounts and fill known ones, by domain; exact under concurrent callers.

    Later items for the same domain win over earlier ones, field by field.
    """
    incoming: dict[str, dict[str, Any]] = {}
    dumped: dict[int, dict[str, Any]] = {}  # a batch often repeats one payload object
    for item in items:
        if id(item) not in dumped:
            dumped[id(item)] = given_fields(item, exclude=_KEY)
        incoming.setdefault(item.domain, {}).update(dumped[id(item)])

    # Plain rows of only the columns a merge compares: model instances of whole rows cost more
    # than the rest of the upsert.
    columns = sorted({name for f in incoming.values() for name in f})

    def rows_of(domains: Iterable[str]) -> dict[str, SimpleNamespace]:
        rows = rows_by_keys(
            Account,
            key=["domain"],
            keys=((d,) for d in domains),
            columns=["id", "domain", *columns],
        )
        return {domain: SimpleNamespace(pk=pk, **dict(zip(columns, values, strict=True)))
                for pk, domain, *values in rows}  # fmt: skip

    existing = rows_of(incoming)
    candidates = [{"domain": d, **f} for d, f in incoming.items() if d not in existing]
    inserted = {
        domain: account_id
        for domain, account_id in insert_ignoring_conflicts(
            Account, candidates, conflict=["domain"], returning=["domain", "id"]
        )
    }
    # Rows a concurrent caller inserted first are merged into like any existing row.
    if len(inserted) < len(candidates):
        existing.update(rows_of(a["domain"] for a in candidates if a["domain"] not in inserted))

    results: dict[str, AccountUpsert] = {}
    to_update: list[SimpleNamespace] = []
    changed_fields: list[list[str]] = []
    now = timezone.now()
    for domain, fields in incoming.items():
        if domain in inserted:
            results[domain] = AccountUpsert(inserted[domain], "created")
            continue
        row = existing[domain]
        changed = merge_fields(row, fields)  # type: ignore[arg-type]
        if changed:
            row.updated_at = now
            to_update.append(row)
            changed_fields.append(changed)
        results[domain] = AccountUpsert(row.pk, "updated" if changed else "unchanged")
    # Every account's merged values of the union of changed columns: the same writes as
    # `bulk_update` of those columns.
    update_all(Account, to_update, [*union(changed_fields), "updated_at"])
    return results
