"""Properties that hold for any facts: monotone marketing temperature, determinism, and every
conclusion citing a clause that exists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from leadpact.agreements.rules.clauses import clause_exists
from leadpact.agreements.rules.engine import compile_agreement, evaluate
from leadpact.agreements.rules.facts import AccountFacts, Facts, LeadFacts, SalesAnswers, TouchFact
from leadpact.agreements.rules.loading import example_agreement

AGREEMENT = example_agreement("pl")
NOW = datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
TYPES = [t.code for t in AGREEMENT.touch_types] + ["unknown_type"]
RANK = compile_agreement(AGREEMENT).marketing_rank

touches = st.builds(
    TouchFact,
    type=st.sampled_from(TYPES),
    campaign=st.sampled_from(["", "w1", "w2", "w3", "e1"]),
    occurred_at=st.integers(min_value=-5 * 24, max_value=200 * 24).map(
        lambda hours: NOW - timedelta(hours=hours)
    ),
)
accounts = st.none() | st.builds(
    AccountFacts,
    industry=st.sampled_from(["", "finance", "retail", "public_sector", "mining"]),
    employees=st.none() | st.integers(min_value=0, max_value=20_000),
    annual_revenue=st.none() | st.floats(min_value=0, max_value=1e10, allow_nan=False),
    country=st.sampled_from(["", "PL", "DE", "pl"]),
    is_target=st.booleans(),
    attributes=st.dictionaries(st.just("cloud_strategy"), st.sampled_from(["hybrid", "none", 3])),
)
facts_strategy = st.builds(
    Facts,
    account=accounts,
    lead=st.builds(
        LeadFacts,
        job_title=st.sampled_from(["", "CEO", "IT Manager", "Inżynier", "Student"]) | st.text(),
    ),
    touches=st.lists(touches, max_size=12).map(tuple),
    sales=st.builds(
        SalesAnswers,
        product_potential=st.none() | st.booleans(),
        horizon_months=st.none() | st.integers(min_value=0, max_value=60),
    ),
    stage=st.sampled_from(["inquiry", "mql", "nurture", "sal"]),
    now=st.just(NOW),
    rejected_at=st.none()
    | st.integers(min_value=0, max_value=100).map(lambda d: NOW - timedelta(days=d)),
)


@settings(max_examples=300, deadline=None)
@given(facts_strategy, touches)
def test_a_touch_inside_the_window_never_lowers_the_marketing_temperature(
    facts: Facts, extra: TouchFact
) -> None:
    window = timedelta(days=AGREEMENT.temperature.marketing.window_days)
    if not NOW - window <= extra.occurred_at <= NOW:
        extra = TouchFact(extra.type, extra.campaign, NOW - window / 2)
    before = evaluate(AGREEMENT, facts).marketing_temperature
    more = Facts(**{**_fields(facts), "touches": (*facts.touches, extra)})
    after = evaluate(AGREEMENT, more).marketing_temperature
    assert RANK.get(after, 0) >= RANK.get(before, 0)


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_evaluation_is_deterministic_and_order_free(facts: Facts) -> None:
    first = evaluate(AGREEMENT, facts)
    second = evaluate(AGREEMENT, facts)
    assert second == first
    assert second.trace == first.trace
    shuffled = Facts(**{**_fields(facts), "touches": tuple(reversed(facts.touches))})
    again = evaluate(AGREEMENT, shuffled)
    assert again[:8] == first[:8]


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_every_conclusion_cites_a_clause_that_exists(facts: Facts) -> None:
    assessment = evaluate(AGREEMENT, facts)
    assert assessment.trace
    for reason in assessment.trace:
        assert clause_exists(AGREEMENT, reason.clause), reason
        assert reason.text


def _fields(facts: Facts) -> dict[str, object]:
    return {name: getattr(facts, name) for name in Facts.__dataclass_fields__}
