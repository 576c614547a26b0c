"""The frozen snapshot of one lead that the engine evaluates.

All datetimes must be timezone-aware. A missing value (None, or "" for text) never satisfies a
condition: the agreement only rewards what is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

__all__ = ["AccountFacts", "Facts", "LeadFacts", "SalesAnswers", "TouchFact"]


def _empty() -> Mapping[str, object]:
    return {}


@dataclass(frozen=True, slots=True)
class TouchFact:
    type: str
    campaign: str
    occurred_at: datetime
    answers: Mapping[str, object] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountFacts:
    industry: str = ""
    employees: int | None = None
    annual_revenue: float | Decimal | None = None
    country: str = ""
    is_target: bool = False
    attributes: Mapping[str, object] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadFacts:
    job_title: str = ""
    attributes: Mapping[str, object] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesAnswers:
    """What sales learned on the qualifying call; None while not asked."""

    product_potential: bool | None = None
    horizon_months: int | None = None
    meeting_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    account: AccountFacts | None = None
    lead: LeadFacts = field(default_factory=LeadFacts)
    touches: tuple[TouchFact, ...] = ()
    sales: SalesAnswers = field(default_factory=SalesAnswers)
    stage: str = "inquiry"
    now: datetime
    rejected_at: datetime | None = None
