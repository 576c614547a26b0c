"""The business-hours clock: table cases on the default Warsaw office calendar and a few others,
written in local Warsaw time ("Z" marks a UTC instant), then properties over random starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadpact.sla.clock import (
    OFFICE_HOURS,
    BusinessCalendar,
    calendar_add_business_hours,
    calendar_business_hours_between,
    calendar_from_agreement,
    calendar_is_open,
)

WARSAW = ZoneInfo("Europe/Warsaw")

OFFICE = BusinessCalendar(time_zone="Europe/Warsaw", hours=OFFICE_HOURS)
LUNCH = BusinessCalendar(
    time_zone="Europe/Warsaw",
    hours={day: [(time(9), time(13)), (time(14), time(18))] for day in range(5)},
)
SATURDAY_HALF_DAY = BusinessCalendar(
    time_zone="Europe/Warsaw", hours={**OFFICE_HOURS, 5: (time(9), time(13))}
)
# Open across the small hours of Sunday so that the DST switch falls inside business hours.
SUNDAY_NIGHT = BusinessCalendar(
    time_zone="Europe/Warsaw", hours={0: (time(9), time(17)), 6: (time(1), time(5))}
)
# Half an hour of wall-clock time that does not exist on the spring switch day.
IN_THE_SPRING_GAP = BusinessCalendar(
    time_zone="Europe/Warsaw", hours={0: (time(9), time(17)), 6: (time(2, 30), time(3))}
)
COMPANY_DAY_OFF = BusinessCalendar(
    time_zone="Europe/Warsaw", hours=OFFICE_HOURS, closed_days=frozenset({date(2026, 3, 3)})
)
NO_HOLIDAYS = BusinessCalendar(time_zone="Europe/Warsaw", hours=OFFICE_HOURS, holiday_country=None)
WORKED_HOLIDAY_AND_SATURDAY = BusinessCalendar(
    time_zone="Europe/Warsaw",
    hours=OFFICE_HOURS,
    open_days=frozenset({date(2026, 11, 11), date(2026, 11, 14)}),
)


def at(text: str) -> datetime:
    """'2026-03-02 09:00' in Warsaw, or '2026-10-25 01:00Z' in UTC."""
    if text.endswith("Z"):
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


ADD_CASES = [
    # within one Monday
    ("open, +0 is the start", OFFICE, "2026-03-02 09:00", 0, "2026-03-02 09:00"),
    ("morning", OFFICE, "2026-03-02 10:00", 2, "2026-03-02 12:00"),
    ("half an hour", OFFICE, "2026-03-02 10:30", 0.5, "2026-03-02 11:00"),
    ("a whole day ends at closing", OFFICE, "2026-03-02 09:00", 8, "2026-03-02 17:00"),
    ("lands on closing, stays", OFFICE, "2026-03-02 15:00", 2, "2026-03-02 17:00"),
    ("spills into the next day", OFFICE, "2026-03-02 16:00", 2, "2026-03-03 10:00"),
    ("two days", OFFICE, "2026-03-02 09:00", 16, "2026-03-03 17:00"),
    ("at closing, +0 is the next opening", OFFICE, "2026-03-02 17:00", 0, "2026-03-03 09:00"),
    ("at closing", OFFICE, "2026-03-02 17:00", 1, "2026-03-03 10:00"),
    ("a minute before opening, +0", OFFICE, "2026-03-02 08:59", 0, "2026-03-02 09:00"),
    ("early morning", OFFICE, "2026-03-02 06:00", 1, "2026-03-02 10:00"),
    ("evening", OFFICE, "2026-03-02 20:00", 4, "2026-03-03 13:00"),
    ("night", OFFICE, "2026-03-03 02:00", 8, "2026-03-03 17:00"),
    ("just before midnight", OFFICE, "2026-03-02 23:59", 1, "2026-03-03 10:00"),
    # weekends
    ("Friday noon + a day", OFFICE, "2026-03-06 13:00", 8, "2026-03-09 13:00"),
    ("Friday afternoon + a day", OFFICE, "2026-03-06 16:00", 8, "2026-03-09 16:00"),
    ("Friday evening", OFFICE, "2026-03-06 18:00", 1, "2026-03-09 10:00"),
    ("Saturday", OFFICE, "2026-03-07 12:00", 1, "2026-03-09 10:00"),
    ("Sunday, +0", OFFICE, "2026-03-08 12:00", 0, "2026-03-09 09:00"),
    ("a working week", OFFICE, "2026-03-02 09:00", 40, "2026-03-06 17:00"),
    ("a week and an hour", OFFICE, "2026-03-02 09:00", 41, "2026-03-09 10:00"),
    ("1000 hours: 125 business days", OFFICE, "2026-03-02 09:00", 1000, "2026-08-26 17:00"),
    # Polish public holidays
    ("Easter: Good Friday is a working day", OFFICE, "2026-04-03 10:00", 2, "2026-04-03 12:00"),
    ("Easter weekend and Monday", OFFICE, "2026-04-03 16:00", 2, "2026-04-07 10:00"),
    ("on Easter Monday, +0", OFFICE, "2026-04-06 10:00", 0, "2026-04-07 09:00"),
    ("over Corpus Christi", OFFICE, "2026-06-03 15:00", 4, "2026-06-05 11:00"),
    ("on Corpus Christi", OFFICE, "2026-06-04 12:00", 1, "2026-06-05 10:00"),
    ("over 11 November", OFFICE, "2026-11-10 16:00", 8, "2026-11-12 16:00"),
    ("on 11 November, +0", OFFICE, "2026-11-11 09:00", 0, "2026-11-12 09:00"),
    ("1 May on Thursday; 2 May works", OFFICE, "2025-04-30 16:00", 2, "2025-05-02 10:00"),
    ("1 May Saturday, 3 May Monday", OFFICE, "2027-04-30 16:00", 2, "2027-05-04 10:00"),
    ("Christmas Eve is a holiday since 2025", OFFICE, "2026-12-23 16:00", 2, "2026-12-28 10:00"),
    ("Christmas Eve 2024 was a working day", OFFICE, "2024-12-23 16:00", 2, "2024-12-24 10:00"),
    ("New Year", OFFICE, "2026-12-31 16:00", 2, "2027-01-04 10:00"),
    ("Epiphany", OFFICE, "2026-01-05 16:00", 2, "2026-01-07 10:00"),
    ("Assumption on a Friday", OFFICE, "2025-08-14 16:00", 2, "2025-08-18 10:00"),
    ("All Saints' on a Monday", OFFICE, "2027-10-29 16:00", 2, "2027-11-02 10:00"),
    # DST in Europe/Warsaw: 2026-03-29 02:00→03:00 and 2026-10-25 03:00→02:00, both Sundays
    ("Friday before spring DST", OFFICE, "2026-03-27 16:00", 2, "2026-03-30 10:00"),
    ("same, as UTC", OFFICE, "2026-03-27 16:00", 2, "2026-03-30 08:00Z"),
    ("on the spring switch day", OFFICE, "2026-03-29 12:00", 8, "2026-03-30 17:00"),
    ("Monday after spring DST", OFFICE, "2026-03-30 09:00", 8, "2026-03-30 15:00Z"),
    ("Friday before autumn DST", OFFICE, "2026-10-23 16:00", 2, "2026-10-26 10:00"),
    ("same, as UTC", OFFICE, "2026-10-23 16:00", 2, "2026-10-26 09:00Z"),
    ("Saturday night before autumn DST", OFFICE, "2026-10-24 23:00", 1, "2026-10-26 10:00"),
    ("Monday after autumn DST", OFFICE, "2026-10-26 09:00", 8, "2026-10-26 16:00Z"),
    (
        "spring switch within hours: 3 real hours",
        SUNDAY_NIGHT,
        "2026-03-29 01:00",
        3,
        "2026-03-29 05:00",
    ),
    ("spring switch within hours, spills", SUNDAY_NIGHT, "2026-03-29 01:00", 4, "2026-03-30 10:00"),
    ("across the spring gap", SUNDAY_NIGHT, "2026-03-29 01:30", 1, "2026-03-29 03:30"),
    (
        "autumn switch within hours: 5 real hours",
        SUNDAY_NIGHT,
        "2026-10-25 01:00",
        5,
        "2026-10-25 05:00",
    ),
    ("into the repeated autumn hour", SUNDAY_NIGHT, "2026-10-25 01:00", 2, "2026-10-25 01:00Z"),
    (
        "hours inside the spring gap don't exist",
        IN_THE_SPRING_GAP,
        "2026-03-28 12:00",
        1,
        "2026-03-30 10:00",
    ),
    (
        "the same hours a week earlier",
        IN_THE_SPRING_GAP,
        "2026-03-21 12:00",
        0.5,
        "2026-03-22 03:00",
    ),
    # other calendars
    ("company day off", COMPANY_DAY_OFF, "2026-03-02 16:00", 2, "2026-03-04 10:00"),
    ("no holiday country", NO_HOLIDAYS, "2026-11-10 16:00", 8, "2026-11-11 16:00"),
    ("holiday worked", WORKED_HOLIDAY_AND_SATURDAY, "2026-11-10 16:00", 8, "2026-11-11 16:00"),
    (
        "Saturday worked, Monday's hours",
        WORKED_HOLIDAY_AND_SATURDAY,
        "2026-11-13 16:00",
        2,
        "2026-11-14 10:00",
    ),
    ("lunch break skipped", LUNCH, "2026-03-02 12:00", 2, "2026-03-02 15:00"),
    ("lands on the lunch break, stays", LUNCH, "2026-03-02 12:00", 1, "2026-03-02 13:00"),
    ("starts in the lunch break", LUNCH, "2026-03-02 13:00", 1, "2026-03-02 15:00"),
    ("a lunch-break day is 8 hours", LUNCH, "2026-03-02 09:00", 8, "2026-03-02 18:00"),
    ("Saturday half-day", SATURDAY_HALF_DAY, "2026-03-06 16:00", 3, "2026-03-07 11:00"),
    ("after the Saturday half-day", SATURDAY_HALF_DAY, "2026-03-07 12:00", 2, "2026-03-09 10:00"),
]


@pytest.mark.parametrize(
    ("calendar", "start", "hours", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in ADD_CASES],
)
def test_add_business_hours(
    calendar: BusinessCalendar, start: str, hours: float, expected: str
) -> None:
    deadline = calendar_add_business_hours(calendar, at(start), hours)

    assert deadline == at(expected)
    assert deadline.tzinfo is UTC
    assert calendar_business_hours_between(calendar, at(start), deadline) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        pytest.param(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), 1, "2026-03-02 10:00", id="UTC"),
        pytest.param(
            datetime(2026, 3, 2, 3, 0, tzinfo=ZoneInfo("America/New_York")),
            8,
            "2026-03-02 17:00",
            id="New York",
        ),
        pytest.param(
            datetime(2026, 3, 2, 23, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
            4,
            "2026-03-03 11:00",
            id="Tokyo, Monday 15:00 in Warsaw",
        ),
        pytest.param(
            datetime(2026, 3, 7, 8, 0, tzinfo=ZoneInfo("Pacific/Kiritimati")),
            1,
            "2026-03-09 10:00",
            id="Kiritimati Saturday is Friday 19:00 in Warsaw",
        ),
    ],
)
def test_start_in_other_zones(start: datetime, hours: float, expected: str) -> None:
    assert calendar_add_business_hours(OFFICE, start, hours) == at(expected)


@pytest.mark.parametrize(
    ("calendar", "start", "end", "expected"),
    [
        pytest.param(OFFICE, "2026-03-02 09:00", "2026-03-02 17:00", 8, id="a day"),
        pytest.param(OFFICE, "2026-03-02 00:00", "2026-03-03 00:00", 8, id="a whole date"),
        pytest.param(OFFICE, "2026-03-06 16:00", "2026-03-09 10:00", 2, id="over a weekend"),
        pytest.param(OFFICE, "2026-03-02 17:00", "2026-03-03 09:00", 0, id="overnight"),
        pytest.param(OFFICE, "2026-03-03 12:00", "2026-03-02 12:00", 0, id="end before start"),
        pytest.param(OFFICE, "2026-03-02 12:00", "2026-03-02 12:00", 0, id="empty"),
        pytest.param(OFFICE, "2026-03-23 00:00", "2026-03-30 00:00", 40, id="week of spring DST"),
        pytest.param(OFFICE, "2026-10-19 00:00", "2026-10-26 00:00", 40, id="week of autumn DST"),
        pytest.param(OFFICE, "2026-11-09 00:00", "2026-11-16 00:00", 32, id="week of 11 Nov"),
        pytest.param(OFFICE, "2026-01-01 00:00", "2027-01-01 00:00", 253 * 8, id="year 2026"),
        pytest.param(SUNDAY_NIGHT, "2026-03-29 00:00", "2026-03-29 12:00", 3, id="spring night"),
        pytest.param(SUNDAY_NIGHT, "2026-10-25 00:00", "2026-10-25 12:00", 5, id="autumn night"),
        pytest.param(LUNCH, "2026-03-02 12:30", "2026-03-02 14:30", 1, id="over lunch"),
    ],
)
def test_business_hours_between(
    calendar: BusinessCalendar, start: str, end: str, expected: float
) -> None:
    assert calendar_business_hours_between(calendar, at(start), at(end)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("calendar", "moment", "expected"),
    [
        (OFFICE, "2026-03-02 09:00", True),
        (OFFICE, "2026-03-02 16:59:59", True),
        (OFFICE, "2026-03-02 17:00", False),
        (OFFICE, "2026-03-02 08:59:59", False),
        (OFFICE, "2026-03-07 12:00", False),
        (OFFICE, "2026-11-11 12:00", False),
        (OFFICE, "2026-03-02 08:30Z", True),
        (LUNCH, "2026-03-02 13:30", False),
        (SUNDAY_NIGHT, "2026-03-29 01:30Z", True),
    ],
)
def test_is_open(calendar: BusinessCalendar, moment: str, expected: bool) -> None:
    assert calendar_is_open(calendar, at(moment)) is expected


def test_hours_for_a_date() -> None:
    assert OFFICE.hours_for(date(2026, 3, 2)) == [(time(9), time(17))]
    assert OFFICE.hours_for(date(2026, 4, 6)) == []
    assert LUNCH.hours_for(date(2026, 3, 2)) == [(time(9), time(13)), (time(14), time(18))]


def test_installed_holidays_know_polish_christmas_eve_from_2025() -> None:
    assert date(2025, 12, 24) in holidays.country_holidays("PL", years=2025)
    assert date(2024, 12, 24) not in holidays.country_holidays("PL", years=2024)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 3, 2, 9)
    with pytest.raises(ValueError, match="naive"):
        calendar_add_business_hours(OFFICE, naive, 1)
    with pytest.raises(ValueError, match="naive"):
        calendar_business_hours_between(OFFICE, naive, at("2026-03-03 09:00"))
    with pytest.raises(ValueError, match="naive"):
        calendar_is_open(OFFICE, naive)


@pytest.mark.parametrize("hours", [-1, float("nan"), float("inf")])
def test_bad_hour_counts_are_refused(hours: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        calendar_add_business_hours(OFFICE, at("2026-03-02 09:00"), hours)


def test_a_calendar_without_hours_cannot_set_deadlines() -> None:
    closed = BusinessCalendar(time_zone="Europe/Warsaw", hours={})
    with pytest.raises(ValueError, match="no business hours"):
        calendar_add_business_hours(closed, at("2026-03-02 09:00"), 1)


def test_a_deadline_beyond_ten_years_is_refused() -> None:
    with pytest.raises(ValueError, match="days away"):
        calendar_add_business_hours(OFFICE, at("2026-03-02 09:00"), 1_000_000)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_zone": "Europe/Nowhere"}, "unknown time zone"),
        ({"holiday_country": "XX"}, "no public holidays"),
        ({"hours": {7: (time(9), time(17))}}, "weekdays are 0"),
        ({"hours": {0: (time(17), time(9))}}, "open first"),
        ({"hours": {0: [(time(9), time(13)), (time(12), time(17))]}}, "overlap"),
        (
            {
                "closed_days": frozenset({date(2026, 1, 2)}),
                "open_days": frozenset({date(2026, 1, 2)}),
            },
            "both closed and open",
        ),
    ],
)
def test_invalid_calendars(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"time_zone": "Europe/Warsaw", "hours": OFFICE_HOURS, **kwargs}
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**arguments)  # type: ignore[arg-type]


def test_calendar_from_the_agreement_schema() -> None:
    from leadpact.agreements.rules.schema import Calendar

    section = Calendar.model_validate(
        {
            "time_zone": "Europe/Warsaw",
            "business_hours": {
                "mon": {"start": "08:00", "end": "16:00"},
                "fri": {"start": "08:00", "end": "14:00"},
            },
            "holiday_country": "PL",
            "closed_days": ["2026-03-03"],
        }
    )

    calendar = calendar_from_agreement(section)

    assert calendar.hours_for(date(2026, 3, 2)) == [(time(8), time(16))]
    assert calendar.hours_for(date(2026, 3, 3)) == []
    assert calendar.hours_for(date(2026, 3, 6)) == [(time(8), time(14))]
    assert calendar_from_agreement(Calendar()) == OFFICE


def test_calendar_from_a_plain_section() -> None:
    section = SimpleNamespace(
        time_zone="Europe/Berlin",
        business_hours={
            "mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
            "tue": SimpleNamespace(start=time(10), end=time(18)),
            "sat": None,
        },
        holiday_country="DE",
        closed_days=[date(2026, 3, 10)],
        open_days=["2026-03-07"],
    )

    calendar = calendar_from_agreement(section)

    assert calendar.hours_for(date(2026, 3, 2)) == [(time(9), time(12)), (time(13), time(17))]
    assert calendar.hours_for(date(2026, 3, 3)) == [(time(10), time(18))]
    assert calendar.hours_for(date(2026, 3, 7)) == [(time(9), time(12)), (time(13), time(17))]
    assert calendar.hours_for(date(2026, 3, 10)) == []
    with pytest.raises(ValueError, match="unknown weekday"):
        calendar_from_agreement(
            SimpleNamespace(**{**vars(section), "business_hours": {"mo": None}})
        )


# Properties. Starts are drawn over 2025–2027 in several zones; hours in whole minutes keep the
# inverse exact, floats check it approximately.

ZONES = [UTC, WARSAW, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]
CALENDARS = [OFFICE, LUNCH, SATURDAY_HALF_DAY, SUNDAY_NIGHT, COMPANY_DAY_OFF]
starts = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 12, 31),
    timezones=st.sampled_from(ZONES),
    allow_imaginary=False,
)
calendars = st.sampled_from(CALENDARS)
hour_counts = st.floats(min_value=0, max_value=300, allow_nan=False)


@given(calendar=calendars, start=starts, a=hour_counts, b=hour_counts)
def test_more_hours_never_give_an_earlier_deadline(
    calendar: BusinessCalendar, start: datetime, a: float, b: float
) -> None:
    fewer, more = sorted((a, b))
    assert calendar_add_business_hours(calendar, start, fewer) <= calendar_add_business_hours(
        calendar, start, more
    )


@given(calendar=calendars, start=starts, hours=hour_counts)
def test_between_inverts_add(calendar: BusinessCalendar, start: datetime, hours: float) -> None:
    deadline = calendar_add_business_hours(calendar, start, hours)
    assert calendar_business_hours_between(calendar, start, deadline) == pytest.approx(
        hours, abs=1e-6
    )


@given(calendar=calendars, start=starts, minutes=st.integers(min_value=0, max_value=300 * 60))
def test_between_inverts_add_exactly_in_minutes(
    calendar: BusinessCalendar, start: datetime, minutes: int
) -> None:
    deadline = calendar_add_business_hours(calendar, start, minutes / 60)
    assert round(calendar_business_hours_between(calendar, start, deadline) * 60, 6) == minutes


@given(calendar=calendars, start=starts, hours=hour_counts)
def test_a_deadline_is_open_or_exactly_at_closing(
    calendar: BusinessCalendar, start: datetime, hours: float
) -> None:
    deadline = calendar_add_business_hours(calendar, start, hours)
    at_closing = not calendar_is_open(calendar, deadline) and calendar_is_open(
        calendar, deadline - timedelta(microseconds=1)
    )
    assert calendar_is_open(calendar, deadline) or (hours > 0 and at_closing)
    assert deadline >= start


POLISH_HOLIDAYS = holidays.country_holidays("PL", years=range(2025, 2029))


def _office_open_by_hand(moment: datetime) -> bool:
    local = moment.astimezone(WARSAW)
    return local.weekday() < 5 and local.date() not in POLISH_HOLIDAYS and 9 <= local.hour < 17


@settings(max_examples=40, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ).map(lambda moment: moment.replace(second=0, microsecond=0)),
    minutes=st.integers(min_value=0, max_value=3 * 8 * 60),
)
def test_agrees_with_counting_minute_by_minute(start: datetime, minutes: int) -> None:
    moment, left = start, minutes
    while left or not _office_open_by_hand(moment):
        if left and _office_open_by_hand(moment):
            left -= 1
            if not left:
                moment += timedelta(minutes=1)
                break
        moment += timedelta(minutes=1)
    assert calendar_add_business_hours(OFFICE, start, minutes / 60) == moment
