"""Reading what is held about a person: the current consent state and the subject access
export (everything, as one JSON-ready document)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from leadpact.core.emails import email_normalize
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.models import Notification
from leadpact.privacy.ledger import consent_current, suppressed_emails
from leadpact.privacy.models import ConsentRecord, Erasure
from leadpact.touches.models import Touch

Kind = ConsentRecord.Kind
EXPORT_FORMAT = "leadpact-subject-access/1"


@dataclass(frozen=True)
class LeadConsent:
    """A lead's consent state now. `None`: nothing recorded (no consent for that channel)."""

    legal_basis: str | None
    email: str | None  # "granted" | "withdrawn" | None
    phone: str | None
    objected: bool

    def allows(self, channel: str) -> bool:
        """May the lead be contacted for marketing on `channel` now?"""
        given = self.email if channel == Kind.EMAIL else self.phone
        return given == ConsentRecord.Value.GRANTED and not self.objected


def lead_consent(*, lead_id: int) -> LeadConsent:
    state = consent_current([lead_id]).get(lead_id, {})
    return LeadConsent(
        legal_basis=state.get(Kind.LEGAL_BASIS),
        email=state.get(Kind.EMAIL),
        phone=state.get(Kind.PHONE),
        objected=Kind.OBJECTION in state,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _lead(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.pk,
        "email": lead.email,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "job_title": lead.job_title,
        "phone": lead.phone,
        "attributes": lead.attributes,
        "stage": lead.stage,
        "icp_grade": lead.icp_grade,
        "persona": lead.persona,
        "marketing_temperature": lead.marketing_temperature,
        "sales_temperature": lead.sales_temperature,
        "owner": lead.owner.email if lead.owner else None,
        "team": lead.team.slug if lead.team else None,
        "product_potential": lead.product_potential,
        "horizon_months": lead.horizon_months,
        "meeting_at": _iso(lead.meeting_at),
        "closed_revenue": str(lead.closed_revenue) if lead.closed_revenue is not None else None,
        "closed_currency": lead.closed_currency,
        "lost_reason": lead.lost_reason,
        "why": lead.why,
        "created_at": _iso(lead.created_at),
        "updated_at": _iso(lead.updated_at),
    }


def _account(lead: Lead) -> dict[str, Any] | None:
    account = lead.account
    if account is None:
        return None
    return {"id": account.pk, "domain": account.domain, "name": account.name}


def _rows(lead: Lead) -> dict[str, list[dict[str, Any]]]:
    touches = Touch.objects.filter(lead=lead).order_by("occurred_at", "id")
    events = LeadEvent.objects.filter(lead=lead).select_related("actor").order_by("at", "id")
    handoffs = Handoff.objects.filter(lead=lead).select_related("owner").order_by("opened_at")
    feedback = Feedback.objects.filter(lead=lead).select_related("author").order_by("created_at")
    requests = InformationRequest.objects.filter(lead=lead).order_by("created_at", "id")
    consents = ConsentRecord.objects.filter(lead=lead).select_related("actor")
    mentioning = Q(lead=lead) | Q(payload_text__icontains=lead.email)
    notifications = (
        Notification.objects.alias(payload_text=Cast("payload", TextField()))
        .filter(mentioning)
        .prefetch_related("deliveries")
        .order_by("created_at", "id")
    )
    return {
        "touches": [
            {
                "id": t.pk, "type": t.type, "occurred_at": _iso(t.occurred_at),
                "source": t.source, "external_id": t.external_id, "campaign": t.campaign,
                "asset": t.asset, "answers": t.answers, "recorded_at": _iso(t.recorded_at),
            }
            for t in touches
        ],
        "events": [
            {
                "kind": e.kind, "at": _iso(e.at), "actor": e.actor.email if e.actor else None,
                "data": e.data, "clause_ids": e.clause_ids,
            }
            for e in events
        ],
        "handoffs": [
            {
                "id": h.pk, "state": h.state, "owner": h.owner.email if h.owner else None,
                "opened_at": _iso(h.opened_at), "accepted_at": _iso(h.accepted_at),
                "rejected_at": _iso(h.rejected_at), "rejection_reason": h.rejection_reason,
                "rejection_note": h.rejection_note, "closed_at": _iso(h.closed_at),
            }
            for h in handoffs
        ],
        "feedback": [
            {
                "at": _iso(f.created_at), "author": f.author.email if f.author else None,
                "answers": f.answers, "interesting": f.interesting,
            }
            for f in feedback
        ],
        "information_requests": [
            {
                "question": r.question, "status": r.status, "answer": r.answer,
                "created_at": _iso(r.created_at), "answered_at": _iso(r.answered_at),
            }
            for r in requests
        ],
        "consents": [
            {
                "kind": c.kind, "value": c.value, "source": c.source, "wording": c.wording,
                "form_id": c.form_id, "actor": c.actor.email if c.actor else None,
                "at": _iso(c.at),
            }
            for c in consents
        ],
        "notifications": [
            {
                "kind": n.kind, "created_at": _iso(n.created_at), "payload": n.payload,
                "deliveries": [
                    {"channel": d.channel, "status": d.status, "sent_at": _iso(d.sent_at)}
                    for d in n.deliveries.all()
                ],
            }
            for n in notifications
        ],
    }  # fmt: skip


def privacy_export(*, email: str, now: datetime | None = None) -> dict[str, Any]:
    """Everything held about the person with this e-mail, as one JSON-ready document (the
    answer to a subject access request). A person not held gives `lead: null`."""
    normalised = email_normalize(email)
    lead = Lead.objects.select_related("account", "owner", "team").filter(email=normalised).first()
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "generated_at": (now or timezone.now()).isoformat(),
        "email": normalised,
        "suppressed": bool(suppressed_emails([normalised])),
        "lead": _lead(lead) if lead else None,
        "account": _account(lead) if lead else None,
        "consent": lead_consent(lead_id=lead.pk).__dict__ if lead else None,
    }
    empty: dict[str, list[dict[str, Any]]] = {
        key: []
        for key in ("touches", "events", "handoffs", "feedback", "information_requests",
                    "consents", "notifications")
    }  # fmt: skip
    document.update(_rows(lead) if lead else empty)
    document["erased"] = bool(lead and Erasure.objects.filter(lead=lead).exists())
    return document
