"""The report's figures as hand-written SQL, for the `report` workload's comparison: the same
statements on PostgreSQL, SQLite and DuckDB (over Parquet), differing only in how a JSON field
is read and how parameters are written.

Business hours and medians are computed in Python in every variant, with the same code as the
report (`BusinessHoursMeter`), from rows the SQL fetches: they are part of "the same figures".
"""

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from leadpact.reports.business_hours import BusinessHoursMeter
from leadpact.sla.clock import BusinessCalendar


@dataclass(frozen=True)
class Dialect:
    name: str  # postgresql | sqlite | duckdb
    true: str = "TRUE"

    def j(self, column: str, path: str) -> str:
        """A JSON value as text: `j("e.data", "changes.sales_temperature[1]")`."""
        if self.name == "sqlite":
            return f"json_extract({column}, '$.{path}')"
        if self.name == "duckdb":
            return f"json_extract_string({column}, '$.{path}')"
        # `#>>` as leadpact writes it (`JsonText`): the partial indexes' conditions (leads/0008).
        steps = [p for p in re.split(r"\.|\[|\]", path) if p]
        return f"({column} #>> '{{{','.join(steps)}}}')"

    def epoch_us(self, column: str) -> str:
        """An instant as whole microseconds since 1970 (as `EpochMicroseconds`)."""
        if self.name == "sqlite":
            return (
                f"(CAST(strftime('%%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
                f" + CAST(substr({column}, 21, 6) AS INTEGER))"
            )
        if self.name == "duckdb":
            return f"epoch_us({column})"
        return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::bigint"

    def is_true(self, column: str, path: str) -> str:
        if self.name == "sqlite":
            return f"json_extract({column}, '$.{path}') = 1"
        return f"{self.j(column, path)} = 'true'"

    def param(self, name: str) -> str:
        return f"${name}" if self.name == "duckdb" else f"%({name})s"


