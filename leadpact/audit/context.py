"""Where the current request comes from, for entries whose service was not handed a request.

The middleware sets it for the duration of one request; outside a request (the worker, the
command line) it is None, and so is the entry's address.
"""

import ipaddress
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)


def request_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a proxy the installation trusts
    (LEADPACT_TRUSTED_PROXIES); then the right-most X-Forwarded-For address that is not a
    trusted proxy. The header is never believed from anyone else: a client can write anything
    in it."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR"))
    if remote is None or not _trusted(remote):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for hop in reversed(forwarded):
        address = _address(hop)
        if address is None:
            return remote  # a hop that is no address: nothing before it can be believed
        if not _trusted(address):
            return address
    return remote


def _address(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def _trusted(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in settings.TRUSTED_PROXIES)
