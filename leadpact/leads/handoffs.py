"""Opening a handoff: route to a team, pick the rep by round robin, set the SLA deadlines."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count

from leadpact.agreements.rules.schema import Agreement
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.batching import batch_memo
from leadpact.notifications.models import Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.sla.clock import calendar_add_business_hours, calendar_from_agreement
from leadpact.users.models import Team, User
from leadpact.users.selectors import team_escalation_recipients


@dataclass(frozen=True)
class Deadlines:
    accept_due_at: datetime
    first_contact_due_at: datetime
    reminders: list[datetime]


def handoff_deadlines(*, agreement: Agreement, opened_at: datetime) -> Deadlines:
    """Deadlines on the agreement's business clock (clause `handoff.sla.*`)."""
    calendar = calendar_from_agreement(agreement.calendar)
    sla = agreement.handoff.sla
    return Deadlines(
        accept_due_at=calendar_add_business_hours(calendar, opened_at, sla.accept_within_hours),
        first_contact_due_at=calendar_add_business_hours(
            calendar, opened_at, sla.first_contact_within_hours
        ),
        reminders=[
            calendar_add_business_hours(calendar, opened_at, sla.accept_within_hours * pct / 100)
            for pct in sla.reminders
        ],
    )


def team_next_rep(
    *,
    team: Team,
    capacity_per_day: int | None,
    now: datetime,
    time_zone: str,
    exclude: User | None = None,
) -> User | None:
    """The next active rep after the team's cursor who is below today's capacity, or None.

    The team row is locked so that concurrent handoffs take turns exactly.
    """
    cursor = (
        Team.objects.select_for_update()
        .filter(pk=team.pk)
        .values_list("rotation_cursor_id", flat=True)
        .get()
    )
    reps = [rep for rep in team_reps(team_id=team.pk) if exclude is None or rep.pk != exclude.pk]
    if not reps:
        return None
    # The turn passes to the first rep after the cursor by id, so it also passes on correctly
    # when the cursor's rep has since been deactivated or left the team.
    start = next((i for i, rep in enumerate(reps) if cursor is not None and rep.pk > cursor), 0)
    ordered = reps[start:] + reps[:start]
    if capacity_per_day is not None:
        ordered = _below_capacity(ordered, capacity_per_day, now=now, time_zone=time_zone)
    if not ordered:
        return None
    chosen = ordered[0]
    Team.objects.filter(pk=team.pk).update(rotation_cursor=chosen)
    return chosen


def team_reps(*, team_id: int) -> list[User]:
    """The team's active reps by id; read once per `notifications_batch` (the SLA sweep, the
    history generator), in which nobody joins or leaves a team."""
    return batch_memo(("team_reps", team_id), lambda: _active_reps(team_id))


def _active_reps(team_id: int) -> list[User]:
    reps = User.objects.filter(team_id=team_id, role=User.Role.SALES_REP, is_active=True)
    return list(reps.order_by("id"))


def _below_capacity(
    ordered: list[User], capacity: int, *, now: datetime, time_zone: str
) -> list[User]:
    """`ordered` without the reps who have taken `capacity` handoffs today. Usually the first
    in turn is free: one count answers, not a count over the whole team."""
    local = now.astimezone(ZoneInfo(time_zone))
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    today = Handoff.objects.filter(
        opened_at__gte=day_start, opened_at__lt=day_start + timedelta(days=1)
    )
    if today.filter(owner=ordered[0]).count() < capacity:
        return ordered[:1]
    taken = dict(
        today.filter(owner__in=ordered).values_list("owner").annotate(n=Count("id")).order_by()
    )
    return [rep for rep in ordered if taken.get(rep.pk, 0) < capacity]


def handoff_open(
    *,
    lead: Lead,
    agreement: Agreement,
    version_id: int,
    team: Team,
    now: datetime,
    clause_ids: list[str],
) -> Handoff:
    """Hand `lead` (already moved to MQL) to `team`; nobody free → it waits in the team queue
    with its clock running, and the manager is told."""
    deadlines = handoff_deadlines(agreement=agreement, opened_at=now)
    owner = team_next_rep(
        team=team,
        capacity_per_day=agreement.handoff.assignment.capacity_per_rep_per_day,
        now=now,
        time_zone=agreement.calendar.time_zone,
    )
    handoff = Handoff.objects.create(
        lead=lead,
        team=team,
        owner=owner,
        agreement_version_id=version_id,
        opened_at=now,
        accept_due_at=deadlines.accept_due_at,
        first_contact_due_at=deadlines.first_contact_due_at,
        reminder_due=[at.isoformat() for at in deadlines.reminders],
        next_reminder_at=deadlines.reminders[0] if deadlines.reminders else None,
        marketing_temperature=lead.marketing_temperature,
    )
    lead.owner = owner
    lead.team = team
    LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.ASSIGNMENT,
        at=now,
        agreement_version_id=version_id,
        clause_ids=[*clause_ids, "handoff.routing", "handoff.assignment", "handoff.sla.accept"],
        data={
            "team": team.slug,
            "owner": owner.email if owner else None,
            "accept_due_at": deadlines.accept_due_at.isoformat(),
            "first_contact_due_at": deadlines.first_contact_due_at.isoformat(),
        },
    )
    payload = {
        "lead_id": lead.pk,
        "lead": str(lead),
        "team": team.slug,
        "accept_due_at": deadlines.accept_due_at.isoformat(),
    }
    if owner is not None:
        notification_enqueue(
            kind=Notification.Kind.LEAD_ASSIGNED, recipient=owner, payload=payload, lead_id=lead.pk
        )
    else:
        recipients: list[User | None] = [*team_escalation_recipients(team=team)] or [None]
        for recipient in recipients:
            notification_enqueue(
                kind=Notification.Kind.LEAD_QUEUED,
                recipient=recipient,
                payload=payload,
                lead_id=lead.pk,
            )
    return handoff
