from datetime import datetime
from functools import cache

from django.db.models import Q, QuerySet

from leadpact.agreements.selectors import version_agreement
from leadpact.core.compiled import CompiledQuery
from leadpact.core.emails import email_normalize
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
        "email": email_normalize(email) if email else None,
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
    query = _lead_detail_query(user.role, bool(user.team_id))
    lead = query.first(lead_id=lead_id, user_id=user.pk, team_id=user.team_id or 0)
    if lead is None:
        raise NotFound(f"No lead with id {lead_id} that you may see.")
    return lead


@cache
def _lead_detail_query(role: str, has_team: bool) -> CompiledQuery[Lead]:
    # What a person may see shapes the query (`lead_visible_to`): one compiled query per shape.
    def build(*, lead_id: int, user_id: int, team_id: int) -> QuerySet[Lead]:
        viewer = User(pk=user_id, role=role, team_id=team_id if has_team else None)
        leads = lead_visible_to(user=viewer).select_related("assessed_version")
        return leads.only(*_DETAIL_COLUMNS).filter(pk=lead_id)

    return CompiledQuery(build)


# What the API's lead detail shows of the open handoff, and what its business-hours clock
# reads of the version (its text keys the parsed-agreement cache).
HANDOFF_DETAIL_COLUMNS = (
    "lead_id", "state", "opened_at", "accept_due_at", "first_contact_due_at", "accepted_at",
    "first_contact_at", "accept_breached_at", "team__slug", "owner__email",
    "agreement_version__source_text",
)  # fmt: skip


def _open_handoffs(*, lead_id: int) -> QuerySet[Handoff]:
    # At most one is open (a unique constraint), so no ordering is needed.
    open_states = [Handoff.State.WAITING, Handoff.State.ACCEPTED]
    return (
        Handoff.objects.filter(lead_id=lead_id, state__in=open_states)
        .select_related("owner", "team", "agreement_version")
        .order_by()
    )


def lead_open_handoff(*, lead: Lead) -> Handoff | None:
    """The lead's open handoff, if any."""
    open_handoffs = _open_handoffs(lead_id=lead.pk)
    open_handoffs = open_handoffs.defer(*(f"agreement_version__{n}" for n in _VERSION_BULK))
    return next(iter(open_handoffs[:1]), None)


_OPEN_HANDOFF_DETAIL = CompiledQuery(
    lambda *, lead_id: _open_handoffs(lead_id=lead_id).only(*HANDOFF_DETAIL_COLUMNS)
)


def lead_open_handoff_detail(*, lead_id: int) -> Handoff | None:
    """The lead's open handoff with only what the lead detail shows (others load when read)."""
    return _OPEN_HANDOFF_DETAIL.first(lead_id=lead_id)


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
