"""Lead temperature as marketing measures it (content touches) and as sales qualifies it
(product potential and purchase horizon) — article, part 1, "Parametry leada"."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import Discriminator, Field, Tag, model_validator

from .schema_common import MAX_COUNT, Days, Label, Model, Slug


class TouchRule(Model):
    type: Slug
    min_count: int = Field(default=1, ge=1, le=MAX_COUNT)


class DistinctCampaignsRule(Model):
    """At least `min_count` different campaigns of one touch type ("a second webinar")."""

    type: Slug
    min_count: int = Field(default=2, ge=1, le=MAX_COUNT)


class AllOf(Model):
    all_of: tuple[TouchCondition, ...] = Field(min_length=1)


class AnyOf(Model):
    any_of: tuple[TouchCondition, ...] = Field(min_length=1)


class TouchCount(Model):
    touch: TouchRule


class DistinctCampaigns(Model):
    distinct_campaigns: DistinctCampaignsRule


CONDITION_KINDS = ("all_of", "any_of", "touch", "distinct_campaigns")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((kind for kind in CONDITION_KINDS if kind in value), None)
    kinds: dict[type, str] = {
        AllOf: "all_of",
        AnyOf: "any_of",
        TouchCount: "touch",
        DistinctCampaigns: "distinct_campaigns",
    }
    return kinds.get(type(value))


TouchCondition = Annotated[
    Annotated[AllOf, Tag("all_of")]
    | Annotated[AnyOf, Tag("any_of")]
    | Annotated[TouchCount, Tag("touch")]
    | Annotated[DistinctCampaigns, Tag("distinct_campaigns")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition is one of: all_of, any_of, touch, distinct_campaigns",
    ),
]


class MarketingLevel(Model):
    name: Slug
    label: Label
    when: TouchCondition
    window_days: Days | None = None


class MarketingTemperature(Model):
    """Levels from the lowest to the highest; the highest level satisfied wins."""

    window_days: Days
    levels: tuple[MarketingLevel, ...] = Field(min_length=1)


class HorizonRange(Model):
    """Purchase horizon in months; `gt`/`gte` bound it below, `lt`/`lte` above."""

    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None

    @model_validator(mode="after")
    def _one_bound_per_side(self) -> Self:
        if self.gt is not None and self.gte is not None:
            raise ValueError("give gt or gte, not both")
        if self.lt is not None and self.lte is not None:
            raise ValueError("give lt or lte, not both")
        if self.gt is None and self.gte is None and self.lt is None and self.lte is None:
            raise ValueError("give at least one of gt, gte, lt, lte")
        return self

    def bounds(self) -> tuple[float, bool, float, bool]:
        """(low, low_inclusive, high, high_inclusive) with infinite ends when open."""
        low, low_inc = (-float("inf"), False)
        if self.gte is not None:
            low, low_inc = self.gte, True
        elif self.gt is not None:
            low, low_inc = self.gt, False
        high, high_inc = (float("inf"), False)
        if self.lte is not None:
            high, high_inc = self.lte, True
        elif self.lt is not None:
            high, high_inc = self.lt, False
        return low, low_inc, high, high_inc

    def contains(self, months: float) -> bool:
        low, low_inc, high, high_inc = self.bounds()
        above = months >= low if low_inc else months > low
        below = months <= high if high_inc else months < high
        return above and below


class SalesLevel(Model):
    name: Slug
    label: Label
    product_potential: bool = True
    horizon_months: HorizonRange | None = None


class DeclaredHorizonIgnore(Model):
    """Only sales qualifies the horizon, on a call (the article's default)."""

    policy: Literal["ignore"]


class DeclaredHorizonProvisional(Model):
    """A horizon the lead declared in a form answer stands in until sales qualifies on a call."""

    policy: Literal["provisional"]
    answer_key: str = Field(min_length=1)
    answer_values: dict[str, float] | None = None
    assume_product_potential: bool = True


DeclaredHorizon = Annotated[
    DeclaredHorizonIgnore | DeclaredHorizonProvisional, Field(discriminator="policy")
]


class SalesTemperature(Model):
    """Levels from the lowest to the highest, like the marketing side."""

    levels: tuple[SalesLevel, ...] = Field(min_length=1)
    declared_horizon: DeclaredHorizon = DeclaredHorizonIgnore(policy="ignore")


class Temperature(Model):
    marketing: MarketingTemperature
    sales: SalesTemperature


AllOf.model_rebuild()
AnyOf.model_rebuild()
