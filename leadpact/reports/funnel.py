"""The period's MQL cohort followed through sales (the funnel), and how well marketing's
temperature at handoff predicted what sales found (calibration).

Both follow their cohort to the present: a lead that became an MQL in October and was won in
December counts as won in October's funnel when the report is run in January.
"""

from django.db.models import Count, OuterRef, Q, QuerySet

from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.reports.context import ReportContext
from leadpact.reports.epoch import MICROSECONDS, EpochMicroseconds, EpochSubquery
from leadpact.reports.json_text import JsonText
from leadpact.reports.numbers import between, share
from leadpact.reports.periods import Period

Stage = Lead.Stage
STEPS = ("mql", "sal", "sql", "won")
NO_LEVEL = "none"
_DAY_SECONDS = 86400


def _stage_events(to: str) -> QuerySet[LeadEvent]:
    return LeadEvent.objects.alias(to_stage=JsonText("data", "to")).filter(
        kind=LeadEvent.Kind.STAGE, to_stage=to
    )


def _first(stage: str) -> EpochSubquery:
    """When the lead first reached `stage` at or after this MQL event, in microseconds since
    1970: the first entry of the lead's range in that stage's partial index (`leads/0008`,
    PostgreSQL), an index-only probe."""
    later = (
        _stage_events(stage)
        .filter(lead_id=OuterRef("lead_id"), at__gte=OuterRef("at"))
        .order_by("at")
        .annotate(instant=EpochMicroseconds("at"))
        .values("instant")[:1]
    )
    return EpochSubquery(later)


def _days(start: int | None, end: int | None) -> float | None:
    """Days between two instants in microseconds, as `timedelta.total_seconds() / 86400`."""
    if start is None or end is None:
        return None
    return (end - start) / MICROSECONDS / _DAY_SECONDS


def _median(values: list[float | None]) -> float | None:
    present = sorted(v for v in values if v is not None)
    if not present:
        return None
    middle = len(present) // 2
    value = present[middle] if len(present) % 2 else (present[middle - 1] + present[middle]) / 2
    return round(value, 2)


def funnel_figures(*, period: Period) -> dict[str, object]:
    """Counts, conversion rates and median days in MQL, SAL and SQL.

    One row per MQL event of the period (a lead that became an MQL twice has two), with the
    times it then reached SAL, SQL and won (three index-only probes of the lead's timeline);
    each lead enters the cohort at its first MQL of the period. Counts and medians come from
    those rows in one bounded pass (the period's MQLs)."""
    events = (
        _stage_events(Stage.MQL)
        .filter(between("at", period.start, period.end))
        .annotate(
            entered=EpochMicroseconds("at"),
            sal_at=_first(Stage.SAL),
            sql_at=_first(Stage.SQL),
            won_at=_first(Stage.WON),
        )
        .order_by()
        .values_list("lead_id", "entered", "sal_at", "sql_at", "won_at")
    )
    cohort: dict[int, tuple[int, int | None, int | None, int | None]] = {}
    for lead_id, entered, sal_at, sql_at, won_at in events:
        if lead_id not in cohort or entered < cohort[lead_id][0]:
            cohort[lead_id] = (entered, sal_at, sql_at, won_at)
    rows = list(cohort.values())
    counts = {
        step: sum(1 for row in rows if row[index] is not None) for index, step in enumerate(STEPS)
    }
    return {
        **counts,
        "conversion": {
            "mql_to_sal": share(counts["sal"], counts["mql"]),
            "sal_to_sql": share(counts["sql"], counts["sal"]),
            "sql_to_won": share(counts["won"], counts["sql"]),
            "mql_to_won": share(counts["won"], counts["mql"]),
        },
        "median_days_in_stage": {
            "mql": _median([_days(row[0], row[1]) for row in rows]),
            "sal": _median([_days(row[1], row[2]) for row in rows]),
            "sql": _median([_days(row[2], row[3]) for row in rows]),
        },
    }


def calibration_figures(*, ctx: ReportContext) -> dict[str, object]:
    """For the handoffs opened in the period, by marketing's temperature at handoff (kept on
    the handoff when it opened): how many sales accepted, qualified as hot and won (outcomes to
    date), and how often sales' temperature differs from marketing's."""
    agreement = ctx.governing
    hot = agreement.temperature.sales.levels[-1].name
    kept = Q(accepted_at__isnull=False, rejected_at__isnull=True)
    qualified = kept & ~Q(lead__sales_temperature="")
    rows = (
        Handoff.objects.filter(between("opened_at", ctx.period.start, ctx.period.end))
        .order_by()
        # Grouped by sales' temperature too, so that "disagreed" is a comparison of two group
        # keys here.
        .values("marketing_temperature", "lead__sales_temperature")
        .annotate(
            handed_off=Count("id"),
            accepted=Count("id", filter=Q(accepted_at__isnull=False)),
            qualified=Count("id", filter=qualified),
            qualified_hot=Count("id", filter=kept & Q(lead__sales_temperature=hot)),
            won=Count("id", filter=kept & Q(lead__stage=Stage.WON)),
        )
    )
    names = [level.name for level in agreement.temperature.marketing.levels]
    zero = {"handed_off": 0, "accepted": 0, "qualified": 0, "qualified_hot": 0, "won": 0}
    levels: dict[str, dict[str, float | int | None]] = {name: dict(zero) for name in names}
    qualified_total = disagreed_total = 0
    for row in rows:
        level = row.pop("marketing_temperature")
        sales = row.pop("lead__sales_temperature")
        name = level or NO_LEVEL
        if sales != level:
            disagreed_total += row["qualified"]
        qualified_total += row["qualified"]
        bucket = levels.setdefault(name, dict(zero))
        for key, value in row.items():
            bucket[key] = int(bucket[key] or 0) + value
    for bucket in levels.values():
        handed = int(bucket["handed_off"] or 0)
        bucket["accepted_share"] = share(int(bucket["accepted"] or 0), handed)
        bucket["hot_share"] = share(int(bucket["qualified_hot"] or 0), handed)
        bucket["won_share"] = share(int(bucket["won"] or 0), handed)
    return {
        "levels": levels,
        "qualified": qualified_total,
        "disagreed": disagreed_total,
        "disagreement_share": share(disagreed_total, qualified_total),
    }
