"""Objection, erasure and retention, on leads that went through leadpact's real services."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from leadpact.audit.models import AuditEntry
from leadpact.core.exceptions import Conflict
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.feedback.services import feedback_record, information_request_answer
from leadpact.leads import lifecycle
from leadpact.leads.evaluation import leads_evaluate
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.scenarios import WARM, at, mql_at, record
from leadpact.notifications.models import Notification
from leadpact.privacy.erasure import ERASED, erased_email
from leadpact.privacy.models import ConsentRecord, Erasure, Suppression
from leadpact.privacy.selectors import lead_consent, privacy_export
from leadpact.privacy.services import lead_object, privacy_erase, privacy_retention_sweep
from leadpact.privacy.tasks import privacy_retention_task
from leadpact.sla.services import sla_sweep
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk

pytestmark = pytest.mark.django_db

ANSWERS = {
    "conversation": "Jan Kowal (tel. 600 100 200) planuje migrację w 2027.",
    "interesting_contacts": "Jan Kowal — sam prowadzi projekt.",
    "information_needed": "Które webinary oglądał Jan Kowal?",
}


@pytest.fixture
def talked_to(example: Any, cast: dict[str, Any]) -> Lead:
    """Jan, handed to Piotr on Monday 5 October, accepted, called, with feedback given and
    marketing's answer to his information request."""
    lead = mql_at(at("2026-10-05 09:00"), "jan.kowal@huta.pl")
    Lead.objects.filter(pk=lead.pk).update(first_name="Jan", last_name="Kowal", phone="600100200")
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=lead.pk, actor=cast["piotr"])
        lifecycle.lead_first_contact(lead_id=lead.pk, actor=cast["piotr"])
        feedback_record(lead_id=lead.pk, actor=cast["piotr"], answers=ANSWERS, interesting=True)
        request = InformationRequest.objects.get(lead=lead)
        information_request_answer(
            request_id=request.pk, actor=cast["marta"], answer="Jan Kowal był na dwóch."
        )
    lead.refresh_from_db()
    return lead


def test_an_objection_stops_scoring_and_suppresses_the_person(example: Any, cast: Any) -> None:
    lead = record("ewa@huta.pl", "webinar_registration", occurred_at=at("2026-10-05 09:00"))

    result = lead_object(email="EWA@huta.pl", actor=cast["adam"])

    assert (result.lead_id, result.recorded, result.suppressed) == (lead.pk, True, True)
    assert lead_consent(lead_id=lead.pk).objected
    events = LeadEvent.objects.filter(lead=lead).count()
    assert leads_evaluate(lead_ids=[lead.pk]).evaluated == 0
    # Warm touches that would make anyone else an MQL are refused, and nothing changes.
    with time_machine.travel(at("2026-10-06 09:00"), tick=False):
        outcomes = touches_record_bulk(
            items=[
                TouchIn.model_validate(
                    {
                        "external_id": f"again-{kind}", "source": "webinar-tool", "type": kind,
                        "occurred_at": at("2026-10-06 08:00"), "lead": {"email": lead.email},
                    }
                )
                for kind in WARM
            ]
        )  # fmt: skip
    assert {o.outcome for o in outcomes} == {"suppressed"}
    lead.refresh_from_db()
    assert lead.stage == Lead.Stage.INQUIRY
    assert LeadEvent.objects.filter(lead=lead).count() == events
    again = lead_object(email=lead.email, actor=cast["adam"])
    assert (again.recorded, again.suppressed) == (False, False)
    audited = AuditEntry.objects.filter(action=AuditEntry.Action.PRIVACY_OBJECTION)
    assert [(e.actor, e.target_id, e.details["recorded"]) for e in audited.order_by("id")] == [
        (cast["adam"], str(lead.pk), True),
        (cast["adam"], str(lead.pk), False),
    ]
    assert ConsentRecord.objects.filter(kind="objection").count() == 1


