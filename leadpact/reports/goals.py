"""The agreement's goals against the period's actuals (article, part 2).

A goal set per quarter or per year is prorated to the report's period by its months: a
quarterly goal of 12 won deals is 4 for a month, a yearly one is a quarter of itself for a
quarter. The ICP share is a percentage and is never prorated. The goals are those of the
version in force at the end of the period.
"""

from leadpact.agreements.rules.schema import Goals
from leadpact.reports.numbers import share
from leadpact.reports.periods import Period

_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def goal_factor(*, per: str, period: Period) -> float:
    """How much of a goal set per `per` falls in `period`."""
    return period.months / _MONTHS[per]


def _line(goal: float, actual: float | None) -> dict[str, float | None]:
    attainment = None if actual is None else share(actual, goal)
    return {"goal": round(goal, 2), "actual": actual, "attainment": attainment}


def goals_figures(
    *, goals: Goals, period: Period, mqls: int, mqls_icp: int, won_count: int, revenue: float
) -> dict[str, object]:
    sales, marketing = goals.sales, goals.marketing
    sales_factor = goal_factor(per=sales.per, period=period)
    marketing_factor = goal_factor(per=marketing.per, period=period)
    icp_share = share(mqls_icp * 100, mqls)
    return {
        "sales_goal_per": sales.per,
        "marketing_goal_per": marketing.per,
        "mqls": _line(marketing.mqls * marketing_factor, mqls),
        "icp_share_percent": _line(
            marketing.icp_share_percent, None if icp_share is None else round(icp_share, 2)
        ),
        "won_deals": _line(sales.won_deals * sales_factor, won_count),
        "revenue": {**_line(sales.revenue * sales_factor, revenue), "currency": sales.currency},
    }
