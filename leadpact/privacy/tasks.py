"""The daily retention sweep. Thin: the tables say what is due, so a missed day catches up."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from leadpact.privacy.services import privacy_retention_sweep


@db_periodic_task(crontab(hour="3", minute="17"))
def privacy_retention_task() -> int:
    return privacy_retention_sweep()
