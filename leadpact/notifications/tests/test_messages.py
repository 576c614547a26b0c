"""What people read: each kind in Polish and English, times in their own time zone."""

import pytest
from django.core import mail

from leadpact.notifications.channels.email import email_message
from leadpact.notifications.delivery import notifications_deliver
from leadpact.notifications.messages import notification_message
from leadpact.notifications.models import Delivery, Notification
from leadpact.notifications.tests.conftest import notify
from leadpact.notifications.texts import TEXTS
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
K = Notification.Kind


def test_a_polish_rep_reads_polish_with_warsaw_time(cast: dict[str, User]) -> None:
    notify(K.LEAD_ASSIGNED, cast["piotr"])
    notifications_deliver()

    [email] = mail.outbox
    assert email.subject == "Nowy lead dla Ciebie: Ewa Kowalczyk (ACME S.A.)"
    assert "do 8 października 2026 11:00" in email.body
    html, mime = email.alternatives[0]  # type: ignore[attr-defined]
    assert mime == "text/html" and '<html lang="pl">' in str(html)


def test_an_english_rep_in_london_reads_english_with_london_time(cast: dict[str, User]) -> None:
    anna = cast["anna"]
    anna.language, anna.time_zone = "en", "Europe/London"
    anna.save()
    notify(K.LEAD_ASSIGNED, anna)
    notifications_deliver()

    [email] = mail.outbox
    assert email.subject == "A new lead for you: Ewa Kowalczyk (ACME S.A.)"
    assert "by 8 October 2026, 10:00" in email.body


def test_names_are_escaped_in_html_and_kept_in_plain_text(cast: dict[str, User]) -> None:
    notify(K.LEAD_REASSIGNED, cast["piotr"], {"lead": "<b>Ewa</b> & Co", "from": "anna@firma.pl"})
    message = email_message(Delivery.objects.get(channel="email"))
    assert "<b>Ewa</b> & Co" in message.body
    html = str(message.alternatives[0][0])
    assert "&lt;b&gt;Ewa&lt;/b&gt; &amp; Co" in html and "<b>Ewa</b>" not in html
    assert "(wcześniej: anna@firma.pl)" in message.body


def test_a_retried_email_keeps_its_message_id(cast: dict[str, User]) -> None:
    notify(K.LEAD_ASSIGNED, cast["piotr"])
    delivery = Delivery.objects.get(channel="email")
    first, again = email_message(delivery), email_message(delivery)
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert delivery.uid.hex in first.extra_headers["Message-ID"]


@pytest.mark.parametrize("kind", K.values)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_kind_reads_well_in_both_languages_even_with_a_sparse_payload(
    cast: dict[str, User], kind: str, language: str
) -> None:
    assert set(TEXTS[kind]) == {"pl", "en"}
    notification = Notification(kind=kind, recipient=cast["marta"], payload={"lead": "Ewa"})
    message = notification_message(
        notification=notification, language=language, time_zone="Europe/Warsaw"
    )
    assert message.subject and message.body
    assert "{{" not in message.text and "{%" not in message.html
    assert "\n" not in message.subject


def test_an_unknown_language_or_zone_falls_back_to_the_defaults(cast: dict[str, User]) -> None:
    notification = Notification(
        kind=K.SLA_REMINDER, recipient=cast["marta"], payload={"lead": "Ewa", "number": 2}
    )
    message = notification_message(
        notification=notification, language="de", time_zone="Mars/Olympus"
    )
    assert message.subject == "Przypomnienie: lead Ewa czeka na akceptację"
    assert message.body == "Przypomnienie nr 2: lead Ewa wciąż czeka na Twoją decyzję."
