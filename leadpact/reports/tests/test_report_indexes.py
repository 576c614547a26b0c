"""On PostgreSQL the report's timeline queries are written so that the partial indexes made for
them (`leads/0008`) can answer them, and its lookups of leads by id read the covering index
(`leads/0010`): a partial index is only usable when the query's condition
implies the index's, which a change in how a condition is written (`->>` for `#>>`, a
`kind IN (…)`) silently breaks. With sequential and bitmap scans off, the planner picks each of
these indexes on an empty timeline if it may."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadpact.agreements.models import AgreementVersion
from leadpact.core.tests.plans import query_plan
from leadpact.reports.context import report_context
from leadpact.reports.funnel import calibration_figures, funnel_figures
from leadpact.reports.selectors import headline_build

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]

INDEXES = (
    "leadevent_mql_idx",
    "leadevent_nurture_idx",
    "leadevent_sales_temp_idx",
    "leadevent_sal_idx",
    "leadevent_sql_idx",
    "leadevent_won_idx",
    "lead_report_cover_idx",
)


def _plans(queries: list[dict[str, str]]) -> str:
    return "\n".join(
        query_plan(query["sql"])
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT")
    )


def test_the_timeline_queries_can_use_the_partial_indexes_made_for_them(
    example: AgreementVersion,
) -> None:
    ctx = report_context(period="2026-10")
    with CaptureQueriesContext(connection) as captured:
        headline_build(ctx=ctx)
        funnel_figures(period=ctx.period)
        calibration_figures(ctx=ctx)
    plans = _plans(captured.captured_queries)
    assert [name for name in INDEXES if name not in plans] == []
