"""The caller's inbox (any token), and webhook endpoints (administrators only)."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from leadpact.core.bodiless import bodiless
from leadpact.core.exceptions import Forbidden
from leadpact.core.idempotency import idempotent
from leadpact.core.paging import no_query, page_of
from leadpact.core.schemas import API_ERRORS
from leadpact.notifications.channels.in_app import in_app_item
from leadpact.notifications.models import Notification, WebhookEndpoint
from leadpact.notifications.schemas import (
    InboxFilters,
    InboxOut,
    MarkedOut,
    NotificationOut,
    WebhookEndpointIn,
    WebhookEndpointOut,
    WebhookEndpointPatch,
    WebhookEndpointSecretOut,
)
from leadpact.notifications.selectors import (
    notification_inbox,
    notification_unread_count,
    webhook_endpoint_get,
    webhook_endpoint_list,
)
from leadpact.notifications.services import notification_mark_read, notifications_mark_all_read
from leadpact.notifications.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
)
from leadpact.users.models import User

router = Router()


def _caller(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _admin(request: HttpRequest) -> User:
    user = _caller(request)
    if user.role != User.Role.ADMIN:
        raise Forbidden("Only an administrator manages webhook endpoints.")
    return user


def notification_out(notification: Notification, reader: User) -> NotificationOut:
    item = in_app_item(notification=notification, reader=reader)
    return NotificationOut(
        id=notification.pk,
        kind=notification.kind,
        title=item.title,
        body=item.body,
        lead_id=notification.lead_id,
        payload=notification.payload,
        created_at=notification.created_at,
        read_at=notification.read_at,
    )


@router.get(
    "/notifications",
    response={200: InboxOut, **API_ERRORS},
    operation_id="notification_inbox",
    tags=["notifications"],
)
def inbox_api(request: HttpRequest, filters: Query[InboxFilters]) -> InboxOut:
    """Your in-app notifications, newest first, in your language, with the unread count."""
    user = _caller(request)
    inbox = notification_inbox(user=user, unread_only=filters.unread).select_related("recipient")
    page = page_of(inbox, limit=filters.limit, offset=filters.offset, max_limit=200)
    return InboxOut(
        unread=notification_unread_count(user=user),
        count=inbox.count(),
        items=[notification_out(n, user) for n in page],
    )


@router.post(
    "/notifications/read-all",
    response={200: MarkedOut, **API_ERRORS},
    operation_id="notifications_mark_all_read",
    tags=["notifications"],
)
@idempotent
@bodiless
def mark_all_read_api(request: HttpRequest) -> MarkedOut:
    marked = notifications_mark_all_read(user=_caller(request))
    return MarkedOut(marked=marked, unread=0)


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **API_ERRORS},
    operation_id="notification_mark_read",
    tags=["notifications"],
)
@idempotent
@bodiless
def mark_read_api(request: HttpRequest, notification_id: int) -> NotificationOut:
    user = _caller(request)
    return notification_out(
        notification_mark_read(notification_id=notification_id, user=user), user
    )


def endpoint_out(endpoint: WebhookEndpoint) -> WebhookEndpointOut:
    return WebhookEndpointOut.model_validate(endpoint, from_attributes=True)


@router.get(
    "/webhooks",
    response={200: list[WebhookEndpointOut], **API_ERRORS},
    operation_id="webhook_endpoint_list",
    tags=["webhooks"],
)
@no_query
def webhook_list_api(request: HttpRequest) -> list[WebhookEndpointOut]:
    _admin(request)
    return [endpoint_out(endpoint) for endpoint in webhook_endpoint_list()]


@router.post(
    "/webhooks",
    response={201: WebhookEndpointSecretOut, **API_ERRORS},
    operation_id="webhook_endpoint_create",
    tags=["webhooks"],
)
@idempotent
def webhook_create_api(
    request: HttpRequest, payload: WebhookEndpointIn
) -> Status[WebhookEndpointSecretOut]:
    """A new endpoint and its signing secret, shown only in this answer. The URL must resolve
    to public addresses only."""
    _admin(request)
    endpoint = webhook_endpoint_create(**payload.model_dump())
    return Status(201, WebhookEndpointSecretOut.model_validate(endpoint, from_attributes=True))


@router.patch(
    "/webhooks/{endpoint_id}",
    response={200: WebhookEndpointOut, **API_ERRORS},
    operation_id="webhook_endpoint_update",
    tags=["webhooks"],
)
def webhook_update_api(
    request: HttpRequest, endpoint_id: int, payload: WebhookEndpointPatch
) -> WebhookEndpointOut:
    """Change an endpoint; `is_active: true` turns a disabled one back on."""
    _admin(request)
    endpoint = webhook_endpoint_get(endpoint_id=endpoint_id)
    return endpoint_out(webhook_endpoint_update(endpoint=endpoint, **payload.model_dump()))


@router.post(
    "/webhooks/{endpoint_id}/rotate-secret",
    response={200: WebhookEndpointSecretOut, **API_ERRORS},
    operation_id="webhook_endpoint_rotate_secret",
    tags=["webhooks"],
)
@idempotent
@bodiless
def webhook_rotate_api(request: HttpRequest, endpoint_id: int) -> WebhookEndpointSecretOut:
    """A new secret; for 24 hours each webhook carries signatures by the old and the new one."""
    _admin(request)
    endpoint = webhook_endpoint_rotate_secret(
        endpoint=webhook_endpoint_get(endpoint_id=endpoint_id)
    )
    return WebhookEndpointSecretOut.model_validate(endpoint, from_attributes=True)


@router.delete(
    "/webhooks/{endpoint_id}",
    response={204: None, **API_ERRORS},
    operation_id="webhook_endpoint_delete",
    tags=["webhooks"],
)
def webhook_delete_api(request: HttpRequest, endpoint_id: int) -> Status[None]:
    """Delete an endpoint and the deliveries still waiting for it."""
    _admin(request)
    webhook_endpoint_delete(endpoint=webhook_endpoint_get(endpoint_id=endpoint_id))
    return Status(204, None)
