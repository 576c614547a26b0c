"""Erasing 100 of 1,000 generated leads: every period report keeps its numbers, and no table
holds the erased people's e-mails, names or phone numbers any more (issue 9, item 3)."""

import contextlib
import copy
import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from leadpact.agreements.selectors import agreement_active
from leadpact.core.models import IdempotencyKey
from leadpact.demo.history import history_generate
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads.models import Lead, LeadEvent
from leadpact.notifications.models import Channel, Delivery, Notification
from leadpact.privacy.erasure import ERASED, erased_email
from leadpact.privacy.ledger import ConsentFact, consents_record_bulk
from leadpact.privacy.schemas import ConsentIn
from leadpact.privacy.services import privacy_erase
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.models import ReportDelivery
from leadpact.reports.selectors import report_build
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk
from leadpact.users.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

END = datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("Europe/Warsaw"))
PERIODS = ["2026-09", "2026-10", "2026-11", "2026-Q3", "2026-Q4"]


def reports() -> dict[str, dict[str, Any]]:
    return {period: report_build(period=period, now=END).data for period in PERIODS}


def _texts(value: Any) -> list[str]:
    """A cell as the texts a reader could find a person in: JSON also unescaped, bytes
    decoded, and an XLSX (a zip) unpacked."""
    if value is None:
        return []
    if isinstance(value, memoryview | bytes):
        raw = bytes(value)
        if raw.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return [
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                ]
        value = raw.decode("utf-8", "replace")
    text = str(value)
    texts = [text]
    if text[:1] in '{["':
        with contextlib.suppress(ValueError):
            texts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return texts


def dump() -> str:
    """Every row of every table of every installed app, all columns, as text."""
    lines = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            columns = [field.column for field in model._meta.concrete_fields]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                lines.append(f"{table}: " + " | ".join(t for cell in row for t in _texts(cell)))
    return "\n".join(lines)


def chosen_leads() -> list[Lead]:
    """100 leads from every stage: those that figure in reports first, then inquiries."""
    worked = list(Lead.objects.exclude(stage=Lead.Stage.INQUIRY).order_by("pk")[:70])
    inquiries = list(
        Lead.objects.filter(stage=Lead.Stage.INQUIRY).order_by("pk")[: 100 - len(worked)]
    )
    return worked + inquiries


def quote_everywhere(leads: list[Lead]) -> None:
    """Put the people where the generator does not: phones, free text in touches, feedback,
    information requests, notifications and their delivery errors, a stored API answer, a
    delivered report, the admin's change log and the consent ledger."""
    admin = User.objects.filter(role=User.Role.ADMIN).first() or User.objects.first()
    version = agreement_active()
    content_type = ContentType.objects.get_for_model(Lead)
    for number, lead in enumerate(leads):
        lead.phone = f"+48 600 {lead.pk:03d} {number:03d}"
        lead.save(update_fields=["phone"])
    for number, lead in enumerate(leads[:20]):
        name = f"{lead.first_name} {lead.last_name}"
        at = END - timedelta(days=40 - number)
        Touch.objects.create(
            lead=lead,
            account=lead.account,
            type="form_answer",
            occurred_at=at,
            source="test-form",
            external_id=f"form-{lead.email}",
            campaign="contact-form",
            answers={"message": f"Proszę o telefon: {lead.phone}", "horizon": "6"},
        )
        answers = {"conversation": f"Rozmowa z {name}, {lead.phone}", "interesting_contacts": name}
        feedback = Feedback.objects.create(
            lead=lead,
            author=admin,
            answers=answers,
            interesting=True,
            created_at=at,
            agreement_version=version,
        )
        LeadEvent.objects.create(
            lead=lead,
            kind=LeadEvent.Kind.FEEDBACK,
            at=at,
            actor=admin,
            data={"answers": answers, "interesting": True, "feedback_id": feedback.pk},
        )
        InformationRequest.objects.create(
            lead=lead,
            feedback=feedback,
            asked_by=admin,
            question=f"Kim jest {name}?",
            answer=f"{name} to CTO",
            status=InformationRequest.Status.ANSWERED,
        )
        notification = Notification.objects.create(
            kind=Notification.Kind.INFORMATION_ANSWERED,
            recipient=admin,
            lead=lead,
            payload={"lead_id": lead.pk, "lead": str(lead), "answer": f"{name} to CTO"},
        )
        Delivery.objects.create(
            notification=notification,
            channel=Channel.EMAIL,
            status=Delivery.Status.FAILED,
            last_error=f"550 mailbox refused for message about {lead.email}",
        )
        IdempotencyKey.objects.create(
            scope="token:1",
            key=f"k-{lead.pk}",
            request_hash="0" * 64,
            path="/api/v1/leads",
            status_code=201,
            response_body=json.dumps(
                {
                    "outcome": "created",
                    "lead": {
                        "email": lead.email,
                        "first_name": lead.first_name,
                        "last_name": lead.last_name,
                    },
                }
            ).encode(),
        )
        LogEntry.objects.create(
            user=admin,
            content_type=content_type,
            object_id=str(lead.pk),
            object_repr=str(lead),
            action_flag=CHANGE,
            change_message=json.dumps([{"changed": {"fields": ["Phone"]}}]),
        )
        consents_record_bulk(
            facts=[ConsentFact(lead.pk, ConsentIn(email=True, legal_basis="consent", wording="Zgoda na e-mail"))],
            source="form",
        )  # fmt: skip
    report = report_build(period="2026-10", now=END).data
    ReportDelivery.objects.update_or_create(
        period="2026-10",
        defaults={"agreement_version": version, "report": report, "xlsx": report_xlsx(data=report, lang="pl")},
    )  # fmt: skip


