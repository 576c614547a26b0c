"""When people act in the simulated world: working days, office hours and quiet seasons.

A B2B audience reads, registers and downloads mostly on weekdays in office hours, much less in
July and August, and hardly at all between Christmas and Epiphany.
"""

import bisect
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

WARSAW = ZoneInfo("Europe/Warsaw")

# Relative activity by local hour of day: office hours, a dip at lunch, a little in the evening.
HOUR_WEIGHTS = (
    0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2.5, 6, 9, 10, 10,
    8, 9, 9, 7, 5, 3, 2, 1.5, 1.2, 0.8, 0.5, 0.2,
)  # fmt: skip
HOUR_CUMULATIVE = tuple(sum(HOUR_WEIGHTS[: hour + 1]) for hour in range(24))


@cache
def public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("PL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def day_weight(day: date) -> float:
    """How busy the audience is on `day`, relative to an ordinary working day."""
    weight = 1.0 if is_working_day(day) else (0.12 if day.weekday() == 5 else 0.08)
    if day.month in (7, 8):
        weight *= 0.5
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 6):
        weight *= 0.25
    return weight


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=WARSAW).astimezone(UTC)


@dataclass(frozen=True)
class Days:
    """The days of a period, weighted by how busy they are, for drawing dates from."""

    days: tuple[date, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def between(cls, start: datetime, end: datetime) -> "Days":
        first, last = start.astimezone(WARSAW).date(), end.astimezone(WARSAW).date()
        days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
        total, cumulative = 0.0, []
        for day in days:
            total += day_weight(day)
            cumulative.append(total)
        return cls(days, tuple(cumulative))

    def pick(self, rng: random.Random) -> date:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.days[min(index, len(self.days) - 1)]


def office_moment(rng: random.Random, day: date) -> datetime:
    """A moment on `day`, most likely in office hours."""
    hour = bisect.bisect_right(HOUR_CUMULATIVE, rng.random() * HOUR_CUMULATIVE[-1])
    return local(day, time(min(hour, 23), rng.randrange(60), rng.randrange(60)))


def later_moment(rng: random.Random, after: datetime, *, min_days: int, max_days: int) -> datetime:
    """A moment `min_days`–`max_days` after `after`, on a working day when there is one near."""
    day = after.astimezone(WARSAW).date() + timedelta(days=rng.randint(min_days, max_days))
    for _ in range(4):
        if is_working_day(day) or rng.random() < 0.1:
            break
        day += timedelta(days=1)
    moment = office_moment(rng, day)
    return moment if moment > after else after + timedelta(minutes=rng.randint(5, 90))
