"""What sales does with a lead, through `POST /api/v1/leads/{id}/…`, and what each person sees
through `GET /api/v1/leads`. Ewa's lead becomes an MQL on Monday 5 October 2026 at 09:00 and
goes to Piotr, whose manager is Sylwia."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.factories import LeadFactory
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.notifications.models import Notification
from leadpact.sla.services import sla_sweep
from leadpact.users.models import User
from leadpact.users.services import user_create

pytestmark = pytest.mark.django_db

Cast = dict[str, User]
SALES = ["leads:read", "leads:act"]
MONDAY = at("2026-10-05 09:00")


@pytest.fixture
def lead(example: AgreementVersion, cast: Cast) -> Lead:
    lead = mql_at(MONDAY, "ewa@acme.pl")
    assert lead.owner == cast["piotr"]
    return lead


@pytest.fixture
def piotr(api_for: Callable[..., Any]) -> Any:
    return api_for("piotr", scopes=SALES)


@pytest.fixture
def anna(api_for: Callable[..., Any]) -> Any:
    return api_for("anna", scopes=SALES)


@pytest.fixture
def sylwia(api_for: Callable[..., Any]) -> Any:
    return api_for("sylwia", scopes=SALES)


@pytest.fixture
def accepted(lead: Lead, piotr: Any) -> Lead:
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        assert piotr.post(f"/leads/{lead.pk}/accept").status_code == 200
    return lead


def stage_of(lead: Lead) -> str:
    lead.refresh_from_db()
    return lead.stage


class TestAccept:
    def test_the_owner_accepts_and_gets_the_updated_lead(self, lead: Lead, piotr: Any) -> None:
        with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
            response = piotr.post(f"/leads/{lead.pk}/accept")

        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["id"], body["stage"], body["owner_email"]) == (
            lead.pk,
            "sal",
            "piotr@firma.pl",
        )
        assert body["handoff"]["state"] == "accepted"
        assert body["handoff"]["accepted_at"].startswith("2026-10-05T08:00:00")  # UTC
        assert body["handoff"]["seconds_left_to_accept"] is None

    def test_another_rep_cannot_see_it_to_accept_it(self, lead: Lead, anna: Any) -> None:
        response = anna.post(f"/leads/{lead.pk}/accept")

        assert response.status_code == 404
        assert stage_of(lead) == "mql"

    def test_the_manager_accepts_for_the_owner(self, lead: Lead, sylwia: Any) -> None:
        response = sylwia.post(f"/leads/{lead.pk}/accept")

        assert response.status_code == 200, response.json()
        assert (response.json()["stage"], response.json()["owner_email"]) == (
            "sal",
            "piotr@firma.pl",
        )
        event = LeadEvent.objects.get(lead=lead, kind="stage", data__to="sal")
        assert event.actor.email == "sylwia@firma.pl"

    def test_twice_is_a_409_saying_why(self, accepted: Lead, piotr: Any) -> None:
        response = piotr.post(f"/leads/{accepted.pk}/accept")

        assert response.status_code == 409
        assert response.json()["code"] == "conflict"
        detail = response.json()["detail"]
        assert detail.startswith("Cannot accept: the lead is") and "MQL" in detail
        assert LeadEvent.objects.filter(lead=accepted, kind="stage", data__to="sal").count() == 1

    def test_without_the_leads_act_scope_is_403(
        self, lead: Lead, api_for: Callable[..., Any]
    ) -> None:
        reader = api_for("piotr", scopes=["leads:read"])

        for action, body in [
            ("accept", None),
            ("reject", {"reason": "timing"}),
            ("first-contact", {}),
            ("qualify", {"product_potential": True, "horizon_months": 4}),
            ("close", {"outcome": "lost"}),
            ("reassign", {"to": "anna@firma.pl"}),
        ]:
            response = reader.post(f"/leads/{lead.pk}/{action}", body)
            assert response.status_code == 403, (action, response.json())
            assert "leads:act" in response.json()["detail"]
        assert stage_of(lead) == "mql"


class TestReject:
    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"reason": "bored"}, "reason"),
            ({"reason": "not_icp"}, "note"),
            ({"reason": "not_icp", "note": "   "}, "note"),
        ],
    )
    def test_an_unknown_reason_or_a_missing_note_is_422(
        self, lead: Lead, piotr: Any, body: dict[str, str], field: str
    ) -> None:
        response = piotr.post(f"/leads/{lead.pk}/reject", body)

        assert response.status_code == 422, response.json()
        assert [error["field"] for error in response.json()["errors"]] == [field]
        assert stage_of(lead) == "mql"
        assert Handoff.objects.get(lead=lead).state == "waiting"

    def test_timing_sends_the_lead_back_to_nurture_without_an_owner(
        self, lead: Lead, piotr: Any
    ) -> None:
        response = piotr.post(f"/leads/{lead.pk}/reject", {"reason": "timing", "note": "Q3 2027"})

        assert response.status_code == 200, response.json()
        assert (response.json()["stage"], response.json()["owner_email"]) == ("nurture", None)
        assert response.json()["handoff"] is None
        handoff = Handoff.objects.get(lead=lead)
        assert (handoff.state, handoff.rejection_reason, handoff.rejection_note) == (
            "rejected",
            "timing",
            "Q3 2027",
        )
        event = LeadEvent.objects.get(lead=lead, kind="stage", data__to="nurture")
        assert event.clause_ids == ["handoff.rejection.timing"]

    @pytest.mark.parametrize(
        "body", [{"reason": "competitor"}, {"reason": "not_icp", "note": "A reseller, not a user"}]
    )
    def test_a_disqualifying_reason_disqualifies(
        self, lead: Lead, piotr: Any, body: dict[str, str]
    ) -> None:
        response = piotr.post(f"/leads/{lead.pk}/reject", body)

        assert response.status_code == 200, response.json()
        assert response.json()["stage"] == "disqualified"
        assert response.json()["owner_email"] is None


class TestFirstContact:
    def test_stops_the_first_contact_clock(self, accepted: Lead, piotr: Any) -> None:
        with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
            response = piotr.post(f"/leads/{accepted.pk}/first-contact", {})

        assert response.status_code == 200, response.json()
        assert response.json()["handoff"]["first_contact_at"] is not None
        event = LeadEvent.objects.get(lead=accepted, kind="sla", data__event="first_contact")
        assert (event.data["in_time"], event.clause_ids) == (True, ["handoff.sla.first_contact"])

        result = sla_sweep(now=at("2026-10-20 12:00"))  # long past the 16 business hours

        assert result.contact_breaches == 0
        assert not LeadEvent.objects.filter(lead=accepted, data__event="contact_breach").exists()

    def test_without_a_body_it_is_now(self, accepted: Lead, piotr: Any) -> None:
        with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
            response = piotr.client.post(
                f"/api/v1/leads/{accepted.pk}/first-contact",
                content_type="application/octet-stream",  # as `curl -X POST` sends nothing
                headers={"Authorization": f"Bearer {piotr.secret}"},
            )

        assert response.status_code == 200, response.json()
        assert Handoff.objects.get(lead=accepted).first_contact_at == MONDAY + timedelta(hours=2)

    def test_a_time_without_a_zone_is_422(self, accepted: Lead, piotr: Any) -> None:
        response = piotr.post(f"/leads/{accepted.pk}/first-contact", {"at": "2026-10-05T11:00:00"})

        assert response.status_code == 422, response.json()
        assert Handoff.objects.get(lead=accepted).first_contact_at is None

    @pytest.mark.parametrize(
        ("at", "message"),
        [
            ("1990-01-01T00:00:00Z", "must not be before the handoff"),
            ("2999-06-01T00:00:00Z", "must not be in the future"),
        ],
    )
    def test_a_time_before_the_handoff_or_in_the_future_is_422(
        self, accepted: Lead, piotr: Any, at: str, message: str
    ) -> None:
        with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
            response = piotr.post(f"/leads/{accepted.pk}/first-contact", {"at": at})

        assert response.status_code == 422, response.json()
        [error] = response.json()["errors"]
        assert error["field"] == "at"
        assert error["message"].startswith(message)
        assert Handoff.objects.get(lead=accepted).first_contact_at is None
        assert not LeadEvent.objects.filter(lead=accepted, data__event="first_contact").exists()

    def test_before_accepting_is_409(self, lead: Lead, piotr: Any) -> None:
        assert piotr.post(f"/leads/{lead.pk}/first-contact", {}).status_code == 409


class TestQualify:
    @pytest.mark.parametrize(("months", "temperature"), [(4, "hot"), (9, "warm"), (18, "cold")])
    def test_the_horizon_sets_the_sales_temperature_and_a_meeting_makes_it_an_sql(
        self, accepted: Lead, piotr: Any, months: int, temperature: str
    ) -> None:
        response = piotr.post(
            f"/leads/{accepted.pk}/qualify",
            {
                "product_potential": True,
                "horizon_months": months,
                "meeting_at": "2026-10-08T10:00:00+02:00",
            },
        )

        assert response.status_code == 200, response.json()
        assert (response.json()["stage"], response.json()["sales_temperature"]) == (
            "sql",
            temperature,
        )
        accepted.refresh_from_db()
        assert (accepted.horizon_months, accepted.product_potential) == (months, True)
        assessment = LeadEvent.objects.filter(lead=accepted, kind="assessment").last()
        assert assessment.clause_ids == [f"temperature.sales.{temperature}"]
        assert assessment.data["to"] == temperature
        stage = LeadEvent.objects.get(lead=accepted, kind="stage", data__to="sql")
        assert stage.clause_ids == [
            f"temperature.sales.{temperature}",
            "lead_definitions.sales_lead",
        ]
        why = {w["clause"] for w in response.json()["why"]}
        assert "handoff.mql.strong_fit" in why

    def test_no_product_potential_sends_it_to_nurture(self, accepted: Lead, piotr: Any) -> None:
        response = piotr.post(
            f"/leads/{accepted.pk}/qualify", {"product_potential": False, "horizon_months": None}
        )

        assert response.status_code == 200, response.json()
        assert (response.json()["stage"], response.json()["owner_email"]) == ("nurture", None)
        assert response.json()["sales_temperature"] == ""
        assert Handoff.objects.get(lead=accepted).state == "closed"

    def test_an_mql_not_yet_accepted_cannot_be_qualified(self, lead: Lead, piotr: Any) -> None:
        response = piotr.post(
            f"/leads/{lead.pk}/qualify", {"product_potential": True, "horizon_months": 4}
        )

        assert response.status_code == 409
        assert stage_of(lead) == "mql"


class TestClose:
    @pytest.fixture
    def qualified(self, accepted: Lead, piotr: Any) -> Lead:
        response = piotr.post(
            f"/leads/{accepted.pk}/qualify",
            {
                "product_potential": True,
                "horizon_months": 4,
                "meeting_at": "2026-10-08T10:00:00+02:00",
            },
        )
        assert response.json()["stage"] == "sql"
        return accepted

    def test_won_needs_the_revenue(self, qualified: Lead, piotr: Any) -> None:
        response = piotr.post(f"/leads/{qualified.pk}/close", {"outcome": "won"})

        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "revenue"
        assert stage_of(qualified) == "sql"

    def test_won_with_revenue(self, qualified: Lead, piotr: Any) -> None:
        response = piotr.post(
            f"/leads/{qualified.pk}/close",
            {"outcome": "won", "revenue": "250000.00", "currency": "EUR"},
        )

        assert response.status_code == 200, response.json()
        assert response.json()["stage"] == "won"
        qualified.refresh_from_db()
        assert (str(qualified.closed_revenue), qualified.closed_currency) == ("250000.00", "EUR")
        assert Handoff.objects.get(lead=qualified).state == "closed"

    def test_revenue_beyond_fifteen_digits_is_422_and_the_lead_stays_open(
        self, qualified: Lead, piotr: Any
    ) -> None:
        response = piotr.post(
            f"/leads/{qualified.pk}/close", {"outcome": "won", "revenue": "9999999999999999.99"}
        )

        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["revenue"]
        assert stage_of(qualified) == "sql"

    def test_won_straight_from_accepted_is_409(self, accepted: Lead, piotr: Any) -> None:
        response = piotr.post(f"/leads/{accepted.pk}/close", {"outcome": "won", "revenue": "1000"})

        assert response.status_code == 409
        assert "Qualify the lead" in response.json()["detail"]
        assert stage_of(accepted) == "sal"

    def test_lost_with_a_reason(self, qualified: Lead, piotr: Any) -> None:
        response = piotr.post(
            f"/leads/{qualified.pk}/close", {"outcome": "lost", "reason": "Chose a competitor"}
        )

        assert response.status_code == 200, response.json()
        assert response.json()["stage"] == "lost"
        qualified.refresh_from_db()
        assert (qualified.lost_reason, qualified.closed_revenue) == ("Chose a competitor", None)


class TestReassign:
    def test_the_manager_reassigns_and_the_new_owner_is_told(
        self, lead: Lead, sylwia: Any, anna: Any, cast: Cast
    ) -> None:
        response = sylwia.post(f"/leads/{lead.pk}/reassign", {"to": "Anna@Firma.pl"})

        assert response.status_code == 200, response.json()
        assert response.json()["owner_email"] == "anna@firma.pl"
        assert response.json()["handoff"]["owner_email"] == "anna@firma.pl"
        told = Notification.objects.get(kind="lead_reassigned")
        assert (told.recipient, told.lead, told.payload["from"]) == (
            cast["anna"],
            lead,
            "piotr@firma.pl",
        )
        assert anna.post(f"/leads/{lead.pk}/accept").status_code == 200

    def test_a_rep_may_not(self, lead: Lead, piotr: Any) -> None:
        response = piotr.post(f"/leads/{lead.pk}/reassign", {"to": "anna@firma.pl"})

        assert response.status_code == 403
        assert lead.owner.email == Lead.objects.get(pk=lead.pk).owner.email == "piotr@firma.pl"

    def test_to_the_owner_is_422_and_tells_nobody(self, lead: Lead, sylwia: Any) -> None:
        response = sylwia.post(f"/leads/{lead.pk}/reassign", {"to": "piotr@firma.pl"})

        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "to", "message": "already owns the lead"}]
        assert not Notification.objects.filter(kind="lead_reassigned").exists()

    @pytest.mark.parametrize("to", ["nikt@firma.pl", "marta@firma.pl", "sylwia@firma.pl"])
    def test_only_to_a_known_active_rep(self, lead: Lead, sylwia: Any, to: str) -> None:
        response = sylwia.post(f"/leads/{lead.pk}/reassign", {"to": to})

        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "to"


class TestRead:
    @pytest.fixture
    def leads(self, cast: Cast) -> dict[str, Lead]:
        """Piotr's, Anna's, the team queue's, marketing's own, and the enterprise team's."""
        olek = user_create(
            email="olek@firma.pl", role="sales_rep", password=None, team_slug="sales-enterprise"
        )
        team = cast["piotr"].team
        made = {}
        for name, when, fields in [
            ("piotr", "2026-10-05 09:00", {"stage": "mql", "owner": cast["piotr"], "team": team,
                                           "icp_grade": "A", "marketing_temperature": "warm"}),
            ("anna", "2026-10-06 09:00", {"stage": "sql", "owner": cast["anna"], "team": team,
                                          "icp_grade": "B", "marketing_temperature": "hot",
                                          "sales_temperature": "hot"}),
            ("queue", "2026-10-07 09:00", {"stage": "mql", "owner": None, "team": team,
                                           "icp_grade": "A", "marketing_temperature": "hot"}),
            ("marketing", "2026-10-08 09:00", {"stage": "inquiry", "icp_grade": "C",
                                               "marketing_temperature": "cold"}),
            ("enterprise", "2026-10-09 09:00", {"stage": "sal", "owner": olek, "team": olek.team,
                                                "icp_grade": "A"}),
        ]:  # fmt: skip
            with time_machine.travel(at(when), tick=False):
                made[name] = LeadFactory(email=f"{name}@klient.pl", **fields)
        return made

    @staticmethod
    def emails(client: Any, **params: Any) -> set[str]:
        response = client.get("/leads", **params)
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["count"] == len(body["items"])
        return {item["email"].split("@")[0] for item in body["items"]}

    def test_each_person_sees_what_is_theirs(
        self, leads: dict[str, Lead], api_for: Callable[..., Any]
    ) -> None:
        assert self.emails(api_for("piotr", scopes=SALES)) == {"piotr", "queue"}
        assert self.emails(api_for("anna", scopes=SALES)) == {"anna", "queue"}
        assert self.emails(api_for("sylwia", scopes=SALES)) == {"piotr", "anna", "queue"}
        everything = {"piotr", "anna", "queue", "marketing", "enterprise"}
        assert self.emails(api_for("marta", scopes=["leads:read"])) == everything
        assert self.emails(api_for("adam")) == everything

    def test_a_lead_someone_may_not_see_is_404(
        self, leads: dict[str, Lead], api_for: Callable[..., Any]
    ) -> None:
        piotr = api_for("piotr", scopes=SALES)

        assert piotr.get(f"/leads/{leads['anna'].pk}").status_code == 404
        assert piotr.get(f"/leads/{leads['queue'].pk}").status_code == 200
        assert api_for("sylwia").get(f"/leads/{leads['enterprise'].pk}").status_code == 404

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"stage": "mql"}, {"piotr", "queue"}),
            ({"owner": "Anna@firma.pl"}, {"anna"}),
            ({"team": "sales-enterprise"}, {"enterprise"}),
            ({"icp_grade": "A"}, {"piotr", "queue", "enterprise"}),
            ({"marketing_temperature": "hot"}, {"anna", "queue"}),
            ({"sales_temperature": "hot"}, {"anna"}),
            ({"updated_since": "2026-10-07T09:00:00+02:00"}, {"queue", "marketing", "enterprise"}),
            ({"email": "QUEUE@klient.pl"}, {"queue"}),
            ({"stage": "mql", "icp_grade": "A", "team": "sales-sme"}, {"piotr", "queue"}),
        ],
    )
    def test_filters(
        self,
        leads: dict[str, Lead],
        api_for: Callable[..., Any],
        params: dict[str, str],
        expected: set[str],
    ) -> None:
        assert self.emails(api_for("marta"), **params) == expected

    def test_filters_stay_within_what_the_caller_may_see(
        self, leads: dict[str, Lead], api_for: Callable[..., Any]
    ) -> None:
        piotr = api_for("piotr", scopes=SALES)

        assert self.emails(piotr, stage="sql") == set()
        assert self.emails(piotr, team="sales-enterprise") == set()

    def test_pages_newest_change_first(
        self, leads: dict[str, Lead], api_for: Callable[..., Any]
    ) -> None:
        marta = api_for("marta")

        first = marta.get("/leads", limit=2).json()
        second = marta.get("/leads", limit=2, offset=2).json()

        assert first["count"] == second["count"] == 5
        assert [i["email"] for i in first["items"] + second["items"]] == [
            f"{name}@klient.pl" for name in ("enterprise", "marketing", "queue", "anna")
        ]
        assert marta.get("/leads", limit=0).status_code == 422
        assert marta.get("/leads", stage="bogus").status_code == 422

    def test_the_detail_shows_the_handoff_and_why(self, lead: Lead, piotr: Any) -> None:
        with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
            body = piotr.get(f"/leads/{lead.pk}").json()

        assert (body["stage"], body["icp_grade"], body["persona"]) == ("mql", "A", "c_level")
        assert (body["marketing_temperature"], body["team"], body["agreement_version"]) == (
            "warm",
            "sales-sme",
            1,
        )
        handoff = body["handoff"]
        assert (handoff["state"], handoff["owner_email"], handoff["team"]) == (
            "waiting",
            "piotr@firma.pl",
            "sales-sme",
        )
        assert handoff["business_hours_left_to_accept"] == 6
        assert handoff["seconds_left_to_accept"] == 22 * 3600  # Tuesday 09:00
        clauses = [why["clause"] for why in body["why"]]
        assert {"icp.grades", "temperature.marketing.warm", "handoff.mql.strong_fit"} <= set(
            clauses
        )
        assert all(why["text"] for why in body["why"])
