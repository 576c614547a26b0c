"""The period report: the article's figures (part 4), SLA, funnel, goals, coverage, calibration
and feedback, as one JSON-ready document with stable keys (docs/report.md defines each).

Every figure is an aggregate query over a period slice (or one bounded pass, noted where it
is); the same queries run on SQLite and PostgreSQL. A report costs about twenty queries.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from leadpact.agreements.rules.schema import Agreement
from leadpact.leads.models import Lead, LeadEvent
from leadpact.reports.context import ReportContext, report_context
from leadpact.reports.coverage import coverage_figures
from leadpact.reports.feedback import feedback_digest
from leadpact.reports.funnel import calibration_figures, funnel_figures
from leadpact.reports.goals import goals_figures
from leadpact.reports.handoffs import (
    handoff_counts_by_owner,
    handoff_counts_total,
    rejection_reason_counts,
)
from leadpact.reports.json_text import JsonText
from leadpact.reports.numbers import between, money, share
from leadpact.reports.periods import PeriodNotBegun, period_has_begun
from leadpact.reports.sla import sla_durations, sla_history
from leadpact.users.models import User

Stage = Lead.Stage
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class Report:
    context: ReportContext
    data: dict[str, Any]

    @property
    def label(self) -> str:
        return self.context.period.label


@dataclass(frozen=True)
class Headline:
    """The figures compared with the previous period, and their per-rep parts."""

    mql: dict[str, int]
    hot: int
    nurture: int
    handed_off: dict[str, int]
    in_progress: dict[str, int]
    won: dict[str, Any]
    handoffs: Counter[str]
    handoffs_by_owner: dict[int | None, Counter[str]]
    won_by_owner: dict[int | None, dict[str, Any]]


def hot_level(agreement: Agreement) -> str:
    """Sales' highest temperature (`hot` in the article: a purchase within 6 months)."""
    return agreement.temperature.sales.levels[-1].name


def _graded(grades: Sequence[str]) -> Q:
    # A probe per MQL event, not a join of every event of the period with its lead.
    return Q(Exists(Lead.objects.filter(pk=OuterRef("lead_id"), icp_grade__in=grades)))


def _icp(ctx: ReportContext) -> Q:
    """An MQL matches the ICP when its grade is one the version that made it an MQL counts as
    ICP (`goals.marketing.icp_grades`); events of other versions use the governing one's."""
    matches = Q()
    for version in ctx.versions:
        grades = ctx.agreements[version.pk].goals.marketing.icp_grades
        matches |= Q(agreement_version_id=version.pk) & _graded(grades)
    others = ~Q(agreement_version_id__in=[v.pk for v in ctx.versions])
    return matches | (others & _graded(ctx.governing.goals.marketing.icp_grades))


def _period_events(ctx: ReportContext, **kinds: Any) -> QuerySet[LeadEvent]:
    return (
        LeadEvent.objects.filter(between("at", ctx.period.start, ctx.period.end), **kinds)
        .alias(
            to=JsonText("data", "to"),
            field=JsonText("data", "field"),
            sales_to=JsonText("data", "changes", "sales_temperature", 1),
        )
        .order_by()
    )


def _event_figures(ctx: ReportContext) -> dict[str, int]:
    """MQLs (and their ICP split), nurture and hot: one query each, each condition written as
    the partial index that holds those events only (`leads/0008`, PostgreSQL), so each is an
    index-only scan of a month of them rather than a read of every event of the month."""
    hot = hot_level(ctx.governing)
    stage, assessment = LeadEvent.Kind.STAGE, LeadEvent.Kind.ASSESSMENT
    mql = (
        _period_events(ctx, kind=stage)
        .filter(Q(to=Stage.MQL))
        .aggregate(
            mql=Count("lead_id", distinct=True),
            mql_icp=Count("lead_id", distinct=True, filter=_icp(ctx)),
        )
    )
    nurture = (
        _period_events(ctx, kind=stage)
        .filter(Q(to=Stage.NURTURE))
        .aggregate(nurture=Count("lead_id", distinct=True))
    )
    became_hot = Q(field="sales_temperature", to=hot) | Q(sales_to=hot)
    hot_leads = (
        _period_events(ctx, kind=assessment)
        .filter(became_hot)
        .aggregate(hot=Count("lead_id", distinct=True))
    )
    return {**mql, **nurture, **hot_leads}


