"""The report page (issue 8): every figure beside its definition, charts inline within the CSP,
the change against the previous period, and session downloads of the same report."""

import csv
import html
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.reports.exports import report_rows
from leadpact.reports.labels import report_code_labels
from leadpact.reports.selectors import report_build
from leadpact.reports.tests.history import History
from leadpact.users.models import User
from leadpact.web.views.report import HEADER_KEYS, change_shown, value_shown

pytestmark = pytest.mark.django_db
INJECTION = '=HYPERLINK("http://evil.example","click")'
ROW = re.compile(r'<tr data-key="([^"]+)">\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', re.S)


@pytest.fixture(autouse=True)
def _november() -> Any:
    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        yield


@pytest.fixture
def history(example: AgreementVersion, cast: dict[str, User]) -> None:
    """October: two MQLs (one outside the ICP), one accepted and won, one rejected; a feedback
    whose "why" would run as a formula in a spreadsheet. September: one MQL."""
    h = History(example)
    h.mql(h.lead("wrzesien@acme.pl"), at("2026-09-28 10:00"), cast["piotr"])
    won = h.mql(h.lead("l1@acme.pl"), at("2026-10-05 10:00"), cast["piotr"])
    h.accept(won, at("2026-10-05 11:00"))
    h.qualify(won, at("2026-10-07 11:00"), "hot")
    h.win(won, at("2026-10-20 11:00"), "120000.50")
    h.feedback(won.lead, at("2026-10-06 12:00"), {"interesting_contacts": INJECTION}, True)
    rejected = h.mql(h.lead("l2@stal.pl", grade="D"), at("2026-10-06 10:00"), cast["anna"])
    h.reject(rejected, at("2026-10-06 12:00"), "timing")


def _shown_rows(content: str) -> dict[str, tuple[str, str]]:
    return {key: (html.unescape(label), html.unescape(value)) for key, label, value in ROW.findall(content)}  # fmt: skip


def test_every_figure_matches_the_json_report(
    history: None, web_for: Callable[..., Client]
) -> None:
    response = web_for("marta").get("/reports/2026-10/")

    assert response.status_code == 200
    content = response.content.decode()
    data = report_build(period="2026-10").data
    shown = _shown_rows(content)
    labels = report_code_labels(data=data, lang="pl")
    rows = [
        row
        for row in report_rows(data=data, lang="pl", labels=labels)
        if row.key not in HEADER_KEYS
    ]
    assert {row.key for row in rows} <= set(shown)
    assert len(rows) > 100
    for row in rows:
        assert shown[row.key] == (row.label, value_shown(row.key, row.value)), row.key
        assert html.escape(row.definition) in content
    assert data["mql"] == {"icp": 1, "non_icp": 1, "total": 2}
    assert shown["mql.total"] == ("MQL", "2")
    assert shown["won.revenue"][1] == value_shown("won.revenue", 120000.5)
    assert "Leady, które w okresie stały się MQL (każdy raz)." in content


def test_the_change_against_the_previous_period(
    history: None, web_for: Callable[..., Client]
) -> None:
    content = web_for("piotr").get("/reports/2026-10/").content.decode()

    # October has 2 MQLs, September 1: +1.
    row = re.search(r'<tr data-key="mql.total">.*?</tr>', content, re.S)
    assert row is not None
    assert "<td>+1</td>" in row.group(0)
    assert change_shown("mql.total", -3) == "−3"
    assert change_shown("sla.in_time_share", 0.125) == "+12,5 pp"
    assert change_shown("hot", None) == ""


def test_shares_and_amounts_are_rounded_not_cut_off() -> None:
    with translation.override("pl"):
        assert value_shown("sla.in_time_share", 4 / 6) == "66,7 %"
        assert value_shown("sla.in_time_share", 0.99996) == "100,0 %"
        assert value_shown("sla.median_hours", 2.919) == "2,92"
        assert value_shown("won.revenue", 1234.999) == "1\xa0235,00"


def test_definitions_and_labels_in_the_readers_language(
    history: None, web_for: Callable[..., Client], cast: dict[str, User]
) -> None:
    cast["sylwia"].language = "en"
    cast["sylwia"].save()

    content = web_for("sylwia").get("/reports/2026-10/").content.decode()

    assert "Leads that became MQL during the period (each once)." in content
    assert "MQLs matching the ICP" in content
    assert "<td>120,000.50</td>" in content  # grouped the English way


def test_charts_are_inline_svg_without_style_attributes(
    history: None, web_for: Callable[..., Client]
) -> None:
    response = web_for("anna").get("/reports/2026-10/")
    content = response.content.decode()

    assert content.count("<svg ") == 5
    assert "style=" not in content
    assert "<script>" not in content and " on" + "load=" not in content
    assert 'width="100%"' in content


