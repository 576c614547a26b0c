from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation

from leadpact.core.schemas import (
    INVALID_DETAIL,
    UNSTORABLE,
    Place,
    api_error_entry,
    json_unstorable,
)


class ApiBodyLimitMiddleware:
    """Answer 413 for an API body over the documented limit, before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            declared = request.META.get("CONTENT_LENGTH")
            # A WSGI request without Content-Length is read as empty: refuse a chunked body
            # rather than answer as if nothing had been sent.
            if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
                return length_required()
            try:
                length = int(declared or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                return body_too_large()
        return self.get_response(request)


class ApiEnvelopeMiddleware:
    """Every API answer speaks English in the JSON envelope. Clients read the messages in their
    logs: a browser's or a user's language made them English sentences with Polish stage names
    and validator texts inside. An unknown path or method under the API answers in the
    envelope too, not with the web app's page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        with translation.override("en"):
            response = self.get_response(request)
        if response.status_code in (404, 405) and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return _not_in_the_api(request, response)
        return response


def _not_in_the_api(request: HttpRequest, response: HttpResponse) -> JsonResponse:
    if response.status_code == 404:
        body = {"code": "not_found", "detail": f"No API operation at {request.path}."}
        return JsonResponse(body, status=404)
    allowed = response.get("Allow", "")
    body = {
        "code": "method_not_allowed",
        "detail": f"{request.method} is not allowed at {request.path}; allowed: {allowed}.",
    }
    answer = JsonResponse(body, status=405)
    answer["Allow"] = allowed
    return answer


def body_too_large() -> JsonResponse:
    limit = settings.API_MAX_BODY_BYTES
    return JsonResponse(
        {
            "code": "payload_too_large",
            "detail": f"The request body is larger than the limit of {limit} bytes; "
            "split it into smaller batches.",
        },
        status=413,
    )


def length_required() -> JsonResponse:
    return JsonResponse(
        {
            "code": "length_required",
            "detail": "Send the body with a Content-Length header; chunked bodies are not read.",
        },
        status=411,
    )


class UnstorableInputMiddleware:
    """Refuse a request whose path, query, form fields or API body hold what no database here
    stores (`core.schemas.UNSTORABLE`: a NUL character, and in JSON also an unpaired surrogate or
    a number that is not finite) — naming each place, before any view runs: a lookup by it fails
    on PostgreSQL, and storing it fails on either database. A signed form post is checked after
    its signature (`touches.inbound`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = ["path"] if "\x00" in request.path else []
        fields += _nul_fields(request.GET)
        if not request.path.startswith("/api/"):
            if request.method == "POST":
                fields += _nul_fields(request.POST)
            if fields:
                context = {"fields": ", ".join(fields)}
                return render(request, "web/errors/400.html", context, status=400)
            return self.get_response(request)
        errors = [{"field": field, "message": UNSTORABLE["nul_character"]} for field in fields]
        errors += [
            api_error_entry(place, UNSTORABLE[code]) for place, code in _unstorable_in_body(request)
        ]
        if errors:
            body = {"code": "invalid", "detail": INVALID_DETAIL, "errors": errors}
            return JsonResponse(body, status=422)
        return self.get_response(request)


def _unstorable_in_body(request: HttpRequest) -> list[tuple[Place, str]]:
    # The API reads every body as JSON, whatever its content type. A signed form post is left
    # whole to its endpoint, which answers 401 to an unsigned one first.
    if "/inbound/" in request.path:
        return []
    return json_unstorable(request.body)


def _nul_fields(data: QueryDict) -> list[str]:
    return [
        key.replace("\x00", "\\0")
        for key, values in data.lists()
        if "\x00" in key or any("\x00" in value for value in values)
    ]
