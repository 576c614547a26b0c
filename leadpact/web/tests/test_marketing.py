"""Marketing's pages: the pools with temperatures and their why, what sales rejected and why,
and the target accounts' coverage (distinct campaigns and the buying committee)."""

import pytest
import time_machine
from django.utils.html import escape

from leadpact.accounts.models import Account
from leadpact.agreements.selectors import version_agreement
from leadpact.leads import lifecycle
from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import at, record
from leadpact.web.marketing_selectors import account_coverage, coverage_rules, target_accounts
from leadpact.web.words import agreement_words

pytestmark = pytest.mark.django_db

MONDAY_11 = at("2026-10-05 11:00")


@pytest.fixture
def rejected(piotrs_lead, cast):
    """Piotr sends Jan back: no budget (nurture), with a note."""
    with time_machine.travel(MONDAY_11, tick=False):
        lifecycle.handoff_reject(
            lead_id=piotrs_lead.pk, actor=cast["piotr"], reason="no_budget", note="Wrócić w Q2."
        )
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == Lead.Stage.NURTURE
    return piotrs_lead


def test_a_rejected_lead_shows_its_reason_note_rep_and_time(web_for, rejected):
    page = web_for("marta").get("/marketing/rejected/")

    assert page.status_code == 200
    [row] = page.context["rows"]
    assert row.lead == rejected
    assert row.rejection.label == "Brak budżetu"
    assert row.rejection.rep.email == "piotr@firma.pl"
    html = page.content.decode()
    assert "Brak budżetu" in html
    assert "Wrócić w Q2." in html
    assert "Piotr Zieliński" in html
    assert "#handoff.rejection.no_budget" in html


def test_the_rejected_list_filters_by_reason(web_for, rejected):
    assert web_for("marta").get("/marketing/rejected/?reason=timing").context["rows"] == []
    assert len(web_for("marta").get("/marketing/rejected/?reason=no_budget").context["rows"]) == 1
    # An unknown reason is ignored, not an error.
    assert len(web_for("marta").get("/marketing/rejected/?reason=nope").context["rows"]) == 1


def test_a_lead_taken_from_the_team_queue_names_the_rep_who_rejected_it(web_for, rejected, cast):
    handoff = rejected.handoffs.get()
    handoff.owner = None
    handoff.save(update_fields=["owner"])

    [row] = web_for("marta").get("/marketing/rejected/").context["rows"]

    assert row.rejection.rep == cast["piotr"]


def test_the_nurture_pool_shows_the_lead_with_the_reason_sales_gave(web_for, rejected):
    page = web_for("marta").get("/marketing/pool/?stage=nurture")

    assert page.status_code == 200
    [row] = page.context["rows"]
    assert row.lead == rejected
    assert row.rejection.label == "Brak budżetu"
    html = page.content.decode()
    assert "jan.kowal@huta.pl" in html
    assert "Brak budżetu" in html


def test_the_pool_shows_both_temperatures_and_the_clause_behind_them(web_for, piotrs_lead):
    """An inquiry: one webinar registration makes a cold lead (article, part 1)."""
    with time_machine.travel(MONDAY_11, tick=False):
        inquiry = record(
            "ola.las@drewno.pl", "webinar_registration", occurred_at=MONDAY_11, job_title="Analityk"
        )
    assert inquiry.stage == Lead.Stage.INQUIRY

    page = web_for("marta").get("/marketing/pool/?stage=inquiry")

    [row] = page.context["rows"]
    assert row.lead == inquiry
    assert row.marketing_why, "the marketing temperature's reason is shown"
    assert all(why.clause.startswith("temperature.marketing.") for why in row.marketing_why)
    html = page.content.decode()
    assert escape(row.marketing_why[0].text) in html
    assert f"#{row.marketing_why[0].clause}" in html
    assert 'class="temperatures' in html


def test_a_reader_in_the_other_language_reads_the_temperatures_reason_in_it(web_for, cast, example):
    with time_machine.travel(MONDAY_11, tick=False):
        record("ola.las@drewno.pl", "webinar_registration", occurred_at=MONDAY_11)
    cast["marta"].language = "en"
    cast["marta"].save(update_fields=["language"])

    [row] = web_for("marta").get("/marketing/pool/?stage=inquiry").context["rows"]

    [why] = row.marketing_why
    assert why.clause == "temperature.marketing.cold"
    assert why.text.startswith("Cold: "), why.text


