"""The report's JSON document as the API describes it (docs/report.md defines every figure).

The top-level keys and the small blocks are typed; the larger sections stay open objects in
the schema, their keys documented in docs/report.md.
"""

from typing import Any, Literal

from ninja import Schema


class MqlOut(Schema):
    icp: int
    non_icp: int
    total: int


class HandedOffOut(Schema):
    total: int
    accepted: int
    rejected: int
    waiting: int


class InProgressOut(Schema):
    total: int
    sal: int
    sql: int


class WonOut(Schema):
    count: int
    revenue: float
    currency: str
    other_currencies: dict[str, float]


class ReportOut(Schema):
    period: str
    period_kind: Literal["month", "quarter"]
    time_zone: str
    # ISO 8601 strings exactly as the CLI's JSON prints them.
    starts_at: str
    ends_at: str
    generated_at: str
    agreement_versions: list[int]
    mql: MqlOut
    handed_off: HandedOffOut
    hot: int
    nurture: int
    rejection_reasons: dict[str, int]
    in_progress: InProgressOut
    won: WonOut
    sla: dict[str, Any]
    funnel: dict[str, Any]
    goals: dict[str, Any]
    coverage: dict[str, Any]
    calibration: dict[str, Any]
    feedback: dict[str, Any]
    per_rep: dict[str, Any]
    previous: dict[str, Any]
