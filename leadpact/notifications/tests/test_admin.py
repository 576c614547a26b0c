from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadpact.notifications.models import Delivery, Notification, WebhookEndpoint
from leadpact.notifications.tests.conftest import notify
from leadpact.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(cast: dict[str, User]) -> Client:
    client = Client()
    client.force_login(cast["adam"])
    return client


def test_every_notifications_page_opens(
    admin_client_for: Client, cast: dict[str, User], endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint_at()
    notification = notify(Notification.Kind.LEAD_ASSIGNED, cast["piotr"])
    for model in ("notification", "delivery", "webhookendpoint", "channelpreference"):
        url = reverse(f"admin:notifications_{model}_changelist")
        assert admin_client_for.get(url).status_code == 200, model
    for filters in (
        "?status__exact=failed",
        "?channel__exact=webhook",
        "?notification__kind=lead_assigned",
    ):
        assert (
            admin_client_for.get(
                reverse("admin:notifications_delivery_changelist") + filters
            ).status_code
            == 200
        )
    page = admin_client_for.get(
        reverse("admin:notifications_notification_change", args=[notification.pk])
    )
    assert page.status_code == 200
    assert reverse("admin:notifications_webhookendpoint_add")
    assert (
        admin_client_for.get(reverse("admin:notifications_webhookendpoint_add")).status_code == 200
    )


def test_retry_now_brings_a_failed_delivery_back(
    admin_client_for: Client, cast: dict[str, User]
) -> None:
    notify(Notification.Kind.LEAD_ASSIGNED, cast["piotr"])
    email = Delivery.objects.get(channel="email")
    Delivery.objects.filter(pk=email.pk).update(
        status="failed",
        attempts=9,
        last_error="SMTPServerDisconnected",
        next_attempt_at=timezone.now(),
    )
    in_app = Delivery.objects.get(channel="in_app")

    response = admin_client_for.post(
        reverse("admin:notifications_delivery_changelist"),
        {"action": "retry_now", "_selected_action": [email.pk, in_app.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 deliveries will be tried again" in response.content.decode()
    email.refresh_from_db()
    assert email.status == "pending"
    assert email.notification.status == Notification.Status.PENDING


def test_the_admin_form_refuses_an_internal_url(admin_client_for: Client) -> None:
    response = admin_client_for.post(
        reverse("admin:notifications_webhookendpoint_add"),
        {
            "name": "intranet",
            "url": "http://10.0.0.8/hook",
            "format": "standard",
            "language": "pl",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "a private address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_form_creates_an_endpoint_with_a_secret(
    admin_client_for: Client, settings: object
) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = True  # type: ignore[attr-defined]
    response = admin_client_for.post(
        reverse("admin:notifications_webhookendpoint_add"),
        {
            "name": "local",
            "url": "http://127.0.0.1:9/hook",
            "kinds": ["sla_breach"],
            "format": "slack",
            "language": "en",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_") and endpoint.kinds == ["sla_breach"]
