"""Querysets compiled to SQL once, for the reads that run on every API request.

Django compiles a queryset's SQL each time it is evaluated. For a lookup by key with a few
`select_related` joins that compilation costs more than the database does (about 1 ms per
query against 0.1 ms in PostgreSQL). A `CompiledQuery` builds its queryset once per database
connection with placeholder values, keeps the SQL and how to turn a row into objects, and on
each call binds the real values: the same SQL, the same objects (`select_related` and `only`
included) as evaluating the queryset, without compiling it again.
"""

import itertools
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from psycopg.pq import Format

M = TypeVar("M", bound=Model)
TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid
Value = int | str

# Placeholders no real value takes (ids are positive; strings hold a NUL), so a compiled
# parameter equal to one is the slot of that value.
_INT_PLACEHOLDERS = itertools.count(-(2**62), -1)
_MARK = "\x00"
_INT64 = range(-(2**63), 2**63)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Each parameter: ("value", name) to bind a call's value, ("constant", value) to keep.
    params: tuple[tuple[str, Any], ...]
    model: type[Model]
    fields_start: int
    fields_end: int
    init_list: list[str]
    converters: list[tuple[int, tuple[list[Callable[..., Any]], Any]]]
    related_populators: list[Any]


class CompiledQuery(Generic[M]):
    """`build(**values)` returns the queryset for the given values (ints or strings); it must
    use each value only as a query parameter, never to choose the query's shape: make one
    `CompiledQuery` per shape instead. Annotations and `prefetch_related` are not supported."""

    def __init__(self, build: Callable[..., QuerySet[M]], *, using: str = DEFAULT_DB_ALIAS):
        self.build = build
        self.using = using
        # Each thread has its own connection object; compiling per object keeps another
        # thread's connection out of the converters.
        self._by_connection: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Compiled] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    def fetch(self, **values: Value) -> list[M]:
        if any(type(value) is int and value not in _INT64 for value in values.values()):
            return []  # as Django answers a lookup no 64-bit column can match
        connection = connections[self.using]
        compiled = self._by_connection.get(connection)
        if compiled is None:
            compiled = self._compile(connection, values)
            with self._lock:
                self._by_connection[connection] = compiled
        params = [values[item] if kind == "value" else item for kind, item in compiled.params]
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return [_object(compiled, row, connection) for row in rows]

    def first(self, **values: Value) -> M | None:
        """The one row the values select (a key lookup), or None."""
        found = self.fetch(**values)
        if len(found) > 1:
            raise ValueError(f"{type(found[0]).__name__}: {len(found)} rows for a key lookup")
        return found[0] if found else None

    def _compile(self, connection: BaseDatabaseWrapper, values: dict[str, Value]) -> _Compiled:
        placeholders = {name: _placeholder(name, value) for name, value in values.items()}
        queryset = self.build(**placeholders)
        if queryset.query.annotations or queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("CompiledQuery supports neither annotations nor prefetch_related")
        compiler = queryset.query.get_compiler(connection=connection)
        sql, raw_params = compiler.as_sql()
        slots = {(type(p), p): name for name, p in placeholders.items()}

        def slot(param: Any) -> str | None:
            return slots.get((type(param), param)) if isinstance(param, int | str) else None

        params = tuple(
            ("value", name) if (name := slot(p)) is not None else ("constant", p)
            for p in raw_params
        )
        # A value changed on its way into the query (lowered, wrapped in `%…%`, added to)
        # shows up as a constant, one written into the SQL text as no parameter at all: the
        # values of later calls would not reach the query.
        constants = [value for kind, value in params if kind == "constant"]
        if any(map(_placeholder_like, constants)) or any(
            str(placeholder) in sql for placeholder in placeholders.values()
        ):
            raise ValueError(
                "A compiled query binds each value as it is given: change it in the caller, "
                "not in the queryset."
            )
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        return _Compiled(
            sql=sql,
            params=params,
            model=klass_info["model"],
            fields_start=start,
            fields_end=end,
            init_list=[s[0].target.attname for s in select[start:end]],
            converters=list(converters.items()),
            related_populators=get_related_populators(klass_info, select, connection.alias),
        )


def _cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """Django's cursor; on PostgreSQL one that binds parameters on the server, which lets psycopg
    prepare a statement it runs often (OPTIONS `prepare_threshold`): the server then plans it
    once per connection instead of on every call (about 0.3 ms each for these joins)."""
    # A logged query (DEBUG, a test counting queries) keeps Django's cursor: the log shows its
    # SQL with the values in, which psycopg does not keep for a prepared statement.
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    # As `BaseDatabaseWrapper._cursor` and the backend's `create_cursor`, with psycopg's
    # server-binding `Cursor` in place of Django's client-binding one.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = psycopg.Cursor(connection.connection)
        loader = cursor.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
        if connection.timezone != getattr(loader, "timezone", None):
            register_tzloader(connection.timezone, cursor)
    connection.validate_thread_sharing()
    return connection.make_cursor(cursor)  # type: ignore[arg-type]


def _object(compiled: _Compiled, row: tuple[Any, ...], connection: BaseDatabaseWrapper) -> Any:
    """The model instance of one row, as `ModelIterable` builds it."""
    values = list(row)
    for position, (functions, expression) in compiled.converters:
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    obj = compiled.model.from_db(
        connection.alias, compiled.init_list, values[compiled.fields_start : compiled.fields_end]
    )
    for populator in compiled.related_populators:
        populator.populate(values, obj)
    return obj


def _placeholder(name: str, value: Value) -> Value:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{name!r}: a compiled query binds ints and strings, not {value!r}")
    # Spaces and both cases: a value stripped, lowered or uppercased in the queryset changes.
    return next(_INT_PLACEHOLDERS) if isinstance(value, int) else f" {_MARK}{name} Aa{_MARK} "


def _placeholder_like(value: Any) -> bool:
    if isinstance(value, str):
        return _MARK in value
    return isinstance(value, int) and not isinstance(value, bool) and value <= -(2**61)
