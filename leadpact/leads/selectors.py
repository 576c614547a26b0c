from collections.abc import Sequence
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


# A version's text and document are large; a lead or handoff needs its number and, for the
# parsed-agreement cache, its text.
_VERSION_BULK = ("document",)


def lead_get(*, lead_id: int, user: User | None = None) -> Lead:
    leads = lead_visible_to(user=user) if user else Lead.objects.select_related("account", "owner")
    leads = leads.select_related("assessed_version").defer(
        "assessed_version__source_text", *(f"assessed_version__{name}" for name in _VERSION_BULK)
    )
    # By primary key: one row at most, so no ordering to compile or run.
    try:
        return leads.get(pk=lead_id)
    except Lead.DoesNotExist:
        raise NotFound(f"No lead with id {lead_id} that you may see.") from None


# What the API's lead detail (`lead_detail_out`) shows: every column of the four joined rows
# would cost its compile and conversion time on each read.
_DETAIL_COLUMNS = (
    "email", "first_name", "last_name", "job_title", "phone", "stage", "icp_grade", "persona",
    "marketing_temperature", "sales_temperature", "attributes", "created_at", "updated_at", "why",
    "account__domain", "owner__email", "team__slug", "assessed_version__number",
)  # fmt: skip


def lead_detail_get(*, lead_id: int, user: User) -> Lead:
    """`lead_get` with only the columns the lead detail shows (others load when read)."""
    leads = lead_visible_to(user=user).select_related("assessed_version")
    try:
        return leads.only(*_DETAIL_COLUMNS).get(pk=lead_id)
    except Lead.DoesNotExist:
        raise NotFound(f"No lead with id {lead_id} that you may see.") from None


# What the API's lead detail shows of the open handoff, and what its business-hours clock
# reads of the version (its text keys the parsed-agreement cache).
HANDOFF_DETAIL_COLUMNS = (
    "lead_id", "state", "opened_at", "accept_due_at", "first_contact_due_at", "accepted_at",
    "first_contact_at", "accept_breached_at", "team__slug", "owner__email",
    "agreement_version__source_text",
)  # fmt: skip


def lead_open_handoff(*, lead: Lead, columns: Sequence[str] = ()) -> Handoff | None:
    """The lead's open handoff, if any; with `columns`, only those are read at first."""
    # At most one is open (a unique constraint), so no ordering is needed.
    open_handoffs = Handoff.objects.filter(
        lead=lead, state__in=[Handoff.State.WAITING, Handoff.State.ACCEPTED]
    ).select_related("owner", "team", "agreement_version")
    if columns:
        open_handoffs = open_handoffs.only(*columns)
    else:
        open_handoffs = open_handoffs.defer(*(f"agreement_version__{n}" for n in _VERSION_BULK))
    return next(iter(open_handoffs.order_by()[:1]), None)


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