@pytest.mark.parametrize("restrict", ["objection", "erasure"])
def test_sales_is_no_longer_told_or_allowed_to_contact_a_person_who_objected_or_was_erased(
    example: Any, cast: Any, restrict: str
) -> None:
    lead = mql_at(at("2026-10-05 09:00"), "ola@huta.pl")
    handoff = Handoff.objects.get(lead=lead)
    rep = handoff.owner
    assert handoff.state == Handoff.State.WAITING and rep is not None
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        if restrict == "objection":
            lead_object(email=lead.email, actor=cast["adam"])
        else:
            privacy_erase(email=lead.email, actor=cast["adam"])
    notices = Notification.objects.filter(lead=lead).count()

    # Every deadline of the handoff has passed: nothing fires, nobody is told to call.
    assert sla_sweep(now=at("2026-10-20 12:00")).fired == []
    assert Notification.objects.filter(lead=lead).count() == notices
    handoff.refresh_from_db()
    assert (handoff.accept_breached_at, handoff.reassigned_at) == (None, None)
    with pytest.raises(Conflict, match="no longer contact"):
        lifecycle.handoff_accept(lead_id=lead.pk, actor=rep)
    # Clearing the lead from the queue stays possible.
    lifecycle.handoff_reject(lead_id=lead.pk, actor=rep, reason="no_budget", note="sprzeciw")
    assert Handoff.objects.get(lead=lead).state == Handoff.State.REJECTED


def test_erasure_anonymises_every_trace_and_keeps_the_counts(talked_to: Lead, cast: Any) -> None:
    lead = talked_to
    touches = Touch.objects.filter(lead=lead).count()
    events = list(LeadEvent.objects.filter(lead=lead).values_list("kind", "at", "clause_ids"))
    assert Notification.objects.filter(lead=lead).exists()

    result = privacy_erase(email="Jan.Kowal@huta.pl", actor=cast["adam"], ip="10.0.0.7")

    assert result.lead_ids == [lead.pk] and result.suppressed
    lead.refresh_from_db()
    assert (lead.email, lead.first_name, lead.last_name, lead.phone, lead.job_title) == (
        erased_email(lead.pk),
        "",
        "",
        "",
        "",
    )
    assert (lead.stage, lead.owner, lead.icp_grade) == ("sal", cast["piotr"], "A")
    assert all(reason["text"] == ERASED and not reason["facts"] for reason in lead.why)
    assert Touch.objects.filter(lead=lead).count() == touches
    assert (
        list(LeadEvent.objects.filter(lead=lead).values_list("kind", "at", "clause_ids")) == events
    )
    feedback = Feedback.objects.get(lead=lead)
    assert feedback.answers == {key: ERASED for key in ANSWERS} and feedback.interesting
    event = LeadEvent.objects.get(lead=lead, kind="feedback", data__has_key="answers")
    assert event.data["answers"] == {key: ERASED for key in ANSWERS}
    request = InformationRequest.objects.get(lead=lead)
    assert (request.question, request.answer) == (ERASED, ERASED)
    for notification in Notification.objects.filter(lead=lead):
        assert "Kowal" not in str(notification.payload), notification.payload
        assert notification.payload["lead_id"] == lead.pk
    assert Erasure.objects.get(lead=lead).actor == cast["adam"]
    entry = AuditEntry.objects.get(action="privacy_erase")
    assert (entry.actor, entry.target_id, entry.ip) == (cast["adam"], str(lead.pk), "10.0.0.7")
    assert "kowal" not in str(entry.details).lower()


def test_erasing_twice_or_someone_never_held_changes_nothing_more(talked_to: Lead) -> None:
    privacy_erase(email=talked_to.email, actor=None)
    again = privacy_erase(email=talked_to.email, actor=None)
    stranger = privacy_erase(email="nikt@nigdzie.pl", actor=None)

    assert (again.lead_ids, again.suppressed) == ([], False)
    assert (stranger.lead_ids, stranger.suppressed) == ([], True)
    assert Erasure.objects.count() == 1 and Suppression.objects.count() == 2


