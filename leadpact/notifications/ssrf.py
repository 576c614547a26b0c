"""The SSRF guard: a webhook may only reach public addresses.

What is checked is every address the host resolves to, not the text of the URL, and it is
checked again at send time. The sender then connects to the vetted address itself, so a DNS
answer that changes between the check and the connection (rebinding) cannot slip through.
`WEBHOOK_ALLOW_LOOPBACK` lets loopback through, and only loopback: for tests and receivers
running on the same machine.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeURL(Exception):
    """A webhook URL that may not be called; the message says why."""


@dataclass(frozen=True)
class Target:
    """Where a checked URL goes: the original host for `Host` and TLS, the address to dial."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def address_category(ip: IPAddress) -> str | None:
    """Why `ip` is not public ("loopback", "private" …), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            return address_category(embedded)
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((name for name, matches in checks if matches), None)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeURL(f"The host {host} does not resolve ({error}).") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeURL(f"The host {host} does not resolve.")
    return addresses


def url_check(url: str) -> Target:
    """The URL's target if every address its host resolves to is allowed; else `UnsafeURL`."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as error:  # "Invalid IPv6 URL" for an unclosed bracket, say
        raise UnsafeURL(f"This is not a URL ({error}).") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL("Only http:// and https:// URLs are allowed.")
    host = parts.hostname
    if not host:
        raise UnsafeURL("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeURL("Put no user name or password in the URL; the signature authenticates.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise UnsafeURL("The URL's port is not a number from 1 to 65535.") from None
    addresses = _resolve(host, port)
    for address in addresses:
        category = address_category(ipaddress.ip_address(address))
        if category is None or (category == "loopback" and settings.WEBHOOK_ALLOW_LOOPBACK):
            continue
        raise UnsafeURL(
            f"{host} resolves to {address}, a {category} address; webhooks may only go to "
            "public addresses."
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
