"""What sales does with a lead: accept, reject, first contact, qualify, close, reassign.

Each action locks the lead row, checks its guard, moves the stage through `lead_transition`
and records the agreement clause behind it. Guards fail with 409 (the lead's state forbids it)
or 403 (this person may not), with a message the person can act on.

The rows an action reads and writes are one lead and its open handoff, by key: their queries
are compiled once (`CompiledQuery`, `update_where`, `update_all`), for the ORM's building of
a one-row query costs several times its run — thousands of times a simulated day in the
history generator.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.engine import sales_temperature
from leadpact.agreements.rules.facts import SalesAnswers
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record
from leadpact.core.bulk import create_all, update_all, update_where
from leadpact.core.compiled import CompiledQuery
from leadpact.core.exceptions import ApplicationError, Conflict, Forbidden
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.stages import lead_transition
from leadpact.notifications.models import Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.privacy.ledger import lead_restricted
from leadpact.users.models import User

Stage = Lead.Stage
# The columns each action writes (the whole row, with its `why`, costs more to save).
MOVED = ("stage", "stage_changed_at", "updated_at")
SALES_ANSWERS = ("product_potential", "horizon_months", "meeting_at", "sales_temperature")
REASSIGNED = ["owner", "team", "updated_at"]
OPEN = (Handoff.State.WAITING, Handoff.State.ACCEPTED)


@dataclass(frozen=True)
class Judged:
    version: AgreementVersion
    agreement: Agreement


def _judged() -> Judged:
    version = agreement_active()
    if version is None:
        raise Conflict("No agreement is active yet; activate one before working leads.")
    return Judged(version, version_agreement(version=version))


def _locked_query(*, lead_id: int) -> QuerySet[Lead]:
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer join to the team.
    leads = Lead.objects.select_for_update(of=("self",)).select_related("team")
    return leads.filter(pk=lead_id).order_by()


def _open_handoff_query(*, lead_id: int) -> QuerySet[Handoff]:
    return Handoff.objects.select_for_update().filter(lead_id=lead_id, state__in=OPEN)[:1]


_LOCKED = CompiledQuery(_locked_query)
_OPEN_HANDOFF = CompiledQuery(_open_handoff_query)


def _locked(lead_id: int) -> Lead:
    lead = _LOCKED.first(lead_id=lead_id)
    if lead is None:
        raise Lead.DoesNotExist("Lead matching query does not exist.")
    return lead


def _open_handoff(lead: Lead) -> Handoff | None:
    return _OPEN_HANDOFF.first(lead_id=lead.pk)


def lead_columns_save(lead: Lead, fields: list[str]) -> None:
    """`lead.save(update_fields=fields)` (`updated_at` stamped now) as one prepared update."""
    lead.updated_at = timezone.now()
    update_all(Lead, [lead], fields)


def _is_manager_of(actor: User, lead: Lead) -> bool:
    return actor.role == User.Role.ADMIN or (
        actor.role == User.Role.SALES_MANAGER
        and lead.team_id is not None
        and lead.team is not None
        and lead.team.manager_id == actor.pk
    )


def _may_act(actor: User, lead: Lead) -> bool:
    """The owner, the team's manager or an admin; a rep of the team for an unassigned lead."""
    if lead.owner_id == actor.pk or _is_manager_of(actor, lead):
        return True
    return lead.owner_id is None and actor.team_id is not None and actor.team_id == lead.team_id


def _guard(actor: User, lead: Lead, *, stages: set[str], action: str) -> None:
    if lead.stage not in stages:
        raise Conflict(
            f"Cannot {action}: the lead is {Stage(lead.stage).label}, "
            f"not {' or '.join(str(Stage(s).label) for s in sorted(stages))}."
        )
    if not _may_act(actor, lead):
        raise Conflict(f"Cannot {action}: this lead is not waiting for you.")


def _guard_contactable(lead: Lead, *, action: str) -> None:
    """Sales may not work a person who objected to processing or was erased; rejecting or
    closing the lead (clearing it from the queue) stays possible."""
    if lead_restricted(lead.pk):
        raise Conflict(
            f"Cannot {action}: this person objected to processing or was erased, so sales may "
            "no longer contact them. Reject or close the lead instead."
        )


