"""The `report` workload: the monthly report on a year of history, beside the same figures as
hand-written SQL on the same database and as DuckDB over the same data exported to Parquet.

Fairness: the three compute the same figures (the workload checks that they agree) from the
same rows; business hours and medians are the same Python in all three. Each is timed as the
best of three runs after a warm-up run, so that all three read warm caches; the Parquet export
is timed on its own and not counted. Sizes: 1M leads and 10M touches (`--quick`: 20k and 200k;
`bench.run report --leads N`: N leads and 10·N touches).

Generating 1M leads takes minutes; to measure again on a database kept from an earlier run,
run the child directly on it with `LEADPACT_BENCH_REUSE=1`:
`LEADPACT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_report LEADPACT_BENCH_REUSE=1
python -m bench.workload report /tmp/report.json` (an empty database is generated into first).
"""

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from bench.report_data import Counts, Sizes, history_generate
from bench.report_sql import Dialect, figures_by_sql, figures_of_report
from leadpact.accounts.models import Account
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.reports.selectors import report_build, without_jit
from leadpact.sla.clock import calendar_from_agreement
from leadpact.touches.models import Touch

SEED = 2026
FULL = Sizes(leads=1_000_000, touches=10_000_000)
QUICK = Sizes(leads=20_000, touches=200_000)
PERIOD = "2026-10"
ROUNDS = 3
RATIO_GOAL = 1.25
SECONDS_GOAL = 2.0  # on PostgreSQL

TS = pa.timestamp("us", tz="UTC")
EXPORTS: dict[str, tuple[type[models.Model], list[tuple[str, pa.DataType]]]] = {
    "accounts_account": (Account, [("id", pa.int64()), ("is_target", pa.bool_())]),
    "leads_lead": (Lead, [("id", pa.int64()), ("icp_grade", pa.string()), ("persona", pa.string()),
                          ("marketing_temperature", pa.string()), ("sales_temperature", pa.string()),
                          ("stage", pa.string()), ("stage_changed_at", TS), ("owner_id", pa.int64()),
                          ("closed_revenue", pa.decimal128(18, 2)), ("closed_currency", pa.string())]),
    "leads_leadevent": (LeadEvent, [("id", pa.int64()), ("lead_id", pa.int64()), ("kind", pa.string()),
                                    ("at", TS), ("data", pa.string()), ("agreement_version_id", pa.int64())]),
    "leads_handoff": (Handoff, [("id", pa.int64()), ("lead_id", pa.int64()), ("owner_id", pa.int64()),
                                ("agreement_version_id", pa.int64()), ("state", pa.string()),
                                ("rejection_reason", pa.string()), ("marketing_temperature", pa.string())] + [(name, TS) for name in (
                                    "opened_at", "accept_due_at", "first_contact_due_at", "accepted_at",
                                    "rejected_at", "first_contact_at", "accept_breached_at",
                                    "contact_breached_at", "escalated_at", "closed_at", "qualified_at")]),
    "touches_touch": (Touch, [("id", pa.int64()), ("lead_id", pa.int64()), ("account_id", pa.int64()),
                              ("type", pa.string()), ("occurred_at", TS), ("campaign", pa.string())]),
}  # fmt: skip


def _say(text: str) -> None:
    print(f"  {text}", flush=True)


def _best(work: Callable[[], Any]) -> tuple[float, Any]:
    result = work()  # warm-up
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def _explained(queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each query of a report as PostgreSQL's EXPLAIN ANALYZE times it (server time, no
    fetching), with the start of its SQL: where the time goes, query by query."""
    if connection.vendor != "postgresql":
        return []
    timed = []
    for query in queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with without_jit(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        timed.append(
            {"ms": round(plan[0]["Execution Time"], 1), "sql": " ".join(sql.split())[:160]}
        )
    return timed


def _sql_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _from_sqlite(value: Any) -> Any:
    """SQLite keeps UTC instants as naive text; Django reads them back as naive datetimes."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _params(period: Any) -> dict[str, Any]:
    values = {"start": period.start, "end": period.end}
    for index in range(7):
        values[f"h{index}"] = period.shifted(index - 5).start
    return values


