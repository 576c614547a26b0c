"""The engine applies the article's rules exactly, explains each conclusion by its clause, and
stays deterministic and total."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leadpact.agreements.rules.clauses import clause_exists
from leadpact.agreements.rules.engine import (
    evaluate,
    rejection_reason,
    sales_temperature,
)
from leadpact.agreements.rules.facts import (
    AccountFacts,
    Facts,
    LeadFacts,
    SalesAnswers,
    TouchFact,
)
from leadpact.agreements.rules.loading import (
    agreement_parse,
    example_agreement,
    example_agreement_text,
)

AGREEMENT = example_agreement("pl")
NOW = datetime(2026, 10, 15, 10, 0, tzinfo=UTC)

# A grade-A account: Polish bank, 1 200 people, 80 M PLN, on the target list.
BANK = AccountFacts(
    industry="finance", employees=1200, annual_revenue=80_000_000, country="PL", is_target=True
)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def touch(kind: str, days: float = 1, campaign: str = "c1") -> TouchFact:
    return TouchFact(kind, campaign, ago(days))


def facts(*touches: TouchFact, **changes: object) -> Facts:
    values: dict[str, object] = {
        "account": BANK,
        "lead": LeadFacts(job_title="Kierownik IT"),
        "touches": touches,
        "now": NOW,
    }
    values.update(changes)
    return Facts(**values)  # type: ignore[arg-type]


# The article: cold = 1 webinar registration; warm = webinar attended + e-book;
# hot = webinar attended + e-book + attendance at a second webinar.
@pytest.mark.parametrize(
    ("touches", "expected"),
    [
        ((), ""),
        ((touch("article_read"),), ""),
        ((touch("webinar_registration"),), "cold"),
        ((touch("webinar_attended"),), ""),
        ((touch("ebook_download"),), ""),
        ((touch("webinar_attended"), touch("ebook_download")), "warm"),
        (
            (touch("webinar_registration"), touch("webinar_attended"), touch("ebook_download")),
            "warm",
        ),
        (
            (
                touch("webinar_attended", campaign="w1"),
                touch("ebook_download"),
                touch("webinar_attended", campaign="w2"),
            ),
            "hot",
        ),
        # the same webinar twice is not "a second webinar"
        (
            (
                touch("webinar_attended", campaign="w1"),
                touch("ebook_download"),
                touch("webinar_attended", campaign="w1"),
            ),
            "warm",
        ),
        # two webinars without an e-book are not even warm
        ((touch("webinar_attended", campaign="w1"), touch("webinar_attended", campaign="w2")), ""),
        # outside the 90-day window nothing counts
        ((touch("webinar_registration", days=91),), ""),
        ((touch("webinar_registration", days=90),), "cold"),
        (
            (
                touch("webinar_attended", days=100, campaign="w1"),
                touch("ebook_download"),
                touch("webinar_attended", campaign="w2"),
            ),
            "warm",
        ),
        # a touch in the future is not a fact yet
        ((touch("webinar_registration", days=-1),), ""),
    ],
)
def test_marketing_temperature_follows_the_article(
    touches: tuple[TouchFact, ...], expected: str
) -> None:
    assert evaluate(AGREEMENT, facts(*touches)).marketing_temperature == expected


# The article: cold > 12 months, warm 6–12, hot < 6 — all with product potential.
@pytest.mark.parametrize(
    ("potential", "horizon", "expected"),
    [
        (True, 0, "hot"),
        (True, 3, "hot"),
        (True, 5, "hot"),
        (True, 6, "warm"),
        (True, 9, "warm"),
        (True, 12, "warm"),
        (True, 13, "cold"),
        (True, 36, "cold"),
        (False, 3, ""),
        (True, None, ""),
        (None, 3, ""),
        (None, None, ""),
    ],
)
def test_sales_temperature_follows_the_article(
    potential: bool | None, horizon: int | None, expected: str
) -> None:
    answers = SalesAnswers(product_potential=potential, horizon_months=horizon)
    level, reason = sales_temperature(AGREEMENT, answers)
    assert level == expected
    assert clause_exists(AGREEMENT, reason.clause)
    if expected:
        assert reason.clause == f"temperature.sales.{expected}"
    assert evaluate(AGREEMENT, facts(sales=answers)).sales_temperature == expected


@pytest.mark.parametrize(
    ("account", "grade", "score"),
    [
        (BANK, "A", 90),
        (AccountFacts(industry="finance", employees=300, country="PL"), "B", 55),
        (AccountFacts(industry="Finance", employees=300, country="pl"), "B", 55),
        (AccountFacts(industry="retail", country="PL"), "C", 30),
        (AccountFacts(industry="mining", employees=40, country="PL"), "D", 0),
        # the one required criterion: a company outside Poland is D whatever it scores
        (
            AccountFacts(industry="finance", employees=1200, annual_revenue=9e7, country="DE"),
            "D",
            75,
        ),
        (
            AccountFacts(country="PL", attributes={"cloud_strategy": "hybrid"}, is_target=True),
            "C",
            25,
        ),
        (None, "", 0),
    ],
)
def test_icp_grade(account: AccountFacts | None, grade: str, score: int) -> None:
    assessment = evaluate(AGREEMENT, facts(account=account))
    assert (assessment.icp_grade, assessment.icp_score) == (grade, score)


def test_a_failed_required_criterion_is_cited() -> None:
    account = AccountFacts(industry="finance", country="DE")
    trace = evaluate(AGREEMENT, facts(account=account)).trace
    assert "icp.criteria.country" in {reason.clause for reason in trace}


@pytest.mark.parametrize(
    ("title", "persona"),
    [
        ("Prezes Zarządu", "c_level"),
        ("CEO", "c_level"),
        ("Chief Technology Officer", "c_level"),
        ("Dyrektor Departamentu IT", "c_level"),
        ("CTO", "c_level"),
        ("CIO / Dyrektor IT", "c_level"),
        ("Kierownik Działu Infrastruktury", "manager"),
        ("Kierowniczka zespołu", "manager"),
        ("IT Manager", "manager"),
        ("Head of Security", "manager"),
        ("Specjalista ds. sieci", "specialist"),
        ("Specjalistka ds. bezpieczeństwa", "specialist"),
        ("Senior DevOps Engineer", "specialist"),
        ("Inżynier systemów", "specialist"),
        ("Administrator baz danych", "specialist"),
        ("Director of Sales", "c_level"),
        ("Student", ""),
        ("", ""),
        # a keyword matches a whole word: "cto" inside "Director" is not a CTO
        ("Doctoral researcher", ""),
    ],
)
def test_persona_from_job_title(title: str, persona: str) -> None:
    assert evaluate(AGREEMENT, facts(lead=LeadFacts(job_title=title))).persona == persona


WARM = (touch("webinar_attended"), touch("ebook_download"))
HOT = (*WARM, touch("webinar_attended", campaign="w2"))


@pytest.mark.parametrize(
    ("account", "touches", "mql", "rule"),
    [
        (BANK, WARM, True, "strong_fit"),
        (BANK, (touch("webinar_registration"),), False, ""),
        (AccountFacts(industry="retail", country="PL"), WARM, False, ""),
        (AccountFacts(industry="retail", country="PL"), HOT, True, "hot_fit"),
        (
            AccountFacts(industry="retail", country="PL"),
            (touch("contact_request"),),
            True,
            "contact_request",
        ),
        (
            AccountFacts(industry="retail", country="PL"),
            (touch("contact_request", days=31),),
            False,
            "",
        ),
        (AccountFacts(country="DE"), (touch("contact_request"),), False, ""),
        (None, HOT, False, ""),
    ],
)
def test_mql_criteria(
    account: AccountFacts | None, touches: tuple[TouchFact, ...], mql: bool, rule: str
) -> None:
    assessment = evaluate(AGREEMENT, facts(*touches, account=account))
    assert (assessment.mql, assessment.mql_rule) == (mql, rule)
    cited = {reason.clause for reason in assessment.trace}
    assert (f"handoff.mql.{rule}" if rule else "handoff.mql") in cited


@pytest.mark.parametrize(
    ("account", "team"),
    [
        (BANK, "sales-enterprise"),
        (AccountFacts(industry="public_sector", employees=5000, country="PL"), "sales-public"),
        (AccountFacts(industry="retail", employees=300, country="PL"), "sales-sme"),
        (None, "sales-sme"),
    ],
)
def test_routing(account: AccountFacts | None, team: str) -> None:
    assert evaluate(AGREEMENT, facts(account=account)).team == team


def test_temperatures_disagree_when_marketing_and_sales_differ() -> None:
    cold_on_the_phone = SalesAnswers(product_potential=True, horizon_months=18)
    assessment = evaluate(AGREEMENT, facts(*HOT, sales=cold_on_the_phone))
    assert (assessment.marketing_temperature, assessment.sales_temperature) == ("hot", "cold")
    assert assessment.temperatures_disagree
    agreeing = SalesAnswers(product_potential=True, horizon_months=3)
    assert not evaluate(AGREEMENT, facts(*HOT, sales=agreeing)).temperatures_disagree
    assert not evaluate(AGREEMENT, facts(*HOT)).temperatures_disagree


@pytest.mark.parametrize(
    ("rejected_days_ago", "touches", "allowed"),
    [
        # hot again, 20 days after the rejection: back to MQL
        (20, tuple(touch(t.type, 5, t.campaign) for t in HOT), True),
        # hot again but only 10 days after the rejection: not yet (14 days)
        (10, tuple(touch(t.type, 5, t.campaign) for t in HOT), False),
        # still hot only thanks to touches from before the rejection: not again
        (20, tuple(touch(t.type, 30, t.campaign) for t in HOT), False),
        # warm again is not enough
        (20, tuple(touch(t.type, 5, t.campaign) for t in WARM), False),
    ],
)
def test_reentry_from_nurture(
    rejected_days_ago: int, touches: tuple[TouchFact, ...], allowed: bool
) -> None:
    assessment = evaluate(
        AGREEMENT, facts(*touches, stage="nurture", rejected_at=ago(rejected_days_ago))
    )
    assert assessment.reentry_allowed is allowed
    assert "handoff.nurture.reentry" in {reason.clause for reason in assessment.trace}


def test_reentry_only_applies_to_nurture() -> None:
    assessment = evaluate(AGREEMENT, facts(*HOT, stage="mql", rejected_at=ago(30)))
    assert not assessment.reentry_allowed


def test_declared_horizon_is_provisional_under_that_policy() -> None:
    text = example_agreement_text("pl").replace(
        "    declared_horizon:\n      policy: ignore\n",
        "    declared_horizon:\n      policy: provisional\n      answer_key: horizon\n"
        '      answer_values: {"<6": 3, "6-12": 9, ">12": 18}\n',
    )
    agreement = agreement_parse(text)
    form = TouchFact("form_answer", "w1", ago(2), {"horizon": "<6"})
    assessment = evaluate(agreement, facts(form))
    assert (assessment.sales_temperature, assessment.sales_temperature_provisional) == ("hot", True)
    assert "temperature.sales.declared_horizon" in {r.clause for r in assessment.trace}
    # once sales has qualified on the call, the call wins
    called = SalesAnswers(product_potential=True, horizon_months=18)
    assessment = evaluate(agreement, facts(form, sales=called))
    assert (assessment.sales_temperature, assessment.sales_temperature_provisional) == (
        "cold",
        False,
    )
    # the example ignores the declared horizon
    assert evaluate(AGREEMENT, facts(form)).sales_temperature == ""


def test_trace_speaks_the_agreements_language() -> None:
    polish = evaluate(AGREEMENT, facts(*HOT))
    hot = next(r for r in polish.trace if r.clause == "temperature.marketing.hot")
    assert hot.text == (
        "Gorący: Obecność na webinarze w 2 różnych kampaniach + Pobranie e-booka w ciągu 90 dni."
    )
    assert str(hot).endswith(" — temperature.marketing.hot")
    assert hot.facts["campaigns"]["webinar_attended"] == 2
    english = evaluate(example_agreement("en"), facts(*HOT))
    hot_en = next(r for r in english.trace if r.clause == "temperature.marketing.hot")
    assert hot_en.text.startswith("Hot: Webinar attended in 2 different campaigns")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", "(stanowisko „Kierownik {IT}”)"),
        ("en", "(job title “Kierownik {IT}”)"),
    ],
)
def test_a_job_title_is_quoted_as_the_language_quotes(lang: str, expected: str) -> None:
    case = facts(lead=LeadFacts(job_title="Kierownik {IT}"))

    trace = evaluate(example_agreement(lang), case).trace

    persona = next(r for r in trace if r.clause.startswith("personas."))
    assert persona.text.endswith(expected)


def test_every_reason_cites_an_existing_clause() -> None:
    for case in (facts(*HOT, stage="nurture", rejected_at=ago(20)), facts(account=None)):
        for reason in evaluate(AGREEMENT, case).trace:
            assert clause_exists(AGREEMENT, reason.clause), reason


def test_rejection_reason_lookup() -> None:
    not_icp = rejection_reason(AGREEMENT, "not_icp")
    assert not_icp is not None
    assert (not_icp.outcome, not_icp.note_required) == ("disqualify", True)
    timing = rejection_reason(AGREEMENT, "timing")
    assert timing is not None and timing.outcome == "nurture"
    assert rejection_reason(AGREEMENT, "nope") is None


def test_messy_facts_do_not_raise() -> None:
    account = AccountFacts(
        industry="",
        employees=None,
        annual_revenue=None,
        country="",
        attributes={"cloud_strategy": 7},
    )
    odd = TouchFact("not_a_known_type", "", ago(1), {"horizon": object()})
    assessment = evaluate(AGREEMENT, facts(odd, account=account, lead=LeadFacts(job_title="(((")))
    assert assessment.icp_grade == "D"
