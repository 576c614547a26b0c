"""The business-hours clock that every SLA deadline is measured on.

Pure Python (no Django), so the rules engine can use it as well as the sla app.

What counts as a business hour
    An hour of real elapsed time during which the agreement's calendar is open. A local date
    is open unless it is a public holiday of `holiday_country` (the `holidays` package: for
    Poland Easter Monday, Corpus Christi, 1 and 3 May, 15 August, 1 and 11 November,
    24–26 December — 24 December since 2025 — and 1 and 6 January) or one of `closed_days`.
    `open_days` override both and the weekend: such a day keeps its weekday's hours, or takes
    those of the first open weekday when its weekday has none (a worked Saturday). A day may
    have several intervals (a lunch break, a Saturday half-day).

Time zones and DST
    Opening and closing times are wall-clock times in `time_zone`, turned into instants day by
    day. A DST switch outside business hours changes nothing: 09:00–17:00 is eight hours on
    29 March and 25 October 2026 too. An interval that contains the switch is as long as the
    time that really passes: 01:00–05:00 in Warsaw lasts 3 hours on 29 March 2026 and 5 hours
    on 25 October 2026. A wall-clock time in the spring gap or the autumn overlap is read with
    the offset in force before the switch (`fold=0`).

Boundaries
    Intervals are half-open, [open, close): at the closing instant the calendar is closed.
    Counting starts at `start` when the calendar is open then, otherwise at the next opening,
    so adding 0 hours gives the start itself or the next opening. A deadline that lands exactly
    on a closing time stays there: Friday 15:00 + 2 h is Friday 17:00, not Monday 09:00.

Inputs must be timezone-aware datetimes (a naive one is a programming error: `ValueError`);
results are in UTC.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

Interval = tuple[time, time]
DayHours = Interval | Sequence[Interval] | None

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OFFICE_HOURS: Mapping[int, DayHours] = {day: (time(9), time(17)) for day in range(5)}
# Ten years of calendar days: beyond this a deadline is a mistake, not an SLA.
MAX_DAYS = 3660

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class BusinessCalendar:
    """When the agreement's clock runs: weekday hours (0 = Monday; a missing or `None` day is
    closed; one `(open, close)` pair or a sequence of them), minus holidays and closed days."""

    time_zone: str
    hours: Mapping[int, DayHours] = field(compare=False)
    holiday_country: str | None = "PL"
    closed_days: frozenset[date] = frozenset()
    open_days: frozenset[date] = frozenset()
    _week: tuple[tuple[Interval, ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{self.time_zone}'") from exc
        country = self.holiday_country
        if country is not None and country not in holidays.list_supported_countries():
            raise ValueError(f"the holidays package has no public holidays for '{country}'")
        if unknown := set(self.hours) - set(range(7)):
            raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), not {sorted(unknown)}")
        if both := self.closed_days & self.open_days:
            raise ValueError(f"days both closed and open: {sorted(both)}")
        week = tuple(_day_intervals(self.hours.get(day)) for day in range(7))
        object.__setattr__(self, "_week", week)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def hours_for(self, day: date) -> list[Interval]:
        """The opening intervals of a local date, empty when the calendar is closed that day."""
        weekday_hours = self._week[day.weekday()]
        if day in self.open_days:
            return list(weekday_hours or next((h for h in self._week if h), ()))
        if day in self.closed_days or _is_holiday(self.holiday_country, day):
            return []
        return list(weekday_hours)

    def open_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The intervals of a local date as UTC instants."""
        spans = []
        for opens, closes in self.hours_for(day):
            start = datetime.combine(day, opens, tzinfo=self.zone).astimezone(UTC)
            end = datetime.combine(day, closes, tzinfo=self.zone).astimezone(UTC)
            if start < end:  # else the spring DST gap swallowed the whole interval
                spans.append((start, end))
        return spans

    def has_hours(self) -> bool:
        return any(self._week) or bool(self.open_days)


