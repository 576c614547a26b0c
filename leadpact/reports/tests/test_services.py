"""Delivery on the agreed cadence: on the first working day after the period, once."""

from collections.abc import Callable
from datetime import datetime

import pytest
import time_machine

from leadpact.agreements import selectors as agreement_selectors
from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.notifications.models import Notification
from leadpact.reports.models import ReportDelivery
from leadpact.reports.services import report_deliver_due
from leadpact.reports.tasks import report_deliver_due_task
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
RECIPIENTS = {"marta.nowak@leadpact.demo", "tomasz.wisniewski@leadpact.demo"}


@pytest.fixture
def october(example: AgreementVersion, cast: dict[str, User]) -> None:
    h = History(example)
    h.mql(h.lead("l1@acme.pl"), at("2026-10-05 10:00"), cast["piotr"])


def deliver(when: datetime) -> ReportDelivery | None:
    with time_machine.travel(when, tick=False):
        return report_deliver_due(now=when)


def reports_sent() -> list[Notification]:
    return list(Notification.objects.filter(kind=Notification.Kind.REPORT_READY))


def test_not_before_the_first_working_day_after_the_period(october: None) -> None:
    # 1 November 2026 is a Sunday and a holiday; Monday opens at 08:00.
    assert deliver(at("2026-11-01 12:00")) is None
    assert deliver(at("2026-11-02 07:59")) is None
    assert reports_sent() == []


def test_sent_once_to_each_recipient_with_the_workbook(october: None) -> None:
    delivery = deliver(at("2026-11-02 08:05"))
    assert delivery is not None
    assert (delivery.period, delivery.agreement_version.number) == ("2026-10", 1)
    assert bytes(delivery.xlsx)[:2] == b"PK"
    assert delivery.report["mql"]["total"] == 1
    sent = reports_sent()
    assert {n.recipient.email for n in sent if n.recipient} == RECIPIENTS
    payload = sent[0].payload
    assert payload["period"] == "2026-10" and payload["report_id"] == delivery.pk
    assert payload["filename"] == "leadpact-report-2026-10.xlsx"
    assert payload["summary"]["mql"] == {"icp": 1, "non_icp": 0, "total": 1}


def test_a_second_call_and_a_restarted_worker_send_nothing_more(october: None) -> None:
    assert deliver(at("2026-11-02 08:05")) is not None
    assert deliver(at("2026-11-02 09:05")) is None
    # A restart: the process forgets everything it held; the table still knows.
    agreement_selectors._PARSED.clear()
    assert deliver(at("2026-11-03 10:00")) is None
    assert ReportDelivery.objects.count() == 1
    assert len(reports_sent()) == 2


def test_a_worker_that_lost_the_race_sends_nothing(
    october: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers both found no delivery and built the report; the second insert fails."""
    first = deliver(at("2026-11-02 08:05"))
    assert first is not None
    real_filter = ReportDelivery.objects.filter

    class Stale:
        def exists(self) -> bool:
            return False  # what the second worker saw before the first one committed

    monkeypatch.setattr(
        ReportDelivery.objects,
        "filter",
        lambda **kw: Stale() if "period" in kw else real_filter(**kw),
    )
    assert deliver(at("2026-11-02 08:06")) is None
    assert len(reports_sent()) == 2


def test_a_late_worker_delivers_the_last_closed_period(october: None) -> None:
    delivery = deliver(at("2026-11-20 12:00"))
    assert delivery is not None and delivery.period == "2026-10"


def test_no_report_for_a_period_before_the_agreement(example: AgreementVersion) -> None:
    # On Friday 2 October the last closed month is September, before the agreement.
    assert deliver(at("2026-10-02 09:00")) is None
    assert ReportDelivery.objects.count() == 0


def test_quarterly_cadence(
    example: AgreementVersion, activate_version: Callable[..., AgreementVersion]
) -> None:
    activate_version(at("2026-10-02 09:00"), cadence="quarterly")
    # In November the last closed quarter (Q3) was before any agreement: nothing to send.
    assert deliver(at("2026-11-02 08:05")) is None
    delivery = deliver(at("2027-01-04 08:30"))  # 1 January is a holiday, then a weekend
    assert delivery is not None
    assert (delivery.period, delivery.agreement_version.number) == ("2026-Q4", 2)
    assert delivery.report["agreement_versions"] == [1, 2]


def test_the_periodic_task_calls_the_service(october: None) -> None:
    with time_machine.travel(at("2026-11-02 09:00"), tick=False):
        assert report_deliver_due_task.call_local() == "2026-10"
        assert report_deliver_due_task.call_local() is None
