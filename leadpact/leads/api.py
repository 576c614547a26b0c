from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from leadpact.accounts.models import Account
from leadpact.core.bodiless import bodiless
from leadpact.core.exceptions import ApplicationError
from leadpact.core.idempotency import idempotent
from leadpact.core.paging import PageQuery, QueryParams, page_of
from leadpact.core.schemas import API_ERRORS, Moment
from leadpact.leads import lifecycle
from leadpact.leads.evaluation import leads_evaluate
from leadpact.leads.explanations import lead_why_in
from leadpact.leads.models import Lead
from leadpact.leads.schemas import (
    CloseIn,
    FirstContactIn,
    HandoffOut,
    LeadDetailOut,
    LeadOut,
    LeadUpsertIn,
    LeadUpsertOut,
    QualifyIn,
    ReassignIn,
    RejectIn,
)
from leadpact.leads.selectors import (
    handoff_business_hours_left,
    lead_detail_get,
    lead_get,
    lead_list,
    lead_open_handoff_detail,
)
from leadpact.leads.services import lead_upsert
from leadpact.privacy.ledger import contactable, suppressed_emails
from leadpact.users.auth import require_scope
from leadpact.users.models import User

router = Router(tags=["leads"])


def _lead_fields(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.pk,
        "email": lead.email,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "job_title": lead.job_title,
        "phone": lead.phone,
        "account_domain": lead.account.domain if lead.account else None,
        "stage": lead.stage,
        "icp_grade": lead.icp_grade,
        "persona": lead.persona,
        "marketing_temperature": lead.marketing_temperature,
        "sales_temperature": lead.sales_temperature,
        "owner_email": lead.owner.email if lead.owner else None,
        "attributes": lead.attributes,
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
    }


def lead_out(lead: Lead) -> LeadOut:
    return LeadOut(**_lead_fields(lead))


def lead_detail_out(lead: Lead, *, why: list[dict[str, Any]] | None = None) -> LeadDetailOut:
    # Still in `inquiry`: never handed off, for no stage leads back there; no query needed.
    handoff = (
        None if lead.stage == Lead.Stage.INQUIRY else lead_open_handoff_detail(lead_id=lead.pk)
    )
    handoff_out = None
    if handoff is not None:
        left = business_left = None
        if handoff.state == handoff.State.WAITING:
            now = timezone.now()
            left = int((handoff.accept_due_at - now).total_seconds())
            business_left = handoff_business_hours_left(handoff=handoff, now=now)
        handoff_out = HandoffOut(
            id=handoff.pk,
            state=handoff.state,
            team=handoff.team.slug if handoff.team else None,
            owner_email=handoff.owner.email if handoff.owner else None,
            opened_at=handoff.opened_at,
            accept_due_at=handoff.accept_due_at,
            first_contact_due_at=handoff.first_contact_due_at,
            accepted_at=handoff.accepted_at,
            first_contact_at=handoff.first_contact_at,
            accept_breached=handoff.accept_breached_at is not None,
            seconds_left_to_accept=left,
            business_hours_left_to_accept=business_left,
        )
    # Validated once: `why` as stored (its items are WhyOut's fields), no LeadOut in between.
    return LeadDetailOut(
        **_lead_fields(lead),
        team=lead.team.slug if lead.team else None,
        agreement_version=lead.assessed_version.number if lead.assessed_version else None,
        handoff=handoff_out,
        why=lead.why if why is None else why,  # type: ignore[arg-type]  # WhyOut's fields
    )


class LeadFilters(PageQuery):
    email: str | None = None
    stage: Lead.Stage | None = None
    owner: str | None = None
    team: str | None = None
    icp_grade: str | None = None
    marketing_temperature: str | None = None
    sales_temperature: str | None = None
    updated_since: Moment | None = None
    # Only leads that may be contacted for marketing on this channel now (consent ledger).
    contactable: Literal["email", "phone"] | None = None


class LeadPage(Schema):
    count: int
    items: list[LeadOut]


@router.post(
    "",
    response={200: LeadUpsertOut, 201: LeadUpsertOut, **API_ERRORS},
    operation_id="lead_upsert",
    summary="Create or update a lead by e-mail",
)
@idempotent
def lead_upsert_api(request: HttpRequest, payload: LeadUpsertIn) -> tuple[int, dict]:
    """Known leads are updated only with the non-empty values given; `account_domain` links the
    lead to an account that must already exist (create it with `POST /accounts`). A person on
    the suppression list (objected or erased) is not stored: `outcome` is `suppressed`."""
    require_scope(request, "touches:write")
    if suppressed_emails([payload.email]):
        return 200, LeadUpsertOut(outcome="suppressed", lead=None).model_dump(mode="json")
    account = None
    if payload.account_domain:
        account = Account.objects.filter(domain=payload.account_domain).first()
        if account is None:
            raise ApplicationError(
                f"No account with the domain {payload.account_domain}; create it first.",
                status=422,
                extra=[{"field": "account_domain", "message": "unknown account"}],
            )
    # Stored, judged and answered as one: a failure in any part leaves no lead behind.
    with transaction.atomic():
        result = lead_upsert(data=payload, account=account)
        if result.outcome != "unchanged":
            leads_evaluate(lead_ids=[result.lead_id])
        lead = lead_out(lead_get(lead_id=result.lead_id))
        body = LeadUpsertOut(outcome=result.outcome, lead=lead).model_dump(mode="json")
    return (201 if result.outcome == "created" else 200), body


