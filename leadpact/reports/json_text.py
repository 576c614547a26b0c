"""Reading a value inside a JSON column as text, the cheap way on each database.

Django's key lookups (`data__to="mql"`) compile on SQLite to a CASE over three JSON function
calls per row; the report filters timeline events by `data.to` over a whole period, where that
doubles the time of its largest queries. `JsonText("data", "to")` is `JSON_EXTRACT(data, '$.to')`
on SQLite and `data #>> '{to}'` on PostgreSQL: the same expression, one call each. A JSON `true`
reads as `1` on SQLite and `true` on PostgreSQL, so use it for strings.
"""

from typing import Any

from django.db.models import CharField, F, Func


class JsonText(Func):
    output_field = CharField()

    def __init__(self, column: str, *path: str | int) -> None:
        if not path:
            raise ValueError("JsonText needs a key path")
        super().__init__(F(column))
        self.path = path

    def _json_path(self) -> str:
        return "$" + "".join(f"[{p}]" if isinstance(p, int) else f'."{p}"' for p in self.path)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT({sql}, %s)", [*params, self._json_path()]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} #>> %s)", [*params, [str(p) for p in self.path]]

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        raise NotImplementedError(
            f"JsonText supports SQLite and PostgreSQL, not {connection.vendor}"
        )
