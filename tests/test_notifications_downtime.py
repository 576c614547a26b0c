"""A worker that was down for an hour delivers everything when it comes back.

Monday morning under the example agreement: a lead is handed to a rep at 09:00 and the first
webhook attempt fails; then the worker stops. During its hour away two more leads become
MQLs, one is reassigned, and the failed webhook's retry falls due. Nothing is sent while it is
away: the outbox only grows. At 10:05 the worker's minute job runs once and everything goes
out, each message once.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from leadpact.leads.lifecycle import handoff_reassign
from leadpact.leads.models import Lead
from leadpact.notifications.delivery import notifications_deliver
from leadpact.notifications.models import Delivery, Notification
from leadpact.notifications.signing import webhook_verify
from leadpact.notifications.tasks import notifications_deliver_task
from leadpact.notifications.webhooks import webhook_endpoint_create
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk
from leadpact.touches.tests.factories import touch_payload
from leadpact.users.models import User
from tests.receiver import Receiver, Reply

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def make_mql(name: str, when: str) -> Lead:
    person = {"first_name": name, "last_name": "Kowalczyk", "job_title": "Dyrektor IT"}
    firm = {"name": "ACME S.A.", "industry": "manufacturing", "employees": 800, "country": "PL",
            "annual_revenue": "120000000"}  # fmt: skip
    email = f"{name.lower()}@acme.pl"
    items = [
        touch_payload(f"{name}-{kind}", email=email, domain="acme.pl", lead=person, account=firm,
                      type=kind, occurred_at=at(when).isoformat())
        for kind in ("webinar_attended", "ebook_download")
    ]  # fmt: skip
    touches_record_bulk(items=[TouchIn.model_validate(item) for item in items])
    lead = Lead.objects.get(email=email)
    assert lead.stage == Lead.Stage.MQL
    return lead


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    with Receiver() as running:
        yield running


def test_an_hour_of_downtime_is_caught_up_on_return(
    activate_example: Callable[[], Any], cast: dict[str, User], receiver: Receiver
) -> None:
    with time_machine.travel(at("2026-10-01 09:00"), tick=False):
        activate_example()
        # The agreement's own notices (to sign, in force) are not what this test follows.
        Notification.objects.all().delete()
        endpoint = webhook_endpoint_create(url=receiver.url())

    with time_machine.travel(at("2026-10-05 09:00"), tick=False):
        receiver.script("/hook", Reply(503))
        make_mql("Ewa", "2026-10-05 08:55")
        first_run = notifications_deliver()
        assert (first_run.sent, first_run.retrying) == (1, 1)  # e-mail out, webhook to retry

    # The worker is down from 09:00 to 10:05; the business goes on.
    with time_machine.travel(at("2026-10-05 09:20"), tick=False):
        make_mql("Jan", "2026-10-05 09:15")
    with time_machine.travel(at("2026-10-05 09:40"), tick=False):
        ola = make_mql("Ola", "2026-10-05 09:35")
        handoff_reassign(
            lead_id=ola.pk,
            actor=cast["sylwia"],
            to=cast["piotr"] if ola.owner != cast["piotr"] else cast["anna"],
        )
    waiting = Delivery.objects.exclude(status=Delivery.Status.SENT)
    assert waiting.count() == 7, "3 e-mails and 4 webhooks wait for the worker"
    assert len(mail.outbox) == 1 and len(receiver.received()) == 1

    with time_machine.travel(at("2026-10-05 10:05"), tick=False):
        delivered = notifications_deliver_task.call_local()

    assert delivered == 7
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 4
    requests = receiver.received()
    assert len(requests) == 5, "the first refused attempt, then each webhook once"
    assert len({r.headers["webhook-id"] for r in requests}) == 4
    for request in requests[1:]:
        webhook_verify(
            secret=endpoint.secret,
            headers=request.headers,
            body=request.body,
            now=at("2026-10-05 10:05"),
        )
    kinds = sorted(n.kind for n in Notification.objects.all())
    assert kinds == ["lead_assigned", "lead_assigned", "lead_assigned", "lead_reassigned"]
    assert notifications_deliver().total == 0