@transaction.atomic
def handoff_accept(*, lead_id: int, actor: User) -> Lead:
    lead = _locked(lead_id)
    _guard(actor, lead, stages={Stage.MQL}, action="accept")
    _guard_contactable(lead, action="accept")
    judged = _judged()
    handoff = _open_handoff(lead)
    now = timezone.now()
    # Late means what the sweep means (`accept_due_at <= now`), so an accept and a sweep racing
    # at the deadline agree; a late accept the sweep has not seen yet records the breach itself.
    late = handoff is not None and (
        handoff.accept_breached_at is not None or handoff.accept_due_at <= now
    )
    # An unassigned lead from the team's queue becomes the accepting rep's (ids: the owner's
    # row is not needed).
    lead.owner_id = lead.owner_id or actor.pk
    breach = []  # written with the stage move, in one insert
    if handoff is not None:
        update_where(
            Handoff,
            where={"pk": handoff.pk, "state": Handoff.State.WAITING},
            values={
                "state": Handoff.State.ACCEPTED,
                "accepted_at": now,
                "owner": lead.owner_id,
                "accept_breached_at": handoff.accept_due_at if late else None,
            },
        )
        if late and handoff.accept_breached_at is None:
            breach.append(
                LeadEvent(
                    lead=lead,
                    kind=LeadEvent.Kind.SLA,
                    at=handoff.accept_due_at,
                    agreement_version_id=handoff.agreement_version_id,
                    clause_ids=["handoff.sla.accept"],
                    data={"event": "breach", "handoff_id": handoff.pk, "accepted_late": True},
                )
            )
    in_time = not late
    lead_transition(
        lead=lead,
        to=Stage.SAL,
        actor=actor,
        version_id=judged.version.pk,
        clause_ids=["handoff.sla.accept"],
        data={"in_time": in_time},
        along=breach,
    )
    lead_columns_save(lead, ["owner", *MOVED])
    return lead


@transaction.atomic
def handoff_reject(*, lead_id: int, actor: User, reason: str, note: str = "") -> Lead:
    """Reject with one of the agreement's reasons; its outcome sends the lead to nurture or
    disqualifies it, and the lead goes back to marketing."""
    lead = _locked(lead_id)
    _guard(actor, lead, stages={Stage.MQL, Stage.SAL}, action="reject")
    judged = _judged()
    reasons = {r.code: r for r in judged.agreement.handoff.rejection.reasons}
    chosen = reasons.get(reason)
    if chosen is None:
        raise ApplicationError(
            f"Unknown rejection reason {reason!r}; the agreement allows: {', '.join(reasons)}.",
            status=422,
            extra=[{"field": "reason", "message": "not a reason in the agreement"}],
        )
    if chosen.note_required and not note.strip():
        raise ApplicationError(
            f"The reason {reason!r} needs a note (the agreement requires one).",
            status=422,
            extra=[{"field": "note", "message": "required for this reason"}],
        )
    now = timezone.now()
    handoff = _open_handoff(lead)
    if handoff is not None:
        update_where(
            Handoff,
            where={"pk": handoff.pk},
            values={
                "state": Handoff.State.REJECTED,
                "rejected_at": now,
                "rejection_reason": reason,
                "rejection_note": note,
                "closed_at": now,
            },
        )
    to = Stage.NURTURE if chosen.outcome == "nurture" else Stage.DISQUALIFIED
    lead_transition(
        lead=lead,
        to=to,
        actor=actor,
        version_id=judged.version.pk,
        clause_ids=[f"handoff.rejection.{reason}"],
        data={"reason": reason, "note": note},
    )
    lead.rejected_at = now
    lead.owner = None
    lead_columns_save(lead, ["rejected_at", "owner", *MOVED])
    return lead


@transaction.atomic
def lead_first_contact(*, lead_id: int, actor: User, at: datetime | None = None) -> Lead:
    lead = _locked(lead_id)
    _guard(actor, lead, stages={Stage.SAL, Stage.SQL}, action="record a first contact")
    _guard_contactable(lead, action="record a first contact")
    if at is not None and timezone.is_naive(at):
        raise ApplicationError(
            "The time of the first contact needs a time zone, e.g. 2026-10-05T11:00+02:00.",
            status=422,
            extra=[{"field": "at", "message": "needs a time zone"}],
        )
    handoff = _open_handoff(lead)
    if handoff is None or handoff.first_contact_at is not None:
        raise Conflict("The first contact with this lead is already recorded.")
    now = timezone.now()
    at = at or now
    _check_first_contact_time(at, opened_at=handoff.opened_at, now=now)
    update_where(
        Handoff, where={"pk": handoff.pk, "first_contact_at": None}, values={"first_contact_at": at}
    )
    create_all(
        [
            LeadEvent(
                lead=lead,
                kind=LeadEvent.Kind.SLA,
                actor=actor,
                agreement_version_id=handoff.agreement_version_id,
                clause_ids=["handoff.sla.first_contact"],
                data={"event": "first_contact", "in_time": at <= handoff.first_contact_due_at},
            )
        ]
    )
    lead_columns_save(lead, ["updated_at"])
    return lead


