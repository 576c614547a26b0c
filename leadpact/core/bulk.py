"""`INSERT … ON CONFLICT DO NOTHING RETURNING` for SQLite (≥ 3.35) and PostgreSQL alike.

Django's `bulk_create(ignore_conflicts=True)` cannot tell which rows it inserted; ingestion
must, to answer `created` or `duplicate` exactly even when clients race.

Rows are model instances or plain mappings of attribute names (`lead_id`, not `lead`) to
values; a mapping that leaves a column out gets the field's default, as an instance would.
Values reach the database as `Field.get_db_prep_save` makes them, but the preparation is
chosen once per field and call: for the ingestion path's thousands of cells, calling it per
cell through the connection proxy cost more than the insert itself. The rows then travel to
PostgreSQL as one JSON parameter when there are many (see `_json_rows`), else as a `VALUES`
list; SQLite takes them one row at a time through `executemany` (see `_insert_numbered`).

`rows_by_keys` reads the stored rows of many keys at once, the other half of an upsert.
"""

from __future__ import annotations

import datetime
import functools
import json
import operator
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.types.json import Json, Jsonb

# Rows from which PostgreSQL gets them as one JSON parameter: a few rows (an API call's touch)
# cost psycopg little to quote as a `VALUES` list, and PostgreSQL less to read that way.
JSON_FROM_ROWS = 20
# Bound parameters of a `VALUES` insert: SQLite ≥ 3.32 allows 32766, PostgreSQL 65535.
MAX_PARAMS = 30_000

Row = models.Model | Mapping[str, Any]
Prepare = Callable[[Any], Any]
_MISSING = object()
# Defaults safe to compute once per call: the same value for every row.
_CONSTANT_FACTORIES = (dict, list, tuple, set, str, int, float, bool)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{model.__name__}.{name} is not a column"
    return field


def _column(db: BaseDatabaseWrapper, model: type[models.Model], name: str) -> str:
    return str(db.ops.quote_name(str(_field(model, name).column)))


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _plain_type(field: models.Field[Any, Any]) -> type | None:
    """The Python type whose values this field sends to the database unchanged, if any.

    Only for Django's own field classes whose preparation is the identity on that type (a
    `str` for a CharField, an `int` for an integer or a key); a subclass that changes the
    preparation is prepared the slow, general way.
    """
    if isinstance(field, models.ForeignKey):
        field = field.target_field  # an id goes in as the target's column takes it
    cls = type(field)
    if cls.get_db_prep_save is not models.Field.get_db_prep_save:
        return None
    # `AutoField`'s is the auto-field mixin's: an id is checked, not changed, by the backend.
    if cls.get_db_prep_value not in (
        models.Field.get_db_prep_value,
        models.AutoField.get_db_prep_value,
    ):
        return None
    for base, kind in (
        (models.CharField, str),
        (models.TextField, str),
        (models.BooleanField, bool),
        (models.IntegerField, int),
    ):
        if isinstance(field, base) and cls.get_prep_value is base.get_prep_value:
            return kind
    return None


def _stock(field: models.Field[Any, Any], base: type[models.Field[Any, Any]]) -> bool:
    """Whether the field prepares values exactly as Django's `base` class does."""
    cls = type(field)
    return (
        cls.get_db_prep_save is models.Field.get_db_prep_save
        and cls.get_db_prep_value is base.get_db_prep_value
        and cls.get_prep_value is base.get_prep_value
    )


def _preparer(field: models.Field[Any, Any], db: BaseDatabaseWrapper) -> Prepare:
    general: Prepare = functools.partial(field.get_db_prep_save, connection=db)
    kind = _plain_type(field)
    if kind is not None:
        return lambda value: value if value is None or type(value) is kind else general(value)
    if isinstance(field, models.DateTimeField) and _stock(field, models.DateTimeField):
        # An aware datetime needs only the backend's adaptation (to UTC text on SQLite).
        adapt: Prepare = db.ops.adapt_datetimefield_value
        if db.vendor == "sqlite" and settings.USE_TZ:
            zone = db.timezone

            def adapt_to_utc_text(value: datetime.datetime) -> str:
                # What the backend's adaptation does, without its per-value checks.
                return str(value.astimezone(zone).replace(tzinfo=None))

            adapt = adapt_to_utc_text
        return lambda value: (
            adapt(value)
            if type(value) is datetime.datetime and value.tzinfo is not None
            else general(value)
        )
    if isinstance(field, models.JSONField):
        # Most `answers`, `attributes` and `data` are empty: encode those once.
        empty: dict[type, Any] = {dict: general({}), list: general([])}
        return lambda value: (
            empty[type(value)] if not value and type(value) in empty else general(value)
        )
    return general


