from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.core.bulk import insert_all, insert_ignoring_conflicts, rows_by_keys, update_all
from leadpact.core.emails import email_normalize
from leadpact.core.upsert import given_fields, merge_fields, union
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.schemas import LeadIn
from leadpact.privacy.ledger import ConsentFact, consents_record_bulk


@dataclass(frozen=True)
class LeadUpsert:
    lead_id: int
    account_id: int | None
    outcome: str  # "created" | "updated" | "unchanged"

    @cached_property
    def lead(self) -> Lead:
        """The stored lead, read when asked for: ingestion needs only the ids."""
        return Lead.objects.get(pk=self.lead_id)


# Payload fields that are not columns merged into the lead.
_NOT_MERGED = frozenset({"email", "account_domain", "consent"})


def lead_upsert(*, data: LeadIn, account: Account | None = None) -> LeadUpsert:
    return leads_upsert_bulk(items=[(data, account)])[email_normalize(data.email)]


# Always called inside the ingest's transaction or as its own: no savepoint to pay for.
@transaction.atomic(savepoint=False)
def leads_upsert_bulk(
    *, items: list[tuple[LeadIn, Account | int | None]], consent_source: str = "api"
) -> dict[str, LeadUpsert]:
    """Create unknown leads and fill known ones, by case-insensitive e-mail.

    A given account (or account id) links the lead (replacing an earlier link: the newest
    source wins). New leads get a `created` event on their timeline, written once even when
    callers race.
    Consent facts go to the privacy ledger, marked with `consent_source`.
    """
    incoming: dict[str, dict[str, Any]] = {}
    dumped: dict[int, dict[str, Any]] = {}  # a batch often repeats one payload object
    for data, account in items:
        if id(data) not in dumped:
            dumped[id(data)] = given_fields(data, exclude=_NOT_MERGED)
        fields = incoming.setdefault(email_normalize(data.email), {})
        fields.update(dumped[id(data)])
        if account is not None:
            fields["account_id"] = account if isinstance(account, int) else account.pk

    # Plain rows of only the columns a merge compares: model instances of whole rows (with
    # `why`) cost more than the rest of the upsert.
    columns = sorted({"account_id", *(name for f in incoming.values() for name in f)})

    def rows_of(emails: Iterable[str]) -> dict[str, SimpleNamespace]:
        rows = rows_by_keys(
            Lead, key=["email"], keys=((e,) for e in emails), columns=["id", "email", *columns]
        )
        return {email: SimpleNamespace(pk=pk, **dict(zip(columns, values, strict=True)))
                for pk, email, *values in rows}  # fmt: skip

    existing = rows_of(incoming)
    candidates = [{"email": e, **f} for e, f in incoming.items() if e not in existing]
    inserted = {
        email: lead_id
        for email, lead_id in insert_ignoring_conflicts(
            Lead,
            candidates,
            conflict=["email"],
            returning=["email", "id"],
        )
    }
    if len(inserted) < len(candidates):
        existing.update(
            rows_of(lead["email"] for lead in candidates if lead["email"] not in inserted)
        )

    now = timezone.now()
    results: dict[str, LeadUpsert] = {}
    to_update: list[SimpleNamespace] = []
    changed_fields: list[list[str]] = []
    for lead in candidates:
        if lead["email"] in inserted:
            results[lead["email"]] = LeadUpsert(
                inserted[lead["email"]], lead.get("account_id"), "created"
            )
    for email, fields in incoming.items():
        if email in results:
            continue
        row = existing[email]
        changed = merge_fields(row, fields)  # type: ignore[arg-type]
        if changed:
            row.updated_at = now
            to_update.append(row)
            changed_fields.append(changed)
        results[email] = LeadUpsert(row.pk, row.account_id, "updated" if changed else "unchanged")
    # Every lead's merged values of the union of changed columns: the same writes as
    # `bulk_update` of those columns.
    update_all(Lead, to_update, [*union(changed_fields), "updated_at"])
    insert_all(
        LeadEvent,
        [{"lead_id": lead_id, "kind": LeadEvent.Kind.CREATED, "at": now}
         for lead_id in inserted.values()],
    )  # fmt: skip
    consents_record_bulk(
        facts=[
            ConsentFact(results[email_normalize(data.email)].lead_id, data.consent)
            for data, _ in items
            if data.consent is not None
        ],
        source=consent_source,
    )
    return results
