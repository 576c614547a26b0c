from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from leadpact.notifications.models import Notification, WebhookEndpoint
from leadpact.notifications.services import notification_enqueue
from leadpact.notifications.webhooks import webhook_endpoint_create
from leadpact.users.models import User
from tests.receiver import Receiver

LEAD_PAYLOAD = {
    "lead_id": None,
    "lead": "Ewa Kowalczyk (ACME S.A.)",
    "team": "sales-sme",
    "accept_due_at": "2026-10-08T09:00:00+00:00",
}


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    with Receiver() as running:
        yield running


@pytest.fixture
def endpoint_at(receiver: Receiver) -> Callable[..., WebhookEndpoint]:
    """`endpoint_at("/crm", kinds=[...])` — a webhook endpoint on the local receiver."""

    def make(path: str = "/hook", **fields: Any) -> WebhookEndpoint:
        return webhook_endpoint_create(url=receiver.url(path), **fields)

    return make


def notify(
    kind: str = Notification.Kind.LEAD_ASSIGNED,
    recipient: User | None = None,
    payload: dict[str, Any] | None = None,
) -> Notification:
    """Enqueue as a change would: inside its transaction."""
    with transaction.atomic():
        return notification_enqueue(
            kind=kind, recipient=recipient, payload=payload or dict(LEAD_PAYLOAD)
        )
