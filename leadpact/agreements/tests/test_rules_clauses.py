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
