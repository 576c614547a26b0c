"""The worker against a real local receiver: what it sends, and what it does when that fails."""

import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from leadpact.notifications.delivery import deliveries_claim, notifications_deliver
from leadpact.notifications.models import Delivery, Notification, WebhookEndpoint
from leadpact.notifications.retries import MAX_ATTEMPTS, RETRY_DELAYS
from leadpact.notifications.selectors import notification_inbox
from leadpact.notifications.signing import webhook_verify
from leadpact.notifications.tests.conftest import notify
from leadpact.users.models import User
from tests.receiver import Receiver, Reply, black_hole

pytestmark = pytest.mark.django_db
K = Notification.Kind
S = Delivery.Status


def webhook(endpoint: WebhookEndpoint) -> Delivery:
    return Delivery.objects.get(endpoint=endpoint)


def test_email_and_webhook_go_out_signed_and_the_notification_is_sent(
    cast: dict[str, User], receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint = endpoint_at()
    notification = notify(K.LEAD_ASSIGNED, cast["piotr"])

    run = notifications_deliver()

    assert (run.sent, run.retrying, run.failed) == (2, 0, 0)
    [email] = mail.outbox
    assert email.to == ["piotr@firma.pl"]
    assert email.subject == "Nowy lead dla Ciebie: Ewa Kowalczyk (ACME S.A.)"
    [request] = receiver.received()
    webhook_verify(
        secret=endpoint.secret, headers=request.headers, body=request.body, now=timezone.now()
    )
    delivery = webhook(endpoint)
    assert request.headers["webhook-id"] == delivery.webhook_id == f"msg_{delivery.uid.hex}"
    assert request.headers["content-type"] == "application/json"
    document = json.loads(request.body)
    assert document["type"] == "lead_assigned"
    assert document["data"]["lead"] == "Ewa Kowalczyk (ACME S.A.)"
    assert document["data"]["recipient"] == {"email": "piotr@firma.pl", "name": "Piotr Zieliński"}
    assert document["data"]["notification_id"] == notification.pk
    assert (delivery.status, delivery.attempts, delivery.last_error) == (S.SENT, 1, "")
    assert delivery.sent_at is not None and delivery.claimed_by == ""
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notifications_deliver().total == 0, "nothing is sent twice"


def test_slack_format_posts_escaped_text(
    cast: dict[str, User], receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint_at("/slack", format="slack", language="en")
    lead = "Ewa <ewa@acme.pl> & Co"
    notify(K.SLA_ESCALATION, cast["sylwia"], {"lead": lead, "deadline": "accept"})

    notifications_deliver()

    [request] = receiver.received("/slack")
    assert json.loads(request.body) == {
        "text": "*SLA escalation: Ewa &lt;ewa@acme.pl&gt; &amp; Co*\nNobody accepted the lead "
        "Ewa &lt;ewa@acme.pl&gt; &amp; Co within the agreement's deadline. Decide who takes it."
    }
    assert "webhook-signature" in request.headers


def test_a_failure_is_retried_on_the_schedule_with_the_same_webhook_id(
    receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint = endpoint_at()
    receiver.script("/hook", Reply(500, body=b"database is down"))
    start = timezone.now()
    notify(K.LEAD_QUEUED)

    notifications_deliver()

    delivery = webhook(endpoint)
    assert (delivery.status, delivery.attempts) == (S.PENDING, 1)
    assert delivery.last_error == "HTTP 500 Internal Server Error: database is down"
    wait = delivery.next_attempt_at - start
    assert (
        RETRY_DELAYS[0] * 0.8 - timedelta(seconds=1)
        <= wait
        <= RETRY_DELAYS[0] * 1.2 + timedelta(seconds=5)
    )
    assert notifications_deliver().total == 0, "not before its time"

    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        notifications_deliver()
        later = timezone.now()

    first, second = receiver.received()
    assert (
        first.headers["webhook-id"] == second.headers["webhook-id"] == webhook(endpoint).webhook_id
    )
    assert first.body == second.body
    assert int(second.headers["webhook-timestamp"]) > int(first.headers["webhook-timestamp"])
    webhook_verify(secret=endpoint.secret, headers=second.headers, body=second.body, now=later)
    assert (webhook(endpoint).status, webhook(endpoint).attempts) == (S.SENT, 2)


@pytest.mark.parametrize(
    "retry_after", ["7200", (datetime(2026, 10, 7, 11, 0)).strftime("%a, %d %b %Y %H:%M:%S GMT")]
)
def test_retry_after_is_honoured(
    receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint], retry_after: str
) -> None:
    endpoint = endpoint_at()
    receiver.script("/hook", Reply(503, headers={"Retry-After": retry_after}))
    with time_machine.travel(datetime.fromisoformat("2026-10-07T09:00:00+00:00"), tick=False):
        notify(K.LEAD_QUEUED)
        notifications_deliver()
    delivery = webhook(endpoint)
    assert delivery.next_attempt_at == datetime.fromisoformat("2026-10-07T11:00:00+00:00")
    assert delivery.last_error.startswith("HTTP 503")


def test_after_the_last_attempt_it_is_failed_with_its_last_error(
    cast: dict[str, User], receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint = endpoint_at()
    receiver.default = Reply(502, body=b"bad gateway")
    notification = notify(K.LEAD_ASSIGNED, cast["piotr"])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(MAX_ATTEMPTS + 2):
            notifications_deliver()
            clock.shift(timedelta(hours=29))

    delivery = webhook(endpoint)
    assert (delivery.status, delivery.attempts) == (S.FAILED, MAX_ATTEMPTS)
    assert delivery.last_error == "HTTP 502 Bad Gateway: bad gateway"
    assert len(receiver.received()) == MAX_ATTEMPTS
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED


def test_410_disables_the_endpoint_and_tells_the_admins(
    cast: dict[str, User], receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    gone = endpoint_at("/gone")
    healthy = endpoint_at("/ok")
    receiver.script("/gone", Reply(410))
    notify(K.LEAD_QUEUED)
    notify(K.LEAD_QUEUED)

    notifications_deliver()

    gone.refresh_from_db()
    assert not gone.is_active
    assert gone.disabled_reason.startswith("HTTP 410 Gone")
    assert len(receiver.received("/gone")) == 1, "nothing more is sent once it said 410"
    assert len(receiver.received("/ok")) == 2
    assert set(Delivery.objects.filter(endpoint=healthy).values_list("status", flat=True)) == {
        S.SENT
    }

    [notice] = notification_inbox(user=cast["adam"])
    assert notice.kind == K.WEBHOOK_DISABLED
    assert notice.payload["url"] == gone.url

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        notifications_deliver()
    statuses = list(Delivery.objects.filter(endpoint=gone).values_list("status", "last_error"))
    assert sorted(s for s, _ in statuses) == [S.FAILED, S.FAILED]
    assert any("The endpoint is disabled (HTTP 410 Gone" in e for _, e in statuses)
    assert len(receiver.received("/gone")) == 1


def test_a_redirect_is_a_failure_and_is_not_followed(
    receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint = endpoint_at("/old")
    receiver.script("/old", Reply(301, headers={"Location": receiver.url("/new")}))
    notify(K.LEAD_QUEUED)

    notifications_deliver()

    assert [r.path for r in receiver.received()] == ["/old"]
    delivery = webhook(endpoint)
    assert delivery.status == S.PENDING
    assert "HTTP 301" in delivery.last_error and "redirects are not followed" in delivery.last_error


def test_a_dead_endpoint_times_out_and_delays_nobody_else(
    cast: dict[str, User],
    receiver: Receiver,
    endpoint_at: Callable[..., WebhookEndpoint],
    settings: Any,
) -> None:
    settings.WEBHOOK_TIMEOUT_SECONDS = 1.0
    healthy = endpoint_at("/ok")
    with black_hole() as dead_url:
        dead = WebhookEndpoint.objects.create(url=dead_url, secret=healthy.secret)
        for _ in range(3):
            notify(K.LEAD_ASSIGNED, cast["piotr"])
        started = time.time()

        run = notifications_deliver()

        elapsed = time.time() - started
    assert elapsed < 3, "one timeout per batch for the dead endpoint, not one per delivery"
    assert len(receiver.received("/ok")) == 3
    assert all(r.at - started < 0.9 for r in receiver.received("/ok")), (
        "not held up by the dead one"
    )
    assert len(mail.outbox) == 3
    dead_rows = list(Delivery.objects.filter(endpoint=dead).order_by("id"))
    assert [(d.status, d.attempts) for d in dead_rows] == [
        (S.PENDING, 1),
        (S.PENDING, 0),
        (S.PENDING, 0),
    ]
    assert "timed out" in dead_rows[0].last_error
    assert all(d.next_attempt_at > timezone.now() for d in dead_rows)
    assert (run.sent, run.retrying, run.released) == (6, 1, 2)


def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_expires(
    receiver: Receiver, endpoint_at: Callable[..., WebhookEndpoint], settings: Any
) -> None:
    endpoint = endpoint_at()
    notify(K.LEAD_QUEUED)

    _, first = deliveries_claim(limit=10, worker="worker-a")
    _, second = deliveries_claim(limit=10, worker="worker-b")
    assert [d.endpoint_id for d in first] == [endpoint.pk] and second == []
    assert first[0].claimed_by.startswith("worker-a:")

    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    with time_machine.travel(timezone.now() + lease + timedelta(seconds=1)):
        # worker-a died mid-send: its lease runs out and the delivery is taken again.
        run = notifications_deliver(worker="worker-b")
    assert run.sent == 1
    assert webhook(endpoint).status == S.SENT and webhook(endpoint).claimed_by == ""


def test_an_email_to_a_user_who_left_fails_for_good(cast: dict[str, User]) -> None:
    notify(K.LEAD_ASSIGNED, cast["piotr"])
    User.objects.filter(pk=cast["piotr"].pk).update(is_active=False)

    notifications_deliver()

    email = Delivery.objects.get(channel="email")
    assert (email.status, email.attempts) == (S.FAILED, 1)
    assert "inactive" in email.last_error
    assert mail.outbox == []
