"""The worker's heartbeat (`core.heartbeat`): at its start and every minute."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup

from leadpact.core.heartbeat import WORKER, heartbeat_beat


@on_startup()
def worker_started() -> None:
    heartbeat_beat(WORKER)


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat_task() -> None:
    heartbeat_beat(WORKER)
