from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


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
