"""The worker's heartbeat: `/healthz/status` for monitoring, and a notice to administrators,
when the worker has not run for a few minutes (SLA deadlines would silently wait)."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from leadpact.core.heartbeat import WORKER, heartbeat_beat, worker_state
from leadpact.core.models import Heartbeat
from leadpact.core.tasks import worker_heartbeat_task, worker_started
from leadpact.users.models import User

pytestmark = pytest.mark.django_db


def test_a_worker_never_seen_or_seen_over_three_minutes_ago_is_not_running() -> None:
    now = timezone.now()
    assert worker_state(now=now).running is False

    heartbeat_beat(WORKER, now=now - timedelta(minutes=3))
    assert worker_state(now=now).running is True

    assert worker_state(now=now + timedelta(seconds=1)).running is False


def test_the_worker_beats_when_it_starts_and_every_minute() -> None:
    worker_started()
    first = Heartbeat.objects.get(name=WORKER).at

    worker_heartbeat_task.call_local()

    assert Heartbeat.objects.get(name=WORKER).at > first


def test_the_status_answers_503_until_the_worker_has_beaten() -> None:
    late = Client().get("/healthz/status")
    assert late.status_code == 503
    assert late.json() == {
        "status": "unavailable",
        "database": "ok",
        "worker": {"running": False, "last_seen": None, "late_after_seconds": 180},
    }

    heartbeat_beat(WORKER)
    running = Client().get("/healthz/status")

    assert running.status_code == 200
    assert running.json()["status"] == "ok"
    assert running.json()["worker"]["running"] is True


def test_the_status_names_an_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("leadpact.core.views.connection.cursor", refused)

    response = Client().get("/healthz/status")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def page_for(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def test_administrators_are_told_when_the_worker_does_not_run(cast: dict[str, User]) -> None:
    assert "Worker jeszcze nie ruszył" in page_for(cast["adam"])
    assert "worker-late" not in page_for(cast["marta"]), "only those who can start it"

    heartbeat_beat(WORKER, now=timezone.now() - timedelta(minutes=10))
    assert "Worker nie działa od" in page_for(cast["adam"])

    heartbeat_beat(WORKER)
    assert "worker-late" not in page_for(cast["adam"])
