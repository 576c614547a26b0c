"""The `sla` workload: one `sla_sweep()` over 100,000 handoffs whose accept deadline has just
passed (10,000 in quick mode), beside a single set-based UPDATE of the same rows as the anchor.

Leads and their waiting handoffs are bulk-inserted (not timed): owned by the example's reps,
under the example agreement, reminders already fired, first contact not yet due. The sweep
fires each deadline exactly once through its guarded UPDATE, writes the breach and escalation
events and the notifications to the rep and the team's manager, fifty handoffs per transaction.
The anchor marks the same rows breached with one statement, without events or notifications:
the floor a database sets for touching that many rows.
"""

import sys
import time
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.demo.staff import ROSTER, agreement_sign_and_activate, staff_ensure
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.models import Notification
from leadpact.sla.services import sla_sweep
from leadpact.users.models import User

FULL, QUICK = 100_000, 10_000
BATCH = 5_000


def run(*, quick: bool) -> dict[str, Any]:
    count = QUICK if quick else FULL
    now = timezone.now()
    staff_ensure(members=list(ROSTER), password=None)
    version = agreement_sign_and_activate(
        text=example_agreement_text("pl"),
        filename="agreement.pl.yaml",
        start=now - timedelta(days=1),
    )
    _say(f"inserting {count:,} leads with waiting handoffs due at {now:%H:%M:%S}")
    _handoffs_insert(count=count, version_id=version.pk, now=now)

    anchor = _anchor(now)
    _say(f"anchor: one UPDATE over {count:,} rows in {anchor:.2f} s; sweeping")
    events_before, notifications_before = LeadEvent.objects.count(), Notification.objects.count()
    started = time.perf_counter()
    result = sla_sweep(now=now, limit=count)
    seconds = time.perf_counter() - started
    breached = Handoff.objects.filter(accept_breached_at__isnull=False).count()
    assert result.breaches == breached == count, (result, breached)
    events = LeadEvent.objects.count() - events_before
    notifications = Notification.objects.count() - notifications_before

    rate, anchor_rate = count / seconds, count / anchor
    return {
        "handoffs": count,
        "sweep": {"seconds": round(seconds, 2), "handoffs_per_second": round(rate, 1)},
        "anchor_update": {"seconds": round(anchor, 3), "rows_per_second": round(anchor_rate)},
        "fired": {"breaches": result.breaches, "escalations": result.escalations},
        "written": {"events": events, "notifications": notifications},
        "table": {
            "columns": ["workload", "handoffs", "seconds", "handoffs/s", "ratio"],
            "rows": [
                [
                    "`sla_sweep()`: breach + escalation, events, notifications",
                    f"{count:,}",
                    f"{seconds:.2f}",
                    f"{rate:,.0f}",
                    f"{rate / anchor_rate:.4f}× the anchor",
                ],
                [
                    "anchor: one set-based UPDATE of the same rows",
                    f"{count:,}",
                    f"{anchor:.3f}",
                    f"{anchor_rate:,.0f}",
                    "",
                ],
            ],
        },
        "notes": [
            f"{count:,} waiting handoffs under the example agreement, their accept deadline "
            "passed a moment before the sweep (reminders already fired, first contact not due "
            "yet), spread over the example's six reps in three teams.",
            f"The sweep fired {result.breaches:,} breaches and {result.escalations:,} "
            f"escalations, writing {events:,} timeline events and {notifications:,} "
            "notifications (the managers' escalations by e-mail; the worker's queue is woken "
            "once, when the sweep ends). Fifty handoffs per transaction, each lead row locked first.",
            "The anchor marks the same rows breached with one UPDATE (no events, no "
            "notifications, one transaction); it is reverted before the sweep.",
        ],
    }


def _handoffs_insert(*, count: int, version_id: int, now: Any) -> None:
    reps = list(User.objects.filter(role=User.Role.SALES_REP).select_related("team").order_by("pk"))
    opened = now - timedelta(days=1, hours=1)
    due = now - timedelta(minutes=1)
    reminders = [
        (opened + timedelta(hours=4)).isoformat(),
        (opened + timedelta(hours=6)).isoformat(),
    ]
    for first in range(0, count, BATCH):
        numbers = range(first, min(count, first + BATCH))
        with transaction.atomic():
            leads = Lead.objects.bulk_create(
                Lead(
                    email=f"lead{n:06d}@sla-bench.example",
                    stage=Lead.Stage.MQL,
                    owner=reps[n % len(reps)],
                    team=reps[n % len(reps)].team,
                    stage_changed_at=opened,
                    assessed_version_id=version_id,
                )
                for n in numbers
            )
            Handoff.objects.bulk_create(
                Handoff(
                    lead=lead,
                    team=lead.team,
                    owner=lead.owner,
                    agreement_version_id=version_id,
                    opened_at=opened,
                    accept_due_at=due,
                    first_contact_due_at=now + timedelta(days=1),
                    reminder_due=reminders,
                    next_reminder=2,
                    next_reminder_at=None,
                )
                for lead in leads
            )


def _anchor(now: Any) -> float:
    table = connection.ops.quote_name(Handoff._meta.db_table)
    with connection.cursor() as cursor:
        started = time.perf_counter()
        with transaction.atomic():
            cursor.execute(
                f"UPDATE {table} SET accept_breached_at = accept_due_at, escalated_at = %s "
                "WHERE state = 'waiting' AND accept_due_at <= %s AND accept_breached_at IS NULL",
                [now, now],
            )
        seconds = time.perf_counter() - started
        with transaction.atomic():
            cursor.execute(
                f"UPDATE {table} SET accept_breached_at = NULL, escalated_at = NULL "
                "WHERE state = 'waiting'"
            )
    return seconds


def _say(message: str) -> None:
    print(f"[sla] {message}", file=sys.stderr, flush=True)