def needles(erased: list[Lead]) -> set[str]:
    """What must not remain: e-mails, phones, and the full and last names that nobody kept
    (another lead, a user) also has: a namesake's name rightly stays."""
    kept = Lead.objects.exclude(pk__in=[lead.pk for lead in erased])
    kept_names = {f"{first} {last}" for first, last in kept.values_list("first_name", "last_name")}
    kept_names |= set(User.objects.values_list("name", flat=True))
    kept_words = {word for name in kept_names for word in name.split()}
    found = set()
    for lead in erased:
        found.update({lead.email, lead.phone})
        full = f"{lead.first_name} {lead.last_name}"
        if full not in kept_names:
            found.add(full)
        if lead.last_name not in kept_words:
            found.add(lead.last_name)
    return {n for n in found if n.strip()}


def present(text: str, words: set[str]) -> set[str]:
    return {w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)}


def expected_after(before: dict[str, Any], erased_ids: set[int]) -> dict[str, Any]:
    """The same report, with the erased contacts' e-mail and quoted answer anonymised."""
    expected = copy.deepcopy(before)
    for contact in expected["feedback"]["interesting_contacts"]:
        if contact["lead_id"] in erased_ids:
            contact["lead"] = erased_email(contact["lead_id"])
            contact["why"] = ERASED if contact["why"] else ""
    return expected


def test_erasing_100_of_1000_leads_keeps_every_report_and_leaves_no_trace() -> None:
    history_generate(leads=1000, months=2, seed=2026, end=END)
    erased = chosen_leads()
    quote_everywhere(erased)
    for lead in erased:
        lead.refresh_from_db()
    forbidden = needles(erased)
    ids = {lead.pk for lead in erased}
    before = reports()
    # The check can see what it looks for: every e-mail and phone, the names quoted in text.
    seen = present(dump(), forbidden)
    assert {lead.email for lead in erased} | {lead.phone for lead in erased} <= seen
    quoted = {f"{lead.first_name} {lead.last_name}" for lead in erased[:20]} & forbidden
    assert quoted and quoted <= seen
    assert sum(len(r["feedback"]["interesting_contacts"]) for r in before.values()) > 0

    for lead in erased:
        assert privacy_erase(email=lead.email, actor=None).lead_ids == [lead.pk]

    after = reports()
    for period in PERIODS:
        assert after[period] == expected_after(before[period], ids), period
    assert present(dump(), forbidden) == set()
    assert Lead.objects.count() == 1000
    for lead in Lead.objects.filter(pk__in=ids):
        assert (lead.email, lead.first_name, lead.last_name, lead.phone, lead.job_title) == (
            erased_email(lead.pk),
            "",
            "",
            "",
            "",
        )
    # The same people come back through a touch: refused as suppressed, nothing stored.
    comeback = TouchIn.model_validate(
        {
            "external_id": "comeback-1", "source": "webinar-tool", "type": "webinar_registration",
            "occurred_at": END, "lead": {"email": erased[0].email.upper()},
        }
    )  # fmt: skip
    assert [o.outcome for o in touches_record_bulk(items=[comeback])] == ["suppressed"]
    assert not Touch.objects.filter(external_id="comeback-1").exists()
