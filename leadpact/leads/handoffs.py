"""Opening a handoff: route to a team, pick the rep by round robin, set the SLA deadlines."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, QuerySet

from leadpact.agreements.rules.schema import Agreement
from leadpact.core.bulk import create_all, update_all
from leadpact.core.compiled import CompiledQuery
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
    row = _TEAM_CURSOR.first(team_id=team.pk)
    if row is None:
        raise Team.DoesNotExist(f"No team {team.pk}.")
    cursor = row.rotation_cursor_id
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
    row.rotation_cursor_id = chosen.pk
    update_all(Team, [row], ["rotation_cursor"])
    return chosen


def _team_cursor_query(*, team_id: int) -> QuerySet[Team]:
    return Team.objects.select_for_update().only("rotation_cursor").filter(pk=team_id).order_by()


# Read and locked for every handoff opened: compiled once, not built per handoff.
_TEAM_CURSOR = CompiledQuery(_team_cursor_query)


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
    day_end = day_start + timedelta(days=1)
    if _handoffs_taken(owner_id=ordered[0].pk, since=day_start, until=day_end) < capacity:
        return ordered[:1]
    today = Handoff.objects.filter(opened_at__gte=day_start, opened_at__lt=day_end)
    taken = dict(
        today.filter(owner__in=ordered).values_list("owner").annotate(n=Count("id")).order_by()
    )
    return [rep for rep in ordered if taken.get(rep.pk, 0) < capacity]


def _handoffs_taken(*, owner_id: int, since: datetime, until: datetime) -> int:
    """How many handoffs `owner_id` was given in [since, until): asked for every handoff
    opened, so a prepared count rather than a queryset built and compiled each time."""
    quote = connection.ops.quote_name
    opened_at = Handoff._meta.get_field("opened_at")
    owner = Handoff._meta.get_field("owner")
    sql = (
        f"SELECT COUNT(*) FROM {quote(Handoff._meta.db_table)} WHERE {quote(opened_at.column)} "
        f">= %s AND {quote(opened_at.column)} < %s AND {quote(owner.column)} = %s"
    )
    params = [
        *(opened_at.get_db_prep_value(at, connection) for at in (since, until)),
        owner_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


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
    handoff = Handoff(
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
    create_all([handoff])
    lead.owner = owner
    lead.team = team
    create_all(
        [
            LeadEvent(
                lead=lead,
                kind=LeadEvent.Kind.ASSIGNMENT,
                at=now,
                agreement_version_id=version_id,
                clause_ids=[
                    *clause_ids,
                    "handoff.routing",
                    "handoff.assignment",
                    "handoff.sla.accept",
                ],
                data={
                    "team": team.slug,
                    "owner": owner.email if owner else None,
                    "accept_due_at": deadlines.accept_due_at.isoformat(),
                    "first_contact_due_at": deadlines.first_contact_due_at.isoformat(),
                },
            )
        ]
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
