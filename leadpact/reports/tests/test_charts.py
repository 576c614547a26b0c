"""The charts are self-contained SVG: well-formed, nothing fetched, nothing run."""

from typing import Any
from xml.etree import ElementTree

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.reports.charts import ChartData, chart_svg, report_chart_data, report_charts
from leadpact.reports.exports import report_rows
from leadpact.reports.labels import report_code_labels
from leadpact.reports.selectors import report_build
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def data(example: AgreementVersion, cast: dict[str, User]) -> dict[str, Any]:
    h = History(example)
    for number, reason in enumerate(["timing", "timing", "<script>alert(1)</script>"]):
        handoff = h.mql(h.lead(f"l{number}@acme.pl"), at("2026-10-05 10:00"), cast["anna"])
        h.reject(handoff, at("2026-10-05 11:00"), reason)
    accepted = h.mql(h.lead("ok@acme.pl", marketing="hot"), at("2026-10-06 10:00"), cast["piotr"])
    h.accept(accepted, at("2026-10-06 11:00"))
    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        return report_build(period="2026-10").data


def test_five_charts_each_well_formed_and_offline(data: dict[str, Any]) -> None:
    charts = report_charts(data=data, lang="en")
    assert list(charts) == ["funnel", "sla_history", "rejection_reasons", "calibration", "coverage"]
    for name, svg in charts.items():
        root = ElementTree.fromstring(svg)
        assert root.tag == f"{SVG}svg", name
        assert root.find(f"{SVG}title") is not None
        assert "<script" not in svg and "href" not in svg, name
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', ""), name


def test_labels_are_escaped(data: dict[str, Any]) -> None:
    svg = report_charts(data=data)["rejection_reasons"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    texts = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts


def test_chart_data_follows_the_report(data: dict[str, Any]) -> None:
    charts = {chart.name: chart for chart in report_chart_data(data=data, lang="pl")}
    assert charts["funnel"].series == [("leads", [4, 1, 0, 0])]
    reasons = charts["rejection_reasons"]
    assert dict(zip(reasons.categories, reasons.series[0][1], strict=True))["timing"] == 2
    assert charts["sla_history"].categories[-1] == "2026-10"
    assert charts["calibration"].categories == ["cold", "warm", "hot"]
    assert [name for name, _ in charts["calibration"].series] == [
        "przekazane",
        "przyjęte",
        "gorące wg sprzedaży",
        "wygrane",
    ]


def test_charts_name_the_agreements_codes_in_the_readers_language(data: dict[str, Any]) -> None:
    labels = report_code_labels(data=data, lang="en")
    charts = {c.name: c for c in report_chart_data(data=data, lang="en", labels=labels)}

    assert "Bad timing — project later" in charts["rejection_reasons"].categories
    assert "timing" not in charts["rejection_reasons"].categories
    assert charts["calibration"].categories == [labels["cold"], labels["warm"], labels["hot"]]
    assert "cold" not in charts["calibration"].categories


def test_rows_name_the_agreements_codes_too(data: dict[str, Any]) -> None:
    rows = report_rows(data=data, lang="en", labels=report_code_labels(data=data, lang="en"))
    labels = {row.key: row.label for row in rows}

    assert labels["rejection_reasons.timing"] == "Rejected: Bad timing — project later"
    assert "timing" not in labels["rejection_reasons.timing"].replace("Bad timing", "")
    assert labels["calibration.levels.hot.handed_off"] == "Calibration Hot: handed off"


@pytest.mark.parametrize(
    ("lang", "share", "count"),
    [("pl", "82,6 %", "10,5"), ("en", "82.6%", "10.5")],
)
def test_numbers_are_written_as_the_reader_writes_them(lang: str, share: str, count: str) -> None:
    shares = ChartData("s", "S", ["a"], [("share", [82.6])], percent=True)
    counts = ChartData("c", "C", ["a"], [("n", [10.5])], horizontal=False)

    def texts(chart: ChartData) -> list[str | None]:
        svg = chart_svg(chart, lang=lang)
        return [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]

    assert share in texts(shares)
    assert count in texts(counts)
