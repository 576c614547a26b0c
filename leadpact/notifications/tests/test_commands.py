from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "0"], r"'0' is not a count of one or more"),
        (["--limit", "-1"], r"'-1' is not a count of one or more"),
        (["--loop", "--interval", "-1"], r"'-1' is not a number of seconds above 0"),
        (["--loop", "--interval", "nan"], r"'nan' is not a number of seconds above 0"),
        (["--loop", "--interval", "inf"], r"'inf' is not a number of seconds above 0"),
    ],
)
def test_a_limit_or_interval_that_cannot_be_is_refused_before_anything_is_sent(
    cast: dict[str, User], args: list[str], message: str
) -> None:
    notify(Notification.Kind.LEAD_ASSIGNED, cast["piotr"])

    with pytest.raises(CommandError, match=message):
        call_command("notifications", "deliver", *args, stdout=StringIO())
    assert len(mail.outbox) == 0
