"""`leadpact worker` as an installation runs it: a separate process that takes its jobs from
Redis when LEADPACT_REDIS_URL is set, from a SQLite file in LEADPACT_HOME otherwise.

A notification is written the way the web process writes one (its webhook delivery kicked into
the queue as the transaction commits); the worker, started afterwards, sends it to a local
receiver, signed; it leaves its heartbeat; Ctrl-C stops it cleanly."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from leadpact.core.heartbeat import worker_state
from leadpact.notifications.models import Delivery
from leadpact.notifications.signing import webhook_verify
from tests.receiver import Receiver, Reply
from tests.shared_database import SharedDatabase

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REDIS_URL = os.environ.get("LEADPACT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DELIVERED_SECONDS = 90  # a busy CI machine; the poll returns as soon as the receiver has it
STOP_SECONDS = 30

WRITE_NOTIFICATION = """
import sys
import django
django.setup()
from django.db import transaction
from huey.contrib.djhuey import HUEY
from leadpact.notifications.models import Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.notifications.webhooks import webhook_endpoint_create
webhook_endpoint_create(url=sys.argv[1])
with transaction.atomic():
    notification_enqueue(
        kind=Notification.Kind.LEAD_QUEUED, recipient=None,
        payload={"lead": "Anna Nowak", "team": "sales-sme"},
    )
print(type(HUEY).__name__, HUEY.pending_count())
"""
# The names of the jobs still queued: the worker's own minute jobs may be among them, queued
# by its scheduler at a minute's turn just before it was stopped.
PENDING = """
import django
django.setup()
from huey.contrib.djhuey import HUEY
print(" ".join(task.name for task in HUEY.pending()) or "-")
"""


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["redis", "sqlite-queue"])
def queue(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The worker's queue settings; Redis's test database is emptied before and after."""
    if request.param == "sqlite-queue":
        yield {}
        return
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield {"LEADPACT_REDIS_URL": REDIS_URL}
    client.flushdb()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver(default=Reply(200)) as running:
        yield running


def test_the_worker_sends_what_the_web_process_queued(
    queue: dict[str, str], receiver: Receiver, tmp_path: Path
) -> None:
    database = SharedDatabase(tmp_path)
    database.share()
    env = {key: value for key, value in os.environ.items() if key != "LEADPACT_REDIS_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LEADPACT_HOME": str(tmp_path / "home"),
        "LEADPACT_DATABASE_URL": database.url,
        "LEADPACT_WEBHOOK_ALLOW_LOOPBACK": "true",
        "PYTHONUNBUFFERED": "1",
        **queue,
    }

    def python(code: str, *args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    written = python(WRITE_NOTIFICATION, f"http://127.0.0.1:{receiver.port}/hook")
    storage = "RedisHuey" if queue else "SqliteHuey"
    assert written == [storage, "1"], "one delivery job waits in the queue"
    assert receiver.received() == [], "nobody sends it before the worker runs"

    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "leadpact.cli", "worker"], env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + DELIVERED_SECONDS
        while not receiver.received() and time.monotonic() < deadline:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGINT)
        stopped = worker.wait(timeout=STOP_SECONDS)
    database.take_back()
    assert "notifications_deliver_soon" not in python(PENDING), "the worker took the job"
    assert worker_state().last_seen is not None, "it beat when it started"

    [request] = receiver.received()
    delivery = Delivery.objects.select_related("endpoint").get()
    assert delivery.status == Delivery.Status.SENT
    assert request.headers["webhook-id"] == delivery.webhook_id
    webhook_verify(secret=delivery.endpoint.secret, headers=request.headers, body=request.body)  # type: ignore[union-attr]
    assert stopped == 0, (tmp_path / "worker.log").read_text()
