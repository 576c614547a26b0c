"""Article part 5 in the web app: after a call the rep answers the agreement's questions; what
sales needs to know lands on marketing's to-do list; marketing answers; the rep is told."""

import re

import pytest
import time_machine
from django.test import Client

from leadpact.leads.tests.scenarios import at, in_force, mql_at

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_feedback_becomes_marketings_to_do_and_the_answer_comes_back_to_the_rep(
    cast, activate_example
):
    in_force(activate_example)
    lead = mql_at(at("2026-10-05 09:00"), "jan.kowal@huta.pl")
    piotr, marta = signed_in(cast["piotr"]), signed_in(cast["marta"])

    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        piotr.post(f"/leads/{lead.pk}/accept/")
        piotr.post(f"/leads/{lead.pk}/first-contact/", {"at": ""})
        piotr.post(
            f"/leads/{lead.pk}/feedback/",
            {
                "q_conversation": "Rozmowa dobra: migracja do chmury w przyszłym roku.",
                "q_interesting_contacts": "Ich CTO — sam prowadzi projekt.",
                "q_information_needed": "Które nasze webinary oglądał ich zespół IT?",
                "interesting": "on",
            },
        )

    home = marta.get("/").content.decode()
    assert "Które nasze webinary oglądał ich zespół IT?" in home
    to_do = marta.get("/information-requests/").content.decode()
    assert "Które nasze webinary oglądał ich zespół IT?" in to_do
    answer_url = re.search(r'action="(/information-requests/\d+/answer/)"', to_do).group(1)

    unread_before = piotr.get("/").context["unread_count"]
    with time_machine.travel(at("2026-10-05 12:00"), tick=False):
        marta.post(answer_url, {"answer": "Dwa: o chmurze hybrydowej i o bezpieczeństwie."})

    assert "Brak otwartych próśb" in marta.get("/information-requests/").content.decode()
    unread = unread_before + 1
    rep_home = piotr.get("/").content.decode()
    assert f'<span class="badge" aria-label="{unread} nieprzeczytane">{unread}</span>' in rep_home
    inbox = piotr.get("/inbox/").content.decode()
    assert "Odpowiedź na prośbę o informacje" in inbox
    assert "Dwa: o chmurze hybrydowej i o bezpieczeństwie." in inbox
    lead_page = piotr.get(f"/leads/{lead.pk}/").content.decode()
    assert "Dwa: o chmurze hybrydowej i o bezpieczeństwie." in lead_page
    assert "Informacja zwrotna od sprzedaży" in lead_page
    assert 'href="/agreement/#feedback.questions.information_needed"' in lead_page
