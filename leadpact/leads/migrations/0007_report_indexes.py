from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0006_handoff_qualified_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="handoff",
            index=models.Index(fields=["rejected_at"], name="handoff_rejected_idx"),
        ),
        migrations.AddIndex(
            model_name="handoff",
            index=models.Index(fields=["accepted_at"], name="handoff_accepted_idx"),
        ),
        migrations.AddIndex(
            model_name="handoff",
            index=models.Index(fields=["first_contact_at"], name="handoff_contacted_idx"),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(fields=["stage", "stage_changed_at"], name="lead_stage_changed_idx"),
        ),
    ]
