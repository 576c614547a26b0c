"""Anonymising leads irreversibly in every table that holds something of them.

What stays: ids, stages, times, temperatures, grades, personas, owners, amounts and the
presence of every answer (an answer's text becomes `[erased]`, never empty), so every report
counts what it counted before. What goes: e-mail, names, phone, job title, attributes, free
text, the texts that quote the person (notification payloads, delivery errors, stored API
answers, the admin's change log).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from leadpact.agreements.selectors import version_agreement
from leadpact.core.models import IdempotencyKey
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.models import Delivery, Notification
from leadpact.privacy.ledger import ERASED_DOMAIN
from leadpact.privacy.models import Erasure
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.models import ReportDelivery
from leadpact.touches.models import Touch
from leadpact.users.models import User

ERASED = "[erased]"
# Keys whose values are someone's free text about the person, wherever they appear in JSON.
FREE_TEXT_KEYS = frozenset({"answer", "answers", "note", "question", "lead", "why", "text"})


def erased_email(lead_id: int) -> str:
    return f"erased-{lead_id}@{ERASED_DOMAIN}"


@dataclass(frozen=True)
class Person:
    """What identifies one lead's person in text: looked for in free-form JSON and logs."""

    lead_id: int
    email: str
    needles: tuple[str, ...]

    @classmethod
    def of(cls, lead: Lead) -> "Person":
        full = f"{lead.first_name} {lead.last_name}".strip()
        needles = [lead.email]
        if lead.first_name and lead.last_name:
            needles.append(full)
        if len(re.sub(r"\D", "", lead.phone)) >= 6:
            needles.append(lead.phone.strip())
        return cls(lead.pk, lead.email, tuple(n.lower() for n in needles if n.strip()))


def _mentions(text: str, people: Iterable[Person]) -> bool:
    lowered = text.lower()
    return any(needle in lowered for person in people for needle in person.needles)


def scrub(value: Any, *, people: Iterable[Person], free_text: bool = False) -> Any:
    """`value` with every free-text string (under a FREE_TEXT_KEYS key) and every string that
    mentions one of `people` replaced by `[erased]`; keys, numbers and booleans kept."""
    people = tuple(people)
    if isinstance(value, dict):
        return {
            key: scrub(item, people=people, free_text=free_text or key in FREE_TEXT_KEYS)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, people=people, free_text=free_text) for item in value]
    if isinstance(value, str) and value and (free_text or _mentions(value, people)):
        return ERASED
    return value


def _blank_texts(values: dict[str, Any]) -> dict[str, Any]:
    """Every non-empty text replaced, the keys kept: an answer stays counted as given."""
    return {
        key: ERASED if isinstance(value, str) and value else value for key, value in values.items()
    }


def leads_anonymise(
    *, leads: list[Lead], reason: str, actor: User | None, now: datetime
) -> list[int]:
    """Anonymise `leads` (locked by the caller, none erased yet); returns their ids."""
    if not leads:
        return []
    people = [Person.of(lead) for lead in leads]
    ids = [lead.pk for lead in leads]
    _leads(leads, now)
    _touches(ids)
    _feedback(ids, people)
    _events(ids, people)
    _notifications(ids, people)
    _reports(ids)
    _stored_answers(people)
    _admin_log(ids, people)
    Erasure.objects.bulk_create(
        Erasure(lead_id=lead_id, reason=reason, actor=actor, at=now) for lead_id in ids
    )
    return ids


def _leads(leads: list[Lead], now: datetime) -> None:
    for lead in leads:
        lead.email = erased_email(lead.pk)
        lead.first_name = lead.last_name = lead.job_title = lead.phone = ""
        lead.attributes = {}
        lead.why = [{"clause": r.get("clause", ""), "text": ERASED, "facts": {}} for r in lead.why]
        if lead.lost_reason:
            lead.lost_reason = ERASED
        # A newer `updated_at` tells API clients syncing by `updated_since` to erase their copy.
        lead.updated_at = now
    Lead.objects.bulk_update(
        leads,
        ["email", "first_name", "last_name", "job_title", "phone", "attributes", "why",
         "lost_reason", "updated_at"],
    )  # fmt: skip


