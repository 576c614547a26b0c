"""The delivery worker: claim what is due, send it outside any transaction, record the outcome.

A claim is a lease. On PostgreSQL due rows are locked with SKIP LOCKED, so concurrent workers
take different rows without waiting; everywhere the claiming UPDATE repeats the due condition,
so a row another worker took meanwhile is not taken twice (SQLite has no row locks). The
outcome is recorded only after the send returns: a worker killed mid-send leaves its lease to
expire and the row is sent again. At least once, never lost; a repeat carries the same id.

Sends run in a small thread pool, one task per webhook endpoint (its deliveries in order) and
one per e-mail, so a dead endpoint costs one timeout per batch and delays nobody else.
"""

import logging
import os
import queue
import socket
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from leadpact.notifications.channels import SENT, Outcome, Send, failure
from leadpact.notifications.channels.email import email_prepare
from leadpact.notifications.channels.webhook import webhook_prepare
from leadpact.notifications.models import Channel, Delivery, Notification
from leadpact.notifications.retries import RETRY_DELAYS, retry_delay
from leadpact.notifications.webhooks import webhook_endpoint_disable

logger = logging.getLogger(__name__)

S = Delivery.Status
PREPARE: dict[str, Callable[[Delivery], Send]] = {
    Channel.EMAIL: email_prepare,
    Channel.WEBHOOK: webhook_prepare,
    Channel.IN_APP: lambda delivery: lambda: SENT,
}


@dataclass
class DeliveryRun:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retrying + self.failed


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due(now: datetime) -> Q:
    return Q(status=S.PENDING, next_attempt_at__lte=now) | Q(
        status=S.SENDING, claimed_until__lt=now
    )


def deliveries_claim(*, limit: int, worker: str) -> tuple[str, list[Delivery]]:
    """Lease up to `limit` due deliveries to this worker; the claim's token and the rows."""
    now = timezone.now()
    token = f"{worker}:{uuid.uuid4().hex[:12]}"[-100:]
    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    with transaction.atomic():
        due = Delivery.objects.filter(_due(now)).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if not ids:
            return token, []
        Delivery.objects.filter(_due(now), pk__in=ids).update(
            status=S.SENDING, claimed_by=token, claimed_until=now + lease, last_attempt_at=now
        )
    claimed = (
        Delivery.objects.filter(pk__in=ids, claimed_by=token, status=S.SENDING)
        .select_related("notification__recipient", "endpoint")
        .order_by("next_attempt_at", "id")
    )
    return token, list(claimed)


def notifications_deliver(
    *, limit: int | None = None, worker: str | None = None, max_batches: int = 20
) -> DeliveryRun:
    """Send what is due now, batch after batch, until nothing is due (or `max_batches`)."""
    run = DeliveryRun()
    limit = limit or settings.NOTIFICATIONS_BATCH_SIZE
    for _ in range(max_batches):
        token, deliveries = deliveries_claim(limit=limit, worker=worker or worker_name())
        if not deliveries:
            break
        _deliver_batch(deliveries, token=token, run=run)
    return run


def _prepare(delivery: Delivery) -> Send:
    try:
        return PREPARE[delivery.channel](delivery)
    except Exception as error:  # a broken row must not stop the batch; it is retried
        logger.exception("Could not prepare delivery %s", delivery.pk)
        return failure(f"Could not prepare the message: {type(error).__name__}: {error}")


def _groups(deliveries: list[Delivery]) -> list[list[Delivery]]:
    by_endpoint: dict[int, list[Delivery]] = {}
    groups: list[list[Delivery]] = []
    for delivery in deliveries:
        if delivery.endpoint_id is None:
            groups.append([delivery])
        elif delivery.endpoint_id in by_endpoint:
            by_endpoint[delivery.endpoint_id].append(delivery)
        else:
            by_endpoint[delivery.endpoint_id] = [delivery]
            groups.append(by_endpoint[delivery.endpoint_id])
    return groups


# An outcome to record, or a wait: the delivery was not tried and is due again after it.
Result = tuple[Delivery, Outcome | timedelta]


