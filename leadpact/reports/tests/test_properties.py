"""Properties of the report on generated histories: a few dozen leads with random but valid
journeys through the real lifecycle (touches → MQL → accept / reject → contact → qualify →
close), with the SLA sweep running between the actions, replayed in time order."""

import contextlib
import random
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.core.exceptions import Conflict
from leadpact.leads.lifecycle import (
    handoff_accept,
    handoff_reject,
    lead_close,
    lead_first_contact,
    lead_qualify,
)
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.scenarios import at, icp_account, mql_at
from leadpact.reports.selectors import report_build
from leadpact.sla.services import sla_sweep

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

START = at("2026-10-01 10:00")
REASONS = ("timing", "no_budget", "wrong_person", "competitor", "duplicate")


def _account(rng: random.Random, domain: str) -> dict[str, Any]:
    """Grade A, or B without the revenue criterion, or C as a small company."""
    grade = rng.choice("AAB C")
    if grade == "B":
        return icp_account(domain, annual_revenue=None)
    if grade in " C":
        return icp_account(domain, employees=120, annual_revenue=None)
    return icp_account(domain)


def _plan(rng: random.Random, leads: int) -> list[tuple[datetime, int, str]]:
    """(when, lead number, action) for every lead's journey, all leads interleaved."""
    steps = []
    for number in range(leads):
        when = START + timedelta(minutes=rng.randrange(0, 60 * 24 * 55))
        steps.append((when, number, "mql"))
        fate = rng.choice(["wait", "reject", "accept", "accept", "accept"])
        if fate == "wait":
            continue
        when += timedelta(minutes=rng.randrange(30, 60 * 24 * 4))
        if fate == "reject":
            steps.append((when, number, "reject"))
            continue
        steps.append((when, number, "accept"))
        for action in ("contact", "qualify", "close"):
            if rng.random() < 0.25:
                break
            when += timedelta(minutes=rng.randrange(30, 60 * 24 * 10))
            steps.append((when, number, action))
    return sorted(steps)


def _act(rng: random.Random, lead: Lead, action: str) -> None:
    owner = lead.owner
    if owner is None and action != "mql":
        return
    assert owner is not None
    if action == "accept":
        handoff_accept(lead_id=lead.pk, actor=owner)
    elif action == "reject":
        handoff_reject(lead_id=lead.pk, actor=owner, reason=rng.choice(REASONS))
    elif action == "contact":
        lead_first_contact(lead_id=lead.pk, actor=owner)
    elif action == "qualify":
        horizon = rng.choice([3, 5, 9, 18])
        lead_qualify(lead_id=lead.pk, actor=owner, product_potential=rng.random() < 0.85,
                     horizon_months=horizon, meeting_at=timezone.now() + timedelta(days=3))  # fmt: skip
    elif action == "close":
        won = rng.random() < 0.6
        revenue = Decimal(rng.randrange(10, 500) * 1000) if won else None
        lead_close(
            lead_id=lead.pk, actor=owner, won=won, revenue=revenue, reason="" if won else "price"
        )


def history_generate(seed: int, leads: int = 30) -> None:
    rng = random.Random(seed)
    emails = [f"osoba{n}.{seed}@firma{n}.pl" for n in range(leads)]
    for when, number, action in _plan(rng, leads):
        with time_machine.travel(when, tick=False):
            sla_sweep(now=when)
            if action == "mql":
                email = emails[number]
                mql_at(when, email, account=_account(rng, email.split("@")[1]))
                continue
            lead = Lead.objects.get(email=emails[number])
            # A journey may meet a guard: a lead already sent to nurture cannot be closed.
            with contextlib.suppress(Conflict):
                _act(rng, lead, action)


def _naive_handed_off(start: datetime, end: datetime) -> Counter[str]:
    """The handoff states at the end of the period, the slow way: one handoff at a time."""
    states: Counter[str] = Counter()
    for handoff in Handoff.objects.filter(opened_at__gte=start, opened_at__lt=end):
        states["total"] += 1
        if handoff.rejected_at is not None and handoff.rejected_at < end:
            states["rejected"] += 1
        elif handoff.accepted_at is not None and handoff.accepted_at < end:
            states["accepted"] += 1
        else:
            states["waiting"] += 1
    return states


