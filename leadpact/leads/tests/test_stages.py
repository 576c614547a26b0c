"""The stage machine: every allowed move is recorded, every other move is refused with a 409."""

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.core.exceptions import Conflict
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.stages import OPEN_STAGES, TRANSITIONS, lead_transition
from leadpact.leads.tests.factories import LeadFactory
from leadpact.leads.tests.scenarios import at
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

Stage = Lead.Stage
ALLOWED = sorted((before, after) for before, targets in TRANSITIONS.items() for after in targets)
FORBIDDEN = sorted(
    (before, after)
    for before in Stage.values
    for after in Stage.values
    if after not in TRANSITIONS[before]
)


def test_the_table_covers_every_stage_and_ends_in_won_and_disqualified() -> None:
    assert set(TRANSITIONS) == set(Stage.values)
    assert all(targets <= set(Stage.values) for targets in TRANSITIONS.values())
    assert TRANSITIONS[Stage.WON] == TRANSITIONS[Stage.DISQUALIFIED] == frozenset()
    assert {Stage.INQUIRY, Stage.MQL, Stage.SAL, Stage.SQL, Stage.NURTURE} == OPEN_STAGES
    # The article's main road, its side roads, and the way back from nurture.
    assert {
        ("inquiry", "mql"),
        ("mql", "sal"),
        ("sal", "sql"),
        ("sql", "won"),
        ("sql", "lost"),
        ("mql", "nurture"),
        ("mql", "disqualified"),
        ("nurture", "mql"),
    } <= set(ALLOWED)


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_an_allowed_move_changes_the_stage_and_writes_one_event(
    before: str, after: str, cast: dict[str, User], example: AgreementVersion
) -> None:
    lead = LeadFactory(stage=before)

    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        event = lead_transition(
            lead=lead,
            to=after,
            actor=cast["piotr"],
            clause_ids=["handoff.sla.accept", "goals.sales"],
            version_id=example.pk,
            data={"note": "test"},
        )
    lead.save()

    lead.refresh_from_db()
    assert lead.stage == after
    assert lead.stage_changed_at == at("2026-10-05 10:00")
    stored = LeadEvent.objects.get(lead=lead)
    assert stored == event
    assert stored.kind == LeadEvent.Kind.STAGE
    assert stored.actor == cast["piotr"]
    assert stored.agreement_version == example
    assert stored.clause_ids == ["handoff.sla.accept", "goals.sales"]
    assert stored.data == {"from": before, "to": after, "note": "test"}
    assert stored.at == at("2026-10-05 10:00")


@pytest.mark.parametrize(("before", "after"), FORBIDDEN)
def test_a_forbidden_move_is_a_readable_409_and_changes_nothing(before: str, after: str) -> None:
    lead = LeadFactory(stage=before)

    with pytest.raises(Conflict) as refused:
        lead_transition(lead=lead, to=after, actor=None)

    assert refused.value.status == 409
    message = refused.value.message
    assert str(Stage(before).label) in message and str(Stage(after).label) in message
    assert message.startswith("A lead in stage")
    assert refused.value.extra == [
        {"field": "stage", "message": f"{before} → {after} is not allowed"}
    ]
    assert lead.stage == before
    lead.refresh_from_db()
    assert lead.stage == before
    assert not LeadEvent.objects.filter(lead=lead).exists()


def test_a_system_move_has_no_actor_and_may_cite_no_clause() -> None:
    lead = LeadFactory(stage=Stage.INQUIRY)

    event = lead_transition(lead=lead, to=Stage.NURTURE, actor=None)

    assert (event.actor, event.agreement_version, event.clause_ids) == (None, None, [])
    assert event.data == {"from": "inquiry", "to": "nurture"}