def calendar_add_business_hours(
    calendar: BusinessCalendar, start: datetime, hours: float
) -> datetime:
    """The instant `hours` business hours after `start`."""
    _require_aware(start)
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"business hours must be a finite number ≥ 0, not {hours}")
    if not calendar.has_hours():
        raise ValueError("the calendar has no business hours on any day")
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(UTC)
    day = start.astimezone(calendar.zone).date()
    for _ in range(MAX_DAYS):
        for opens, closes in calendar.open_spans(day):
            if closes <= cursor:
                continue
            cursor = max(cursor, opens)
            if remaining <= closes - cursor:
                return cursor + remaining
            remaining -= closes - cursor
            cursor = closes
        day += _ONE_DAY
    raise ValueError(
        f"{hours} business hours from {start.isoformat()} is over {MAX_DAYS} days away"
    )


def calendar_business_hours_between(
    calendar: BusinessCalendar, start: datetime, end: datetime
) -> float:
    """Business hours in [start, end); 0 when `end` is not after `start`."""
    _require_aware(start)
    _require_aware(end)
    if end <= start:
        return 0.0
    total = timedelta()
    day = start.astimezone(calendar.zone).date()
    last = end.astimezone(calendar.zone).date()
    while day <= last:
        for opens, closes in calendar.open_spans(day):
            total += max(min(closes, end) - max(opens, start), timedelta())
        day += _ONE_DAY
    return total / timedelta(hours=1)


def calendar_is_open(calendar: BusinessCalendar, at: datetime) -> bool:
    _require_aware(at)
    day = at.astimezone(calendar.zone).date()
    return any(opens <= at < closes for opens, closes in calendar.open_spans(day))


def calendar_from_agreement(section: Any) -> BusinessCalendar:
    """The clock of an agreement's `calendar` section (the rules schema's `Calendar`: read by
    attribute so that this module depends on nothing). `business_hours` maps 'mon'..'sun' to
    `{start, end}` (objects or mappings, times or "HH:MM"), a list of them, or null."""
    hours: dict[int, DayHours] = {}
    for name, value in dict(section.business_hours or {}).items():
        if name not in WEEKDAY_NAMES:
            raise ValueError(f"unknown weekday '{name}' in business_hours; use mon … sun")
        hours[WEEKDAY_NAMES.index(name)] = _agreement_day(value)
    return BusinessCalendar(
        time_zone=section.time_zone,
        hours=hours,
        holiday_country=section.holiday_country or None,
        closed_days=frozenset(_as_date(d) for d in section.closed_days or ()),
        open_days=frozenset(_as_date(d) for d in getattr(section, "open_days", None) or ()),
    )


@lru_cache(maxsize=512)
def _holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def _is_holiday(country: str | None, day: date) -> bool:
    return country is not None and day in _holidays(country, day.year)


def _day_intervals(value: DayHours) -> tuple[Interval, ...]:
    if not value:
        return ()
    pairs = cast(Sequence[Interval], [value] if isinstance(value[0], time) else value)
    for opens, closes in pairs:
        if not (isinstance(opens, time) and isinstance(closes, time) and opens < closes):
            raise ValueError(f"business hours must be (open, close) times, open first: {value}")
    intervals = sorted(pairs)
    for (_, closes), (opens, _) in pairwise(intervals):
        if opens < closes:
            raise ValueError(f"business hours overlap: {value}")
    return tuple(intervals)


def _agreement_day(value: Any) -> tuple[Interval, ...]:
    if value is None:
        return ()
    if isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(_agreement_interval(item) for item in value)
    return (_agreement_interval(value),)


def _agreement_interval(value: Any) -> Interval:
    if isinstance(value, Mapping):
        return _as_time(value["start"]), _as_time(value["end"])
    return _as_time(value.start), _as_time(value.end)


def _as_time(value: time | str) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _require_aware(value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value!r} is a naive datetime; the clock needs an aware one")
