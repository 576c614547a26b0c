from django.db.models import Exists, OuterRef, QuerySet

from leadpact.core.exceptions import NotFound
from leadpact.notifications.models import Channel, Delivery, Notification, WebhookEndpoint
from leadpact.users.models import User


def notification_inbox(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first."""
    in_app = Delivery.objects.filter(notification=OuterRef("pk"), channel=Channel.IN_APP)
    inbox = Notification.objects.filter(Exists(in_app), recipient=user)
    if unread_only:
        inbox = inbox.filter(read_at__isnull=True)
    return inbox.order_by("-created_at", "-id")


def notification_unread_count(*, user: User) -> int:
    return notification_inbox(user=user, unread_only=True).count()


def webhook_endpoint_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("id")


def webhook_endpoint_get(*, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(f"No webhook endpoint {endpoint_id}.")
    return endpoint
