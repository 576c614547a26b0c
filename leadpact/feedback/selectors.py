from django.db.models import QuerySet

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.schema import FeedbackQuestion
from leadpact.agreements.selectors import version_agreement
from leadpact.core.exceptions import NotFound
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads.models import Lead
from leadpact.leads.selectors import lead_visible_to
from leadpact.users.models import User


def feedback_questions(*, version: AgreementVersion) -> tuple[FeedbackQuestion, ...]:
    return version_agreement(version=version).feedback.questions


def lead_feedback(*, lead: Lead) -> QuerySet[Feedback]:
    return Feedback.objects.filter(lead=lead).select_related("author").order_by("-created_at")


def information_request_list(
    *, user: User, status: str | None = None
) -> QuerySet[InformationRequest]:
    """Marketing's to-do list: every request for marketing and admins; sales sees the
    requests on the leads it may see. Open ones oldest first, the rest newest first."""
    requests = InformationRequest.objects.select_related("lead", "asked_by", "answered_by")
    if user.role not in (User.Role.MARKETING, User.Role.ADMIN):
        requests = requests.filter(lead__in=lead_visible_to(user=user).values("pk"))
    if status:
        requests = requests.filter(status=status)
    if status == InformationRequest.Status.OPEN:
        return requests.order_by("created_at", "id")
    return requests.order_by("-created_at", "-id")


def information_request_get(*, request_id: int, user: User) -> InformationRequest:
    request = information_request_list(user=user).filter(pk=request_id).first()
    if request is None:
        raise NotFound(f"No information request {request_id} that you may see.")
    return request


def information_request_open_count() -> int:
    return InformationRequest.objects.filter(status=InformationRequest.Status.OPEN).count()
