from django.http import HttpRequest
from ninja import Query, Router, Schema

from leadpact.accounts.models import Account
from leadpact.core.exceptions import ApplicationError
from leadpact.core.idempotency import idempotent
from leadpact.core.schemas import API_ERRORS
from leadpact.leads.models import Lead
from leadpact.leads.schemas import LeadOut, LeadUpsertIn, LeadUpsertOut
from leadpact.leads.selectors import lead_get, lead_list
from leadpact.leads.services import lead_upsert
from leadpact.users.auth import require_scope

router = Router(tags=["leads"])


def lead_out(lead: Lead) -> LeadOut:
    return LeadOut(
        id=lead.pk,
        email=lead.email,
        first_name=lead.first_name,
        last_name=lead.last_name,
        job_title=lead.job_title,
        phone=lead.phone,
        account_domain=lead.account.domain if lead.account else None,
        stage=lead.stage,
        icp_grade=lead.icp_grade,
        persona=lead.persona,
        marketing_temperature=lead.marketing_temperature,
        sales_temperature=lead.sales_temperature,
        owner_email=lead.owner.email if lead.owner else None,
        attributes=lead.attributes,
        created_at=lead.created_at,
        updated_at=lead.updated_at,
    )


class LeadFilters(Schema):
    email: str | None = None
    limit: int = 50
    offset: int = 0


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
    lead to an account that must already exist (create it with `POST /accounts`)."""
    require_scope(request, "touches:write")
    account = None
    if payload.account_domain:
        account = Account.objects.filter(domain=payload.account_domain).first()
        if account is None:
            raise ApplicationError(
                f"No account with the domain {payload.account_domain}; create it first.",
                status=422,
                extra=[{"field": "account_domain", "message": "unknown account"}],
            )
    result = lead_upsert(data=payload, account=account)
    body = LeadUpsertOut(outcome=result.outcome, lead=lead_out(lead_get(lead_id=result.lead.pk)))
    return (201 if result.outcome == "created" else 200), body.model_dump(mode="json")


@router.get("", response={200: LeadPage, **API_ERRORS}, operation_id="lead_list")
def lead_list_api(request: HttpRequest, filters: Query[LeadFilters]) -> LeadPage:
    require_scope(request, "leads:read")
    if not 1 <= filters.limit <= 500 or filters.offset < 0:
        raise ApplicationError("limit must be 1–500 and offset ≥ 0.", status=422)
    leads = lead_list(email=filters.email)
    page = leads[filters.offset : filters.offset + filters.limit]
    return LeadPage(count=leads.count(), items=[lead_out(lead) for lead in page])


@router.get("/{lead_id}", response={200: LeadOut, **API_ERRORS}, operation_id="lead_get")
def lead_get_api(request: HttpRequest, lead_id: int) -> LeadOut:
    require_scope(request, "leads:read")
    return lead_out(lead_get(lead_id=lead_id))
