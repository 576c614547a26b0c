"""Foreign keys a composite index already starts with lose their own index."""

import django.db.models.deletion
from django.db import migrations, models

from leadpact.core.migration_operations import key_index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("leads", "0011_drop_redundant_fk_indexes"),
        ("touches", "0002_touch_account_cover_idx"),
    ]

    operations = [
        key_index_dropped(
            migrations.AlterField(
                model_name="touch",
                name="account",
                field=models.ForeignKey(
                    blank=True,
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="touches",
                    to="accounts.account",
                ),
            ),
            table="touches_touch",
            column="account_id",
        ),
        key_index_dropped(
            migrations.AlterField(
                model_name="touch",
                name="lead",
                field=models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="touches",
                    to="leads.lead",
                ),
            ),
            table="touches_touch",
            column="lead_id",
        ),
    ]
