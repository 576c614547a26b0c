"""Readable sentences for the parts of clauses that the engine's trace reuses: field
conditions, touch conditions and horizon ranges."""

from __future__ import annotations

from .schema import (
    Agreement,
    AllOf,
    AnyOf,
    BetweenCondition,
    CompareCondition,
    DistinctCampaigns,
    EqCondition,
    ExistsCondition,
    FieldCondition,
    HorizonRange,
    InCondition,
    NotInCondition,
    TouchCondition,
)
from .wording import months, number, say, series, text

_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "account.industry": ("branża", "industry"),
    "account.employees": ("liczba pracowników", "employees"),
    "account.annual_revenue": ("roczny przychód", "annual revenue"),
    "account.country": ("kraj", "country"),
    "account.is_target": ("firma z listy docelowej", "target account"),
    "lead.job_title": ("stanowisko", "job title"),
    "lead.persona": ("persona", "persona"),
}
_OPERATORS = {"gte": "≥", "lte": "≤", "gt": ">", "lt": "<"}


def field_name(field: str, lang: str) -> str:
    if field in _FIELD_NAMES:
        pl, en = _FIELD_NAMES[field]
        return say(lang, pl, en)
    owner, _, name = field.partition(".attributes.")
    if owner == "account":
        return say(lang, f"atrybut firmy „{name}”", f"account attribute “{name}”")
    return say(lang, f"atrybut leada „{name}”", f"lead attribute “{name}”")


def value_text(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return say(lang, "tak", "yes") if value else say(lang, "nie", "no")
    if isinstance(value, int | float):
        return number(value)
    return str(value)


def condition_text(condition: FieldCondition, lang: str) -> str:
    name = field_name(condition.field, lang)
    if isinstance(condition, InCondition | NotInCondition):
        values = ", ".join(value_text(value, lang) for value in condition.values)
        if isinstance(condition, InCondition):
            return say(lang, f"{name}: jedno z: {values}", f"{name} is one of: {values}")
        return say(lang, f"{name}: żadne z: {values}", f"{name} is none of: {values}")
    if isinstance(condition, BetweenCondition):
        low = None if condition.min is None else number(condition.min)
        high = None if condition.max is None else number(condition.max)
        if low is not None and high is not None:
            return say(lang, f"{name}: od {low} do {high}", f"{name} from {low} to {high}")
        if low is not None:
            return say(lang, f"{name}: co najmniej {low}", f"{name} at least {low}")
        return say(lang, f"{name}: najwyżej {high}", f"{name} at most {high}")
    if isinstance(condition, CompareCondition):
        return f"{name} {_OPERATORS[condition.op]} {number(condition.value)}"
    if isinstance(condition, EqCondition):
        return f"{name}: {value_text(condition.value, lang)}"
    assert isinstance(condition, ExistsCondition)
    return say(lang, f"{name}: podane", f"{name} is given")


def touch_label(agreement: Agreement, code: str, lang: str) -> str:
    for touch_type in agreement.touch_types:
        if touch_type.code == code:
            return text(touch_type.label, lang)
    return code


def touch_condition_text(
    agreement: Agreement, condition: TouchCondition, lang: str, *, nested: bool = False
) -> str:
    if isinstance(condition, AllOf | AnyOf):
        children = condition.all_of if isinstance(condition, AllOf) else condition.any_of
        parts = [touch_condition_text(agreement, child, lang, nested=True) for child in children]
        if isinstance(condition, AllOf):
            joined = " + ".join(parts)
        else:
            joined = series(lang, parts, last=say(lang, "lub", "or"))
        return f"({joined})" if nested and len(parts) > 1 else joined
    if isinstance(condition, DistinctCampaigns):
        rule = condition.distinct_campaigns
        label = touch_label(agreement, rule.type, lang)
        return say(
            lang,
            f"{label} w {number(rule.min_count)} różnych kampaniach",
            f"{label} in {number(rule.min_count)} different campaigns",
        )
    label = touch_label(agreement, condition.touch.type, lang)
    if condition.touch.min_count == 1:
        return label
    return f"{number(condition.touch.min_count)} × {label}"


def horizon_text(horizon: HorizonRange | None, lang: str) -> str:
    if horizon is None:
        return say(lang, "dowolny horyzont", "any horizon")
    if horizon.gte is not None and horizon.lte is not None:
        return f"{number(horizon.gte)}–{months(lang, horizon.lte)}"
    parts: list[tuple[str, float]] = []
    if horizon.gte is not None or horizon.gt is not None:
        low = horizon.gte if horizon.gte is not None else horizon.gt
        assert low is not None
        parts.append(("≥" if horizon.gte is not None else ">", low))
    if horizon.lte is not None or horizon.lt is not None:
        high = horizon.lte if horizon.lte is not None else horizon.lt
        assert high is not None
        parts.append(("≤" if horizon.lte is not None else "<", high))
    *first, (sign, last) = parts
    words = [f"{op} {number(value)}" for op, value in first] + [f"{sign} {months(lang, last)}"]
    return say(lang, " i ", " and ").join(words)
