"""JSON, CSV, XLSX and table outputs: every figure with its definition, and no cell a
spreadsheet would run."""

import csv
import io
import json
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.reports.definitions import SECTIONS, UNDEFINED, definition_find
from leadpact.reports.exports import cell_safe, report_csv, report_json, report_rows, report_table
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.selectors import report_build
from leadpact.reports.tests.history import History
from leadpact.users.models import User

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_text_that_would_start_a_formula_is_neutralised(text: str) -> None:
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize("value", [0, 12, -3, 0.25, -0.5, 1e6])
def test_numbers_stay_numbers(value: float) -> None:
    assert cell_safe(value) == value


def test_plain_text_and_empty_values() -> None:
    assert cell_safe("timing") == "timing"
    assert cell_safe("a=b") == "a=b"
    assert cell_safe(None) == ""


@pytest.fixture
def report(example: AgreementVersion, cast: dict[str, User]) -> dict[str, Any]:
    """A report whose user-written texts try formulas: a rejection code, feedback answers."""
    h = History(example)
    lead = h.lead("l1@acme.pl")
    handoff = h.mql(lead, at("2026-10-05 10:00"), cast["piotr"])
    h.reject(handoff, at("2026-10-05 11:00"), "=cmd|' /C calc'!A0")
    h.feedback(lead, at("2026-10-05 12:00"), {"conversation": "-2+3", "interesting_contacts": "@SUM(A1:A9)"}, interesting=True)  # fmt: skip
    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        return report_build(period="2026-10").data


@pytest.mark.django_db
def test_every_figure_has_a_definition_in_both_languages(report: dict[str, Any]) -> None:
    for lang in ("pl", "en"):
        for row in report_rows(data=report, lang=lang):
            definition, _ = definition_find(row.path)
            assert definition is not UNDEFINED, row.key
            assert row.label and row.definition, row.key
            assert row.section in SECTIONS


@pytest.mark.django_db
def test_csv_has_every_figure_and_no_formula(report: dict[str, Any]) -> None:
    text = report_csv(data=report, lang="en")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "key", "figure", "value", "definition"]
    by_key = {row[1]: row for row in rows[1:]}
    assert by_key["mql.total"][2:4] == ["MQLs", "1"]
    assert by_key["mql.total"][4].startswith("Leads that became MQL during the period")
    assert by_key["rejection_reasons.=cmd|' /C calc'!A0"][3] == "1"
    assert by_key["previous.delta.mql.total"][3] == "1"
    # User-written texts are quoted; nothing in any cell starts a formula.
    assert by_key["feedback.interesting_contacts.1.why"][3] == "'@SUM(A1:A9)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r", "\n")), row
            assert not cell.startswith("-") or _is_number(cell), row


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.django_db
def test_negative_deltas_stay_numbers_in_csv(report: dict[str, Any]) -> None:
    report = {**report, "previous": {**report["previous"], "delta": {"mql.total": -4}}}
    rows = {row[1]: row for row in csv.reader(io.StringIO(report_csv(data=report)))}
    assert rows["previous.delta.mql.total"][3] == "-4"


@pytest.mark.django_db
def test_json_is_the_report(report: dict[str, Any]) -> None:
    assert json.loads(report_json(data=report)) == report


@pytest.mark.django_db
def test_xlsx_has_a_sheet_per_section_charts_and_text_cells(report: dict[str, Any]) -> None:
    workbook = load_workbook(io.BytesIO(report_xlsx(data=report, lang="pl")))
    assert workbook.sheetnames == [pl for pl, _ in SECTIONS.values()]
    overview = workbook["Podsumowanie"]
    keys = {overview.cell(row=r, column=1).value: r for r in range(2, overview.max_row + 1)}
    row = keys["mql.total"]
    assert overview.cell(row=row, column=3).value == 1
    assert overview.cell(row=row, column=3).data_type == "n"
    reason = overview.cell(row=keys["rejection_reasons.=cmd|' /C calc'!A0"], column=1)
    assert (reason.value, reason.data_type) == ("rejection_reasons.=cmd|' /C calc'!A0", "s")
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    charts = {
        name: len(workbook[name]._charts)
        for name in ("Podsumowanie", "SLA", "Lejek", "Kalibracja", "Pokrycie")
    }
    assert charts == {"Podsumowanie": 1, "SLA": 1, "Lejek": 1, "Kalibracja": 1, "Pokrycie": 1}


@pytest.mark.django_db
def test_table_prints_each_section_with_definitions(report: dict[str, Any]) -> None:
    text = report_table(data=report, lang="en")
    assert "Report 2026-10" in text
    for title in ("Overview", "SLA", "Funnel", "Goals", "Coverage", "Calibration", "Feedback"):
        assert title in text
    assert "Leads that became MQL during the period" in text
    assert "@SUM(A1:A9)" in text  # shown as written, never interpreted as markup


@pytest.mark.django_db
def test_handoffs_without_a_marketing_temperature_are_named_in_words(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    h = History(example)
    h.mql(h.lead("l1@acme.pl", marketing=""), at("2026-10-05 10:00"), cast["piotr"])
    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        data = report_build(period="2026-10").data

    assert data["calibration"]["levels"]["none"]["handed_off"] == 1
    for lang, figure in (
        ("pl", "Kalibracja bez temperatury: przekazane"),
        ("en", "Calibration no temperature: handed off"),
    ):
        rows = list(csv.reader(io.StringIO(report_csv(data=data, lang=lang))))
        by_key = {row[1]: row for row in rows[1:]}
        assert by_key["calibration.levels.none.handed_off"][2] == figure


@pytest.mark.django_db
def test_codes_in_figures_and_values_read_as_words(
    report: dict[str, Any], cast: dict[str, User]
) -> None:
    rows = list(csv.reader(io.StringIO(report_csv(data=report, lang="pl"))))
    figure = {row[1]: row[2] for row in rows[1:]}
    value = {row[1]: row[3] for row in rows[1:]}

    assert value["period_kind"] == "miesiąc"
    assert value["coverage.counted_as"] == "różne kampanie"
    assert value["coverage.personas.required"] == "Zarząd (C-level), Menedżer, Specjalista"
    assert value["feedback.source"] == "informacje zwrotne sprzedaży"
    assert figure["feedback.answers.conversation"] == "Odpowiedzi: Jak przebiegła rozmowa z leadem?"
    assert figure["previous.delta.mql.total"] == "Zmiana: MQL"
    piotr = cast["piotr"]
    by_rep = [name for key, name in figure.items() if key.startswith(f"sla.per_rep.{piotr.email}.")]
    assert by_rep and all(name.startswith(f"{piotr.name}: ") for name in by_rep)
    assert all("_" not in name for name in figure.values() if not name.startswith("Kontakt")), [
        name for name in figure.values() if "_" in name
    ]


@pytest.mark.django_db
def test_a_goals_period_is_a_word_in_the_readers_language(report: dict[str, Any]) -> None:
    pers = {key: value for key, value in report["goals"].items() if key.endswith("_per")}
    assert report["period_kind"] == "month"
    assert set(pers.values()) <= {"month", "quarter", "year"}, "the JSON keeps the codes"
    for lang, words in (
        ("pl", {"miesiąc", "kwartał", "rok"}),
        ("en", {"month", "quarter", "year"}),
    ):
        rows = list(csv.reader(io.StringIO(report_csv(data=report, lang=lang))))
        shown = {row[3] for row in rows[1:] if row[1].endswith("_per")}
        assert shown and shown <= words, (lang, shown)
