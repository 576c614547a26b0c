"""Feedback from sales on a lead, and marketing's answers to the information sales asks for.

The agreement's `feedback.questions` are the form: required ones must be answered, and each
answer to a question of kind `information_request` becomes an item on marketing's to-do list.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.core.exceptions import ApplicationError, Conflict, Forbidden, NotFound
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads.models import Lead, LeadEvent
from leadpact.notifications.models import Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.users.models import User

MAX_ANSWER = 5000
# A conversation has happened once sales accepted the lead; feedback stays possible after it
# is won or lost, since that is when the most is learned.
FEEDBACK_STAGES = frozenset({Lead.Stage.SAL, Lead.Stage.SQL, Lead.Stage.WON, Lead.Stage.LOST})
ANSWERING_ROLES = frozenset({User.Role.MARKETING, User.Role.ADMIN})


def lead_sales_may_act(*, actor: User, lead: Lead) -> bool:
    """Sales speaks for a lead: its owner, the manager of its team, or an administrator."""
    if actor.role == User.Role.ADMIN or (lead.owner_id is not None and lead.owner_id == actor.pk):
        return True
    return (
        actor.role == User.Role.SALES_MANAGER
        and lead.team is not None
        and lead.team.manager_id == actor.pk
    )


def _locked_lead(lead_id: int) -> Lead:
    lead = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("team")
        .filter(pk=lead_id)
        .first()
    )
    if lead is None:
        raise NotFound(f"No lead with id {lead_id}.")
    return lead


def _clean_answers(raw: dict[str, Any], questions: dict[str, Any]) -> dict[str, str]:
    errors: list[dict[str, str]] = []
    answers: dict[str, str] = {}
    refused = set()  # answered, but not usably: not "required" on top of what is wrong
    for key, value in raw.items():
        if key not in questions:
            errors.append({"field": f"answers.{key}", "message": "not a question of the agreement"})
        elif not isinstance(value, str):
            errors.append({"field": f"answers.{key}", "message": "must be text"})
            refused.add(key)
        elif len(value.strip()) > MAX_ANSWER:
            errors.append(
                {"field": f"answers.{key}", "message": f"at most {MAX_ANSWER} characters"}
            )
            refused.add(key)
        elif value.strip():
            answers[key] = value.strip()
    for key, question in questions.items():
        if question.required and key not in answers and key not in refused:
            errors.append({"field": f"answers.{key}", "message": "required by the agreement"})
    if errors:
        raise ApplicationError(
            "The feedback does not fit the agreement's questions: "
            + "; ".join(f"{e['field']} {e['message']}" for e in errors)
            + ".",
            status=422,
            code="invalid",
            extra=errors,
        )
    if not answers:
        raise ApplicationError("Answer at least one of the agreement's questions.", status=422)
    return answers


@transaction.atomic
def feedback_record(
    *, lead_id: int, actor: User, answers: dict[str, Any], interesting: bool = False
) -> Feedback:
    """Record sales' feedback on a lead; each information request in it opens a to-do item
    for marketing. Raises 403 for someone who does not speak for the lead's sales side."""
    lead = _locked_lead(lead_id)
    if not lead_sales_may_act(actor=actor, lead=lead):
        raise Forbidden("Only the lead's owner, the team's manager or an admin gives feedback.")
    if lead.stage not in FEEDBACK_STAGES:
        raise Conflict(
            f"Feedback follows a conversation: the lead is {Lead.Stage(lead.stage).label}, "
            "accept it first."
        )
    version = agreement_active()
    if version is None:
        raise Conflict("No agreement is active yet; activate one before giving feedback.")
    questions = {q.id: q for q in version_agreement(version=version).feedback.questions}
    cleaned = _clean_answers(answers, questions)
    feedback = Feedback.objects.create(
        lead=lead,
        author=actor,
        answers=cleaned,
        interesting=interesting,
        agreement_version=version,
    )
    for key, answer in cleaned.items():
        if questions[key].kind == "information_request":
            _request_open(
                lead=lead, actor=actor, question=answer, question_id=key, feedback=feedback
            )
    LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.FEEDBACK,
        actor=actor,
        agreement_version=version,
        clause_ids=[f"feedback.questions.{key}" for key in questions if key in cleaned],
        data={"answers": cleaned, "interesting": interesting, "feedback_id": feedback.pk},
    )
    lead.save(update_fields=["updated_at"])
    return feedback


def _request_open(
    *, lead: Lead, actor: User, question: str, question_id: str, feedback: Feedback | None
) -> InformationRequest:
    return InformationRequest.objects.create(
        lead=lead, feedback=feedback, asked_by=actor, question=question, question_id=question_id
    )


@transaction.atomic
def information_request_create(*, lead_id: int, actor: User, question: str) -> InformationRequest:
    """Ask marketing for information about a lead outside a feedback form."""
    lead = _locked_lead(lead_id)
    if not lead_sales_may_act(actor=actor, lead=lead):
        raise Forbidden("Only the lead's owner, the team's manager or an admin asks marketing.")
    question = question.strip()
    if not question or len(question) > MAX_ANSWER:
        raise ApplicationError(
            f"Write the question (1–{MAX_ANSWER} characters).",
            status=422,
            extra=[{"field": "question", "message": "required"}],
        )
    version = agreement_active()
    question_id = ""
    if version is not None:
        kinds = {q.id: q.kind for q in version_agreement(version=version).feedback.questions}
        question_id = next((k for k, kind in kinds.items() if kind == "information_request"), "")
    request = _request_open(
        lead=lead, actor=actor, question=question, question_id=question_id, feedback=None
    )
    LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.FEEDBACK,
        actor=actor,
        agreement_version=version,
        clause_ids=[f"feedback.questions.{question_id}"] if question_id else [],
        data={"event": "information_requested", "request_id": request.pk, "question": question},
    )
    return request


@transaction.atomic
def information_request_answer(*, request_id: int, actor: User, answer: str) -> InformationRequest:
    """Marketing answers; the rep who asked is notified."""
    if actor.role not in ANSWERING_ROLES:
        raise Forbidden("Only marketing or an admin answers information requests.")
    request = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("lead", "asked_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound(f"No information request {request_id}.")
    if request.status != InformationRequest.Status.OPEN:
        raise Conflict("This information request is already answered.")
    answer = answer.strip()
    if not answer or len(answer) > MAX_ANSWER:
        raise ApplicationError(
            f"Write the answer (1–{MAX_ANSWER} characters).",
            status=422,
            extra=[{"field": "answer", "message": "required"}],
        )
    now = timezone.now()
    request.status = InformationRequest.Status.ANSWERED
    request.answer = answer
    request.answered_by = actor
    request.answered_at = now
    request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    lead = request.lead
    LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.FEEDBACK,
        actor=actor,
        at=now,
        clause_ids=[f"feedback.questions.{request.question_id}"] if request.question_id else [],
        data={"event": "information_answered", "request_id": request.pk, "answer": answer},
    )
    notification_enqueue(
        kind=Notification.Kind.INFORMATION_ANSWERED,
        recipient=request.asked_by,
        payload={
            "lead_id": lead.pk,
            "lead": str(lead),
            "request_id": request.pk,
            "question": request.question,
            "answer": answer,
        },
        lead_id=lead.pk,
    )
    return request
