"""`/api/v1/privacy`: erasure, objection and subject access, for administrators only."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import EmailStr

from leadpact.audit.services import request_ip
from leadpact.core.exceptions import Forbidden
from leadpact.core.idempotency import idempotent
from leadpact.core.paging import no_query
from leadpact.core.schemas import API_ERRORS
from leadpact.privacy.schemas import ErasureOut, ObjectionOut, PersonIn
from leadpact.privacy.services import lead_object, privacy_erase, privacy_export_give
from leadpact.users.auth import require_scope
from leadpact.users.models import User

router = Router(tags=["privacy"])
SCOPE = "privacy:admin"


def _admin(request: HttpRequest) -> User:
    require_scope(request, SCOPE)
    user: User = request.user  # type: ignore[assignment]
    if user.role != User.Role.ADMIN:
        raise Forbidden("Only an administrator handles personal data requests.")
    return user


@router.post("/erasures", response={200: ErasureOut, **API_ERRORS}, operation_id="privacy_erase")
@idempotent
def erase(request: HttpRequest, payload: PersonIn) -> ErasureOut:
    """Anonymise everything held about the person, irreversibly, and suppress them; reports
    keep their numbers. Erasing someone already erased, or never held, changes nothing else."""
    user = _admin(request)
    result = privacy_erase(email=payload.email, actor=user, ip=request_ip(request))
    return ErasureOut(lead_ids=result.lead_ids, suppressed=result.suppressed)


@router.post("/objections", response={200: ObjectionOut, **API_ERRORS}, operation_id="lead_object")
@idempotent
def object_(request: HttpRequest, payload: PersonIn) -> ObjectionOut:
    """Record the person's objection to marketing: no more scoring, handoffs or contact, and
    no touch, import or API call stores them again."""
    user = _admin(request)
    result = lead_object(email=payload.email, actor=user, source="api")
    return ObjectionOut(lead_id=result.lead_id, suppressed=result.suppressed)


@router.get(
    "/exports/{email}", response={200: dict[str, Any], **API_ERRORS}, operation_id="privacy_export"
)
@no_query
def export(request: HttpRequest, email: EmailStr) -> dict[str, Any]:
    """Everything held about the person, as one JSON document (a subject access request)."""
    user = _admin(request)
    return privacy_export_give(email=email, actor=user, via="api", ip=request_ip(request))
