"""The SLA sweep under the example agreement: accept within 8 business hours (reminders at 50 %
and 80 %), escalate to the manager at the breach, reassign 8 business hours later, first
contact within 16.

Ewa's lead becomes an MQL on Friday 2 October 2026 at 14:00 and goes to Piotr. On the business
clock (Mon–Fri 08:00–16:00, Warsaw) that makes: reminder 1 Monday 10:00 (4 h), reminder 2
Monday 12:24 (6 h 24 min), accept deadline Monday 14:00, first-contact deadline and
reassignment Tuesday 14:00.
"""

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.lifecycle import handoff_accept, lead_first_contact
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.scenarios import at, in_force, mql_at
from leadpact.notifications.models import Channel, Delivery, Notification
from leadpact.notifications.webhooks import webhook_endpoint_create
from leadpact.sla import services
from leadpact.sla.services import SweepResult, sla_sweep
from leadpact.users.models import Team, User
from leadpact.users.services import user_create

pytestmark = pytest.mark.django_db

Cast = dict[str, User]
OPENED = at("2026-10-02 14:00")
REMINDER_1, REMINDER_2 = at("2026-10-05 10:00"), at("2026-10-05 12:24")
ACCEPT_DUE = at("2026-10-05 14:00")
CONTACT_DUE = REASSIGN_DUE = at("2026-10-06 14:00")


@pytest.fixture
def example(activate_example: Callable[[], AgreementVersion]) -> AgreementVersion:
    return in_force(activate_example)


@pytest.fixture
def lead(example: AgreementVersion, cast: Cast) -> Lead:
    lead = mql_at(OPENED, "ewa@acme.pl")
    assert lead.owner == cast["piotr"]
    return lead


def sweep_at(when: datetime) -> SweepResult:
    with time_machine.travel(when, tick=False):
        return sla_sweep()


def sla_events(lead: Lead) -> list[tuple[str, datetime]]:
    events = LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.SLA).order_by("id")
    return [(event.data["event"], event.at) for event in events]


def told(kind: str) -> list[tuple[str, dict]]:
    rows = Notification.objects.filter(kind=kind).order_by("id")
    return [(row.recipient.email, row.payload) for row in rows]


def test_the_deadlines_are_on_the_business_clock(lead: Lead) -> None:
    handoff = Handoff.objects.get(lead=lead)

    assert [datetime.fromisoformat(r) for r in handoff.reminder_due] == [REMINDER_1, REMINDER_2]
    assert (handoff.accept_due_at, handoff.first_contact_due_at) == (ACCEPT_DUE, CONTACT_DUE)


def test_reminders_fire_at_50_and_80_percent_of_business_time_each_once(
    lead: Lead, cast: Cast
) -> None:
    # Four wall-clock hours after Friday 14:00 is Friday 18:00: the office is closed then.
    for when in (at("2026-10-02 18:00"), at("2026-10-03 12:00"), REMINDER_1 - timedelta(seconds=1)):
        assert sweep_at(when).total == 0

    first = [sweep_at(REMINDER_1), sweep_at(REMINDER_1), sweep_at(at("2026-10-05 12:00"))]
    second = [sweep_at(REMINDER_2), sweep_at(REMINDER_2 + timedelta(minutes=1))]

    assert [result.reminders for result in first] == [1, 0, 0]
    assert [result.reminders for result in second] == [1, 0]
    assert sla_events(lead) == [("reminder", REMINDER_1), ("reminder", REMINDER_2)]
    reminders = told("sla_reminder")
    assert [(email, payload["number"]) for email, payload in reminders] == [
        ("piotr@firma.pl", 1),
        ("piotr@firma.pl", 2),
    ]
    event = LeadEvent.objects.filter(lead=lead, kind="sla").first()
    assert event.clause_ids == ["handoff.sla.reminders"]
    assert Handoff.objects.get(lead=lead).next_reminder_at is None


def test_no_reminder_once_the_lead_is_accepted(lead: Lead, cast: Cast) -> None:
    with time_machine.travel(at("2026-10-05 09:00"), tick=False):
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

    result = sweep_at(at("2026-10-05 15:00"))

    assert (result.reminders, result.breaches) == (0, 0)
    assert sla_events(lead) == []


