"""Handing a lead to sales: deadlines on the business clock, the round robin, the team queue, and
the guards of the sales actions (the API's view of them is in `test_lifecycle_api.py`)."""

from datetime import datetime, timedelta

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import version_agreement
from leadpact.core.exceptions import ApplicationError, Conflict, Forbidden
from leadpact.leads.handoffs import handoff_deadlines
from leadpact.leads.lifecycle import (
    handoff_accept,
    handoff_reassign,
    handoff_reject,
    lead_close,
    lead_first_contact,
    lead_qualify,
)
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.leads.tests.factories import LeadFactory
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.notifications.models import Notification
from leadpact.users.models import Team, User
from leadpact.users.services import user_create

pytestmark = pytest.mark.django_db

Cast = dict[str, User]


def rep(email: str, team: str = "sales-sme") -> User:
    return user_create(email=email, role="sales_rep", password=None, team_slug=team)


def busy(user: User, count: int, opened_at: datetime, version: AgreementVersion) -> None:
    """`count` handoffs given to `user` at `opened_at` (accepted, so the sweep leaves them be)."""
    for lead in LeadFactory.create_batch(count, stage=Lead.Stage.SAL, owner=user):
        Handoff.objects.create(
            lead=lead,
            team=user.team,
            owner=user,
            state=Handoff.State.ACCEPTED,
            agreement_version=version,
            opened_at=opened_at,
            accept_due_at=opened_at + timedelta(hours=8),
            first_contact_due_at=opened_at + timedelta(hours=16),
        )


