"""The delivered report reaches people: an e-mail with the summary in the recipient's language
and the workbook attached, and an inbox item — once per period, also across a worker restart."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from openpyxl import load_workbook

from leadpact.agreements import selectors as agreement_selectors
from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.notifications.channels.email import XLSX
from leadpact.notifications.delivery import notifications_deliver
from leadpact.notifications.messages import notification_message
from leadpact.notifications.models import Notification
from leadpact.notifications.selectors import notification_inbox
from leadpact.reports.models import ReportDelivery
from leadpact.reports.services import report_deliver_due
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
MONDAY = at("2026-11-02 08:05")
MARTA, TOMASZ = "marta.nowak@leadpact.demo", "tomasz.wisniewski@leadpact.demo"


@pytest.fixture
def october(example: AgreementVersion, cast: dict[str, User]) -> None:
    h = History(example)
    handoff = h.mql(h.lead("l1@acme.pl"), at("2026-10-05 10:00"), cast["piotr"])
    h.accept(handoff, at("2026-10-05 11:00"))
    h.mql(h.lead("l2@stal.pl", grade="D"), at("2026-10-06 10:00"), cast["anna"])
    User.objects.filter(email=TOMASZ).update(language="en")


def reports_mailed() -> list[EmailMultiAlternatives]:
    return [m for m in mail.outbox if m.extra_headers.get("X-Leadpact-Kind") == "report_ready"]


def deliver_and_send(when: datetime) -> ReportDelivery | None:
    with time_machine.travel(when, tick=False):
        delivery = report_deliver_due(now=when)
        notifications_deliver()
        return delivery


def test_each_recipient_gets_the_workbook_and_the_summary_in_their_language(
    october: None, settings: object
) -> None:
    delivery = deliver_and_send(MONDAY)

    assert delivery is not None
    by_recipient = {message.to[0]: message for message in reports_mailed()}
    assert set(by_recipient) == {MARTA, TOMASZ}
    for message in by_recipient.values():
        [(filename, content, mimetype)] = message.attachments
        assert (filename, mimetype) == ("leadpact-report-2026-10.xlsx", XLSX)
        assert content == bytes(delivery.xlsx)
        workbook = load_workbook(io.BytesIO(content))
        assert workbook.sheetnames[0] in ("Podsumowanie", "Overview")
    polish, english = by_recipient[MARTA], by_recipient[TOMASZ]
    assert polish.subject == "Raport za 2026-10 jest gotowy"
    assert "MQL: 2 (zgodne z ICP: 1)" in polish.body
    assert "Przekazane do sprzedaży: 2 (przyjęte: 1, odrzucone: 0, bez decyzji: 1)" in polish.body
    assert "w załączniku (leadpact-report-2026-10.xlsx)" in polish.body
    assert "Wygrane: 0 (0 PLN)" in polish.body
    assert "Decyzje w terminie SLA: 50%" in polish.body
    assert "/reports/2026-10/" in polish.body
    assert english.subject == "The report for 2026-10 is ready"
    assert "MQLs: 2 (matching the ICP: 1)" in english.body
    assert "Handed to sales: 2 (accepted: 1, rejected: 0, waiting: 1)" in english.body
    # The HTML alternative says the same.
    [(html, kind)] = english.alternatives
    assert kind == "text/html" and "MQLs: 2" in html


def test_sent_once_even_after_a_worker_restart(october: None) -> None:
    assert deliver_and_send(MONDAY) is not None
    assert len(reports_mailed()) == 2

    agreement_selectors._PARSED.clear()  # a restarted process remembers nothing
    assert deliver_and_send(at("2026-11-02 09:05")) is None
    assert deliver_and_send(at("2026-11-03 10:00")) is None

    assert len(reports_mailed()) == 2
    assert ReportDelivery.objects.count() == 1


def test_the_inbox_item_carries_the_summary(october: None) -> None:
    deliver_and_send(MONDAY)
    tomasz = User.objects.get(email=TOMASZ)

    [item] = notification_inbox(user=tomasz).filter(kind=Notification.Kind.REPORT_READY)

    assert item.kind == Notification.Kind.REPORT_READY
    message = notification_message(notification=item, language="en", time_zone="Europe/Warsaw")
    assert message.subject == "The report for 2026-10 is ready"
    assert "Hot: 0 · nurture: 0 · in progress: 1" in message.body


def test_a_notification_whose_report_is_gone_is_sent_without_an_attachment(
    october: None,
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        report_deliver_due(now=MONDAY)
        Notification.objects.filter(recipient__email=MARTA).update(
            payload={"period": "2026-10", "report_id": 999_999}
        )
        notifications_deliver()

    by_recipient = {message.to[0]: message for message in reports_mailed()}
    assert by_recipient[MARTA].attachments == []
    assert len(by_recipient[TOMASZ].attachments) == 1
