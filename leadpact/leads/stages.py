"""The stage machine: the only code that changes `Lead.stage`.

The table says which moves exist; each lifecycle service checks its own guard (who may act,
what the agreement requires) and then calls `lead_transition`, which writes the LeadEvent.
"""

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from leadpact.core.bulk import create_all
from leadpact.core.exceptions import Conflict
from leadpact.leads.models import Lead, LeadEvent
from leadpact.users.models import User

Stage = Lead.Stage

TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.INQUIRY: frozenset({Stage.MQL, Stage.NURTURE, Stage.DISQUALIFIED}),
    Stage.MQL: frozenset({Stage.SAL, Stage.NURTURE, Stage.DISQUALIFIED}),
    Stage.SAL: frozenset({Stage.SQL, Stage.NURTURE, Stage.LOST, Stage.DISQUALIFIED}),
    Stage.SQL: frozenset({Stage.WON, Stage.LOST, Stage.NURTURE}),
    Stage.NURTURE: frozenset({Stage.MQL, Stage.DISQUALIFIED}),
    Stage.WON: frozenset(),
    Stage.LOST: frozenset({Stage.NURTURE}),
    Stage.DISQUALIFIED: frozenset(),
}

OPEN_STAGES = frozenset({Stage.INQUIRY, Stage.MQL, Stage.SAL, Stage.SQL, Stage.NURTURE})


def lead_transition(
    *,
    lead: Lead,
    to: str,
    actor: User | None,
    clause_ids: Sequence[str] = (),
    version_id: int | None = None,
    data: dict[str, Any] | None = None,
    along: Sequence[LeadEvent] = (),
) -> LeadEvent:
    """Move `lead` to stage `to` and record the move; the caller holds the row lock and saves.
    `along`: the action's other events, written before the move's in the same insert."""
    before = lead.stage
    if to not in TRANSITIONS[before]:
        raise Conflict(
            f"A lead in stage {Stage(before).label} cannot move to {Stage(to).label}.",
            extra=[{"field": "stage", "message": f"{before} → {to} is not allowed"}],
        )
    now = timezone.now()
    lead.stage = to
    lead.stage_changed_at = now
    event = LeadEvent(
        lead=lead,
        kind=LeadEvent.Kind.STAGE,
        actor=actor,
        at=now,
        agreement_version_id=version_id,
        clause_ids=list(clause_ids),
        data={"from": before, "to": to, **(data or {})},
    )
    create_all([*along, event])
    return event
