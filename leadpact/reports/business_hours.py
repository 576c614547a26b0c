"""Business hours between many pairs of instants, on one agreement calendar, in O(log n) each.

`leadpact.sla.clock.calendar_business_hours_between` walks the days between two instants and
builds each day's opening spans; a report measures thousands of handoffs, so the spans of the
days involved are built once (from the same `BusinessCalendar.open_spans`) and turned into a
running total of open time. The tests hold both to the same answers.

Instants are whole microseconds since 1970 inside (`leadpact.reports.epoch`): the report reads
them as integers, which costs nothing, where a `datetime` per timestamp cost more than the
query.
"""

from bisect import bisect_right
from datetime import datetime, timedelta
from itertools import accumulate

from leadpact.reports.epoch import MICROSECONDS, epoch_microseconds
from leadpact.sla.clock import BusinessCalendar

_ONE_DAY = timedelta(days=1)
_HOUR = 3600 * MICROSECONDS


class BusinessHoursMeter:
    """Measures [start, end) pairs that fall between `first` and `last`."""

    def __init__(self, *, calendar: BusinessCalendar, first: datetime, last: datetime) -> None:
        zone = calendar.zone
        day = first.astimezone(zone).date() - _ONE_DAY
        final = last.astimezone(zone).date() + _ONE_DAY
        spans: list[tuple[datetime, datetime]] = []
        while day <= final:
            spans.extend(calendar.open_spans(day))
            day += _ONE_DAY
        self._first, self._last = epoch_microseconds(first), epoch_microseconds(last)
        self._opens = [epoch_microseconds(opens) for opens, _ in spans]
        self._lengths = [epoch_microseconds(closes) - opens for (_, closes), opens in
                         zip(spans, self._opens, strict=True)]  # fmt: skip
        self._before = [0, *accumulate(self._lengths)]

    def _open_until(self, at: int) -> int:
        index = bisect_right(self._opens, at) - 1
        if index < 0:
            return 0
        return self._before[index] + min(at - self._opens[index], self._lengths[index])

    def hours(self, start: datetime, end: datetime) -> float:
        """Business hours in [start, end); 0 when `end` is not after `start`."""
        return self.hours_between(epoch_microseconds(start), epoch_microseconds(end))

    def hours_between(self, start: int, end: int) -> float:
        """`hours` of two instants in microseconds since 1970."""
        if not (self._first <= start and end <= self._last):
            raise ValueError("the pair lies outside the meter's range")
        if end <= start:
            return 0.0
        return (self._open_until(end) - self._open_until(start)) / _HOUR
