from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.core.bulk import insert_ignoring_conflicts
from leadpact.core.upsert import merge_fields, non_empty, union
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.schemas import LeadIn


@dataclass(frozen=True)
class LeadUpsert:
    lead: Lead
    outcome: str  # "created" | "updated" | "unchanged"


def lead_email_normalize(email: str) -> str:
    return email.strip().lower()


def lead_upsert(*, data: LeadIn, account: Account | None = None) -> LeadUpsert:
    return leads_upsert_bulk(items=[(data, account)])[lead_email_normalize(data.email)]


@transaction.atomic
def leads_upsert_bulk(*, items: list[tuple[LeadIn, Account | None]]) -> dict[str, LeadUpsert]:
    """Create unknown leads and fill known ones, by case-insensitive e-mail.

    A given account links the lead (replacing an earlier link: the newest source wins). New
    leads get a `created` event on their timeline, written once even when callers race.
    """
    incoming: dict[str, dict[str, Any]] = {}
    for data, account in items:
        fields = non_empty(data.model_dump(exclude={"email", "account_domain"}))
        if account is not None:
            fields["account_id"] = account.pk
        incoming.setdefault(lead_email_normalize(data.email), {}).update(fields)

    existing = {lead.email: lead for lead in Lead.objects.filter(email__in=incoming)}
    candidates = [Lead(email=e, **f) for e, f in incoming.items() if e not in existing]
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
        raced = [lead.email for lead in candidates if lead.email not in inserted]
        existing.update({lead.email: lead for lead in Lead.objects.filter(email__in=raced)})

    now = timezone.now()
    results: dict[str, LeadUpsert] = {}
    to_update: list[Lead] = []
    changed_fields: list[list[str]] = []
    for lead in candidates:
        if lead.email in inserted:
            lead.pk = inserted[lead.email]
            results[lead.email] = LeadUpsert(lead, "created")
    for email, fields in incoming.items():
        if email in results:
            continue
        lead = existing[email]
        changed = merge_fields(lead, fields)
        if changed:
            lead.updated_at = now
            to_update.append(lead)
            changed_fields.append(changed)
        results[email] = LeadUpsert(lead, "updated" if changed else "unchanged")
    if to_update:
        Lead.objects.bulk_update(to_update, [*union(changed_fields), "updated_at"])
    LeadEvent.objects.bulk_create(
        LeadEvent(lead_id=lead_id, kind=LeadEvent.Kind.CREATED, at=now)
        for lead_id in inserted.values()
    )
    return results
