"""The inline actions: each POST form calls one lifecycle service; refusals are messages."""

import pytest
import time_machine
from django.contrib.messages import get_messages

from leadpact.agreements.models import AgreementVersion
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads import lifecycle
from leadpact.leads.models import Handoff, Lead
from leadpact.leads.tests.scenarios import at

pytestmark = pytest.mark.django_db

MONDAY_10 = "2026-10-05 10:00"


@pytest.fixture
def qualified(accepted, cast):
    """Accepted, then qualified hot with a meeting booked: an SQL, ready to be closed."""
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        lifecycle.lead_qualify(
            lead_id=accepted.pk,
            actor=cast["piotr"],
            product_potential=True,
            horizon_months=2,
            meeting_at=at("2026-10-07 10:00"),
        )
    return accepted


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def piotr(web_for):
    return web_for("piotr")


@pytest.fixture
def accepted(piotrs_lead, cast):
    with time_machine.travel(at(MONDAY_10), tick=False):
        lifecycle.handoff_accept(lead_id=piotrs_lead.pk, actor=cast["piotr"])
    return piotrs_lead


def test_accept(piotr, piotrs_lead, cast):
    with time_machine.travel(at(MONDAY_10), tick=False):
        response = piotr.post(f"/leads/{piotrs_lead.pk}/accept/", {"next": "/queue/"})

    assert response.status_code == 302
    assert response["Location"] == "/queue/"
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == Lead.Stage.SAL
    assert said(response) == [f"Przyjęto: {piotrs_lead} jest teraz Twój."]


def test_accepting_twice_is_a_message_not_an_error_page(piotr, accepted):
    response = piotr.post(f"/leads/{accepted.pk}/accept/", follow=True)

    assert response.status_code == 200
    assert "Teraz nie można tego zrobić: lead jest na etapie „Przyjęty przez sprzedaż”." in said(
        response
    )


def test_reject_with_one_of_the_agreements_reasons_sends_the_lead_to_nurture(piotr, piotrs_lead):
    page = piotr.get(f"/leads/{piotrs_lead.pk}/").content.decode()
    assert '<option value="timing">Zły moment — projekt później</option>' in page
    assert '<option value="not_icp">Poza profilem klienta (ICP) *</option>' in page

    with time_machine.travel(at(MONDAY_10), tick=False):
        response = piotr.post(f"/leads/{piotrs_lead.pk}/reject/", {"reason": "timing", "note": ""})

    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == Lead.Stage.NURTURE
    assert Handoff.objects.get(lead=piotrs_lead).rejection_reason == "timing"
    assert said(response) == [f"Odrzucono: {piotrs_lead} wrócił do marketingu."]


