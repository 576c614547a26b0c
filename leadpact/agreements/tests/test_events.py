"""What a version's life tells people: its signers are asked to sign when it is proposed, and
everyone hears when it comes into force — each notification committed with its change."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_versions_activate_due,
)
from leadpact.agreements.tests.conftest import ANNA, MARTA, TOMASZ
from leadpact.notifications.messages import notification_message
from leadpact.notifications.models import Channel, Notification
from leadpact.notifications.webhooks import webhook_endpoint_create
from leadpact.users.models import User

K = Notification.Kind


def to_sign() -> dict[str, dict[str, object]]:
    return {
        n.recipient.email: n.payload
        for n in Notification.objects.filter(kind=K.AGREEMENT_TO_SIGN).select_related("recipient")
    }


def test_proposing_asks_every_named_signer_to_sign(draft):
    asked = to_sign()

    assert set(asked) == {MARTA, TOMASZ, ANNA}
    assert asked[MARTA] == {
        "version_id": draft.pk,
        "number": draft.number,
        "role": "marketing_owner",
        "required": True,
    }
    assert asked[ANNA]["role"] == "signatory"
    assert asked[ANNA]["required"] is False


def test_a_signer_is_asked_by_e_mail_too(draft):
    tomasz = Notification.objects.get(kind=K.AGREEMENT_TO_SIGN, recipient__email=TOMASZ)
    assert set(tomasz.deliveries.values_list("channel", flat=True)) == {
        Channel.IN_APP,
        Channel.EMAIL,
    }


def test_a_proposal_rolled_back_leaves_no_request_to_sign(heads, example_text):
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement_version_propose(text=example_text, proposed_by=heads["marta"])
        assert len(to_sign()) == 3
        raise RuntimeError("the surrounding change fails")
    assert not AgreementVersion.objects.exists()
    assert not Notification.objects.exists()


def test_the_request_to_sign_reads_in_both_languages(draft):
    notification = Notification.objects.get(kind=K.AGREEMENT_TO_SIGN, recipient__email=MARTA)
    pl = notification_message(notification=notification, language="pl", time_zone="Europe/Warsaw")
    en = notification_message(notification=notification, language="en", time_zone="UTC")
    assert pl.subject == f"Umowa nr {draft.number} czeka na Twój podpis"
    assert en.subject == f"Agreement version {draft.number} waits for your signature"


def activated() -> list[Notification]:
    return list(Notification.objects.filter(kind=K.AGREEMENT_ACTIVATED).order_by("pk"))


def test_activation_tells_every_active_user(signed, heads, cast):
    cast["anna"].is_active = False
    cast["anna"].save()
    agreement_version_activate(version=signed, actor=heads["tomasz"])
    signed.refresh_from_db()

    told = {n.recipient for n in activated()}
    assert told == set(User.objects.filter(is_active=True))
    assert cast["anna"] not in told
    payload = activated()[0].payload
    assert payload == {
        "version_id": signed.pk,
        "number": signed.number,
        "effective_from_at": signed.effective_from.isoformat(),
    }


def test_activation_reaches_an_integration_once(signed, heads, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    endpoint = webhook_endpoint_create(url="http://127.0.0.1:9/hook")
    agreement_version_activate(version=signed, actor=heads["tomasz"])

    broadcasts = [n for n in activated() if n.recipient is None]
    assert len(broadcasts) == 1
    assert list(broadcasts[0].deliveries.values_list("endpoint", flat=True)) == [endpoint.pk]
    personal = [n for n in activated() if n.recipient is not None]
    assert personal
    assert not any(n.deliveries.filter(channel=Channel.WEBHOOK).exists() for n in personal)


def test_without_integrations_there_is_no_broadcast_row(signed, heads):
    agreement_version_activate(version=signed, actor=heads["tomasz"])
    assert all(n.recipient is not None for n in activated())


def test_a_refused_activation_tells_nobody(draft, heads):
    with pytest.raises(Exception, match="not signed yet"):
        agreement_version_activate(version=draft, actor=heads["tomasz"])
    assert activated() == []


def test_a_scheduled_version_is_announced_when_it_takes_effect(signed, heads):
    start = timezone.now()
    when = start + timedelta(days=3)
    agreement_version_activate(version=signed, actor=heads["tomasz"], effective_from=when)
    assert activated() == []

    with time_machine.travel(when + timedelta(minutes=1), tick=False):
        agreement_versions_activate_due()
    assert activated()
    assert {n.payload["effective_from_at"] for n in activated()} == {when.isoformat()}
