"""`notification_enqueue`: one delivery per channel the recipient wants, plus one per webhook."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from leadpact.notifications.models import Delivery, Notification, WebhookEndpoint
from leadpact.notifications.outbox import outbox_deferred, outbox_deferred_part
from leadpact.notifications.services import channel_preference_set, notification_enqueue
from leadpact.notifications.tests.conftest import notify
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
K = Notification.Kind


def channels(notification: Notification) -> dict[str, str]:
    return {
        (
            d.channel if d.endpoint is None else f"webhook:{d.endpoint.url.rsplit('/', 1)[1]}"
        ): d.status
        for d in notification.deliveries.select_related("endpoint")
    }


def test_a_rep_gets_a_new_lead_in_the_app_and_by_email(cast: dict[str, User]) -> None:
    notification = notify(K.LEAD_ASSIGNED, cast["piotr"])
    assert channels(notification) == {"in_app": "sent", "email": "pending"}
    assert notification.status == Notification.Status.PENDING


@pytest.mark.parametrize(
    ("person", "kind", "expected"),
    [
        ("piotr", K.SLA_REMINDER, {"in_app", "email"}),
        ("piotr", K.LEAD_REASSIGNED, {"in_app", "email"}),
        ("piotr", K.SLA_BREACH, {"in_app"}),
        ("sylwia", K.SLA_ESCALATION, {"in_app", "email"}),
        ("sylwia", K.LEAD_QUEUED, {"in_app", "email"}),
        ("sylwia", K.SLA_REMINDER, {"in_app"}),
        ("marta", K.AGREEMENT_ACTIVATED, {"in_app"}),
        ("adam", K.WEBHOOK_DISABLED, {"in_app"}),
    ],
)
def test_defaults_by_role(
    cast: dict[str, User], person: str, kind: str, expected: set[str]
) -> None:
    assert set(channels(notify(kind, cast[person]))) == expected


def test_in_app_only_is_delivered_the_moment_it_commits(cast: dict[str, User]) -> None:
    notification = notify(K.AGREEMENT_ACTIVATED, cast["marta"])
    assert notification.status == Notification.Status.SENT
    assert notification.deliveries.get().sent_at == notification.created_at


def test_a_users_choice_beats_the_default(cast: dict[str, User]) -> None:
    channel_preference_set(user=cast["piotr"], kind=K.LEAD_ASSIGNED, channel="email", enabled=False)
    channel_preference_set(
        user=cast["marta"], kind=K.AGREEMENT_ACTIVATED, channel="email", enabled=True
    )
    channel_preference_set(
        user=cast["marta"], kind=K.AGREEMENT_ACTIVATED, channel="in_app", enabled=False
    )

    assert set(channels(notify(K.LEAD_ASSIGNED, cast["piotr"]))) == {"in_app"}
    assert set(channels(notify(K.AGREEMENT_ACTIVATED, cast["marta"]))) == {"email"}


def test_every_active_endpoint_that_wants_the_kind_gets_one_delivery(
    cast: dict[str, User], endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint_at("/all")
    endpoint_at("/leads", kinds=[K.LEAD_ASSIGNED, K.LEAD_QUEUED])
    endpoint_at("/sla", kinds=[K.SLA_BREACH])
    off = endpoint_at("/off")
    off.is_active = False
    off.save()

    notification = notify(K.LEAD_ASSIGNED, cast["piotr"])

    assert channels(notification) == {
        "in_app": "sent",
        "email": "pending",
        "webhook:all": "pending",
        "webhook:leads": "pending",
    }


def test_without_a_recipient_only_webhooks_are_told(
    endpoint_at: Callable[..., WebhookEndpoint],
) -> None:
    endpoint_at("/all")
    assert set(channels(notify(K.LEAD_QUEUED, None))) == {"webhook:all"}


def test_leadpacts_own_plumbing_is_not_broadcast_to_integrations(
    cast: dict[str, User], endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint_at("/all")
    assert set(channels(notify(K.WEBHOOK_DISABLED, cast["adam"]))) == {"in_app"}


def test_an_inactive_recipient_gets_nothing(cast: dict[str, User]) -> None:
    cast["anna"].is_active = False
    cast["anna"].save()
    notification = notify(K.LEAD_ASSIGNED, cast["anna"])
    assert not notification.deliveries.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses(cast: dict[str, User]) -> None:
    with pytest.raises(RuntimeError, match="inside the change's transaction"):
        notification_enqueue(kind=K.LEAD_ASSIGNED, recipient=cast["piotr"], payload={})
    assert not Notification.objects.exists()


def test_the_worker_is_woken_once_per_transaction(
    cast: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for person in ("piotr", "anna", "sylwia"):
            notification_enqueue(kind=K.LEAD_ASSIGNED, recipient=cast[person], payload={})
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        notification_enqueue(kind=K.AGREEMENT_ACTIVATED, recipient=cast["marta"], payload={})
    assert callbacks == [], "nothing waits for the worker: in-app is already delivered"
    assert Delivery.objects.filter(status="pending").count() == 2


def test_deferred_notifications_are_written_together_when_the_block_ends(
    cast: dict[str, User], endpoint_at: Callable[..., WebhookEndpoint]
) -> None:
    endpoint_at("/all")
    with transaction.atomic(), outbox_deferred():
        first = notification_enqueue(kind=K.SLA_REMINDER, recipient=cast["piotr"], payload={"n": 1})
        second = notification_enqueue(
            kind=K.SLA_ESCALATION, recipient=cast["sylwia"], payload={"n": 2}
        )
        assert (Notification.objects.count(), Delivery.objects.count()) == (0, 0)

    written = list(Notification.objects.order_by("id"))
    assert [(n.kind, n.payload) for n in written] == [(K.SLA_REMINDER, {"n": 1}),
                                                      (K.SLA_ESCALATION, {"n": 2})]  # fmt: skip
    assert [first.pk, second.pk] == [n.pk for n in written]
    assert channels(written[0]) == {"in_app": "sent", "email": "pending", "webhook:all": "pending"}
    assert channels(written[1]) == {"in_app": "sent", "email": "pending", "webhook:all": "pending"}


def test_a_failed_deferred_block_writes_nothing(cast: dict[str, User]) -> None:
    with pytest.raises(RuntimeError), transaction.atomic(), outbox_deferred():
        notification_enqueue(kind=K.SLA_REMINDER, recipient=cast["piotr"], payload={})
        raise RuntimeError("the sweep failed")
    assert (Notification.objects.count(), Delivery.objects.count()) == (0, 0)
    # And the next notice is written at once again.
    with transaction.atomic():
        notification_enqueue(kind=K.SLA_REMINDER, recipient=cast["piotr"], payload={})
        assert Notification.objects.count() == 1


def test_a_refused_part_of_a_deferred_block_drops_only_its_own_notices(
    cast: dict[str, User],
) -> None:
    with transaction.atomic(), outbox_deferred():
        notification_enqueue(kind=K.SLA_REMINDER, recipient=cast["piotr"], payload={"n": 1})
        with pytest.raises(RuntimeError), outbox_deferred_part(), transaction.atomic():
            notification_enqueue(kind=K.SLA_ESCALATION, recipient=cast["sylwia"], payload={})
            raise RuntimeError("refused: its savepoint rolls back")
        with outbox_deferred_part(), transaction.atomic():
            notification_enqueue(kind=K.SLA_REMINDER, recipient=cast["piotr"], payload={"n": 2})

    assert list(Notification.objects.order_by("id").values_list("kind", "payload")) == [
        (K.SLA_REMINDER, {"n": 1}),
        (K.SLA_REMINDER, {"n": 2}),
    ]
