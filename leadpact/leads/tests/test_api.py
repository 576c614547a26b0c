from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from leadpact.accounts.tests.factories import AccountFactory
from leadpact.core.models import IdempotencyKey
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

ApiFor = Callable[..., Any]


class TestUpsert:
    def test_an_unknown_e_mail_is_created_with_201(self, api: Any) -> None:
        account = AccountFactory(domain="stalex.pl")

        response = api.post(
            "/leads",
            {
                "email": "Anna.Nowak@Stalex.pl",
                "first_name": "Anna",
                "last_name": "Nowak",
                "job_title": "CFO",
                "account_domain": "www.stalex.pl",
            },
        )

        assert response.status_code == 201, response.content
        body = response.json()
        lead = Lead.objects.get()
        assert body["outcome"] == "created"
        assert body["lead"]["id"] == lead.pk
        assert body["lead"]["email"] == lead.email == "anna.nowak@stalex.pl"
        assert body["lead"]["account_domain"] == "stalex.pl"
        assert body["lead"]["stage"] == "inquiry"
        assert lead.account_id == account.pk
        assert LeadEvent.objects.filter(lead=lead, kind="created").count() == 1

    def test_a_known_e_mail_is_updated_with_200(self, api: Any) -> None:
        lead = LeadFactory(email="anna@stalex.pl", first_name="Anna", job_title="CFO")

        updated = api.post("/leads", {"email": "ANNA@stalex.pl", "first_name": "", "phone": "1"})
        again = api.post("/leads", {"email": "anna@stalex.pl", "phone": "1"})

        assert (updated.status_code, updated.json()["outcome"]) == (200, "updated")
        assert updated.json()["lead"]["id"] == lead.pk
        assert (updated.json()["lead"]["first_name"], updated.json()["lead"]["phone"]) == (
            "Anna",
            "1",
        )
        assert (again.status_code, again.json()["outcome"]) == (200, "unchanged")
        assert Lead.objects.count() == 1
        assert not LeadEvent.objects.exists()

    def test_an_unknown_account_domain_is_422_and_stores_nothing(self, api: Any) -> None:
        response = api.post(
            "/leads",
            {"email": "anna@stalex.pl", "account_domain": "stalex.pl"},
            headers={"Idempotency-Key": "lead-1"},
        )

        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "account_domain", "message": "unknown account"}
        ]
        assert not Lead.objects.exists()
        assert not IdempotencyKey.objects.exists(), "a refused request leaves its key unused"

        AccountFactory(domain="stalex.pl")
        retried = api.post(
            "/leads",
            {"email": "anna@stalex.pl", "account_domain": "stalex.pl"},
            headers={"Idempotency-Key": "lead-1"},
        )
        assert retried.status_code == 201

    def test_an_invalid_lead_is_422(self, api: Any) -> None:
        response = api.post("/leads", {"email": "not-an-email", "first_name": "x" * 151})

        assert response.status_code == 422
        assert sorted(e["field"] for e in response.json()["errors"]) == ["email", "first_name"]
        assert not Lead.objects.exists()

    def test_a_lead_that_cannot_be_judged_is_not_stored(
        self, api: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def judging_fails(**_: Any) -> None:
            raise RuntimeError("judging failed")

        monkeypatch.setattr("leadpact.leads.api.leads_evaluate", judging_fails)
        with pytest.raises(RuntimeError):
            api.post("/leads", {"email": "anna@stalex.pl"})

        assert not Lead.objects.exists()
        assert not LeadEvent.objects.exists()

    def test_upserting_leads_needs_touches_write(self, api_for: ApiFor) -> None:
        response = api_for("piotr", scopes=["leads:read"]).post(
            "/leads", {"email": "anna@stalex.pl"}
        )

        assert response.status_code == 403
        assert not Lead.objects.exists()


class TestRead:
    def test_leads_are_found_by_e_mail_whatever_its_case(self, api_for: ApiFor) -> None:
        anna = LeadFactory(email="anna@stalex.pl", first_name="Anna")
        LeadFactory(email="piotr@stalex.pl")
        reader = api_for("marta", scopes=["leads:read"])

        response = reader.get("/leads", email=" Anna@Stalex.PL ")

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1
        [item] = body["items"]
        assert (item["id"], item["email"], item["first_name"]) == (anna.pk, anna.email, "Anna")
        assert item["account_domain"] == anna.account.domain

    def test_without_a_filter_leads_are_listed_in_pages(self, api: Any) -> None:
        LeadFactory.create_batch(3)

        first = api.get("/leads", limit=2)
        rest = api.get("/leads", limit=2, offset=2)

        assert first.json()["count"] == rest.json()["count"] == 3
        assert len(first.json()["items"]) == 2
        assert len(rest.json()["items"]) == 1
        assert api.get("/leads", email="nobody@stalex.pl").json() == {"count": 0, "items": []}

    @pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}])
    def test_a_page_out_of_bounds_is_422(self, api: Any, params: dict[str, int]) -> None:
        assert api.get("/leads", **params).status_code == 422

    def test_a_lead_is_read_by_id(self, api_for: ApiFor) -> None:
        lead = LeadFactory(email="anna@stalex.pl")
        reader = api_for("marta", scopes=["leads:read"])

        found = reader.get(f"/leads/{lead.pk}")
        missing = reader.get(f"/leads/{lead.pk + 1000}")

        assert found.status_code == 200
        assert (found.json()["id"], found.json()["email"]) == (lead.pk, "anna@stalex.pl")
        assert missing.status_code == 404
        assert missing.json()["code"] == "not_found"

    def test_reading_leads_needs_leads_read(self, api_for: ApiFor) -> None:
        lead = LeadFactory()
        writer = api_for("marta", scopes=["touches:write"])

        assert writer.get("/leads").status_code == 403
        assert writer.get(f"/leads/{lead.pk}").status_code == 403
        assert writer.get(f"/leads/{lead.pk}").json()["code"] == "forbidden"

    def test_reading_leads_needs_a_token(self, cast: Any) -> None:
        lead = LeadFactory()

        assert Client().get("/api/v1/leads").status_code == 401
        assert Client().get(f"/api/v1/leads/{lead.pk}").status_code == 401