def _deliver_batch(deliveries: list[Delivery], *, token: str, run: DeliveryRun) -> None:
    # Stop starting sends halfway through the lease: what is started finishes long before
    # the lease ends, so no other worker sends the same row meanwhile.
    stop_at = time.monotonic() + settings.NOTIFICATIONS_LEASE_SECONDS / 2
    prepared = [[(d, _prepare(d)) for d in group] for group in _groups(deliveries)]
    results: queue.Queue[Result | None] = queue.Queue()

    def send_group(group: list[tuple[Delivery, Send]]) -> None:
        try:
            for index, (delivery, send) in enumerate(group):
                if time.monotonic() > stop_at:
                    for rest, _ in group[index:]:
                        results.put((rest, timedelta(0)))
                    return
                try:
                    outcome = send()
                except Exception as error:  # a failed attempt like any other, retried later
                    outcome = Outcome(ok=False, error=f"{type(error).__name__}: {error}")
                results.put((delivery, outcome))
                if outcome.gone or outcome.endpoint_down:
                    # The endpoint's other deliveries wait without spending an attempt.
                    for rest, _ in group[index + 1 :]:
                        results.put((rest, RETRY_DELAYS[0]))
                    return
        finally:
            results.put(None)

    threads = max(1, min(settings.NOTIFICATIONS_DELIVERY_THREADS, len(prepared)))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="deliver") as pool:
        for group in prepared:
            pool.submit(send_group, group)
        finished = 0
        while finished < len(prepared):
            item = results.get()
            if item is None:
                finished += 1
                continue
            delivery, outcome = item
            # Recorded as each send returns, so a crash repeats as little as possible.
            if isinstance(outcome, timedelta):
                _release(delivery, wait=outcome, token=token, run=run)
            else:
                _record(delivery, outcome, token=token, run=run)


def _release(delivery: Delivery, *, wait: timedelta, token: str, run: DeliveryRun) -> None:
    Delivery.objects.filter(pk=delivery.pk, claimed_by=token, status=S.SENDING).update(
        status=S.PENDING, claimed_by="", claimed_until=None, next_attempt_at=timezone.now() + wait
    )
    run.released += 1


def _record(delivery: Delivery, outcome: Outcome, *, token: str, run: DeliveryRun) -> None:
    now = timezone.now()
    fields: dict[str, object]
    if outcome.ok:
        fields = {"status": S.SENT, "sent_at": now, "last_error": ""}
    else:
        delay = None
        if not outcome.permanent:
            delay = retry_delay(attempts=delivery.attempts + 1, retry_after=outcome.retry_after)
        fields = {"status": S.FAILED if delay is None else S.PENDING, "last_error": outcome.error}
        if delay is not None:
            fields["next_attempt_at"] = now + delay
    with transaction.atomic():
        recorded = Delivery.objects.filter(
            pk=delivery.pk, claimed_by=token, status=S.SENDING
        ).update(attempts=F("attempts") + 1, claimed_by="", claimed_until=None, **fields)
        if outcome.gone and delivery.endpoint_id is not None:
            webhook_endpoint_disable(
                endpoint_id=delivery.endpoint_id,
                reason=f"{outcome.error} at {now.isoformat(timespec='seconds')}",
            )
        if recorded:
            notification_settle(notification_id=delivery.notification_id)
    if not recorded:
        # The lease ran out and another worker took the row; it records its own attempt.
        logger.warning("Delivery %s: lease lost before its outcome was recorded", delivery.pk)
    elif fields["status"] == S.SENT:
        run.sent += 1
    elif fields["status"] == S.FAILED:
        run.failed += 1
    else:
        run.retrying += 1


def notification_settle(*, notification_id: int) -> None:
    """Sum the deliveries up into the notification's status (inside the caller's transaction)."""
    # The notification row is locked first, so two workers finishing its deliveries at once
    # each see the other's result.
    Notification.objects.select_for_update().filter(pk=notification_id).values_list("pk").first()
    statuses = set(
        Delivery.objects.filter(notification_id=notification_id).values_list("status", flat=True)
    )
    if statuses & {S.PENDING, S.SENDING}:
        status = Notification.Status.PENDING
    elif S.FAILED in statuses:
        status = Notification.Status.FAILED
    else:
        status = Notification.Status.SENT
    Notification.objects.filter(pk=notification_id).exclude(status=status).update(status=status)
