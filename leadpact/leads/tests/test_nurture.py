"""A rejected lead that grows hot while it must still wait returns to sales when the wait ends,
though nothing new happens to it that day."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from leadpact.leads import lifecycle
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.nurture import nurture_reentry_sweep
from leadpact.leads.tests.scenarios import at, in_force, mql_at, record

pytestmark = pytest.mark.django_db

REJECTED = at("2026-10-05 11:00")
WAIT_ENDS = REJECTED + timedelta(days=14)  # the example's `min_days_after_rejection`


@pytest.fixture
def nurtured(activate_example: Any, cast: dict[str, Any]) -> Lead:
    in_force(activate_example)
    lead = mql_at(at("2026-10-05 10:00"), "ewa@acme.pl")
    with time_machine.travel(REJECTED, tick=False):
        lifecycle.handoff_reject(lead_id=lead.pk, actor=lead.owner, reason="timing")
    hot_again = at("2026-10-08 10:00")
    with time_machine.travel(hot_again, tick=False):
        record(
            "ewa@acme.pl", "webinar_attended", occurred_at=hot_again, campaign="webinar-security"
        )
    return Lead.objects.get(pk=lead.pk)


def test_a_hot_lead_waits_in_nurture_until_the_period_ends(nurtured: Lead) -> None:
    assert nurtured.stage == Lead.Stage.NURTURE
    assert nurtured.marketing_temperature == "hot"

    before = nurture_reentry_sweep(now=WAIT_ENDS - timedelta(minutes=1))
    assert (before.became_mql, Lead.objects.get(pk=nurtured.pk).stage) == (0, "nurture")

    with time_machine.travel(WAIT_ENDS, tick=False):
        after = nurture_reentry_sweep(now=WAIT_ENDS)
    lead = Lead.objects.get(pk=nurtured.pk)
    assert after.became_mql == 1
    assert (lead.stage, lead.owner is not None) == (Lead.Stage.MQL, True)
    reentry = LeadEvent.objects.filter(lead=lead, data__to="mql").latest("id")
    assert "handoff.nurture.reentry" in reentry.clause_ids


def test_the_sweep_changes_nothing_the_second_time(nurtured: Lead) -> None:
    with time_machine.travel(WAIT_ENDS, tick=False):
        nurture_reentry_sweep(now=WAIT_ENDS)
        events = LeadEvent.objects.count()
        again = nurture_reentry_sweep(now=WAIT_ENDS)

    assert (again.evaluated, again.changed, LeadEvent.objects.count()) == (0, 0, events)


def test_a_lead_without_new_interest_stays_in_nurture(activate_example: Any, cast: Any) -> None:
    in_force(activate_example)
    lead = mql_at(at("2026-10-05 10:00"), "jan@acme.pl")
    with time_machine.travel(REJECTED, tick=False):
        lifecycle.handoff_reject(lead_id=lead.pk, actor=lead.owner, reason="timing")

    result = nurture_reentry_sweep(now=WAIT_ENDS + timedelta(days=30))

    assert result.evaluated == 0
    assert Lead.objects.get(pk=lead.pk).stage == Lead.Stage.NURTURE
