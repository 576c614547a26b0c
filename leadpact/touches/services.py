from dataclasses import dataclass
from typing import Any

from django.db import transaction

from leadpact.accounts.services import accounts_upsert_bulk
from leadpact.core.bulk import insert_ignoring_conflicts
from leadpact.leads.evaluation import leads_evaluate
from leadpact.leads.services import lead_email_normalize, leads_upsert_bulk
from leadpact.privacy.ledger import suppressed_emails
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn


@dataclass(frozen=True)
class TouchOutcome:
    index: int
    outcome: str  # "created" | "duplicate" | "suppressed"
    lead_id: int | None
    touch_id: int | None


def touch_record(*, data: TouchIn, consent_source: str = "api") -> TouchOutcome:
    return touches_record_bulk(items=[data], consent_source=consent_source)[0]


@transaction.atomic
def touches_record_bulk(*, items: list[TouchIn], consent_source: str = "api") -> list[TouchOutcome]:
    """Store touches idempotently by `(source, external_id)`, creating leads and accounts.

    A replayed touch is a `duplicate` and changes nothing: not the touch, not its lead, not
    its account. A touch of a suppressed person (objected or erased) is `suppressed` and
    stores nothing. The leads that got new touches are judged again by the active agreement.
    Everything happens in one transaction: a failure stores nothing.
    """
    suppressed = suppressed_emails(t.lead.email for t in items)
    storable = [t for t in items if lead_email_normalize(t.lead.email) not in suppressed]
    known = dict(
        ((source, external_id), touch_id)
        for touch_id, source, external_id in Touch.objects.filter(
            source__in={t.source for t in storable},
            external_id__in={t.external_id for t in storable},
        ).values_list("id", "source", "external_id")
    )
    fresh_items = _first_of_each(storable, known)

    accounts = accounts_upsert_bulk(items=[t.account for t in fresh_items if t.account])
    account_by_domain = {domain: r.account_id for domain, r in accounts.items()}
    leads = leads_upsert_bulk(
        items=[
            (t.lead, account_by_domain[t.account.domain] if t.account else None)
            for t in fresh_items
        ],
        consent_source=consent_source,
    )

    # Rows, not `Touch` instances: a thousand model instances cost more than their insert.
    candidates: list[dict[str, Any]] = []
    for item in fresh_items:
        lead = leads[lead_email_normalize(item.lead.email)]
        candidates.append(
            {
                "lead_id": lead.lead_id,
                "account_id": lead.account_id,
                "type": item.type,
                "occurred_at": item.occurred_at,
                "source": item.source,
                "external_id": item.external_id,
                "campaign": item.campaign,
                "asset": item.asset,
                "answers": item.answers,
            }
        )
    created = {
        (source, external_id): touch_id
        for touch_id, source, external_id in insert_ignoring_conflicts(
            Touch,
            candidates,
            conflict=["source", "external_id"],
            returning=["id", "source", "external_id"],
        )
    }
    keys = [(c["source"], c["external_id"]) for c in candidates]
    raced = [key for key in keys if key not in created]
    if raced:
        known.update(_touch_ids(raced))
    # Only new touches can change a judgement; a replay changes nothing.
    leads_evaluate(
        lead_ids={c["lead_id"] for c, key in zip(candidates, keys, strict=True) if key in created}
    )

    lead_of = (
        dict(Touch.objects.filter(pk__in=known.values()).values_list("id", "lead_id"))
        if known
        else {}
    )
    # A duplicate answers the lead of the touch that is stored, whatever lead it named itself.
    lead_of.update(
        (created[key], c["lead_id"])
        for c, key in zip(candidates, keys, strict=True)
        if key in created
    )
    outcomes = []
    claimed: set[tuple[str, str]] = set()
    for index, item in enumerate(items):
        key = (item.source, item.external_id)
        if lead_email_normalize(item.lead.email) in suppressed:
            outcomes.append(TouchOutcome(index, "suppressed", None, None))
        elif key in created and key not in claimed:
            claimed.add(key)
            lead_id = leads[lead_email_normalize(item.lead.email)].lead_id
            outcomes.append(TouchOutcome(index, "created", lead_id, created[key]))
        else:
            touch_id = created.get(key) or known[key]
            outcomes.append(TouchOutcome(index, "duplicate", lead_of[touch_id], touch_id))
    return outcomes


def _first_of_each(items: list[TouchIn], known: dict[tuple[str, str], int]) -> list[TouchIn]:
    seen: set[tuple[str, str]] = set(known)
    fresh = []
    for item in items:
        key = (item.source, item.external_id)
        if key not in seen:
            seen.add(key)
            fresh.append(item)
    return fresh


def _touch_ids(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    rows = Touch.objects.filter(
        source__in={s for s, _ in keys}, external_id__in={e for _, e in keys}
    ).values_list("id", "source", "external_id")
    return {(source, external_id): touch_id for touch_id, source, external_id in rows}
