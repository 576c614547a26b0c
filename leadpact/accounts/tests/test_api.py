from collections.abc import Callable
from typing import Any

import pytest

from leadpact.accounts.models import Account
from leadpact.accounts.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_domain_is_created_with_201(api: Any) -> None:
    response = api.post(
        "/accounts",
        {
            "domain": "https://www.Stalex.pl/",
            "name": "Stalex",
            "industry": "steel",
            "employees": 420,
            "country": "pl",
            "annual_revenue": "1250000.50",
            "is_target": True,
            "attributes": {"segment": "enterprise"},
        },
    )

    assert response.status_code == 201, response.content
    account = Account.objects.get()
    assert response.json() == {
        "outcome": "created",
        "account": {
            "id": account.pk,
            "domain": "stalex.pl",
            "name": "Stalex",
            "industry": "steel",
            "employees": 420,
            "country": "PL",
            "annual_revenue": 1250000.5,
            "is_target": True,
            "attributes": {"segment": "enterprise"},
        },
    }


def test_a_known_domain_is_updated_with_200_keeping_what_is_not_given(api: Any) -> None:
    account = AccountFactory(domain="stalex.pl", name="Stalex", industry="steel", employees=420)

    updated = api.post("/accounts", {"domain": "stalex.pl", "name": "", "employees": 500})
    again = api.post("/accounts", {"domain": "stalex.pl", "employees": 500})

    assert updated.status_code == 200
    assert updated.json()["outcome"] == "updated"
    assert updated.json()["account"]["id"] == account.pk
    assert (updated.json()["account"]["name"], updated.json()["account"]["employees"]) == (
        "Stalex",
        500,
    )
    assert (again.status_code, again.json()["outcome"]) == (200, "unchanged")
    assert Account.objects.count() == 1


def test_an_invalid_account_is_422_naming_each_field(api: Any) -> None:
    response = api.post(
        "/accounts", {"domain": "stalex", "country": "Polska", "employees": -1, "size": "L"}
    )

    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == [
        "country",
        "domain",
        "employees",
        "size",
    ]
    assert all("item" not in e for e in response.json()["errors"])
    assert not Account.objects.exists()


def test_upserting_accounts_needs_touches_write(api_for: Callable[..., Any]) -> None:
    response = api_for("piotr", scopes=["leads:read"]).post("/accounts", {"domain": "stalex.pl"})

    assert response.status_code == 403
    assert not Account.objects.exists()


def test_an_idempotency_key_replays_the_201(api: Any) -> None:
    headers = {"Idempotency-Key": "acc-1"}
    first = api.post("/accounts", {"domain": "stalex.pl"}, headers=headers)
    second = api.post("/accounts", {"domain": "stalex.pl"}, headers=headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
