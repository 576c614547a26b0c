"""Feedback on a lead (sales) and the information requests it opens (marketing's to-do list)."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from leadpact.core.idempotency import idempotent
from leadpact.core.paging import page_of
from leadpact.core.schemas import API_ERRORS
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.feedback.schemas import (
    FeedbackIn,
    FeedbackOut,
    InformationAnswerIn,
    InformationRequestFilters,
    InformationRequestIn,
    InformationRequestOut,
    InformationRequestPage,
)
from leadpact.feedback.selectors import information_request_get, information_request_list
from leadpact.feedback.services import (
    feedback_record,
    information_request_answer,
    information_request_create,
)
from leadpact.leads.selectors import lead_get
from leadpact.users.auth import require_scope
from leadpact.users.models import User

router = Router(tags=["feedback"])


def _caller(request: HttpRequest, scope: str) -> User:
    require_scope(request, scope)
    return request.user  # type: ignore[return-value]


def request_out(item: InformationRequest) -> InformationRequestOut:
    return InformationRequestOut(
        id=item.pk,
        lead_id=item.lead_id,
        lead=str(item.lead),
        question_id=item.question_id,
        question=item.question,
        status=item.status,
        asked_by_email=item.asked_by.email if item.asked_by else None,
        created_at=item.created_at,
        answer=item.answer,
        answered_by_email=item.answered_by.email if item.answered_by else None,
        answered_at=item.answered_at,
    )


def feedback_out(feedback: Feedback) -> FeedbackOut:
    requests = feedback.requests.select_related("lead", "asked_by", "answered_by").order_by("id")
    return FeedbackOut(
        id=feedback.pk,
        lead_id=feedback.lead_id,
        author_email=feedback.author.email if feedback.author else None,
        answers=feedback.answers,
        interesting=feedback.interesting,
        agreement_version=feedback.agreement_version.number if feedback.agreement_version else None,
        created_at=feedback.created_at,
        information_requests=[request_out(item) for item in requests],
    )


@router.post(
    "/leads/{lead_id}/feedback",
    response={201: FeedbackOut, **API_ERRORS},
    operation_id="feedback_record",
)
@idempotent
def feedback_record_api(request: HttpRequest, lead_id: int, payload: FeedbackIn) -> Status:
    """Sales' feedback after a conversation, answering the agreement's `feedback.questions` by
    id; required questions must be answered. Each answer to an `information_request` question
    opens an information request for marketing."""
    user = _caller(request, "leads:act")
    lead_get(lead_id=lead_id, user=user)  # 404 for a lead the caller may not see
    feedback = feedback_record(
        lead_id=lead_id, actor=user, answers=payload.answers, interesting=payload.interesting
    )
    return Status(201, feedback_out(feedback))


@router.get(
    "/information-requests",
    response={200: InformationRequestPage, **API_ERRORS},
    operation_id="information_request_list",
)
def information_request_list_api(
    request: HttpRequest, filters: Query[InformationRequestFilters]
) -> InformationRequestPage:
    """Marketing's to-do list (every request for marketing and admins; sales sees those on its
    own leads). Open requests are listed oldest first."""
    user = _caller(request, "leads:read")
    items = information_request_list(user=user, status=filters.status)
    page = page_of(items, limit=filters.limit, offset=filters.offset)
    return InformationRequestPage(count=items.count(), items=[request_out(i) for i in page])


@router.post(
    "/information-requests",
    response={201: InformationRequestOut, **API_ERRORS},
    operation_id="information_request_create",
)
@idempotent
def information_request_create_api(request: HttpRequest, payload: InformationRequestIn) -> Status:
    """Sales asks marketing for information about one of its leads, outside a feedback."""
    user = _caller(request, "leads:act")
    lead_get(lead_id=payload.lead_id, user=user)
    item = information_request_create(
        lead_id=payload.lead_id, actor=user, question=payload.question
    )
    return Status(201, request_out(item))


@router.post(
    "/information-requests/{request_id}/answer",
    response={200: InformationRequestOut, **API_ERRORS},
    operation_id="information_request_answer",
)
@idempotent
def information_request_answer_api(
    request: HttpRequest, request_id: int, payload: InformationAnswerIn
) -> InformationRequestOut:
    """Marketing (or an admin) answers an open request; the rep who asked is notified."""
    user = _caller(request, "leads:act")
    information_request_get(request_id=request_id, user=user)
    item = information_request_answer(request_id=request_id, actor=user, answer=payload.answer)
    return request_out(item)