def _won_by_owner(ctx: ReportContext) -> dict[int | None, dict[str, Any]]:
    """Leads won in the period (`won` is final, so its stage change is the win), by owner."""
    currency = ctx.governing.goals.sales.currency
    rows = (
        Lead.objects.filter(between("stage_changed_at", ctx.period.start, ctx.period.end))
        .filter(stage=Stage.WON)
        .order_by()
        .values_list("owner_id", "closed_currency")
        .annotate(count=Count("id"), revenue=Sum("closed_revenue"))
    )
    by_owner: dict[int | None, dict[str, Any]] = {}
    for owner, closed_currency, count, revenue in rows:
        won = by_owner.setdefault(owner, {"count": 0, "revenue": 0.0, "other_currencies": {}})
        won["count"] += count
        if (closed_currency or currency) == currency:
            won["revenue"] = money(won["revenue"] + money(revenue))
        else:
            others = won["other_currencies"]
            others[closed_currency] = money(others.get(closed_currency, 0) + money(revenue))
    return by_owner


def headline_build(*, ctx: ReportContext) -> Headline:
    events = _event_figures(ctx)
    by_owner = handoff_counts_by_owner(period=ctx.period)
    counts = handoff_counts_total(by_owner)
    won_by_owner = _won_by_owner(ctx)
    others: dict[str, float] = defaultdict(float)
    for won in won_by_owner.values():
        for code, amount in won["other_currencies"].items():
            others[code] = money(others[code] + amount)
    return Headline(
        mql={"icp": events["mql_icp"], "non_icp": events["mql"] - events["mql_icp"], "total": events["mql"]},
        hot=events["hot"],
        nurture=events["nurture"],
        handed_off={name: counts[name] for name in ("total", "accepted", "rejected", "waiting")},
        in_progress={
            "total": counts["in_progress"],
            "sal": counts["in_progress"] - counts["in_progress_sql"],
            "sql": counts["in_progress_sql"],
        },
        won={
            "count": sum(w["count"] for w in won_by_owner.values()),
            "revenue": money(sum(w["revenue"] for w in won_by_owner.values())),
            "currency": ctx.governing.goals.sales.currency,
            "other_currencies": dict(sorted(others.items())),
        },
        handoffs=counts,
        handoffs_by_owner=by_owner,
        won_by_owner=won_by_owner,
    )  # fmt: skip


def _rep_keys(owner_ids: set[int | None]) -> dict[int | None, str]:
    emails = dict(User.objects.filter(pk__in=owner_ids - {None}).values_list("pk", "email"))
    return {owner: emails.get(owner, UNASSIGNED) if owner else UNASSIGNED for owner in owner_ids}


def _sla_counts(counts: Counter[str]) -> dict[str, Any]:
    return {
        "due": counts["due"],
        "in_time": counts["in_time"],
        "in_time_share": share(counts["in_time"], counts["due"]),
        "contact_due": counts["contact_due"],
        "contact_in_time": counts["contact_in_time"],
        "contact_in_time_share": share(counts["contact_in_time"], counts["contact_due"]),
        "breaches": counts["breaches"],
        "contact_breaches": counts["contact_breaches"],
        "escalations": counts["escalations"],
    }


def _per_rep(headline: Headline) -> tuple[dict[str, Any], dict[str, Any]]:
    """The per-rep parts of the handoff, SLA and won figures (`per_rep`, `sla.per_rep`)."""
    owners = set(headline.handoffs_by_owner) | set(headline.won_by_owner)
    keys = _rep_keys(owners)
    per_rep: dict[str, Any] = {}
    sla_per_rep: dict[str, Any] = {}
    for owner in sorted(owners, key=lambda o: keys[o]):
        counts = headline.handoffs_by_owner.get(owner, Counter())
        won = headline.won_by_owner.get(owner, {"count": 0, "revenue": 0.0})
        per_rep[keys[owner]] = {
            "handed_off": {
                name: counts[name] for name in ("total", "accepted", "rejected", "waiting")
            },
            "in_progress": counts["in_progress"],
            "won": {"count": won["count"], "revenue": won["revenue"]},
        }
        sla_per_rep[keys[owner]] = _sla_counts(counts)
    return per_rep, sla_per_rep


