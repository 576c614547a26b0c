"""The database's plan for a query, on either database: for the tests that pin an index."""

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction


def query_plan(sql: str, params: Sequence[Any] = (), *, scans_allowed: bool = False) -> str:
    """The plan of `sql` as text: PostgreSQL's `EXPLAIN`, SQLite's `EXPLAIN QUERY PLAN`.

    On PostgreSQL sequential and bitmap scans are off unless `scans_allowed`: a test's tables
    are nearly empty, where reading them whole is cheapest, and the question is whether the
    planner can use the index at all. With `scans_allowed`, the planner's own choice.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not scans_allowed:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}", params or None)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params or None)
        return "\n".join(str(row) for row in cursor.fetchall())