def _statements(d: Dialect) -> dict[str, str]:
    p = d.param
    to, field, sales1 = (
        d.j("e.data", "to"),
        d.j("e.data", "field"),
        d.j("e.data", "changes.sales_temperature[1]"),
    )
    opened = f"h.opened_at >= {p('start')} AND h.opened_at < {p('end')}"
    not_rejected = f"(h.rejected_at IS NULL OR h.rejected_at >= {p('end')})"
    in_progress = f"h.accepted_at < {p('end')} AND {not_rejected} AND (h.closed_at IS NULL OR h.closed_at >= {p('end')})"
    due = f"h.accept_due_at >= {p('start')} AND h.accept_due_at < {p('end')}"
    contact_due = (
        f"h.first_contact_due_at >= {p('start')} AND h.first_contact_due_at < {p('end')} AND "
        "(h.first_contact_at IS NOT NULL OR ((h.rejected_at IS NULL OR h.rejected_at > h.first_contact_due_at) "
        "AND (h.closed_at IS NULL OR h.closed_at > h.first_contact_due_at)))"
    )
    in_time = "(h.accepted_at <= h.accept_due_at OR (h.accepted_at IS NULL AND h.rejected_at <= h.accept_due_at))"
    s_to = d.j("s.data", "to")
    first = (
        "(SELECT {us} FROM leads_leadevent s WHERE s.lead_id = f.lead_id AND s.kind = 'stage' "
        "AND {to} = '{stage}' AND s.at >= f.at ORDER BY s.at LIMIT 1)"
    )
    in_period = lambda column: f"{column} >= {p('start')} AND {column} < {p('end')}"  # noqa: E731
    target = f"a.is_target = {d.true}"
    return {
        "mql": f"""
SELECT COUNT(DISTINCT e.lead_id),
       COUNT(DISTINCT CASE WHEN EXISTS (
             SELECT 1 FROM leads_lead l WHERE l.id = e.lead_id AND l.icp_grade IN ('A', 'B')) THEN e.lead_id END)
FROM leads_leadevent e WHERE e.kind = 'stage' AND {to} = 'mql' AND {in_period("e.at")}""",
        "nurture": f"""
SELECT COUNT(DISTINCT e.lead_id) FROM leads_leadevent e
WHERE e.kind = 'stage' AND {to} = 'nurture' AND {in_period("e.at")}""",
        "hot": f"""
SELECT COUNT(DISTINCT e.lead_id) FROM leads_leadevent e
WHERE e.kind = 'assessment' AND (({field} = 'sales_temperature' AND {to} = 'hot') OR {sales1} = 'hot')
  AND {in_period("e.at")}""",
        "handoffs": f"""
SELECT h.owner_id,
  COUNT(*) FILTER (WHERE {opened}),
  COUNT(*) FILTER (WHERE {opened} AND h.accepted_at < {p("end")} AND {not_rejected}),
  COUNT(*) FILTER (WHERE {opened} AND h.rejected_at < {p("end")}),
  COUNT(*) FILTER (WHERE {opened} AND (h.accepted_at IS NULL OR h.accepted_at >= {p("end")}) AND {not_rejected}),
  COUNT(*) FILTER (WHERE {in_progress}),
  COUNT(*) FILTER (WHERE {in_progress} AND h.qualified_at < {p("end")}),
  COUNT(*) FILTER (WHERE {due}),
  COUNT(*) FILTER (WHERE {due} AND {in_time}),
  COUNT(*) FILTER (WHERE {contact_due}),
  COUNT(*) FILTER (WHERE {contact_due} AND h.first_contact_at <= h.first_contact_due_at),
  COUNT(*) FILTER (WHERE {in_period("h.accept_breached_at")}),
  COUNT(*) FILTER (WHERE {in_period("h.contact_breached_at")}),
  COUNT(*) FILTER (WHERE {in_period("h.escalated_at")})
FROM leads_handoff h WHERE h.opened_at < {p("end")} GROUP BY h.owner_id""",
        "reasons": f"""
SELECT rejection_reason, COUNT(*) FROM leads_handoff h WHERE {in_period("h.rejected_at")}
GROUP BY rejection_reason""",
        "won": f"""
SELECT owner_id, closed_currency, COUNT(*), SUM(closed_revenue) FROM leads_lead l
WHERE l.stage = 'won' AND {in_period("l.stage_changed_at")} GROUP BY owner_id, closed_currency""",
        "pairs": f"""
SELECT agreement_version_id, opened_at, accepted_at, first_contact_at FROM leads_handoff h
WHERE ({in_period("h.accepted_at")}) OR ({in_period("h.first_contact_at")})""",
        "history": "SELECT "
        + ",\n".join(
            f"COUNT(*) FILTER (WHERE h.accept_due_at >= {p(f'h{i}')} AND h.accept_due_at < {p(f'h{i + 1}')}), "
            f"COUNT(*) FILTER (WHERE h.accept_due_at >= {p(f'h{i}')} AND h.accept_due_at < {p(f'h{i + 1}')} AND {in_time})"
            for i in range(6)
        )
        + f"\nFROM leads_handoff h WHERE h.accept_due_at >= {p('h0')} AND h.accept_due_at < {p('h6')}",
        "funnel": f"""
SELECT {d.epoch_us("f.at")}, {", ".join(first.format(us=d.epoch_us("s.at"), to=s_to, stage=stage) for stage in ("sal", "sql", "won"))}
FROM (SELECT e.lead_id, MIN(e.at) AS at FROM leads_leadevent e
      WHERE e.kind = 'stage' AND {to} = 'mql' AND {in_period("e.at")} GROUP BY e.lead_id) f""",
        "calibration": f"""
SELECT c.level, COUNT(*), COUNT(*) FILTER (WHERE c.accepted_at IS NOT NULL),
  COUNT(*) FILTER (WHERE c.kept AND c.sales_temperature <> ''),
  COUNT(*) FILTER (WHERE c.kept AND c.sales_temperature = 'hot'),
  COUNT(*) FILTER (WHERE c.kept AND c.stage = 'won'),
  COUNT(*) FILTER (WHERE c.kept AND c.sales_temperature <> '' AND c.sales_temperature <> c.level)
FROM (SELECT h.accepted_at, l.sales_temperature, l.stage,
        (h.accepted_at IS NOT NULL AND h.rejected_at IS NULL) AS kept,
        h.marketing_temperature AS level
      FROM leads_handoff h JOIN leads_lead l ON l.id = h.lead_id WHERE {opened}) c
GROUP BY c.level""",
        "targets": f"SELECT COUNT(*) FROM accounts_account a WHERE {target}",
        "coverage": f"""
SELECT COUNT(*), COUNT(*) FILTER (WHERE x.n >= 3), COUNT(*) FILTER (WHERE x.personas >= 3),
       COUNT(*) FILTER (WHERE x.c_level > 0), COUNT(*) FILTER (WHERE x.manager > 0),
       COUNT(*) FILTER (WHERE x.specialist > 0)
FROM (
  SELECT t.account_id, COUNT(DISTINCT CASE WHEN t.campaign <> '' THEN t.campaign END) AS n,
    COUNT(DISTINCT l.persona) FILTER (WHERE l.persona IN ('c_level', 'manager', 'specialist')) AS personas,
    COUNT(*) FILTER (WHERE l.persona = 'c_level') AS c_level,
    COUNT(*) FILTER (WHERE l.persona = 'manager') AS manager,
    COUNT(*) FILTER (WHERE l.persona = 'specialist') AS specialist
  FROM touches_touch t JOIN accounts_account a ON a.id = t.account_id JOIN leads_lead l ON l.id = t.lead_id
  WHERE {target} AND {in_period("t.occurred_at")} GROUP BY t.account_id) x""",
        "feedback": f"""
SELECT COUNT(*), COUNT(DISTINCT e.lead_id), COUNT(*) FILTER (WHERE {d.is_true("e.data", "interesting")})
FROM leads_leadevent e WHERE e.kind = 'feedback' AND {in_period("e.at")}""",
        "feedback_top": f"""
SELECT e.lead_id, e.at, e.data FROM leads_leadevent e
WHERE e.kind = 'feedback' AND {in_period("e.at")} AND {d.is_true("e.data", "interesting")}
ORDER BY e.at DESC, e.id DESC LIMIT 10""",
    }


