"""The simulation loop behind `history_generate`.

Everything happens in time order on a heap of scheduled moments: the reps' actions, and the
SLA sweep at each moment a deadline of an open handoff falls due (as the worker's minute sweep
would). Touches are recorded a few times a day, as an integration syncing every three hours
would, in batches (`touches_record_bulk`: leads and accounts created, judged by the agreement,
MQLs handed off). Each service call runs with the clock moved to its moment (one
`time_machine` traveller for the whole run), so every row, event, deadline and `why` is what
leadpact itself would have written then.

Each tick's work commits as one transaction: the services' own transactions nest in it as
savepoints (a refused action still rolls back alone, with the notifications it would have
sent), and a database that syncs every commit to disk — PostgreSQL — is not made to do so
thousands of times a simulated day. The tick's notifications are written together at its end,
two inserts instead of two per notice; the cyclic garbage collector waits meanwhile
(`core.collector`).
"""

import heapq
import itertools
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.db import transaction
from django.test import override_settings

from leadpact.accounts.schemas import AccountIn
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import agreement_versions_pinned
from leadpact.core.collector import collector_paused
from leadpact.core.exceptions import ApplicationError
from leadpact.demo.companies import Company
from leadpact.demo.journeys import PlannedTouch, journey_plan, nurture_plan
from leadpact.demo.people import Person
from leadpact.demo.sales import OpenedHandoff, Step, sales_plan
from leadpact.demo.seasons import WARSAW, is_working_day
from leadpact.demo.world import Arrival, World
from leadpact.leads import lifecycle
from leadpact.leads.models import Handoff, Lead
from leadpact.leads.schemas import LeadIn
from leadpact.notifications.batching import notifications_batch
from leadpact.notifications.delivery import notifications_deliver
from leadpact.notifications.outbox import outbox_deferred, outbox_deferred_part
from leadpact.notifications.services import notifications_batch_wake
from leadpact.sla.clock import calendar_add_business_hours, calendar_from_agreement
from leadpact.sla.services import sla_sweep
from leadpact.touches.schemas import MAX_BATCH, TouchIn
from leadpact.touches.services import touches_record_bulk
from leadpact.users.models import User

TICK = timedelta(hours=1)
SYNC_HOURS = (10, 13, 16, 19)
ACTIONS: dict[str, Callable[..., Lead]] = {
    "accept": lifecycle.handoff_accept,
    "reject": lifecycle.handoff_reject,
    "first_contact": lifecycle.lead_first_contact,
    "qualify": lifecycle.lead_qualify,
    "close": lifecycle.lead_close,
}
Progress = Callable[[float, str], None]


@dataclass
class HistorySummary:
    seed: int
    start: datetime
    end: datetime
    leads: int = 0
    accounts: int = 0
    touches: int = 0
    handoffs: int = 0
    actions: int = 0
    refused: int = 0
    seconds: float = 0.0
    stages: dict[str, int] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)

    @property
    def leads_per_second(self) -> float:
        return self.leads / self.seconds if self.seconds else 0.0


