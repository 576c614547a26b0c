"""The home page says what needs doing now, per role: a rep's first calls coming due, a
manager's unassigned leads and the way to the team page, marketing's newest MQLs and
rejections, the agreement versions waiting for a signature."""

import pytest
import time_machine

from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import agreement_version_propose
from leadpact.leads import lifecycle
from leadpact.leads.tests.scenarios import at
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

NOON = at("2026-10-05 12:00")


def test_a_rep_sees_the_first_calls_coming_due(web_for, piotrs_lead, cast):
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=piotrs_lead.pk, actor=cast["piotr"])
    with time_machine.travel(NOON, tick=False):
        page = web_for("piotr").get("/")

    assert [item.row.lead for item in page.context["due_items"]] == [piotrs_lead]
    assert "jan.kowal@huta.pl" in page.content.decode()


def test_a_rep_without_accepted_leads_sees_the_empty_state(web_for, piotrs_lead):
    with time_machine.travel(NOON, tick=False):
        page = web_for("piotr").get("/")

    assert page.context["due_items"] == []
    assert "Żaden przyjęty lead nie czeka na pierwszy telefon." in page.content.decode()


def test_a_manager_is_led_to_the_team_page(web_for, piotrs_lead):
    with time_machine.travel(NOON, tick=False):
        page = web_for("sylwia").get("/")

    assert page.context["team_unassigned"] == 0
    html = page.content.decode()
    assert 'href="/team/"' in html
    assert 'href="/team/#team-compliance"' in html


def test_marketing_sees_the_newest_mqls_and_rejections(web_for, piotrs_lead, cast):
    with time_machine.travel(NOON, tick=False):
        lifecycle.handoff_reject(lead_id=piotrs_lead.pk, actor=cast["piotr"], reason="timing")
        page = web_for("marta").get("/")

    news = page.context["marketing_news"]
    assert [handoff.lead for handoff in news.newest_mqls] == [piotrs_lead]
    assert (news.rejected_this_month, news.nurture_now) == (1, 1)
    html = page.content.decode()
    assert 'href="/marketing/rejected/"' in html
    assert 'href="/marketing/pool/?stage=nurture"' in html


def test_a_head_sees_the_version_waiting_for_their_signature(client, example):
    proposer = User.objects.get(email="marta.nowak@leadpact.demo")
    version = agreement_version_propose(
        text=example_agreement_text("pl").replace("won_deals: 12", "won_deals: 14"),
        filename="v2.yaml",
        proposed_by=proposer,
    )
    client.force_login(proposer)

    [pending] = client.get("/").context["pending_versions"]

    assert pending.version == version
    assert pending.awaits_me is True
    assert {signer.email for signer in pending.missing} >= {"marta.nowak@leadpact.demo"}


def test_an_admin_sees_every_pending_version_and_a_rep_none(web_for, example):
    agreement_version_propose(
        text=example_agreement_text("pl").replace("won_deals: 12", "won_deals: 14"),
        filename="v2.yaml",
        proposed_by=User.objects.get(email="marta.nowak@leadpact.demo"),
    )

    [pending] = web_for("adam").get("/").context["pending_versions"]
    assert pending.awaits_me is False
    assert web_for("piotr").get("/").context["pending_versions"] == []
