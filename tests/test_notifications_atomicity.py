"""A change and its notification commit together or not at all, wherever a fault strikes.

Each trial records the touches that make a fresh lead an MQL under the example agreement: in
one transaction the lead changes stage, a handoff opens, a rep (or, once the reps are full,
the team queue) gets it, and the outbox gets the notification with its deliveries. A fault is
injected at a random point: the k-th SQL statement of the trial (k drawn over the statements a
clean trial makes), or the k-th call of a function on the path, before or after it has done
its work. Afterwards either everything of the trial exists, or nothing does. Real commits
(`transaction=True`): a savepoint would prove less.
"""

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from leadpact.leads import evaluation, handoffs
from leadpact.leads.models import Handoff, Lead
from leadpact.notifications import outbox, services
from leadpact.notifications.models import Delivery, Notification, WebhookEndpoint
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk
from leadpact.touches.tests.factories import touch_payload

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 200


class Fault(Exception):
    """The injected failure."""


def touches(n: int) -> list[TouchIn]:
    person = {"first_name": "Ewa", "last_name": f"Kowalczyk {n}", "job_title": "Dyrektor IT"}
    firm = {"name": "ACME S.A.", "industry": "manufacturing", "employees": 800, "country": "PL",
            "annual_revenue": "120000000"}  # fmt: skip
    return [
        TouchIn.model_validate(
            touch_payload(f"t{n}-{kind}", email=f"ewa{n}@acme.pl", domain="acme.pl", lead=person,
                          account=firm, type=kind, occurred_at="2026-10-07T10:00:00+02:00")
        )
        for kind in ("webinar_attended", "ebook_download")
    ]  # fmt: skip


@contextmanager
def fail_at_statement(k: int) -> Iterator[list[int]]:
    seen = [0]

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        seen[0] += 1
        if seen[0] == k:
            raise Fault(f"statement {k}: {sql[:60]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


# Functions on the path, patched where the path looks them up.
FUNCTIONS: list[tuple[Any, str]] = [
    (evaluation, "handoff_open"),
    (handoffs, "handoff_deadlines"),
    (handoffs, "team_next_rep"),
    (handoffs, "notification_enqueue"),
    (services, "outbox_write"),
    (outbox, "channels_for"),
    (outbox, "webhook_endpoints_for"),
    (services, "notifications_kick_on_commit"),
    # After the commit: the change stands, and the minute sweep still delivers.
    (services, "_kick"),
]


def fail_at_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, *, after: bool) -> None:
    original = getattr(owner, name)

    def faulty(*args: Any, **kwargs: Any) -> Any:
        if not after:
            raise Fault(f"{name} before")
        original(*args, **kwargs)
        raise Fault(f"{name} after")

    monkeypatch.setattr(owner, name, faulty)


def trial_state(n: int) -> tuple[bool, int, int, int]:
    """(lead is an MQL, handoffs, notifications, deliveries) of trial n."""
    email = f"ewa{n}@acme.pl"
    lead = Lead.objects.filter(email=email).first()
    notifications = Notification.objects.filter(lead__email=email)
    return (
        bool(lead and lead.stage == Lead.Stage.MQL),
        Handoff.objects.filter(lead__email=email).count(),
        notifications.count(),
        Delivery.objects.filter(notification__in=notifications).count(),
    )


def test_no_change_without_its_notification_and_no_notification_without_its_change(
    activate_example: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    activate_example()
    WebhookEndpoint.objects.create(url="https://hooks.example.com/leadpact", secret="whsec_eA==")
    with fail_at_statement(0) as counted:
        touches_record_bulk(items=touches(-1))
    statements = counted[0]
    assert trial_state(-1) == (True, 1, 1, 3), "a clean trial hands the lead over and tells"
    rng = random.Random(20261007)
    outcomes: Counter[str] = Counter()

    for n in range(TRIALS):
        items = touches(n)
        with monkeypatch.context() as patch:
            if rng.random() < 0.6:
                k = rng.randint(1, statements + 3)  # beyond the last statement: no fault
                with fail_at_statement(k):
                    failed = run(items)
                where = "statement"
            else:
                owner, name = rng.choice(FUNCTIONS)
                fail_at_call(patch, owner, name, after=rng.random() < 0.5)
                failed = run(items)
                where = name
        handed, handoffs_, notes, deliveries = trial_state(n)
        if handed:
            assert (handoffs_, notes, deliveries) == (1, 1, 3), (n, where)
        else:
            assert (handoffs_, notes, deliveries) == (0, 0, 0), (n, where)
            assert failed, f"trial {n}: nothing failed, yet nothing was handed over"
        outcomes[f"{'failed' if failed else 'ok'}/{'committed' if handed else 'rolled back'}"] += 1

    # A fault always rolls everything back: no half of a change ever commits.
    assert outcomes["failed/committed"] == 0, outcomes
    assert outcomes["failed/rolled back"] >= 100, outcomes
    assert outcomes["ok/committed"] >= 10, outcomes
    # Putting the example agreement in force told its signers and everyone: not a trial's.
    agreement_notices = [Notification.Kind.AGREEMENT_TO_SIGN, Notification.Kind.AGREEMENT_ACTIVATED]
    orphans = Notification.objects.exclude(kind__in=agreement_notices).exclude(
        lead__stage=Lead.Stage.MQL
    )
    assert not orphans.exists(), "a notification without its change"
    untold = Lead.objects.filter(stage=Lead.Stage.MQL).exclude(
        pk__in=Notification.objects.values("lead_id")
    )
    assert not untold.exists(), "a change without its notification"
    print(f"{statements} statements in a clean trial; outcomes {dict(outcomes)}")


def run(items: list[TouchIn]) -> bool:
    try:
        touches_record_bulk(items=items)
    except Fault:
        return True
    return False