def test_the_breach_at_the_deadline_escalates_to_the_manager_once(lead: Lead, cast: Cast) -> None:
    sweep_at(REMINDER_2)
    assert sweep_at(ACCEPT_DUE - timedelta(seconds=1)).breaches == 0

    results = [sweep_at(ACCEPT_DUE), sweep_at(ACCEPT_DUE), sweep_at(at("2026-10-05 15:00"))]

    assert [(r.breaches, r.escalations) for r in results] == [(1, 1), (0, 0), (0, 0)]
    assert sla_events(lead)[2:] == [("breach", ACCEPT_DUE), ("escalation", ACCEPT_DUE)]
    breach, escalation = LeadEvent.objects.filter(lead=lead, kind="sla").order_by("id")[2:]
    assert breach.clause_ids == ["handoff.sla.accept"]
    assert escalation.clause_ids == ["handoff.sla.escalation"]
    assert escalation.data["to"] == ["sylwia@firma.pl"]
    assert [(email, p["deadline"]) for email, p in told("sla_breach")] == [
        ("piotr@firma.pl", "accept")
    ]
    assert [(email, p["deadline"]) for email, p in told("sla_escalation")] == [
        ("sylwia@firma.pl", "accept")
    ]
    handoff = Handoff.objects.get(lead=lead)
    assert (handoff.state, handoff.accept_breached_at) == ("waiting", ACCEPT_DUE)
    assert handoff.reassign_due_at == REASSIGN_DUE


def test_accepting_after_the_breach_is_late_and_stops_the_reassignment(
    lead: Lead, cast: Cast
) -> None:
    sweep_at(ACCEPT_DUE)
    with time_machine.travel(at("2026-10-05 15:00"), tick=False):
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

    result = sweep_at(REASSIGN_DUE)

    assert result.reassignments == 0
    stage = LeadEvent.objects.get(lead=lead, kind="stage", data__to="sal")
    assert stage.data["in_time"] is False
    assert [name for name, _ in sla_events(lead)].count("breach") == 1
    lead.refresh_from_db()
    assert lead.owner == cast["piotr"]


def test_a_missed_first_contact_is_breached_once(lead: Lead, cast: Cast) -> None:
    with time_machine.travel(at("2026-10-05 09:00"), tick=False):
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])
    assert sweep_at(CONTACT_DUE - timedelta(seconds=1)).contact_breaches == 0

    results = [sweep_at(CONTACT_DUE), sweep_at(at("2026-10-07 12:00"))]

    assert [r.contact_breaches for r in results] == [1, 0]
    assert sla_events(lead) == [("contact_breach", CONTACT_DUE)]
    assert [(email, p["deadline"]) for email, p in told("sla_breach")] == [
        ("piotr@firma.pl", "first_contact")
    ]
    assert [email for email, _ in told("sla_escalation")] == ["sylwia@firma.pl"]
    assert Handoff.objects.get(lead=lead).contact_breached_at == CONTACT_DUE


def test_a_recorded_first_contact_is_never_breached(lead: Lead, cast: Cast) -> None:
    with time_machine.travel(at("2026-10-05 09:00"), tick=False):
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])
        lead_first_contact(lead_id=lead.pk, actor=cast["piotr"])

    assert sweep_at(at("2026-10-20 12:00")).total == 0
    assert sla_events(lead) == [("first_contact", at("2026-10-05 09:00"))]


def test_eight_business_hours_after_the_breach_the_lead_goes_to_the_other_rep(
    lead: Lead, cast: Cast
) -> None:
    sweep_at(ACCEPT_DUE)
    assert sweep_at(REASSIGN_DUE - timedelta(seconds=1)).reassignments == 0

    results = [sweep_at(REASSIGN_DUE), sweep_at(at("2026-10-07 12:00"))]

    assert [r.reassignments for r in results] == [1, 0]
    lead.refresh_from_db()
    assert lead.owner == cast["anna"]
    handoff = Handoff.objects.get(lead=lead)
    assert (handoff.owner, handoff.state) == (cast["anna"], "waiting")
    event = LeadEvent.objects.filter(lead=lead, kind="assignment").last()
    assert (event.actor, event.at, event.clause_ids) == (
        None,
        REASSIGN_DUE,
        ["handoff.sla.escalation"],
    )
    assert event.data == {"from": "piotr@firma.pl", "to": "anna@firma.pl", "reassigned": True}
    assert [email for email, _ in told("lead_reassigned")] == ["anna@firma.pl"]


def test_the_reassignment_skips_the_rep_who_let_it_lapse_even_on_their_turn(
    lead: Lead, cast: Cast
) -> None:
    # Anna got the next lead, so by turns Piotr would be next — but it is Piotr's lead.
    annas = mql_at(OPENED + timedelta(minutes=5), "jan@stalex.pl")
    assert annas.owner == cast["anna"]

    result = sweep_at(at("2026-10-07 12:00"))

    assert result.reassignments == 2
    lead.refresh_from_db()
    annas.refresh_from_db()
    assert (lead.owner, annas.owner) == (cast["anna"], cast["piotr"])


