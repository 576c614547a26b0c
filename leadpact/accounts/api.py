from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from leadpact.accounts.models import Account
from leadpact.accounts.schemas import AccountIn, AccountOut, AccountUpsertOut
from leadpact.accounts.services import account_upsert
from leadpact.core.idempotency import idempotent
from leadpact.core.schemas import API_ERRORS
from leadpact.leads.evaluation import leads_evaluate
from leadpact.users.auth import require_scope

router = Router(tags=["accounts"])


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.pk,
        domain=account.domain,
        name=account.name,
        industry=account.industry,
        employees=account.employees,
        country=account.country,
        annual_revenue=account.annual_revenue,
        is_target=account.is_target,
        attributes=account.attributes,
    )


@router.post(
    "",
    response={200: AccountUpsertOut, 201: AccountUpsertOut, **API_ERRORS},
    operation_id="account_upsert",
    summary="Create or update an account by domain",
)
@idempotent
def account_upsert_api(request: HttpRequest, payload: AccountIn) -> tuple[int, dict]:
    """Known accounts are updated only with the non-empty values given."""
    require_scope(request, "touches:write")
    # Stored, its leads judged and answered as one: a failure in any part stores nothing.
    with transaction.atomic():
        result = account_upsert(data=payload)
        account = Account.objects.get(pk=result.account_id)
        if result.outcome == "updated":
            leads_evaluate(lead_ids=account.leads.values_list("pk", flat=True))
        body = AccountUpsertOut(outcome=result.outcome, account=account_out(account))
        answer = body.model_dump(mode="json")
    return (201 if result.outcome == "created" else 200), answer
