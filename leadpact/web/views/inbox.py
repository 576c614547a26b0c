"""The notification inbox: everything leadpact told this person, with the unread count."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leadpact.core.exceptions import NotFound
from leadpact.leads.selectors import lead_visible_to
from leadpact.notifications.channels.in_app import in_app_item
from leadpact.notifications.models import Notification
from leadpact.notifications.selectors import notification_inbox
from leadpact.notifications.services import notification_mark_read, notifications_mark_all_read
from leadpact.web.access import ALL_ROLES, role_required, user_of


@role_required(ALL_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notification_inbox(user=user, unread_only=unread_only), 25).get_page(
        request.GET.get("page")
    )
    lead_ids = {n.lead_id for n in page if n.lead_id}
    visible = set(lead_visible_to(user=user).filter(pk__in=lead_ids).values_list("pk", flat=True))
    items = [
        {
            "notification": n,
            "message": in_app_item(notification=n, reader=user),
            "lead_id": n.lead_id if n.lead_id in visible else None,
            "link": _link_of(n),
        }
        for n in page
    ]
    return render(
        request,
        "web/inbox.html",
        {"page": page, "items": items, "unread_only": unread_only},
    )


def _link_of(notification: Notification) -> tuple[str, str] | None:
    """Where a notification that is not about one lead leads: the report, the version."""
    payload, kind = notification.payload, notification.kind
    if kind == Notification.Kind.REPORT_READY and payload.get("period"):
        return reverse("web:report", args=[payload["period"]]), _("Open the report")
    if kind == Notification.Kind.AGREEMENT_TO_SIGN and payload.get("number"):
        return reverse("web:agreement-version", args=[payload["number"]]), _("Read and sign")
    if kind == Notification.Kind.AGREEMENT_ACTIVATED:
        return reverse("web:agreement"), _("Read the agreement")
    return None


@require_POST
@role_required(ALL_ROLES)
def inbox_mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification_mark_read(notification_id=notification_id, user=user_of(request))
    except NotFound:
        messages.error(request, _("This notification is not in your inbox."))
    return redirect("web:inbox")


@require_POST
@role_required(ALL_ROLES)
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=user_of(request))
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("web:inbox")
