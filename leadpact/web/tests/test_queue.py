"""My queue: what waits for the rep, with countdowns coloured by the agreement's reminders."""

import re

import pytest
import time_machine

from leadpact.leads import lifecycle
from leadpact.leads.models import Handoff
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.users.models import Team
from leadpact.web.countdown import AMBER, OK, RED, SlaClock, level_for

pytestmark = pytest.mark.django_db


def row_of(page: str, email: str) -> str:
    """The table row that shows the lead with this e-mail."""
    for row in re.findall(r"<tr class=\"lead-row.*?</tr>", page, re.S):
        if email in row:
            return row
    raise AssertionError(f"{email} is not in the page")


# The handoff is Monday 09:00; the agreement gives 8 business hours (08:00–16:00) to accept,
# with reminders at 50 % and 80 %.
@pytest.mark.parametrize(
    ("when", "percent", "level", "text"),
    [
        ("2026-10-05 12:12", 40, OK, "zostało 4,8 godz. rob."),
        ("2026-10-05 13:48", 60, AMBER, "minął punkt przypomnienia"),
        ("2026-10-05 15:48", 85, RED, "pilne"),
        ("2026-10-06 09:48", 110, RED, "po terminie o 0,8 godz. rob."),
    ],
)
def test_the_accept_countdown_turns_amber_and_red_at_the_reminder_points(
    web_for, piotrs_lead, when, percent, level, text
):
    with time_machine.travel(at(when), tick=False):
        page = web_for("piotr").get("/queue/").content.decode()
        clock = SlaClock(at(when)).of(Handoff.objects.get(lead=piotrs_lead))

    assert clock is not None and clock.accept is not None
    assert clock.accept.percent == percent
    assert clock.accept.level == level
    assert clock.accept.breached is (percent >= 100)
    row = row_of(page, piotrs_lead.email)
    assert f"lead-row--{level}" in row
    assert f"countdown countdown--{level}" in row
    assert text in row
    assert "Przyjęcie do" in row and "Pierwszy kontakt do" in row


def test_reminder_points_follow_the_agreement():
    assert level_for(49.9, (50, 80), False) == OK
    assert level_for(50, (50, 80), False) == AMBER
    assert level_for(80, (50, 80), False) == RED
    assert level_for(99, (70,), False) == AMBER
    assert level_for(99, (), False) == OK
    assert level_for(0, (), True) == RED


def test_the_queue_lists_waiting_then_accepted_then_qualified(web_for, cast, piotrs_lead, example):
    accepted = mql_at(at("2026-10-05 09:10"), "a@stal.pl")  # Anna's turn
    accepted = mql_at(at("2026-10-05 09:20"), "b@stal.pl")  # Piotr's
    qualified = mql_at(at("2026-10-05 09:40"), "c@stal.pl")  # Anna's
    qualified = mql_at(at("2026-10-05 09:50"), "d@stal.pl")  # Piotr's
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=accepted.pk, actor=cast["piotr"])
        lifecycle.handoff_accept(lead_id=qualified.pk, actor=cast["piotr"])
        lifecycle.lead_qualify(
            lead_id=qualified.pk,
            actor=cast["piotr"],
            product_potential=True,
            horizon_months=3,
            meeting_at=at("2026-10-08 10:00"),
        )
        page = web_for("piotr").get("/queue/")

    sections = {key: [i.row.lead.email for i in items] for key, items in page.context["sections"]}
    assert sections == {
        "waiting": [piotrs_lead.email],
        "team": [],
        "accepted": ["b@stal.pl"],
        "qualified": ["d@stal.pl"],
    }
    html = page.content.decode()
    assert html.index("jan.kowal@huta.pl") < html.index("b@stal.pl") < html.index("d@stal.pl")
    assert "a@stal.pl" not in html and "c@stal.pl" not in html


def test_the_teams_unassigned_leads_are_offered_to_every_rep_of_the_team(web_for, cast, example):
    team = Team.objects.get(slug="sales-sme")
    for rep in ("piotr", "anna"):
        cast[rep].is_active = False
        cast[rep].save()
    lead = mql_at(at("2026-10-05 09:00"), "nikt@huta.pl")
    for rep in ("piotr", "anna"):
        cast[rep].is_active = True
        cast[rep].save()
    assert lead.owner is None and lead.team == team

    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        page = web_for("anna").get("/queue/")
        taken = web_for("anna").post(f"/leads/{lead.pk}/accept/", {"next": "/queue/"})

    assert [i.row.lead for i in dict(page.context["sections"])["team"]] == [lead]
    assert f'action="/leads/{lead.pk}/accept/"' in page.content.decode()
    assert taken["Location"] == "/queue/"
    lead.refresh_from_db()
    assert (lead.owner, lead.stage) == (cast["anna"], "sal")


def test_an_empty_queue_says_what_will_appear_there(web_for, example):
    page = web_for("anna").get("/queue/").content.decode()

    assert "Nic na Ciebie nie czeka." in page
    assert "Kolejka zespołu jest pusta." in page


def test_without_an_agreement_in_force_the_queue_says_so(web_for, cast):
    page = web_for("piotr").get("/queue/").content.decode()

    assert "Żadna umowa jeszcze nie obowiązuje" in page