def _cells(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    objs: Sequence[Row],
    db: BaseDatabaseWrapper,
) -> tuple[list[models.Field[Any, Any]], Callable[[Row], list[Any]]]:
    """The columns to write, in order, and a function giving one row's prepared values."""
    prepares = [_preparer(f, db) for f in fields]
    if objs and isinstance(objs[0], models.Model):
        plain = [type(f).pre_save is models.Field.pre_save for f in fields]

        def of_instance(obj: Any) -> list[Any]:
            return [
                prepare(
                    getattr(obj, f.attname) if simple else f.pre_save(obj, add=True)  # type: ignore[union-attr]
                )
                for f, simple, prepare in zip(fields, plain, prepares, strict=True)
            ]

        return fields, of_instance
    blank = model()
    # (attname, prepared value when left out or _PER_ROW, plain type or None, preparation)
    spec = [
        (f.attname, _filled(f, prepare, blank), _plain_type(f), prepare)
        for f, prepare in zip(fields, prepares, strict=True)
    ]
    by_name = {f.attname: f for f in fields}

    def of_mapping(row: Any) -> list[Any]:
        get = row.get
        values = []
        for name, filled, kind, prepare in spec:
            value = get(name, _MISSING)
            if value is _MISSING:
                values.append(
                    prepare(by_name[name].get_default()) if filled is _PER_ROW else filled
                )
            elif kind is not None and (value is None or type(value) is kind):
                values.append(value)  # what `prepare` would return, without the call
            else:
                values.append(prepare(value))
        return values

    # A caller's rows usually all name the same columns: those of the first row go first, taken
    # in one `itemgetter` call, with only the cells that need it prepared, and the columns left
    # out follow as constants when their default is the same for every row.
    first: Mapping[str, Any] = objs[0] if objs else {}  # type: ignore[assignment]
    given = [i for i, (name, *_) in enumerate(spec) if name in first]
    rest = [i for i in range(len(spec)) if i not in given]
    if not given or len(given) != len(first) or any(spec[i][1] is _PER_ROW for i in rest):
        return fields, of_mapping
    order = [*given, *rest]
    take = operator.itemgetter(*(spec[i][0] for i in given))
    single = len(given) == 1
    checks = [(n, spec[i][2], spec[i][3]) for n, i in enumerate(given)]
    constants = [spec[i][1] for i in rest]
    width = len(given)

    def of_shaped(row: Any) -> list[Any]:
        try:
            if len(row) != width:
                raise KeyError
            values = [take(row)] if single else list(take(row))
        except KeyError:  # a row of another shape
            values = of_mapping(row)
            return [values[i] for i in order]
        for n, kind, prepare in checks:
            value = values[n]
            if kind is None or not (value is None or type(value) is kind):
                values[n] = prepare(value)
        return values + constants

    return [fields[i] for i in order], of_shaped


_PER_ROW = object()


def _filled(field: models.Field[Any, Any], prepare: Prepare, blank: models.Model) -> Any:
    """The prepared value of a column a mapping leaves out: the field's default or auto
    timestamp, as an instance would have; computed once unless it differs per row."""
    default = field.default if field.has_default() else None
    if callable(default) and default not in _CONSTANT_FACTORIES:
        return _PER_ROW  # e.g. a fresh id or `timezone.now`
    return prepare(field.pre_save(blank, add=True))  # type: ignore[union-attr]


def insert_ignoring_conflicts(
    model: type[models.Model],
    objs: Sequence[Row],
    *,
    conflict: Sequence[str],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """Insert `objs`; skip rows that clash on `conflict`; return `returning` of those inserted."""
    if not objs:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    # Racing transactions must take the unique-index locks in one order, or two batches that
    # share new keys in different orders deadlock instead of one waiting for the other.
    key = [_field(model, name).attname for name in conflict]
    get = operator.attrgetter if isinstance(objs[0], models.Model) else operator.itemgetter
    key_of: Callable[[Any], Any] = get(*key)
    objs = sorted(objs, key=key_of)
    target = ", ".join(_column(db, model, name) for name in conflict)
    back = ", ".join(_column(db, model, name) for name in returning)
    if db.vendor == "sqlite" and _numbered_automatically(model):
        return _insert_numbered(model, objs, db, f"ON CONFLICT ({target}) DO NOTHING", back)
    return _insert(model, objs, db, f"ON CONFLICT ({target}) DO NOTHING RETURNING {back}")


def _numbered_automatically(model: type[models.Model]) -> bool:
    # Django makes these `AUTOINCREMENT` on SQLite: `sqlite_sequence` holds the largest id used.
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField)