def test_the_pool_filters_by_temperature_and_ignores_nonsense(web_for, rejected):
    temperature = rejected.marketing_temperature
    other = "hot" if temperature != "hot" else "cold"

    assert (
        len(web_for("marta").get(f"/marketing/pool/?temperature={temperature}").context["rows"])
        == 1
    )
    assert web_for("marta").get(f"/marketing/pool/?temperature={other}").context["rows"] == []
    assert (
        len(web_for("marta").get("/marketing/pool/?stage=won&temperature=x").context["rows"]) == 1
    )


def test_an_empty_pool_says_so(web_for, example):
    page = web_for("marta").get("/marketing/pool/")

    assert page.context["rows"] == []
    assert 'class="empty"' in page.content.decode()


def test_the_pool_is_paginated_keeping_the_filters(web_for, example):
    with time_machine.travel(MONDAY_11, tick=False):
        for number in range(27):
            record(f"osoba{number}@firma{number}.pl", "webinar_registration", occurred_at=MONDAY_11)

    first = web_for("marta").get("/marketing/pool/?stage=inquiry")
    second = web_for("marta").get("/marketing/pool/?stage=inquiry&page=2")

    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 2
    assert "?stage=inquiry&amp;page=2" in first.content.decode()


@pytest.fixture
def huta(piotrs_lead):
    """Huta is a target account: Jan (Dyrektor IT, c-level) took part in a webinar and
    downloaded an e-book (2 campaigns); a manager read an article on Tuesday (a 3rd)."""
    tuesday = at("2026-10-06 10:00")
    with time_machine.travel(tuesday, tick=False):
        record(
            "kierownik@huta.pl",
            "article_read",
            occurred_at=tuesday,
            job_title="Kierownik produkcji",
        )
    Account.objects.filter(domain="huta.pl").update(is_target=True)
    Account.objects.create(domain="stal.pl", name="STAL", is_target=True)
    return Account.objects.get(domain="huta.pl")


def test_coverage_counts_distinct_campaigns_and_the_committee_found(example, huta):
    words = agreement_words(version=example, lang="pl")
    with time_machine.travel(at("2026-10-20 12:00"), tick=False):
        rules = coverage_rules(agreement=version_agreement(version=example))
        rows = {
            row.account.domain: row
            for row in account_coverage(
                list(target_accounts(rules=rules)), rules=rules, words=words
            )
        }

    assert (rules.month.label, rules.quarter.label, rules.minimum) == ("2026-10", "2026-Q4", 3)
    assert (rows["huta.pl"].month_actions, rows["huta.pl"].quarter_actions) == (3, 3)
    assert rows["huta.pl"].month_covered is True
    assert {p.id: p.leads for p in rows["huta.pl"].committee} == {
        "c_level": 1,
        "manager": 1,
        "specialist": 0,
    }
    assert [p.id for p in rows["huta.pl"].missing] == ["specialist"]
    assert (rows["stal.pl"].month_actions, rows["stal.pl"].month_covered) == (0, False)
    assert len(rows["stal.pl"].missing) == 3


def test_next_month_starts_from_zero_but_the_quarter_remembers(example, huta):
    words = agreement_words(version=example, lang="pl")
    with time_machine.travel(at("2026-11-03 12:00"), tick=False):
        rules = coverage_rules(agreement=version_agreement(version=example))
        [row] = [
            row
            for row in account_coverage(
                list(target_accounts(rules=rules)), rules=rules, words=words
            )
            if row.account.domain == "huta.pl"
        ]

    assert (row.month_actions, row.quarter_actions) == (0, 3)
    assert (row.month_covered, row.quarter_covered) == (False, True)


def test_the_accounts_page_shows_covered_and_missing_personas(web_for, huta):
    with time_machine.travel(at("2026-10-20 12:00"), tick=False):
        page = web_for("marta").get("/marketing/accounts/")
        below = web_for("marta").get("/marketing/accounts/?show=below")

    assert page.status_code == 200
    html = page.content.decode()
    assert "3 / 3" in html and "0 / 3" in html
    assert "committee__role--found" in html and "committee__role--missing" in html
    assert "Specjalista" in html
    assert [row.account.domain for row in below.context["rows"]] == ["stal.pl"]


def test_the_accounts_page_without_an_agreement(web_for, cast):
    page = web_for("marta").get("/marketing/accounts/")

    assert page.status_code == 200
    assert 'class="notice"' in page.content.decode()


@pytest.mark.parametrize(
    "page", ["/marketing/pool/", "/marketing/rejected/", "/marketing/accounts/"]
)
def test_an_admin_opens_every_marketing_page(web_for, rejected, huta, page):
    assert web_for("adam").get(page).status_code == 200
