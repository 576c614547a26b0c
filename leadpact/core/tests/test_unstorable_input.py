"""What no database here stores — a NUL character (U+0000), and in JSON an unpaired surrogate or
a number that is not finite — is refused wherever input comes in, naming where it is, and nothing
is stored. PostgreSQL answered 500 to each; SQLite stored some of what PostgreSQL refuses."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory

from conftest import ApiClient
from leadpact.core.schemas import UNSTORABLE, json_unstorable, unstorable
from leadpact.leads.models import Lead
from leadpact.touches.importing import import_run
from leadpact.touches.models import InboundSource, Touch
from leadpact.touches.tests.factories import InboundSourceFactory, touch_payload
from leadpact.touches.tests.test_importing import error_rows
from leadpact.touches.tests.test_inbound import SECRET, post
from leadpact.web.views.errors import server_error

pytestmark = pytest.mark.django_db


NUL_MESSAGE = UNSTORABLE["nul_character"]
NOT_FINITE = UNSTORABLE["not_finite"]
SURROGATE = UNSTORABLE["unpaired_surrogate"]


def test_each_place_is_named_once_with_what_is_wrong_there() -> None:
    value = {"a": "x\x00", "b": [{"c": "ok"}, "\x00", float("nan")], "k\x00": "\x00", "n": 0}
    assert unstorable(value) == [
        (("a",), "nul_character"),
        (("b", 1), "nul_character"),
        (("b", 2), "not_finite"),
        (("k\x00",), "nul_character"),
    ]
    assert unstorable({"a": "\\u0000", "b": None, "c": "zażółć 😀", "d": 1e308}) == []


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (b'{"a": "x\\u0000"}', [(("a",), "nul_character")]),
        (b'{"a": [1e400, -Infinity, NaN]}', [(("a", i), "not_finite") for i in range(3)]),
        (b'{"a": "\\ud800", "b": "\\ud83d\\ude00"}', [(("a",), "unpaired_surrogate")]),
        (b'{"a": "NaN", "b": 1e308, "c": "\\\\u0000"}', []),  # text, a finite number
        (b"{not json, NaN", []),  # the reader says what is wrong with it
    ],
)
def test_json_is_looked_into_only_where_it_may_hold_something(raw: bytes, found: list[Any]) -> None:
    assert json_unstorable(raw) == found
    assert json_unstorable(raw.decode()) == found


def test_a_touch_batch_with_a_nul_is_refused_whole_naming_each_item_and_field(
    api: ApiClient,
) -> None:
    body = {
        "touches": [
            touch_payload("reg-1"),
            touch_payload("reg-2", campaign="webinar\x00"),
            touch_payload("reg-3", lead={"first_name": "An\x00na"}, answers={"h\x00": "6"}),
        ]
    }

    response = api.post("/touches", body)

    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"item": 1, "field": "campaign", "message": NUL_MESSAGE},
        {"item": 2, "field": "lead.first_name", "message": NUL_MESSAGE},
        {"item": 2, "field": "answers.h\x00", "message": NUL_MESSAGE},
    ]
    assert not Touch.objects.exists() and not Lead.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("NaN", NOT_FINITE),
        ("Infinity", NOT_FINITE),
        ("1e400", NOT_FINITE),
        ('"\\udc00"', SURROGATE),
    ],
)
def test_json_values_no_database_stores_are_refused_naming_them(
    api: ApiClient, raw: str, message: str
) -> None:
    item = json.dumps(touch_payload("reg-1", answers={"h": "__VALUE__"}))
    body = '{"touches": [' + item.replace('"__VALUE__"', raw) + "]}"

    response = api.post("/touches", body)

    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [{"item": 0, "field": "answers.h", "message": message}]
    assert not Touch.objects.exists() and not Lead.objects.exists()


def test_a_body_sent_without_a_json_content_type_is_checked_too(api: ApiClient) -> None:
    response = api.client.post(
        "/api/v1/leads",
        json.dumps({"email": "anna@stalex.pl", "last_name": "\x00"}),
        content_type="text/plain",
        headers=api._headers(None),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "last_name", "message": NUL_MESSAGE}]
    assert not Lead.objects.exists()


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(api: ApiClient) -> None:
    response = api.post("/leads", {"email": "anna@stalex.pl", "job_title": "\\u0000"})

    assert response.status_code == 201, response.content
    assert Lead.objects.get().job_title == "\\u0000"


@pytest.mark.parametrize(
    ("path", "field"),
    [("/leads?email=a%00b@stalex.pl", "email"), ("/privacy/exports/a%00@stalex.pl", "path")],
)
def test_a_nul_in_a_query_or_the_path_is_422(api: ApiClient, path: str, field: str) -> None:
    response = api.client.get(f"/api/v1{path}", headers=api._headers(None))

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": field, "message": NUL_MESSAGE}]


def test_a_page_asked_for_with_a_nul_answers_400_naming_the_field() -> None:
    response = Client().get("/sign-in/", {"next": "/\x00"})

    assert response.status_code == 400
    assert "next" in response.content.decode()


def test_a_form_posted_with_a_nul_answers_400_and_signs_nobody_in(cast: Any) -> None:
    client = Client()
    response = client.post(
        "/sign-in/", {"username": "marta@firma.pl\x00", "password": "x-pass-12345"}
    )

    assert response.status_code == 400
    assert "username" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unsigned_form_post_with_a_nul_is_still_401() -> None:
    InboundSourceFactory(slug="kontakt", secret=SECRET, touch_type="form_answer")

    response = post(json.dumps({"email": "\x00"}).encode(), signature="sha256=00")

    assert response.status_code == 401


def test_a_signed_form_post_is_422_naming_the_form_fields() -> None:
    InboundSourceFactory(
        slug="kontakt", secret=SECRET, touch_type="form_answer", field_map={"lead.email": "email"}
    )

    response = post(b'{"email": "anna@stalex.pl", "imie": "An\\u0000na", "wynik": NaN}')

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "imie", "message": NUL_MESSAGE},
        {"field": "wynik", "message": NOT_FINITE},
    ]
    assert not Touch.objects.exists()


def test_an_import_rejects_those_rows_naming_the_column(tmp_path: Path) -> None:
    csv_file = tmp_path / "touches.csv"
    csv_file.write_text(
        "external_id,source,type,occurred_at,email,campaign\n"
        "r1,web,webinar_registration,2026-10-06T10:00:00+02:00,anna@stalex.pl,jesien\n"
        "r2,web,webinar_registration,2026-10-06T10:00:00+02:00,ewa@stalex.pl,jes\x00ien\n",
        encoding="utf-8",
    )
    lines = tmp_path / "touches.jsonl"
    lines.write_text(
        json.dumps(touch_payload("r3", answers={"h": "6\x00"}))
        + "\n"
        + json.dumps(touch_payload("r4", answers={"h": float("nan")}))
        + "\n"
    )

    from_csv = import_run(kind="touches", path=csv_file)
    from_lines = import_run(kind="touches", path=lines)

    assert (from_csv.created, from_csv.rejected) == (1, 1)
    assert (from_lines.created, from_lines.rejected) == (0, 2)
    assert from_csv.errors_path is not None and from_lines.errors_path is not None
    assert error_rows(from_csv.errors_path) == [(2, 3, "campaign", NUL_MESSAGE)]
    assert error_rows(from_lines.errors_path) == [
        (1, 1, "answers.h", NUL_MESSAGE),
        (2, 2, "answers.h", NOT_FINITE),
    ]
    assert list(Touch.objects.values_list("external_id", flat=True)) == ["r1"]


def test_the_api_s_unexpected_failure_answers_in_its_json_envelope() -> None:
    request = RequestFactory().get("/api/v1/leads")

    response = server_error(request)

    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
    assert server_error(RequestFactory().get("/queue/"))["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("field_map", "said"),
    [
        ('{"lead.email": "e\\u0000"}', "lead.email: nie może zawierać znaku NUL (U+0000)"),
        ('{"x": NaN}', "x: musi być liczbą skończoną, nie NaN ani nieskończonością"),
    ],
)
def test_the_admin_s_json_box_says_what_no_database_stores(
    cast: Any, field_map: str, said: str
) -> None:
    client = Client()
    client.force_login(cast["adam"])  # who reads leadpact in Polish

    response = client.post(
        "/admin/touches/inboundsource/add/",
        {"slug": "kontakt", "secret": "s", "touch_type": "form_answer", "field_map": field_map},
    )

    assert response.status_code == 200  # the form again, with its error
    assert said in response.content.decode()
    assert not InboundSource.objects.exists()
