"""Where the current request comes from, for entries whose service was not handed a request.

The middleware sets it for the duration of one request; outside a request (the worker, the
command line) it is None, and so is the entry's address.
"""

from contextvars import ContextVar

from django.http import HttpRequest

current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)


def request_ip(request: HttpRequest | None) -> str | None:
    """The client address Django saw (REMOTE_ADDR). Forwarded headers are not trusted: a client
    can set them to anything unless a proxy we know rewrites them."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
