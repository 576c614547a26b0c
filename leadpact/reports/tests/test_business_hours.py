"""The report's business-hours meter answers exactly as the SLA clock does."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from leadpact.agreements.rules.loading import agreement_parse, example_agreement_text
from leadpact.reports.business_hours import BusinessHoursMeter
from leadpact.sla.clock import calendar_business_hours_between, calendar_from_agreement

CALENDAR = calendar_from_agreement(agreement_parse(example_agreement_text("pl")).calendar)
FIRST = datetime(2026, 9, 1, tzinfo=UTC)
LAST = datetime(2027, 2, 1, tzinfo=UTC)
METER = BusinessHoursMeter(calendar=CALENDAR, first=FIRST, last=LAST)
instants = st.integers(min_value=0, max_value=int((LAST - FIRST).total_seconds()) // 60).map(
    lambda minutes: FIRST + timedelta(minutes=minutes)
)


@settings(max_examples=300, deadline=None)
@given(start=instants, end=instants)
def test_the_meter_agrees_with_the_clock(start: datetime, end: datetime) -> None:
    expected = calendar_business_hours_between(CALENDAR, start, end)
    assert abs(METER.hours(start, end) - expected) < 1e-9


def test_across_the_dst_change_and_holidays() -> None:
    friday = datetime.fromisoformat("2026-10-23T15:00+02:00")
    monday = datetime.fromisoformat("2026-10-26T09:00+01:00")
    assert METER.hours(friday, monday) == 2.0
    # 11 November (Independence Day) does not count.
    assert (
        METER.hours(
            datetime.fromisoformat("2026-11-10T15:00+01:00"),
            datetime.fromisoformat("2026-11-12T09:00+01:00"),
        )
        == 2.0
    )
