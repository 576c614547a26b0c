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
