"""The lead page and the actions sales takes on a lead (each one POST form → one service)."""

from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import replace_url

from leadpact.agreements.selectors import agreement_active
from leadpact.core.exceptions import ApplicationError, NotFound
from leadpact.feedback.models import InformationRequest
from leadpact.feedback.selectors import lead_feedback
from leadpact.feedback.services import feedback_record
from leadpact.leads import lifecycle
from leadpact.leads.explanations import lead_why_in
from leadpact.leads.models import Lead
from leadpact.leads.selectors import lead_get, lead_open_handoff
from leadpact.web.access import ALL_ROLES, SALES_ROLES, lead_visible, role_required, user_of
from leadpact.web.actions import action_form, action_forms, lead_actions
from leadpact.web.countdown import SlaClock
from leadpact.web.forms import FeedbackForm
from leadpact.web.problems import problem_text
from leadpact.web.timeline import lead_timeline
from leadpact.web.words import AgreementWords, agreement_words


def words_now() -> AgreementWords:
    return agreement_words(version=agreement_active(), lang=get_language() or "pl")


def render_lead_page(
    request: HttpRequest,
    lead: Lead,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    words = words_now()
    handoff = lead_open_handoff(lead=lead)
    lead_url = reverse("web:lead", args=[lead.pk])
    clock = SlaClock(timezone.now())
    feedback = lead_feedback(lead=lead)
    context = {
        "lead": lead,
        "words": words,
        "handoff": handoff,
        "clock": clock.of(handoff),
        "feedback_due": None if feedback.exists() else clock.feedback_due(handoff),
        "marketing_temperature": words.marketing_levels.get(
            lead.marketing_temperature, lead.marketing_temperature
        ),
        "sales_temperature": words.sales_levels.get(lead.sales_temperature, lead.sales_temperature),
        "temperatures_disagree": words.temperatures_disagree(
            lead.marketing_temperature, lead.sales_temperature
        ),
        "persona": words.personas.get(lead.persona, lead.persona),
        "why": lead_why_in(lead=lead, language=get_language() or "pl"),
        "timeline": lead_timeline(lead=lead, words=words),
        "requests": InformationRequest.objects.filter(lead=lead).select_related(
            "asked_by", "answered_by"
        ),
        "actions": lead_actions(user=user, lead=lead, handoff=handoff),
        "forms": action_forms(lead=lead, words=words, bound=bound),
        "next": lead_url,
        "here": lead_url,
    }
    response = render(request, "web/lead.html", context, status=status)
    # A form with errors answers its POST with the lead page: show the page's own address.
    return replace_url(response, lead_url) if request.method == "POST" else response


@role_required(ALL_ROLES)
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    return render_lead_page(request, lead_visible(request, lead_id))


def back_to(request: HttpRequest, lead: Lead) -> HttpResponseRedirect:
    """Where the form came from (the queue, the lead page), if it is one of ours."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("web:lead", args=[lead.pk])
    if target.startswith(reverse("web:lead", args=[lead.pk])) and not _still_visible(request, lead):
        # A rejected lead goes back to marketing: its page is no longer the rep's to see.
        target = reverse("web:queue")
    return HttpResponseRedirect(target)


def _still_visible(request: HttpRequest, lead: Lead) -> bool:
    try:
        lead_get(lead_id=lead.pk, user=user_of(request))
    except NotFound:
        return False
    return True


def run_action(
    request: HttpRequest,
    lead: Lead,
    call: Callable[[], object],
    done: str,
    *,
    form: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    """Run a sales action; a refusal that names a field of the action's `form` (its name and
    the bound form) is shown beside that field, with what was typed kept."""
    if agreement_active() is None:
        messages.error(request, _("No agreement is in force yet, so leads cannot be worked."))
        return back_to(request, lead)
    try:
        call()
    except ApplicationError as refused:
        text = problem_text(refused, lead=lead)
        field = _field_named(refused, form[1]) if form else None
        if form and field:
            form[1].add_error(field, text)
            return _invalid(request, lead, form[0], form[1])
        messages.error(request, text)
    else:
        messages.success(request, done)
    return back_to(request, lead)


def _field_named(refused: ApplicationError, form: forms.Form) -> str | None:
    for item in refused.extra or []:
        if isinstance(item, dict) and item.get("field") in form.fields:
            return str(item["field"])
    return None


def acting(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only; sales roles only (marketing may look, not act: 403)."""
    return require_POST(role_required(SALES_ROLES)(view))