@router.get("", response={200: LeadPage, **API_ERRORS}, operation_id="lead_list")
def lead_list_api(request: HttpRequest, filters: Query[LeadFilters]) -> LeadPage:
    """Leads the caller may see, newest change first, filtered and paginated."""
    require_scope(request, "leads:read")
    leads = lead_list(
        user=request.user,  # type: ignore[arg-type]
        **filters.model_dump(exclude={"limit", "offset", "contactable"}),
    )
    if filters.contactable:
        leads = contactable(leads, channel=filters.contactable)
    page = page_of(leads, limit=filters.limit, offset=filters.offset)
    return LeadPage(count=leads.count(), items=[lead_out(lead) for lead in page])


class LeadDetailQuery(QueryParams):
    lang: Literal["pl", "en"] | None = Field(
        None,
        description="`why` told in this language (default: the agreement's, as judged); "
        "the same reasons, re-told only when the lead's judgement can be reproduced",
    )


@router.get("/{lead_id}", response={200: LeadDetailOut, **API_ERRORS}, operation_id="lead_get")
def lead_get_api(
    request: HttpRequest, lead_id: int, query: Query[LeadDetailQuery]
) -> LeadDetailOut:
    """The lead with its open handoff and `why`: the clauses that explain its state."""
    require_scope(request, "leads:read")
    lead = lead_detail_get(lead_id=lead_id, user=request.user)  # type: ignore[arg-type]
    if query.lang is None:
        return lead_detail_out(lead)
    return lead_detail_out(lead, why=lead_why_in(lead=lead, language=query.lang))


def _acting(request: HttpRequest, lead_id: int) -> User:
    require_scope(request, "leads:act")
    user: User = request.user  # type: ignore[assignment]
    lead_get(lead_id=lead_id, user=user)  # 404 for a lead the caller may not see
    return user


def _done(lead: Lead) -> LeadDetailOut:
    return lead_detail_out(lead_get(lead_id=lead.pk))


ACTION_RESPONSES: dict[int, Any] = {200: LeadDetailOut, **API_ERRORS}


@router.post("/{lead_id}/accept", operation_id="handoff_accept", response=ACTION_RESPONSES)
@idempotent
@bodiless
def accept(request: HttpRequest, lead_id: int) -> LeadDetailOut:
    """Accept an MQL waiting for you (owner, or the team's manager): MQL → SAL."""
    user = _acting(request, lead_id)
    return _done(lifecycle.handoff_accept(lead_id=lead_id, actor=user))


@router.post("/{lead_id}/reject", operation_id="handoff_reject", response=ACTION_RESPONSES)
@idempotent
def reject(request: HttpRequest, lead_id: int, payload: RejectIn) -> LeadDetailOut:
    """Reject with a reason code from the agreement; its outcome decides nurture or
    disqualified."""
    user = _acting(request, lead_id)
    lead = lifecycle.handoff_reject(
        lead_id=lead_id, actor=user, reason=payload.reason, note=payload.note
    )
    return _done(lead)


@router.post(
    "/{lead_id}/first-contact", operation_id="lead_first_contact", response=ACTION_RESPONSES
)
@idempotent
def first_contact(
    request: HttpRequest, lead_id: int, payload: FirstContactIn | None = None
) -> LeadDetailOut:
    """Record the first contact; stops the first-contact clock."""
    user = _acting(request, lead_id)
    at = payload.at if payload else None  # no body: now
    return _done(lifecycle.lead_first_contact(lead_id=lead_id, actor=user, at=at))


@router.post("/{lead_id}/qualify", operation_id="lead_qualify", response=ACTION_RESPONSES)
@idempotent
def qualify(request: HttpRequest, lead_id: int, payload: QualifyIn) -> LeadDetailOut:
    """Product potential and purchase horizon → the sales temperature; SAL → SQL."""
    user = _acting(request, lead_id)
    lead = lifecycle.lead_qualify(lead_id=lead_id, actor=user, **payload.model_dump())
    return _done(lead)


@router.post("/{lead_id}/close", operation_id="lead_close", response=ACTION_RESPONSES)
@idempotent
def close(request: HttpRequest, lead_id: int, payload: CloseIn) -> LeadDetailOut:
    """Won (with revenue) or lost (with a reason)."""
    user = _acting(request, lead_id)
    lead = lifecycle.lead_close(
        lead_id=lead_id,
        actor=user,
        won=payload.outcome == "won",
        revenue=payload.revenue,
        currency=payload.currency,
        reason=payload.reason,
    )
    return _done(lead)


@router.post("/{lead_id}/reassign", operation_id="handoff_reassign", response=ACTION_RESPONSES)
@idempotent
def reassign(request: HttpRequest, lead_id: int, payload: ReassignIn) -> LeadDetailOut:
    """A manager gives the lead to another rep of the team."""
    user = _acting(request, lead_id)
    to = User.objects.filter(email=payload.to.lower()).first()
    if to is None:
        raise ApplicationError(
            f"No user with the e-mail {payload.to}.",
            status=422,
            extra=[{"field": "to", "message": "unknown user"}],
        )
    return _done(lifecycle.handoff_reassign(lead_id=lead_id, actor=user, to=to))
