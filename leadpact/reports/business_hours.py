"""Business hours between many pairs of instants, on one agreement calendar, in O(log n) each.

`leadpact.sla.clock.calendar_business_hours_between` walks the days between two instants and
builds each day's opening spans; a report measures thousands of handoffs, so the spans of the
days involved are built once (from the same `BusinessCalendar.open_spans`) and turned into a
running total of open seconds. The tests hold both to the same answers.
"""

from bisect import bisect_right
from datetime import datetime, timedelta
from itertools import accumulate

from leadpact.sla.clock import BusinessCalendar

_ONE_DAY = timedelta(days=1)


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
        self._first, self._last = first, last
        self._opens = [opens for opens, _ in spans]
        self._lengths = [(closes - opens).total_seconds() for opens, closes in spans]
        self._before = [0.0, *accumulate(self._lengths)]

    def _open_seconds_until(self, at: datetime) -> float:
        index = bisect_right(self._opens, at) - 1
        if index < 0:
            return 0.0
        into = (at - self._opens[index]).total_seconds()
        return self._before[index] + min(into, self._lengths[index])

    def hours(self, start: datetime, end: datetime) -> float:
        """Business hours in [start, end); 0 when `end` is not after `start`."""
        if not (self._first <= start and end <= self._last):
            raise ValueError("the pair lies outside the meter's range")
        if end <= start:
            return 0.0
        return (self._open_seconds_until(end) - self._open_seconds_until(start)) / 3600
