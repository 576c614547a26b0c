"""How the sales team handles a handed-off lead: how fast reps accept (most in time, some late,
some so late the lead is reassigned), why they reject, what they learn on the qualifying call
(product potential, purchase horizon, a meeting) and how deals end, with revenue in PLN.

A plan is drawn once per handoff; each step names a lifecycle service and its arguments.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from leadpact.agreements.rules.schema import RejectionReason
from leadpact.demo.companies import ICP_INDUSTRIES
from leadpact.demo.seasons import WARSAW, is_working_day, local
from leadpact.sla.clock import BusinessCalendar, calendar_add_business_hours

# How often each of the example agreement's reasons is given; other codes weigh 5.
REASON_WEIGHTS = {"timing": 34, "no_budget": 18, "wrong_person": 15, "not_icp": 13, "competitor": 11,
                  "duplicate": 9}  # fmt: skip
REASON_NOTES = {
    "timing": "Projekt planowany dopiero na przyszły rok budżetowy.",
    "no_budget": "Budżet IT zamrożony do końca roku.",
    "wrong_person": "Decyzje podejmuje dyrektor IT — poprosiłem o kontakt z nim.",
    "competitor": "W zeszłym kwartale podpisali umowę z konkurencją.",
    "duplicate": "Ten kontakt prowadzi już inny handlowiec.",
}
LOST_REASONS = ("Wybrali ofertę konkurencji", "Projekt wstrzymany", "Brak budżetu w tym roku",
                "Brak decyzji zarządu", "Cena powyżej budżetu")  # fmt: skip
# By purchase horizon (months): the days from the meeting to the decision, and the win rate.
CYCLES = {"hot": ((10, 45), 0.5), "warm": ((25, 100), 0.32), "cold": ((60, 220), 0.15)}


@dataclass(frozen=True, slots=True)
class OpenedHandoff:
    """What the generator reads about a handoff leadpact has just opened."""

    handoff_id: int
    lead_id: int
    email: str
    opened_at: datetime
    accept_due_at: datetime
    first_contact_due_at: datetime
    reminders: tuple[datetime, ...]
    icp_grade: str
    employees: int | None
    industry: str
    country: str
    owner_id: int | None


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    action: str  # accept | reject | first_contact | qualify | close | nurture
    params: dict[str, Any] = field(default_factory=dict)


def sales_plan(
    rng: random.Random,
    *,
    handoff: OpenedHandoff,
    calendar: BusinessCalendar,
    reasons: tuple[RejectionReason, ...],
    slow_rep: bool,
) -> list[Step]:
    def after(moment: datetime, hours: float) -> datetime:
        return calendar_add_business_hours(calendar, moment, hours)

    roll = rng.random()
    late = 0.3 if slow_rep else 0.12
    if roll < 1 - late - 0.07:
        hours = rng.triangular(0.1, 7.8, 1.2)  # in time
    elif roll < 1 - 0.07:
        hours = rng.uniform(8.2, 15.5)  # late: breached and escalated
    else:
        hours = rng.uniform(16.5, 28)  # so late that the lead was reassigned first
    reacted = max(after(handoff.opened_at, hours), handoff.opened_at + timedelta(minutes=3))
    doubtful = handoff.icp_grade not in ("A", "B")
    if rng.random() < (0.2 if doubtful else 0.09):
        return _rejection(rng, reacted, handoff, reasons)
    steps = [Step(reacted, "accept")]
    contact_hours = rng.triangular(0.2, 10, 1.5) if rng.random() < 0.92 else rng.uniform(17, 26)
    called = max(after(handoff.opened_at, contact_hours), reacted + timedelta(minutes=10))
    steps.append(Step(called, "first_contact", {"at": called}))
    # The qualifying call: at once when the first contact reaches them, else days later.
    decided = called + timedelta(minutes=rng.randint(15, 40))
    if rng.random() < 0.6:
        decided = after(called, rng.uniform(4, 40))
    roll = rng.random()
    if roll < (0.3 if doubtful else 0.2):
        return steps + _rejection(rng, decided, handoff, reasons)
    if roll < (0.38 if doubtful else 0.27):
        qualify: dict[str, Any] = {"product_potential": False, "horizon_months": None}
        return [*steps, Step(decided, "qualify", qualify), *_nurture(rng, decided)]
    months = rng.choices(
        (rng.randint(1, 5), rng.randint(6, 12), rng.randint(13, 24)), (32, 36, 32)
    )[0]
    meeting = _meeting(rng, called)
    qualified = {"product_potential": True, "horizon_months": months, "meeting_at": meeting}
    steps.append(Step(decided, "qualify", qualified))
    temperature = "hot" if months < 6 else "warm" if months <= 12 else "cold"
    (fewest, most), win_rate = CYCLES[temperature]
    closed = meeting + timedelta(days=rng.randint(fewest, most), hours=rng.randint(0, 6))
    if rng.random() < win_rate:
        revenue = _revenue(rng, handoff)
        steps.append(Step(closed, "close", {"won": True, "revenue": revenue}))
    elif rng.random() < 0.7:
        steps.append(Step(closed, "close", {"won": False, "reason": rng.choice(LOST_REASONS)}))
    return steps


def _rejection(
    rng: random.Random,
    at: datetime,
    handoff: OpenedHandoff,
    reasons: tuple[RejectionReason, ...],
) -> list[Step]:
    doubtful = handoff.icp_grade not in ("A", "B")
    weights = [
        REASON_WEIGHTS.get(r.code, 5) * (3 if doubtful and r.outcome == "disqualify" else 1)
        for r in reasons
    ]
    reason = rng.choices(reasons, weights)[0]
    if reason.note_required:
        note = (
            _not_icp_note(handoff) if reason.code == "not_icp" else "Szczegóły w notatce z rozmowy."
        )
    else:
        note = REASON_NOTES.get(reason.code, "") if rng.random() < 0.35 else ""
    step = Step(at, "reject", {"reason": reason.code, "note": note})
    return [step, *(_nurture(rng, at) if reason.outcome == "nurture" else [])]


def _nurture(rng: random.Random, at: datetime) -> list[Step]:
    # Marketing wins back some of the leads it keeps for the future.
    return [Step(at + timedelta(hours=1), "nurture")] if rng.random() < 0.4 else []


def _not_icp_note(handoff: OpenedHandoff) -> str:
    if handoff.country and handoff.country != "PL":
        return f"Siedziba firmy poza Polską ({handoff.country}) — poza ICP."
    if handoff.employees is not None and handoff.employees < 250:
        return f"Firma zatrudnia ok. {handoff.employees} osób — poniżej progu ICP (250)."
    if handoff.industry not in ICP_INDUSTRIES:
        return f"Branża „{handoff.industry or 'nieznana'}” poza profilem ICP."
    return "Cała infrastruktura on-premise, brak planów chmurowych — poza ICP."


def _meeting(rng: random.Random, called: datetime) -> datetime:
    day = called.astimezone(WARSAW).date() + timedelta(days=rng.randint(2, 12))
    while not is_working_day(day):
        day += timedelta(days=1)
    return local(day, datetime.min.time()) + timedelta(hours=rng.choice((9, 10, 11, 13, 14)))


def _revenue(rng: random.Random, handoff: OpenedHandoff) -> Decimal:
    size = handoff.employees or 500
    scale = 0.5 if size < 250 else 1.0 if size < 1000 else 1.8
    amount = rng.lognormvariate(math.log(160_000), 0.7) * scale
    return Decimal(round(min(900_000, max(40_000, amount)), -3))