def test_the_export_holds_everything_about_the_person(talked_to: Lead, cast: Any) -> None:
    ConsentRecord.objects.create(lead=talked_to, kind="email", value="granted", source="form")

    document = privacy_export(email="JAN.KOWAL@huta.pl")

    assert document["format"] == "leadpact-subject-access/1"
    assert document["lead"]["email"] == "jan.kowal@huta.pl"
    assert document["lead"]["first_name"] == "Jan"
    assert document["account"]["domain"] == "huta.pl"
    assert {t["type"] for t in document["touches"]} == set(WARM)
    assert {"created", "stage", "feedback"} <= {e["kind"] for e in document["events"]}
    assert document["feedback"][0]["answers"] == ANSWERS
    assert document["information_requests"][0]["answer"] == "Jan Kowal był na dwóch."
    assert document["consents"] == [
        {
            "kind": "email", "value": "granted", "source": "form", "wording": "",
            "form_id": "", "actor": None, "at": document["consents"][0]["at"],
        }
    ]  # fmt: skip
    assert document["consent"]["email"] == "granted"
    kinds = {n["kind"] for n in document["notifications"]}
    assert {"lead_assigned", "information_answered"} <= kinds
    assert document["handoffs"][0]["state"] == "accepted"
    assert (document["suppressed"], document["erased"]) == (False, False)


def test_after_erasure_the_export_holds_nothing_but_the_suppression(talked_to: Lead) -> None:
    privacy_erase(email=talked_to.email, actor=None)

    document = privacy_export(email=talked_to.email)

    assert document["lead"] is None and document["touches"] == []
    assert document["suppressed"] is True


def test_retention_erases_leads_inactive_past_the_period_once(example: Any, settings: Any) -> None:
    settings.LEADPACT_RETENTION_DAYS = 365
    with time_machine.travel(at("2026-10-05 09:00"), tick=False):
        quiet = record("cichy@huta.pl", "webinar_registration", occurred_at=at("2026-10-05 08:00"))
        busy = record("aktywny@huta.pl", "webinar_registration", occurred_at=at("2026-10-05 08:00"))
    with time_machine.travel(at("2027-06-01 09:00"), tick=False):
        record("aktywny@huta.pl", "ebook_download", occurred_at=at("2027-06-01 08:00"))

    assert privacy_retention_sweep(now=at("2027-10-04 09:00")) == 0
    assert privacy_retention_sweep(now=at("2027-10-06 09:00")) == 1

    quiet.refresh_from_db()
    assert quiet.email == erased_email(quiet.pk)
    assert Erasure.objects.get().reason == "retention"
    # Not suppressed: a person who comes back after the retention period starts afresh.
    assert not Suppression.objects.exists()
    snapshot = list(Lead.objects.order_by("pk").values())
    assert privacy_retention_sweep(now=at("2027-10-06 09:00") + timedelta(hours=1)) == 0
    assert list(Lead.objects.order_by("pk").values()) == snapshot
    assert Lead.objects.get(pk=busy.pk).email == "aktywny@huta.pl"
    assert AuditEntry.objects.filter(action="privacy_erase").count() == 1


def test_retention_zero_turns_the_sweep_off(example: Any, settings: Any) -> None:
    settings.LEADPACT_RETENTION_DAYS = 0
    record("cichy@huta.pl", "webinar_registration", occurred_at=at("2020-10-05 08:00"))

    assert privacy_retention_sweep(now=at("2030-01-01 09:00")) == 0


def test_the_worker_runs_the_sweep_once_a_day(example: Any, settings: Any) -> None:
    settings.LEADPACT_RETENTION_DAYS = 30
    with time_machine.travel(at("2026-10-05 09:00"), tick=False):
        record("cichy@huta.pl", "webinar_registration", occurred_at=at("2026-10-05 08:00"))
    runs = [at(f"2026-11-{day:02d} {hour:02d}:{minute:02d}") for day in (10, 11) for hour in range(24) for minute in (0, 17, 30)]  # fmt: skip

    due = [
        moment for moment in runs if privacy_retention_task.task_class().validate_datetime(moment)
    ]

    assert len(due) == 2  # one a day
    with time_machine.travel(due[0], tick=False):
        assert privacy_retention_task.call_local() == 1
        assert privacy_retention_task.call_local() == 0