def _sql_run(params: dict[str, Any], previous: dict[str, Any], calendar: Any) -> dict[str, Any]:
    def execute(sql: str, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, {key: _sql_value(value) for key, value in values.items()})
            return list(cursor.fetchall())

    sqlite = connection.vendor == "sqlite"
    with without_jit():  # as leadpact runs its queries
        return _figures_by_sql(execute, params, previous, calendar, sqlite=sqlite)


def _figures_by_sql(
    execute: Callable[[str, dict[str, Any]], list[tuple[Any, ...]]],
    params: dict[str, Any],
    previous: dict[str, Any],
    calendar: Any,
    *,
    sqlite: bool,
) -> dict[str, Any]:
    return figures_by_sql(
        dialect=Dialect("sqlite", true="1") if sqlite else Dialect("postgresql"),
        execute=execute, params=params, previous=previous, calendar=calendar,
        as_datetime=_from_sqlite if sqlite else (lambda value: value),
    )  # fmt: skip


def _export(folder: Path) -> dict[str, int]:
    """Each table the report reads, the columns it reads, to one Parquet file."""
    rows_written = {}
    for table, (model, columns) in EXPORTS.items():
        names = [name for name, _ in columns]
        schema = pa.schema(columns)
        with pq.ParquetWriter(folder / f"{table}.parquet", schema) as writer:
            chunk: list[tuple[Any, ...]] = []
            query = model._default_manager.order_by().values_list(*names)
            for row in query.iterator(chunk_size=100_000):
                chunk.append(row)
                if len(chunk) >= 200_000:
                    writer.write_table(_arrow(chunk, names, schema))
                    chunk = []
            if chunk:
                writer.write_table(_arrow(chunk, names, schema))
        rows_written[table] = model._default_manager.count()
    return rows_written