class Simulation:
    clock: time_machine.Traveller  # the simulated present, while `run` runs

    def __init__(self, *, world: World, agreement: Agreement, slow_reps: set[int]) -> None:
        self.world = world
        self.summary = HistorySummary(seed=world.seed, start=world.start, end=world.end)
        self.business = calendar_from_agreement(agreement.calendar)
        self.reasons = agreement.handoff.rejection.reasons
        self.reassign_after = agreement.handoff.sla.escalation.reassign_after_hours
        self.sweeps: set[datetime] = set()
        self.heap: list[tuple[datetime, int, str, Any]] = []
        self.order = itertools.count()
        self.pending: list[tuple[PlannedTouch, str, tuple[Person, Company] | None]] = []
        self.touch_number = 0
        self.last_handoff = (
            Handoff.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
        self.handoffs_of: Counter[str] = Counter()
        self.dropped: set[int] = set()
        self.lead_of: dict[int, int] = {}  # handoff → lead
        self.holders: dict[int, tuple[int | None, int | None]] = {}  # lead → (owner, team)
        self.users = {u.pk: u for u in User.objects.all()}
        self.slow = slow_reps
        reps = User.objects.filter(role=User.Role.SALES_REP, is_active=True).order_by("pk")
        self.team_reps: dict[int, list[User]] = {}
        for rep in reps:
            if rep.team_id is not None:
                self.team_reps.setdefault(rep.team_id, []).append(rep)

    def run(self, progress: Progress | None) -> None:
        # What the services look up again and again is read once for the whole run: the
        # agreement versions, the teams' reps, who hears what. Nothing changes them meanwhile:
        # the agreement is in force before the run starts and the staff is hired before it.
        with (
            time_machine.travel(self.world.start, tick=False) as self.clock,
            agreement_versions_pinned(),
            notifications_batch(wake=notifications_batch_wake),
        ):
            self._run(progress)

    def _run(self, progress: Progress | None) -> None:
        arrivals = iter(self.world.arrivals)
        upcoming = next(arrivals, None)
        span = (self.world.end - self.world.start).total_seconds()
        day = None
        for tick in self._ticks():
            while upcoming is not None and upcoming.at <= tick:
                self._arrive(upcoming)
                upcoming = next(arrivals, None)
            new_day = tick.astimezone(WARSAW).date() != day
            with collector_paused(), transaction.atomic(), outbox_deferred():
                self._tick(tick)
                if new_day:
                    self._sweep(tick)  # a safety net: whatever fell due unplanned
            if new_day:
                day = tick.astimezone(WARSAW).date()
                self._deliver(tick)
                if progress is not None:
                    done = (tick - self.world.start).total_seconds() / span
                    progress(done, f"{day:%Y-%m-%d}")
        with transaction.atomic():
            self._sweep(self.world.end)
        self._deliver(self.world.end)
        if progress is not None:
            progress(1.0, f"{self.world.end.astimezone(WARSAW):%Y-%m-%d}")

    def _tick(self, tick: datetime) -> None:
        while self.heap and self.heap[0][0] <= tick:
            at, _, kind, payload = heapq.heappop(self.heap)
            if kind == "touch":
                self.pending.append(payload)
            elif kind == "sweep":
                self._sweep(at)
            else:
                self._act(at, *payload)
        self._flush(tick)

    def _ticks(self) -> Iterator[datetime]:
        """When the touches that came in are recorded, as an integration that syncs every
        three hours in office hours and once at night would."""
        tick = self.world.start.replace(minute=0, second=0, microsecond=0) + TICK
        while tick < self.world.end:
            local = tick.astimezone(WARSAW)
            if local.hour == 0 or (is_working_day(local.date()) and local.hour in SYNC_HOURS):
                yield tick
            tick += TICK
        yield self.world.end

    def _push(self, at: datetime, kind: str, payload: Any) -> None:
        if at <= self.world.end:
            heapq.heappush(self.heap, (at, next(self.order), kind, payload))

    def _arrive(self, arrival: Arrival) -> None:
        person = self.world.person(arrival)
        company = self.world.companies[arrival.company]
        plan = journey_plan(
            self.world.rng("journey", arrival.company, arrival.member),
            arrival=arrival.at,
            person=person,
            company=company,
            calendar=self.world.calendar,
        )
        for index, touch in enumerate(plan):
            # The first touch brings the person's and the company's details, as a form does.
            self._push(
                max(touch.at, arrival.at),
                "touch",
                (touch, person.email, (person, company) if index == 0 else None),
            )

    def _flush(self, now: datetime) -> None:
        if not self.pending:
            return
        items = [self._touch_in(*pending) for pending in self.pending]
        self.pending = []
        self.clock.move_to(now)
        for first in range(0, len(items), MAX_BATCH):
            touches_record_bulk(items=items[first : first + MAX_BATCH])
        self._discover()

    def _touch_in(
        self, touch: PlannedTouch, email: str, first: tuple[Person, Company] | None
    ) -> TouchIn:
        self.touch_number += 1
        # Every field given: pydantic inspects a missing field's default factory each time.
        lead, account = LeadIn.model_construct(email=email, attributes={}), None
        if first is not None:
            person, company = first
            lead, account = _lead_in(person), _account_in(company)
        return TouchIn.model_construct(
            external_id=f"gen-{self.world.seed}-{self.touch_number:09d}",
            source=touch.source,
            type=touch.type,
            occurred_at=touch.at,
            lead=lead,
            account=account,
            campaign=touch.campaign,
            asset=touch.asset,
            answers=dict(touch.answers),
        )

    def _discover(self) -> None:
        """Plan the sales team's handling of every handoff leadpact opened since last time."""
        rows = (
            Handoff.objects.filter(pk__gt=self.last_handoff)
            .order_by("pk")
            .values_list(
                "pk", "lead_id", "lead__email", "opened_at", "accept_due_at", "first_contact_due_at",
                "reminder_due", "lead__icp_grade", "lead__account__employees",
                "lead__account__industry", "lead__account__country", "owner_id", "team_id",
            )
        )  # fmt: skip
        for row in rows:
            reminders = tuple(datetime.fromisoformat(at) for at in row[6])
            handoff = OpenedHandoff(
                *row[:6], reminders, row[7], row[8], row[9] or "", row[10] or "", row[11]
            )
            self.last_handoff = handoff.handoff_id
            self.lead_of[handoff.handoff_id] = handoff.lead_id
            self.holders[handoff.lead_id] = (handoff.owner_id, row[12])
            self.handoffs_of[handoff.email] += 1
            rng = self.world.rng("sales", handoff.email, self.handoffs_of[handoff.email])
            steps = sales_plan(
                rng,
                handoff=handoff,
                calendar=self.business,
                reasons=self.reasons,
                slow_rep=handoff.owner_id in self.slow,
            )
            for step in steps:
                self._push(step.at, "step", (handoff, step))
            for due in self._deadlines(handoff):
                if due not in self.sweeps:
                    self.sweeps.add(due)
                    self._push(due, "sweep", None)

    def _deadlines(self, handoff: OpenedHandoff) -> list[datetime]:
        """The moments the SLA sweep may have something to fire for `handoff`."""
        moments = [*handoff.reminders, handoff.accept_due_at, handoff.first_contact_due_at]
        if self.reassign_after is not None:
            moments.append(
                calendar_add_business_hours(
                    self.business, handoff.accept_due_at, self.reassign_after
                )
            )
        return moments

    def _act(self, at: datetime, handoff: OpenedHandoff, step: Step) -> None:
        if handoff.handoff_id in self.dropped:
            return
        if step.action == "nurture":
            rng = self.world.rng("nurture", handoff.email, self.handoffs_of[handoff.email])
            for touch in nurture_plan(rng, since=at, calendar=self.world.calendar):
                self._push(touch.at, "touch", (touch, handoff.email, None))
            return
        owner_id, team_id = self._holder(handoff.lead_id)
        actor = self.users.get(owner_id) if owner_id else self._team_rep(team_id, handoff.email)
        if actor is None:
            self._refused(handoff, "nobody in the team")
            return
        self.clock.move_to(at)
        try:
            with outbox_deferred_part():
                lead = ACTIONS[step.action](lead_id=handoff.lead_id, actor=actor, **step.params)
        except ApplicationError as refusal:
            self._refused(handoff, f"{step.action}: {refusal.message}")
        else:
            self.holders[lead.pk] = (lead.owner_id, lead.team_id)
            self.summary.actions += 1

    def _holder(self, lead_id: int) -> tuple[int | None, int | None]:
        """The lead's owner and team, as leadpact last left them: kept from what the services
        returned (a handoff opened, an action done), read again after a sweep reassigned it."""
        if lead_id not in self.holders:
            self.holders[lead_id] = (
                Lead.objects.filter(pk=lead_id).values_list("owner_id", "team_id").get()
            )
        return self.holders[lead_id]

    def _team_rep(self, team_id: int | None, email: str) -> User | None:
        """A rep of the team picks up a lead that waits unassigned in the team's queue."""
        reps = self.team_reps.get(team_id or 0, [])
        return reps[zlib.crc32(email.encode()) % len(reps)] if reps else None

    def _refused(self, handoff: OpenedHandoff, why: str) -> None:
        # A step leadpact refuses ends that handoff's plan; the refusal is counted, not hidden.
        self.dropped.add(handoff.handoff_id)
        self.summary.refused += 1
        self.summary.refusals[why.split(":")[0]] += 1

    def _sweep(self, now: datetime) -> None:
        self.clock.move_to(now)
        for handoff_id, fired in sla_sweep(now=now, limit=1_000_000).fired:
            if fired == "reassign":
                self.holders.pop(self.lead_of[handoff_id], None)

    def _deliver(self, now: datetime) -> None:
        # Deliveries of the simulated past go nowhere: the people and inboxes are invented.
        self.clock.move_to(now)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            while notifications_deliver(max_batches=100).total:
                pass


def _lead_in(person: Person) -> LeadIn:
    return LeadIn.model_construct(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        job_title=person.job_title,
        attributes={},
    )


def _account_in(company: Company) -> AccountIn:
    return AccountIn.model_construct(
        domain=company.domain,
        name=company.name,
        industry=company.industry,
        employees=company.employees,
        country=company.country,
        annual_revenue=company.annual_revenue,
        is_target=company.is_target,
        attributes={"cloud_strategy": company.cloud_strategy} if company.cloud_strategy else {},
    )
