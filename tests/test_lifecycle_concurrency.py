"""The lead lifecycle under real concurrency: threads with their own database connections,
released together by a barrier. PostgreSQL only (SQLite serialises writers, so there is no race
to lose).

- eight reps accept the same queued lead: one wins, seven get a 409;
- eight MQLs created at once for a team of four: exactly two each, in turn;
- accepts racing the breach sweep at the deadline: each lead ends in one consistent state;
- four sweepers over 400 overdue handoffs: 400 breaches and 400 escalations, each once.
"""

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any, TypeVar

import pytest
import time_machine
from django.db import connection

from leadpact.agreements.models import AgreementVersion
from leadpact.core.exceptions import Conflict
from leadpact.leads.lifecycle import handoff_accept
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.scenarios import WARM, at, in_force, mql_at, record
from leadpact.notifications.models import Notification
from leadpact.sla.services import SweepResult, sla_sweep
from leadpact.users.models import Team, User
from leadpact.users.services import user_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

T = TypeVar("T")
Cast = dict[str, User]
MONDAY = at("2026-10-05 09:00")


def at_once(count: int, work: Callable[[int], T]) -> list[T | BaseException]:
    """Run `work(0) … work(count - 1)` in threads released together; what each returned or
    raised, by index."""
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = work(index)
        except BaseException as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return outcomes


@pytest.fixture
def example(activate_example: Callable[[], AgreementVersion]) -> AgreementVersion:
    return in_force(activate_example)


@pytest.fixture
def frozen() -> Iterator[Callable[[Any], None]]:
    """`frozen(when)` stops the clock at `when` for every thread until the test ends."""
    travellers: list[Any] = []

    def freeze(when: Any) -> None:
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield freeze
    for traveller in travellers:
        traveller.stop()


def reps(count: int, team: str = "sales-sme") -> list[User]:
    return [
        user_create(email=f"rep{n}@firma.pl", role="sales_rep", password=None, team_slug=team)
        for n in range(count)
    ]


def test_eight_reps_accepting_the_same_lead_one_wins(
    example: AgreementVersion, cast: Cast, frozen: Callable[[Any], None]
) -> None:
    # Nobody is free when it turns MQL, so it waits in the queue where every rep may take it.
    User.objects.filter(role=User.Role.SALES_REP).update(is_active=False)
    lead = mql_at(MONDAY, "ewa@acme.pl")
    assert lead.owner is None
    team = reps(8)
    frozen(MONDAY + timedelta(hours=1))

    outcomes = at_once(8, lambda i: handoff_accept(lead_id=lead.pk, actor=team[i]))

    won = [o for o in outcomes if isinstance(o, Lead)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, 7), outcomes
    assert all(error.status == 409 and "Cannot accept" in error.message for error in lost)
    lead.refresh_from_db()
    assert (lead.stage, lead.owner) == ("sal", won[0].owner)
    handoff = Handoff.objects.get(lead=lead)
    assert (handoff.state, handoff.owner) == ("accepted", lead.owner)
    assert LeadEvent.objects.filter(lead=lead, kind="stage", data__to="sal").count() == 1


def test_eight_mqls_at_once_go_round_robin_to_four_reps(
    example: AgreementVersion, cast: Cast, frozen: Callable[[Any], None]
) -> None:
    team = [cast["piotr"], cast["anna"], *reps(2)]
    frozen(MONDAY)

    outcomes = at_once(
        8, lambda i: record(f"osoba{i}@firma{i}.pl", *WARM, occurred_at=MONDAY - timedelta(hours=1))
    )

    assert all(isinstance(o, Lead) for o in outcomes), outcomes
    assert Lead.objects.filter(stage="mql").count() == 8
    assert Counter(Lead.objects.values_list("owner__email", flat=True)) == {
        rep.email: 2 for rep in team
    }
    # The team row lock serialises the turns: in the order the handoffs were made, the reps
    # take turns exactly, nobody twice in a row.
    owners = list(Handoff.objects.order_by("id").values_list("owner_id", flat=True))
    first = [rep.pk for rep in team].index(owners[0])
    in_turn = [team[(first + n) % 4].pk for n in range(8)]
    assert owners == in_turn
    assert Team.objects.get(slug="sales-sme").rotation_cursor_id == owners[-1]