def test_a_reason_that_needs_a_note_keeps_the_form_and_says_so(piotr, piotrs_lead):
    with time_machine.travel(at(MONDAY_10), tick=False):
        response = piotr.post(f"/leads/{piotrs_lead.pk}/reject/", {"reason": "not_icp", "note": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ten powód wymaga uwagi: tak stanowi umowa." in page
    assert '<option value="not_icp" selected>' in page
    assert '<details class="action" open>' in page
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == Lead.Stage.MQL


def test_reject_with_a_note_disqualifies(piotr, piotrs_lead):
    with time_machine.travel(at(MONDAY_10), tick=False):
        piotr.post(
            f"/leads/{piotrs_lead.pk}/reject/", {"reason": "not_icp", "note": "Za mała firma."}
        )

    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == Lead.Stage.DISQUALIFIED


def test_record_the_first_contact_now_or_at_a_given_local_time(piotr, accepted):
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = piotr.post(f"/leads/{accepted.pk}/first-contact/", {"at": "2026-10-05T10:30"})

    assert said(response) == ["Zapisano pierwszy kontakt."]
    assert Handoff.objects.get(lead=accepted).first_contact_at == at("2026-10-05 10:30")
    again = piotr.post(f"/leads/{accepted.pk}/first-contact/", {"at": ""})
    assert said(again)[-1] == "Pierwszy kontakt z tym leadem jest już zapisany."


@pytest.mark.parametrize("when", ["2026-09-01T09:00", "2030-06-01T10:00"])
def test_a_first_contact_before_the_handoff_or_still_to_come_is_refused_beside_the_field(
    piotr, accepted, when
):
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = piotr.post(f"/leads/{accepted.pk}/first-contact/", {"at": when})

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<p class="error">Pierwszy kontakt musi przypadać między przekazaniem leada a teraz.'
        in page
    )
    assert f'value="{when}"' in page
    assert Handoff.objects.get(lead=accepted).first_contact_at is None


@pytest.mark.parametrize("meeting_at", ["1900-01-01T10:00", "2028-01-01T10:00"])
def test_a_meeting_more_than_a_year_away_is_refused_beside_the_field(piotr, accepted, meeting_at):
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = piotr.post(
            f"/leads/{accepted.pk}/qualify/",
            {"product_potential": "yes", "horizon_months": "4", "meeting_at": meeting_at},
        )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Spotkanie musi przypadać najwyżej rok przed dzisiejszym dniem lub po nim." in page
    accepted.refresh_from_db()
    assert (accepted.stage, accepted.meeting_at) == (Lead.Stage.SAL, None)


@pytest.mark.parametrize(
    ("form", "one_error", "not_also"),
    [
        (
            {"outcome": "won", "revenue": "-5", "currency": "PLN"},
            "większa lub równa 0",
            "Wygrana sprzedaż wymaga podania przychodu.",
        ),
        (
            {"outcome": "lost", "currency": "PLN", "reason": "x" * 201},
            "co najwyżej 200 znaków",
            "Napisz, dlaczego sprzedaż została przegrana.",
        ),
    ],
)
def test_a_value_refused_for_what_it_is_is_not_also_called_missing(
    piotr, accepted, form, one_error, not_also
):
    response = piotr.post(f"/leads/{accepted.pk}/close/", form)

    assert response.status_code == 400
    page = response.content.decode()
    assert one_error in page
    assert not_also not in page


def test_a_horizon_out_of_range_is_not_also_called_missing(piotr, accepted):
    response = piotr.post(
        f"/leads/{accepted.pk}/qualify/", {"product_potential": "yes", "horizon_months": "1000"}
    )

    page = response.content.decode()
    assert "mniejsza lub równa 240" in page
    assert "Podaj horyzont zakupu, gdy jest potencjał." not in page


def test_revenue_with_a_decimal_comma_on_a_polish_page(piotr, qualified):
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = piotr.post(
            f"/leads/{qualified.pk}/close/",
            {"outcome": "won", "revenue": "120 000,50", "currency": "pln"},
        )
        assert "Podaj walutę trzema wielkimi literami, np. PLN." in response.content.decode()
        response = piotr.post(
            f"/leads/{qualified.pk}/close/",
            {"outcome": "won", "revenue": "120000,50", "currency": "PLN"},
        )

    assert said(response) == ["Zamknięto jako wygrany."]
    qualified.refresh_from_db()
    assert str(qualified.closed_revenue) == "120000.50"


def test_qualify_with_potential_horizon_and_meeting(piotr, accepted):
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = piotr.post(
            f"/leads/{accepted.pk}/qualify/",
            {"product_potential": "yes", "horizon_months": "4", "meeting_at": "2026-10-08T10:00"},
        )

    assert said(response) == ["Zapisano kwalifikację."]
    accepted.refresh_from_db()
    assert accepted.stage == Lead.Stage.SQL
    assert accepted.sales_temperature == "hot"
    assert accepted.meeting_at == at("2026-10-08 10:00")


@pytest.mark.parametrize("meeting_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_meeting_outside_the_years_leadpact_stores_keeps_the_form_and_the_lead(
    piotr, accepted, meeting_at
):
    # Year 1 in Warsaw is before year 1 in UTC: PostgreSQL stored it, and no read of the lead
    # succeeded after.
    response = piotr.post(
        f"/leads/{accepted.pk}/qualify/",
        {"product_potential": "yes", "horizon_months": "4", "meeting_at": meeting_at},
    )

    assert response.status_code == 400
    assert "Podaj datę z lat 1900–2999." in response.content.decode()
    accepted.refresh_from_db()
    assert (accepted.stage, accepted.meeting_at) == (Lead.Stage.SAL, None)
    assert piotr.get(f"/leads/{accepted.pk}/").status_code == 200


def test_qualify_needs_a_horizon_when_there_is_potential(piotr, accepted):
    response = piotr.post(f"/leads/{accepted.pk}/qualify/", {"product_potential": "yes"})

    assert response.status_code == 400
    assert "Podaj horyzont zakupu, gdy jest potencjał." in response.content.decode()


def test_close_as_won_with_revenue(piotr, qualified):
    with time_machine.travel(at("2026-10-05 11:00"), tick=False):
        response = piotr.post(
            f"/leads/{qualified.pk}/close/",
            {"outcome": "won", "revenue": "120000.00", "currency": "PLN", "reason": ""},
        )

    assert said(response) == ["Zamknięto jako wygrany."]
    qualified.refresh_from_db()
    assert (qualified.stage, str(qualified.closed_revenue)) == (Lead.Stage.WON, "120000.00")


def test_close_as_lost_needs_a_reason(piotr, accepted):
    refused = piotr.post(f"/leads/{accepted.pk}/close/", {"outcome": "lost", "currency": "PLN"})
    assert refused.status_code == 400
    assert "Napisz, dlaczego sprzedaż została przegrana." in refused.content.decode()

    response = piotr.post(
        f"/leads/{accepted.pk}/close/", {"outcome": "lost", "currency": "PLN", "reason": "Cena"}
    )
    assert said(response) == ["Zamknięto jako przegrany."]
    accepted.refresh_from_db()
    assert (accepted.stage, accepted.lost_reason) == (Lead.Stage.LOST, "Cena")


def test_winning_an_unqualified_lead_is_refused_with_a_message(piotr, accepted):
    response = piotr.post(
        f"/leads/{accepted.pk}/close/", {"outcome": "won", "revenue": "10", "currency": "PLN"}
    )

    assert response.status_code == 302
    assert said(response) == [
        "Teraz nie można tego zrobić: lead jest na etapie „Przyjęty przez sprzedaż”."
    ]


def test_feedback_from_the_lead_page(piotr, accepted):
    page = piotr.get(f"/leads/{accepted.pk}/").content.decode()
    assert "Jak przebiegła rozmowa z leadem?" in page

    response = piotr.post(
        f"/leads/{accepted.pk}/feedback/",
        {
            "q_conversation": "Rozmowa o migracji.",
            "q_interesting_contacts": "",
            "q_information_needed": "Czy byli na targach?",
            "interesting": "on",
        },
    )

    assert said(response) == ["Dziękujemy: informacja zwrotna jest zapisana."]
    feedback = Feedback.objects.get()
    assert feedback.answers == {
        "conversation": "Rozmowa o migracji.",
        "information_needed": "Czy byli na targach?",
    }
    assert feedback.interesting is True
    assert InformationRequest.objects.get().question == "Czy byli na targach?"


def test_feedback_without_the_required_answer_keeps_the_form(piotr, accepted):
    response = piotr.post(f"/leads/{accepted.pk}/feedback/", {"q_information_needed": "Budżet?"})

    assert response.status_code == 400
    assert "Czy byli na targach?" not in response.content.decode()
    assert 'name="q_information_needed"' in response.content.decode()
    assert Feedback.objects.count() == 0


def test_the_next_page_must_be_ours(piotr, piotrs_lead):
    with time_machine.travel(at(MONDAY_10), tick=False):
        response = piotr.post(
            f"/leads/{piotrs_lead.pk}/accept/", {"next": "https://evil.example/queue/"}
        )

    assert response["Location"] == f"/leads/{piotrs_lead.pk}/"


def test_actions_are_posts_and_opened_as_a_page_they_say_so(piotr, piotrs_lead):
    response = piotr.get(f"/leads/{piotrs_lead.pk}/accept/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "Ten adres przyjmuje formularz po naciśnięciu jego przycisku" in page
    assert f'href="/leads/{piotrs_lead.pk}/"' in page
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == Lead.Stage.MQL


def test_without_an_agreement_in_force_actions_explain_why(piotr, piotrs_lead):
    AgreementVersion.objects.update(effective_from=None)

    response = piotr.post(f"/leads/{piotrs_lead.pk}/accept/")

    assert said(response) == [
        "Żadna umowa jeszcze nie obowiązuje, więc nie można zajmować się leadami."
    ]
