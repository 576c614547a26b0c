"""The worker's delivery jobs. Thin: the tables hold the truth, so the minute sweep alone
would deliver everything; the kick after a commit only makes it sooner."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from leadpact.notifications.delivery import notifications_deliver


@db_periodic_task(crontab(minute="*"))
def notifications_deliver_task() -> int:
    return notifications_deliver().total


@db_task()
def notifications_deliver_soon() -> int:
    return notifications_deliver().total