def _invalid(request: HttpRequest, lead: Lead, name: str, form: forms.Form) -> HttpResponse:
    messages.error(request, _("Please correct the form below."))
    return render_lead_page(request, lead, bound={name: form}, status=400)


@acting
def lead_accept(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_visible(request, lead_id)
    user = user_of(request)
    return run_action(
        request,
        lead,
        lambda: lifecycle.handoff_accept(lead_id=lead.pk, actor=user),
        _("Accepted: %(lead)s is yours now.") % {"lead": lead},
    )


@acting
def lead_reject(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_visible(request, lead_id)
    form = action_form("reject", lead=lead, words=words_now(), data=request.POST)
    if not form.is_valid():
        return _invalid(request, lead, "reject", form)
    data = form.cleaned_data
    user = user_of(request)
    return run_action(
        request,
        lead,
        lambda: lifecycle.handoff_reject(
            lead_id=lead.pk, actor=user, reason=data["reason"], note=data["note"]
        ),
        _("Rejected: %(lead)s went back to marketing.") % {"lead": lead},
    )


@acting
def lead_first_contact(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_visible(request, lead_id)
    form = action_form("first_contact", lead=lead, words=words_now(), data=request.POST)
    if not form.is_valid():
        return _invalid(request, lead, "first_contact", form)
    handoff = lead_open_handoff(lead=lead)
    if handoff is not None and handoff.first_contact_at is not None:
        messages.error(request, _("The first contact with this lead is already recorded."))
        return back_to(request, lead)
    user = user_of(request)
    return run_action(
        request,
        lead,
        lambda: lifecycle.lead_first_contact(
            lead_id=lead.pk, actor=user, at=form.cleaned_data["at"]
        ),
        _("First contact recorded."),
        form=("first_contact", form),
    )


@acting
def lead_qualify(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_visible(request, lead_id)
    form = action_form("qualify", lead=lead, words=words_now(), data=request.POST)
    if not form.is_valid():
        return _invalid(request, lead, "qualify", form)
    data = form.cleaned_data
    user = user_of(request)
    return run_action(
        request,
        lead,
        lambda: lifecycle.lead_qualify(
            lead_id=lead.pk,
            actor=user,
            product_potential=data["product_potential"] == "yes",
            horizon_months=data["horizon_months"],
            meeting_at=data["meeting_at"],
        ),
        _("Qualification recorded."),
        form=("qualify", form),
    )


@acting
def lead_close(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_visible(request, lead_id)
    form = action_form("close", lead=lead, words=words_now(), data=request.POST)
    if not form.is_valid():
        return _invalid(request, lead, "close", form)
    data = form.cleaned_data
    user = user_of(request)
    won = data["outcome"] == "won"
    return run_action(
        request,
        lead,
        lambda: lifecycle.lead_close(
            lead_id=lead.pk,
            actor=user,
            won=won,
            revenue=data["revenue"] if won else None,
            currency=data["currency"],
            reason="" if won else data["reason"],
        ),
        _("Closed as won.") if won else _("Closed as lost."),
    )


@acting
def lead_feedback_give(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = lead_visible(request, lead_id)
    form = action_form("feedback", lead=lead, words=words_now(), data=request.POST)
    if not form.is_valid():
        return _invalid(request, lead, "feedback", form)
    user = user_of(request)
    return run_action(
        request,
        lead,
        lambda: feedback_record(
            lead_id=lead.pk,
            actor=user,
            answers=cast(FeedbackForm, form).answers(),
            interesting=form.cleaned_data["interesting"],
        ),
        _("Thank you: the feedback is recorded."),
    )
