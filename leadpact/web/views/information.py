"""Marketing's to-do list: the information sales asked for in its feedback."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leadpact.core.exceptions import ApplicationError
from leadpact.feedback.models import InformationRequest
from leadpact.feedback.selectors import information_request_get, information_request_list
from leadpact.feedback.services import information_request_answer
from leadpact.web.access import ALL_ROLES, MARKETING_ROLES, role_required, user_of
from leadpact.web.forms import AnswerForm
from leadpact.web.problems import problem_text

STATUSES = {"open": InformationRequest.Status.OPEN, "answered": InformationRequest.Status.ANSWERED}


@role_required(ALL_ROLES)
def information_requests(request: HttpRequest) -> HttpResponse:
    return _requests_page(request)


def _requests_page(
    request: HttpRequest, *, bound: tuple[int, AnswerForm] | None = None, status: int = 200
) -> HttpResponse:
    """The list; `bound` is a request's answer refused, shown with its errors and its text."""
    user = user_of(request)
    shown = request.GET.get("status", "open")
    if shown not in (*STATUSES, "all"):
        shown = "open"
    items = information_request_list(user=user, status=STATUSES.get(shown))
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    for item in page:
        refused = bound is not None and bound[0] == item.pk
        item.answer_form = (  # type: ignore[attr-defined]
            bound[1] if bound and refused else AnswerForm(auto_id=f"answer-{item.pk}-%s")
        )
    return render(
        request,
        "web/information_requests.html",
        {
            "page": page,
            "status": shown,
            "may_answer": user.role in MARKETING_ROLES,
            "next": request.get_full_path(),
        },
        status=status,
    )


@require_POST
@role_required(MARKETING_ROLES)
def information_request_answer_view(request: HttpRequest, request_id: int) -> HttpResponse:
    user = user_of(request)
    item = information_request_get(request_id=request_id, user=user)
    form = AnswerForm(request.POST, auto_id=f"answer-{item.pk}-%s")
    if not form.is_valid():
        # The list again with this answer's errors beside it and its text kept, not lost.
        messages.error(request, _("Please correct the form below."))
        return _requests_page(request, bound=(item.pk, form), status=400)
    try:
        information_request_answer(
            request_id=item.pk, actor=user, answer=form.cleaned_data["answer"]
        )
    except ApplicationError as refused:
        messages.error(request, problem_text(refused))
    else:
        messages.success(request, _("Answered: the rep who asked has been notified."))
    return redirect("web:information-requests")