def _insert_numbered(
    model: type[models.Model], objs: Sequence[Row], db: BaseDatabaseWrapper, tail: str, back: str
) -> list[tuple[Any, ...]]:
    """SQLite: the rows inserted by `executemany`, with ids given here, and `back` of those
    inserted read by their ids.

    SQLite runs a one-row insert for each row faster than one insert of a `VALUES` list (about
    25 against 35 ms for a thousand touches), but `executemany` returns no rows. The ids follow
    the largest ever used, read in the same transaction, which holds the database's one write
    lock from its start (transactions here begin `IMMEDIATE`): no other writer takes them
    meanwhile, and a row skipped by `tail`'s conflict clause leaves its id unused.
    """
    meta = model._meta
    fields, cells = _cells(model, [f for f in meta.concrete_fields if not f.primary_key], objs, db)
    quote = db.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    columns = ", ".join([pk, *(quote(f.column) for f in fields)])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    with transaction.atomic(using=db.alias, savepoint=False), db.cursor() as cursor:
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX({pk}) FROM {table}), 0))",
            [meta.db_table],
        )
        first = int(cursor.fetchone()[0]) + 1
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {tail}",
            [[n, *cells(obj)] for n, obj in enumerate(objs, first)],
        )
        cursor.execute(
            f"SELECT {back} FROM {table} WHERE {pk} BETWEEN %s AND %s",
            [first, first + len(objs) - 1],
        )
        return cursor.fetchall()


def create_all(objs: Sequence[models.Model]) -> None:
    """`bulk_create(objs)` for the few rows a service writes per call — a timeline event, a
    handoff, an outbox row — with their ids set, as one `INSERT … RETURNING id` whose SQL and
    value preparation are made once per connection, model and row count: Django's building of
    a small insert costs several times running it, and the lifecycle writes such rows for every
    action. No `save()` runs, as with `bulk_create`."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]
    model = type(objs[0])
    sql, fields, prepares = _creation(db, model, len(objs))
    params = [
        prepare(field.pre_save(obj, add=True))  # type: ignore[union-attr]
        for obj in objs
        for field, prepare in zip(fields, prepares, strict=True)
    ]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db.alias


_Creation = tuple[str, list["models.Field[Any, Any]"], list[Prepare]]
_CREATIONS: weakref.WeakKeyDictionary[BaseDatabaseWrapper, dict[tuple[type, int], _Creation]] = (
    weakref.WeakKeyDictionary()
)


def _creation(db: BaseDatabaseWrapper, model: type[models.Model], rows: int) -> _Creation:
    made = _CREATIONS.setdefault(db, {})
    if (model, rows) not in made:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = db.ops.quote_name
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES {', '.join([row] * rows)} RETURNING {quote(model._meta.pk.column)}"
        )
        made[model, rows] = (sql, fields, [_preparer(f, db) for f in fields])
    return made[model, rows]


def insert_all(model: type[models.Model], objs: Sequence[Row]) -> None:
    """Insert `objs` as they are: `bulk_create` without its per-object bookkeeping."""
    if objs:
        _insert(model, objs, connections[DEFAULT_DB_ALIAS], "")


def _insert(
    model: type[models.Model], objs: Sequence[Row], db: BaseDatabaseWrapper, tail: str
) -> list[tuple[Any, ...]]:
    meta = model._meta
    fields, cells = _cells(model, [f for f in meta.concrete_fields if not f.primary_key], objs, db)
    quote = db.ops.quote_name
    into = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    as_json = _json_rows(fields, db) if len(objs) >= JSON_FROM_ROWS else None
    returned: list[tuple[Any, ...]] = []
    with db.cursor() as cursor:
        if db.vendor == "sqlite" and not tail:
            # A one-row insert per row: faster on SQLite than a `VALUES` list (see above).
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"{into} VALUES ({placeholders})", [cells(obj) for obj in objs])
            return []
        if as_json is not None:
            select, document = as_json
            cursor.execute(f"{into} {select} {tail}", [document([cells(obj) for obj in objs])])
            return cursor.fetchall() if tail else []
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for chunk in _chunks(objs, max(1, MAX_PARAMS // len(fields))):
            params: list[Any] = []
            for obj in chunk:
                params.extend(cells(obj))
            cursor.execute(f"{into} VALUES {', '.join([row_sql] * len(chunk))} {tail}", params)
            if tail:
                returned.extend(cursor.fetchall())
    return returned


# Column types of Django's own fields, by internal type, as PostgreSQL names them: the base
# type, for a cast to `varchar(200)` or `numeric(18, 2)` would cut a value to fit where the
# insert must refuse it.
_TYPES = {
    "CharField": "text",
    "TextField": "text",
    "SlugField": "text",
    "BooleanField": "boolean",
    "SmallIntegerField": "bigint",
    "IntegerField": "bigint",
    "BigIntegerField": "bigint",
    "PositiveSmallIntegerField": "bigint",
    "PositiveIntegerField": "bigint",
    "PositiveBigIntegerField": "bigint",
    "AutoField": "bigint",
    "BigAutoField": "bigint",
    "SmallAutoField": "bigint",
    "DecimalField": "numeric",
    "FloatField": "double precision",
    "DateField": "date",
    "DateTimeField": "timestamptz",
    "JSONField": "jsonb",
    "UUIDField": "uuid",
}
# Types whose values JSON cannot carry as they are: sent as the text the column reads (JSON
# columns as JSON).
_AS_TEXT = {"numeric", "double precision", "date", "timestamptz", "jsonb", "uuid"}


def _column_type(field: models.Field[Any, Any]) -> str | None:
    """The type of a column of a stock Django field, or None."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if not type(field).__module__.startswith("django.db.models."):
        return None  # a custom field may prepare values of any kind
    return _TYPES.get(field.get_internal_type())


