"""The report's charts as data (`report_chart_data`, also drawn natively in the XLSX) and as
self-contained SVG drawn here in Python: no JavaScript, no fonts or files fetched, so they show
the same offline, in a page, in an e-mail or saved to disk.
"""

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

WIDTH = 640
PALETTE = ("#2f6db5", "#e07b39", "#3a9d5d", "#b8413b", "#7d5ba6")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class ChartData:
    name: str
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    percent: bool = False
    horizontal: bool = True


def _t(lang: str, pl: str, en: str) -> str:
    return en if lang == "en" else pl


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def report_chart_data(
    *, data: dict[str, Any], lang: str = "pl", labels: dict[str, str] | None = None
) -> list[ChartData]:
    """Funnel, SLA compliance over the last periods, rejection reasons, temperature vs outcome
    and coverage — in this order. `labels` names the agreement's codes (reasons, levels, personas)."""
    named = labels or {}
    funnel = data["funnel"]
    history = data["sla"]["history"]
    levels = data["calibration"]["levels"]
    coverage = data["coverage"]
    personas = coverage["personas"]
    coverage_rows = [
        (_t(lang, "z dowolnym stykiem", "touched at all"), coverage["touched_share"]),
        (_t(lang, "≥ N działań", "≥ N actions"), coverage["covered_share"]),
        *(
            (named.get(code, code), figures["share"])
            for code, figures in personas["per_persona"].items()
        ),
        (_t(lang, "wszystkie role", "every persona"), personas["all_share"]),
    ]
    outcome_names = (
        ("handed_off", _t(lang, "przekazane", "handed off")),
        ("accepted", _t(lang, "przyjęte", "accepted")),
        ("qualified_hot", _t(lang, "gorące wg sprzedaży", "hot per sales")),
        ("won", _t(lang, "wygrane", "won")),
    )
    return [
        ChartData(
            name="funnel",
            title=_t(
                lang, f"Lejek kohorty MQL {data['period']}", f"MQL cohort funnel {data['period']}"
            ),
            categories=["MQL", "SAL", "SQL", _t(lang, "wygrane", "won")],
            series=[("leads", [funnel["mql"], funnel["sal"], funnel["sql"], funnel["won"]])],
        ),
        ChartData(
            name="sla_history",
            title=_t(lang, "Decyzje w terminie SLA (%)", "Handoffs decided within the SLA (%)"),
            categories=[item["period"] for item in history],
            series=[("in_time_share", [_percent(item["in_time_share"]) for item in history])],
            percent=True,
            horizontal=False,
        ),
        ChartData(
            name="rejection_reasons",
            title=_t(lang, "Powody odrzucenia", "Rejection reasons"),
            categories=[named.get(code, code) for code in data["rejection_reasons"]],
            series=[("rejected", list(data["rejection_reasons"].values()))],
        ),
        ChartData(
            name="calibration",
            title=_t(lang, "Temperatura marketingu a wynik", "Marketing temperature vs outcome"),
            categories=[named.get(level, level) for level in levels],
            series=[
                (label, [levels[level][key] for level in levels]) for key, label in outcome_names
            ],
            horizontal=False,
        ),
        ChartData(
            name="coverage",
            title=_t(lang, "Pokrycie firm docelowych (%)", "Target account coverage (%)"),
            categories=[label for label, _ in coverage_rows],
            series=[("share", [_percent(value) for _, value in coverage_rows])],
            percent=True,
        ),
    ]


def _number(value: float | None, percent: bool, lang: str) -> str:
    """As the report's table next to the chart writes it: "82,6 %" on a Polish page, "82.6%"
    on an English one."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if lang != "en":
        text = text.replace(".", ",")
    if not percent:
        return text
    return f"{text}%" if lang == "en" else f"{text} %"


def _document(title: str, height: int, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            f'<text x="12" y="22" {FONT} font-size="15" font-weight="bold">{escape(title)}</text>',
            *body,
            "</svg>",
        ]
    )


def _horizontal(chart: ChartData, lang: str) -> str:
    values = chart.series[0][1]
    top, row, label_width, bar_width = 40, 28, 190, 360
    scale = 100.0 if chart.percent else max([v or 0 for v in values] + [1])
    body = []
    for index, (category, value) in enumerate(zip(chart.categories, values, strict=True)):
        y = top + index * row
        length = round(bar_width * (value or 0) / scale, 1)
        body += [
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" {FONT} font-size="12">{escape(category)}</text>',
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row - 8}" fill="{PALETTE[0]}"/>',
            f'<text x="{label_width + length + 6}" y="{y + 17}" {FONT} font-size="12">{_number(value, chart.percent, lang)}</text>',
        ]
    if not chart.categories:
        body.append(f'<text x="12" y="{top + 17}" {FONT} font-size="12">—</text>')
    return _document(chart.title, top + max(len(chart.categories), 1) * row + 12, body)


def _columns(chart: ChartData, lang: str) -> str:
    height, top, bottom, left = 320, 40, 250, 48
    plot_width = WIDTH - left - 16
    all_values = [v or 0 for _, values in chart.series for v in values]
    scale = 100.0 if chart.percent else max([*all_values, 1])
    group_width = plot_width / max(len(chart.categories), 1)
    bar = group_width * 0.8 / max(len(chart.series), 1)
    body = [f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 16}" y2="{bottom}" stroke="#888"/>']
    for tick in (0, 0.5, 1):
        y = round(bottom - (bottom - top) * tick, 1)
        body.append(
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" {FONT} font-size="12">{_number(scale * tick, chart.percent, lang)}</text>'
        )
    for group, category in enumerate(chart.categories):
        x0 = left + group * group_width + group_width * 0.1
        for index, (_, values) in enumerate(chart.series):
            value = values[group]
            bar_height = round((bottom - top) * (value or 0) / scale, 1)
            x = round(x0 + index * bar, 1)
            body += [
                f'<rect x="{x}" y="{bottom - bar_height}" width="{round(bar - 2, 1)}" height="{bar_height}" fill="{PALETTE[index % len(PALETTE)]}"/>',
                f'<text x="{round(x + bar / 2, 1)}" y="{bottom - bar_height - 4}" text-anchor="middle" {FONT} font-size="10">{_number(value, chart.percent, lang)}</text>',
            ]
        body.append(
            f'<text x="{round(x0 + group_width * 0.4, 1)}" y="{bottom + 16}" text-anchor="middle" {FONT} font-size="12">{escape(category)}</text>'
        )
    if len(chart.series) > 1:
        for index, (name, _) in enumerate(chart.series):
            x = left + index * 140
            body += [
                f'<rect x="{x}" y="{height - 34}" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>',
                f'<text x="{x + 18}" y="{height - 24}" {FONT} font-size="12">{escape(name)}</text>',
            ]
    return _document(chart.title, height, body)


def chart_svg(chart: ChartData, *, lang: str = "pl") -> str:
    return _horizontal(chart, lang) if chart.horizontal else _columns(chart, lang)


def report_charts(
    *, data: dict[str, Any], lang: str = "pl", labels: dict[str, str] | None = None
) -> dict[str, str]:
    """Each chart's name → its SVG document."""
    return {
        chart.name: chart_svg(chart, lang=lang)
        for chart in report_chart_data(data=data, lang=lang, labels=labels)
    }
