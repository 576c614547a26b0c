"""Webhooks: a signed POST in the Standard Webhooks format, or Slack's `{"text": …}`.

The request goes to the address the SSRF guard has just vetted, never follows a redirect (a
3xx is a failure) and gives up after the timeout. The body is the same bytes on every attempt
and `webhook-id` is the delivery's own, so a receiver can drop a repeat.
"""

import http.client
import json
import socket
import ssl
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from leadpact.notifications.channels import SENT, Outcome, Send, failure
from leadpact.notifications.messages import notification_message
from leadpact.notifications.models import Delivery, WebhookEndpoint
from leadpact.notifications.retries import retry_after_parse
from leadpact.notifications.signing import webhook_sign
from leadpact.notifications.ssrf import UnsafeURL, url_check

USER_AGENT = "leadpact-webhooks/1"
OVERLOADED = {429, 502, 503, 504}


def slack_escape(text: str) -> str:
    # Slack reads <…> as links and mentions: a lead's "Name <email>" must stay text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_document(delivery: Delivery) -> dict[str, Any]:
    notification = delivery.notification
    endpoint = delivery.endpoint
    assert endpoint is not None
    if endpoint.format == WebhookEndpoint.Format.SLACK:
        message = notification_message(
            notification=notification, language=endpoint.language, time_zone=settings.TIME_ZONE
        )
        return {"text": f"*{slack_escape(message.subject)}*\n{slack_escape(message.body)}"}
    recipient = notification.recipient
    return {
        "type": notification.kind,
        "timestamp": notification.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            **notification.payload,
            "notification_id": notification.pk,
            "recipient": {"email": recipient.email, "name": recipient.name} if recipient else None,
        },
    }


def webhook_body(delivery: Delivery) -> bytes:
    document = webhook_document(delivery)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def signing_secrets(endpoint: WebhookEndpoint, *, now: datetime) -> list[str]:
    """The secret, and the previous one while a rotation is under way."""
    secrets = [endpoint.secret]
    if endpoint.previous_secret and (
        endpoint.previous_secret_until is None or endpoint.previous_secret_until > now
    ):
        secrets.append(endpoint.previous_secret)
    return secrets


def webhook_headers(
    *, msg_id: str, timestamp: int, body: bytes, secrets: list[str]
) -> dict[str, str]:
    signatures = " ".join(
        webhook_sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body)
        for secret in secrets
    )
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }


def webhook_prepare(delivery: Delivery) -> Send:
    endpoint = delivery.endpoint
    assert endpoint is not None
    if not endpoint.is_active:
        reason = endpoint.disabled_reason or "disabled by an administrator"
        return failure(f"The endpoint is disabled ({reason}).", permanent=True)
    body = webhook_body(delivery)
    secrets = signing_secrets(endpoint, now=timezone.now())
    url, msg_id = endpoint.url, delivery.webhook_id

    def send() -> Outcome:
        # Signed at the moment of sending: the timestamp is the attempt's, not the event's.
        timestamp = int(timezone.now().timestamp())
        headers = webhook_headers(msg_id=msg_id, timestamp=timestamp, body=body, secrets=secrets)
        return webhook_post(url=url, headers=headers, body=body)

    return send


def webhook_post(
    *, url: str, headers: dict[str, str], body: bytes, timeout: float | None = None
) -> Outcome:
    """POST once, without following redirects; what happened, as an `Outcome`."""
    try:
        target = url_check(url)
    except UnsafeURL as refused:
        return Outcome(ok=False, error=f"Refused: {refused}", endpoint_down=True)
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS if timeout is None else timeout
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    # Dial the vetted address, not the name again: the Host header and TLS still use the name.
    def dial(
        address: tuple[str, int], timeout: float | None = None, source: Any = None
    ) -> socket.socket:
        return socket.create_connection((target.address, target.port), timeout, source)

    connection._create_connection = dial  # type: ignore[attr-defined]
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(300).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException) as problem:
        return Outcome(ok=False, error=f"{type(problem).__name__}: {problem}", endpoint_down=True)
    finally:
        connection.close()
    status = response.status
    if 200 <= status < 300:
        return SENT
    error = f"HTTP {status} {response.reason}"
    if 300 <= status < 400:
        error += f" (redirects are not followed: {response.getheader('Location', '')})"
    elif excerpt:
        error += f": {excerpt}"
    if status == 410:
        return Outcome(ok=False, error=error, gone=True, permanent=True)
    return Outcome(
        ok=False,
        error=error[:1000],
        retry_after=retry_after_parse(response.getheader("Retry-After"), now=timezone.now()),
        endpoint_down=status in OVERLOADED or status >= 500,
    )
