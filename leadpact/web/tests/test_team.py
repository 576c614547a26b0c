"""The sales manager's team page: queues, missed deadlines, reassignment and SLA compliance.

Piotr's lead is handed on Monday 5 October at 09:00 (accept by Tuesday 09:00: the example
agreement's day is 08:00–16:00), Anna's an hour later; Sylwia manages their team.
"""

import pytest
import time_machine
from django.contrib.messages import get_messages

from leadpact.leads import lifecycle
from leadpact.leads.models import Handoff, LeadEvent
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.notifications.models import Notification
from leadpact.sla.services import sla_sweep
from leadpact.users.models import User
from leadpact.users.services import user_create
from leadpact.web.team_selectors import team_compliance, team_reps, teams_managed

pytestmark = pytest.mark.django_db

TUESDAY_0930 = at("2026-10-06 09:30")


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def tomasz(cast, example):
    """The manager of another team, with a rep of his own."""
    manager = user_create(
        email="tomasz@firma.pl", role="sales_manager", password=None, team_slug="sales-enterprise"
    )
    user_create(email="ola@firma.pl", role="sales_rep", password=None, team_slug="sales-enterprise")
    return manager


def test_the_team_page_shows_each_reps_waiting_leads_with_their_countdown(
    web_for, piotrs_lead, annas_lead
):
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        page = web_for("sylwia").get("/team/")

    assert page.status_code == 200
    board = page.context["boards"][0]
    per_rep = {rep.email: [item.row.lead for item in items] for rep, items in board["per_rep"]}
    assert per_rep == {"anna@firma.pl": [annas_lead], "piotr@firma.pl": [piotrs_lead]}
    assert board["unassigned"] == []
    clock = board["per_rep"][1][1][0].row.clock
    assert clock.accept.deadline == at("2026-10-06 09:00")
    assert clock.accept.hours_left == 5.0  # Monday 12:00–16:00 and Tuesday 08:00–09:00
    html = page.content.decode()
    assert "jan.kowal@huta.pl" in html
    assert "countdown countdown--" in html


def test_a_missed_deadline_and_the_escalation_show_in_the_team_page(web_for, piotrs_lead):
    with time_machine.travel(TUESDAY_0930, tick=False):
        sla_sweep()
        page = web_for("sylwia").get("/team/")

    board = page.context["boards"][0]
    assert [item.row.lead for item in board["late"]] == [piotrs_lead]
    handoff = board["late"][0].row.handoff
    assert handoff.accept_breached_at is not None and handoff.escalated_at is not None
    html = page.content.decode()
    assert 'class="flag"' in html
    assert f"team-lead-{piotrs_lead.pk}" in html


def test_no_breach_no_late_list(web_for, piotrs_lead):
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        page = web_for("sylwia").get("/team/")

    assert page.context["boards"][0]["late"] == []


def test_reassigning_to_the_owner_says_so_and_tells_nobody(web_for, piotrs_lead, cast):
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        response = web_for("sylwia").post(
            f"/team/leads/{piotrs_lead.pk}/reassign/", {"to": cast["piotr"].pk, "next": "/team/"}
        )

    assert said(response) == ["Wybierz aktywnego handlowca zespołu, któremu przekazać leada."]
    assert not Notification.objects.filter(kind=Notification.Kind.LEAD_REASSIGNED).exists()


def test_reassignment_moves_the_lead_and_notifies_the_new_owner(web_for, piotrs_lead, cast):
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        response = web_for("sylwia").post(
            f"/team/leads/{piotrs_lead.pk}/reassign/", {"to": cast["anna"].pk, "next": "/team/"}
        )

    assert response.status_code == 302
    assert response["Location"] == "/team/"
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.owner == cast["anna"]
    assert Handoff.objects.get(lead=piotrs_lead).owner == cast["anna"]
    assert Notification.objects.filter(
        recipient=cast["anna"], kind=Notification.Kind.LEAD_REASSIGNED
    ).exists()
    event = LeadEvent.objects.filter(lead=piotrs_lead, kind=LeadEvent.Kind.ASSIGNMENT).last()
    assert event is not None
    assert event.actor == cast["sylwia"]
    assert event.data["reassigned"] is True
    assert event.clause_ids == ["handoff.assignment"]
    assert len(said(response)) == 1 and "Anna Kowalska" in said(response)[0]


def test_the_form_offers_only_the_teams_other_active_reps(web_for, piotrs_lead, tomasz):
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        page = web_for("sylwia").get("/team/")

    html = page.content.decode()
    assert f'action="/team/leads/{piotrs_lead.pk}/reassign/"' in html
    item = page.context["boards"][0]["per_rep"][1][1][0]
    assert item.row.lead == piotrs_lead
    offered = [label for value, label in item.forms["reassign"].fields["to"].choices if value]
    assert offered == ["Anna Kowalska"]


