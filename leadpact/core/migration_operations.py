"""Migration operations Django's autodetector does not write well enough by itself."""

from typing import Any

from django.db import migrations


def key_index_dropped(
    alter: migrations.AlterField, *, table: str, column: str
) -> migrations.SeparateDatabaseAndState:
    """`alter` sets `db_index=False` on a foreign key that a composite index already starts
    with. As an AlterField, SQLite would copy the whole table to drop one index (and touches
    run to millions of rows); here the state takes the field and the database loses only the
    index, under the name Django gave it."""

    def index_name(schema_editor: Any) -> str:
        return schema_editor.quote_name(schema_editor._create_index_name(table, [column]))

    def drop(apps: Any, schema_editor: Any) -> None:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(schema_editor)}")

    def create(apps: Any, schema_editor: Any) -> None:
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(schema_editor)} "
            f"ON {quote(table)} ({quote(column)})"
        )

    return migrations.SeparateDatabaseAndState(
        state_operations=[alter],
        database_operations=[migrations.RunPython(drop, create, elidable=False)],
    )
