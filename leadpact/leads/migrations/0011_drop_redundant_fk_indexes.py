"""Foreign keys a composite index already starts with lose their own index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from leadpact.core.migration_operations import key_index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0010_lead_report_cover_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        key_index_dropped(
            migrations.AlterField(
                model_name="handoff",
                name="owner",
                field=models.ForeignKey(
                    blank=True,
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="handoffs",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            table="leads_handoff",
            column="owner_id",
        ),
        key_index_dropped(
            migrations.AlterField(
                model_name="lead",
                name="owner",
                field=models.ForeignKey(
                    blank=True,
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="owned_leads",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            table="leads_lead",
            column="owner_id",
        ),
        key_index_dropped(
            migrations.AlterField(
                model_name="leadevent",
                name="lead",
                field=models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="events",
                    to="leads.lead",
                ),
            ),
            table="leads_leadevent",
            column="lead_id",
        ),
    ]
