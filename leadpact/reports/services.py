"""Sending the report on the agreed cadence (article, part 4: monthly or quarterly).

On the first working day after a period closes (the agreement's calendar: Monday 2 November
for October 2026 in Poland), the report of that period is generated and each recipient named
in `reporting.recipients` gets a `report_ready` notification (in-app, e-mail) through the
outbox. The payload carries `report_id`, the `ReportDelivery` whose `xlsx` the e-mail channel
attaches.
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.notifications.models import Notification
from leadpact.notifications.services import notification_enqueue
from leadpact.reports.context import report_context
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.models import ReportDelivery
from leadpact.reports.periods import PeriodKind, period_containing, period_delivery_due_at
from leadpact.reports.selectors import report_build
from leadpact.sla.clock import calendar_from_agreement
from leadpact.users.models import User

logger = logging.getLogger(__name__)


def _summary(data: dict[str, object]) -> dict[str, object]:
    keys = ("mql", "handed_off", "hot", "nurture", "in_progress", "won")
    sla = data["sla"]
    return {
        **{key: data[key] for key in keys},
        "sla_in_time_share": sla["in_time_share"] if isinstance(sla, dict) else None,
    }


def report_deliver_due(*, now: datetime | None = None) -> ReportDelivery | None:
    """Deliver the last closed period's report if it is due and was not delivered yet.

    Safe to call any number of times, from several workers, before and after a restart: the
    unique period of `ReportDelivery` lets exactly one insert (and its notifications) commit.
    A worker that was down delivers late, once; a period before the first agreement is skipped.
    """
    now = now or timezone.now()
    version = agreement_active(at=now)
    if version is None:
        return None
    agreement = version_agreement(version=version)
    kind: PeriodKind = "month" if agreement.reporting.cadence == "monthly" else "quarter"
    period = period_containing(at=now, kind=kind, time_zone=agreement.calendar.time_zone).previous()
    calendar = calendar_from_agreement(agreement.calendar)
    if now < period_delivery_due_at(period=period, calendar=calendar):
        return None
    if ReportDelivery.objects.filter(period=period.label).exists():
        return None
    if not report_context(period=period.label, now=now).versions:
        return None  # a period before the first agreement: nothing was agreed to report on
    report = report_build(period=period.label, now=now)
    lang = agreement.language
    workbook = report_xlsx(data=report.data, lang=lang)
    emails = list(dict.fromkeys(agreement.reporting.recipients))
    users = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
    for email in sorted(set(emails) - set(users)):
        logger.warning("report %s: no active user with the e-mail %s", period.label, email)
    try:
        with transaction.atomic():
            delivery = ReportDelivery.objects.create(
                period=period.label,
                agreement_version=version,
                created_at=now,
                report=report.data,
                xlsx=workbook,
                recipients=[
                    {"email": e, "user_id": getattr(users.get(e), "pk", None)} for e in emails
                ],
            )
            payload = {
                "period": period.label,
                "report_id": delivery.pk,
                "filename": delivery.filename,
                "summary": _summary(report.data),
            }
            for email in emails:
                if email in users:
                    notification_enqueue(
                        kind=Notification.Kind.REPORT_READY, recipient=users[email], payload=payload
                    )
    except IntegrityError:
        return None  # another worker delivered this period first
    return delivery
