"""Each handoff keeps marketing's temperature of its lead at the handoff (`Handoff.
marketing_temperature`), for the report's calibration. Existing handoffs get the temperature
the lead's timeline says it had then: the last assessment that set it at or before the
handoff opened, or else the lead's present one. The partial index that served that search in
the report (leads/0008, PostgreSQL) is no longer read and is dropped."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from leadpact.reports.json_text import JsonText

OLD_INDEX = "leadevent_marketing_temp_idx"
OLD_INDEX_SQL = (
    f"CREATE INDEX {OLD_INDEX} ON leads_leadevent (lead_id, at, id) WHERE kind = 'assessment' "
    "AND (data #>> '{changes,marketing_temperature,1}') IS NOT NULL"
)


def temperature_backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Handoff = apps.get_model("leads", "Handoff")
    Lead = apps.get_model("leads", "Lead")
    LeadEvent = apps.get_model("leads", "LeadEvent")
    last_set = (
        LeadEvent.objects.annotate(level=JsonText("data", "changes", "marketing_temperature", 1))
        .filter(
            lead_id=OuterRef("lead_id"),
            kind="assessment",
            at__lte=OuterRef("opened_at"),
            level__isnull=False,
        )
        .order_by("-at", "-id")
        .values("level")[:1]
    )
    present = Lead.objects.filter(pk=OuterRef("lead_id")).values("marketing_temperature")[:1]
    Handoff.objects.update(
        marketing_temperature=Coalesce(
            Subquery(last_set, output_field=models.CharField()),
            Subquery(present, output_field=models.CharField()),
            models.Value(""),
            output_field=models.CharField(),
        )
    )


def old_index_drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def old_index_create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_INDEX_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0008_leadevent_report_partial_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="handoff",
            name="marketing_temperature",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.RunPython(temperature_backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(old_index_drop, old_index_create),
    ]