# A client's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)


def _check_first_contact_time(at: datetime, *, opened_at: datetime, now: datetime) -> None:
    """The first contact stops the SLA clock, so it happened after the handoff and not later
    than now: a time outside would count a missed deadline as met."""
    if at < opened_at:
        problem = f"must not be before the handoff ({opened_at.isoformat()})"
    elif at > now + CLOCK_SKEW:
        problem = "must not be in the future"
    else:
        return
    raise ApplicationError(
        f"The time of the first contact {problem}.",
        status=422,
        code="invalid",
        extra=[{"field": "at", "message": problem}],
    )


# A meeting booked in a sales call is weeks away, or was held lately: a year either side of
# today is already generous, and a year typed wrong (1900) would make the lead an SQL.
MEETING_REACH = timedelta(days=366)


def _check_meeting_time(meeting_at: datetime, *, now: datetime) -> None:
    if timezone.is_naive(meeting_at):
        meeting_at = timezone.make_aware(meeting_at)
    if abs(meeting_at - now) <= MEETING_REACH:
        return
    problem = "must be within a year of today"
    raise ApplicationError(
        f"The meeting {problem}.",
        status=422,
        code="invalid",
        extra=[{"field": "meeting_at", "message": problem}],
    )


@transaction.atomic
def lead_qualify(
    *,
    lead_id: int,
    actor: User,
    product_potential: bool,
    horizon_months: int | None,
    meeting_at: datetime | None = None,
) -> Lead:
    """Sales' call: product potential and purchase horizon give the sales temperature; a
    booked meeting makes it a sales lead (SQL); no potential sends it back to nurture."""
    lead = _locked(lead_id)
    _guard(actor, lead, stages={Stage.SAL, Stage.SQL}, action="qualify")
    _guard_contactable(lead, action="qualify")
    if meeting_at is not None:
        _check_meeting_time(meeting_at, now=timezone.now())
    judged = _judged()
    answers = SalesAnswers(
        product_potential=product_potential, horizon_months=horizon_months, meeting_at=meeting_at
    )
    level, reason = sales_temperature(judged.agreement, answers)
    before = lead.sales_temperature
    lead.product_potential = product_potential
    lead.horizon_months = horizon_months
    lead.meeting_at = meeting_at
    lead.sales_temperature = level
    # Written with the stage move, if any, in one insert.
    assessed = []
    if before != level:
        assessed.append(
            LeadEvent(
                lead=lead,
                kind=LeadEvent.Kind.ASSESSMENT,
                actor=actor,
                agreement_version_id=judged.version.pk,
                clause_ids=[reason.clause],
                data={
                    "field": "sales_temperature",
                    "from": before,
                    "to": level,
                    "why": reason.text,
                },
            )
        )
    to: str
    if not product_potential:
        to = Stage.NURTURE
    elif lead.stage == Stage.SAL and (
        meeting_at is not None or not judged.agreement.lead_definitions.sales_lead.requires_meeting
    ):
        # A sales lead is a booked meeting (clause lead_definitions.sales_lead): without one the
        # answers are recorded and the lead stays accepted.
        to = Stage.SQL
    else:
        to = ""
    if to:
        event = lead_transition(
            lead=lead,
            to=to,
            actor=actor,
            version_id=judged.version.pk,
            clause_ids=[reason.clause, "lead_definitions.sales_lead"],
            data={
                "horizon_months": horizon_months,
                "meeting_at": meeting_at and meeting_at.isoformat(),
            },
            along=assessed,
        )
        if to == Stage.SQL:
            # The report's "in progress, qualified" reads this (docs/report.md).
            update_where(
                Handoff,
                where={"lead": lead.pk, "state": Handoff.State.ACCEPTED, "qualified_at": None},
                values={"qualified_at": event.at},
            )
        if to == Stage.NURTURE:
            _close_handoff(lead)
            lead.owner = None
    else:
        create_all(assessed)
    lead_columns_save(lead, [*SALES_ANSWERS, "owner", *MOVED])
    return lead


