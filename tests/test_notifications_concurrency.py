"""Four workers at once share the deliveries and send each exactly once (PostgreSQL: SKIP
LOCKED claims; SQLite serialises writers, so there is no race to lose there)."""

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from leadpact.notifications.delivery import DeliveryRun, notifications_deliver
from leadpact.notifications.models import Delivery, Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.notifications.webhooks import webhook_endpoint_create
from tests.receiver import Receiver, Reply

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 4


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    with Receiver(default=Reply(200, delay=0.01)) as running:
        yield running


def test_concurrent_workers_send_each_delivery_once(receiver: Receiver) -> None:
    for path in ("/a", "/b", "/c"):
        webhook_endpoint_create(url=receiver.url(path))
    for n in range(40):
        with transaction.atomic():
            notification_enqueue(
                kind=Notification.Kind.LEAD_QUEUED, recipient=None, payload={"lead": f"L{n}"}
            )
    barrier = threading.Barrier(WORKERS)
    runs: list[DeliveryRun] = []
    failures: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            runs.append(notifications_deliver(worker=f"w{number}", limit=5, max_batches=1000))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    ids = Counter(r.headers["webhook-id"] for r in receiver.received())
    assert len(ids) == 120 and set(ids.values()) == {1}, "each delivery once, none twice"
    assert sum(run.sent for run in runs) == 120
    assert sum(1 for run in runs if run.sent) >= 2, "the work was shared"
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