def _naive_mqls(start: datetime, end: datetime) -> int:
    return len(
        {
            event.lead_id
            for event in LeadEvent.objects.filter(kind="stage", at__gte=start, at__lt=end)
            if event.data.get("to") == "mql"
        }
    )


def _naive_in_progress_sql(end: datetime) -> int:
    """Handoffs open at `end` whose lead reached SQL after acceptance, read off the timeline."""
    count = 0
    for handoff in Handoff.objects.filter(accepted_at__lt=end):
        if any(t is not None and t < end for t in (handoff.rejected_at, handoff.closed_at)):
            continue
        stages = LeadEvent.objects.filter(
            lead_id=handoff.lead_id, kind="stage", at__gte=handoff.accepted_at, at__lt=end
        )
        count += any(event.data.get("to") == "sql" for event in stages)
    return count


@pytest.mark.parametrize("seed", [7, 2026])
def test_generated_histories_keep_the_reports_invariants(
    example: AgreementVersion, cast: Any, seed: int
) -> None:
    history_generate(seed)
    with time_machine.travel(at("2027-01-10 12:00"), tick=False):
        reports = {
            p: report_build(period=p).data for p in ("2026-10", "2026-11", "2026-12", "2026-Q4")
        }

    assert Handoff.objects.exists()
    for period, data in reports.items():
        handed = data["handed_off"]
        assert handed["total"] == handed["accepted"] + handed["rejected"] + handed["waiting"], (
            period
        )
        assert data["mql"]["total"] == data["mql"]["icp"] + data["mql"]["non_icp"], period
        assert (
            data["in_progress"]["total"] == data["in_progress"]["sal"] + data["in_progress"]["sql"]
        )
        funnel = data["funnel"]
        assert funnel["mql"] >= funnel["sal"] >= funnel["sql"] >= funnel["won"], period
        assert funnel["mql"] == data["mql"]["total"], period
        # The report is the sum of its per-rep parts.
        for key in ("total", "accepted", "rejected", "waiting"):
            assert sum(r["handed_off"][key] for r in data["per_rep"].values()) == handed[key]
        assert sum(r["won"]["count"] for r in data["per_rep"].values()) == data["won"]["count"]
        assert sum(r["won"]["revenue"] for r in data["per_rep"].values()) == pytest.approx(
            data["won"]["revenue"]
        )
        for key in ("due", "in_time", "contact_due", "breaches", "contact_breaches", "escalations"):
            assert sum(r[key] for r in data["sla"]["per_rep"].values()) == data["sla"][key], key
        assert data["sla"]["in_time"] <= data["sla"]["due"]

    # The slow way agrees with the aggregates.
    for period in ("2026-10", "2026-11", "2026-12"):
        data = reports[period]
        start, end = (
            datetime.fromisoformat(data["starts_at"]),
            datetime.fromisoformat(data["ends_at"]),
        )
        assert dict(_naive_handed_off(start, end)) == {
            k: v for k, v in data["handed_off"].items() if v
        }
        assert _naive_mqls(start, end) == data["mql"]["total"]
        assert _naive_in_progress_sql(end) == data["in_progress"]["sql"], period

    # A quarter is its months for every figure that counts events of the period.
    months = [reports[p] for p in ("2026-10", "2026-11", "2026-12")]
    quarter = reports["2026-Q4"]
    assert quarter["handed_off"]["total"] == sum(m["handed_off"]["total"] for m in months)
    assert quarter["won"]["count"] == sum(m["won"]["count"] for m in months)
    for key in ("due", "in_time", "breaches", "escalations"):
        assert quarter["sla"][key] == sum(m["sla"][key] for m in months), key
    for code in quarter["rejection_reasons"]:
        assert quarter["rejection_reasons"][code] == sum(
            m["rejection_reasons"][code] for m in months
        )
