"""A rep's day in the browser: sign in, see the lead with its countdown, accept, qualify."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadpact.leads.models import Lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rep_accepts_and_qualifies_a_lead_from_the_queue(page: Page, site, sign_in, hand_over):
    lead = hand_over("jan.kowal@huta.pl")
    assert lead.stage == Lead.Stage.MQL

    sign_in(page, "piotr")
    page.get_by_role("navigation", name="Główne").get_by_role("link", name="Moja kolejka").click()
    expect(page).to_have_url(f"{site}/queue/")
    waiting = page.locator("section", has=page.locator("#queue-waiting"))
    row = waiting.locator("tr.lead-row", has_text="jan.kowal@huta.pl")
    expect(row).to_contain_text("Przyjęcie do")
    expect(row).to_contain_text("Pierwszy kontakt do")
    expect(row.locator(".countdown").first).to_contain_text(
        re.compile(r"zostało \d+,\d godz\. rob\.")
    )
    expect(row).to_contain_text("MQL")

    row.get_by_role("link", name=re.compile("jan.kowal@huta.pl|Jan", re.I)).click()
    expect(page).to_have_url(f"{site}/leads/{lead.pk}/")
    stage = page.locator(".page-head .stage")
    expect(stage).to_have_text("MQL")

    page.get_by_role("button", name="Przyjmij").click()
    expect(stage).to_have_text("Przyjęty przez sprzedaż")
    expect(page.get_by_role("button", name="Przyjmij")).to_have_count(0)

    page.locator("summary", has_text="Kwalifikuj").click()
    qualify = page.locator("form[action$='/qualify/']")
    qualify.get_by_label("Tak").check()
    qualify.get_by_label("Horyzont zakupu (miesiące)").fill("3")
    meeting = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=10, minute=0)
    qualify.get_by_label("Spotkanie").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    qualify.get_by_role("button", name="Zapisz kwalifikację").click()

    expect(stage).to_have_text("Zakwalifikowany przez sprzedaż")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("horyzont 3 miesiące")
    expect(facts.locator(f"time[datetime^='{meeting.strftime('%Y-%m-%dT%H:%M')}']")).to_be_visible()
    lead.refresh_from_db()
    assert lead.stage == Lead.Stage.SQL
    assert lead.horizon_months == 3