def _as_text(value: Any) -> Any:
    if value is None or type(value) is str:
        return value
    if isinstance(value, datetime.date):  # and datetimes
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # JSON has no NaN nor infinity
    return str(value)  # a Decimal or UUID as its type reads it


def _as_json(value: Any) -> Any:
    """A JSON column's value as itself inside the document (read back with `->`), not as a text
    encoded twice: the document's own encoding is the only one."""
    if isinstance(value, Json | Jsonb):
        if value.dumps is None or value.dumps is json.dumps:
            return value.obj
        return json.loads(value.dumps(value.obj))  # a custom encoder's rendering
    return value


def _json_rows(
    fields: Sequence[models.Field[Any, Any]], db: BaseDatabaseWrapper
) -> tuple[str, Callable[[Sequence[Sequence[Any]]], str]] | None:
    """On PostgreSQL, a `SELECT` of rows sent as one JSON parameter (`[[value, …], …]`), its
    columns `c0`, `c1`, …, and the function making that parameter of rows of prepared values;
    None on SQLite, or when a column's type is not known.

    psycopg quotes each parameter of a long `VALUES` list (and each element of an array) in
    Python, at a cost above the insert's; one JSON text costs little to make, send and read.
    SQLite binds parameters in C, and reads a JSON row again for each column it takes: there
    the `VALUES` list costs less.
    """
    types = [_column_type(field) for field in fields]
    if db.vendor != "postgresql" or None in types:
        return None
    # A JSON column is carried as JSON; SQL NULL (None) arrives as JSON null and is turned back.
    select = (
        "SELECT "
        + ", ".join(
            f"NULLIF((r->{n})::jsonb, 'null'::jsonb) AS c{n}"
            if kind == "jsonb"
            else f"(r->>{n})::{kind} AS c{n}"
            for n, kind in enumerate(types)
        )
        + " FROM json_array_elements(%s::json) AS r"
    )
    converted = [
        (n, _as_json if kind == "jsonb" else _as_text)
        for n, kind in enumerate(types)
        if kind in _AS_TEXT
    ]

    def document(rows: Sequence[Sequence[Any]]) -> str:
        if converted:
            texted = [list(row) for row in rows]
            for row in texted:
                for n, convert in converted:
                    value = row[n]
                    if value is not None and type(value) is not str:
                        row[n] = convert(value)
            rows = texted
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))

    return select, document


