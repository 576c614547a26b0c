"""The reasons behind an assessment: for each conclusion, the clause that produced it, the facts
it used and one sentence in the agreement's language.

Built on demand (`Assessment.trace`) from the same computations as the conclusions, so that the
many evaluations whose result does not change cost only the conclusions.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .compiled import (
    CompiledAgreement,
    declared_horizon_of,
    marketing_of,
    reentry_of,
    route_of,
    sales_of,
    tally,
)
from .facts import Facts

_NO_FACTS: Mapping[str, Any] = MappingProxyType({})


class Reason(NamedTuple):
    """One conclusion: the clause that produced it, a sentence in the agreement's language and
    the facts it used (JSON-able)."""

    clause: str
    text: str
    facts: Mapping[str, Any] = _NO_FACTS

    def __str__(self) -> str:
        return f"{self.text} — {self.clause}"


class Conclusions(NamedTuple):
    icp_grade: str
    icp_score: int
    persona: str
    marketing_temperature: str
    sales_temperature: str
    mql: bool
    reentry_allowed: bool
    temperatures_disagree: bool
    sales_temperature_provisional: bool
    mql_rule: str
    team: str


def trace_build(c: CompiledAgreement, facts: Facts, done: Conclusions) -> tuple[Reason, ...]:
    p = c.phrases
    trace: list[Reason] = []
    persona = done.persona
    if persona:
        trace.append(
            Reason(
                f"personas.{persona}",
                f"{p['persona']}: {c.persona_labels[persona]} "
                f"({p['title']} {p['quoted'].format(facts.lead.job_title)})",
                {"job_title": facts.lead.job_title},
            )
        )
    trace.append(_icp_reason(c, facts, done))

    by_window = tally(c, facts.touches, facts.now, None).by_window
    level = marketing_of(c, by_window)
    if level is not None:
        counts, campaigns = by_window[level.window]
        trace.append(
            Reason(
                f"temperature.marketing.{level.name}",
                level.text,
                {
                    "window_days": level.window,
                    "touches": dict(counts),
                    "campaigns": {kind: len(names) for kind, names in campaigns.items()},
                },
            )
        )
    else:
        counts = by_window[c.windows[-1]][0]
        trace.append(
            Reason("temperature.marketing.window", p["no_level"], {"touches": dict(counts)})
        )

    declared = declared_horizon_of(c, facts.touches)
    sales = sales_of(c, facts.sales, declared)
    used = {"product_potential": sales.product_potential, "horizon_months": sales.horizon_months}
    if sales.level is not None:
        sentence = sales.level.text
        if sales.provisional:
            sentence = f"{p['provisional']}: {sentence}"
        trace.append(Reason(f"temperature.sales.{sales.level.name}", sentence, used))
        if sales.provisional:
            trace.append(
                Reason(
                    "temperature.sales.declared_horizon",
                    p["provisional"],
                    {"horizon_months": declared},
                )
            )
    elif facts.sales.product_potential is not None or facts.sales.horizon_months is not None:
        trace.append(Reason("qualification.purchase_potential", p["no_sales"], used))

    if done.temperatures_disagree:
        marketing, sales_name = done.marketing_temperature, done.sales_temperature
        trace.append(
            Reason(
                f"temperature.sales.{sales_name}",
                f"{p['disagree']}: {p['marketing.' + marketing]} ≠ {p['sales.' + sales_name]}",
                {"marketing": marketing, "sales": sales_name},
            )
        )

    used_for_mql = {
        "icp_grade": done.icp_grade,
        "marketing_temperature": done.marketing_temperature,
    }
    if done.mql_rule:
        trace.append(
            Reason(f"handoff.mql.{done.mql_rule}", p["mql." + done.mql_rule], used_for_mql)
        )
        route = route_of(c, facts, persona)
        trace.append(
            Reason(
                f"handoff.routing.{route.id}" if route else "handoff.routing",
                f"{p['team']}: {done.team}" + ("" if route else f" ({p['default_team']})"),
                {"team": done.team},
            )
        )
    else:
        trace.append(Reason("handoff.mql", p["not_mql"], used_for_mql))

    reentry = reentry_of(c, facts)
    if reentry is not None:
        trace.append(
            Reason(
                "handoff.nurture.reentry",
                p["reentry_yes"] if reentry.allowed else p["reentry_no"],
                {
                    "days_since_rejection": reentry.days_since_rejection,
                    "marketing_temperature_since_rejection": reentry.level_since_rejection,
                },
            )
        )
    return tuple(trace)


def _icp_reason(c: CompiledAgreement, facts: Facts, done: Conclusions) -> Reason:
    p = c.phrases
    if facts.account is None:
        return Reason("icp.grades", p["no_account"], {})
    met = [criterion.id for criterion in c.criteria if criterion.test(facts, done.persona)]
    failed = next(
        (cr.id for cr in c.criteria if cr.required and cr.id not in met),
        "",
    )
    if failed:
        return Reason(
            f"icp.criteria.{failed}",
            f"{p['required_failed']}: {p['icp.' + failed]} — {p['grade']} {done.icp_grade}",
            {"score": done.icp_score, "met": met},
        )
    return Reason(
        "icp.grades",
        f"{p['grade']} {done.icp_grade}: {done.icp_score} {p['points']} ({c.grades_text})",
        {"score": done.icp_score, "met": met},
    )