def _delta(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round(now - before, 4)


def _previous(*, current: Headline, ctx: ReportContext) -> dict[str, Any]:
    previous_ctx = report_context(period=ctx.period.previous().label, now=ctx.now)
    before = headline_build(ctx=previous_ctx)
    share_now = share(current.handoffs["in_time"], current.handoffs["due"])
    share_before = share(before.handoffs["in_time"], before.handoffs["due"])
    return {
        "period": previous_ctx.period.label,
        "agreement_versions": previous_ctx.version_numbers,
        "mql": before.mql,
        "handed_off": before.handed_off,
        "hot": before.hot,
        "nurture": before.nurture,
        "in_progress": before.in_progress,
        "won": before.won,
        "sla_in_time_share": share_before,
        "delta": {
            "mql.total": current.mql["total"] - before.mql["total"],
            "mql.icp": current.mql["icp"] - before.mql["icp"],
            "handed_off.total": current.handed_off["total"] - before.handed_off["total"],
            "hot": current.hot - before.hot,
            "nurture": current.nurture - before.nurture,
            "in_progress.total": current.in_progress["total"] - before.in_progress["total"],
            "won.count": current.won["count"] - before.won["count"],
            "won.revenue": money(current.won["revenue"] - before.won["revenue"]),
            "sla.in_time_share": _delta(share_now, share_before),
        },
    }


def report_build(*, period: str, now: datetime | None = None) -> Report:
    """The report of a month (`2026-10`) or quarter (`2026-Q4`); a period that is not one
    raises `InvalidPeriod` (422), and one that has not begun `PeriodNotBegun` (422), before
    any query of the figures."""
    ctx = report_context(period=period, now=now)
    if not period_has_begun(period=ctx.period, now=ctx.now):
        raise PeriodNotBegun(ctx.period.label)
    with without_jit():
        return _report_of(ctx)


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL compiles a query with JIT when its estimated cost is high; for the report's
    one-off aggregates that took longer than running them (0.4–2 s a query at 1M leads).
    `SET LOCAL` lasts until the end of the transaction, which is opened for it if needed.
    The funnel sorts a month of MQLs with their later stage events (~15 MB at 1M leads): more
    memory than the default 4 MB keeps that sort off disk."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def _report_of(ctx: ReportContext) -> Report:
    agreement = ctx.governing
    headline = headline_build(ctx=ctx)
    per_rep, sla_per_rep = _per_rep(headline)
    reasons = [reason.code for reason in agreement.handoff.rejection.reasons]
    data: dict[str, Any] = {
        "period": ctx.period.label,
        "period_kind": ctx.period.kind,
        "time_zone": ctx.period.time_zone,
        "starts_at": ctx.period.start.isoformat(),
        "ends_at": ctx.period.end.isoformat(),
        "generated_at": ctx.now.isoformat(),
        "agreement_versions": ctx.version_numbers,
        "mql": headline.mql,
        "handed_off": headline.handed_off,
        "hot": headline.hot,
        "nurture": headline.nurture,
        "rejection_reasons": rejection_reason_counts(period=ctx.period, codes=reasons),
        "in_progress": headline.in_progress,
        "won": headline.won,
        "sla": {
            "accept_within_hours": agreement.handoff.sla.accept_within_hours,
            "first_contact_within_hours": agreement.handoff.sla.first_contact_within_hours,
            **_sla_counts(headline.handoffs),
            **sla_durations(ctx=ctx),
            "per_rep": sla_per_rep,
            "history": sla_history(period=ctx.period),
        },
        "funnel": funnel_figures(period=ctx.period),
        "goals": goals_figures(
            goals=agreement.goals,
            period=ctx.period,
            mqls=headline.mql["total"],
            mqls_icp=headline.mql["icp"],
            won_count=headline.won["count"],
            revenue=headline.won["revenue"],
        ),
        "coverage": coverage_figures(ctx=ctx),
        "calibration": calibration_figures(ctx=ctx),
        "feedback": feedback_digest(ctx=ctx),
        "per_rep": per_rep,
        "previous": _previous(current=headline, ctx=ctx),
    }
    return Report(context=ctx, data=data)
