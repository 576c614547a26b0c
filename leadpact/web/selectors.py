"""What the pages list: a person's queue, the team's waiting and late leads, marketing's
counts. Reads only; the SLA countdowns are computed at one instant for a whole page."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from leadpact.feedback.models import InformationRequest
from leadpact.leads.models import Handoff, Lead
from leadpact.leads.selectors import lead_visible_to
from leadpact.users.models import User
from leadpact.web.countdown import HandoffClock, SlaClock

Stage = Lead.Stage
OPEN_HANDOFF = (Handoff.State.WAITING, Handoff.State.ACCEPTED)


@dataclass(frozen=True)
class LeadRow:
    lead: Lead
    handoff: Handoff | None
    clock: HandoffClock | None


@dataclass(frozen=True)
class TableItem:
    """A row of a lead table, with the actions offered on it (none on overview pages)."""

    row: LeadRow
    actions: Any = None
    forms: dict[str, Any] = field(default_factory=dict)


def table_items(rows: Iterable[LeadRow]) -> list[TableItem]:
    return [TableItem(row=row) for row in rows]


def lead_rows(leads: Iterable[Lead], *, clock: SlaClock) -> list[LeadRow]:
    leads = list(leads)
    handoffs = {
        h.lead_id: h
        for h in Handoff.objects.filter(lead__in=leads, state__in=OPEN_HANDOFF).select_related(
            "agreement_version", "owner", "team"
        )
    }
    rows = [LeadRow(lead, handoffs.get(lead.pk), clock.of(handoffs.get(lead.pk))) for lead in leads]
    return sorted(rows, key=_urgency)


def _urgency(row: LeadRow) -> tuple[float, int]:
    due = row.clock.accept if row.clock and row.clock.accept and not row.clock.accept.done else None
    if due is None and row.clock and row.clock.first_contact and not row.clock.first_contact.done:
        due = row.clock.first_contact
    return (due.deadline.timestamp() if due else float("inf"), -row.lead.pk)


def _leads() -> QuerySet[Lead]:
    return Lead.objects.select_related("account", "owner", "team")


@dataclass(frozen=True)
class Queue:
    waiting: list[LeadRow]
    team: list[LeadRow]
    accepted: list[LeadRow]
    qualified: list[LeadRow]

    @property
    def empty(self) -> bool:
        return not (self.waiting or self.team or self.accepted or self.qualified)


def queue_for(*, user: User, now: datetime | None = None) -> Queue:
    """Leads waiting for `user` to accept, the team's unassigned ones (any rep of the team may
    take them), then the ones `user` accepted and qualified."""
    clock = SlaClock(now or timezone.now())
    mine = _leads().filter(owner=user)
    team = (
        _leads().filter(owner__isnull=True, team_id=user.team_id, stage=Stage.MQL)
        if user.team_id
        else _leads().none()
    )
    return Queue(
        waiting=lead_rows(mine.filter(stage=Stage.MQL), clock=clock),
        team=lead_rows(team, clock=clock),
        accepted=lead_rows(mine.filter(stage=Stage.SAL), clock=clock),
        qualified=lead_rows(mine.filter(stage=Stage.SQL), clock=clock),
    )


@dataclass(frozen=True)
class TeamOverview:
    waiting: list[LeadRow]
    late: list[LeadRow]


def team_overview(*, user: User, now: datetime | None = None) -> TeamOverview:
    """For a manager (or an admin): leads of their teams waiting for acceptance, and those
    whose open handoff has missed a deadline."""
    clock = SlaClock(now or timezone.now())
    leads = lead_visible_to(user=user)
    late = Handoff.objects.filter(state__in=OPEN_HANDOFF).filter(
        Q(accept_breached_at__isnull=False) | Q(contact_breached_at__isnull=False)
    )
    return TeamOverview(
        waiting=lead_rows(leads.filter(stage=Stage.MQL)[:50], clock=clock),
        late=lead_rows(leads.filter(pk__in=late.values("lead_id"))[:50], clock=clock),
    )


@dataclass(frozen=True)
class MarketingOverview:
    open_requests: list[InformationRequest]
    open_request_count: int
    mql_now: int
    handed_this_month: int


def marketing_overview(*, now: datetime | None = None) -> MarketingOverview:
    now = timezone.localtime(now or timezone.now())
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    open_requests = InformationRequest.objects.filter(
        status=InformationRequest.Status.OPEN
    ).select_related("lead", "asked_by")
    return MarketingOverview(
        open_requests=list(open_requests.order_by("created_at", "id")[:5]),
        open_request_count=open_requests.count(),
        mql_now=Lead.objects.filter(stage=Stage.MQL).count(),
        handed_this_month=Handoff.objects.filter(opened_at__gte=month_start).count(),
    )
