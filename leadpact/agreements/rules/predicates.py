"""Field conditions and touch conditions compiled to plain closures, once per agreement."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from .facts import Facts
from .schema import (
    AllOf,
    AnyOf,
    BetweenCondition,
    CompareCondition,
    DistinctCampaigns,
    EqCondition,
    ExistsCondition,
    FieldCondition,
    InCondition,
    NotInCondition,
    TouchCondition,
)

FieldPredicate = Callable[[Facts, str], bool]
# (count of touches by type, distinct campaigns by type) within the level's window
TouchPredicate = Callable[[Mapping[str, int], Mapping[str, set[str]]], bool]


ValueTest = Callable[[object], bool]


def _normal(value: object) -> object:
    if value.__class__ is str:
        return value.casefold()  # type: ignore[attr-defined]
    if isinstance(value, Decimal):
        return float(value)
    return value


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
    return None


def value_test(condition: FieldCondition) -> ValueTest:
    """A test of one value; None and "" never pass (an unknown value proves nothing)."""
    if isinstance(condition, InCondition | NotInCondition):
        allowed = frozenset(_normal(value) for value in condition.values)
        if isinstance(condition, InCondition):
            return lambda v: v is not None and v != "" and _normal(v) in allowed
        return lambda v: v is not None and v != "" and _normal(v) not in allowed
    if isinstance(condition, BetweenCondition):
        low = -float("inf") if condition.min is None else condition.min
        high = float("inf") if condition.max is None else condition.max

        def between(v: object) -> bool:
            n = _number(v)
            return n is not None and low <= n <= high

        return between
    if isinstance(condition, CompareCondition):
        limit = condition.value
        compare = {
            "gte": limit.__le__,
            "lte": limit.__ge__,
            "gt": limit.__lt__,
            "lt": limit.__gt__,
        }[condition.op]

        def compared(v: object) -> bool:
            n = _number(v)
            return n is not None and compare(n)

        return compared
    if isinstance(condition, EqCondition):
        expected = _normal(condition.value)
        return lambda v: v is not None and v != "" and _normal(v) == expected
    assert isinstance(condition, ExistsCondition)
    return lambda v: v is not None and v != ""


def _account_fused(condition: FieldCondition, name: str) -> FieldPredicate | None:
    """One closure instead of field + value test for the most common criteria: an ICP is
    evaluated for every lead, so a call saved per criterion counts."""
    if isinstance(condition, InCondition) and all(isinstance(v, str) for v in condition.values):
        allowed = frozenset(str(value).casefold() for value in condition.values)

        def text_in(f: Facts, p: str) -> bool:
            account = f.account
            if account is None:
                return False
            value = getattr(account, name)
            return value.__class__ is str and value.casefold() in allowed

        return text_in
    if isinstance(condition, CompareCondition | BetweenCondition):
        if isinstance(condition, CompareCondition):
            low = condition.value if condition.op in ("gte", "gt") else -float("inf")
            high = condition.value if condition.op in ("lte", "lt") else float("inf")
            strict = condition.op in ("gt", "lt")
        else:
            low = -float("inf") if condition.min is None else condition.min
            high = float("inf") if condition.max is None else condition.max
            strict = False

        def number_in_range(f: Facts, p: str) -> bool:
            account = f.account
            if account is None:
                return False
            value = getattr(account, name)
            if value.__class__ is not int and value.__class__ is not float:
                number = _number(value)
                if number is None:
                    return False
                value = number
            if strict:
                return bool(low < value < high)
            return bool(low <= value <= high)

        return number_in_range
    return None


def field_predicate(condition: FieldCondition) -> FieldPredicate:
    owner, _, name = condition.field.partition(".")
    if owner == "account" and not name.startswith("attributes."):
        fused = _account_fused(condition, name)
        if fused is not None:
            return fused
    test = value_test(condition)
    if name.startswith("attributes."):
        key = name.removeprefix("attributes.")
        if owner == "account":

            def account_attribute(f: Facts, p: str) -> bool:
                account = f.account
                return account is not None and test(account.attributes.get(key))

            return account_attribute
        return lambda f, p: test(f.lead.attributes.get(key))
    if owner == "account":

        def account_field(f: Facts, p: str) -> bool:
            account = f.account
            return account is not None and test(getattr(account, name))

        return account_field
    if name == "persona":
        return lambda f, p: test(p)
    return lambda f, p: test(getattr(f.lead, name))


def touch_predicate(condition: TouchCondition) -> TouchPredicate:
    if isinstance(condition, AllOf):
        parts = tuple(touch_predicate(child) for child in condition.all_of)

        def all_of(counts: Mapping[str, int], campaigns: Mapping[str, set[str]]) -> bool:
            for part in parts:  # noqa: SIM110 -- a generator per call costs more than the loop
                if not part(counts, campaigns):
                    return False
            return True

        return all_of
    if isinstance(condition, AnyOf):
        parts = tuple(touch_predicate(child) for child in condition.any_of)

        def any_of(counts: Mapping[str, int], campaigns: Mapping[str, set[str]]) -> bool:
            for part in parts:  # noqa: SIM110 -- a generator per call costs more than the loop
                if part(counts, campaigns):
                    return True
            return False

        return any_of
    if isinstance(condition, DistinctCampaigns):
        code, need = condition.distinct_campaigns.type, condition.distinct_campaigns.min_count
        return lambda counts, campaigns: len(campaigns.get(code, ())) >= need
    code, need = condition.touch.type, condition.touch.min_count
    return lambda counts, campaigns: counts.get(code, 0) >= need


def touch_types_used(condition: TouchCondition) -> set[str]:
    if isinstance(condition, AllOf | AnyOf):
        children = condition.all_of if isinstance(condition, AllOf) else condition.any_of
        return set().union(*(touch_types_used(child) for child in children))
    if isinstance(condition, DistinctCampaigns):
        return {condition.distinct_campaigns.type}
    return {condition.touch.type}
