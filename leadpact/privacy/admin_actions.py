"""Actions on the Lead admin's list: erase, export, record an objection. Administrators only."""

import json
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadpact.audit.services import request_ip
from leadpact.leads.models import Lead
from leadpact.privacy.services import lead_object, privacy_erase, privacy_export_give
from leadpact.users.models import User


def _admin_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.role == User.Role.ADMIN else None


@admin.action(description=gettext_lazy("Erase the personal data of the selected leads"))
def erase_personal_data(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Lead]
) -> HttpResponse | None:
    actor = _admin_user(request)
    if actor is None:
        modeladmin.message_user(request, _("Only an administrator may erase."), messages.ERROR)
        return None
    if request.POST.get("confirmed") != "yes":
        return TemplateResponse(
            request,
            "privacy/erase_confirm.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "leads": list(queryset),
                "action": "erase_personal_data",
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "opts": modeladmin.model._meta,
            },
        )
    erased = 0
    for email in list(queryset.values_list("email", flat=True)):
        erased += len(privacy_erase(email=email, actor=actor, ip=request_ip(request)).lead_ids)
    modeladmin.message_user(request, _("Erased %(count)d lead(s).") % {"count": erased})
    return None


@admin.action(description=gettext_lazy("Export the personal data of the selected leads (JSON)"))
def export_personal_data(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Lead]
) -> HttpResponse | None:
    actor = _admin_user(request)
    if actor is None:
        modeladmin.message_user(request, _("Only an administrator may export."), messages.ERROR)
        return None
    documents: list[dict[str, Any]] = [
        privacy_export_give(email=email, actor=actor, via="admin", ip=request_ip(request))
        for email in queryset.values_list("email", flat=True)
    ]
    body = documents[0] if len(documents) == 1 else documents
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="leadpact-personal-data.json"'
    return response


@admin.action(description=gettext_lazy("Record an objection from the selected leads"))
def record_objection(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Lead]
) -> None:
    actor = _admin_user(request)
    if actor is None:
        modeladmin.message_user(request, _("Only an administrator may do this."), messages.ERROR)
        return
    for email in list(queryset.values_list("email", flat=True)):
        lead_object(email=email, actor=actor, source="admin")
    modeladmin.message_user(request, _("Objection recorded; the people are suppressed."))


LEAD_ACTIONS = [erase_personal_data, export_personal_data, record_objection]
