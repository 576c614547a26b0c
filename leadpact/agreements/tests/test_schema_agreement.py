"""The schema itself: labels, defaults, strictness."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import yaml
from pydantic import ValidationError

from leadpact.agreements.rules.engine import evaluate
from leadpact.agreements.rules.facts import Facts, LeadFacts
from leadpact.agreements.rules.loading import (
    AgreementInvalid,
    agreement_parse,
    example_agreement_text,
)
from leadpact.agreements.rules.schema import Agreement, LabelPair, label_text


def test_label_text() -> None:
    assert label_text("Webinar", "en") == "Webinar"
    pair = LabelPair(pl="Gorący", en="Hot")
    assert (label_text(pair, "pl"), label_text(pair, "en")) == ("Gorący", "Hot")


def test_defaults_for_calendar_and_qualification() -> None:
    data = yaml.safe_load(example_agreement_text())
    del data["calendar"], data["qualification"]
    agreement = Agreement.model_validate(data)
    assert agreement.calendar.time_zone == "Europe/Warsaw"
    assert agreement.calendar.holiday_country == "PL"
    assert sorted(agreement.calendar.business_hours) == ["fri", "mon", "thu", "tue", "wed"]
    assert agreement.qualification.purchase_potential_by == "sales"


def test_default_personas_and_feedback_questions_are_the_articles() -> None:
    data = yaml.safe_load(example_agreement_text())
    del data["personas"], data["feedback"]["questions"]
    agreement = agreement_parse(json.dumps(data, default=str), filename="agreement.json")
    assert [p.id for p in agreement.personas] == ["c_level", "manager", "specialist"]
    assert [q.id for q in agreement.feedback.questions] == [
        "conversation",
        "interesting_contacts",
        "information_needed",
    ]
    assert label_text(agreement.feedback.questions[1].label, "en") == (
        "Which contacts turned out the most interesting, and why?"
    )
    now = datetime(2026, 10, 15, tzinfo=UTC)
    for title, persona in [("Dyrektor IT", "c_level"), ("Head of IT", "manager"),
                           ("Inżynier DevOps", "specialist"), ("Student", "")]:  # fmt: skip
        facts = Facts(lead=LeadFacts(job_title=title), now=now)
        assert evaluate(agreement, facts).persona == persona, title


def test_the_default_personas_are_checked_when_another_part_is_broken() -> None:
    data = yaml.safe_load(example_agreement_text())
    del data["personas"]
    data["goals"]["persona_coverage"]["personas"] = ["c_level", "board"]
    data["handoff"]["sla"]["accept_within_hours"] = 0
    with pytest.raises(AgreementInvalid) as caught:
        agreement_parse(json.dumps(data, default=str), filename="agreement.json")
    assert {problem.path for problem in caught.value.errors} == {
        "goals.persona_coverage.personas.1",
        "handoff.sla.accept_within_hours",
    }


def test_models_are_frozen_and_strict() -> None:
    agreement = Agreement.model_validate(yaml.safe_load(example_agreement_text()))
    with pytest.raises(ValidationError):
        agreement.title = "x"  # type: ignore[misc]
    data = yaml.safe_load(example_agreement_text())
    data["handoff"]["sla"]["accept_within_hourz"] = 8
    with pytest.raises(ValidationError):
        Agreement.model_validate(data)


def test_json_schema_is_available() -> None:
    schema = Agreement.model_json_schema()
    assert set(schema["properties"]) >= {"icp", "temperature", "handoff", "feedback"}
