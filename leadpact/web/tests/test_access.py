"""Who may see and do what, as a matrix over every page and action of the web app.

A rep sees and works their own leads (and the team's queue); the team's manager sees and
works the team's; marketing sees every lead but acts for nobody in sales (403); an admin may
do everything. A lead someone may not see is 404, so its existence does not leak.
"""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
import yaml
from django.test import Client

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import agreement_version_propose, agreement_version_sign
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.feedback.services import information_request_create
from leadpact.leads import lifecycle
from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import at
from leadpact.users.models import User
from leadpact.users.services import user_create

pytestmark = pytest.mark.django_db

WHO = ["piotr", "anna", "sylwia", "marta", "adam", "other_manager", "anonymous"]
MONDAY_10 = at("2026-10-05 10:00")


@pytest.fixture
def people(cast: dict[str, Any], example: Any) -> dict[str, Any]:
    """The cast plus a manager of another team."""
    other = user_create(
        email="tomasz@firma.pl", role="sales_manager", password=None, team_slug="sales-enterprise"
    )
    return {**cast, "other_manager": other}


@pytest.fixture
def client_of(people: dict[str, Any]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(people[name])
        return client

    return make


# Piotr owns the lead: he is "own"; Anna is another rep of the team; Sylwia manages the team.
PAGES = {
    "/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/queue/": dict.fromkeys(WHO, 200) | {"marta": 403, "anonymous": 302},
    "/leads/{lead}/": {
        "piotr": 200, "anna": 404, "sylwia": 200, "marta": 200, "adam": 200,
        "other_manager": 404, "anonymous": 302,
    },
    "/information-requests/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/inbox/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/agreement/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/reports/2026-10/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/reports/2026-10.xlsx": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/agreement/versions/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/agreement/versions/1/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/agreement/diff/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/agreement/propose/": dict.fromkeys(WHO, 200) | {"piotr": 403, "anna": 403, "anonymous": 302},
    # Version 1 (the example) names none of them, and is already active.
    "/agreement/versions/1/sign/": dict.fromkeys(WHO, 403) | {"anonymous": 302},
    "/agreement/versions/1/activate/": dict.fromkeys(WHO, 403) | {"adam": 409, "anonymous": 302},
    "/preferences/": dict.fromkeys(WHO, 200) | {"anonymous": 302},
    "/team/": dict.fromkeys(WHO, 403) | {"sylwia": 200, "adam": 200, "other_manager": 200, "anonymous": 302},
    "/marketing/pool/": dict.fromkeys(WHO, 403) | {"marta": 200, "adam": 200, "anonymous": 302},
    "/marketing/pool/?stage=nurture": dict.fromkeys(WHO, 403) | {"marta": 200, "adam": 200, "anonymous": 302},
    "/marketing/rejected/": dict.fromkeys(WHO, 403) | {"marta": 200, "adam": 200, "anonymous": 302},
    "/marketing/accounts/": dict.fromkeys(WHO, 403) | {"marta": 200, "adam": 200, "anonymous": 302},
    "/audit/": dict.fromkeys(WHO, 403) | {"adam": 200, "anonymous": 302},
    "/privacy/": dict.fromkeys(WHO, 403) | {"adam": 200, "anonymous": 302},
    "/privacy/export?email=jan.kowal@huta.pl": dict.fromkeys(WHO, 403) | {"adam": 200, "anonymous": 302},
}  # fmt: skip


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages(client_of, piotrs_lead, page, who):
    response = client_of(who).get(page.format(lead=piotrs_lead.pk))

    assert response.status_code == PAGES[page][who]
    if response.status_code == 302:
        assert response["Location"].startswith("/sign-in/?next=")


def accepted(lead: Lead, people: dict[str, Any]) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        lifecycle.handoff_accept(lead_id=lead.pk, actor=people["piotr"])


def qualified(lead: Lead, people: dict[str, Any]) -> None:
    accepted(lead, people)
    with time_machine.travel(MONDAY_10, tick=False):
        lifecycle.lead_qualify(
            lead_id=lead.pk,
            actor=people["piotr"],
            product_potential=True,
            horizon_months=3,
            meeting_at=at("2026-10-08 10:00"),
        )


def stage_is(stage: str) -> Callable[[Lead], bool]:
    def check(lead: Lead) -> bool:
        lead.refresh_from_db()
        return lead.stage == stage

    return check


def first_contact_recorded(lead: Lead) -> bool:
    return lead.handoffs.filter(first_contact_at__isnull=False).exists()


def feedback_given(lead: Lead) -> bool:
    return Feedback.objects.filter(lead=lead).exists()


# action: (path, set-up, form, did it happen)
ACTIONS: dict[
    str, tuple[str, Callable[..., None] | None, dict[str, str], Callable[[Lead], bool]]
] = {
    "accept": ("accept", None, {}, stage_is("sal")),
    "reject": ("reject", None, {"reason": "timing"}, stage_is("nurture")),
    "first-contact": ("first-contact", accepted, {"at": ""}, first_contact_recorded),
    "qualify": (
        "qualify",
        accepted,
        {"product_potential": "yes", "horizon_months": "3", "meeting_at": "2026-10-08T10:00"},
        stage_is("sql"),
    ),
    "close": (
        "close",
        qualified,
        {"outcome": "won", "revenue": "1000", "currency": "PLN"},
        stage_is("won"),
    ),
    "feedback": ("feedback", accepted, {"q_conversation": "Dobra rozmowa."}, feedback_given),
}
# What each person gets when acting on Piotr's lead: done (302 and it happened), 404 (may not
# see it), 403 (may see it, may not act), or sent to sign in.
ACTING = {
    "piotr": "done", "anna": 404, "sylwia": "done", "marta": 403, "adam": "done",
    "other_manager": 404, "anonymous": "sign-in",
}  # fmt: skip


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_actions(client_of, people, piotrs_lead, action, who):
    path, set_up, form, happened = ACTIONS[action]
    if set_up:
        set_up(piotrs_lead, people)

    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = client_of(who).post(f"/leads/{piotrs_lead.pk}/{path}/", form)

    expected = ACTING[who]
    if expected == "done":
        assert response.status_code == 302
        assert happened(piotrs_lead), response
    elif expected == "sign-in":
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
        assert not happened(piotrs_lead)
    else:
        assert response.status_code == expected
        assert not happened(piotrs_lead)


ANSWERING = {
    "piotr": 403, "anna": 403, "sylwia": 403, "marta": "done", "adam": "done",
    "other_manager": 403, "anonymous": "sign-in",
}  # fmt: skip


@pytest.mark.parametrize("who", WHO)
def test_only_marketing_and_admins_answer_information_requests(client_of, people, piotrs_lead, who):
    accepted(piotrs_lead, people)
    request = information_request_create(
        lead_id=piotrs_lead.pk, actor=people["piotr"], question="Budżet?"
    )

    response = client_of(who).post(
        f"/information-requests/{request.pk}/answer/", {"answer": "2 mln zł"}
    )

    request.refresh_from_db()
    expected = ANSWERING[who]
    if expected == "done":
        assert response.status_code == 302
        assert request.status == InformationRequest.Status.ANSWERED
    else:
        assert request.status == InformationRequest.Status.OPEN
        if expected == "sign-in":
            assert response["Location"].startswith("/sign-in/")
        else:
            assert response.status_code == expected


def test_a_rep_sees_only_requests_on_their_own_leads(client_of, people, piotrs_lead):
    accepted(piotrs_lead, people)
    information_request_create(lead_id=piotrs_lead.pk, actor=people["piotr"], question="Budżet?")

    def listed(who: str) -> int:
        return len(client_of(who).get("/information-requests/").context["page"].object_list)

    assert {who: listed(who) for who in WHO if who != "anonymous"} == {
        "piotr": 1, "anna": 0, "sylwia": 1, "marta": 1, "adam": 1, "other_manager": 0,
    }  # fmt: skip


def test_marketing_sees_a_lead_but_is_offered_no_actions(client_of, piotrs_lead):
    page = client_of("marta").get(f"/leads/{piotrs_lead.pk}/").content.decode()

    assert f'action="/leads/{piotrs_lead.pk}/accept/"' not in page
    assert f'action="/leads/{piotrs_lead.pk}/reject/"' not in page


# Reassigning Piotr's lead to Anna: the team's manager and admins only; another team's manager
# may not see the lead (404); everyone else's role may not reassign (403).
REASSIGNING = {
    "piotr": 403, "anna": 403, "sylwia": "done", "marta": 403, "adam": "done",
    "other_manager": 404, "anonymous": "sign-in",
}  # fmt: skip


@pytest.mark.parametrize("who", WHO)
def test_only_the_teams_manager_and_admins_reassign(client_of, people, piotrs_lead, who):
    response = client_of(who).post(
        f"/team/leads/{piotrs_lead.pk}/reassign/", {"to": people["anna"].pk}
    )

    piotrs_lead.refresh_from_db()
    expected = REASSIGNING[who]
    if expected == "done":
        assert response.status_code == 302
        assert piotrs_lead.owner == people["anna"]
    else:
        assert piotrs_lead.owner == people["piotr"]
        if expected == "sign-in":
            assert response["Location"].startswith("/sign-in/")
        else:
            assert response.status_code == expected


def version_naming_the_cast(*, signed: bool) -> AgreementVersion:
    """Version 2: the example with Marta owning it for marketing and Sylwia for sales."""
    document = yaml.safe_load(example_agreement_text("pl"))
    document["parties"]["marketing"]["owner"] = "marta@firma.pl"
    document["parties"]["sales"]["owner"] = "sylwia@firma.pl"
    version = agreement_version_propose(
        text=yaml.safe_dump(document, allow_unicode=True, sort_keys=False), proposed_by=None
    )
    if signed:
        for email in ("marta@firma.pl", "sylwia@firma.pl"):
            agreement_version_sign(version=version, signer=User.objects.get(email=email))
    return version


# action: (path, set-up, form, did it happen) — on the agreement, not on a lead.
AGREEMENT_ACTIONS: dict[
    str, tuple[str, Callable[[], object], dict[str, str], Callable[[], bool]]
] = {
    "propose": (
        "/agreement/propose/",
        lambda: None,
        {"text": example_agreement_text("pl")},
        lambda: AgreementVersion.objects.filter(number=2).exists(),
    ),
    "sign": (
        "/agreement/versions/2/sign/",
        lambda: version_naming_the_cast(signed=False),
        {"confirm": "on"},
        lambda: AgreementSignature.objects.filter(version__number=2).exists(),
    ),
    "activate": (
        "/agreement/versions/2/activate/",
        lambda: version_naming_the_cast(signed=True),
        {"effective_from": ""},
        lambda: AgreementVersion.objects.filter(number=2, status="active").exists(),
    ),
}
# Heads and admins propose; the people a version names sign it; its owners and admins activate.
AGREEMENT_ACTING = {
    "propose": dict.fromkeys(WHO, "done") | {"piotr": 403, "anna": 403, "anonymous": "sign-in"},
    "sign": dict.fromkeys(WHO, 403) | {"marta": "done", "sylwia": "done", "anonymous": "sign-in"},
    "activate": dict.fromkeys(WHO, 403)
    | {"marta": "done", "sylwia": "done", "adam": "done", "anonymous": "sign-in"},
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", list(AGREEMENT_ACTIONS))
def test_agreement_actions(client_of, people, action, who):
    path, set_up, form, happened = AGREEMENT_ACTIONS[action]
    set_up()

    response = client_of(who).post(path, form)

    expected = AGREEMENT_ACTING[action][who]
    if expected == "done":
        assert response.status_code == 302
        assert happened(), response
    elif expected == "sign-in":
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
        assert not happened()
    else:
        assert response.status_code == expected
        assert not happened()


def test_a_refused_answer_keeps_its_text_beside_its_error(client_of, people, piotrs_lead):
    accepted(piotrs_lead, people)
    request = information_request_create(
        lead_id=piotrs_lead.pk, actor=people["piotr"], question="Budżet?"
    )
    answer = "Budżet: " + "x" * 5000

    response = client_of("marta").post(
        f"/information-requests/{request.pk}/answer/", {"answer": answer}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert answer in page
    assert "5000" in page.split(f'id="request-{request.pk}"')[1].split("</li>")[0]
    request.refresh_from_db()
    assert request.answer == ""
