import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from leadpact.accounts.models import Account

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/touches", "/api/v1/inbound/x"])
def test_an_api_body_over_the_limit_is_413_before_auth(settings: Settings, path: str) -> None:
    settings.API_MAX_BODY_BYTES = 1000
    body = json.dumps({"domain": "stalex.pl", "name": "x" * 1000})

    response = Client().post(path, body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert "1000 bytes" in response.json()["detail"]
    assert not Account.objects.exists()


def test_the_limit_is_inclusive(settings: Settings, api: Any) -> None:
    body = json.dumps({"domain": "stalex.pl", "name": ""})
    settings.API_MAX_BODY_BYTES = len(body)

    assert api.post("/accounts", body).status_code == 201
    settings.API_MAX_BODY_BYTES = len(body) - 1
    assert api.post("/accounts", body).status_code == 413


def test_pages_outside_the_api_are_not_limited_here(settings: Settings) -> None:
    settings.API_MAX_BODY_BYTES = 10

    response = Client().post("/admin/login/", {"username": "x" * 100, "password": "y"})

    assert response.status_code != 413


@pytest.mark.parametrize("path", ["/api/v1/nonexistent", "/api/v1/leads/"])
def test_an_unknown_api_path_is_a_json_404_not_the_web_page(path: str) -> None:
    response = Client().get(path, HTTP_ACCEPT_LANGUAGE="pl")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": f"No API operation at {path}."}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("delete", "/api/v1/leads", {"POST", "GET"}), ("get", "/api/v1/touches", {"POST"})],
)
def test_a_method_the_api_path_does_not_take_is_a_json_405(
    method: str, path: str, allowed: set[str]
) -> None:
    response = getattr(Client(), method)(path)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == allowed


def test_the_api_answers_in_english_whatever_the_reader_asks_for(api: Any) -> None:
    api.client.cookies["django_language"] = "pl"
    api.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "pl"

    response = api.post("/webhooks", {"url": "notaurl", "kinds": ["lead_assigned"]})

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith("Enter a valid URL.")


@pytest.mark.parametrize(
    ("body", "status", "fields"),
    [(b"{bad", 400, None), (b'{"note": "x"}', 422, ["note"]), (b"[1]", 422, [""])],
)
def test_an_operation_without_a_body_refuses_one_it_cannot_take(
    api: Any, body: bytes, status: int, fields: list[str] | None
) -> None:
    response = api.post("/notifications/read-all", body)

    assert response.status_code == status
    assert [e["field"] for e in response.json().get("errors", [])] == (fields or [])


@pytest.mark.parametrize("body", [b"", b"{}", b"null", b"  "])
def test_an_operation_without_a_body_takes_nothing_in_any_spelling(api: Any, body: bytes) -> None:
    assert api.post("/notifications/read-all", body).status_code == 200
