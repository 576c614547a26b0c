"""Friendly error pages. The 500 page renders without the request's context, so that it
still shows when the database is what failed."""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/404.html", status=404)


_LEAD_ACTION = re.compile(r"^/(?:team/)?leads/(\d+)/")


def method_not_allowed(request: HttpRequest, refused: HttpResponse) -> HttpResponse:
    """A page for an action's address opened as a page (from the history or a bookmark),
    instead of Django's empty 405, which the browser shows as its own error in its language."""
    lead = _LEAD_ACTION.match(request.path)
    page = render(
        request, "web/errors/405.html", {"lead_id": int(lead[1]) if lead else None}, status=405
    )
    page["Allow"] = refused.get("Allow", "")
    return page


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An API client reads the API's error envelope, not a page.
        return JsonResponse(
            {
                "code": "server_error",
                "detail": "Something went wrong on leadpact's side. Try again; if it keeps "
                "happening, tell the administrator.",
            },
            status=500,
        )
    return HttpResponseServerError(loader.get_template("web/errors/500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/errors/csrf.html", status=403)
