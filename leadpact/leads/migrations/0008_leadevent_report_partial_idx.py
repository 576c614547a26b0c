"""Partial covering indexes for the period report's timeline passes (PostgreSQL only).

Each holds only the events one figure reads. MQL stage changes, nurture stage changes and
assessments that set sales' temperature are keyed by time and carry the lead (and the
agreement version for the ICP split), so the report reads a month of them with an index-only
scan instead of reading every stage and assessment event of the month from the table;
SAL, SQL and won stage changes (for the funnel) and assessments that set marketing's
temperature (for calibration) are keyed by lead and time.
PostgreSQL uses a partial index when the query's condition implies the index's; the report's
queries write `data #>> '{to}'` exactly as here (`leadpact.reports.json_text.JsonText`).
SQLite gets none of them: its partial indexes would need the JSON path as a literal, and its
report stays fast at the sizes SQLite is meant for.
"""

from django.db import migrations

INDEXES = {
    "leadevent_mql_idx": (
        "(at) INCLUDE (lead_id, agreement_version_id)",
        "kind = 'stage' AND (data #>> '{to}') = 'mql'",
    ),
    "leadevent_nurture_idx": (
        "(at) INCLUDE (lead_id)",
        "kind = 'stage' AND (data #>> '{to}') = 'nurture'",
    ),
    "leadevent_sales_temp_idx": (
        "(at) INCLUDE (lead_id)",
        "kind = 'assessment' AND ((data #>> '{field}') = 'sales_temperature'"
        " OR (data #>> '{changes,sales_temperature,1}') IS NOT NULL)",
    ),
    # The funnel: when each MQL of the period first reached SAL, SQL and won afterwards, the
    # first entry of each lead's range in one of these.
    **{
        f"leadevent_{stage}_idx": (
            "(lead_id, at)",
            f"kind = 'stage' AND (data #>> '{{to}}') = '{stage}'",
        )
        for stage in ("sal", "sql", "won")
    },
    # Calibration's "marketing's temperature at handoff": the lead's last such assessment
    # before the handoff is the first entry of a backward scan, one table read per handoff.
    "leadevent_marketing_temp_idx": (
        "(lead_id, at, id)",
        "kind = 'assessment' AND (data #>> '{changes,marketing_temperature,1}') IS NOT NULL",
    ),
}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (columns, condition) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON leads_leadevent {columns} WHERE {condition}")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0007_report_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
