import pytest

from leadpact.core.exceptions import ApplicationError
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.feedback.services import (
    feedback_record,
    information_request_answer,
    information_request_create,
)
from leadpact.leads.models import LeadEvent
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.notifications.models import Notification

pytestmark = pytest.mark.django_db

ANSWERS = {
    "conversation": "Dobra rozmowa; planują migrację do chmury w 2027.",
    "interesting_contacts": "Ich CTO — sam prowadzi projekt.",
    "information_needed": "Które webinary oglądał ich zespół IT?",
}


def test_feedback_records_answers_event_and_one_request_per_information_answer(talked_to, cast):
    feedback = feedback_record(
        lead_id=talked_to.pk, actor=cast["piotr"], answers=ANSWERS, interesting=True
    )

    assert feedback.answers == ANSWERS
    assert feedback.interesting is True
    assert feedback.agreement_version is not None
    event = LeadEvent.objects.filter(lead=talked_to, kind=LeadEvent.Kind.FEEDBACK).get()
    assert event.clause_ids == [
        "feedback.questions.conversation",
        "feedback.questions.interesting_contacts",
        "feedback.questions.information_needed",
    ]
    assert event.data["answers"] == ANSWERS
    assert event.data["interesting"] is True
    request = InformationRequest.objects.get()
    assert (request.lead, request.feedback, request.asked_by) == (
        talked_to,
        feedback,
        cast["piotr"],
    )
    assert request.question == ANSWERS["information_needed"]
    assert request.question_id == "information_needed"
    assert request.status == InformationRequest.Status.OPEN


def test_feedback_without_an_information_need_opens_no_request(talked_to, cast):
    feedback_record(lead_id=talked_to.pk, actor=cast["piotr"], answers={"conversation": "Krótko."})

    assert Feedback.objects.count() == 1
    assert InformationRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"interesting_contacts": "CTO"}, "answers.conversation"),
        ({"conversation": "   "}, "answers.conversation"),
        ({"conversation": "ok", "budget": "1 mln"}, "answers.budget"),
        ({"conversation": "x" * 5001}, "answers.conversation"),
    ],
)
def test_feedback_must_fit_the_agreements_questions(talked_to, cast, answers, field):
    with pytest.raises(ApplicationError) as refused:
        feedback_record(lead_id=talked_to.pk, actor=cast["piotr"], answers=answers)

    assert refused.value.status == 422
    assert field in [error["field"] for error in refused.value.extra]
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("who", ["marta", "anna"])
def test_only_the_leads_sales_side_gives_feedback(talked_to, cast, who):
    with pytest.raises(ApplicationError) as refused:
        feedback_record(lead_id=talked_to.pk, actor=cast[who], answers=ANSWERS)

    assert refused.value.status == 403


def test_the_teams_manager_and_an_admin_may_give_feedback(talked_to, cast):
    feedback_record(lead_id=talked_to.pk, actor=cast["sylwia"], answers={"conversation": "ok"})
    feedback_record(lead_id=talked_to.pk, actor=cast["adam"], answers={"conversation": "ok"})

    assert Feedback.objects.count() == 2


def test_feedback_follows_a_conversation_not_a_waiting_lead(example, cast):
    waiting = mql_at(at("2026-10-05 09:00"), "ewa@stal.pl")

    with pytest.raises(ApplicationError) as refused:
        feedback_record(lead_id=waiting.pk, actor=cast["piotr"], answers=ANSWERS)

    assert refused.value.status == 409


def test_marketing_answers_and_the_rep_who_asked_is_notified(talked_to, cast):
    feedback_record(lead_id=talked_to.pk, actor=cast["piotr"], answers=ANSWERS)
    request = InformationRequest.objects.get()

    answered = information_request_answer(
        request_id=request.pk, actor=cast["marta"], answer="Dwa webinary o chmurze hybrydowej."
    )

    assert answered.status == InformationRequest.Status.ANSWERED
    assert (answered.answered_by, answered.answer) == (
        cast["marta"],
        "Dwa webinary o chmurze hybrydowej.",
    )
    assert answered.answered_at is not None
    notification = Notification.objects.get(kind=Notification.Kind.INFORMATION_ANSWERED)
    assert notification.recipient == cast["piotr"]
    assert notification.lead_id == talked_to.pk
    assert notification.payload["answer"] == "Dwa webinary o chmurze hybrydowej."
    event = LeadEvent.objects.filter(lead=talked_to, data__event="information_answered").get()
    assert event.clause_ids == ["feedback.questions.information_needed"]


@pytest.mark.parametrize("who", ["piotr", "sylwia"])
def test_only_marketing_or_an_admin_answers(talked_to, cast, who):
    feedback_record(lead_id=talked_to.pk, actor=cast["piotr"], answers=ANSWERS)

    with pytest.raises(ApplicationError) as refused:
        information_request_answer(
            request_id=InformationRequest.objects.get().pk, actor=cast[who], answer="?"
        )

    assert refused.value.status == 403


def test_a_request_is_answered_once(talked_to, cast):
    request = information_request_create(
        lead_id=talked_to.pk, actor=cast["piotr"], question="Budżet?"
    )
    information_request_answer(request_id=request.pk, actor=cast["adam"], answer="Nie wiemy.")

    with pytest.raises(ApplicationError) as refused:
        information_request_answer(request_id=request.pk, actor=cast["marta"], answer="Jednak…")

    assert refused.value.status == 409
    assert Notification.objects.filter(kind=Notification.Kind.INFORMATION_ANSWERED).count() == 1


def test_an_empty_answer_is_refused(talked_to, cast):
    request = information_request_create(
        lead_id=talked_to.pk, actor=cast["piotr"], question="Budżet?"
    )

    with pytest.raises(ApplicationError) as refused:
        information_request_answer(request_id=request.pk, actor=cast["marta"], answer="  ")

    assert refused.value.status == 422
