from dataclasses import dataclass

from django.db import transaction

from leadpact.accounts.models import Account
from leadpact.accounts.services import accounts_upsert_bulk
from leadpact.core.bulk import insert_ignoring_conflicts
from leadpact.leads.evaluation import leads_evaluate
from leadpact.leads.services import lead_email_normalize, leads_upsert_bulk
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn


@dataclass(frozen=True)
class TouchOutcome:
    index: int
    outcome: str  # "created" | "duplicate"
    lead_id: int
    touch_id: int


def touch_record(*, data: TouchIn) -> TouchOutcome:
    return touches_record_bulk(items=[data])[0]


@transaction.atomic
def touches_record_bulk(*, items: list[TouchIn]) -> list[TouchOutcome]:
    """Store touches idempotently by `(source, external_id)`, creating leads and accounts.

    A replayed touch is a `duplicate` and changes nothing: not the touch, not its lead, not
    its account. The leads that got new touches are judged again by the active agreement.
    Everything happens in one transaction: a failure stores nothing.
    """
    known = dict(
        ((source, external_id), touch_id)
        for touch_id, source, external_id in Touch.objects.filter(
            source__in={t.source for t in items}, external_id__in={t.external_id for t in items}
        ).values_list("id", "source", "external_id")
    )
    fresh_items = _first_of_each(items, known)

    accounts = accounts_upsert_bulk(items=[t.account for t in fresh_items if t.account])
    account_by_domain: dict[str, Account] = {d: r.account for d, r in accounts.items()}
    leads = leads_upsert_bulk(
        items=[
            (t.lead, account_by_domain[t.account.domain] if t.account else None)
            for t in fresh_items
        ]
    )

    candidates = []
    for item in fresh_items:
        lead = leads[lead_email_normalize(item.lead.email)].lead
        candidates.append(
            Touch(
                lead_id=lead.pk,
                account_id=lead.account_id,
                type=item.type,
                occurred_at=item.occurred_at,
                source=item.source,
                external_id=item.external_id,
                campaign=item.campaign,
                asset=item.asset,
                answers=item.answers,
            )
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
    raced = [
        (c.source, c.external_id) for c in candidates if (c.source, c.external_id) not in created
    ]
    if raced:
        known.update(_touch_ids(raced))
    # Only new touches can change a judgement; a replay changes nothing.
    leads_evaluate(lead_ids={c.lead_id for c in candidates if (c.source, c.external_id) in created})

    lead_of = (
        dict(Touch.objects.filter(pk__in=known.values()).values_list("id", "lead_id"))
        if known
        else {}
    )
    # A duplicate answers the lead of the touch that is stored, whatever lead it named itself.
    lead_of.update(
        (created[(c.source, c.external_id)], c.lead_id)
        for c in candidates
        if (c.source, c.external_id) in created
    )
    outcomes = []
    claimed: set[tuple[str, str]] = set()
    for index, item in enumerate(items):
        key = (item.source, item.external_id)
        if key in created and key not in claimed:
            claimed.add(key)
            lead_id = leads[lead_email_normalize(item.lead.email)].lead.pk
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
