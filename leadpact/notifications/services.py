import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.core.exceptions import ApplicationError, NotFound
from leadpact.notifications.batching import batch_defers_wake
from leadpact.notifications.delivery import notification_settle
from leadpact.notifications.models import Channel, ChannelPreference, Delivery, Notification
from leadpact.notifications.outbox import outbox_write
from leadpact.notifications.preferences import CHOOSABLE
from leadpact.notifications.selectors import notification_inbox
from leadpact.notifications.tasks import notifications_deliver_soon
from leadpact.users.models import User

logger = logging.getLogger(__name__)


def notification_enqueue(
    *,
    kind: str,
    recipient: User | None,
    payload: dict[str, Any],
    lead_id: int | None = None,
    webhooks: bool = True,
) -> Notification:
    """Write an outbox row; must run inside the transaction of the change it reports.

    Its deliveries follow the recipient's channel preferences plus every active webhook
    endpoint that wants `kind`. The worker is woken once the transaction commits.
    """
    notification, waiting = outbox_write(
        kind=kind, recipient=recipient, payload=payload, lead_id=lead_id, webhooks=webhooks
    )
    if waiting:
        notifications_kick_on_commit()
    return notification


def _kick() -> None:
    notifications_deliver_soon()


def notifications_kick_on_commit() -> None:
    """Wake the worker after this transaction commits: once, however many rows it wrote.

    Robust: a queue that is down must not fail a change that has already committed; the
    minute sweep delivers what the kick missed.
    """
    if batch_defers_wake():
        return
    connection = transaction.get_connection()
    if any(func is _kick for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_kick, robust=True)


def notifications_batch_wake() -> None:
    """The wake-up at the end of a `notifications_batch`: after the enclosing transaction
    commits if there is one, else now (robust, as above)."""
    if transaction.get_connection().in_atomic_block:
        notifications_kick_on_commit()
        return
    try:
        _kick()
    except Exception:
        # The minute sweep delivers what a missed wake-up left.
        logger.exception("Could not wake the notification worker")


def notification_mark_read(*, notification_id: int, user: User) -> Notification:
    notification = notification_inbox(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(f"No notification {notification_id} in your inbox.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return notification_inbox(user=user, unread_only=True).update(read_at=timezone.now())


def channel_preference_set(
    *, user: User, kind: str, channel: str, enabled: bool
) -> ChannelPreference:
    if kind not in Notification.Kind.values:
        raise ApplicationError(f"Unknown notification kind {kind!r}.", status=422)
    if channel not in CHOOSABLE:
        choosable = ", ".join(CHOOSABLE)
        raise ApplicationError(f"Choose a channel from: {choosable}.", status=422)
    preference, _ = ChannelPreference.objects.update_or_create(
        user=user, kind=kind, channel=channel, defaults={"enabled": enabled}
    )
    return preference


@transaction.atomic
def deliveries_retry(*, delivery_ids: Iterable[int]) -> int:
    """Try these deliveries again now (one more attempt for a failed one); sent ones stay."""
    retried = list(
        Delivery.objects.filter(pk__in=list(delivery_ids))
        .filter(status__in=[Delivery.Status.FAILED, Delivery.Status.PENDING])
        .exclude(channel=Channel.IN_APP)
        .values_list("pk", "notification_id")
    )
    Delivery.objects.filter(pk__in=[pk for pk, _ in retried]).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now()
    )
    for notification_id in sorted({n for _, n in retried}):
        notification_settle(notification_id=notification_id)
    if retried:
        notifications_kick_on_commit()
    return len(retried)
