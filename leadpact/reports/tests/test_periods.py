from datetime import UTC, datetime

import pytest

from leadpact.agreements.rules.loading import agreement_parse, example_agreement_text
from leadpact.reports.periods import (
    InvalidPeriod,
    period_containing,
    period_delivery_due_at,
    period_parse,
)
from leadpact.sla.clock import calendar_from_agreement

WARSAW = "Europe/Warsaw"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        # October 2026 starts in summer time and ends in winter time (DST ends on the 25th).
        ("2026-10", "2026-10", "2026-09-30 22:00", "2026-10-31 23:00"),
        ("2026-3", "2026-03", "2026-02-28 23:00", "2026-03-31 22:00"),
        ("2026-Q4", "2026-Q4", "2026-09-30 22:00", "2026-12-31 23:00"),
        ("2026-q1", "2026-Q1", "2025-12-31 23:00", "2026-03-31 22:00"),
        ("2026-12", "2026-12", "2026-11-30 23:00", "2026-12-31 23:00"),
    ],
)
def test_a_period_is_bounded_by_local_midnights(
    text: str, label: str, start: str, end: str
) -> None:
    period = period_parse(text=text, time_zone=WARSAW)
    assert (period.label, period.start, period.end) == (label, utc(start), utc(end))


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "26-10",
        "2026/10",
        "",
        "październik",
        "2026-10-01",
    ],
)
def test_anything_but_a_month_or_a_quarter_is_refused(text: str) -> None:
    with pytest.raises(InvalidPeriod) as refused:
        period_parse(text=text, time_zone=WARSAW)
    assert refused.value.status == 422
    assert "YYYY-MM" in refused.value.message


@pytest.mark.parametrize("text", ["1900-01", "1969-12", "3000-01", "9999-Q4"])
def test_a_period_of_a_year_no_report_covers_says_so(text: str) -> None:
    with pytest.raises(InvalidPeriod) as refused:
        period_parse(text=text, time_zone=WARSAW)

    assert refused.value.message == f"'{text}' is outside the years reports cover (1970–2999)."
    assert refused.value.extra == [
        {"field": "period", "message": "must lie in the years 1970–2999"}
    ]


def test_periods_shift_across_years() -> None:
    january = period_parse(text="2027-01", time_zone=WARSAW)
    assert january.previous().label == "2026-12"
    assert period_parse(text="2027-Q1", time_zone=WARSAW).previous().label == "2026-Q4"
    assert january.shifted(-13).label == "2025-12"


def test_the_last_half_hour_of_october_is_october_in_warsaw() -> None:
    late = datetime.fromisoformat("2026-10-31T23:30+01:00")
    assert period_containing(at=late, kind="month", time_zone=WARSAW).label == "2026-10"
    early = datetime.fromisoformat("2026-11-01T00:30+01:00")
    assert period_containing(at=early, kind="month", time_zone=WARSAW).label == "2026-11"
    assert period_containing(at=early, kind="quarter", time_zone=WARSAW).label == "2026-Q4"
    # The same instant is still October in UTC: the period depends on the agreement's zone.
    assert period_containing(at=early, kind="month", time_zone="UTC").label == "2026-10"


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # 1 November 2026 is a Sunday and All Saints' Day: Monday the 2nd, at opening.
        ("2026-10", "2026-11-02T08:00+01:00"),
        # 1 January is a holiday, then a weekend: Monday 4 January 2027.
        ("2026-Q4", "2027-01-04T08:00+01:00"),
        # 1 October 2026 is a Thursday.
        ("2026-09", "2026-10-01T08:00+02:00"),
    ],
)
def test_a_report_is_due_on_the_first_working_day_after_its_period(text: str, due: str) -> None:
    agreement = agreement_parse(example_agreement_text("pl"))
    calendar = calendar_from_agreement(agreement.calendar)
    period = period_parse(text=text, time_zone=WARSAW)
    assert period_delivery_due_at(period=period, calendar=calendar) == datetime.fromisoformat(due)
