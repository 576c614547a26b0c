import pytest

from leadpact.reports.goals import goal_factor
from leadpact.reports.periods import period_parse


@pytest.mark.parametrize(
    ("per", "period", "factor"),
    [("month", "2026-10", 1), ("quarter", "2026-10", 1 / 3), ("year", "2026-10", 1 / 12),
     ("month", "2026-Q4", 3), ("quarter", "2026-Q4", 1), ("year", "2026-Q4", 1 / 4)],
)  # fmt: skip
def test_a_goal_is_prorated_by_months(per: str, period: str, factor: float) -> None:
    assert goal_factor(
        per=per, period=period_parse(text=period, time_zone="Europe/Warsaw")
    ) == pytest.approx(factor)
