from django.db import migrations, models


class Migration(migrations.Migration):
    """The account index gains the lead, campaign and type of each touch (PostgreSQL; SQLite
    has no INCLUDE and keeps a plain `(account, occurred_at)` index). The new index is built
    before the old one is dropped, so no moment is without one."""

    dependencies = [
        ("touches", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="touch",
            index=models.Index(
                fields=["account", "occurred_at"],
                include=["lead", "campaign", "type"],
                name="touch_account_cover_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="touch", name="touch_account_time_idx"),
    ]
