"""The administrator's page for personal data requests: export, objection, erasure."""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leadpact.audit.services import request_ip
from leadpact.privacy.forms import EraseForm, PersonForm
from leadpact.privacy.services import lead_object, privacy_erase, privacy_export_give
from leadpact.users.models import User
from leadpact.web.access import role_required, user_of

ADMINS = frozenset({User.Role.ADMIN})


@role_required(ADMINS)
def privacy_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/index.html",
        {
            "export_form": PersonForm(auto_id="export-%s"),
            "object_form": PersonForm(auto_id="object-%s"),
            "erase_form": EraseForm(auto_id="erase-%s"),
        },
    )


@role_required(ADMINS)
def privacy_export_view(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Give the person's e-mail address."))
        return redirect("privacy:index")
    document = privacy_export_give(
        email=form.cleaned_data["email"],
        actor=user_of(request),
        via="web",
        ip=request_ip(request),
    )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="leadpact-personal-data.json"'
    return response


@require_POST
@role_required(ADMINS)
def privacy_object_view(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person's e-mail address."))
        return redirect("privacy:index")
    lead_object(email=form.cleaned_data["email"], actor=user_of(request), source="web")
    messages.success(request, _("Objection recorded; the person is suppressed."))
    return redirect("privacy:index")


@require_POST
@role_required(ADMINS)
def privacy_erase_view(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the e-mail address and confirm the erasure."))
        return redirect("privacy:index")
    result = privacy_erase(
        email=form.cleaned_data["email"], actor=user_of(request), ip=request_ip(request)
    )
    if result.lead_ids:
        messages.success(request, _("Erased; the person is suppressed."))
    else:
        messages.success(
            request, _("No lead held under this address (or erased before); it is suppressed.")
        )
    return redirect("privacy:index")
