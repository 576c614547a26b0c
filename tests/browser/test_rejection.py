"""A rep sends a lead back with the agreement's reason; marketing finds it in nurture with it."""

import pytest
from playwright.sync_api import Page, expect

from leadpact.leads.models import Lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMING = "Zły moment — projekt później"  # the example agreement's reason `timing` → nurture
NOT_ICP = "Poza profilem klienta (ICP) *"  # `not_icp` needs a note (marked *)


def test_a_rejected_lead_reaches_marketings_nurture_pool_with_its_reason(
    new_page, site, sign_in, hand_over
):
    lead = hand_over("jan.kowal@huta.pl")
    rep: Page = new_page()
    sign_in(rep, "piotr")
    rep.goto(f"{site}/queue/")
    row = rep.locator("#queue-waiting ~ * tr.lead-row", has_text="jan.kowal@huta.pl")
    row.locator("summary", has_text="Odrzuć").click()
    form = row.locator("form[action$='/reject/']")

    # A reason that needs a note, without one: the form says so and nothing happens.
    form.get_by_label("Powód").select_option(label=NOT_ICP)
    form.get_by_role("button", name="Odrzuć leada").click()
    form = rep.locator("form[action$='/reject/']")  # the lead page, with the form open
    expect(form.locator(".error")).to_have_text("Ten powód wymaga uwagi: tak stanowi umowa.")
    expect(rep.locator(".page-head .stage")).to_have_text("MQL")

    # From the queue again, with a reason that sends the lead to nurture, and a note.
    rep.get_by_role("link", name="Moja kolejka").click()
    row.locator("summary", has_text="Odrzuć").click()
    form = row.locator("form[action$='/reject/']")
    form.get_by_label("Powód").select_option(label=TIMING)
    form.get_by_label("Notatka").fill("Budżet na chmurę dopiero w 2027 r.")
    form.get_by_role("button", name="Odrzuć leada").click()
    expect(rep.get_by_role("status")).to_contain_text("Odrzucono: jan.kowal@huta.pl")
    expect(rep).to_have_url(f"{site}/queue/")
    expect(row).to_have_count(0)
    lead.refresh_from_db()
    assert lead.stage == Lead.Stage.NURTURE

    marketing: Page = new_page()
    sign_in(marketing, "marta")
    marketing.get_by_role("navigation", name="Główne").get_by_role(
        "link", name="Marketing", exact=True
    ).click()
    marketing.get_by_label("Etap").select_option(label="Nurturing")
    marketing.get_by_role("button", name="Pokaż").click()
    expect(marketing).to_have_url(f"{site}/marketing/pool/?stage=nurture&temperature=")
    card = marketing.locator(f"#pool-lead-{lead.pk}")
    expect(card.locator(".stage")).to_have_text("Nurturing")
    expect(card.locator(".rejection__reason")).to_have_text(TIMING)
    expect(card.locator(".rejection__note")).to_have_text("Budżet na chmurę dopiero w 2027 r.")
    expect(card.locator(".rejection")).to_contain_text("Piotr Zieliński")


def test_rejecting_on_the_lead_page_leads_somewhere_the_rep_may_see(page, site, sign_in, hand_over):
    lead = hand_over("jan.kowal@huta.pl")
    sign_in(page, "piotr")
    page.goto(f"{site}/leads/{lead.pk}/")
    page.locator("summary", has_text="Odrzuć").click()
    form = page.locator("form[action$='/reject/']")
    form.get_by_label("Powód").select_option(label=TIMING)
    form.get_by_role("button", name="Odrzuć leada").click()
    expect(page.get_by_role("status")).to_contain_text("Odrzucono: jan.kowal@huta.pl")
    # The lead is marketing's now: the rep lands on their queue, not on a page they may not see.
    expect(page).to_have_url(f"{site}/queue/")
    assert page.get_by_role("heading", level=1).inner_text() != "Nie znaleźliśmy tego"
