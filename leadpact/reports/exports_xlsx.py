"""The report as an Excel workbook: a sheet per section (figure, value, definition) and the
charts as native Excel charts beside the figures they draw.

Text cells are always stored as text, never as formulas: a feedback answer or a reason code
that starts with `=` stays a string (the XLSX form of the CSV injection guard).
"""

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from leadpact.reports.charts import ChartData, report_chart_data
from leadpact.reports.definitions import SECTIONS
from leadpact.reports.exports import Row, Scalar, report_rows, section_title
from leadpact.reports.labels import report_code_labels

# Which section's sheet shows which chart.
CHART_SHEET = {
    "funnel": "funnel",
    "sla_history": "sla",
    "rejection_reasons": "overview",
    "calibration": "calibration",
    "coverage": "coverage",
}
_CHART_COLUMN = 6  # F: chart data and charts sit right of the figures


def _put(sheet: Worksheet, row: int, column: int, value: Scalar) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
    else:
        cell.value = value


def _figures(sheet: Worksheet, rows: list[Row], lang: str) -> None:
    headers = ("Klucz", "Wskaźnik", "Wartość", "Definicja") if lang != "en" else (
        "Key", "Figure", "Value", "Definition")  # fmt: skip
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate((row.key, row.label, row.value, row.definition), start=1):
            _put(sheet, index, column, value)
        sheet.cell(row=index, column=4).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (34, 40, 16, 70), strict=True):
        sheet.column_dimensions[letter].width = width


def _chart(sheet: Worksheet, chart: ChartData) -> None:
    first = _CHART_COLUMN
    _put(sheet, 1, first, chart.title)
    sheet.cell(row=1, column=first).font = Font(bold=True)
    for offset, (name, _) in enumerate(chart.series, start=1):
        _put(sheet, 2, first + offset, name)
    for index, category in enumerate(chart.categories, start=3):
        _put(sheet, index, first, category)
        for offset, (_, values) in enumerate(chart.series, start=1):
            _put(sheet, index, first + offset, values[index - 3])
    last_row = 2 + max(len(chart.categories), 1)
    bars = BarChart()
    bars.type = "bar" if chart.horizontal else "col"
    bars.title = chart.title
    bars.height, bars.width = 8, 16
    data = Reference(
        sheet, min_col=first + 1, max_col=first + len(chart.series), min_row=2, max_row=last_row
    )
    bars.add_data(data, titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=first, min_row=3, max_row=last_row))
    if chart.percent:
        bars.y_axis.scaling.min, bars.y_axis.scaling.max = 0, 100
    sheet.add_chart(bars, sheet.cell(row=last_row + 2, column=first).coordinate)


def report_xlsx(*, data: dict[str, Any], lang: str = "pl") -> bytes:
    labels = report_code_labels(data=data, lang=lang)
    rows = report_rows(data=data, lang=lang, labels=labels)
    charts = {chart.name: chart for chart in report_chart_data(data=data, lang=lang, labels=labels)}
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for section in SECTIONS:
        sheet = workbook.create_sheet(section_title(section, lang)[:31])
        _figures(sheet, [row for row in rows if row.section == section], lang)
        for name, where in CHART_SHEET.items():
            if where == section:
                _chart(sheet, charts[name])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
