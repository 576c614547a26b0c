"""`INSERT … ON CONFLICT DO NOTHING RETURNING` for SQLite (≥ 3.35) and PostgreSQL alike.

Django's `bulk_create(ignore_conflicts=True)` cannot tell which rows it inserted; ingestion
must, to answer `created` or `duplicate` exactly even when clients race.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection, models

# Bound parameters per statement: SQLite ≥ 3.32 allows 32766, PostgreSQL 65535.
MAX_PARAMS = 30_000


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _column(meta: Any, name: str) -> str:
    return str(connection.ops.quote_name(meta.get_field(name).column))


def insert_ignoring_conflicts(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    conflict: Sequence[str],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """Insert `objs`; skip rows that clash on `conflict`; return `returning` of those inserted."""
    if not objs:
        return []
    meta = model._meta
    # Racing transactions must take the unique-index locks in one order, or two batches that
    # share new keys in different orders deadlock instead of one waiting for the other.
    key = [meta.get_field(name).attname for name in conflict]  # type: ignore[union-attr]
    objs = sorted(objs, key=lambda obj: tuple(getattr(obj, attname) for attname in key))
    model_fields = [f for f in meta.concrete_fields if not f.primary_key]
    fields = [f.name for f in model_fields]
    quote = connection.ops.quote_name
    columns = ", ".join(_column(meta, name) for name in fields)
    target = ", ".join(_column(meta, name) for name in conflict)
    back = ", ".join(_column(meta, name) for name in returning)
    row_sql = "(" + ", ".join(["%s"] * len(model_fields)) + ")"
    inserted: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(objs, max(1, MAX_PARAMS // len(model_fields))):
            params: list[Any] = []
            for obj in chunk:
                for field in model_fields:
                    value = field.pre_save(obj, add=True)  # type: ignore[union-attr]
                    params.append(field.get_db_prep_save(value, connection))  # type: ignore[union-attr]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) "
                f"VALUES {', '.join([row_sql] * len(chunk))} "
                f"ON CONFLICT ({target}) DO NOTHING RETURNING {back}",
                params,
            )
            inserted.extend(cursor.fetchall())
    return inserted
