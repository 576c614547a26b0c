"""Polish and English: the switch is remembered per person, times follow their time zone, and
the Polish catalogue is complete and compiled."""

import gettext
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from leadpact.leads.tests.scenarios import at

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "leadpact" / "locale" / "pl" / "LC_MESSAGES"


def test_polish_is_the_default_and_english_is_one_click_away(web_for, cast):
    client = web_for("piotr")
    assert "Moja kolejka" in client.get("/").content.decode()

    response = client.post("/language/", {"language": "en", "next": "/queue/"})

    assert response["Location"] == "/queue/"
    cast["piotr"].refresh_from_db()
    assert cast["piotr"].language == "en"
    page = client.get("/queue/").content.decode()
    assert "My queue" in page
    assert '<html lang="en">' in page


def test_the_choice_follows_the_person_to_another_device(web_for, cast):
    web_for("piotr").post("/language/", {"language": "en"})

    other_device = web_for("piotr")

    assert "Waiting for me" in other_device.get("/queue/").content.decode()


def test_switching_back_to_polish(web_for, cast):
    client = web_for("anna")
    client.post("/language/", {"language": "en"})
    client.post("/language/", {"language": "pl"})

    assert "Moja kolejka" in client.get("/").content.decode()


def test_a_stored_language_wins_over_the_browsers(web_for):
    client = web_for("piotr")

    assert "Moja kolejka" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_anonymous_visitors_get_their_browsers_language_and_can_switch(client):
    assert "Sign in" in client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Zaloguj się" in client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    client.post("/language/", {"language": "en", "next": "/sign-in/"})

    assert "Sign in" in client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()


def test_an_unknown_language_or_a_foreign_next_is_ignored(web_for, cast):
    client = web_for("piotr")

    response = client.post("/language/", {"language": "de", "next": "https://evil.example/"})

    assert response["Location"] == "/"
    cast["piotr"].refresh_from_db()
    assert cast["piotr"].language == "pl"


def test_times_are_shown_in_the_users_time_zone(web_for, cast, piotrs_lead):
    # Accept by Tuesday 6 October 09:00 Warsaw = 03:00 in New York (EDT, UTC-4).
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        warsaw = web_for("piotr").get("/queue/").content.decode()
        cast["piotr"].time_zone = "America/New_York"
        cast["piotr"].save()
        new_york = web_for("piotr").get("/queue/").content.decode()

    assert 'datetime="2026-10-06T09:00:00+02:00"' in warsaw
    assert "Wt 6 Paź, 09:00" in warsaw
    assert 'datetime="2026-10-06T03:00:00-04:00"' in new_york
    assert "Wt 6 Paź, 03:00" in new_york


def test_preferences_change_language_and_time_zone(web_for, cast):
    client = web_for("marta")

    response = client.post("/preferences/", {"language": "en", "time_zone": "Europe/London"})

    assert response.status_code == 302
    cast["marta"].refresh_from_db()
    assert (cast["marta"].language, cast["marta"].time_zone) == ("en", "Europe/London")
    assert (
        client.post("/preferences/", {"language": "en", "time_zone": "Mars/Base"}).status_code
        == 200
    )


def po_entries() -> list[tuple[str, str | None, list[str]]]:
    """(msgid, msgid_plural, msgstrs) of every entry of the Polish catalogue but the header."""
    entries = []
    for block in (LOCALE / "django.po").read_text().split("\n\n")[1:]:
        fields: dict[str, list[str]] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r"^(\w+(?:\[\d\])?) (\".*\")$", line)
            if match:
                key = match.group(1)
                fields[key] = [json.loads(match.group(2))]
            else:
                fields[key].append(json.loads(line))
        text = {k: "".join(v) for k, v in fields.items()}
        strs = [v for k, v in sorted(text.items()) if k.startswith("msgstr")]
        entries.append((text["msgid"], text.get("msgid_plural"), strs))
    return entries


def test_the_polish_catalogue_is_complete():
    untranslated = [msgid for msgid, _, strs in po_entries() if not all(strs)]

    assert untranslated == []
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text().split("\n\n", 1)[1]


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    for msgid, plural, strs in po_entries():
        if plural is None:
            assert catalogue.gettext(msgid) == strs[0], msgid
        else:
            assert catalogue.ngettext(msgid, plural, 1) == strs[0], msgid


@pytest.mark.parametrize("name", ["piotr", "sylwia", "marta", "adam"])
def test_polish_pages_show_no_english_interface_text(web_for, piotrs_lead, annas_lead, name):
    english = {
        msgid
        for msgid, plural, strs in po_entries()
        if plural is None and len(msgid) >= 12 and strs[0] != msgid and "%(" not in msgid
    }
    client = web_for(name)
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        for url in (
            "/",
            "/queue/",
            f"/leads/{piotrs_lead.pk}/",
            "/information-requests/",
            "/inbox/",
        ):
            page = client.get(url).content.decode()
            shown = {text for text in english if text in page}
            assert shown == set(), (url, shown)


def test_the_sign_in_page_works_without_a_session_in_both_languages():
    for language, word in (("pl", "Hasło"), ("en", "Password")):
        assert word in Client().get("/sign-in/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