def _touches(ids: list[int]) -> None:
    touches = list(Touch.objects.filter(lead_id__in=ids))
    for touch in touches:
        touch.answers = _blank_texts(touch.answers)
        # An external id can embed the person (a form tool's submission key, an e-mail).
        touch.external_id = f"erased-{touch.pk}"
    Touch.objects.bulk_update(touches, ["answers", "external_id"], batch_size=500)


def _feedback(ids: list[int], people: list[Person]) -> None:
    feedback = list(Feedback.objects.filter(lead_id__in=ids))
    for item in feedback:
        item.answers = _blank_texts(item.answers)
    Feedback.objects.bulk_update(feedback, ["answers"], batch_size=500)
    requests = list(InformationRequest.objects.filter(lead_id__in=ids))
    for request in requests:
        request.question = ERASED
        request.answer = ERASED if request.answer else ""
    InformationRequest.objects.bulk_update(requests, ["question", "answer"], batch_size=500)
    Handoff.objects.filter(lead_id__in=ids).exclude(rejection_note="").update(rejection_note=ERASED)


def _events(ids: list[int], people: list[Person]) -> None:
    events = list(LeadEvent.objects.filter(lead_id__in=ids).exclude(data={}))
    changed = []
    for event in events:
        data = scrub(event.data, people=people)
        if data != event.data:
            event.data = data
            changed.append(event)
    LeadEvent.objects.bulk_update(changed, ["data"], batch_size=500)


def _mentioning(queryset: Any, field: str, people: list[Person]) -> Any:
    text = Cast(field, TextField())
    mentions = Q()
    for person in people:
        mentions |= Q(**{f"{field}_text__icontains": person.email})
    return queryset.alias(**{f"{field}_text": text}).filter(mentions)


def _notifications(ids: list[int], people: list[Person]) -> None:
    linked = Notification.objects.filter(lead_id__in=ids)
    quoting = _mentioning(Notification.objects.exclude(lead_id__in=ids), "payload", people)
    notifications = [*linked, *quoting]
    for notification in notifications:
        notification.payload = scrub(notification.payload, people=people)
    Notification.objects.bulk_update(notifications, ["payload"], batch_size=500)
    # A delivery's error can quote the receiver's answer, and that the payload it was sent.
    Delivery.objects.filter(notification__in=[n.pk for n in notifications]).exclude(
        last_error=""
    ).update(last_error=ERASED)


def _reports(ids: list[int]) -> None:
    """A delivered report quotes its interesting contacts; the figures stay as delivered."""
    wanted = set(ids)
    for delivery in ReportDelivery.objects.select_related("agreement_version"):
        contacts = delivery.report.get("feedback", {}).get("interesting_contacts", [])
        touched = False
        for contact in contacts:
            if contact.get("lead_id") in wanted:
                contact["lead"] = erased_email(contact["lead_id"])
                contact["why"] = ERASED if contact.get("why") else ""
                touched = True
        if touched:
            lang = version_agreement(version=delivery.agreement_version).language
            delivery.xlsx = report_xlsx(data=delivery.report, lang=lang)
            delivery.save(update_fields=["report", "xlsx"])


def _stored_answers(people: list[Person]) -> None:
    """An `Idempotency-Key` keeps the API's first answer, which may show the lead: forgotten,
    so a replay is answered afresh (and a suppressed person is then not stored again)."""
    emails = [person.email.encode() for person in people]
    doomed = [
        pk
        # A touch batch's answer holds ids and outcomes only: no need to read those.
        for pk, body in IdempotencyKey.objects.exclude(response_body=None)
        .exclude(path__endswith="/touches")
        .values_list("pk", "response_body")
        if any(email in bytes(body or b"") for email in emails)
    ]
    IdempotencyKey.objects.filter(pk__in=doomed).delete()


def _admin_log(ids: list[int], people: list[Person]) -> None:
    content_type = ContentType.objects.get_for_model(Lead)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(i) for i in ids]
    )
    for entry in entries:
        entry.object_repr = ERASED
        entry.change_message = scrub(entry.change_message, people=people)
        entry.save(update_fields=["object_repr", "change_message"])