def test_a_rep_of_another_team_is_refused_and_nothing_moves(web_for, piotrs_lead, cast, tomasz):
    ola = User.objects.get(email="ola@firma.pl")
    response = web_for("sylwia").post(
        f"/team/leads/{piotrs_lead.pk}/reassign/", {"to": ola.pk}, follow=True
    )

    piotrs_lead.refresh_from_db()
    assert piotrs_lead.owner == cast["piotr"]
    assert said(response) == ["Wybierz aktywnego handlowca zespołu, któremu przekazać leada."]


@pytest.mark.parametrize(
    ("who", "status"), [("tomasz", 404), ("piotr", 403), ("marta", 403), ("adam", 302)]
)
def test_who_may_reassign(client, piotrs_lead, cast, tomasz, who, status):
    person = tomasz if who == "tomasz" else cast[who]
    client.force_login(person)

    response = client.post(f"/team/leads/{piotrs_lead.pk}/reassign/", {"to": cast["anna"].pk})

    assert response.status_code == status
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.owner == (cast["anna"] if status == 302 else cast["piotr"])


def test_another_teams_manager_sees_only_their_own_team(client, piotrs_lead, tomasz):
    client.force_login(tomasz)
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        page = client.get("/team/")

    assert [shown["board"].team.slug for shown in page.context["boards"]] == ["sales-enterprise"]
    assert f"/leads/{piotrs_lead.pk}/" not in page.content.decode()


def test_an_admin_sees_every_team_and_may_pick_one(web_for, piotrs_lead, tomasz):
    page = web_for("adam").get("/team/")
    assert {s["board"].team.slug for s in page.context["boards"]} == {
        "sales-enterprise",
        "sales-sme",
    }

    page = web_for("adam").get("/team/?team=sales-sme")
    assert [s["board"].team.slug for s in page.context["boards"]] == ["sales-sme"]


def test_compliance_this_month_per_rep(web_for, piotrs_lead, annas_lead, cast):
    """Piotr accepts his lead an hour after the handoff and rejects a third lead in time; Anna
    accepts hers late, on Tuesday at noon (deadline Tuesday 10:00)."""
    third = mql_at(at("2026-10-05 11:00"), "adam.lis@huta.pl")
    assert third.owner == cast["piotr"]
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=piotrs_lead.pk, actor=cast["piotr"])
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        lifecycle.handoff_reject(lead_id=third.pk, actor=cast["piotr"], reason="timing")
    with time_machine.travel(at("2026-10-06 12:00"), tick=False):
        lifecycle.handoff_accept(lead_id=annas_lead.pk, actor=cast["anna"])

    with time_machine.travel(at("2026-10-20 12:00"), tick=False):
        team = teams_managed(user=cast["sylwia"]).get()
        compliance = team_compliance(reps=team_reps(teams=[team]))
        page = web_for("sylwia").get("/team/")

    assert compliance is not None
    assert compliance.period.label == "2026-10"
    rows = {row.rep.email: row for row in compliance.rows}
    piotr, anna = rows["piotr@firma.pl"], rows["anna@firma.pl"]
    assert (piotr.due, piotr.in_time, piotr.breaches, piotr.accepted) == (2, 2, 0, 1)
    assert piotr.median_hours_to_accept == 1.0  # Monday 09:00 → 10:00
    assert (anna.due, anna.in_time, anna.breaches, anna.accepted) == (1, 0, 1, 1)
    assert anna.median_hours_to_accept == 10.0  # Monday 10:00–16:00 and Tuesday 08:00–12:00
    assert anna.in_time_share == 0.0
    html = page.content.decode()
    assert "2 / 2" in html and "0 / 1" in html


def test_a_deadline_later_this_month_does_not_count_until_it_passes(piotrs_lead, cast):
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        team = teams_managed(user=cast["sylwia"]).get()
        compliance = team_compliance(reps=team_reps(teams=[team]))

    assert compliance is not None
    rows = {row.rep.email: row for row in compliance.rows}
    assert rows["piotr@firma.pl"].due == 0
    assert rows["piotr@firma.pl"].in_time_share is None


def test_a_manager_without_a_team_sees_an_empty_state(client, example):
    lonely = user_create(email="ewa@firma.pl", role="sales_manager", password=None)
    client.force_login(lonely)

    page = client.get("/team/")

    assert page.status_code == 200
    assert page.context["boards"] == []
    assert 'class="empty"' in page.content.decode()
