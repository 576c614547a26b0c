"""The language switch in the top bar: Polish → English → Polish, remembered for the person."""

import pytest
from playwright.sync_api import Page, expect

from leadpact.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_switches_to_english_and_back(page: Page, new_page, site, sign_in, cast, in_force):
    sign_in(page, "piotr")
    page.get_by_role("link", name="Moja kolejka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moja kolejka")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My queue")
    expect(page).to_have_url(f"{site}/queue/")
    expect(page.get_by_role("heading", name="Waiting for me")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert User.objects.get(pk=cast["piotr"].pk).language == "en"

    # Remembered for the person: on another device (no cookies) the app speaks English.
    other = new_page()
    sign_in(other, "piotr")  # the sign-in page still speaks the browser's Polish
    expect(other.get_by_role("link", name="My queue")).to_be_visible()
    expect(other.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Polski").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moja kolejka")
    expect(page.get_by_role("heading", name="Czekają na mnie")).to_be_visible()
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert User.objects.get(pk=cast["piotr"].pk).language == "pl"
