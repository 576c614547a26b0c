"""Webhook endpoints: created and changed only here, so each is checked by the SSRF guard."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leadpact.core.exceptions import ApplicationError
from leadpact.notifications.messages import LANGUAGES
from leadpact.notifications.models import Notification, WebhookEndpoint
from leadpact.notifications.outbox import outbox_write
from leadpact.notifications.signing import webhook_secret_generate
from leadpact.users.models import User


def _validated(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    errors: list[dict[str, str]] = []
    if endpoint.language not in LANGUAGES:
        errors.append({"field": "language", "message": f"must be one of {', '.join(LANGUAGES)}"})
    try:
        endpoint.full_clean()
    except ValidationError as error:
        errors += [
            {"field": field, "message": " ".join(str(m) for m in messages)}
            for field, messages in error.message_dict.items()
        ]
    if errors:
        raise ApplicationError(
            "The webhook endpoint is invalid: "
            + "; ".join(f"{e['field']}: {e['message']}" for e in errors),
            status=422,
            code="invalid",
            extra=errors,
        )
    return endpoint


def webhook_endpoint_create(
    *,
    url: str,
    kinds: list[str] | None = None,
    format: str = WebhookEndpoint.Format.STANDARD,
    language: str = "pl",
    name: str = "",
) -> WebhookEndpoint:
    """A new endpoint with a fresh `whsec_` secret; refused if its host resolves inside."""
    endpoint = WebhookEndpoint(
        url=url.strip(),
        kinds=sorted({str(kind) for kind in kinds or []}),
        format=format,
        language=language,
        name=name,
        secret=webhook_secret_generate(),
    )
    _validated(endpoint).save()
    return endpoint


def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    kinds: list[str] | None = None,
    format: str | None = None,
    language: str | None = None,
    name: str | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    if url is not None:
        endpoint.url = url.strip()
    if kinds is not None:
        endpoint.kinds = sorted({str(kind) for kind in kinds})
    if format is not None:
        endpoint.format = format
    if language is not None:
        endpoint.language = language
    if name is not None:
        endpoint.name = name
    if is_active is not None:
        endpoint.is_active = is_active
        if is_active:
            endpoint.disabled_reason = ""
    _validated(endpoint).save()
    return endpoint


def webhook_endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, keep_previous_for: timedelta = timedelta(hours=24)
) -> WebhookEndpoint:
    """A new secret; the old one still signs beside it for `keep_previous_for`."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + keep_previous_for
    endpoint.secret = webhook_secret_generate()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint and the deliveries still waiting for it."""
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_disable(*, endpoint_id: int, reason: str) -> bool:
    """Disable an endpoint that asked for it (HTTP 410) and tell the administrators, once."""
    if not WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).update(
        is_active=False, disabled_reason=reason[:300]
    ):
        return False
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    for admin in User.objects.filter(role=User.Role.ADMIN, is_active=True):
        outbox_write(
            kind=Notification.Kind.WEBHOOK_DISABLED,
            recipient=admin,
            payload={"endpoint_id": endpoint.pk, "url": endpoint.url, "reason": reason},
        )
    return True
