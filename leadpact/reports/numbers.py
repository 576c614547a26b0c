"""Small helpers every figure uses: period filters, shares, medians and the 90th percentile."""

import statistics
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db.models import Q


def between(field: str, start: datetime, end: datetime) -> Q:
    """`start <= field < end`: periods are half-open, so a moment belongs to one period only."""
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def share(part: int | float, whole: int | float) -> float | None:
    """`part / whole` to four decimals, or None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def money(value: Decimal | float | int | None) -> float:
    return round(float(value or 0), 2)


def distribution(values: Sequence[float]) -> dict[str, float | int | None]:
    """Count, median and 90th percentile (linear interpolation between the closest ranks, as
    PostgreSQL's `percentile_cont`), rounded to two decimals; None for an empty sample."""
    if not values:
        return {"count": 0, "median": None, "p90": None}
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "median": round(statistics.median(ordered), 2),
        "p90": round(_percentile(ordered, 0.9), 2),
    }


def _percentile(ordered: Sequence[float], fraction: float) -> float:
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)
