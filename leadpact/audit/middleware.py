from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from leadpact.audit.context import current_ip, request_ip


class AuditRequestMiddleware:
    """Makes the request's address known to `audit_record` while the request runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
