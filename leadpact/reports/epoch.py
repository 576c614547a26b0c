"""An instant as whole microseconds since 1970, computed by the database.

The report finishes a few figures in Python over tens of thousands of rows at 1M leads (the
funnel's stage times). Turning each timestamp into a `datetime` cost more than the query that
found them; an integer is read for nothing, and differences of integers measured in
microseconds are exactly what `timedelta.total_seconds()` gives (it divides microseconds too).
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import BigIntegerField, Func, Subquery

MICROSECONDS = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE = timedelta(microseconds=1)


def epoch_microseconds(at: datetime) -> int:
    """What `EpochMicroseconds` gives for an aware instant, in Python (exact)."""
    return (at - _EPOCH) // _ONE


def epoch_instant(microseconds: int) -> datetime:
    """The aware instant (UTC) of `microseconds` since 1970."""
    return _EPOCH + microseconds * _ONE


class _ReadAsReturned:
    """The database returns an integer already: no `int()` of each value in Python, which
    Django's expressions otherwise apply (a third of the funnel's Python time)."""

    @property
    def convert_value(self) -> Any:
        return self._convert_value_noop  # type: ignore[attr-defined]


class EpochMicroseconds(_ReadAsReturned, Func):
    output_field = BigIntegerField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(EXTRACT(EPOCH FROM {sql}) * 1000000)::bigint", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # Django stores an instant as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC): whole seconds
        # from strftime over the first 19 characters (given the fraction, it rounds .9995 up
        # to the next second), the six digits after the point (none: 0) as microseconds.
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER) * 1000000"
            f" + CAST(substr({sql}, 21, 6) AS INTEGER))",
            [*params, *params],
        )

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        raise NotImplementedError(
            f"EpochMicroseconds supports SQLite and PostgreSQL, not {connection.vendor}"
        )


class EpochSubquery(_ReadAsReturned, Subquery):
    """A subquery of one `EpochMicroseconds` value."""

    output_field = BigIntegerField()
