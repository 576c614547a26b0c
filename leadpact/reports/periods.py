"""Report periods: a month (`2026-10`) or a quarter (`2026-Q4`) of the agreement's calendar.

A period is the half-open interval [start, end) between two local midnights in the agreement's
time zone, held as UTC instants computed here in Python, so that every query compares plain
timestamps (no `TruncMonth`, the same SQL on SQLite and PostgreSQL). October 2026 in Warsaw is
2026-09-30 22:00 UTC → 2026-10-31 23:00 UTC: its last day is 25 hours long (DST ends on the
25th) and an MQL at 23:30 on 31 October local time still belongs to it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from leadpact.core.exceptions import ApplicationError
from leadpact.sla.clock import BusinessCalendar

PeriodKind = Literal["month", "quarter"]
_PATTERN = re.compile(r"^(?P<year>\d{4})-(?:(?P<month>\d{1,2})|[Qq](?P<quarter>\d))$")
# A working day is looked for this far after a period closes before giving up on the calendar.
_MAX_DAYS_TO_WORKING_DAY = 366


YEARS = (1970, 2999)


class InvalidPeriod(ApplicationError):
    def __init__(self, text: str) -> None:
        super().__init__(
            f"{text!r} is not a period; write a month as YYYY-MM (2026-10) or a quarter as "
            "YYYY-QN (2026-Q4).",
            status=422,
            code="invalid",
            extra=[{"field": "period", "message": "expected YYYY-MM or YYYY-QN"}],
        )


class PeriodOutOfRange(InvalidPeriod):
    """A well-written period of a year no report covers."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        years = f"{YEARS[0]}–{YEARS[1]}"
        self.message = f"{text!r} is outside the years reports cover ({years})."
        self.args = (self.message,)
        self.extra = [{"field": "period", "message": f"must lie in the years {years}"}]


@dataclass(frozen=True)
class Period:
    """A month or quarter in `time_zone`; `start` and `end` are UTC, `end` excluded."""

    year: int
    first_month: int
    months: int
    time_zone: str

    @property
    def kind(self) -> PeriodKind:
        return "month" if self.months == 1 else "quarter"

    @property
    def label(self) -> str:
        if self.months == 1:
            return f"{self.year}-{self.first_month:02d}"
        return f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end_day(self) -> date:
        """The first local day after the period."""
        year, month = divmod(self.first_month - 1 + self.months, 12)
        return date(self.year + year, month + 1, 1)

    @property
    def start(self) -> datetime:
        return _local_midnight(self.first_day, self.time_zone)

    @property
    def end(self) -> datetime:
        return _local_midnight(self.end_day, self.time_zone)

    def shifted(self, count: int) -> "Period":
        """The period `count` periods later (earlier when negative), of the same kind."""
        index = self.year * 12 + self.first_month - 1 + count * self.months
        year, month = divmod(index, 12)
        return Period(year, month + 1, self.months, self.time_zone)

    def previous(self) -> "Period":
        return self.shifted(-1)

    def __str__(self) -> str:
        return self.label


def _local_midnight(day: date, time_zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def period_parse(*, text: str, time_zone: str) -> Period:
    """`2026-10` (a month) or `2026-Q4` (a quarter); anything else raises `InvalidPeriod` (422)."""
    match = _PATTERN.match(text.strip())
    if match is None:
        raise InvalidPeriod(text)
    year = int(match["year"])
    if match["quarter"] is not None:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise InvalidPeriod(text)
        first_month, months = (quarter - 1) * 3 + 1, 3
    else:
        first_month, months = int(match["month"]), 1
        if not 1 <= first_month <= 12:
            raise InvalidPeriod(text)
    if not YEARS[0] <= year <= YEARS[1]:
        raise PeriodOutOfRange(text)
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ApplicationError(f"Unknown time zone {time_zone!r}.", status=422) from exc
    return Period(year, first_month, months, time_zone)


def period_containing(*, at: datetime, kind: PeriodKind, time_zone: str) -> Period:
    """The month or quarter of `time_zone` that contains the instant `at`."""
    local = at.astimezone(ZoneInfo(time_zone))
    months = 1 if kind == "month" else 3
    first_month = local.month if months == 1 else (local.month - 1) // 3 * 3 + 1
    return Period(local.year, first_month, months, time_zone)


def period_delivery_due_at(*, period: Period, calendar: BusinessCalendar) -> datetime:
    """When the report of a closed period is due: the opening of the first working day after it
    (for October 2026 in Poland: Monday 2 November, since 1 November is a Sunday and a holiday).

    A calendar with no business hours at all makes it due as soon as the period closes.
    """
    day = period.end_day
    for _ in range(_MAX_DAYS_TO_WORKING_DAY):
        spans = calendar.open_spans(day)
        if spans:
            return spans[0][0]
        day += timedelta(days=1)
    return period.end


class PeriodNotBegun(ApplicationError):
    """A period none of which has passed: its zeros would read as a result."""

    def __init__(self, label: str) -> None:
        super().__init__(
            f"{label} has not begun yet: there is nothing to report.",
            status=422,
            code="invalid",
            extra=[{"field": "period", "message": "has not begun yet"}],
        )


def period_has_begun(*, period: Period, now: datetime) -> bool:
    """Whether any of the period has passed at `now`: a report of a later one has nothing to
    count yet."""
    return period.start <= now
