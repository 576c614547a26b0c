from datetime import datetime

from django.db.models import Q, QuerySet

from leadpact.agreements.selectors import version_agreement
from leadpact.core.exceptions import NotFound
from leadpact.leads.models import Handoff, Lead
from leadpact.sla.clock import calendar_business_hours_between, calendar_from_agreement
from leadpact.users.models import User


def lead_visible_to(*, user: User) -> QuerySet[Lead]:
    """What a person may see: a rep their own leads and their team's unassigned queue, a
    manager their team's leads, marketing and admins every lead."""
    leads = Lead.objects.select_related("account", "owner", "team")
    if user.role == User.Role.SALES_REP:
        own = Q(owner=user)
        if user.team_id:
            own |= Q(owner__isnull=True, team_id=user.team_id, stage=Lead.Stage.MQL)
        return leads.filter(own)
    if user.role == User.Role.SALES_MANAGER:
        return leads.filter(Q(team__manager=user) | Q(owner=user))
    return leads


def lead_list(
    *,
    user: User,
    email: str | None = None,
    stage: str | None = None,
    owner: str | None = None,
    team: str | None = None,
    icp_grade: str | None = None,
    marketing_temperature: str | None = None,
    sales_temperature: str | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Lead]:
    leads = lead_visible_to(user=user).order_by("-updated_at", "-id")
    filters = {
        "email": email.strip().lower() if email else None,
        "stage": stage,
        "owner__email": owner.strip().lower() if owner else None,
        "team__slug": team,
        "icp_grade": icp_grade,
        "marketing_temperature": marketing_temperature,
        "sales_temperature": sales_temperature,
        "updated_at__gte": updated_since,
    }
    return leads.filter(**{k: v for k, v in filters.items() if v is not None})


def lead_get(*, lead_id: int, user: User | None = None) -> Lead:
    leads = lead_visible_to(user=user) if user else Lead.objects.select_related("account", "owner")
    lead = leads.filter(pk=lead_id).first()
    if lead is None:
        raise NotFound(f"No lead with id {lead_id} that you may see.")
    return lead


def lead_open_handoff(*, lead: Lead) -> Handoff | None:
    return (
        Handoff.objects.filter(lead=lead, state__in=[Handoff.State.WAITING, Handoff.State.ACCEPTED])
        .select_related("owner", "team")
        .first()
    )


def handoff_business_hours_left(*, handoff: Handoff, now: datetime) -> float | None:
    """Business hours until the accept deadline on the agreement's calendar; negative when late."""
    if handoff.agreement_version is None:
        return None
    calendar = calendar_from_agreement(
        version_agreement(version=handoff.agreement_version).calendar
    )
    if now <= handoff.accept_due_at:
        return round(calendar_business_hours_between(calendar, now, handoff.accept_due_at), 2)
    return -round(calendar_business_hours_between(calendar, handoff.accept_due_at, now), 2)
