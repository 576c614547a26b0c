"""`GET /api/v1/leads/{id}` reads through compiled queries: the same answer as the ORM gives,
for what each person may see, in one query for the lead and one for its open handoff."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.api import lead_detail_out
from leadpact.leads.lifecycle import lead_columns_save
from leadpact.leads.models import Lead
from leadpact.leads.selectors import lead_detail_get, lead_get, lead_visible_to
from leadpact.leads.tests.factories import LeadFactory
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.users.models import User
from leadpact.users.services import token_create, user_create

pytestmark = pytest.mark.django_db

Cast = dict[str, User]
MONDAY = at("2026-10-05 09:00")


@pytest.fixture
def people(cast: Cast) -> Cast:
    """The cast, and a rep who is in no team yet (a query of its own shape)."""
    loner = user_create(email="olek@firma.pl", role="sales_rep", password=None)
    return {**cast, "olek": loner}


@pytest.fixture
def leads(example: AgreementVersion, people: Cast) -> dict[str, Lead]:
    """Ewa's lead waits for Piotr (an open handoff); the others are set by hand: the team's
    queue, Anna's, Olek's, and an inquiry with neither account, owner nor team."""
    team = people["piotr"].team
    made = {"ewa": mql_at(MONDAY, "ewa@acme.pl")}
    for name, fields in [
        ("queue", {"stage": "mql", "owner": None, "team": team}),
        ("anna", {"stage": "sql", "owner": people["anna"], "team": team}),
        ("olek", {"stage": "sal", "owner": people["olek"]}),
        ("bare", {"account": None}),
    ]:
        made[name] = LeadFactory(email=f"{name}@klient.pl", **fields)
    return made


def test_each_person_reads_exactly_the_leads_they_may_see(
    people: Cast, leads: dict[str, Lead]
) -> None:
    for person, user in people.items():
        visible = set(lead_visible_to(user=user).values_list("pk", flat=True))
        secret = token_create(user=user, name="read", scopes=["leads:read"]).secret
        client = Client(headers={"Authorization": f"Bearer {secret}"})

        answers = {
            lead.pk: client.get(f"/api/v1/leads/{lead.pk}").status_code for lead in leads.values()
        }

        assert answers == {pk: 200 if pk in visible else 404 for pk in answers}, person
        assert visible, f"{person} sees at least one lead"


def test_the_detail_is_what_the_orm_gives(people: Cast, leads: dict[str, Lead]) -> None:
    with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
        for user in people.values():
            for lead in lead_visible_to(user=user):
                read = lead_detail_out(lead_detail_get(lead_id=lead.pk, user=user))

                assert read == lead_detail_out(lead_get(lead_id=lead.pk)), lead.email
    ewa = lead_detail_out(lead_get(lead_id=leads["ewa"].pk))
    assert ewa.handoff is not None and ewa.handoff.owner_email == "piotr@firma.pl"
    assert ewa.agreement_version == 1 and ewa.why


def test_a_read_costs_the_token_the_lead_and_its_open_handoff(
    leads: dict[str, Lead], api_for: Callable[..., Any]
) -> None:
    marta = api_for("marta", scopes=["leads:read"])
    marta.get(f"/leads/{leads['bare'].pk}")  # the first use of a token is recorded: a write

    with CaptureQueriesContext(connection) as inquiry:
        bare = marta.get(f"/leads/{leads['bare'].pk}")
    with CaptureQueriesContext(connection) as waiting:
        ewa = marta.get(f"/leads/{leads['ewa'].pk}")

    assert (bare.status_code, bare.json()["account_domain"], bare.json()["handoff"]) == (
        200,
        None,
        None,
    )
    assert (ewa.status_code, ewa.json()["handoff"]["state"]) == (200, "waiting")
    assert (len(inquiry), len(waiting)) == (2, 3)


def test_why_in_the_language_asked_for(api_for: Any, example: AgreementVersion) -> None:
    piotrs_lead = mql_at(at("2026-10-05 09:00"), "jan.kowal@huta.pl")
    reader = api_for("adam", scopes=["leads:read"])

    stored = reader.get(f"/leads/{piotrs_lead.pk}").json()["why"]
    english = reader.get(f"/leads/{piotrs_lead.pk}?lang=en").json()["why"]
    polish = reader.get(f"/leads/{piotrs_lead.pk}?lang=pl").json()["why"]

    assert stored == polish == piotrs_lead.why, "the example agreement is in Polish"
    assert [w["clause"] for w in english] == [w["clause"] for w in stored]
    assert english != stored
    assert reader.get(f"/leads/{piotrs_lead.pk}?lang=de").status_code == 422


def test_why_is_re_told_as_of_its_judgement_not_of_a_later_sales_action(
    api_for: Any, example: AgreementVersion
) -> None:
    lead = mql_at(at("2026-10-05 09:00"), "jan.kowal@huta.pl")
    # A sales action 107 days later, when the touches that made it warm left the 90-day window.
    with time_machine.travel(at("2027-01-20 10:00"), tick=False):
        lead_columns_save(lead, ["updated_at"])
    reader = api_for("adam", scopes=["leads:read"])

    stored = reader.get(f"/leads/{lead.pk}").json()["why"]
    english = reader.get(f"/leads/{lead.pk}?lang=en").json()["why"]

    assert [w["clause"] for w in english] == [w["clause"] for w in stored]
    assert english != stored, "told in English, not the stored Polish"
