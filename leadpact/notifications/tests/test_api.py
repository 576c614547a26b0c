from collections.abc import Callable
from typing import Any

import pytest

from leadpact.notifications.delivery import notifications_deliver
from leadpact.notifications.models import Notification, WebhookEndpoint
from leadpact.notifications.signing import webhook_verify
from leadpact.notifications.tests.conftest import notify
from leadpact.users.models import User
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db
K = Notification.Kind


def test_the_inbox_lists_my_notifications_in_my_language_with_the_unread_count(
    cast: dict[str, User], api_for: Callable[..., Any]
) -> None:
    first = notify(K.LEAD_ASSIGNED, cast["piotr"])
    notify(K.SLA_REMINDER, cast["piotr"], {"lead": "Ewa Kowalczyk (ACME S.A.)", "number": 1})
    notify(K.LEAD_ASSIGNED, cast["anna"])
    piotr = api_for("piotr", scopes=[])

    body = piotr.get("/notifications").json()

    assert (body["unread"], body["count"]) == (2, 2)
    assert [item["kind"] for item in body["items"]] == ["sla_reminder", "lead_assigned"]
    assert body["items"][1]["title"] == "Nowy lead dla Ciebie: Ewa Kowalczyk (ACME S.A.)"
    assert body["items"][1]["id"] == first.pk

    response = piotr.post(f"/notifications/{first.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert piotr.get("/notifications").json()["unread"] == 1
    assert piotr.get("/notifications", unread="true").json()["count"] == 1

    assert piotr.post("/notifications/read-all").json() == {"marked": 1, "unread": 0}
    assert piotr.get("/notifications").json()["unread"] == 0


def test_someone_elses_notification_is_not_found(
    cast: dict[str, User], api_for: Callable[..., Any]
) -> None:
    annas = notify(K.LEAD_ASSIGNED, cast["anna"])
    response = api_for("piotr").post(f"/notifications/{annas.pk}/read")
    assert response.status_code == 404
    annas.refresh_from_db()
    assert annas.read_at is None


def test_the_inbox_needs_a_token(cast: dict[str, User], api_for: Callable[..., Any]) -> None:
    assert api_for("piotr").client.get("/api/v1/notifications").status_code == 401


def test_only_an_admin_manages_webhooks(cast: dict[str, User], api_for: Callable[..., Any]) -> None:
    response = api_for("sylwia").post("/webhooks", {"url": "https://example.com/hook"})
    assert response.status_code == 403
    assert api_for("sylwia").get("/webhooks").status_code == 403


def test_an_admin_creates_rotates_and_deletes_an_endpoint(
    cast: dict[str, User], api: Any, receiver: Receiver
) -> None:
    response = api.post(
        "/webhooks", {"url": receiver.url(), "kinds": ["lead_queued"], "name": "CRM"}
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert created["kinds"] == ["lead_queued"]
    assert "secret" not in api.get("/webhooks").json()[0]

    rotated = api.post(f"/webhooks/{created['id']}/rotate-secret").json()
    assert rotated["secret"] != created["secret"]
    notify(K.LEAD_QUEUED)
    notifications_deliver()
    [request] = receiver.received()
    assert len(request.headers["webhook-signature"].split()) == 2
    for secret in (created["secret"], rotated["secret"]):
        webhook_verify(secret=secret, headers=request.headers, body=request.body, now=request.at)

    response = api.client.delete(
        f"/api/v1/webhooks/{created['id']}", headers={"Authorization": f"Bearer {api.secret}"}
    )
    assert response.status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_an_internal_url_is_refused_with_422(cast: dict[str, User], api: Any) -> None:
    response = api.post("/webhooks", {"url": "http://169.254.169.254/latest/meta-data"})
    assert response.status_code == 422
    assert "link-local" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "url"


def test_a_disabled_endpoint_is_turned_back_on(
    cast: dict[str, User], api: Any, receiver: Receiver
) -> None:
    endpoint = WebhookEndpoint.objects.create(
        url=receiver.url(), secret="whsec_eA==", is_active=False, disabled_reason="HTTP 410 Gone"
    )
    response = api.client.patch(
        f"/api/v1/webhooks/{endpoint.pk}",
        {"is_active": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.secret}"},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["is_active"], response.json()["disabled_reason"]) == (True, "")


def test_every_post_honours_the_key_so_a_retried_webhook_is_created_once(
    api: Any, receiver: Receiver
) -> None:
    body = {"url": receiver.url(), "kinds": ["lead_assigned"]}

    first = api.post("/webhooks", body, headers={"Idempotency-Key": "hook-1"})
    retried = api.post("/webhooks", body, headers={"Idempotency-Key": "hook-1"})

    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json() == first.json(), "the same endpoint and secret, not a second one"
    assert retried["Idempotent-Replayed"] == "true"
    assert WebhookEndpoint.objects.count() == 1


def test_a_kind_never_sent_to_webhooks_cannot_be_subscribed(
    cast: dict[str, User], api: Any, receiver: Receiver
) -> None:
    response = api.post("/webhooks", {"url": receiver.url(), "kinds": ["webhook_disabled"]})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "kinds",
            "message": "webhook_disabled is never sent to webhooks; it tells administrators",
        }
    ]
    assert not WebhookEndpoint.objects.exists()


def test_a_null_in_a_change_is_refused_naming_the_field(
    cast: dict[str, User], api: Any, receiver: Receiver
) -> None:
    endpoint = WebhookEndpoint.objects.create(url=receiver.url(), secret="whsec_eA==", name="CRM")

    response = api.client.patch(
        f"/api/v1/webhooks/{endpoint.pk}",
        {"name": None, "is_active": None, "format": "slack"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.secret}"},
    )

    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == ["is_active", "name"]
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.format) == ("CRM", "standard")
