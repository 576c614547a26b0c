import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client

from leadpact.accounts.models import Account
from leadpact.leads.models import Lead
from leadpact.touches.models import InboundSource, Touch
from leadpact.touches.tests.factories import InboundSourceFactory

pytestmark = pytest.mark.django_db

NOW = "2026-10-06 10:00:00 +02:00"
SECRET = "wspolny-sekret-formularza"

FORM = {
    "email": "Anna.Nowak@Stalex.pl",
    "imie": "Anna",
    "firma_www": "https://www.stalex.pl",
    "utm_campaign": "webinar-2026-10",
    "horyzont": "6-12",
    "submit": "Wyślij",
}


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


@pytest.fixture
def source() -> InboundSource:
    return InboundSourceFactory(slug="kontakt", secret=SECRET, touch_type="form_answer")


def now_ts() -> int:
    return int(time.time())


def sign(body: bytes, timestamp: int | str, secret: str = SECRET) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def post(
    body: bytes,
    *,
    slug: str = "kontakt",
    content_type: str = "application/json",
    timestamp: int | str | None = None,
    signature: str | None = None,
    secret: str = SECRET,
) -> Any:
    timestamp = now_ts() if timestamp is None else timestamp
    headers = {
        "X-Leadpact-Timestamp": str(timestamp),
        "X-Leadpact-Signature": sign(body, timestamp, secret) if signature is None else signature,
    }
    return Client().post(
        f"/api/v1/inbound/{slug}", body, content_type=content_type, headers=headers
    )


def json_body(**changes: Any) -> bytes:
    return json.dumps({**FORM, **changes}).encode()


def test_a_signed_json_form_is_recorded_through_the_field_map(source: InboundSource) -> None:
    response = post(json_body())

    assert response.status_code == 200, response.content
    touch = Touch.objects.select_related("lead", "account").get()
    assert response.json() == {
        "index": 0,
        "outcome": "created",
        "lead_id": touch.lead_id,
        "touch_id": touch.pk,
    }
    assert (touch.source, touch.type, touch.campaign) == (
        "kontakt",
        "form_answer",
        "webinar-2026-10",
    )
    assert touch.answers == {"horizon": "6-12"}
    assert touch.occurred_at.isoformat() == "2026-10-06T08:00:00+00:00"
    assert (touch.lead.email, touch.lead.first_name) == ("anna.nowak@stalex.pl", "Anna")
    assert touch.account is not None
    assert touch.account.domain == touch.lead.account.domain == "stalex.pl"


def test_a_signed_urlencoded_form_is_recorded_too(source: InboundSource) -> None:
    body = urlencode(FORM).encode()

    response = post(body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200, response.content
    touch = Touch.objects.select_related("lead").get()
    assert (touch.lead.email, touch.lead.first_name) == ("anna.nowak@stalex.pl", "Anna")
    assert touch.answers == {"horizon": "6-12"}
    assert Account.objects.get().domain == "stalex.pl"


def test_empty_form_fields_are_left_out(source: InboundSource) -> None:
    response = post(json_body(imie="", firma_www="", horyzont=""))

    assert response.status_code == 200, response.content
    touch = Touch.objects.select_related("lead").get()
    assert (touch.lead.first_name, touch.account_id, touch.answers) == ("", None, {})


def test_a_replayed_request_is_a_duplicate_and_stores_nothing_new(source: InboundSource) -> None:
    body = json_body()
    timestamp = now_ts()
    first = post(body, timestamp=timestamp)

    replay = post(body, timestamp=timestamp)

    assert replay.status_code == 200
    assert replay.json() == {**first.json(), "outcome": "duplicate"}
    assert (Touch.objects.count(), Lead.objects.count(), Account.objects.count()) == (1, 1, 1)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Leadpact-Timestamp": "TS"},
        {"X-Leadpact-Signature": "SIG"},
    ],
)
def test_missing_signature_headers_are_401(source: InboundSource, headers: dict[str, str]) -> None:
    body = json_body()
    fill = {"TS": str(now_ts()), "SIG": sign(body, now_ts())}

    response = Client().post(
        "/api/v1/inbound/kontakt",
        body,
        content_type="application/json",
        headers={name: fill[value] for name, value in headers.items()},
    )

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert not Touch.objects.exists()


def test_a_signature_made_with_another_secret_is_401(source: InboundSource) -> None:
    response = post(json_body(), secret="not-the-secret")

    assert response.status_code == 401
    assert not Touch.objects.exists()


def test_a_body_changed_after_signing_is_401(source: InboundSource) -> None:
    signed = json_body()
    tampered = json_body(email="mallory@evil.pl")

    response = post(tampered, signature=sign(signed, now_ts()))

    assert response.status_code == 401
    assert not Touch.objects.exists()
    assert not Lead.objects.exists()


