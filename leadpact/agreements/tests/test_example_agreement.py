"""The shipped example is valid in both languages and says what the article says."""

from __future__ import annotations

from pydantic import BaseModel

from leadpact.agreements.rules.loading import example_agreement, example_agreement_text
from leadpact.agreements.rules.schema import (
    AllOf,
    DistinctCampaigns,
    LabelPair,
    TouchCount,
    agreement_required_signers,
    agreement_signers,
)


def test_the_example_validates_in_polish_and_english() -> None:
    assert example_agreement("pl").language == "pl"
    assert example_agreement("en").language == "en"
    assert "\nlanguage: en\n" in example_agreement_text("en")


def test_every_label_has_both_languages() -> None:
    agreement = example_agreement()

    def walk(value: object) -> None:
        if isinstance(value, str):
            return
        if isinstance(value, LabelPair):
            assert value.pl and value.en
            return
        if isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif isinstance(value, BaseModel):
            for name, field in type(value).model_fields.items():
                item = getattr(value, name)
                if "Label" in str(field.annotation) and item is not None:
                    assert isinstance(item, LabelPair), name
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(agreement)


def test_marketing_temperature_is_the_articles() -> None:
    levels = example_agreement().temperature.marketing.levels
    assert [level.name for level in levels] == ["cold", "warm", "hot"]
    cold, warm, hot = (level.when for level in levels)
    assert isinstance(cold, TouchCount)
    assert (cold.touch.type, cold.touch.min_count) == ("webinar_registration", 1)
    assert isinstance(warm, AllOf)
    assert {c.touch.type for c in warm.all_of if isinstance(c, TouchCount)} == {
        "webinar_attended",
        "ebook_download",
    }
    assert isinstance(hot, AllOf)
    distinct = [c for c in hot.all_of if isinstance(c, DistinctCampaigns)]
    assert [(d.distinct_campaigns.type, d.distinct_campaigns.min_count) for d in distinct] == [
        ("webinar_attended", 2)
    ]


def test_sales_terms_are_the_articles() -> None:
    agreement = example_agreement()
    sla = agreement.handoff.sla
    assert (sla.accept_within_hours, sla.first_contact_within_hours, sla.reminders) == (
        8,
        16,
        (50, 80),
    )
    assert agreement.calendar.holiday_country == "PL"
    assert agreement.calendar.time_zone == "Europe/Warsaw"
    outcomes = {r.code: r.outcome for r in agreement.handoff.rejection.reasons}
    assert outcomes == {
        "timing": "nurture",
        "no_budget": "nurture",
        "wrong_person": "nurture",
        "not_icp": "disqualify",
        "competitor": "disqualify",
        "duplicate": "disqualify",
    }
    reentry = agreement.handoff.nurture.reentry
    assert reentry is not None
    assert (reentry.marketing_temperature, reentry.min_days_after_rejection) == ("hot", 14)
    assert [q.id for q in agreement.feedback.questions] == [
        "conversation",
        "interesting_contacts",
        "information_needed",
    ]
    assert agreement.reporting.cadence == "monthly"


def test_signers() -> None:
    agreement = example_agreement()
    assert agreement_signers(agreement) == [
        "marta.nowak@leadpact.demo",
        "tomasz.wisniewski@leadpact.demo",
        "anna.kowalczyk@leadpact.demo",
    ]
    assert agreement_required_signers(agreement) == [
        "marta.nowak@leadpact.demo",
        "tomasz.wisniewski@leadpact.demo",
    ]
