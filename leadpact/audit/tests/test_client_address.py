"""Behind a proxy: the address the audit log records and the sign-in lockout counts is the
client's, when the proxy is one the installation trusts (LEADPACT_TRUSTED_PROXIES); otherwise
X-Forwarded-For, which any client can write, is ignored."""

import ipaddress
from typing import Any

import pytest
from django.test import Client, RequestFactory

from leadpact.audit.context import request_ip
from leadpact.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY), ipaddress.ip_network("10.0.0.0/8")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),
        (PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left one the client wrote
        (PROXY, "203.0.113.7, 10.1.2.3", "203.0.113.7"),  # through two proxies we trust
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        (PROXY, "2001:db8::7", "2001:db8::7"),
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not our proxy: the header is its own
    ],
)
def test_the_client_is_the_right_most_address_a_trusted_proxy_names(
    behind_proxy: None, remote: str, forwarded: str, client: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert request_ip(request) == client


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert request_ip(request) == PROXY


def sign_in(client_address: str, password: str) -> int:
    browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
    response = browser.post("/sign-in/", {"username": "piotr@firma.pl", "password": password})
    return response.status_code


def test_the_lockout_and_the_log_see_the_client_behind_the_proxy(
    behind_proxy: None, cast: Any
) -> None:
    for _ in range(5):
        sign_in("203.0.113.7", "wrong")

    assert sign_in("203.0.113.7", "x-pass-12345") == 429
    assert sign_in("198.51.100.20", "x-pass-12345") == 302, "another client is not locked out"
    sign_ins = AuditEntry.objects.filter(action__in=["sign_in", "sign_in_failed"])
    addresses = set(sign_ins.values_list("ip", flat=True))
    assert addresses == {"203.0.113.7", "198.51.100.20"}
