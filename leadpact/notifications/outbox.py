"""Writing the outbox: a notification and one delivery per channel it must go by.

Runs inside the transaction of the change it reports, so both commit together or neither
does. Nothing is sent here; the worker sends after commit.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.core.bulk import create_all
from leadpact.notifications.batching import batch_memo
from leadpact.notifications.models import Channel, Delivery, Notification, WebhookEndpoint
from leadpact.notifications.preferences import channels_for
from leadpact.users.models import User

# Kinds about leadpact's own plumbing: told to people, never broadcast to integrations.
INTERNAL_KINDS = frozenset({Notification.Kind.WEBHOOK_DISABLED})


def webhook_endpoints_for(*, kind: str) -> list[WebhookEndpoint]:
    if kind in INTERNAL_KINDS:
        return []
    return batch_memo(
        ("endpoints", kind),
        lambda: [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(kind)],
    )


def outbox_write(
    *,
    kind: str,
    recipient: User | None,
    payload: dict[str, Any],
    lead_id: int | None = None,
    webhooks: bool = True,
) -> tuple[Notification, bool]:
    """The notification and its deliveries; True when something waits for the worker.

    `webhooks=False` keeps a per-person copy of an event away from integrations, when the
    producer broadcasts that event once on its own.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notification_enqueue must run inside the change's transaction")
    now = timezone.now()
    channels = channels_for(user=recipient, kind=kind) if recipient and recipient.is_active else []
    endpoints = webhook_endpoints_for(kind=kind) if webhooks else []
    waiting = bool(endpoints) or any(channel != Channel.IN_APP for channel in channels)
    notification = Notification(
        kind=kind,
        recipient=recipient,
        payload=payload,
        lead_id=lead_id,
        created_at=now,
        status=Notification.Status.PENDING if waiting else Notification.Status.SENT,
    )
    deliveries = [
        Delivery(
            notification=notification,
            channel=channel,
            # The in-app message is the committed row itself.
            status=Delivery.Status.SENT if channel == Channel.IN_APP else Delivery.Status.PENDING,
            sent_at=now if channel == Channel.IN_APP else None,
            next_attempt_at=now,
            created_at=now,
        )
        for channel in channels
    ]
    deliveries += [
        Delivery(
            notification=notification,
            channel=Channel.WEBHOOK,
            endpoint=endpoint,
            next_attempt_at=now,
            created_at=now,
        )
        for endpoint in endpoints
    ]
    deferred = _deferred.get()
    if deferred is None:
        _outbox_insert([(notification, deliveries)])
    else:
        deferred.append((notification, deliveries))
    return notification, waiting


def _outbox_insert(written: list[tuple[Notification, list[Delivery]]]) -> None:
    """The notifications with one insert, then all their deliveries with another."""
    create_all([notification for notification, _ in written])
    deliveries = []
    for notification, of_one in written:
        for delivery in of_one:
            delivery.notification = notification  # its id, now that it has one
            deliveries.append(delivery)
    create_all(deliveries)


_deferred: ContextVar[list[tuple[Notification, list[Delivery]]] | None] = ContextVar(
    "outbox_deferred", default=None
)


@contextmanager
def outbox_deferred() -> Iterator[None]:
    """Inside a transaction that writes many notifications (a chunk of the SLA sweep): write
    them all, and then all their deliveries, with one insert each when the block ends, instead
    of two inserts per notification. Nothing is written if the block fails; the notifications
    it returned have no id until it ends. Must not wrap a savepoint that rolls back while the
    block goes on (what was deferred inside it would still be written), unless that savepoint
    is wrapped in `outbox_deferred_part`."""
    if _deferred.get() is not None:
        yield  # part of the enclosing block
        return
    pending: list[tuple[Notification, list[Delivery]]] = []
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    _outbox_insert(pending)


@contextmanager
def outbox_deferred_part() -> Iterator[None]:
    """A part of an `outbox_deferred` block that may fail alone — a service call whose refusal
    the caller catches, its savepoint rolled back: if it raises, the notifications it deferred
    are dropped with the rest of its work."""
    pending = _deferred.get()
    mark = 0 if pending is None else len(pending)
    try:
        yield
    except BaseException:
        if pending is not None:
            del pending[mark:]
        raise