@pytest.mark.parametrize(
    "accept_offset", [timedelta(0), timedelta(seconds=-1)], ids=["at", "just_before"]
)
def test_accepts_racing_the_breach_sweep_end_in_one_consistent_state(
    example: AgreementVersion, cast: Cast, frozen: Callable[[Any], None], accept_offset: timedelta
) -> None:
    leads = [mql_at(MONDAY, f"osoba{n}@firma{n}.pl") for n in range(12)]
    deadline = Handoff.objects.get(lead=leads[0]).accept_due_at
    assert deadline == at("2026-10-06 09:00")
    # The reps' clock says `accept_offset` from the deadline; the sweepers sweep at it.
    frozen(deadline + accept_offset)

    def act(index: int) -> Any:
        if index < len(leads):
            lead = leads[index]
            return handoff_accept(lead_id=lead.pk, actor=lead.owner)
        return sla_sweep(now=deadline)

    outcomes = at_once(len(leads) + 2, act)

    assert all(isinstance(o, Lead | SweepResult) for o in outcomes), outcomes
    assert sla_sweep(now=deadline).breaches == 0
    late = 0
    for lead in leads:
        lead.refresh_from_db()
        assert lead.stage == "sal"
        [handoff] = Handoff.objects.filter(lead=lead)
        assert handoff.state == "accepted"
        accepted = LeadEvent.objects.get(lead=lead, kind="stage", data__to="sal")
        breaches = list(LeadEvent.objects.filter(lead=lead, kind="sla", data__event="breach"))
        escalations = LeadEvent.objects.filter(lead=lead, kind="sla", data__event="escalation")
        if accepted.data["in_time"]:
            assert breaches == [] and not escalations.exists()
            assert handoff.accept_breached_at is None
        else:
            late += 1
            assert len(breaches) == 1 and breaches[0].pk < accepted.pk
            assert breaches[0].at == handoff.accept_breached_at == deadline
            # Escalated only when the sweep saw the breach before the accept.
            assert escalations.count() == (0 if breaches[0].data.get("accepted_late") else 1)
    if accept_offset >= timedelta(0):
        assert late == len(leads)  # at the deadline an accept is late, whoever came first


def test_four_sweepers_over_400_overdue_handoffs_fire_each_once(
    example: AgreementVersion, cast: Cast, frozen: Callable[[Any], None]
) -> None:
    now = at("2026-10-07 12:00")
    team = cast["piotr"].team
    owners = [cast["piotr"], cast["anna"]]
    leads = Lead.objects.bulk_create(
        Lead(email=f"osoba{n}@firma.pl", stage=Lead.Stage.MQL, owner=owners[n % 2], team=team)
        for n in range(400)
    )
    Handoff.objects.bulk_create(
        Handoff(
            lead=lead,
            team=team,
            owner=lead.owner,
            agreement_version=example,
            opened_at=at("2026-10-06 11:00"),
            accept_due_at=at("2026-10-07 11:00") - timedelta(seconds=n),
            first_contact_due_at=at("2026-10-08 11:00"),
        )
        for n, lead in enumerate(leads)
    )
    frozen(now)

    outcomes = at_once(4, lambda i: sla_sweep())

    assert all(isinstance(o, SweepResult) for o in outcomes), outcomes
    assert sum(o.breaches for o in outcomes) == 400
    assert sum(o.escalations for o in outcomes) == 400
    breached = Counter(
        LeadEvent.objects.filter(kind="sla", data__event="breach").values_list("lead_id", flat=True)
    )
    escalated = Counter(
        LeadEvent.objects.filter(kind="sla", data__event="escalation").values_list(
            "lead_id", flat=True
        )
    )
    assert breached == escalated == {lead.pk: 1 for lead in leads}
    assert (
        Notification.objects.filter(kind="sla_escalation", recipient=cast["sylwia"]).count() == 400
    )
    assert Notification.objects.filter(kind="sla_breach").count() == 400
    assert not Handoff.objects.filter(accept_breached_at__isnull=True).exists()
    assert sla_sweep().total == 0
