"""Fixtures shared by every app's tests: a named cast of users and an API client with a token."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from leadpact.agreements.example import example_agreement_put_in_force
from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import in_force
from leadpact.users.models import User
from leadpact.users.services import token_create, user_create


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: set LEADPACT_DATABASE_URL=postgres://…")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    # Real PBKDF2 costs a large part of a second per user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> dict[str, User]:
    """The example people of leadpact's tests: marketing head Marta, reps Piotr and Anna,
    sales manager Sylwia, admin Adam."""
    return {
        "marta": user_create(email="marta@firma.pl", role="marketing", password="x-pass-12345", name="Marta Nowak"),
        "sylwia": user_create(email="sylwia@firma.pl", role="sales_manager", password="x-pass-12345", name="Sylwia Wójcik", team_slug="sales-sme"),
        "piotr": user_create(email="piotr@firma.pl", role="sales_rep", password="x-pass-12345", name="Piotr Zieliński", team_slug="sales-sme"),
        "anna": user_create(email="anna@firma.pl", role="sales_rep", password="x-pass-12345", name="Anna Kowalska", team_slug="sales-sme"),
        "adam": user_create(email="adam@firma.pl", role="admin", password="x-pass-12345", name="Adam Admin"),
    }  # fmt: skip


class ApiClient:
    """A test client speaking JSON to /api/v1 with a bearer token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.secret = secret

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        base = {"Authorization": f"Bearer {self.secret}"} if self.secret else {}
        return {**base, **(headers or {})}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self._headers(None))

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        data = body if isinstance(body, bytes | str) else json.dumps(body or {})
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=self._headers(headers)
        )


@pytest.fixture
def api_for(cast: dict[str, User]) -> Callable[..., ApiClient]:
    """`api_for("marta", scopes=[...])` — a client authenticated as one of the cast."""

    def make(name: str = "adam", scopes: list[str] | None = None) -> ApiClient:
        issued = token_create(user=cast[name], name="test", scopes=scopes)
        return ApiClient(issued.secret)

    return make


@pytest.fixture
def api(api_for: Callable[..., ApiClient]) -> ApiClient:
    return api_for("adam")


@pytest.fixture
def activate_example(cast: dict[str, User]) -> Callable[[], Any]:
    """`activate_example()` puts the shipped example agreement in force at the current (maybe
    travelled) time: proposed, signed by both heads, activated. Its default sales team
    `sales-sme` is the cast's: manager Sylwia, reps Piotr and Anna."""

    def activate() -> Any:
        return example_agreement_put_in_force()

    return activate


@pytest.fixture
def example(activate_example: Callable[[], AgreementVersion]) -> AgreementVersion:
    """The example agreement, in force since Thursday 1 October 2026, 09:00 Warsaw time."""
    return in_force(activate_example)


@pytest.fixture
def web_for(cast: dict[str, User]) -> Callable[[str], Client]:
    """`web_for("piotr")` — a browser-like client signed in as one of the cast."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(cast[name])
        return client

    return make
