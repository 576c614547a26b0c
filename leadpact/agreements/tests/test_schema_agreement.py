"""The schema itself: labels, defaults, strictness."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from leadpact.agreements.rules.loading import example_agreement_text
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
