"""The history generator: months of a simulated company's marketing and sales, played through
leadpact's own services on a simulated clock that ends now (see `simulation.py`).

Speed: `python -m bench.run history` measures it (leads per second of wall clock and of CPU,
beside the same touches inserted raw). It is linear in the number of leads; nearly all of it is
the services' own work — ingesting and judging touches, opening handoffs, each sales action,
each SLA firing — not the simulation's. What the services look up again and again (the
agreement in force, the teams' reps, who hears what) is read once per run, and each simulated
sync commits once, which is what PostgreSQL (a disk flush per commit) needs most.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import time_machine
from django.db.models import Count, F
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.selectors import version_agreement
from leadpact.core.exceptions import ApplicationError, Conflict
from leadpact.demo.simulation import HistorySummary, Progress, Simulation
from leadpact.demo.staff import (
    agreement_in_force,
    agreement_sign_and_activate,
    agreement_text_parse,
    staff_ensure,
    staff_plan,
)
from leadpact.demo.world import World
from leadpact.leads.models import Handoff, Lead
from leadpact.notifications.models import Channel, Notification, WebhookEndpoint
from leadpact.notifications.preferences import channel_default
from leadpact.notifications.services import channel_preference_set
from leadpact.touches.models import Touch
from leadpact.users.models import User

__all__ = ["HistorySummary", "Progress", "history_generate"]


def history_generate(
    *,
    leads: int,
    months: int,
    seed: int,
    agreement_text: str | None = None,
    agreement_filename: str = "agreement.pl.yaml",
    end: datetime | None = None,
    password: str | None = None,
    progress: Progress | None = None,
) -> HistorySummary:
    """Generate `leads` leads' history over the `months` before `end` (now) into an empty
    database, under the agreement in force (or `agreement_text`, the example by default,
    signed by its owners and activated at the start); create the staff it needs."""
    if leads < 1 or months < 1:
        raise ApplicationError("Generate at least one lead over at least one month.", status=422)
    if Lead.objects.exists():
        raise Conflict(
            f"The database already holds {Lead.objects.count():,} leads; the generator writes a "
            "history into an empty one (a fresh LEADPACT_HOME, or `leadpact demo --reset`)."
        )
    if WebhookEndpoint.objects.filter(is_active=True).exists():
        raise Conflict(
            "Active webhook endpoints would receive the whole generated history; deactivate "
            "them or generate into a fresh database."
        )
    started = time.perf_counter()
    end = end or timezone.now()
    start = end - timedelta(days=round(months * 30.44))
    text = agreement_text or example_agreement_text("pl")
    version = agreement_in_force(text=agreement_text, start=start)
    agreement = (
        version_agreement(version=version)
        if version is not None
        else agreement_text_parse(text, agreement_filename)
    )
    members = staff_plan(agreement=agreement, leads=leads, months=months, seed=seed)
    with time_machine.travel(start - timedelta(days=14), tick=False):
        created = staff_ensure(members=members, password=password)
    if version is None:
        agreement_sign_and_activate(text=text, filename=agreement_filename, start=start)
    world = World(seed=seed, leads=leads, start=start, end=end)
    slow = User.objects.filter(email__in=[m.email for m in members if m.slow])
    simulation = Simulation(
        world=world, agreement=agreement, slow_reps=set(slow.values_list("pk", flat=True))
    )
    with _emails_held(list(created.values())):
        simulation.run(progress)
    _old_news_read(before=end - READ_AFTER)
    summary = simulation.summary
    summary.seconds = time.perf_counter() - started
    summary.leads = Lead.objects.count()
    summary.accounts = Account.objects.count()
    summary.touches = Touch.objects.count()
    summary.handoffs = Handoff.objects.count()
    summary.stages = dict(
        Lead.objects.values_list("stage").annotate(n=Count("id")).order_by("stage")
    )
    return summary


# People read their notices: what is older than this at the end of the history is read.
READ_AFTER = timedelta(days=3)


def _old_news_read(*, before: datetime) -> None:
    Notification.objects.filter(created_at__lt=before, read_at__isnull=True).update(
        read_at=F("created_at") + timedelta(hours=1)
    )


@contextmanager
def _emails_held(users: list[User]) -> Iterator[None]:
    """The invented staff read the simulated past's notifications in the app: e-mail about it
    would only flood the console (or a real SMTP server). Their e-mail comes back afterwards."""
    chosen = [
        (user, kind)
        for user in users
        for kind in Notification.Kind.values
        if channel_default(role=user.role, kind=kind, channel=Channel.EMAIL)
    ]
    for user, kind in chosen:
        channel_preference_set(user=user, kind=kind, channel=Channel.EMAIL, enabled=False)
    try:
        yield
    finally:
        for user, kind in chosen:
            channel_preference_set(user=user, kind=kind, channel=Channel.EMAIL, enabled=True)
