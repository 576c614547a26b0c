"""Foreign keys a composite index already starts with lose their own index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from leadpact.core.migration_operations import key_index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_deliveries"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        key_index_dropped(
            migrations.AlterField(
                model_name="notification",
                name="recipient",
                field=models.ForeignKey(
                    blank=True,
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="notifications",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            table="notifications_notification",
            column="recipient_id",
        ),
    ]
