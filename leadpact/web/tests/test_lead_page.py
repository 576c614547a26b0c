"""The lead page: where it stands, both temperatures, and every decision with its clause."""

import pytest
import time_machine

from leadpact.leads import lifecycle
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.tests.scenarios import at, mql_at, record

pytestmark = pytest.mark.django_db


def test_the_page_shows_stage_grade_persona_owner_and_deadlines(web_for, piotrs_lead):
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/").content.decode()

    assert "MQL" in page
    assert "<dt>Ocena ICP</dt><dd>A</dd>" in page
    assert "<dt>Persona</dt><dd>Zarząd (C-level)</dd>" in page
    assert "<dt>Właściciel</dt><dd>Piotr Zieliński</dd>" in page
    assert 'datetime="2026-10-06T09:00:00+02:00"' in page  # accept by
    assert 'datetime="2026-10-07T09:00:00+02:00"' in page  # first contact by


def test_each_reason_of_the_lead_links_to_its_clause(web_for, piotrs_lead):
    page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/").content.decode()

    assert piotrs_lead.why
    for reason in piotrs_lead.why:
        assert (
            f'href="/agreement/#{reason["clause"]}" hx-boost="false">#{reason["clause"]}</a>'
            in page
        )
        assert reason["text"] in page


def test_the_timeline_merges_touches_and_events_newest_first_with_their_clauses(
    web_for, cast, piotrs_lead
):
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=piotrs_lead.pk, actor=cast["piotr"])
    page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/")
    timeline = page.context["timeline"]
    html = page.content.decode()

    assert [entry.at for entry in timeline] == sorted((e.at for e in timeline), reverse=True)
    kinds = [entry.kind for entry in timeline]
    assert kinds[0] == "stage" and "touch" in kinds and "assignment" in kinds
    assert "Obecność na webinarze" in html and "Pobranie e-booka" in html
    assert "Etap: MQL → Przyjęty przez sprzedaż" in html
    assert "Sprzedaż przyjmuje lub odrzuca lead w ciągu 8 godzin roboczych od przekazania." in html
    assert 'href="/agreement/#handoff.sla.accept" hx-boost="false">#handoff.sla.accept</a>' in html


def test_the_temperatures_stand_side_by_side_and_disagreement_is_flagged(web_for, cast, example):
    lead = mql_at(at("2026-10-05 09:00"), "iza@huta.pl")
    with time_machine.travel(at("2026-10-05 09:30"), tick=False):
        # A second webinar campaign makes marketing call it hot …
        record(
            "iza@huta.pl",
            "webinar_attended",
            occurred_at=at("2026-10-05 09:20"),
            campaign="webinar-ai",
        )
        lifecycle.handoff_accept(lead_id=lead.pk, actor=cast["piotr"])
        # … while sales hears of a project in two years: cold.
        lifecycle.lead_qualify(
            lead_id=lead.pk, actor=cast["piotr"], product_potential=True, horizon_months=24
        )
    lead.refresh_from_db()
    assert (lead.marketing_temperature, lead.sales_temperature) == ("hot", "cold")

    page = web_for("piotr").get(f"/leads/{lead.pk}/").content.decode()

    assert '<span class="temperature__side">Marketing</span> Gorący' in page
    assert '<span class="temperature__side">Sprzedaż</span> Zimny' in page
    assert "Strony oceniają inaczej" in page


def test_agreeing_temperatures_are_not_flagged(web_for, cast, piotrs_lead):
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=piotrs_lead.pk, actor=cast["piotr"])
        lifecycle.lead_qualify(
            lead_id=piotrs_lead.pk, actor=cast["piotr"], product_potential=True, horizon_months=8
        )

    page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/").content.decode()

    assert "Strony oceniają inaczej" not in page


def test_the_agreement_page_has_an_anchor_for_every_clause_a_lead_cites(web_for, piotrs_lead):
    page = web_for("marta").get("/agreement/").content.decode()

    for reason in piotrs_lead.why:
        assert f'id="{reason["clause"]}"' in page
    assert 'id="handoff.sla.accept"' in page
    assert "<style>" not in page  # the CSP allows no inline style: the layout's CSS styles it


def test_the_agreement_page_follows_the_readers_language(web_for, cast, example):
    cast["marta"].language = "en"
    cast["marta"].save()

    page = web_for("marta").get("/agreement/").content.decode()

    assert "Marketing and sales agreement" in page


def test_a_lead_without_an_assessment_says_so(web_for, example, cast):
    lead = Lead.objects.create(email="nowy@firma.pl", owner=cast["piotr"])

    page = web_for("piotr").get(f"/leads/{lead.pk}/").content.decode()

    assert "Umowa jeszcze nie oceniła tego leada." in page


def test_after_the_first_contact_the_page_says_when_feedback_is_due(web_for, cast, piotrs_lead):
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=piotrs_lead.pk, actor=cast["piotr"])
        lifecycle.lead_first_contact(lead_id=piotrs_lead.pk, actor=cast["piotr"])
    client = web_for("piotr")

    # 24 business hours from Monday 10:00 (08:00–16:00 days): Thursday 10:00.
    page = client.get(f"/leads/{piotrs_lead.pk}/").content.decode()
    assert 'Informacja zwrotna do <time datetime="2026-10-08T10:00:00+02:00">' in page
    assert 'href="/agreement/#feedback.due"' in page

    client.post(f"/leads/{piotrs_lead.pk}/feedback/", {"q_conversation": "Dobra rozmowa."})
    assert "Informacja zwrotna do" not in client.get(f"/leads/{piotrs_lead.pk}/").content.decode()


def reasons_on(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(reason["clause"], reason["text"]) for reason in page.context["why"]]


def test_a_reader_in_the_other_language_reads_the_same_reasons_in_it(web_for, cast, piotrs_lead):
    cast["piotr"].language = "en"
    cast["piotr"].save(update_fields=["language"])

    page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/")

    stored = [(reason["clause"], reason["text"]) for reason in piotrs_lead.why]
    shown = reasons_on(page)
    assert [clause for clause, _ in shown] == [clause for clause, _ in stored]
    assert shown != stored, "told again in English"
    assert any(text.startswith("Persona: C-level") for _, text in shown), shown
    assert "Ocena ICP" not in page.content.decode()


def test_reasons_that_cannot_be_told_again_alike_keep_the_stored_words(web_for, cast, piotrs_lead):
    # A why the engine would not reach today (a clause it no longer concludes): kept as stored.
    odd = [*piotrs_lead.why, {"clause": "handoff.routing", "text": "Zespół: stary", "facts": {}}]
    Lead.objects.filter(pk=piotrs_lead.pk).update(why=odd)
    cast["piotr"].language = "en"
    cast["piotr"].save(update_fields=["language"])

    page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/")

    assert reasons_on(page) == [(reason["clause"], reason["text"]) for reason in odd]


def test_the_timeline_names_people_and_falls_back_to_the_e_mail_of_someone_unknown(
    web_for, piotrs_lead
):
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        LeadEvent.objects.create(
            lead=piotrs_lead,
            kind=LeadEvent.Kind.ASSIGNMENT,
            data={"from": "piotr@firma.pl", "to": "gone@firma.pl", "reassigned": True},
        )

    page = web_for("piotr").get(f"/leads/{piotrs_lead.pk}/").content.decode()

    assert "Przekazany do Piotr Zieliński (zespół sales-sme)" in page
    assert "piotr@firma.pl (zespół" not in page
    assert "Przekazany do gone@firma.pl" in page
