"""The shared period report as a page (article, part 4): every figure beside its definition,
the charts, the change against the previous period, and the downloads.

Everyone signed in sees it: it is the one report both teams accept (DESIGN.md). The downloads
are session-authenticated twins of `GET /api/v1/reports/{period}` for the browser, which has a
session and no token.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.core.exceptions import Conflict
from leadpact.reports.charts import report_charts
from leadpact.reports.definitions import SECTIONS
from leadpact.reports.exports import Row, report_csv, report_json, report_rows, section_title
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.labels import report_code_labels
from leadpact.reports.periods import (
    InvalidPeriod,
    Period,
    PeriodKind,
    PeriodNotBegun,
    period_containing,
    period_parse,
)
from leadpact.reports.selectors import report_build
from leadpact.web.access import ALL_ROLES, role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = {
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
# Which chart is drawn in which section of the page.
CHARTS_OF = {
    "overview": ("rejection_reasons",),
    "sla": ("sla_history",),
    "funnel": ("funnel",),
    "coverage": ("coverage",),
    "calibration": ("calibration",),
}
# The headline figures at the top of the page, with their change against the previous period.
HEADLINE = (
    "mql.total",
    "mql.icp",
    "handed_off.total",
    "hot",
    "nurture",
    "in_progress.total",
    "won.count",
    "won.revenue",
    "sla.in_time_share",
)
# Said once in the page's header rather than as rows of the overview.
HEADER_KEYS = frozenset(
    (
        "period",
        "period_kind",
        "time_zone",
        "starts_at",
        "ends_at",
        "generated_at",
        "agreement_versions",
    )
)
PICKER_MONTHS, PICKER_QUARTERS = 12, 8
_SVG_SIZE = re.compile(r'^<svg([^>]*?) width="\d+" height="\d+"')


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    value: str
    definition: str
    change: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[FigureRow]
    charts: list[SafeString]


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "pl"


def _is_share(key: str) -> bool:
    last = key.rsplit(".", 1)[-1]
    return last.endswith("share") or last == "attainment" or ".conversion." in f".{key}"


def value_shown(key: str, value: Any) -> str:
    """A figure as the page prints it: shares as percentages, numbers grouped, `—` for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    # Rounded here: Django's number_format cuts a float's decimals off (2/3 would be 66.6 %).
    if _is_share(key):
        return number_format(round(value * 100, 1), decimal_pos=1, force_grouping=True) + " %"
    if isinstance(value, float) and value % 1:
        return number_format(round(value, 2), decimal_pos=2, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def change_shown(key: str, delta: Any) -> str:
    if delta is None or isinstance(delta, bool) or not isinstance(delta, int | float):
        return ""
    if _is_share(key):
        points = round(delta * 100, 1)
        text = number_format(abs(points), decimal_pos=1, force_grouping=True) + " pp"
        sign = "+" if points > 0 else "−" if points < 0 else "±"
        return sign + text
    amount = round(delta, 2)
    shown = value_shown(key, abs(amount))
    return ("+" if amount > 0 else "−" if amount < 0 else "±") + shown


def _inline(svg: str) -> SafeString:
    # Sized by the page, not by the file: the viewBox keeps the proportions. The SVG is drawn
    # by leadpact.reports.charts, which escapes every text it prints, and uses presentation
    # attributes only (the CSP refuses inline styles).
    return mark_safe(_SVG_SIZE.sub(r'<svg\1 width="100%"', svg, count=1))


def report_sections(
    *, data: dict[str, Any], lang: str, rows: list[Row], labels: dict[str, str]
) -> list[Section]:
    deltas: dict[str, Any] = data.get("previous", {}).get("delta", {})
    charts = report_charts(data=data, lang=lang, labels=labels)
    by_section: dict[str, list[Row]] = {}
    for row in rows:
        if row.key not in HEADER_KEYS:
            by_section.setdefault(row.section, []).append(row)
    return [
        Section(
            key=key,
            title=section_title(key, lang),
            rows=[
                FigureRow(
                    key=row.key,
                    label=row.label,
                    value=value_shown(row.key, row.value),
                    definition=row.definition,
                    change=change_shown(row.key, deltas.get(row.key)) if key != "previous" else "",
                )
                for row in by_section.get(key, [])
            ],
            charts=[_inline(charts[name]) for name in CHARTS_OF.get(key, ())],
        )
        for key in SECTIONS
        if by_section.get(key)
    ]


def _time_zone() -> str:
    version = agreement_active()
    if version is None:
        return settings.TIME_ZONE
    return version_agreement(version=version).calendar.time_zone


def _last_closed_month(now: datetime) -> Period:
    return period_containing(at=now, kind="month", time_zone=_time_zone()).previous()


def _picker(now: datetime, time_zone: str) -> list[tuple[PeriodKind, list[str]]]:
    options: list[tuple[PeriodKind, list[str]]] = []
    kinds: tuple[tuple[PeriodKind, int], ...] = (
        ("month", PICKER_MONTHS),
        ("quarter", PICKER_QUARTERS),
    )
    for kind, count in kinds:
        current = period_containing(at=now, kind=kind, time_zone=time_zone)
        options.append((kind, [current.shifted(-n).label for n in range(count)]))
    return options


@role_required(ALL_ROLES)
def report_index(request: HttpRequest) -> HttpResponse:
    """`/reports/` opens the last closed month; `/reports/?period=2026-Q4` (the picker) opens
    the chosen period."""
    chosen = request.GET.get("period", "").strip()
    if chosen:
        try:
            label = period_parse(text=chosen, time_zone=settings.TIME_ZONE).label
        except InvalidPeriod:
            return _not_a_period(request, chosen)
        return redirect("web:report", period=label)
    return redirect("web:report", period=_last_closed_month(timezone.now()).label)


def _not_a_period(request: HttpRequest, text: str, *, not_begun: bool = False) -> HttpResponse:
    """404 with the picker: for text that is no period, or a period still to come, which has
    nothing to count (its figures would all read as zero, "up to now")."""
    now = timezone.now()
    context = {
        "bad_period": text,
        "not_begun": not_begun,
        "period": text if not_begun else None,
        "picker": _picker(now, _time_zone()),
        "last_closed": _last_closed_month(now).label,
    }
    return render(request, "web/report.html", context, status=404)


@role_required(ALL_ROLES)
def report_page(request: HttpRequest, period: str) -> HttpResponse:
    try:
        label = period_parse(text=period, time_zone=settings.TIME_ZONE).label
    except InvalidPeriod:
        return _not_a_period(request, period)
    if label != period:
        return redirect("web:report", period=label)
    now = timezone.now()
    try:
        report = report_build(period=label, now=now)
    except Conflict:
        context = {"no_agreement": True, "period": label, "picker": _picker(now, _time_zone())}
        return render(request, "web/report.html", context)
    except PeriodNotBegun:
        return _not_a_period(request, label, not_begun=True)
    lang = _lang()
    data = report.data
    current = report.context.period
    deltas = data["previous"]["delta"]
    labels = report_code_labels(data=data, lang=lang)
    all_rows = report_rows(data=data, lang=lang, labels=labels)
    rows = {row.key: row for row in all_rows}
    headline = [
        FigureRow(
            key=key,
            label=rows[key].label,
            value=value_shown(key, rows[key].value),
            definition=rows[key].definition,
            change=change_shown(key, deltas.get(key)),
        )
        for key in HEADLINE
        if key in rows
    ]
    following = current.shifted(1)
    context = {
        "report": data,
        "period": label,
        "running": now < current.end,
        "first_day": current.first_day,
        "last_day": current.end_day - timedelta(days=1),
        "headline": headline,
        "sections": report_sections(data=data, lang=lang, rows=all_rows, labels=labels),
        "previous_period": current.previous().label,
        "next_period": following.label if following.start <= now else None,
        "picker": _picker(now, current.time_zone),
        "downloads": [
            (fmt, reverse("web:report-download", kwargs={"period": label, "fmt": fmt}))
            for fmt in DOWNLOADS
        ],
    }
    return render(request, "web/report.html", context)


@role_required(ALL_ROLES)
def report_download(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """`/reports/2026-10.xlsx` (`.csv`, `.json`): the report as a file, with the definitions in
    the reader's language."""
    if fmt not in DOWNLOADS:
        raise Http404
    now = timezone.now()
    try:
        report = report_build(period=period, now=now)
    except (InvalidPeriod, Conflict, PeriodNotBegun):
        raise Http404 from None
    lang = _lang()
    body: str | bytes
    if fmt == "xlsx":
        body = report_xlsx(data=report.data, lang=lang)
    elif fmt == "csv":
        body = report_csv(data=report.data, lang=lang)
    else:
        body = report_json(data=report.data)
    response = HttpResponse(body, content_type=DOWNLOADS[fmt])
    filename = f"leadpact-report-{report.label}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