def _arrow(rows: list[tuple[Any, ...]], names: list[str], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    arrays = []
    for index, name in enumerate(names):
        values = columns[index]
        if name == "data":
            values = tuple(json.dumps(value) for value in values)
        arrays.append(pa.array(values, type=schema.field(name).type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _duckdb_run(
    folder: Path, params: dict[str, Any], previous: dict[str, Any], calendar: Any
) -> Callable[[], dict[str, Any]]:
    database = duckdb.connect()
    database.execute("SET TimeZone = 'UTC'")
    for table in EXPORTS:
        database.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{folder / table}.parquet')"
        )

    def execute(sql: str, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        used = {key: value for key, value in values.items() if f"${key}" in sql}
        return database.execute(sql, used).fetchall()

    def run() -> dict[str, Any]:
        return figures_by_sql(dialect=Dialect("duckdb"), execute=execute, params=params,
                              previous=previous, calendar=calendar)  # fmt: skip

    return run


def _sizes(*, quick: bool) -> Sizes:
    if quick:
        return QUICK
    leads = int(os.environ.get("LEADPACT_BENCH_LEADS") or FULL.leads)
    return Sizes(leads=leads, touches=leads * FULL.touches // FULL.leads)


def _kept(sizes: Sizes) -> Counts | None:
    """The history already in the database, when `LEADPACT_BENCH_REUSE` asks to keep it
    (generating 1M leads takes minutes): it must be the one this run would generate."""
    if os.environ.get("LEADPACT_BENCH_REUSE", "") in ("", "0"):
        return None
    counts = Counts(
        accounts=Account.objects.count(), leads=Lead.objects.count(),
        events=LeadEvent.objects.count(), handoffs=Handoff.objects.count(),
        touches=Touch.objects.count(),
    )  # fmt: skip
    if (counts.leads, counts.touches) == (sizes.leads, sizes.touches):
        return counts
    if counts.leads:
        raise SystemExit(
            f"LEADPACT_BENCH_REUSE: the database holds {counts.leads:,} leads and "
            f"{counts.touches:,} touches, not {sizes.leads:,} and {sizes.touches:,}; "
            "drop it or run with the same size."
        )
    return None


def run(*, quick: bool) -> dict[str, Any]:
    sizes = _sizes(quick=quick)
    vendor = connection.vendor
    started = time.perf_counter()
    kept = _kept(sizes)
    if kept is None:
        _say(f"generating {sizes.leads:,} leads and {sizes.touches:,} touches")
        counts = history_generate(sizes=sizes, seed=SEED)
    else:
        _say(f"reusing the {kept.leads:,} leads and {kept.touches:,} touches in the database")
        counts = kept
    generated = time.perf_counter() - started

    _say(f"(a) leadpact report_build({PERIOD!r})")
    leadpact_seconds, report = _best(lambda: report_build(period=PERIOD))
    with CaptureQueriesContext(connection) as captured:
        report_build(period=PERIOD)
    explained = _explained(captured.captured_queries)
    period = report.context.period
    calendar = calendar_from_agreement(report.context.governing.calendar)
    params, previous = _params(period), _params(period.previous())

    _say("(b) hand-written SQL, same figures, same database")
    sql_seconds, by_sql = _best(lambda: _sql_run(params, previous, calendar))
    expected = figures_of_report(report.data)
    if by_sql != expected:
        raise AssertionError(f"the SQL disagrees with the report:\n{by_sql}\n{expected}")

    with tempfile.TemporaryDirectory(prefix="leadpact-parquet-") as folder:
        _say("(c) DuckDB over the same data exported to Parquet")
        started = time.perf_counter()
        exported = _export(Path(folder))
        export_seconds = time.perf_counter() - started
        duck_seconds, by_duck = _best(_duckdb_run(Path(folder), params, previous, calendar))
    if by_duck != expected:
        raise AssertionError(f"DuckDB disagrees with the report:\n{by_duck}\n{expected}")

    ratio = leadpact_seconds / sql_seconds
    met_ratio = ratio <= RATIO_GOAL
    seconds_goal = f"< {SECONDS_GOAL:g} s " + (
        "met" if leadpact_seconds < SECONDS_GOAL else "NOT met"
    )
    return {
        "vendor": vendor,
        "sizes": sizes.__dict__,
        "stored": counts.__dict__,
        "period": PERIOD,
        "queries": len(captured.captured_queries),
        "queries_explained": explained,
        "seconds": {
            "generate": generated,
            "leadpact": leadpact_seconds,
            "sql": sql_seconds,
            "duckdb": duck_seconds,
            "parquet_export": export_seconds,
        },
        "ratios": {
            "vs_sql": {"value": ratio, "goal": RATIO_GOAL, "met": met_ratio},
            "vs_duckdb": leadpact_seconds / duck_seconds,
        },
        "table": {
            "columns": ["workload", "seconds", "ratio", "goal"],
            "rows": [
                [
                    f"(a) leadpact `report_build('{PERIOD}')`, {len(captured.captured_queries)} queries",
                    f"{leadpact_seconds:.3f}",
                    "",
                    seconds_goal if vendor == "postgresql" else "",
                ],
                [
                    "(b) hand-written SQL, the same figures, the same database",
                    f"{sql_seconds:.3f}",
                    f"(a)/(b) = {ratio:.2f}×",
                    f"≤ {RATIO_GOAL}× " + ("met" if met_ratio else "NOT met"),
                ],
                [
                    "(c) DuckDB over the same data in Parquet",
                    f"{duck_seconds:.3f}",
                    f"(a)/(c) = {leadpact_seconds / duck_seconds:.2f}×",
                    "",
                ],
            ],
        },
        "notes": [
            f"Data: {counts.accounts:,} accounts, {counts.leads:,} leads, {counts.events:,} timeline "
            f"events, {counts.handoffs:,} handoffs, {counts.touches:,} touches over 2026 (seed {SEED}), "
            + (
                f"generated in {generated:.0f} s straight into the tables."
                if kept is None
                else "generated by an earlier run and kept (LEADPACT_BENCH_REUSE)."
            ),
            f"Each time is the best of {ROUNDS} runs after a warm-up; the three agree on every compared figure.",
            "The hand-written SQL reads what leadpact keeps (the handoff's `qualified_at` for the "
            "SQL leads in progress and its `marketing_temperature` for calibration), writes its "
            "conditions so that it may use the same indexes (`#>>` as the partial indexes of "
            "leads/0008; MQL, nurture and hot as three queries), fetches the funnel's instants "
            "as integers as the report does, and runs, like the report, with PostgreSQL's JIT off.",
            f"The Parquet export ({sum(exported.values()):,} rows, the columns the report reads) took "
            f"{export_seconds:.1f} s and is not counted in (c).",
        ],
    }