def _close_handoff(lead: Lead) -> None:
    update_where(
        Handoff,
        where={"lead": lead.pk, "state": OPEN},
        values={"state": Handoff.State.CLOSED, "closed_at": timezone.now()},
    )


@transaction.atomic
def lead_close(
    *,
    lead_id: int,
    actor: User,
    won: bool,
    revenue: Decimal | None = None,
    currency: str = "PLN",
    reason: str = "",
) -> Lead:
    lead = _locked(lead_id)
    _guard(actor, lead, stages={Stage.SAL, Stage.SQL}, action="close")
    if won and (revenue is None or revenue < 0):
        raise ApplicationError(
            "A won deal needs its revenue (≥ 0).",
            status=422,
            extra=[{"field": "revenue", "message": "required when won"}],
        )
    judged = _judged()
    to = Stage.WON if won else Stage.LOST
    if won and lead.stage == Stage.SAL:
        raise Conflict("Qualify the lead (product potential, horizon, meeting) before winning it.")
    lead_transition(
        lead=lead,
        to=to,
        actor=actor,
        version_id=judged.version.pk,
        clause_ids=["goals.sales"],
        data={"revenue": str(revenue) if revenue is not None else None, "reason": reason},
    )
    lead.closed_revenue = revenue
    lead.closed_currency = currency if won else ""
    lead.lost_reason = "" if won else reason
    _close_handoff(lead)
    lead_columns_save(lead, ["closed_revenue", "closed_currency", "lost_reason", *MOVED])
    return lead


@transaction.atomic
def handoff_reassign(*, lead_id: int, actor: User, to: User) -> Lead:
    lead = _locked(lead_id)
    if not _is_manager_of(actor, lead):
        raise Forbidden("Only the team's manager or an admin can reassign this lead.")
    if lead.stage not in {Stage.MQL, Stage.SAL, Stage.SQL}:
        raise Conflict(f"A lead in stage {Stage(lead.stage).label} has no owner in sales.")
    if to.role != User.Role.SALES_REP or not to.is_active:
        raise ApplicationError(
            f"{to.email} is not an active sales rep.",
            status=422,
            extra=[{"field": "to", "message": "not an active sales rep"}],
        )
    if to.pk == lead.owner_id:
        raise ApplicationError(
            f"{to.email} already owns this lead; nothing was changed.",
            status=422,
            code="invalid",
            extra=[{"field": "to", "message": "already owns the lead"}],
        )
    if actor.role != User.Role.ADMIN and to.team_id != lead.team_id:
        raise ApplicationError(
            f"{to.email} is not in this lead's team; an administrator can move it to another team.",
            status=422,
            extra=[{"field": "to", "message": "not a rep of the lead's team"}],
        )
    handoff_reassign_to(lead=lead, to=to, actor=actor, clause_ids=["handoff.assignment"])
    lead_columns_save(lead, REASSIGNED)
    return lead


def handoff_reassign_to(
    *,
    lead: Lead,
    to: User,
    actor: User | None,
    clause_ids: list[str],
    at: datetime | None = None,
) -> None:
    """Give the lead's open handoff to `to`; `at` stamps the timeline (default: now)."""
    before = lead.owner
    now = timezone.now()
    lead.owner = to
    if to.team_id:
        lead.team_id = to.team_id
    handoffs = Handoff.objects.filter(lead=lead, state__in=OPEN)
    version_id = handoffs.values_list("agreement_version_id", flat=True).first()
    # The handoff follows the lead to the new team: its escalations go to that team's manager.
    handoffs.update(owner=to, team_id=lead.team_id, reassigned_at=now)
    create_all(
        [
            LeadEvent(
                lead=lead,
                kind=LeadEvent.Kind.ASSIGNMENT,
                actor=actor,
                at=at or now,
                agreement_version_id=version_id,
                clause_ids=clause_ids,
                data={"from": before.email if before else None, "to": to.email, "reassigned": True},
            )
        ]
    )
    notification_enqueue(
        kind=Notification.Kind.LEAD_REASSIGNED,
        recipient=to,
        payload={"lead_id": lead.pk, "lead": str(lead), "from": before.email if before else None},
        lead_id=lead.pk,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.LEAD_REASSIGNED,
        target_type="lead",
        target_id=lead.pk,
        details={"from": before.pk if before else None, "to": to.pk, "clauses": clause_ids},
    )
