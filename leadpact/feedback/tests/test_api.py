import pytest

from leadpact.feedback.models import InformationRequest
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.notifications.models import Notification

pytestmark = pytest.mark.django_db

ANSWERS = {"conversation": "Dobra rozmowa.", "information_needed": "Jaki mają budżet na IT?"}


def test_a_rep_posts_feedback_and_gets_the_request_it_opened(talked_to, api_for):
    response = api_for("piotr").post(
        f"/leads/{talked_to.pk}/feedback", {"answers": ANSWERS, "interesting": True}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["answers"] == ANSWERS
    assert body["interesting"] is True
    assert body["author_email"] == "piotr@firma.pl"
    assert body["agreement_version"] == 1
    [request] = body["information_requests"]
    assert request["question"] == "Jaki mają budżet na IT?"
    assert request["status"] == "open"


def test_feedback_missing_a_required_answer_is_422_and_names_the_question(talked_to, api_for):
    response = api_for("piotr").post(
        f"/leads/{talked_to.pk}/feedback", {"answers": {"information_needed": "?"}}
    )

    assert response.status_code == 422
    assert {
        "field": "answers.conversation",
        "message": "required by the agreement",
    } in response.json()["errors"]


def test_an_over_long_required_answer_is_named_once_as_too_long(talked_to, api_for):
    response = api_for("piotr").post(
        f"/leads/{talked_to.pk}/feedback", {"answers": {"conversation": "x" * 5001}}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "answers.conversation", "message": "at most 5000 characters"}
    ]


def test_feedback_needs_the_act_scope(talked_to, api_for):
    response = api_for("piotr", scopes=["leads:read"]).post(
        f"/leads/{talked_to.pk}/feedback", {"answers": ANSWERS}
    )

    assert response.status_code == 403


def test_feedback_on_another_reps_lead_is_404_and_marketing_is_403(talked_to, api_for):
    assert (
        api_for("anna").post(f"/leads/{talked_to.pk}/feedback", {"answers": ANSWERS}).status_code
        == 404
    )
    assert (
        api_for("marta").post(f"/leads/{talked_to.pk}/feedback", {"answers": ANSWERS}).status_code
        == 403
    )


def test_marketing_lists_open_requests_and_answers_one(talked_to, api_for):
    api_for("piotr").post(f"/leads/{talked_to.pk}/feedback", {"answers": ANSWERS})
    marta = api_for("marta")

    listed = marta.get("/information-requests", status="open").json()
    assert listed["count"] == 1
    [item] = listed["items"]
    answered = marta.post(
        f"/information-requests/{item['id']}/answer", {"answer": "Około 2 mln zł."}
    )

    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    assert answered.json()["answered_by_email"] == "marta@firma.pl"
    assert marta.get("/information-requests", status="open").json()["count"] == 0
    assert marta.get("/information-requests", status="answered").json()["count"] == 1
    notification = Notification.objects.select_related("recipient").get(kind="information_answered")
    assert notification.recipient is not None
    assert notification.recipient.email == "piotr@firma.pl"


def test_reps_cannot_answer_and_see_only_requests_on_their_leads(talked_to, api_for, cast, example):
    api_for("piotr").post(f"/leads/{talked_to.pk}/feedback", {"answers": ANSWERS})
    request_id = InformationRequest.objects.get().pk

    assert (
        api_for("piotr")
        .post(f"/information-requests/{request_id}/answer", {"answer": "x"})
        .status_code
        == 403
    )
    assert api_for("piotr").get("/information-requests").json()["count"] == 1
    assert api_for("anna").get("/information-requests").json()["count"] == 0
    assert (
        api_for("anna")
        .post(f"/information-requests/{request_id}/answer", {"answer": "x"})
        .status_code
        == 404
    )


def test_sales_asks_marketing_directly(talked_to, api_for):
    response = api_for("piotr").post(
        "/information-requests", {"lead_id": talked_to.pk, "question": "Czy byli na targach?"}
    )

    assert response.status_code == 201
    assert response.json()["question_id"] == "information_needed"
    assert (
        api_for("anna")
        .post("/information-requests", {"lead_id": talked_to.pk, "question": "?"})
        .status_code
        == 404
    )


def test_the_status_filter_is_validated(example, api_for):
    mql_at(at("2026-10-05 09:00"), "ewa@stal.pl")

    assert api_for("marta").get("/information-requests", status="closed").status_code == 422
