"""Usable without a mouse and on a phone: the sign-in form by keyboard alone; no page wider
than a 375 px screen."""

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def test_the_sign_in_form_works_with_the_keyboard_alone(page: Page, site, cast, in_force):
    page.goto(f"{site}/sign-in/")
    email = page.get_by_label("E-mail")
    expect(email).to_be_focused()  # autofocus: typing can start at once
    page.keyboard.type(cast["piotr"].email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Hasło")).to_be_focused()
    page.keyboard.type("x-pass-12345")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Piotr Zieliński")


def test_a_wrong_password_is_announced_and_keeps_the_e_mail(page: Page, site, cast, in_force):
    page.goto(f"{site}/sign-in/")
    page.keyboard.type(cast["piotr"].email)
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("E-mail albo hasło są nieprawidłowe.")
    expect(page.get_by_label("E-mail")).to_have_value(cast["piotr"].email)


def no_horizontal_scroll(page: Page) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("where", ["/queue/", "lead", "/", "/agreement/", "/inbox/"])
def test_pages_fit_a_phone_screen(browser: Browser, site, sign_in, hand_over, where: str):
    lead = hand_over("jan.kowal@huta.pl")
    context = browser.new_context(viewport=PHONE, locale="pl-PL", is_mobile=True)
    context.set_default_timeout(10_000)
    try:
        phone = sign_in(context.new_page(), "piotr")
        phone.goto(site + (f"/leads/{lead.pk}/" if where == "lead" else where))
        expect(phone.locator("footer.footer")).to_be_visible()
        assert no_horizontal_scroll(phone), phone.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
    finally:
        context.close()
