"""The two heads change the agreement: one proposes a version, both sign it, it is activated."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.users.services import user_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = "Przeczytałem(-am) i akceptuję tę wersję"


@pytest.fixture
def heads(cast, activate_example):
    """The example agreement's signatories, with passwords, and version 1 in force."""
    marta = user_create(
        email="marta.nowak@leadpact.demo", role="marketing", password="x-pass-12345",
        name="Marta Nowak",
    )  # fmt: skip
    tomasz = user_create(
        email="tomasz.wisniewski@leadpact.demo", role="sales_manager", password="x-pass-12345",
        name="Tomasz Wiśniewski", team_slug="sales-sme",
    )  # fmt: skip
    activate_example()
    return {"marta": marta, "tomasz": tomasz}


def test_the_two_heads_sign_a_new_version_and_it_comes_into_force(new_page, site, sign_in, heads):
    document = yaml.safe_load(example_agreement_text("pl"))
    document["goals"]["sales"]["won_deals"] = 15
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)

    marta = sign_in(new_page(), heads["marta"])
    marta.get_by_role("link", name="Umowa", exact=True).click()
    marta.get_by_role("link", name="Zaproponuj nową wersję").click()
    pasted = marta.get_by_label("Albo wklej treść umowy")

    # A mistake is shown with its line, and nothing is proposed.
    wrong = text.replace("won_deals: 15", "won_deals: -1")
    line = wrong.splitlines().index("    won_deals: -1") + 1
    pasted.fill(wrong)
    marta.get_by_role("button", name="Zaproponuj", exact=True).click()
    expect(marta.get_by_text(re.compile(rf"wiersz {line}\b")).first).to_be_visible()
    assert AgreementVersion.objects.count() == 1

    marta.get_by_label("Albo wklej treść umowy").fill(text)
    marta.get_by_role("button", name="Zaproponuj", exact=True).click()
    expect(marta).to_have_url(f"{site}/agreement/versions/2/")
    expect(marta.locator(".page-head h1")).to_have_text("Wersja umowy 2")
    expect(marta.locator(".page-head .version-status")).to_have_text("Projekt")

    marta.get_by_role("link", name="Podpisz tę wersję").click()
    confirm = marta.get_by_label(CONFIRM)
    marta.get_by_role("button", name="Podpisz", exact=True).click()  # not ticked: refused
    assert confirm.evaluate("box => box.validity.valueMissing")
    expect(marta).to_have_url(f"{site}/agreement/versions/2/sign/")
    confirm.check()
    marta.get_by_role("button", name="Podpisz", exact=True).click()
    expect(marta).to_have_url(f"{site}/agreement/versions/2/")
    signer = marta.locator(".signer", has_text="Marta Nowak")
    expect(signer.locator(".signer__state")).to_contain_text("podpisano")
    expect(marta.get_by_role("link", name="Podpisz tę wersję")).to_have_count(0)

    tomasz = sign_in(new_page(), heads["tomasz"])
    tomasz.get_by_role("link", name="Umowa", exact=True).click()
    expect(tomasz.locator(".notice")).to_contain_text("Wersja 2 czeka na Twój podpis.")
    tomasz.get_by_role("link", name="Przeczytaj i podpisz").click()
    tomasz.get_by_role("link", name="Podpisz tę wersję").click()
    expect(tomasz.locator("#changes")).to_be_visible()  # what changes against version 1
    tomasz.get_by_label(CONFIRM).check()
    tomasz.get_by_role("button", name="Podpisz", exact=True).click()
    expect(tomasz.locator(".page-head .version-status")).to_have_text("Podpisana")

    tomasz.get_by_role("link", name="Aktywuj tę wersję").click()
    tomasz.get_by_role("button", name="Aktywuj", exact=True).click()
    expect(tomasz.get_by_role("status")).to_contain_text("Wersja 2 obowiązuje od teraz.")
    expect(tomasz.locator(".page-head .version-status")).to_have_text("Obowiązująca")

    version = AgreementVersion.objects.get(number=2)
    assert version.status == AgreementVersion.Status.ACTIVE
    assert AgreementVersion.objects.get(number=1).status == AgreementVersion.Status.SUPERSEDED
    # Everyone now reads version 2: Marta's document page shows the new goal.
    marta.get_by_role("link", name="Umowa", exact=True).click()
    expect(marta.locator(".agreement-version-links li", has_text="Wersja 2")).to_contain_text(
        "Obowiązująca"
    )
    expect(marta.locator(".agreement-document")).to_contain_text("15 wygranych projektów")
