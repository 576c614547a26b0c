"""Friendly error pages. The 500 page renders without the request's context, so that it
still shows when the database is what failed."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/404.html", status=404)


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
