"""The report as JSON, CSV and a terminal table; XLSX is in `exports_xlsx`.

Table, CSV and XLSX share one list of rows: every figure of the JSON document with its label
and definition in the chosen language (`definitions.py`).
"""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from leadpact.reports.definitions import SECTIONS, definition_find, section_of
from leadpact.reports.labels import report_code_labels

Scalar = int | float | str | None
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_COLUMNS = ("section", "key", "figure", "value", "definition")
# Codes a figure's value may be, as a reader says them (JSON keeps the codes): the period a
# goal is set for (`…_per`), what coverage counts as an action, where feedback is read from.
VALUE_WORDS = {
    "pl": {
        "month": "miesiąc", "quarter": "kwartał", "year": "rok",
        "distinct_campaigns": "różne kampanie", "distinct_touch_types": "różne rodzaje styku",
        "feedback": "informacje zwrotne sprzedaży",
    },
    "en": {
        "month": "month", "quarter": "quarter", "year": "year",
        "distinct_campaigns": "distinct campaigns", "distinct_touch_types": "distinct touch types",
        "feedback": "sales' feedback",
    },
}  # fmt: skip
_WORDED = ("period_kind", "coverage.counted_as", "feedback.source")
_CODE_LISTS = ("coverage.personas.required",)


@dataclass(frozen=True)
class Row:
    section: str
    path: tuple[str, ...]
    label: str
    value: Scalar
    definition: str

    @property
    def key(self) -> str:
        return ".".join(self.path)


def _walk(
    value: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Scalar | tuple[str, ...]]]:
    """Each figure at its path; a list of plain values as one figure, its items apart."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, (*path, str(key)))
    elif isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            yield path, tuple(str(item) for item in value)
            return
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict) and "period" in item:
                # A list of periods (the SLA history) is keyed by the period itself.
                rest = {key: inner for key, inner in item.items() if key != "period"}
                yield from _walk(rest, (*path, str(item["period"])))
            else:
                yield from _walk(item, (*path, str(index)))
    elif isinstance(value, bool):
        yield path, str(value).lower()
    else:
        yield path, value


def report_rows(
    *, data: dict[str, Any], lang: str = "pl", labels: dict[str, str] | None = None
) -> list[Row]:
    """One row per figure; `labels` (`report_code_labels`) names the agreement's codes a row
    is about — a rejection reason, a temperature level, a persona — instead of the code."""
    named = labels or {}
    rows = []
    words = VALUE_WORDS["en" if lang == "en" else "pl"]
    for path, value in _walk(data, ()):
        definition, found = definition_find(path)
        if path[:2] == ("previous", "delta"):
            # A change is named by the figure it is the change of.
            matched = [definition_find(tuple(path[2].split(".")))[0].label(lang)]
        else:
            matched = [named.get(segment, segment) for segment in found]
        key = ".".join(path)
        if isinstance(value, tuple):
            value = ", ".join(named.get(i, i) if key in _CODE_LISTS else i for i in value)
        elif isinstance(value, str) and (key in _WORDED or path[-1].endswith("_per")):
            value = words.get(value, value)
        rows.append(
            Row(
                section=section_of(path),
                path=path,
                label=definition.label(lang).format(*matched),
                value=value,
                definition=definition.text(lang).format(*matched),
            )
        )
    return rows


def section_title(section: str, lang: str) -> str:
    pl, en = SECTIONS[section]
    return en if lang == "en" else pl


def cell_safe(value: Scalar) -> Scalar:
    """A value a spreadsheet shows and never runs: numbers stay numbers, a text that would start
    a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def report_json(*, data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_csv(*, data: dict[str, Any], lang: str = "pl") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(data=data, lang=lang, labels=report_code_labels(data=data, lang=lang)):
        cells = (section_title(row.section, lang), row.key, row.label, row.value, row.definition)
        writer.writerow([cell_safe(cell) for cell in cells])
    return out.getvalue()


def _shown(value: Scalar) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


def report_table(*, data: dict[str, Any], lang: str = "pl", width: int = 140) -> str:
    """Rich tables, one per section: figure, value and definition."""
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    rows = report_rows(data=data, lang=lang, labels=report_code_labels(data=data, lang=lang))
    title = "Raport" if lang != "en" else "Report"
    console.print(f"[bold]{title} {data['period']}[/bold] ({data['time_zone']})")
    for section in SECTIONS:
        table = Table(title=section_title(section, lang), title_justify="left", expand=False)
        table.add_column("Wskaźnik" if lang != "en" else "Figure")
        table.add_column("Wartość" if lang != "en" else "Value", justify="right")
        table.add_column("Definicja" if lang != "en" else "Definition", overflow="fold")
        for row in rows:
            if row.section == section:
                # Text, not markup: labels and feedback may contain brackets.
                table.add_row(Text(row.label), Text(_shown(row.value)), Text(row.definition))
        if table.row_count:
            console.print(table)
    return console.export_text()
