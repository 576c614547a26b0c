from collections.abc import Callable
from typing import Any

import pytest

from leadpact.accounts.models import Account
from leadpact.accounts.tests.factories import AccountFactory
from leadpact.leads.tests.factories import LeadFactory

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
            "annual_revenue": "1250000.50",
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


@pytest.mark.parametrize(
    ("revenue", "stored"),
    [("9999999999999.99", "9999999999999.99"), ("123456789012.5", "123456789012.50")],
)
def test_revenue_of_fifteen_digits_is_answered_exactly_as_stored(
    api: Any, revenue: str, stored: str
) -> None:
    response = api.post("/accounts", {"domain": "stalex.pl", "annual_revenue": revenue})

    assert response.json()["account"]["annual_revenue"] == stored
    assert str(Account.objects.get().annual_revenue) == stored
    assert api.get("/leads?limit=1").status_code == 200


@pytest.mark.parametrize("revenue", ["9999999999999999.99", "10000000000000", "1e20"])
def test_revenue_beyond_fifteen_digits_is_422_and_stores_nothing(api: Any, revenue: str) -> None:
    response = api.post("/accounts", {"domain": "stalex.pl", "annual_revenue": revenue})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["annual_revenue"]
    assert not Account.objects.exists()


def test_attributes_nested_too_deep_are_422_and_store_nothing(api: Any) -> None:
    deep: object = "dno"
    for _ in range(300):
        deep = [deep]

    response = api.post("/accounts", {"domain": "stalex.pl", "attributes": {"a": deep}})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "attributes",
            "message": "must not nest lists and objects more than 32 levels deep",
        }
    ]
    assert not Account.objects.exists()


def test_an_account_whose_leads_cannot_be_judged_is_not_stored(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = AccountFactory(domain="stalex.pl", name="Stalex")
    LeadFactory(account=account)

    def judging_fails(**_: Any) -> None:
        raise RuntimeError("judging failed")

    monkeypatch.setattr("leadpact.accounts.api.leads_evaluate", judging_fails)
    with pytest.raises(RuntimeError):
        api.post("/accounts", {"domain": "stalex.pl", "name": "Stalex S.A."})

    assert Account.objects.get().name == "Stalex"


@pytest.mark.parametrize("country", ["ZZ", "PO", "UK"])
def test_a_country_that_is_not_an_iso_code_is_422(api: Any, country: str) -> None:
    response = api.post("/accounts", {"domain": "stalex.pl", "country": country})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "country", "message": "must be a two-letter ISO 3166 country code such as PL"}
    ]
    assert not Account.objects.exists()


def test_a_country_is_stored_in_capitals(api: Any) -> None:
    response = api.post("/accounts", {"domain": "stalex.pl", "country": "de"})

    assert response.json()["account"]["country"] == "DE"
