"""A person's rights on their data: objection, erasure, and the retention sweep.

Every operation is recorded in the audit log with ids only (`leadpact.audit`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record
from leadpact.core.emails import email_normalize
from leadpact.leads.models import Lead
from leadpact.privacy.erasure import leads_anonymise
from leadpact.privacy.ledger import suppression_add
from leadpact.privacy.models import ConsentRecord, Erasure, Suppression
from leadpact.privacy.selectors import privacy_export
from leadpact.users.models import User

RETENTION_BATCH = 500


@dataclass(frozen=True)
class ErasureResult:
    lead_ids: list[int]  # the leads anonymised now (empty: none held, or erased before)
    suppressed: bool  # True when the person was added to the suppression list now


@dataclass(frozen=True)
class ObjectionResult:
    lead_id: int | None
    recorded: bool  # False when the lead had objected already
    suppressed: bool


def _lead_of(email: str) -> Lead | None:
    return Lead.objects.select_for_update().filter(email=email_normalize(email)).first()


@transaction.atomic
def lead_object(*, email: str, actor: User | None, source: str = "admin") -> ObjectionResult:
    """The person objects to processing for marketing: the objection is recorded (effective at
    once: the lead is no longer judged, scored, handed off or listed as contactable) and the
    person is suppressed, so no touch, import or API call stores them again."""
    lead = _lead_of(email)
    recorded = False
    if lead is not None:
        already = ConsentRecord.objects.filter(lead=lead, kind=ConsentRecord.Kind.OBJECTION)
        if not already.exists():
            ConsentRecord.objects.create(
                lead=lead,
                kind=ConsentRecord.Kind.OBJECTION,
                value=ConsentRecord.Value.OBJECTED,
                source=source,
                actor=actor,
            )
            recorded = True
    suppressed = suppression_add(email=email, reason=Suppression.Reason.OBJECTION)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.PRIVACY_OBJECTION,
        target_type="lead" if lead is not None else "",
        target_id=lead.pk if lead is not None else "",
        details={"source": source, "recorded": recorded, "suppressed": suppressed},
    )
    return ObjectionResult(lead.pk if lead else None, recorded, suppressed)


@transaction.atomic
def privacy_erase(
    *, email: str, actor: User | None, ip: str | None = None, now: datetime | None = None
) -> ErasureResult:
    """Anonymise everything held about the person with this e-mail, irreversibly, keeping the
    counts every report is made of; and suppress the person so they are not stored again.
    Erasing someone already erased (or never held) changes nothing but the suppression."""
    now = now or timezone.now()
    lead = _lead_of(email)
    erased: list[int] = []
    if lead is not None and not Erasure.objects.filter(lead=lead).exists():
        erased = leads_anonymise(leads=[lead], reason=Erasure.Reason.REQUEST, actor=actor, now=now)
    suppressed = suppression_add(email=email, reason=Suppression.Reason.ERASURE)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.PRIVACY_ERASE,
        target_type="lead" if lead is not None else "",
        target_id=lead.pk if lead is not None else "",
        ip=ip,
        details={"reason": "request", "erased": bool(erased), "suppressed": suppressed},
    )
    return ErasureResult(erased, suppressed)


def privacy_export_give(
    *, email: str, actor: User | None, via: str, ip: str | None = None
) -> dict[str, Any]:
    """The subject access document, recorded in the audit log as handed out."""
    document = privacy_export(email=email)
    lead = document["lead"]
    audit_record(
        actor=actor,
        action=AuditEntry.Action.PRIVACY_EXPORT,
        target_type="lead" if lead else "",
        target_id=lead["id"] if lead else "",
        ip=ip,
        details={"via": via},
    )
    return document


def retention_cutoff(*, now: datetime) -> datetime | None:
    days = settings.LEADPACT_RETENTION_DAYS
    return now - timedelta(days=days) if days > 0 else None


def retention_due(*, now: datetime) -> list[int]:
    """Leads not erased yet whose person's last own action — the later of their last touch and
    their creation — is older than the retention period."""
    cutoff = retention_cutoff(now=now)
    if cutoff is None:
        return []
    return list(
        Lead.objects.filter(erasure__isnull=True, created_at__lt=cutoff)
        .annotate(last_touch=Max("touches__occurred_at"))
        .filter(Q(last_touch__isnull=True) | Q(last_touch__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def privacy_retention_sweep(*, now: datetime | None = None) -> int:
    """Erase every lead past the retention period, in batches of one transaction each; returns
    how many. The people are not suppressed: one who comes back later starts afresh."""
    now = now or timezone.now()
    due = retention_due(now=now)
    for start in range(0, len(due), RETENTION_BATCH):
        _retention_batch(lead_ids=due[start : start + RETENTION_BATCH], now=now)
    return len(due)


@transaction.atomic
def _retention_batch(*, lead_ids: list[int], now: datetime) -> None:
    leads = list(
        Lead.objects.select_for_update(of=("self",))
        .filter(pk__in=lead_ids, erasure__isnull=True)
        .order_by("pk")
    )
    erased = leads_anonymise(leads=leads, reason=Erasure.Reason.RETENTION, actor=None, now=now)
    for lead_id in erased:
        audit_record(
            actor=None,
            action=AuditEntry.Action.PRIVACY_ERASE,
            target_type="lead",
            target_id=lead_id,
            details={"reason": "retention"},
        )
