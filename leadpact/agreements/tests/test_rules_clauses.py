"""Clause ids are stable, unique and in the article's order; their values serve the diff."""

from __future__ import annotations

import json

import pytest

from leadpact.agreements.rules.clauses import (
    SECTION_TITLES,
    agreement_clauses,
    clause_exists,
    clause_values,
)
from leadpact.agreements.rules.loading import (
    agreement_parse,
    example_agreement,
    example_agreement_text,
)

AGREEMENT = example_agreement("pl")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_clause_ids_are_unique_and_in_the_articles_order(lang: str) -> None:
    clauses = agreement_clauses(AGREEMENT, lang)
    ids = [clause.id for clause in clauses]
    assert len(ids) == len(set(ids))
    order = list(SECTION_TITLES)
    sections = [order.index(clause.section) for clause in clauses]
    assert sections == sorted(sections)
    assert all(clause.text and clause.heading for clause in clauses)


def test_the_clauses_decisions_cite_exist() -> None:
    for clause_id in (
        "icp.criteria.industry",
        "icp.grades",
        "personas.c_level",
        "temperature.marketing.window",
        "temperature.marketing.cold",
        "temperature.marketing.warm",
        "temperature.marketing.hot",
        "temperature.sales.cold",
        "temperature.sales.warm",
        "temperature.sales.hot",
        "temperature.sales.declared_horizon",
        "qualification.purchase_potential",
        "handoff.mql",
        "handoff.mql.strong_fit",
        "handoff.routing.enterprise",
        "handoff.sla.accept",
        "handoff.sla.first_contact",
        "handoff.sla.reminders",
        "handoff.sla.escalation",
        "handoff.rejection.timing",
        "handoff.rejection.not_icp",
        "handoff.nurture.reentry",
        "handoff.responsibilities.webinars",
        "goals.coverage",
        "reporting.cadence",
        "feedback.due",
        "feedback.questions.information_needed",
    ):
        assert clause_exists(AGREEMENT, clause_id), clause_id
    assert not clause_exists(AGREEMENT, "temperature.marketing.lukewarm")


def test_clause_text_in_both_languages() -> None:
    polish = {c.id: c for c in agreement_clauses(AGREEMENT, "pl")}
    english = {c.id: c for c in agreement_clauses(AGREEMENT, "en")}
    assert polish.keys() == english.keys()
    assert polish["handoff.sla.accept"].text == (
        "Sprzedaż przyjmuje lub odrzuca lead w ciągu 8 godzin roboczych od przekazania."
    )
    assert english["handoff.sla.accept"].text == (
        "Sales accepts or rejects a lead within 8 business hours of the handoff."
    )
    assert polish["temperature.sales.hot"].text == (
        "Gorący: potencjał produktowy + potencjał zakupowy < 6 miesięcy."
    )
    assert english["temperature.sales.warm"].text == (
        "Warm: product potential + purchase horizon 6–12 months."
    )


def test_clause_values_are_json_and_show_a_change() -> None:
    values = clause_values(AGREEMENT)
    json.dumps(values)
    assert values.keys() == {c.id for c in agreement_clauses(AGREEMENT, "pl")}
    changed = agreement_parse(
        example_agreement_text().replace("accept_within_hours: 8", "accept_within_hours: 4")
    )
    new = clause_values(changed)
    assert [k for k in values if values[k] != new[k]] == ["handoff.sla.accept"]
    assert (values["handoff.sla.accept"], new["handoff.sla.accept"]) == (8, 4)


def test_reordering_a_list_keeps_the_ids() -> None:
    text = example_agreement_text()
    timing = (
        "      - code: timing\n"
        "        label: {pl: Zły moment — projekt później, en: Bad timing — project later}\n"
        "        outcome: nurture\n"
    )
    reordered = text.replace(timing, "").replace(
        "        note_required: true\n", "        note_required: true\n" + timing
    )
    assert reordered != text
    assert set(clause_values(agreement_parse(reordered))) == set(clause_values(AGREEMENT))


RULE_HEADINGS = ("handoff.mql.", "handoff.routing.")


def rule_headings(text: str, lang: str) -> dict[str, str]:
    clauses = agreement_clauses(agreement_parse(text), lang)
    return {c.id: c.heading for c in clauses if c.id.startswith(RULE_HEADINGS)}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "pl",
            {
                "handoff.mql.strong_fit": "Dobre dopasowanie",
                "handoff.mql.hot_fit": "Gorący lead z ICP C",
                "handoff.mql.contact_request": "Prośba o kontakt",
                "handoff.routing.public_sector": "Sektor publiczny",
                "handoff.routing.enterprise": "Duże firmy (od 1000 pracowników)",
            },
        ),
        (
            "en",
            {
                "handoff.mql.strong_fit": "Strong fit",
                "handoff.mql.hot_fit": "Hot lead from ICP C",
                "handoff.mql.contact_request": "Contact request",
                "handoff.routing.public_sector": "Public sector",
                "handoff.routing.enterprise": "Large companies (1000+ employees)",
            },
        ),
    ],
)
def test_mql_and_routing_rules_are_headed_by_their_labels(lang, expected) -> None:
    assert rule_headings(example_agreement_text(), lang) == expected


def unlabelled_rules() -> str:
    """The example with its MQL and routing rules' labels left out, as older agreements are."""
    lines = example_agreement_text().splitlines(keepends=True)
    rules = next(i for i, line in enumerate(lines) if line.startswith("  mql:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("  assignment:"))
    kept = [line for line in lines[rules:end] if not line.lstrip().startswith("label:")]
    return "".join(lines[:rules] + kept + lines[end:])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "pl",
            {
                "handoff.mql.strong_fit": "Dopasowanie: ICP A/B, temperatura Ciepły lub Gorący",
                "handoff.mql.hot_fit": "Dopasowanie: ICP C, temperatura Gorący",
                "handoff.mql.contact_request": "Prośba o kontakt",
                "handoff.routing.public_sector": "Zespół sales-public: branża",
                "handoff.routing.enterprise": "Zespół sales-enterprise: liczba pracowników",
            },
        ),
        (
            "en",
            {
                "handoff.mql.strong_fit": "Fit: ICP A/B, temperature Warm or Hot",
                "handoff.mql.hot_fit": "Fit: ICP C, temperature Hot",
                "handoff.mql.contact_request": "Contact request",
                "handoff.routing.public_sector": "Team sales-public: industry",
                "handoff.routing.enterprise": "Team sales-enterprise: employees",
            },
        ),
    ],
)
def test_rules_without_a_label_stay_valid_and_get_a_worded_heading(lang, expected) -> None:
    text = unlabelled_rules()
    assert "label: {pl: Dobre dopasowanie" not in text

    assert rule_headings(text, lang) == expected