CURRENT = ("mql", "nurture", "hot", "handoffs", "reasons", "won", "pairs", "history", "funnel", "calibration",
           "targets", "coverage", "feedback", "feedback_top")  # fmt: skip
PREVIOUS = ("mql", "nurture", "hot", "handoffs", "won")


def _median_days(pairs: list[tuple[int | None, int | None]]) -> float | None:
    """Median days between instants in microseconds (as `timedelta.total_seconds() / 86400`)."""
    days = [(b - a) / 1_000_000 / 86400 for a, b in pairs if a is not None and b is not None]
    return round(statistics.median(days), 2) if days else None


def figures_by_sql(
    *, dialect: Dialect, execute: Callable[[str, dict[str, Any]], list[tuple[Any, ...]]],
    params: dict[str, Any], previous: dict[str, Any], calendar: BusinessCalendar,
    as_datetime: Callable[[Any], Any] = lambda value: value,
) -> dict[str, Any]:  # fmt: skip
    """Run every statement; return the figures the workload compares with the report's."""
    statements = _statements(dialect)
    rows = {name: execute(statements[name], params) for name in CURRENT}
    before = {name: execute(statements[name], previous) for name in PREVIOUS}
    hours: dict[str, list[float]] = {"accept": [], "contact": []}
    pairs = [tuple(as_datetime(v) for v in row[1:]) for row in rows["pairs"]]
    if pairs:
        first = min(p[0] for p in pairs)
        last = max(max(v for v in p if v is not None) for p in pairs)
        meter = BusinessHoursMeter(calendar=calendar, first=first, last=last)
        start, end = as_datetime(params["start"]), as_datetime(params["end"])
        for opened, accepted, contacted in pairs:
            if accepted is not None and start <= accepted < end:
                hours["accept"].append(meter.hours(opened, accepted))
            if contacted is not None and start <= contacted < end:
                hours["contact"].append(meter.hours(opened, contacted))
    funnel = rows["funnel"]
    handoffs = [sum(row[i] for row in rows["handoffs"]) for i in range(1, 14)]
    mql, mql_icp = rows["mql"][0]
    nurture, hot = rows["nurture"][0][0], rows["hot"][0][0]
    return {
        "mql": {"total": mql, "icp": mql_icp},
        "hot": hot,
        "nurture": nurture,
        "handed_off": dict(
            zip(("total", "accepted", "rejected", "waiting"), handoffs[:4], strict=True)
        ),
        "in_progress": handoffs[4],
        "sla": dict(
            zip(
                ("due", "in_time", "contact_due", "contact_in_time", "breaches"),
                handoffs[6:11],
                strict=True,
            )
        ),
        "time_to_accept_median": round(statistics.median(hours["accept"]), 2)
        if hours["accept"]
        else None,
        "won": sum(row[2] for row in rows["won"]),
        "funnel": [len(funnel), *(sum(1 for r in funnel if r[i] is not None) for i in (1, 2, 3))],
        "funnel_median_days_mql": _median_days([(r[0], r[1]) for r in funnel]),
        "coverage": list(rows["coverage"][0]),
        "calibration_disagreed": sum(row[6] for row in rows["calibration"]),
        "feedback": rows["feedback"][0][0],
        "previous_mql": before["mql"][0][0],
    }


def figures_of_report(data: dict[str, Any]) -> dict[str, Any]:
    """The same figures, read from the report's JSON."""
    sla = data["sla"]
    funnel = data["funnel"]
    return {
        "mql": {"total": data["mql"]["total"], "icp": data["mql"]["icp"]},
        "hot": data["hot"],
        "nurture": data["nurture"],
        "handed_off": data["handed_off"],
        "in_progress": data["in_progress"]["total"],
        "sla": {
            key: sla[key]
            for key in ("due", "in_time", "contact_due", "contact_in_time", "breaches")
        },
        "time_to_accept_median": sla["time_to_accept_hours"]["median"],
        "won": data["won"]["count"],
        "funnel": [funnel["mql"], funnel["sal"], funnel["sql"], funnel["won"]],
        "funnel_median_days_mql": funnel["median_days_in_stage"]["mql"],
        "coverage": [
            data["coverage"]["touched"],
            data["coverage"]["covered"],
            data["coverage"]["personas"]["all"],
            *(p["accounts"] for p in data["coverage"]["personas"]["per_persona"].values()),
        ],
        "calibration_disagreed": data["calibration"]["disagreed"],
        "feedback": data["feedback"]["count"],
        "previous_mql": data["previous"]["mql"]["total"],
    }
