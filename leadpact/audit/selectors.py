from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from leadpact.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """What an administrator narrows the log to; empty fields do not filter."""

    action: str = ""
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None
    target_type: str = ""
    target_id: str = ""


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entry_list(*, filters: AuditFilter | None = None) -> QuerySet[AuditEntry]:
    """Entries newest first. `since` and `until` are whole days in the current time zone,
    both included."""
    filters = filters or AuditFilter()
    entries = AuditEntry.objects.all()
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor_id is not None:
        entries = entries.filter(actor_id=filters.actor_id)
    if filters.since is not None:
        entries = entries.filter(at__gte=_start_of(filters.since))
    if filters.until is not None:
        entries = entries.filter(at__lt=_start_of(filters.until + timedelta(days=1)))
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.target_id:
        entries = entries.filter(target_id=filters.target_id)
    return entries.order_by("-at", "-id")