class TestDeadlines:
    @pytest.mark.parametrize(
        ("opened", "accept_due", "contact_due"),
        [
            # Friday afternoon: one hour on Friday, seven on Monday.
            ("2026-10-02 15:00", "2026-10-05 15:00", "2026-10-06 15:00"),
            # The eve of 11 November (Wednesday, Independence Day): Thursday takes over.
            ("2026-11-10 15:00", "2026-11-12 15:00", "2026-11-13 15:00"),
            # A Saturday lead waits for Monday's opening.
            ("2026-10-03 11:00", "2026-10-05 16:00", "2026-10-06 16:00"),
            # At closing time the clock starts at the next opening.
            ("2026-10-05 16:00", "2026-10-06 16:00", "2026-10-07 16:00"),
            # Before opening: eight hours is the whole day.
            ("2026-10-05 06:30", "2026-10-05 16:00", "2026-10-06 16:00"),
            # Across the DST switch (Sunday 25 October): wall-clock hours, not elapsed ones.
            ("2026-10-23 14:00", "2026-10-26 14:00", "2026-10-27 14:00"),
            # The closed day 31 December, New Year's Day and a weekend, then Epiphany.
            ("2026-12-30 12:00", "2027-01-04 12:00", "2027-01-05 12:00"),
        ],
    )
    def test_on_the_agreements_business_clock(
        self, example: AgreementVersion, opened: str, accept_due: str, contact_due: str
    ) -> None:
        deadlines = handoff_deadlines(
            agreement=version_agreement(version=example), opened_at=at(opened)
        )

        assert deadlines.accept_due_at == at(accept_due)
        assert deadlines.first_contact_due_at == at(contact_due)

    def test_an_mql_on_friday_at_three_is_due_on_monday_at_three(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        lead = mql_at(at("2026-10-02 15:00"), "ewa@acme.pl")

        handoff = Handoff.objects.get(lead=lead)
        assert handoff.state == Handoff.State.WAITING
        assert handoff.opened_at == at("2026-10-02 15:00")
        assert handoff.accept_due_at == at("2026-10-05 15:00")
        assert handoff.first_contact_due_at == at("2026-10-06 15:00")
        # Reminders at 50 % and 80 % of eight business hours: 4 h and 6 h 24 min.
        assert [datetime.fromisoformat(r) for r in handoff.reminder_due] == [
            at("2026-10-05 11:00"),
            at("2026-10-05 13:24"),
        ]
        assert handoff.next_reminder_at == at("2026-10-05 11:00")
        assert handoff.agreement_version == example
        assignment = LeadEvent.objects.get(lead=lead, kind=LeadEvent.Kind.ASSIGNMENT)
        assert datetime.fromisoformat(assignment.data["accept_due_at"]) == at("2026-10-05 15:00")
        assert {"handoff.routing", "handoff.assignment", "handoff.sla.accept"} <= set(
            assignment.clause_ids
        )

    def test_an_mql_on_the_eve_of_11_november_is_due_on_the_12th(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        lead = mql_at(at("2026-11-10 15:00"), "ewa@acme.pl")

        handoff = Handoff.objects.get(lead=lead)
        assert handoff.accept_due_at == at("2026-11-12 15:00")
        assert handoff.first_contact_due_at == at("2026-11-13 15:00")


class TestRoundRobin:
    def test_piotr_and_anna_take_turns_exactly(self, example: AgreementVersion, cast: Cast) -> None:
        owners = [
            mql_at(at("2026-10-05 09:00") + timedelta(minutes=n), f"lead{n}@firma{n}.pl").owner
            for n in range(6)
        ]

        assert owners == [cast["piotr"], cast["anna"]] * 3
        assert Team.objects.get(slug="sales-sme").rotation_cursor == cast["anna"]
        assigned = Notification.objects.filter(kind=Notification.Kind.LEAD_ASSIGNED)
        assert (
            sorted(n.recipient.email for n in assigned)
            == ["anna@firma.pl"] * 3 + ["piotr@firma.pl"] * 3
        )
        assert all(n.payload["accept_due_at"] for n in assigned)

    def test_an_inactive_rep_is_skipped_and_the_turn_passes_on(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        kasia = rep("kasia@firma.pl")  # joined after Anna: Piotr, Anna, Kasia
        first = mql_at(at("2026-10-05 09:00"), "a@firma1.pl")
        second = mql_at(at("2026-10-05 09:10"), "b@firma2.pl")
        User.objects.filter(pk=cast["anna"].pk).update(is_active=False)  # she had the last turn

        later = [mql_at(at("2026-10-05 10:00"), f"c{n}@firma{n + 3}.pl").owner for n in range(3)]

        assert (first.owner, second.owner) == (cast["piotr"], cast["anna"])
        assert later == [kasia, cast["piotr"], kasia]

    def test_a_rep_at_capacity_is_skipped_until_the_next_day(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        # 15 a day each (handoff.assignment.capacity_per_rep_per_day): Piotr's are taken.
        busy(cast["piotr"], 15, at("2026-10-05 08:30"), example)
        busy(cast["anna"], 15, at("2026-10-04 12:00"), example)  # Sunday's don't count on Monday

        monday = [mql_at(at("2026-10-05 11:00"), f"m{n}@firma{n}.pl").owner for n in range(2)]
        tuesday = mql_at(at("2026-10-06 09:00"), "t@firma9.pl").owner

        assert monday == [cast["anna"], cast["anna"]]
        assert tuesday == cast["piotr"]

    def test_with_nobody_free_the_lead_waits_in_the_team_queue_with_its_clock_running(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        busy(cast["piotr"], 15, at("2026-10-05 08:30"), example)
        busy(cast["anna"], 15, at("2026-10-05 08:30"), example)

        lead = mql_at(at("2026-10-05 10:00"), "ewa@acme.pl")

        assert (lead.stage, lead.owner, lead.team.slug) == ("mql", None, "sales-sme")
        handoff = Handoff.objects.get(lead=lead)
        assert (handoff.state, handoff.owner, handoff.team.slug) == ("waiting", None, "sales-sme")
        assert handoff.accept_due_at == at("2026-10-06 10:00")
        queued = Notification.objects.get(kind=Notification.Kind.LEAD_QUEUED)
        assert (queued.recipient, queued.lead) == (cast["sylwia"], lead)
        assert queued.payload["team"] == "sales-sme"
        assert not Notification.objects.filter(
            kind=Notification.Kind.LEAD_ASSIGNED, lead=lead
        ).exists()
        event = LeadEvent.objects.get(lead=lead, kind=LeadEvent.Kind.ASSIGNMENT)
        assert event.data["owner"] is None and event.data["team"] == "sales-sme"

        # Any rep of the team may take it from the queue; it becomes theirs.
        with time_machine.travel(at("2026-10-05 11:00"), tick=False):
            accepted = handoff_accept(lead_id=lead.pk, actor=cast["anna"])

        assert (accepted.stage, accepted.owner) == ("sal", cast["anna"])
        handoff.refresh_from_db()
        assert (handoff.state, handoff.owner, handoff.accepted_at) == (
            "accepted",
            cast["anna"],
            at("2026-10-05 11:00"),
        )

    def test_a_rep_of_another_team_cannot_take_from_the_queue(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        outsider = rep("olek@firma.pl", team="sales-enterprise")
        User.objects.filter(pk__in=[cast["piotr"].pk, cast["anna"].pk]).update(is_active=False)
        lead = mql_at(at("2026-10-05 10:00"), "ewa@acme.pl")
        assert lead.owner is None

        with pytest.raises(Conflict, match="not waiting for you"):
            handoff_accept(lead_id=lead.pk, actor=outsider)


class TestAccept:
    def test_in_time_is_recorded_on_the_stage_event(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")

        with time_machine.travel(at("2026-10-05 16:59"), tick=False):  # after hours, in time
            handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

        stage = LeadEvent.objects.get(lead=lead, kind=LeadEvent.Kind.STAGE, data__to="sal")
        assert stage.data["in_time"] is True
        assert stage.clause_ids == ["handoff.sla.accept"]
        assert stage.agreement_version == example
        assert stage.actor == cast["piotr"]
        assert not Handoff.objects.get(lead=lead).accept_breached_at

    def test_at_the_deadline_is_late_and_the_breach_is_on_the_timeline(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        # The sweep fires a breach when `accept_due_at <= now`; an accept at that instant,
        # before any sweep ran, must agree with it rather than pass as in time.
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")

        with time_machine.travel(at("2026-10-06 09:00"), tick=False):
            handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

        stage = LeadEvent.objects.get(lead=lead, kind=LeadEvent.Kind.STAGE, data__to="sal")
        assert stage.data["in_time"] is False
        handoff = Handoff.objects.get(lead=lead)
        assert handoff.accept_breached_at == at("2026-10-06 09:00")
        breaches = LeadEvent.objects.filter(
            lead=lead, kind=LeadEvent.Kind.SLA, data__event="breach"
        )
        assert [e.at for e in breaches] == [at("2026-10-06 09:00")]

    def test_needs_an_agreement_in_force(self, cast: Cast) -> None:
        lead = LeadFactory(stage=Lead.Stage.MQL, owner=cast["piotr"])

        with pytest.raises(Conflict, match="No agreement is active"):
            handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

        lead.refresh_from_db()
        assert lead.stage == "mql"


class TestQualify:
    @pytest.fixture
    def accepted(self, example: AgreementVersion, cast: Cast) -> Lead:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
        with time_machine.travel(at("2026-10-05 10:00"), tick=False):
            return handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

    def test_without_a_booked_meeting_the_lead_stays_accepted(
        self, accepted: Lead, cast: Cast
    ) -> None:
        # The example's sales lead *is* a booked meeting (lead_definitions.sales_lead).
        lead = lead_qualify(
            lead_id=accepted.pk, actor=cast["piotr"], product_potential=True, horizon_months=4
        )

        assert (lead.stage, lead.sales_temperature) == ("sal", "hot")

        lead = lead_qualify(
            lead_id=accepted.pk,
            actor=cast["piotr"],
            product_potential=True,
            horizon_months=4,
            meeting_at=at("2026-10-08 10:00"),
        )

        assert (lead.stage, lead.meeting_at) == ("sql", at("2026-10-08 10:00"))
        # The temperature did not change the second time: one assessment event only.
        assert (
            LeadEvent.objects.filter(lead=lead, kind="assessment", actor=cast["piotr"]).count() == 1
        )

    def test_a_rep_who_does_not_own_the_lead_cannot(self, accepted: Lead, cast: Cast) -> None:
        with pytest.raises(Conflict, match="not waiting for you"):
            lead_qualify(
                lead_id=accepted.pk, actor=cast["anna"], product_potential=True, horizon_months=4
            )


class TestFirstContact:
    def test_a_time_without_a_zone_is_refused(self, example: AgreementVersion, cast: Cast) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

        with pytest.raises(ApplicationError) as refused:
            lead_first_contact(lead_id=lead.pk, actor=cast["piotr"], at=datetime(2026, 10, 5, 11))

        assert refused.value.status == 422
        assert Handoff.objects.get(lead=lead).first_contact_at is None

    def test_only_once(self, example: AgreementVersion, cast: Cast) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])
        lead_first_contact(lead_id=lead.pk, actor=cast["piotr"], at=at("2026-10-05 11:00"))

        with pytest.raises(Conflict, match="already recorded"):
            lead_first_contact(lead_id=lead.pk, actor=cast["piotr"])

        assert Handoff.objects.get(lead=lead).first_contact_at == at("2026-10-05 11:00")


class TestReassign:
    def test_a_manager_gives_the_lead_to_another_rep_of_the_team(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")

        lead = handoff_reassign(lead_id=lead.pk, actor=cast["sylwia"], to=cast["anna"])

        assert lead.owner == cast["anna"]
        assert Handoff.objects.get(lead=lead).owner == cast["anna"]
        event = LeadEvent.objects.filter(lead=lead, kind="assignment").last()
        assert event.actor == cast["sylwia"]
        assert event.data == {"from": "piotr@firma.pl", "to": "anna@firma.pl", "reassigned": True}

    def test_not_to_a_rep_of_another_team(self, example: AgreementVersion, cast: Cast) -> None:
        outsider = rep("olek@firma.pl", team="sales-enterprise")
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")

        with pytest.raises(ApplicationError) as refused:
            handoff_reassign(lead_id=lead.pk, actor=cast["sylwia"], to=outsider)

        assert refused.value.status == 422
        lead.refresh_from_db()
        assert (lead.owner, lead.team.slug) == (cast["piotr"], "sales-sme")

    def test_a_rep_may_not(self, example: AgreementVersion, cast: Cast) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")

        with pytest.raises(Forbidden):
            handoff_reassign(lead_id=lead.pk, actor=cast["piotr"], to=cast["anna"])


class TestRejectAndClose:
    def test_rejecting_an_accepted_lead_closes_its_handoff(
        self, example: AgreementVersion, cast: Cast
    ) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

        with time_machine.travel(at("2026-10-05 12:00"), tick=False):
            lead = handoff_reject(lead_id=lead.pk, actor=cast["piotr"], reason="no_budget")

        assert (lead.stage, lead.owner, lead.rejected_at) == (
            "nurture",
            None,
            at("2026-10-05 12:00"),
        )
        handoff = Handoff.objects.get(lead=lead)
        assert (handoff.state, handoff.rejection_reason) == ("rejected", "no_budget")

    def test_closing_closes_the_handoff(self, example: AgreementVersion, cast: Cast) -> None:
        lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
        handoff_accept(lead_id=lead.pk, actor=cast["piotr"])

        lead = lead_close(lead_id=lead.pk, actor=cast["piotr"], won=False, reason="chose SAP")

        assert (lead.stage, lead.lost_reason) == ("lost", "chose SAP")
        assert Handoff.objects.get(lead=lead).state == Handoff.State.CLOSED
