"""Every handoff figure of a period in one pass over the handoffs opened before its end,
grouped by owner: what was handed to sales and its state at the end of the period, what was
still in progress then, and how the SLA deadlines that fell in the period were kept.

The per-owner rows are the report's per-rep parts; the totals are their sums.
"""

from collections import Counter
from datetime import datetime

from django.db.models import Count, F, Q

from leadpact.leads.models import Handoff
from leadpact.reports.numbers import between
from leadpact.reports.periods import Period

HANDED_OFF = ("total", "accepted", "rejected", "waiting")
IN_PROGRESS = ("in_progress", "in_progress_sql")
SLA = ("due", "in_time", "contact_due", "contact_in_time", "breaches", "contact_breaches",
       "escalations")  # fmt: skip


def _not_before(field: str, end: datetime) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": end})


def decided_in_time() -> Q:
    """Accepted, or else rejected, by the accept deadline."""
    return Q(accepted_at__lte=F("accept_due_at")) | Q(
        accepted_at__isnull=True, rejected_at__lte=F("accept_due_at")
    )


def _counters(start: datetime, end: datetime) -> dict[str, Count]:
    not_rejected = _not_before("rejected_at", end)
    accepted = Q(accepted_at__lt=end) & not_rejected
    in_progress = accepted & _not_before("closed_at", end)
    # `qualified_at` is the lead's first SQL while this handoff was accepted: for a handoff
    # still in progress at `end`, "reached SQL before the end" is exactly `qualified_at < end`.
    qualified = Q(qualified_at__lt=end)
    # A lead rejected or closed before its first-contact deadline needs no call.
    contact_needed = Q(first_contact_at__isnull=False) | (
        (Q(rejected_at__isnull=True) | Q(rejected_at__gt=F("first_contact_due_at")))
        & (Q(closed_at__isnull=True) | Q(closed_at__gt=F("first_contact_due_at")))
    )
    opened = between("opened_at", start, end)
    due = between("accept_due_at", start, end)
    contact_due = between("first_contact_due_at", start, end) & contact_needed
    return {
        "total": Count("id", filter=opened),
        "accepted": Count("id", filter=opened & accepted),
        "rejected": Count("id", filter=opened & Q(rejected_at__lt=end)),
        "waiting": Count("id", filter=opened & _not_before("accepted_at", end) & not_rejected),
        "in_progress": Count("id", filter=in_progress),
        "in_progress_sql": Count("id", filter=in_progress & qualified),
        "due": Count("id", filter=due),
        "in_time": Count("id", filter=due & decided_in_time()),
        "contact_due": Count("id", filter=contact_due),
        "contact_in_time": Count(
            "id", filter=contact_due & Q(first_contact_at__lte=F("first_contact_due_at"))
        ),
        "breaches": Count("id", filter=between("accept_breached_at", start, end)),
        "contact_breaches": Count("id", filter=between("contact_breached_at", start, end)),
        "escalations": Count("id", filter=between("escalated_at", start, end)),
    }


def handoff_counts_by_owner(*, period: Period) -> dict[int | None, Counter[str]]:
    """The counters of every owner (None: handoffs nobody owns) with at least one non-zero."""
    start, end = period.start, period.end
    rows = (
        Handoff.objects.filter(opened_at__lt=end)
        .order_by()
        .values("owner_id")
        .annotate(**_counters(start, end))
    )
    by_owner: dict[int | None, Counter[str]] = {}
    for row in rows:
        owner = row.pop("owner_id")
        if any(row.values()):
            by_owner[owner] = Counter(row)
    return by_owner


def handoff_counts_total(by_owner: dict[int | None, Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter({name: 0 for name in (*HANDED_OFF, *IN_PROGRESS, *SLA)})
    for counts in by_owner.values():
        total.update(counts)
    return total


def rejection_reason_counts(*, period: Period, codes: list[str]) -> dict[str, int]:
    """Handoffs rejected in the period per reason: every reason of the agreement (0 if
    unused) in the agreement's order, then any other code found."""
    found = dict(
        Handoff.objects.filter(between("rejected_at", period.start, period.end))
        .order_by()
        .values_list("rejection_reason")
        .annotate(n=Count("id"))
    )
    counts = {code: found.pop(code, 0) for code in codes}
    return counts | dict(sorted(found.items()))