def test_reports_opens_the_last_closed_month(example: Any, web_for: Callable[..., Client]) -> None:
    client = web_for("marta")

    assert client.get("/reports/")["Location"] == "/reports/2026-10/"
    assert client.get("/reports/", {"period": "2026-q4"})["Location"] == "/reports/2026-Q4/"
    assert client.get("/reports/2026-3/")["Location"] == "/reports/2026-03/"


def test_previous_and_next_links(history: None, web_for: Callable[..., Client]) -> None:
    client = web_for("marta")
    october = client.get("/reports/2026-10/").content.decode()
    november = client.get("/reports/2026-11/").content.decode()
    quarter = client.get("/reports/2026-Q4/").content.decode()

    assert 'href="/reports/2026-09/"' in october and 'href="/reports/2026-11/"' in october
    assert 'href="/reports/2026-10/"' in november and 'href="/reports/2026-12/"' not in november
    assert "still running" in november or "wciąż trwa" in november
    assert 'href="/reports/2026-Q3/"' in quarter
    assert '<option value="2026-Q4" selected>' in quarter


@pytest.mark.parametrize(
    "url", ["/reports/2026-13/", "/reports/2026-Q5/", "/reports/nonsense/", "/reports/?period=x/y"]
)
def test_a_bad_period_is_a_friendly_404(
    example: Any, web_for: Callable[..., Client], url: str
) -> None:
    response = web_for("marta").get(url)

    assert response.status_code == 404
    content = response.content.decode()
    assert "(2026-Q4)" in content  # how to write a period
    assert 'href="/reports/2026-10/"' in content


@pytest.mark.parametrize("url", ["/reports/2026-13.csv", "/reports/2026-Q9.xlsx"])
def test_a_bad_period_download_is_404(
    example: Any, web_for: Callable[..., Client], url: str
) -> None:
    assert web_for("marta").get(url).status_code == 404


@pytest.mark.parametrize("period", ["2026-12", "2027-Q1", "2030-01"])
def test_a_period_that_has_not_begun_says_so_without_figures(
    history: None, web_for: Callable[..., Client], period: str
) -> None:
    client = web_for("marta")

    response = client.get(f"/reports/{period}/")

    assert response.status_code == 404
    content = response.content.decode()
    assert f"Okres {period} jeszcze się nie zaczął." in content
    assert "wciąż trwa" not in content
    assert 'data-key="' not in content and "download" not in content
    assert 'href="/reports/2026-10/"' in content  # the picker and the last closed month
    assert client.get(f"/reports/{period}.csv").status_code == 404


def test_the_current_period_has_begun_and_is_shown(
    history: None, web_for: Callable[..., Client]
) -> None:
    assert web_for("marta").get("/reports/2026-Q4/").status_code == 200
    assert web_for("marta").get("/reports/2026-11.json").status_code == 200


def test_without_an_agreement_the_page_says_so(cast: dict[str, User]) -> None:
    client = Client()
    client.force_login(cast["marta"])

    response = client.get("/reports/2026-10/")

    assert response.status_code == 200
    assert "No agreement" in response.content.decode() or "Żadna umowa" in response.content.decode()
    assert client.get("/reports/2026-10.csv").status_code == 404


def test_csv_download_is_injection_safe(history: None, web_for: Callable[..., Client]) -> None:
    response = web_for("piotr").get("/reports/2026-10.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="leadpact-report-2026-10.csv"' in response["Content-Disposition"]
    rows = {row[1]: row for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["mql.total"][3] == "2"
    why = rows["feedback.interesting_contacts.1.why"][3]
    assert why == "'" + INJECTION
    assert rows["previous.delta.mql.total"][3] == "1"


def test_xlsx_and_json_downloads(history: None, web_for: Callable[..., Client]) -> None:
    client = web_for("sylwia")

    xlsx = client.get("/reports/2026-Q4.xlsx")
    as_json = client.get("/reports/2026-10.json")

    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "Podsumowanie" in workbook.sheetnames
    assert json.loads(as_json.content) == report_build(period="2026-10").data


def test_downloads_need_a_session(history: None) -> None:
    response = Client().get("/reports/2026-10.xlsx")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_the_menu_links_the_report_for_everyone(
    example: Any, web_for: Callable[..., Client]
) -> None:
    for name in ("piotr", "marta", "sylwia", "adam"):
        content = web_for(name).get("/").content.decode()
        assert 'href="/reports/"' in content, name
