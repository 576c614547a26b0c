"""Cross-field rules the schema alone cannot express.

Each check gets the sections it needs (any of them may be missing when that section failed
schema validation) and yields a `Problem`: its path, a code of `CHECK_MESSAGES` and the values
its message names. The loader maps each path to its line; the English message is the code's
template filled in, and a caller that speaks another language words the code itself.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import holidays

from leadpact.core.countries import ISO_COUNTRIES

from .schema import (
    GRADES,
    Agreement,
    AllOf,
    AnyOf,
    BetweenCondition,
    Calendar,
    CompareCondition,
    DistinctCampaigns,
    EqCondition,
    ExistsCondition,
    Feedback,
    FieldCondition,
    Goals,
    HorizonRange,
    Icp,
    InCondition,
    MarketingLevel,
    Mql,
    NotInCondition,
    Parties,
    Persona,
    Reentry,
    Rejection,
    Responsibility,
    RoutingRule,
    SalesLevel,
    Term,
    TouchCondition,
    TouchType,
)

Path = tuple[str | int, ...]
Param = str | int | float | bool | None

STRING_FIELDS = frozenset({"account.industry", "account.country", "lead.job_title", "lead.persona"})
NUMBER_FIELDS = frozenset({"account.employees", "account.annual_revenue"})
BOOL_FIELDS = frozenset({"account.is_target"})
RESERVED_MARKETING_LEVELS = frozenset({"window"})
RESERVED_SALES_LEVELS = frozenset({"declared_horizon"})


# The units validated one by one when the whole document is not valid: the top-level sections,
# and the parts of the two big ones, so that one bad key does not hide a whole section's checks.
# Where a check reads one list of a part (the levels, the routing rules …), that list is the
# unit: a bad `window_days` must not hide an unknown touch type in a level.
SECTION_UNITS: dict[str, tuple[str, ...]] = {
    "parties": ("parties",),
    "calendar": ("calendar",),
    "terms": ("terms",),
    "icp": ("icp",),
    "personas": ("personas",),
    "touch_types": ("touch_types",),
    "marketing_levels": ("temperature", "marketing", "levels"),
    "sales_levels": ("temperature", "sales", "levels"),
    "goals": ("goals",),
    "mql": ("handoff", "mql"),
    "routing_rules": ("handoff", "routing", "rules"),
    "reminders": ("handoff", "sla", "reminders"),
    "rejection": ("handoff", "rejection"),
    "reentry": ("handoff", "nurture", "reentry"),
    "responsibilities": ("handoff", "responsibilities"),
    "feedback": ("feedback",),
}


# Every problem the checks report, by code: its English message, filled in with the problem's
# params. The codes are stable (the web words each in the reader's language).
CHECK_MESSAGES: dict[str, str] = {
    "owners_same": "the marketing and sales owners must be two people",
    "signatory_duplicate": "duplicate signatory '{value}'",
    "signatory_is_owner": "'{email}' is already an owner",
    "time_zone_unknown": "unknown time zone '{zone}'",
    "holiday_country_unknown": (
        "no public holidays known for '{country}' (use an ISO 3166 code such as PL)"
    ),
    "business_hours_empty": "give the business hours of at least one day",
    "term_duplicate": "duplicate term '{value}'",
    "touch_type_duplicate": "duplicate touch type '{value}'",
    "question_duplicate": "duplicate question '{value}'",
    "criterion_duplicate": "duplicate criterion '{value}'",
    "grade_duplicate": "duplicate grade '{value}'",
    "grades_order": "list the grades from the best (A) to the worst (D)",
    "grade_min_score_not_lower": "grade {grade} needs a lower min_score than grade {previous}",
    "grade_min_score_unreachable": (
        "grade {grade} needs {min_score} points but the criteria weigh {total} in total"
    ),
    "condition_numeric_op_on_text": "'{op}' compares numbers; {field} is text",
    "condition_op_on_yes_no": "{field} is yes/no: use eq or exists",
    "condition_value_not_text": "{field} is text; '{value}' is not",
    "condition_value_not_number": "{field} is a number; '{value}' is not",
    "condition_value_not_yes_no": "{field} is yes/no: write true or false",
    "country_code_invalid": "'{value}' is not an ISO 3166 country code such as PL",
    "persona_unknown": "persona '{persona}' is not defined in personas",
    "persona_duplicate": "duplicate persona '{value}'",
    "persona_regex_invalid": "not a regular expression: {error}",
    "persona_keyword_empty": "empty keyword",
    "level_name_duplicate": "duplicate level name '{value}'",
    "level_name_reserved": "'{name}' is reserved; choose another name",
    "touch_type_unknown": "unknown touch type '{code}' (not in touch_types)",
    "horizon_overlap": "horizon overlaps level '{level}' (levels.{index})",
    "grade_unknown": "unknown grade '{grade}' (icp.grades has {known})",
    "marketing_temperature_unknown": "unknown marketing temperature '{name}'",
    "rule_id_duplicate": "duplicate rule id '{value}'",
    "reminders_not_growing": "reminders must grow strictly (e.g. [50, 80])",
    "reason_duplicate": "duplicate reason code '{value}'",
    "responsibility_duplicate": "duplicate responsibility '{value}'",
}


@dataclass(frozen=True)
class Problem:
    """One broken rule at `path`: `code` is a key of `CHECK_MESSAGES`, `params` fill it in."""

    path: Path
    code: str
    params: Mapping[str, Param]

    @property
    def message(self) -> str:
        return CHECK_MESSAGES[self.code].format_map(self.params)


def _found(path: Path, code: str, /, **params: Param) -> Problem:
    return Problem(path, code, params)


@dataclass(frozen=True)
class Sections:
    """The parts that passed schema validation; None where a part did not."""

    parties: Parties | None = None
    calendar: Calendar | None = None
    terms: tuple[Term, ...] | None = None
    icp: Icp | None = None
    personas: tuple[Persona, ...] | None = None
    touch_types: tuple[TouchType, ...] | None = None
    marketing_levels: tuple[MarketingLevel, ...] | None = None
    sales_levels: tuple[SalesLevel, ...] | None = None
    goals: Goals | None = None
    mql: Mql | None = None
    routing_rules: tuple[RoutingRule, ...] | None = None
    reminders: tuple[int, ...] | None = None
    rejection: Rejection | None = None
    reentry: Reentry | None = None
    responsibilities: tuple[Responsibility, ...] | None = None
    feedback: Feedback | None = None

    @classmethod
    def of(cls, agreement: Agreement) -> Sections:
        return cls(
            parties=agreement.parties,
            calendar=agreement.calendar,
            terms=agreement.terms,
            icp=agreement.icp,
            personas=agreement.personas,
            touch_types=agreement.touch_types,
            marketing_levels=agreement.temperature.marketing.levels,
            sales_levels=agreement.temperature.sales.levels,
            goals=agreement.goals,
            mql=agreement.handoff.mql,
            routing_rules=agreement.handoff.routing.rules,
            reminders=agreement.handoff.sla.reminders,
            rejection=agreement.handoff.rejection,
            reentry=agreement.handoff.nurture.reentry,
            responsibilities=agreement.handoff.responsibilities,
            feedback=agreement.feedback,
        )


def agreement_check(sections: Sections) -> list[Problem]:
    problems: list[Problem] = []
    for check in (
        _check_parties,
        _check_calendar,
        _check_unique_ids,
        _check_icp,
        _check_personas,
        _check_marketing_temperature,
        _check_sales_temperature,
        _check_goals,
        _check_handoff,
    ):
        problems.extend(check(sections))
    return problems


def _duplicates(base: Path, values: Sequence[str], key: str, code: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield _found((*base, index, key), code, value=value)
        seen.add(value)


@cache
def _holiday_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def _check_parties(s: Sections) -> Iterator[Problem]:
    if s.parties is None:
        return
    if s.parties.marketing.owner == s.parties.sales.owner:
        yield _found(("parties", "sales", "owner"), "owners_same")
    for side in ("marketing", "sales"):
        party = getattr(s.parties, side)
        emails = [signatory.email for signatory in party.signatories]
        yield from _duplicates(
            ("parties", side, "signatories"), emails, "email", "signatory_duplicate"
        )
        for index, email in enumerate(emails):
            if email in (s.parties.marketing.owner, s.parties.sales.owner):
                path: Path = ("parties", side, "signatories", index, "email")
                yield _found(path, "signatory_is_owner", email=email)


def _check_calendar(s: Sections) -> Iterator[Problem]:
    if s.calendar is None:
        return
    try:
        zoneinfo.ZoneInfo(s.calendar.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        yield _found(("calendar", "time_zone"), "time_zone_unknown", zone=s.calendar.time_zone)
    if s.calendar.holiday_country not in _holiday_countries():
        country = s.calendar.holiday_country
        yield _found(("calendar", "holiday_country"), "holiday_country_unknown", country=country)
    if not s.calendar.business_hours:
        yield _found(("calendar", "business_hours"), "business_hours_empty")


def _check_unique_ids(s: Sections) -> Iterator[Problem]:
    if s.terms is not None:
        yield from _duplicates(("terms",), [t.id for t in s.terms], "id", "term_duplicate")
    if s.touch_types is not None:
        codes = [t.code for t in s.touch_types]
        yield from _duplicates(("touch_types",), codes, "code", "touch_type_duplicate")
    if s.feedback is not None:
        ids = [q.id for q in s.feedback.questions]
        yield from _duplicates(("feedback", "questions"), ids, "id", "question_duplicate")


def _check_icp(s: Sections) -> Iterator[Problem]:
    if s.icp is None:
        return
    icp = s.icp
    ids = [c.id for c in icp.criteria]
    yield from _duplicates(("icp", "criteria"), ids, "id", "criterion_duplicate")
    for index, criterion in enumerate(icp.criteria):
        yield from _check_condition(("icp", "criteria", index), criterion, s.personas)
    grades = [rule.grade for rule in icp.grades]
    yield from _duplicates(("icp", "grades"), grades, "grade", "grade_duplicate")
    order = [GRADES.index(g) for g in grades]
    if order != sorted(order):
        yield _found(("icp", "grades"), "grades_order")
    total = sum(criterion.weight for criterion in icp.criteria)
    for index, rule in enumerate(icp.grades):
        path: Path = ("icp", "grades", index, "min_score")
        if index and rule.min_score >= icp.grades[index - 1].min_score:
            previous = icp.grades[index - 1].grade
            yield _found(path, "grade_min_score_not_lower", grade=rule.grade, previous=previous)
        if rule.min_score > total:
            yield _found(
                path,
                "grade_min_score_unreachable",
                grade=rule.grade,
                min_score=rule.min_score,
                total=total,
            )


def _check_condition(
    path: Path, condition: FieldCondition, personas: tuple[Persona, ...] | None
) -> Iterator[Problem]:
    field = condition.field
    numeric_op = isinstance(condition, BetweenCondition | CompareCondition)
    if field in STRING_FIELDS and numeric_op:
        yield _found((*path, "op"), "condition_numeric_op_on_text", op=condition.op, field=field)
    if field in BOOL_FIELDS and not isinstance(condition, EqCondition | ExistsCondition):
        yield _found((*path, "op"), "condition_op_on_yes_no", field=field)
    values: tuple[object, ...] = ()
    if isinstance(condition, InCondition | NotInCondition):
        values = condition.values
    elif isinstance(condition, EqCondition):
        values = (condition.value,)
    where = (*path, "value" if isinstance(condition, EqCondition) else "values")
    for value in values:
        if field in STRING_FIELDS and not isinstance(value, str):
            yield _found(where, "condition_value_not_text", field=field, value=str(value))
        elif field in NUMBER_FIELDS and (isinstance(value, bool) or not _is_number(value)):
            yield _found(where, "condition_value_not_number", field=field, value=str(value))
        elif field in BOOL_FIELDS and not isinstance(value, bool):
            yield _found(where, "condition_value_not_yes_no", field=field)
        elif field == "account.country" and str(value) not in ISO_COUNTRIES:
            yield _found(where, "country_code_invalid", value=str(value))
        elif field == "lead.persona" and personas is not None and value not in _ids(personas):
            yield _found(where, "persona_unknown", persona=str(value))


def _ids(personas: tuple[Persona, ...]) -> set[str]:
    return {persona.id for persona in personas}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float)


def _check_personas(s: Sections) -> Iterator[Problem]:
    if s.personas is None:
        return
    ids = [p.id for p in s.personas]
    yield from _duplicates(("personas",), ids, "id", "persona_duplicate")
    for index, persona in enumerate(s.personas):
        for lang in ("pl", "en"):
            for position, pattern in enumerate(getattr(persona.regex, lang)):
                try:
                    re.compile(pattern)
                except re.error as error:
                    path: Path = ("personas", index, "regex", lang, position)
                    yield _found(path, "persona_regex_invalid", error=str(error))
            for position, keyword in enumerate(getattr(persona.keywords, lang)):
                if not keyword.strip(" *"):
                    path = ("personas", index, "keywords", lang, position)
                    yield _found(path, "persona_keyword_empty")


def _touch_codes(s: Sections) -> frozenset[str] | None:
    return None if s.touch_types is None else frozenset(t.code for t in s.touch_types)


def _condition_touch_types(path: Path, condition: TouchCondition) -> Iterator[tuple[Path, str]]:
    if isinstance(condition, AllOf):
        for index, child in enumerate(condition.all_of):
            yield from _condition_touch_types((*path, "all_of", index), child)
    elif isinstance(condition, AnyOf):
        for index, child in enumerate(condition.any_of):
            yield from _condition_touch_types((*path, "any_of", index), child)
    elif isinstance(condition, DistinctCampaigns):
        yield (*path, "distinct_campaigns", "type"), condition.distinct_campaigns.type
    else:
        yield (*path, "touch", "type"), condition.touch.type


def _check_marketing_temperature(s: Sections) -> Iterator[Problem]:
    if s.marketing_levels is None:
        return
    levels = s.marketing_levels
    base: Path = ("temperature", "marketing", "levels")
    names = [level.name for level in levels]
    yield from _duplicates(base, names, "name", "level_name_duplicate")
    codes = _touch_codes(s)
    for index, level in enumerate(levels):
        if level.name in RESERVED_MARKETING_LEVELS:
            yield _found((*base, index, "name"), "level_name_reserved", name=level.name)
        if codes is None:
            continue
        for path, code in _condition_touch_types((*base, index, "when"), level.when):
            if code not in codes:
                yield _found(path, "touch_type_unknown", code=code)


def _check_sales_temperature(s: Sections) -> Iterator[Problem]:
    if s.sales_levels is None:
        return
    levels = s.sales_levels
    base: Path = ("temperature", "sales", "levels")
    names = [level.name for level in levels]
    yield from _duplicates(base, names, "name", "level_name_duplicate")
    for index, level in enumerate(levels):
        if level.name in RESERVED_SALES_LEVELS:
            yield _found((*base, index, "name"), "level_name_reserved", name=level.name)
        for earlier_index, earlier in enumerate(levels[:index]):
            if earlier.product_potential != level.product_potential:
                continue
            if _ranges_overlap(earlier.horizon_months, level.horizon_months):
                yield _found(
                    (*base, index, "horizon_months"),
                    "horizon_overlap",
                    level=earlier.name,
                    index=earlier_index,
                )


def _ranges_overlap(a: HorizonRange | None, b: HorizonRange | None) -> bool:
    if a is None or b is None:
        return True  # a level without a horizon matches every horizon
    a_low, a_low_inc, a_high, a_high_inc = a.bounds()
    b_low, b_low_inc, b_high, b_high_inc = b.bounds()
    # On equal ends the exclusive one is the tighter: max() prefers excl=True, min() inc=False.
    low, low_excl = max((a_low, not a_low_inc), (b_low, not b_low_inc))
    high, high_inc = min((a_high, a_high_inc), (b_high, b_high_inc))
    if low < high:
        return True
    return low == high and not low_excl and high_inc


def _grade_problems(path: Path, grades: Iterable[str], icp: Icp | None) -> Iterator[Problem]:
    if icp is None:
        return
    known = [rule.grade for rule in icp.grades]
    for index, grade in enumerate(grades):
        if grade not in known:
            yield _found((*path, index), "grade_unknown", grade=grade, known=", ".join(known))


def _check_goals(s: Sections) -> Iterator[Problem]:
    if s.goals is None:
        return
    yield from _grade_problems(
        ("goals", "marketing", "icp_grades"), s.goals.marketing.icp_grades, s.icp
    )
    if s.goals.persona_coverage is not None and s.personas is not None:
        known = {persona.id for persona in s.personas}
        for index, persona in enumerate(s.goals.persona_coverage.personas):
            if persona not in known:
                path: Path = ("goals", "persona_coverage", "personas", index)
                yield _found(path, "persona_unknown", persona=persona)


def _check_handoff(s: Sections) -> Iterator[Problem]:
    levels = None if s.marketing_levels is None else {level.name for level in s.marketing_levels}
    codes = _touch_codes(s)
    if s.mql is not None:
        mql: Path = ("handoff", "mql", "any_of")
        yield from _duplicates(mql, [rule.id for rule in s.mql.any_of], "id", "rule_id_duplicate")
        for index, rule in enumerate(s.mql.any_of):
            yield from _grade_problems((*mql, index, "icp_grades"), rule.icp_grades or (), s.icp)
            if rule.kind == "fit":
                for position, name in enumerate(rule.marketing_temperatures):
                    if levels is not None and name not in levels:
                        path: Path = (*mql, index, "marketing_temperatures", position)
                        yield _found(path, "marketing_temperature_unknown", name=name)
            elif codes is not None and rule.touch_type not in codes:
                path = (*mql, index, "touch_type")
                yield _found(path, "touch_type_unknown", code=rule.touch_type)
    if s.routing_rules is not None:
        routing: Path = ("handoff", "routing", "rules")
        ids = [rule.id for rule in s.routing_rules]
        yield from _duplicates(routing, ids, "id", "rule_id_duplicate")
        for index, routing_rule in enumerate(s.routing_rules):
            for position, condition in enumerate(routing_rule.when):
                path = (*routing, index, "when", position)
                yield from _check_condition(path, condition, s.personas)
    if s.reminders is not None:
        reminders = s.reminders
        for index in range(1, len(reminders)):
            if reminders[index] <= reminders[index - 1]:
                yield _found(("handoff", "sla", "reminders", index), "reminders_not_growing")
    if s.rejection is not None:
        reasons = [reason.code for reason in s.rejection.reasons]
        yield from _duplicates(
            ("handoff", "rejection", "reasons"), reasons, "code", "reason_duplicate"
        )
    reentry = s.reentry
    if reentry is not None and levels is not None and reentry.marketing_temperature not in levels:
        yield _found(
            ("handoff", "nurture", "reentry", "marketing_temperature"),
            "marketing_temperature_unknown",
            name=reentry.marketing_temperature,
        )
    if s.responsibilities is not None:
        ids = [item.id for item in s.responsibilities]
        yield from _duplicates(
            ("handoff", "responsibilities"), ids, "id", "responsibility_duplicate"
        )
