"""The worker's periodic jobs. Thin: each calls one service; the tables hold the truth, so a
worker that was down catches up when it returns."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from leadpact.sla.services import sla_sweep


@db_periodic_task(crontab(minute="*"))
def sla_sweep_task() -> int:
    return sla_sweep().total
