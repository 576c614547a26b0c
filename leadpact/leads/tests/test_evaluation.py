"""Judging leads on every change: an event only when something changed, fields kept current."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.evaluation import EvaluationResult, leads_evaluate
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.scenarios import at, icp_account, mql_at, record
from leadpact.notifications.models import Notification
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

MONDAY = at("2026-10-05 10:00")


def assessments(lead: Lead) -> list[LeadEvent]:
    return list(LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.ASSESSMENT))


def test_a_first_touch_grades_the_lead_and_names_the_version(example: AgreementVersion) -> None:
    with time_machine.travel(MONDAY, tick=False):
        lead = record("ewa@acme.pl", "webinar_registration", occurred_at=MONDAY)

    assert (lead.stage, lead.icp_grade, lead.persona) == ("inquiry", "A", "c_level")
    assert (lead.marketing_temperature, lead.sales_temperature) == ("cold", "")
    assert lead.assessed_version == example
    [event] = assessments(lead)
    assert event.agreement_version == example
    assert event.data["changes"] == {
        "icp_grade": ["", "A"],
        "persona": ["", "c_level"],
        "marketing_temperature": ["", "cold"],
    }
    assert {"icp.grades", "personas.c_level", "temperature.marketing.cold"} <= set(event.clause_ids)
    assert "handoff.mql" in [why["clause"] for why in lead.why]


def test_evaluating_again_without_a_change_writes_nothing(example: AgreementVersion) -> None:
    with time_machine.travel(MONDAY, tick=False):
        lead = record("ewa@acme.pl", "webinar_registration", occurred_at=MONDAY)
    events = LeadEvent.objects.count()

    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        result = leads_evaluate(lead_ids=[lead.pk, lead.pk])

    assert result == EvaluationResult(evaluated=1, changed=0, became_mql=0)
    assert LeadEvent.objects.count() == events
    assert Lead.objects.get(pk=lead.pk).updated_at == lead.updated_at


def test_warm_with_an_icp_a_account_becomes_an_mql_once(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        record("ewa@acme.pl", "webinar_registration", occurred_at=MONDAY)
    lead = mql_at(MONDAY + timedelta(hours=1), "ewa@acme.pl")

    assert (lead.stage, lead.marketing_temperature, lead.owner) == ("mql", "warm", cast["piotr"])
    stage = LeadEvent.objects.get(lead=lead, kind=LeadEvent.Kind.STAGE)
    assert stage.data == {"from": "inquiry", "to": "mql"}
    assert stage.agreement_version == example
    assert "handoff.mql.strong_fit" in stage.clause_ids
    assert "temperature.marketing.warm" in stage.clause_ids
    assert assessments(lead)[-1].data["changes"] == {"marketing_temperature": ["cold", "warm"]}

    with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
        result = leads_evaluate(lead_ids=[lead.pk])

    assert result.became_mql == 0
    assert Handoff.objects.filter(lead=lead).count() == 1
    assert LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.STAGE).count() == 1


def test_the_marketing_temperature_cools_when_touches_leave_the_window(
    example: AgreementVersion,
) -> None:
    lead = mql_at(MONDAY, "ewa@acme.pl")

    # 90 days (temperature.marketing.window_days) after the last touch there is no temperature.
    with time_machine.travel(MONDAY + timedelta(days=89), tick=False):
        leads_evaluate(lead_ids=[lead.pk])
    with time_machine.travel(MONDAY + timedelta(days=91), tick=False):
        leads_evaluate(lead_ids=[lead.pk])

    lead.refresh_from_db()
    assert (lead.stage, lead.marketing_temperature) == ("mql", "")
    assert assessments(lead)[-1].data["changes"] == {"marketing_temperature": ["warm", ""]}
    assert "temperature.marketing.window" in [why["clause"] for why in lead.why]


@pytest.mark.parametrize(
    ("account", "grade", "stage"),
    [
        ({"industry": "education", "annual_revenue": None}, "C", "inquiry"),  # 25 points
        ({"country": "DE"}, "D", "inquiry"),  # the required criterion fails
        ({"employees": 100}, "B", "mql"),  # 50 points: B is enough with warm
    ],
)
def test_the_mql_criteria_need_the_icp_grade(
    example: AgreementVersion, account: dict[str, Any], grade: str, stage: str
) -> None:
    lead = mql_at(MONDAY, "ewa@acme.pl", account=icp_account("acme.pl", **account))

    assert (lead.icp_grade, lead.marketing_temperature, lead.stage) == (grade, "warm", stage)
    assert Handoff.objects.filter(lead=lead).exists() == (stage == "mql")


def test_a_large_account_is_routed_to_the_enterprise_team_and_waits_in_its_queue(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    lead = mql_at(MONDAY, "ewa@acme.pl", account=icp_account("acme.pl", employees=1500))

    assert (lead.stage, lead.owner, lead.team.slug) == ("mql", None, "sales-enterprise")
    assert "handoff.routing.enterprise" in [why["clause"] for why in lead.why]
    handoff = Handoff.objects.get(lead=lead)
    assert (handoff.team.slug, handoff.state) == ("sales-enterprise", "waiting")
    assert Notification.objects.filter(kind="lead_queued", lead=lead).exists()


def test_changing_the_lead_through_the_api_judges_it_again(
    example: AgreementVersion, api_for: Callable[..., Any]
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        lead = record("ewa@acme.pl", "webinar_registration", occurred_at=MONDAY)
    marketing = api_for("marta")

    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        response = marketing.post(
            "/leads", {"email": "ewa@acme.pl", "job_title": "Inżynier DevOps"}
        )
        unchanged = marketing.post(
            "/leads", {"email": "ewa@acme.pl", "job_title": "Inżynier DevOps"}
        )

    assert response.status_code == 200, response.json()
    assert response.json()["lead"]["persona"] == "specialist"
    assert unchanged.json()["outcome"] == "unchanged"
    lead.refresh_from_db()
    assert lead.persona == "specialist"
    event = assessments(lead)[-1]
    assert event.data["changes"] == {"persona": ["c_level", "specialist"]}
    assert event.clause_ids == ["personas.specialist"]
    assert len(assessments(lead)) == 2


def test_changing_the_account_through_the_api_judges_its_leads_again(
    example: AgreementVersion, api_for: Callable[..., Any]
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        first = record("ewa@acme.pl", "webinar_registration", occurred_at=MONDAY)
        second = record("jan@acme.pl", "webinar_registration", occurred_at=MONDAY)
        other = record("ola@stalex.pl", "webinar_registration", occurred_at=MONDAY)
    marketing = api_for("marta")

    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        response = marketing.post("/accounts", {"domain": "acme.pl", "employees": 100})

    assert response.status_code == 200, response.json()
    for lead in (first, second):
        lead.refresh_from_db()
        assert lead.icp_grade == "B"
        assert assessments(lead)[-1].data["changes"] == {"icp_grade": ["A", "B"]}
        assert "icp.grades" in assessments(lead)[-1].clause_ids
    other.refresh_from_db()
    assert other.icp_grade == "A" and len(assessments(other)) == 1


def test_without_an_agreement_in_force_nothing_is_judged(cast: dict[str, User]) -> None:
    with time_machine.travel(MONDAY, tick=False):
        lead = record("ewa@acme.pl", "webinar_attended", "ebook_download", occurred_at=MONDAY)
        result = leads_evaluate(lead_ids=[lead.pk])

    assert result == EvaluationResult(0, 0, 0)
    assert (lead.stage, lead.icp_grade, lead.marketing_temperature, lead.why) == (
        "inquiry",
        "",
        "",
        [],
    )
    assert lead.assessed_version is None
    assert not LeadEvent.objects.exclude(kind=LeadEvent.Kind.CREATED).exists()
    assert not Handoff.objects.exists()


def test_closed_leads_are_left_alone(example: AgreementVersion) -> None:
    lead = mql_at(MONDAY, "ewa@acme.pl")
    Lead.objects.filter(pk=lead.pk).update(stage=Lead.Stage.WON)
    events = LeadEvent.objects.count()

    with time_machine.travel(MONDAY + timedelta(days=100), tick=False):
        result = leads_evaluate(lead_ids=[lead.pk])

    assert result.evaluated == 0
    assert LeadEvent.objects.count() == events
