from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def qualified_at_backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The first time each accepted handoff's lead reached SQL while the handoff was open
    (a closed handoff's lead may reach SQL again under a later handoff)."""
    Handoff = apps.get_model("leads", "Handoff")
    LeadEvent = apps.get_model("leads", "LeadEvent")

    def first_sql(*, closed: bool) -> Subquery:
        events = LeadEvent.objects.filter(
            lead_id=OuterRef("lead_id"),
            kind="stage",
            data__to="sql",
            at__gte=OuterRef("accepted_at"),
        )
        if closed:
            events = events.filter(at__lte=OuterRef("closed_at"))
        return Subquery(events.order_by("at").values("at")[:1])

    for closed in (False, True):
        Handoff.objects.filter(accepted_at__isnull=False, closed_at__isnull=not closed).update(
            qualified_at=first_sql(closed=closed)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0005_leadevent_kind_at_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="handoff",
            name="qualified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(qualified_at_backfill, migrations.RunPython.noop, elidable=True),
    ]
