"""SLA figures beyond the counts: business hours to accept and to first contact, and the share
of deadlines kept over the last periods (for the chart).

Time to accept (to first contact) is measured for the handoffs accepted (first contacted)
during the period, from the handoff's opening, in business hours of the calendar of the
version that set its deadlines. It is the one figure computed in Python: one row per such
handoff (bounded by the period's handoffs, ~25,000 rows at 1M leads), its instants read as
integers, and two bisections each (`BusinessHoursMeter`).
"""

from collections import defaultdict

from django.db.models import Count

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import version_agreement
from leadpact.leads.models import Handoff
from leadpact.reports.business_hours import BusinessHoursMeter
from leadpact.reports.context import ReportContext
from leadpact.reports.epoch import EpochMicroseconds, epoch_instant, epoch_microseconds
from leadpact.reports.handoffs import decided_in_time
from leadpact.reports.numbers import between, distribution, share
from leadpact.reports.periods import Period
from leadpact.sla.clock import BusinessCalendar, calendar_from_agreement

HISTORY_PERIODS = 6


def _calendars(
    ctx: ReportContext, version_ids: set[int | None]
) -> dict[int | None, BusinessCalendar]:
    """The business clock of each version that set deadlines (the governing one's for none)."""
    agreements = dict(ctx.agreements)
    missing = {pk for pk in version_ids if pk is not None and pk not in agreements}
    for version in AgreementVersion.objects.filter(pk__in=missing):
        agreements[version.pk] = version_agreement(version=version)
    governing = calendar_from_agreement(ctx.governing.calendar)
    return {
        pk: calendar_from_agreement(agreements[pk].calendar)
        if pk is not None and pk in agreements
        else governing
        for pk in version_ids
    }


def sla_durations(*, ctx: ReportContext) -> dict[str, dict[str, float | int | None]]:
    start, end = ctx.period.start, ctx.period.end  # computed on each access
    accepted = between("accepted_at", start, end)
    contacted = between("first_contact_at", start, end)
    rows = list(
        Handoff.objects.filter(accepted | contacted)
        .order_by()
        .values_list(
            "agreement_version_id",
            EpochMicroseconds("opened_at"),
            EpochMicroseconds("accepted_at"),
            EpochMicroseconds("first_contact_at"),
        )
    )
    low, high = epoch_microseconds(start), epoch_microseconds(end)
    pairs: dict[int | None, list[tuple[str, int, int]]] = defaultdict(list)
    version_id: int | None
    for version_id, opened_at, accepted_at, first_contact_at in rows:
        if accepted_at is not None and low <= accepted_at < high:
            pairs[version_id].append(("accept", opened_at, accepted_at))
        if first_contact_at is not None and low <= first_contact_at < high:
            pairs[version_id].append(("contact", opened_at, first_contact_at))
    hours: dict[str, list[float]] = {"accept": [], "contact": []}
    calendars = _calendars(ctx, set(pairs))
    for version_id, measured in pairs.items():
        first = min(opened for _, opened, _ in measured)
        last = max(max(opened, done) for _, opened, done in measured)
        meter = BusinessHoursMeter(
            calendar=calendars[version_id], first=epoch_instant(first), last=epoch_instant(last)
        )
        for name, opened, done in measured:
            hours[name].append(meter.hours_between(opened, done))
    return {
        "time_to_accept_hours": distribution(hours["accept"]),
        "time_to_first_contact_hours": distribution(hours["contact"]),
    }


def sla_history(*, period: Period, count: int = HISTORY_PERIODS) -> list[dict[str, object]]:
    """Accept deadlines kept in each of the last `count` periods (this one last), one query."""
    periods = [period.shifted(offset) for offset in range(1 - count, 1)]
    aggregates = {}
    for index, each in enumerate(periods):
        due = between("accept_due_at", each.start, each.end)
        aggregates[f"due_{index}"] = Count("id", filter=due)
        aggregates[f"in_time_{index}"] = Count("id", filter=due & decided_in_time())
    found = Handoff.objects.filter(
        between("accept_due_at", periods[0].start, period.end)
    ).aggregate(**aggregates)
    return [
        {
            "period": each.label,
            "due": found[f"due_{index}"],
            "in_time": found[f"in_time_{index}"],
            "in_time_share": share(found[f"in_time_{index}"], found[f"due_{index}"]),
        }
        for index, each in enumerate(periods)
    ]