def test_a_signature_over_another_timestamp_is_401(source: InboundSource) -> None:
    body = json_body()

    response = post(body, timestamp=now_ts(), signature=sign(body, now_ts() - 1))

    assert response.status_code == 401


@pytest.mark.parametrize(
    "signature", ["", "sha256=", "md5=abc", "sha256=zz", "sha256=\u00e9\u00e9"]
)
def test_a_malformed_signature_is_401(source: InboundSource, signature: str) -> None:
    assert post(json_body(), signature=signature).status_code == 401


@pytest.mark.parametrize("timestamp", ["2026-10-06T10:00:00", "1" + "0" * 400, "+1791000000", "١٢"])
def test_a_timestamp_that_is_not_unix_seconds_is_401(source: InboundSource, timestamp: str) -> None:
    response = post(json_body(), timestamp=timestamp)

    assert response.status_code == 401
    assert response.json()["detail"] == "X-Leadpact-Timestamp must be Unix seconds."


@pytest.mark.parametrize(("age", "status"), [(300, 200), (301, 401), (-300, 200), (-301, 401)])
def test_a_request_signed_more_than_five_minutes_away_is_401(
    source: InboundSource, age: int, status: int
) -> None:
    response = post(json_body(), timestamp=now_ts() - age)

    assert response.status_code == status
    assert Touch.objects.count() == (1 if status == 200 else 0)


def test_a_request_replayed_after_five_minutes_is_401(
    source: InboundSource, frozen_clock: time_machine.Traveller
) -> None:
    body, timestamp = json_body(), now_ts()
    assert post(body, timestamp=timestamp).status_code == 200

    frozen_clock.shift(301)
    replay = post(body, timestamp=timestamp)

    assert replay.status_code == 401
    assert Touch.objects.count() == 1


def test_an_unknown_source_is_404(source: InboundSource) -> None:
    response = post(json_body(), slug="nieznany")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_inactive_source_is_404(source: InboundSource) -> None:
    InboundSource.objects.filter(pk=source.pk).update(is_active=False)

    assert post(json_body()).status_code == 404
    assert not Touch.objects.exists()


def test_an_invalid_mapped_field_is_422_naming_the_form_field(source: InboundSource) -> None:
    response = post(json_body(email="to nie e-mail", firma_www="nie domena"))

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert sorted(e["field"] for e in body["errors"]) == ["email", "firma_www"]
    assert not any(e["message"].startswith("Value error") for e in body["errors"])
    assert (Touch.objects.count(), Lead.objects.count(), Account.objects.count()) == (0, 0, 0)


def test_a_form_without_the_mapped_e_mail_is_422_naming_the_form_field() -> None:
    InboundSourceFactory(
        slug="kontakt", secret=SECRET, field_map={"lead.email": "adres", "campaign": "kampania"}
    )

    response = post(json.dumps({"kampania": "jesien"}).encode())

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["adres"]
    assert not Touch.objects.exists()


def test_a_signed_body_that_is_not_a_json_object_is_422(source: InboundSource) -> None:
    assert post(b"[1, 2]").status_code == 422
    assert post(b"{not json").status_code == 422
    assert post(b"[" * 100_000 + b"]" * 100_000).status_code == 422
    assert not Touch.objects.exists()


@pytest.mark.parametrize("body", [b"email=\xff\xfe@x.pl", b"email=%FF%FE@x.pl"])
def test_a_form_that_is_not_utf8_is_422_and_stores_nothing(
    source: InboundSource, body: bytes
) -> None:
    response = post(body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 422
    assert response.json()["detail"] == "The body is not UTF-8 text."
    assert not Lead.objects.exists()


def test_answers_nested_too_deep_are_422_naming_the_form_field(source: InboundSource) -> None:
    InboundSource.objects.filter(pk=source.pk).update(
        field_map={**source.field_map, "answers.budzet": "budzet"}
    )
    deep: object = []
    for _ in range(40):
        deep = [deep]

    response = post(json_body(budzet=deep))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "answers", "message": "must not nest lists and objects more than 32 levels deep"}
    ]
    assert not Lead.objects.exists()


def test_a_mapped_external_id_makes_resubmissions_distinct(source: InboundSource) -> None:
    InboundSource.objects.filter(pk=source.pk).update(
        field_map={**source.field_map, "external_id": "submission_id"}
    )

    first = post(json_body(submission_id="s-1"))
    second = post(json_body(submission_id="s-2"))
    again = post(json_body(submission_id="s-1", imie="Zofia"))

    assert [r.json()["outcome"] for r in (first, second, again)] == [
        "created",
        "created",
        "duplicate",
    ]
    assert sorted(Touch.objects.values_list("external_id", flat=True)) == ["s-1", "s-2"]
    assert Lead.objects.get().first_name == "Anna"
