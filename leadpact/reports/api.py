"""`GET /api/v1/reports/{period}`: the period report as JSON, CSV or XLSX."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from leadpact.core.paging import QueryParams
from leadpact.core.schemas import API_ERRORS
from leadpact.reports.exports import report_csv
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.schemas import ReportOut
from leadpact.reports.selectors import report_build
from leadpact.users.auth import require_scope

router = Router(tags=["reports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReportQuery(QueryParams):
    format: Literal["json", "csv", "xlsx"] = "json"
    lang: Literal["pl", "en"] = "pl"


@router.get("/{period}", response={200: ReportOut, **API_ERRORS}, operation_id="report_get")
def report_get(
    request: HttpRequest, period: str, query: Query[ReportQuery]
) -> HttpResponse | dict[str, object]:
    """The report of a month (`2026-10`) or quarter (`2026-Q4`) in the agreement's time zone.
    `format=csv|xlsx` downloads it with each figure's definition in `lang`. A period that has
    not begun is refused (422): it has nothing to count yet."""
    require_scope(request, "reports:read")
    report = report_build(period=period)
    name = f"leadpact-report-{report.label}"
    if query.format == "csv":
        body = report_csv(data=report.data, lang=query.lang)
        return _download(body, "text/csv; charset=utf-8", f"{name}.csv")
    if query.format == "xlsx":
        return _download(report_xlsx(data=report.data, lang=query.lang), XLSX, f"{name}.xlsx")
    return report.data
