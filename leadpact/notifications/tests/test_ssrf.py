"""The SSRF guard judges the addresses a host resolves to, when saving and again when sending."""

import re
import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from leadpact.core.exceptions import ApplicationError
from leadpact.notifications.channels.webhook import webhook_post
from leadpact.notifications.delivery import notifications_deliver
from leadpact.notifications.models import Delivery, WebhookEndpoint
from leadpact.notifications.ssrf import UnsafeURL, url_check
from leadpact.notifications.tests.conftest import notify
from leadpact.notifications.webhooks import webhook_endpoint_create
from tests.receiver import Receiver

real_getaddrinfo = socket.getaddrinfo


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names this test resolves itself: name → addresses. Others resolve as usual."""
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host in answers:
            return [
                (
                    socket.AF_INET6 if ":" in a else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (a, port),
                )
                for a in answers[host]
            ]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize(
    ("url", "category"),
    [
        ("http://10.0.0.5/hook", "private"),
        ("http://192.168.1.10/hook", "private"),
        ("http://127.0.0.1:8000/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[fe80::1]/hook", "link-local"),
        ("http://[::ffff:10.0.0.1]/hook", "private"),
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://224.0.0.1/hook", "multicast"),
        ("http://240.0.0.1/hook", "reserved"),
        ("http://100.64.0.1/hook", "non-public"),
    ],
)
def test_internal_addresses_are_refused(url: str, category: str) -> None:
    with pytest.raises(UnsafeURL, match=f"a {category} address"):
        url_check(url)


def test_the_resolved_address_is_judged_not_the_name(dns: dict[str, list[str]]) -> None:
    dns["hooks.partner.example"] = ["10.1.2.3"]
    with pytest.raises(UnsafeURL, match=re.escape("hooks.partner.example resolves to 10.1.2.3")):
        url_check("https://hooks.partner.example/leadpact")


def test_every_address_must_be_public(dns: dict[str, list[str]]) -> None:
    dns["mixed.example"] = ["93.184.216.34", "192.168.0.7"]
    with pytest.raises(UnsafeURL, match=re.escape("192.168.0.7")):
        url_check("https://mixed.example/hook")
    dns["public.example"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
    target = url_check("https://public.example:8443/hook?x=1")
    assert (target.host, target.port, target.path, target.address) == (
        "public.example",
        8443,
        "/hook?x=1",
        "93.184.216.34",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/hook", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("http:///hook", "no host"),
        ("http://user:secret@example.com/hook", "user name or password"),
        ("http://no-such-host.invalid/hook", "does not resolve"),
        ("http://[::1/hook", "not a URL"),  # urlsplit's ValueError answered 500
    ],
)
def test_only_plain_http_urls_to_a_resolvable_host(url: str, message: str) -> None:
    with pytest.raises(UnsafeURL, match=message):
        url_check(url)


def test_the_loopback_setting_lets_loopback_through_and_nothing_else(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    assert url_check("http://127.0.0.1:9/hook").address == "127.0.0.1"
    assert url_check("http://[::1]:9/hook").address == "::1"
    for internal in ("http://10.0.0.5/", "http://169.254.169.254/", "http://0.0.0.0/"):
        with pytest.raises(UnsafeURL):
            url_check(internal)


@pytest.mark.django_db
def test_saving_an_endpoint_runs_the_guard(dns: dict[str, list[str]]) -> None:
    dns["intranet.example"] = ["172.16.4.4"]
    with pytest.raises(
        ApplicationError, match=re.escape("172.16.4.4, a private address")
    ) as refused:
        webhook_endpoint_create(url="https://intranet.example/hook")
    assert refused.value.status == 422
    assert refused.value.extra[0]["field"] == "url"
    assert not WebhookEndpoint.objects.exists()

    endpoint = WebhookEndpoint(url="http://169.254.169.254/", secret="whsec_eA==")
    with pytest.raises(ValidationError) as invalid:
        endpoint.full_clean()
    assert "link-local" in str(invalid.value.message_dict["url"])


@pytest.mark.django_db
def test_a_name_that_turns_internal_after_saving_is_refused_at_send_time(
    dns: dict[str, list[str]], receiver: Receiver, settings: Any
) -> None:
    dns["hooks.partner.example"] = ["127.0.0.1"]
    endpoint = webhook_endpoint_create(url=f"http://hooks.partner.example:{receiver.port}/hook")
    dns["hooks.partner.example"] = ["10.9.9.9"]  # the DNS answer changes (rebinding)
    notify()

    notifications_deliver()

    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == Delivery.Status.PENDING
    assert "Refused: hooks.partner.example resolves to 10.9.9.9, a private address" in (
        delivery.last_error
    )
    assert receiver.received() == []


def test_the_request_dials_the_vetted_address_and_keeps_the_host_name(
    dns: dict[str, list[str]], receiver: Receiver
) -> None:
    dns["hooks.partner.example"] = ["127.0.0.1"]
    outcome = webhook_post(
        url=f"http://hooks.partner.example:{receiver.port}/hook", headers={}, body=b"{}"
    )
    assert outcome.ok
    [request] = receiver.received()
    assert request.headers["host"] == f"hooks.partner.example:{receiver.port}"


def test_refused_at_send_time_without_the_loopback_setting(
    receiver: Receiver, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    send: Callable[..., Any] = webhook_post
    outcome = send(url=receiver.url(), headers={}, body=b"{}")
    assert not outcome.ok and "loopback" in outcome.error
    assert receiver.received() == []
