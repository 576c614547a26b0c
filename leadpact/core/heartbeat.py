"""Is the worker running? It writes a heartbeat when it starts and every minute; a heartbeat
older than a few minutes means SLA deadlines, re-evaluations and notifications are waiting."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from leadpact.core.models import Heartbeat

WORKER = "worker"
# The minute job's own minute, plus room for a busy worker to reach it.
WORKER_LATE_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class WorkerState:
    last_seen: datetime | None
    running: bool


def heartbeat_beat(name: str, *, now: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"at": now or timezone.now()})


def worker_state(*, now: datetime | None = None) -> WorkerState:
    now = now or timezone.now()
    last_seen = Heartbeat.objects.filter(name=WORKER).values_list("at", flat=True).first()
    return WorkerState(last_seen, last_seen is not None and now - last_seen <= WORKER_LATE_AFTER)
