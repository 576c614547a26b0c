"""What a sales manager's pages list: the queues of their teams (per rep and unassigned), the
open handoffs that missed a deadline or were escalated, the reps a lead may be moved to, and
each rep's SLA compliance this month. An admin sees every team. Reads only."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.leads.models import Handoff, Lead
from leadpact.reports.handoffs import decided_in_time
from leadpact.reports.numbers import between, share
from leadpact.reports.periods import Period, period_containing
from leadpact.sla.clock import BusinessCalendar, calendar_business_hours_between
from leadpact.sla.clock import calendar_from_agreement as _calendar_of
from leadpact.users.models import Team, User
from leadpact.web.countdown import SlaClock
from leadpact.web.selectors import OPEN_HANDOFF, LeadRow, lead_rows

Stage = Lead.Stage
R = User.Role
# Leads a manager may hand to another rep: those with an owner in sales.
REASSIGNABLE = (Stage.MQL, Stage.SAL, Stage.SQL)
LIMIT = 100


def teams_managed(*, user: User) -> QuerySet[Team]:
    """The teams a manager manages; every team for an admin; none for anyone else."""
    if user.role == R.ADMIN:
        return Team.objects.select_related("manager").order_by("name")
    if user.role == R.SALES_MANAGER:
        return Team.objects.filter(manager=user).select_related("manager").order_by("name")
    return Team.objects.none()


def team_reps(*, teams: list[Team]) -> list[User]:
    """The active reps of these teams, by name."""
    return list(
        User.objects.filter(team__in=teams, role=R.SALES_REP, is_active=True)
        .select_related("team")
        .order_by("name", "email")
    )


def _team_leads(team: Team) -> QuerySet[Lead]:
    return Lead.objects.select_related("account", "owner", "team").filter(team=team)


@dataclass(frozen=True)
class RepQueue:
    rep: User
    waiting: list[LeadRow]


@dataclass(frozen=True)
class TeamBoard:
    """One team as its manager sees it now."""

    team: Team
    reps: list[User]
    unassigned: list[LeadRow]
    per_rep: list[RepQueue]
    late: list[LeadRow]

    @property
    def waiting_count(self) -> int:
        return len(self.unassigned) + sum(len(queue.waiting) for queue in self.per_rep)


def team_board(*, team: Team, now: datetime | None = None) -> TeamBoard:
    """The team's unassigned queue, each rep's leads waiting for acceptance (most urgent
    first), and its open handoffs that missed a deadline or were escalated."""
    clock = SlaClock(now or timezone.now())
    reps = team_reps(teams=[team])
    leads = _team_leads(team)
    waiting = lead_rows(leads.filter(stage=Stage.MQL)[:LIMIT], clock=clock)
    by_owner: dict[int | None, list[LeadRow]] = defaultdict(list)
    for row in waiting:
        by_owner[row.lead.owner_id].append(row)
    listed = {rep.pk for rep in reps}
    # A lead still owned by someone who left the team (or is inactive) shows under that owner.
    owners = reps + [
        row.lead.owner
        for owner_id, rows in by_owner.items()
        if owner_id is not None and owner_id not in listed
        for row in rows[:1]
        if row.lead.owner is not None
    ]
    late_handoffs = Handoff.objects.filter(lead__team=team, state__in=OPEN_HANDOFF).filter(
        Q(accept_breached_at__isnull=False)
        | Q(contact_breached_at__isnull=False)
        | Q(escalated_at__isnull=False)
    )
    late = lead_rows(leads.filter(pk__in=late_handoffs.values("lead_id"))[:LIMIT], clock=clock)
    return TeamBoard(
        team=team,
        reps=reps,
        unassigned=by_owner.get(None, []),
        per_rep=[RepQueue(rep=owner, waiting=by_owner.get(owner.pk, [])) for owner in owners],
        late=late,
    )


@dataclass(frozen=True)
class RepCompliance:
    rep: User
    due: int  # accept deadlines of the month that are settled: passed, or answered before
    in_time: int  # of those, accepted or rejected by the deadline
    breaches: int  # accept deadlines missed this month
    contact_breaches: int  # first-contact deadlines missed this month
    escalations: int
    accepted: int  # handoffs accepted this month
    median_hours_to_accept: float | None  # business hours, opening → acceptance

    @property
    def in_time_share(self) -> float | None:
        return share(self.in_time, self.due)


@dataclass(frozen=True)
class Compliance:
    period: Period
    rows: list[RepCompliance] = field(default_factory=list)


def _calendars(
    version_ids: set[int | None], fallback: BusinessCalendar
) -> dict[int | None, BusinessCalendar]:
    """The business clock of each version that set deadlines (the one in force for none)."""
    versions = AgreementVersion.objects.filter(pk__in={pk for pk in version_ids if pk})
    found = {v.pk: _calendar_of(version_agreement(version=v).calendar) for v in versions}
    return {pk: found.get(pk, fallback) if pk else fallback for pk in version_ids}


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round(ordered[middle], 1)
    return round((ordered[middle - 1] + ordered[middle]) / 2, 1)


def team_compliance(*, reps: list[User], now: datetime | None = None) -> Compliance | None:
    """Each rep's SLA this month, the month of the agreement's time zone (None without an
    agreement in force).

    A handoff counts toward "answered in time" once its accept deadline in this month is
    settled: the deadline has passed, or the rep answered before it. At the end of the month
    this is the period report's `due` / `in_time` for the rep.
    """
    now = now or timezone.now()
    version = agreement_active(at=now)
    if version is None:
        return None
    agreement = version_agreement(version=version)
    period = period_containing(at=now, kind="month", time_zone=agreement.calendar.time_zone)
    start, end = period.start, period.end
    answered = Q(accepted_at__isnull=False) | Q(rejected_at__isnull=False)
    settled = between("accept_due_at", start, end) & (Q(accept_due_at__lte=now) | answered)
    counts = {
        row.pop("owner_id"): row
        for row in Handoff.objects.filter(owner__in=reps)
        .order_by()
        .values("owner_id")
        .annotate(
            due=Count("id", filter=settled),
            in_time=Count("id", filter=settled & decided_in_time()),
            breaches=Count("id", filter=between("accept_breached_at", start, end)),
            contact_breaches=Count("id", filter=between("contact_breached_at", start, end)),
            escalations=Count("id", filter=between("escalated_at", start, end)),
        )
    }
    accepted = list(
        Handoff.objects.filter(owner__in=reps)
        .filter(between("accepted_at", start, end))
        .order_by()
        .values_list("owner_id", "agreement_version_id", "opened_at", "accepted_at")
    )
    calendars = _calendars({row[1] for row in accepted}, _calendar_of(agreement.calendar))
    hours: dict[int, list[float]] = defaultdict(list)
    for owner_id, version_id, opened_at, accepted_at in accepted:
        if accepted_at is not None:  # always, by the filter; said for the type checker
            hours[owner_id].append(
                calendar_business_hours_between(calendars[version_id], opened_at, accepted_at)
            )
    empty = {"due": 0, "in_time": 0, "breaches": 0, "contact_breaches": 0, "escalations": 0}
    return Compliance(
        period=period,
        rows=[
            RepCompliance(
                rep=rep,
                **counts.get(rep.pk, empty),
                accepted=len(hours.get(rep.pk, [])),
                median_hours_to_accept=_median(hours.get(rep.pk, [])),
            )
            for rep in reps
        ],
    )
