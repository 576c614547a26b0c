from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0004_handoff_reevaluationrun_lead_assessed_version_and_more"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="leadevent",
            index=models.Index(fields=["kind", "at"], name="leadevent_kind_at_idx"),
        ),
    ]
