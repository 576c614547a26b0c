"""`kill -9` of a delivering worker at random moments loses no notification.

A real worker process (the `notifications deliver --loop` command) sends webhooks to a local
receiver and is killed with SIGKILL at a random moment, trial after trial, while new
notifications keep arriving. Then a last worker drains what is left, and every delivery must
have reached the receiver at least once; repeats are allowed and carry the same `webhook-id`.
The control run swaps in a worker that marks rows sent before sending them: the same harness
must see it lose some, or it could not see loss at all.

Booting Django costs seconds, so one "zygote" process boots it once and forks each worker
(and each seeding step) from there: every trial is still a separate process killed with
SIGKILL. The database is shared with the zygote: on PostgreSQL the test database itself; on
SQLite (whose test database lives in memory) a file copy of it, copied back to be checked.
"""

import os
import random
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from leadpact.notifications.channels.webhook import webhook_prepare
from leadpact.notifications.delivery import deliveries_claim, notifications_deliver
from leadpact.notifications.models import Delivery, Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.notifications.signing import webhook_verify
from leadpact.notifications.webhooks import webhook_endpoint_create
from tests.receiver import Receiver, Reply
from tests.shared_database import SharedDatabase

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

TRIALS = 20
CONTROL_TRIALS = 6
LEASE_SECONDS = 2
REPO = Path(__file__).resolve().parent.parent


# --- in the zygote and its children -------------------------------------------------------


def seed(count: str) -> None:
    for n in range(int(count)):
        with transaction.atomic():
            notification_enqueue(
                kind=Notification.Kind.LEAD_QUEUED,
                recipient=None,
                payload={"lead": f"Lead {n}", "team": "sales-sme"},
            )


def setup(url: str) -> None:
    for path in ("/a", "/b"):
        webhook_endpoint_create(url=url + path)


def work() -> None:
    call_command("notifications", "deliver", "--loop", "--interval", "0.02", "--limit", "8")


def work_wrongly() -> None:
    """The control: marks a batch sent, then sends it — a kill in between loses messages."""
    while True:
        _, deliveries = deliveries_claim(limit=8, worker="wrong")
        if not deliveries:
            time.sleep(0.02)
            continue
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_by=""
        )
        for delivery in deliveries:
            webhook_prepare(delivery)()


def drain() -> None:
    notifications_deliver(limit=50, max_batches=1000)


CHILD: dict[str, Callable[..., None]] = {
    "seed": seed,
    "setup": setup,
    "work": work,
    "work_wrongly": work_wrongly,
    "drain": drain,
}
WAITED_FOR = {"seed", "setup", "drain"}


def zygote() -> None:
    """Read commands on stdin; run each in a forked child; answer on stdout."""
    while line := sys.stdin.readline():
        command, *args = line.split()
        if command == "reap":
            os.waitpid(int(args[0]), 0)
            print("reaped", flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            code = 0
            try:
                CHILD[command](*args)
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        if command in WAITED_FOR:
            _, status = os.waitpid(pid, 0)
            print(f"exit {status}", flush=True)
        else:
            print(pid, flush=True)


# --- in the test --------------------------------------------------------------------------


class Zygote:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        code = "import django; django.setup(); from tests.test_notifications_kill import zygote; zygote()"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
        )

    def ask(self, *command: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(" ".join(command) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer, f"the zygote died: {self.log.read_text()[-3000:]}"
        return answer

    def run(self, *command: str) -> None:
        assert self.ask(*command) == "exit 0", self.log.read_text()[-3000:]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[tuple[Zygote, SharedDatabase]]:
    """One zygote for the module, on the test database (`django_db_setup` has named it)."""
    folder = tmp_path_factory.mktemp("kill")
    database = SharedDatabase(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LEADPACT_HOME": str(folder / "home"),
        "LEADPACT_DATABASE_URL": database.url,
        "LEADPACT_WEBHOOK_ALLOW_LOOPBACK": "true",
        "LEADPACT_NOTIFICATIONS_LEASE_SECONDS": str(LEASE_SECONDS),
        "LEADPACT_NOTIFICATIONS_THREADS": "4",
    }
    zygote = Zygote(env, folder / "zygote.log")
    yield zygote, database
    zygote.close()


def state(receiver: Receiver) -> tuple[int, list[Delivery], Counter[str]]:
    deliveries = list(Delivery.objects.select_related("endpoint"))
    ids = Counter(r.headers["webhook-id"] for r in receiver.received())
    lost = [d for d in deliveries if d.webhook_id not in ids]
    return len(deliveries), lost, ids


def trials(zygote: Zygote, *, count: int, worker: str, rng: random.Random) -> None:
    for _ in range(count):
        zygote.run("seed", "6")
        pid = int(zygote.ask(worker))
        time.sleep(rng.uniform(0.02, 0.5))
        os.kill(pid, signal.SIGKILL)
        assert zygote.ask("reap", str(pid)) == "reaped"


def start(shared: tuple[Zygote, SharedDatabase], receiver: Receiver) -> Zygote:
    zygote, database = shared
    database.share()
    zygote.run("setup", f"http://127.0.0.1:{receiver.port}")
    return zygote


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    with Receiver(default=Reply(200, delay=0.02)) as running:
        yield running


def test_kill_9_at_random_moments_loses_no_notification(
    shared: tuple[Zygote, SharedDatabase], receiver: Receiver
) -> None:
    zygote = start(shared, receiver)
    trials(zygote, count=TRIALS, worker="work", rng=random.Random(9))
    time.sleep(LEASE_SECONDS + 0.2)  # the last victim's lease runs out
    zygote.run("drain")
    shared[1].take_back()

    total, lost, ids = state(receiver)
    assert total == TRIALS * 6 * 2
    assert lost == [], f"{len(lost)} of {total} never reached the receiver"
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    known = {d.webhook_id: d for d in Delivery.objects.select_related("endpoint")}
    assert set(ids) == set(known), "nothing but leadpact's deliveries on the wire"
    for request in receiver.received():
        delivery = known[request.headers["webhook-id"]]
        webhook_verify(
            secret=delivery.endpoint.secret,  # type: ignore[union-attr]
            headers=request.headers,
            body=request.body,
            now=request.at,
        )
    repeats = sum(n - 1 for n in ids.values())
    print(f"{total} deliveries, {repeats} sent more than once, all with their own webhook-id")


def test_the_harness_sees_loss_when_a_worker_marks_sent_before_sending(
    shared: tuple[Zygote, SharedDatabase], receiver: Receiver
) -> None:
    zygote = start(shared, receiver)
    trials(zygote, count=CONTROL_TRIALS, worker="work_wrongly", rng=random.Random(7))
    time.sleep(LEASE_SECONDS + 0.2)
    zygote.run("drain")
    shared[1].take_back()

    total, lost, _ = state(receiver)
    assert lost, "the mark-first worker lost nothing: the harness cannot see loss"
    assert all(d.status == Delivery.Status.SENT for d in lost), "lost while marked sent"
    print(f"control: {len(lost)} of {total} lost")
