"""`Handoff.qualified_at`, the column behind "in progress, qualified": the migration's backfill
finds it from the timeline as the report used to (the lead's first SQL while the handoff was
accepted), and the report counts what the timeline says."""

import importlib
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.apps import apps

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Handoff, Lead
from leadpact.leads.tests.scenarios import at
from leadpact.reports.selectors import report_build
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

backfill: Callable[[Any, Any], None] = importlib.import_module(
    "leadpact.leads.migrations.0006_handoff_qualified_at"
).qualified_at_backfill


def _timeline_only(h: History, handoff: Handoff, when: str) -> None:
    """Qualify as an older leadpact did: the SQL stage event, no column."""
    h.stage(handoff.lead, Lead.Stage.SQL, at(when))


def test_backfill_takes_the_first_sql_while_the_handoff_was_accepted(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    h, piotr = History(example), cast["piotr"]
    open_sql = h.mql(h.lead("a@acme.pl"), at("2026-10-05 10:00"), piotr)
    h.accept(open_sql, at("2026-10-05 12:00"))
    _timeline_only(h, open_sql, "2026-10-08 11:00")

    waiting = h.mql(h.lead("b@acme.pl"), at("2026-10-06 10:00"), piotr)

    # Lost from SAL, nurtured, handed off again and qualified under the second handoff.
    lead = h.lead("c@acme.pl")
    first = h.mql(lead, at("2026-10-01 10:00"), piotr)
    h.accept(first, at("2026-10-01 12:00"))
    h.stage(lead, Lead.Stage.LOST, at("2026-10-02 10:00"))
    first.state, first.closed_at = Handoff.State.CLOSED, at("2026-10-02 10:00")
    first.save()
    h.stage(lead, Lead.Stage.NURTURE, at("2026-10-09 10:00"))
    second = h.mql(lead, at("2026-10-12 10:00"), piotr)
    h.accept(second, at("2026-10-12 11:00"))
    _timeline_only(h, second, "2026-10-13 09:00")
    h.win(second, at("2026-10-20 09:00"), "1000.00")

    Handoff.objects.update(qualified_at=None)
    backfill(apps, None)

    found = dict(Handoff.objects.values_list("pk", "qualified_at"))
    assert found == {
        open_sql.pk: at("2026-10-08 11:00"),
        waiting.pk: None,
        first.pk: None,
        second.pk: at("2026-10-13 09:00"),
    }


def test_in_progress_qualified_counts_sql_reached_before_the_end(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    h, anna = History(example), cast["anna"]
    for email, qualified in (("a@beta.pl", "2026-10-20 10:00"), ("b@beta.pl", "2026-11-02 10:00"),
                             ("c@beta.pl", None)):  # fmt: skip
        handoff = h.mql(h.lead(email), at("2026-10-14 10:00"), anna)
        h.accept(handoff, at("2026-10-14 12:00"))
        if qualified:
            h.qualify(handoff, at(qualified), "warm")

    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        data = report_build(period="2026-10").data

    assert data["in_progress"] == {"total": 3, "sal": 2, "sql": 1}
    assert Handoff.objects.exclude(qualified_at=None).count() == 2
