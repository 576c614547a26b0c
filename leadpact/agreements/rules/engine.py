"""The engine: one lead's facts in, the agreement's conclusions out, each explained by a clause.

`evaluate` is deterministic and total (it never raises on valid facts — aware datetimes) and
fast: the agreement is compiled once (`compile_agreement`, cached per agreement object) into
closures and prepared sentences, and the trace of reasons is built only when first read.
"""

from __future__ import annotations

from functools import cached_property

from .compiled import (
    CompiledAgreement,
    compile_agreement,
    declared_horizon_of,
    icp_of,
    marketing_of,
    mql_of,
    persona_of,
    reentry_of,
    route_of,
    sales_of,
    tally,
)
from .facts import Facts, SalesAnswers
from .schema import Agreement, RejectionReason
from .trace import Conclusions, Reason, trace_build

__all__ = [
    "Assessment",
    "CompiledAgreement",
    "Reason",
    "compile_agreement",
    "evaluate",
    "rejection_reason",
    "sales_temperature",
]


class Assessment(Conclusions):
    """What the agreement concludes about one lead. Immutable: a named tuple of the
    conclusions (equality compares them), plus `trace`, the reasons, built on first access."""

    _origin: tuple[CompiledAgreement, Facts]

    @cached_property
    def trace(self) -> tuple[Reason, ...]:
        compiled, facts = self._origin
        return trace_build(compiled, facts, self)


def evaluate(agreement: Agreement, facts: Facts) -> Assessment:
    c = compile_agreement(agreement)
    persona = persona_of(c, facts.lead.job_title)
    grade, score, _ = icp_of(c, facts, persona)
    touches = tally(c, facts.touches, facts.now, None)
    level = marketing_of(c, touches.by_window)
    marketing = level.name if level is not None else ""
    declared = declared_horizon_of(c, facts.touches) if c.declared_policy is not None else None
    sales = sales_of(c, facts.sales, declared)
    sales_name = sales.level.name if sales.level is not None else ""
    disagree = level is not None and sales.level is not None and level.rank != sales.level.rank
    mql_rule = mql_of(c, facts, touches, grade, marketing)
    route = route_of(c, facts, persona)
    reentry = reentry_of(c, facts) if facts.stage == "nurture" else None
    assessment = Assessment(
        grade,
        score,
        persona,
        marketing,
        sales_name,
        bool(mql_rule),
        reentry is not None and reentry.allowed,
        disagree,
        sales.provisional,
        mql_rule,
        route.team if route is not None else c.default_team,
    )
    assessment._origin = (c, facts)
    return assessment


def sales_temperature(
    agreement: Agreement, answers: SalesAnswers, *, declared_horizon: float | None = None
) -> tuple[str, Reason]:
    """The sales temperature from the qualifying call alone (or, under the `provisional`
    policy, from a horizon the lead declared in a form, passed as `declared_horizon`)."""
    c = compile_agreement(agreement)
    outcome = sales_of(c, answers, declared_horizon)
    used = {
        "product_potential": outcome.product_potential,
        "horizon_months": outcome.horizon_months,
    }
    if outcome.level is None:
        return "", Reason("qualification.purchase_potential", c.phrases["no_sales"], used)
    sentence = outcome.level.text
    if outcome.provisional:
        sentence = f"{c.phrases['provisional']}: {sentence}"
    return outcome.level.name, Reason(f"temperature.sales.{outcome.level.name}", sentence, used)


def rejection_reason(agreement: Agreement, code: str) -> RejectionReason | None:
    for reason in agreement.handoff.rejection.reasons:
        if reason.code == code:
            return reason
    return None