def test_after_downtime_everything_fires_once_in_order(lead: Lead, cast: Cast) -> None:
    other = mql_at(at("2026-10-05 08:00"), "jan@stalex.pl")  # Anna's, due Monday 16:00

    result = sweep_at(at("2026-10-09 12:00"))  # the worker was down from Friday to Friday
    again = sweep_at(at("2026-10-09 12:01"))

    assert sla_events(lead) == [
        ("reminder", REMINDER_1),
        ("reminder", REMINDER_2),
        ("breach", ACCEPT_DUE),
        ("escalation", ACCEPT_DUE),
        ("contact_breach", CONTACT_DUE),
    ]
    timeline = list(LeadEvent.objects.filter(lead=lead).order_by("id"))
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)
    assert timeline[-1].kind == "assignment" and timeline[-1].at == REASSIGN_DUE
    assert [name for name, _ in sla_events(other)] == [
        "reminder",
        "reminder",
        "breach",
        "escalation",
        "contact_breach",
    ]
    assert (result.reminders, result.breaches, result.escalations) == (4, 2, 2)
    assert (result.contact_breaches, result.reassignments) == (2, 2)
    # Handoffs are taken in the order their deadlines fell due.
    handoffs = [Handoff.objects.get(lead=lead).pk, Handoff.objects.get(lead=other).pk]
    assert [h for h, _ in result.fired] == [handoffs[0]] * 5 + [handoffs[1]] * 5
    assert again.total == 0
    assert len(told("sla_escalation")) == 4  # accept and first contact, for each lead


def test_a_queued_lead_escalates_to_the_manager(example: AgreementVersion, cast: Cast) -> None:
    User.objects.filter(pk__in=[cast["piotr"].pk, cast["anna"].pk]).update(is_active=False)
    lead = mql_at(OPENED, "ewa@acme.pl")
    assert lead.owner is None

    result = sweep_at(REASSIGN_DUE)

    assert (result.reminders, result.breaches, result.reassignments) == (2, 1, 0)
    assert told("sla_reminder") == [] and told("sla_breach") == []
    assert [email for email, _ in told("sla_escalation")] == ["sylwia@firma.pl"] * 2
    assert Lead.objects.get(pk=lead.pk).owner is None


def test_a_team_without_a_manager_escalates_to_the_administrators(lead: Lead, cast: Cast) -> None:
    Team.objects.filter(slug="sales-sme").update(manager=None)

    sweep_at(ACCEPT_DUE)

    assert [email for email, _ in told("sla_escalation")] == [cast["adam"].email]
    escalation = LeadEvent.objects.filter(lead=lead, data__event="escalation").get()
    assert escalation.data["to"] == [cast["adam"].email]


def test_an_integration_hears_of_an_escalation_once_however_many_admins_are_told(
    lead: Lead, cast: Cast, settings
) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    endpoint = webhook_endpoint_create(url="http://127.0.0.1:9/hook")
    user_create(email="beata@firma.pl", role="admin", password=None, name="Beata Admin")
    Team.objects.filter(slug="sales-sme").update(manager=None)

    sweep_at(ACCEPT_DUE)

    escalations = Notification.objects.filter(kind="sla_escalation")
    assert sorted(n.recipient.email for n in escalations) == ["adam@firma.pl", "beata@firma.pl"]
    hooks = Delivery.objects.filter(notification__in=escalations, channel=Channel.WEBHOOK)
    assert list(hooks.values_list("endpoint", flat=True)) == [endpoint.pk]


def test_the_sla_sweep_command(lead: Lead) -> None:
    out = io.StringIO()

    with time_machine.travel(at("2026-10-09 12:00"), tick=False):
        call_command("sla", "sweep", stdout=out)
        call_command("sla", "sweep", stdout=out)

    assert out.getvalue().splitlines() == [
        "reminders 2, breaches 1, first-contact breaches 1, escalations 1, reassignments 1",
        "reminders 0, breaches 0, first-contact breaches 0, escalations 0, reassignments 0",
    ]


def test_a_failure_keeps_what_earlier_chunks_fired_and_the_next_sweep_fires_the_rest(
    lead: Lead, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = mql_at(at("2026-10-05 08:00"), "jan@stalex.pl")  # due after Ewa's
    monkeypatch.setattr(services, "HANDOFFS_PER_COMMIT", 1)
    notify = services._notify

    def failing_for_jan(
        kind: str, recipient: object, handoff: Handoff, *args: Any, **data: Any
    ) -> None:
        if handoff.lead_id == other.pk:
            raise RuntimeError("the mail queue fell over")
        notify(kind, recipient, handoff, *args, **data)

    monkeypatch.setattr(services, "_notify", failing_for_jan)
    with pytest.raises(RuntimeError):
        sweep_at(at("2026-10-09 12:00"))

    assert len(sla_events(lead)) == 5, "Ewa's chunk was committed before Jan's failed"
    assert sla_events(other) == [], "Jan's chunk rolled back whole"

    monkeypatch.setattr(services, "_notify", notify)
    result = sweep_at(at("2026-10-09 12:01"))
    assert [name for name, _ in sla_events(other)] == [
        "reminder", "reminder", "breach", "escalation", "contact_breach"
    ]  # fmt: skip
    assert {handoff for handoff, _ in result.fired} == {Handoff.objects.get(lead=other).pk}
