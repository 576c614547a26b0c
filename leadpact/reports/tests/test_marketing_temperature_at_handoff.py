"""`Handoff.marketing_temperature`, calibration's "marketing's temperature at handoff": kept when
the handoff opens, unchanged by later assessments, and found for older handoffs by the
migration from the timeline as the report used to."""

import importlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.scenarios import at, mql_at, record
from leadpact.reports.selectors import report_build
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

backfill: Callable[[Any, Any], None] = importlib.import_module(
    "leadpact.leads.migrations.0009_handoff_marketing_temperature"
).temperature_backfill

MONDAY = at("2026-10-05 10:00")


def test_the_handoff_keeps_the_temperature_it_was_handed_over_at(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    lead = mql_at(MONDAY, "ewa@acme.pl")
    # A second webinar the next day: marketing now calls the lead hot.
    later = MONDAY + timedelta(days=1)
    with time_machine.travel(later, tick=False):
        lead = record("ewa@acme.pl", "webinar_attended", occurred_at=later, campaign="webinar-2")

    handoff = Handoff.objects.get(lead=lead)
    assert (handoff.marketing_temperature, lead.marketing_temperature) == ("warm", "hot")
    with time_machine.travel(at("2026-11-03 12:00"), tick=False):
        levels = report_build(period="2026-10").data["calibration"]["levels"]
    assert (levels["warm"]["handed_off"], levels["hot"]["handed_off"]) == (1, 0)


def test_backfill_takes_the_last_temperature_set_before_the_handoff(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    h, piotr = History(example), cast["piotr"]
    # Warm at the handoff (the assessment `mql` writes), hot a day later.
    warmed = h.lead("a@acme.pl", marketing="warm")
    warm_then = h.mql(warmed, at("2026-10-05 10:00"), piotr)
    h.event(
        warmed,
        LeadEvent.Kind.ASSESSMENT,
        at("2026-10-06 10:00"),
        {"changes": {"marketing_temperature": ["warm", "hot"]}},
    )
    Lead.objects.filter(pk=warmed.pk).update(marketing_temperature="hot")
    # No assessment in its timeline at all: the lead's present temperature.
    bare = h.lead("b@acme.pl", marketing="cold")
    no_history = Handoff.objects.create(
        lead=bare,
        owner=piotr,
        agreement_version=example,
        opened_at=at("2026-10-07 10:00"),
        accept_due_at=at("2026-10-08 10:00"),
        first_contact_due_at=at("2026-10-09 10:00"),
    )

    Handoff.objects.update(marketing_temperature="")
    backfill(apps, None)

    found = dict(Handoff.objects.values_list("pk", "marketing_temperature"))
    assert found == {warm_then.pk: "warm", no_history.pk: "cold"}