def rows_by_keys(
    model: type[models.Model],
    *,
    key: Sequence[str],
    keys: Iterable[tuple[Any, ...]],
    columns: Sequence[str],
) -> list[tuple[Any, ...]]:
    """`columns` of the stored rows whose `key` columns (unique together) equal one of `keys`,
    each value as `values_list` gives it.

    The keys are joined with the table (sent as JSON to PostgreSQL), which reaches the rows
    through the key's unique index on both databases, where SQLite would scan the whole table
    for a row-value `IN`; and the SQL is not compiled by the ORM, which for a thousand keys
    cost more than the lookup.
    """
    wanted = list(set(keys))
    if not wanted:
        return []
    assert _unique_together(model, key), f"{model.__name__}{tuple(key)} is not a unique key"
    db = connections[DEFAULT_DB_ALIAS]
    key_fields = [_field(model, name) for name in key]
    fields = [_field(model, name) for name in columns]
    as_json = _json_rows(key_fields, db) if len(wanted) >= JSON_FROM_ROWS else None
    # A VALUES list's columns are column1, column2, … on both databases.
    names = [f"c{n}" if as_json else f"column{n + 1}" for n in range(len(key))]
    sql = _rows_by_keys_sql(db, model, key_fields, names, fields)
    found: list[tuple[Any, ...]] = []
    with db.cursor() as cursor:
        for chunk in _chunks(wanted, max(1, MAX_KEYS // len(key))):
            prepared = _prepared_rows(key_fields, chunk, db)
            if as_json is not None:
                select, document = as_json
                cursor.execute(sql.format(keys=select), [document(prepared)])
            else:
                row_sql = "(" + ", ".join(["%s"] * len(key)) + ")"
                values = f"VALUES {', '.join([row_sql] * len(chunk))}"
                cursor.execute(sql.format(keys=values), [v for row in prepared for v in row])
            found.extend(cursor.fetchall())
    return _converted(model, fields, found, db)


def _unique_together(model: type[models.Model], key: Sequence[str]) -> bool:
    fields = {_field(model, name).name for name in key}  # `pk` as its field's name
    if len(fields) == 1 and _field(model, key[0]).unique:  # a primary key is unique too
        return True
    meta = model._meta
    return any(set(c.fields) == fields for c in meta.total_unique_constraints) or any(
        set(together) == fields for together in meta.unique_together
    )


def _rows_by_keys_sql(
    db: BaseDatabaseWrapper,
    model: type[models.Model],
    key_fields: Sequence[models.Field[Any, Any]],
    names: Sequence[str],
    fields: Sequence[models.Field[Any, Any]],
) -> str:
    """The lookup, with `{keys}` where the keys' rows go (columns `names`)."""
    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    match = " AND ".join(
        f"t.{quote(f.column)} = k.{name}" for f, name in zip(key_fields, names, strict=True)
    )
    if db.vendor != "postgresql":
        wanted = ", ".join(f"t.{quote(f.column)}" for f in fields)
        return f"SELECT {wanted} FROM ({{keys}}) AS k JOIN {table} t ON {match}"
    # One index lookup per key, whatever the planner believes of the table: joined, a table
    # never analysed yet (a fresh installation's first import) is read whole for every batch.
    inner = ", ".join(f"t.{quote(f.column)} AS v{n}" for n, f in enumerate(fields))
    outer = ", ".join(f"r.v{n}" for n in range(len(fields)))
    return (
        f"SELECT {outer} FROM ({{keys}}) AS k CROSS JOIN LATERAL "
        f"(SELECT {inner} FROM {table} t WHERE {match} LIMIT 1) AS r"
    )


def _prepared_rows(
    fields: Sequence[models.Field[Any, Any]],
    rows: Sequence[tuple[Any, ...]],
    db: BaseDatabaseWrapper,
) -> Sequence[Sequence[Any]]:
    """The rows' prepared values: the rows themselves when every value is of its column's plain
    type (a key's usual strings)."""
    kinds = [_plain_type(field) for field in fields]
    if None not in kinds and all(
        type(value) is kind for row in rows for value, kind in zip(row, kinds, strict=True)
    ):
        return rows
    prepares = [_preparer(field, db) for field in fields]
    return [[prepare(v) for prepare, v in zip(prepares, row, strict=True)] for row in rows]


MAX_KEYS = 10_000  # bound parameters of a lookup: well under both databases' limits


def _converted(
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    rows: list[tuple[Any, ...]],
    db: BaseDatabaseWrapper,
) -> list[tuple[Any, ...]]:
    """The rows with each value converted as the ORM converts that column's (JSON decoded,
    booleans and decimals of SQLite made so); columns that need no conversion are left be."""
    converting = []
    for n, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters = [*db.ops.get_db_converters(col), *col.get_db_converters(db)]
        if converters:
            converting.append((n, col, converters))
    if not converting or not rows:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for n, col, converters in converting:
            value = values[n]
            for convert in converters:
                value = convert(value, col, db)
            values[n] = value
        converted.append(tuple(values))
    return converted


def update_all(model: type[models.Model], objs: Sequence[Any], fields: Sequence[str]) -> None:
    """Write `fields` of each of `objs` to its row: `bulk_update`'s effect, as one prepared
    `UPDATE … WHERE id = %s` run for every object instead of a `CASE` per field and object,
    which Django builds and compiles in Python at a cost that grows with both.

    `objs` are model instances or any objects with the fields' attributes (`owner_id`, not
    `owner`) and `pk`."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    columns = [_field(model, name) for name in fields]
    prepares = [_preparer(f, db) for f in columns]
    assignments = ", ".join(f"{_column(db, model, f.name)} = %s" for f in columns)
    sql = (
        f"UPDATE {db.ops.quote_name(meta.db_table)} SET {assignments} "
        f"WHERE {_column(db, model, 'pk')} = %s"
    )
    attnames = [f.attname for f in columns]
    # In id order, so that two transactions updating the same rows take their locks alike.
    rows = [
        [*(prepare(getattr(obj, name)) for prepare, name in zip(prepares, attnames, strict=True)),
         obj.pk]
        for obj in sorted(objs, key=lambda obj: obj.pk)
    ]  # fmt: skip
    with db.cursor() as cursor:
        cursor.executemany(sql, rows)


Guard = Mapping[str, Any]  # column → value; None means IS NULL, a tuple or list means IN


def update_where(model: type[models.Model], *, where: Guard, values: Mapping[str, Any]) -> int:
    """`model.objects.filter(**where).update(**values)` for plain equality, `IS NULL` and `IN`
    guards (the guarded one-row updates of the sales actions and the SLA sweep); returns the
    rows changed. Its SQL and value preparation are made once per connection and shape: the
    ORM's building and compiling of a one-row update cost ten times the update."""
    db = connections[DEFAULT_DB_ALIAS]
    shape = tuple((name, _guard_width(value)) for name, value in where.items())
    sql, prepare = _guarded_update(db, model, shape, tuple(values))
    params = [prepare[name](value) for name, value in values.items()]
    for name, value in where.items():
        if isinstance(value, list | tuple):
            params.extend(prepare[name](item) for item in value)
        elif value is not None:
            params.append(prepare[name](value))
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _guard_width(value: Any) -> int | None:
    """How a guard compares: IN a list of this many, IS NULL (None), or equality (0)."""
    if isinstance(value, list | tuple):
        return len(value)
    return None if value is None else 0


_Shape = tuple[type, tuple[tuple[str, int | None], ...], tuple[str, ...]]
_GUARDED: weakref.WeakKeyDictionary[
    BaseDatabaseWrapper, dict[_Shape, tuple[str, dict[str, Prepare]]]
] = weakref.WeakKeyDictionary()


def _guarded_update(
    db: BaseDatabaseWrapper,
    model: type[models.Model],
    where: tuple[tuple[str, int | None], ...],
    columns: tuple[str, ...],
) -> tuple[str, dict[str, Prepare]]:
    made = _GUARDED.setdefault(db, {})
    if (model, where, columns) not in made:
        guards = []
        for name, width in where:
            column = _column(db, model, name)
            if width is None:
                guards.append(f"{column} IS NULL")
            elif width:
                guards.append(f"{column} IN ({', '.join(['%s'] * width)})")
            else:
                guards.append(f"{column} = %s")
        assignments = ", ".join(f"{_column(db, model, name)} = %s" for name in columns)
        sql = (
            f"UPDATE {db.ops.quote_name(model._meta.db_table)} SET {assignments} "
            f"WHERE {' AND '.join(guards)}"
        )
        names = {*columns, *(name for name, _ in where)}
        made[model, where, columns] = (
            sql,
            {name: _preparer(_field(model, name), db) for name in names},
        )
    return made[model, where, columns]
