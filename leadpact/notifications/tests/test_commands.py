from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from leadpact.notifications.models import Notification
from leadpact.notifications.tests.conftest import notify
from leadpact.users.models import User

pytestmark = pytest.mark.django_db


def test_deliver_sends_what_is_due_and_says_so(cast: dict[str, User]) -> None:
    notify(Notification.Kind.LEAD_ASSIGNED, cast["piotr"])
    out = StringIO()
    call_command("notifications", "deliver", stdout=out)
    assert out.getvalue().strip() == "sent 1, retrying 0, failed 0, postponed 0"
    assert len(mail.outbox) == 1
