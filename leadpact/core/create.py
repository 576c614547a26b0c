"""`Model.objects.bulk_create(objs)` for the few rows a service writes per call — a timeline
event, a handoff, an outbox row: one `INSERT … RETURNING id` whose SQL is built once per model
and row count, with the ids set on the instances as `bulk_create` sets them. Django's building
of a small insert costs several times running it, and the lifecycle writes such rows for every
action (the history generator, tens of thousands of times).

No `save()` runs, as with `bulk_create`: for models without a `save` of their own or signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def create_all(objs: Sequence[models.Model]) -> None:
    """Insert `objs` (instances of one model, not yet saved) and set their ids."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    params = [
        field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
        for obj in objs
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(model, fields, len(objs)), params)
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


_INSERTS: dict[tuple[str, type[models.Model], int], str] = {}


def _insert_sql(
    model: type[models.Model], fields: Sequence[models.Field[Any, Any]], rows: int
) -> str:
    key = (connection.vendor, model, rows)
    if key not in _INSERTS:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        _INSERTS[key] = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
            f"VALUES {', '.join([row] * rows)} RETURNING {quote(model._meta.pk.column)}"
        )
    return _INSERTS[key]
