"""The `history` workload: the history generator (`leadpact generate`) writing 20,000 leads'
three months (2,000 in quick mode), beside the same leads' touches inserted raw as the anchor.

The generator goes through leadpact's own services (ingestion and judging, handoffs, the sales
team's actions, the SLA sweeps, the notifications), so its rate is what a million-lead demo
takes: leads per second of wall clock and of the process's CPU. The anchor copies the touches
it stored into the same table with one prepared multi-row insert per 5,000, in one transaction
(no leads, no judging, no events): the floor a database sets for writing that history's
biggest table.
"""

import sys
import time
from typing import Any

from django.db import transaction

from leadpact.core.bulk import insert_all
from leadpact.demo.history import history_generate
from leadpact.leads.models import LeadEvent
from leadpact.notifications.models import Notification
from leadpact.touches.models import Touch

FULL, QUICK = 20_000, 2_000
MONTHS, SEED = 3, 2026
BATCH = 5_000
COLUMNS = ("lead_id", "account_id", "type", "occurred_at", "source", "external_id", "campaign",
           "asset", "answers")  # fmt: skip


def run(*, quick: bool) -> dict[str, Any]:
    leads = QUICK if quick else FULL
    _say(f"generating {leads:,} leads over {MONTHS} months (seed {SEED})")
    last: list[float] = [0.0]

    def progress(done: float, day: str) -> None:
        if done - last[0] >= 0.1 or done == 1.0:
            last[0] = done
            _say(f"{done:4.0%}  simulated day {day}")

    cpu = time.process_time()
    summary = history_generate(leads=leads, months=MONTHS, seed=SEED, progress=progress)
    cpu = time.process_time() - cpu
    seconds = summary.seconds
    events, notifications = LeadEvent.objects.count(), Notification.objects.count()

    anchor = _anchor()
    _say(f"anchor: {summary.touches:,} touches inserted raw in {anchor:.2f} s")
    rate, cpu_rate, anchor_rate = leads / seconds, leads / cpu, leads / anchor
    return {
        "leads": leads,
        "months": MONTHS,
        "generator": {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "leads_per_second": round(rate, 1),
            "leads_per_cpu_second": round(cpu_rate, 1),
        },
        "anchor_touch_insert": {
            "seconds": round(anchor, 3),
            "leads_per_second": round(anchor_rate),
        },
        "written": {
            "touches": summary.touches,
            "handoffs": summary.handoffs,
            "sales_actions": summary.actions,
            "events": events,
            "notifications": notifications,
        },
        "table": {
            "columns": ["workload", "leads", "seconds", "leads/s", "ratio"],
            "rows": [
                [
                    "`leadpact generate`: the whole history through the services",
                    f"{leads:,}",
                    f"{seconds:.1f} (CPU {cpu:.1f})",
                    f"{rate:,.0f} (per CPU-s {cpu_rate:,.0f})",
                    f"{rate / anchor_rate:.4f}× the anchor",
                ],
                [
                    "anchor: the same leads' touches inserted raw",
                    f"{leads:,}",
                    f"{anchor:.3f}",
                    f"{anchor_rate:,.0f}",
                    "",
                ],
            ],
        },
        "notes": [
            f"{leads:,} leads over {MONTHS} months (seed {SEED}, the example agreement): "
            f"{summary.touches:,} touches, {summary.handoffs:,} handoffs, {summary.actions:,} "
            f"sales actions, {events:,} timeline events, {notifications:,} notifications; "
            f"a million leads at this rate would take {1_000_000 / rate / 60:,.0f} min; the "
            "rate holds as the history grows: a million measured on 27 Nov 2026 (2,519,057 "
            "touches, 166,436 handoffs, 463,555 sales actions) took 25.6 min, 24.6 min of CPU, "
            "678 leads per CPU-second (see the README).",
            "The anchor re-inserts the generated touches (new external ids) with one prepared "
            f"insert per {BATCH:,} rows in one transaction; they are deleted afterwards.",
        ],
    }


def _anchor() -> float:
    rows = [
        dict(zip(COLUMNS, values, strict=True)) for values in Touch.objects.values_list(*COLUMNS)
    ]
    for row in rows:
        row["external_id"] = f"anchor-{row['external_id']}"
    started = time.perf_counter()
    with transaction.atomic():
        for first in range(0, len(rows), BATCH):
            insert_all(Touch, rows[first : first + BATCH])
    seconds = time.perf_counter() - started
    Touch.objects.filter(external_id__startswith="anchor-").delete()
    return seconds


def _say(message: str) -> None:
    print(f"[history] {message}", file=sys.stderr, flush=True)
