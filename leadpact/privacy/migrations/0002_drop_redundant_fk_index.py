"""Foreign keys a composite index already starts with lose their own index."""

import django.db.models.deletion
from django.db import migrations, models

from leadpact.core.migration_operations import key_index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0011_drop_redundant_fk_indexes"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        key_index_dropped(
            migrations.AlterField(
                model_name="consentrecord",
                name="lead",
                field=models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="consents",
                    to="leads.lead",
                ),
            ),
            table="privacy_consentrecord",
            column="lead_id",
        ),
    ]
