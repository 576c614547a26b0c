"""A covering index of leads for the period report (PostgreSQL only): the lead's persona, ICP
grade, sales temperature and stage beside its id, so the report's lookups of a lead by id —
coverage's persona of each touched lead (~97,000 at 1M leads), calibration's sales temperature
and stage of each handoff's lead — are index-only instead of a heap read each (or a scan of
every lead). Every update of a lead already touches an index (`updated_at`), so this adds one
index entry per update, not the loss of in-place updates. SQLite has no `INCLUDE`: an index on
`id` alone would duplicate its rowid."""

from django.db import migrations

NAME = "lead_report_cover_idx"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NAME} ON leads_lead (id) "
            "INCLUDE (persona, icp_grade, sales_temperature, stage)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0009_handoff_marketing_temperature"),
    ]

    operations = [migrations.RunPython(create, drop)]
