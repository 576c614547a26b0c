"""The worker's report job. Thin: hourly, deliver the last closed period's report if it is due;
the `ReportDelivery` row makes a second call (or a restarted worker) a no-op."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from leadpact.reports.services import report_deliver_due


@db_periodic_task(crontab(minute="7"))
def report_deliver_due_task() -> str | None:
    delivery = report_deliver_due()
    return None if delivery is None else delivery.period
