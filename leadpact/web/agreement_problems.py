"""An agreement file's problems in the reader's language.

The engine gives every problem a `code` and the values its message names (`params`) besides
its English `message`, which the CLI and the API show unchanged. Here each code is worded with
gettext; the English wording is the engine's own, word for word. A code this table does not
know (a pydantic error nobody has met yet) shows the English message: never a blank line.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

Params = Mapping[str, Any]

MESSAGES: dict[str, Promise] = {
    # The cross-field checks (`rules.checks.CHECK_MESSAGES`).
    "owners_same": _("the marketing and sales owners must be two people"),
    "signatory_duplicate": _("duplicate signatory '%(value)s'"),
    "signatory_is_owner": _("'%(email)s' is already an owner"),
    "time_zone_unknown": _("unknown time zone '%(zone)s'"),
    "holiday_country_unknown": _(
        "no public holidays known for '%(country)s' (use an ISO 3166 code such as PL)"
    ),
    "business_hours_empty": _("give the business hours of at least one day"),
    "term_duplicate": _("duplicate term '%(value)s'"),
    "touch_type_duplicate": _("duplicate touch type '%(value)s'"),
    "question_duplicate": _("duplicate question '%(value)s'"),
    "criterion_duplicate": _("duplicate criterion '%(value)s'"),
    "grade_duplicate": _("duplicate grade '%(value)s'"),
    "grades_order": _("list the grades from the best (A) to the worst (D)"),
    "grade_min_score_not_lower": _(
        "grade %(grade)s needs a lower min_score than grade %(previous)s"
    ),
    "grade_min_score_unreachable": _(
        "grade %(grade)s needs %(min_score)s points but the criteria weigh %(total)s in total"
    ),
    "condition_numeric_op_on_text": _("'%(op)s' compares numbers; %(field)s is text"),
    "condition_op_on_yes_no": _("%(field)s is yes/no: use eq or exists"),
    "condition_value_not_text": _("%(field)s is text; '%(value)s' is not"),
    "condition_value_not_number": _("%(field)s is a number; '%(value)s' is not"),
    "condition_value_not_yes_no": _("%(field)s is yes/no: write true or false"),
    "country_code_invalid": _("'%(value)s' is not an ISO 3166 country code such as PL"),
    "persona_unknown": _("persona '%(persona)s' is not defined in personas"),
    "persona_duplicate": _("duplicate persona '%(value)s'"),
    "persona_regex_invalid": _("not a regular expression: %(error)s"),
    "persona_keyword_empty": _("empty keyword"),
    "level_name_duplicate": _("duplicate level name '%(value)s'"),
    "level_name_reserved": _("'%(name)s' is reserved; choose another name"),
    "touch_type_unknown": _("unknown touch type '%(code)s' (not in touch_types)"),
    "horizon_overlap": _("horizon overlaps level '%(level)s' (levels.%(index)s)"),
    "grade_unknown": _("unknown grade '%(grade)s' (icp.grades has %(known)s)"),
    "rule_id_duplicate": _("duplicate rule id '%(value)s'"),
    "marketing_temperature_unknown": _("unknown marketing temperature '%(name)s'"),
    "reminders_not_growing": _("reminders must grow strictly (e.g. [50, 80])"),
    "reason_duplicate": _("duplicate reason code '%(value)s'"),
    "responsibility_duplicate": _("duplicate responsibility '%(value)s'"),
    # The loader's own (`rules.loading.LOADING_CODES`) but the syntax errors, worded below.
    "not_mapping": _("the agreement must be a mapping"),
    "duplicate_key": _("duplicate key"),
    "too_deep": _("nested too deeply to be an agreement"),
    "nul_character": _("must not contain the NUL character (U+0000)"),
    "unpaired_surrogate": _("must be Unicode text, not an unpaired surrogate (U+D800–U+DFFF)"),
    "not_finite": _("must be a finite number, not NaN or infinity"),
    "slug_invalid": _(
        "use lowercase letters, digits and _ , starting with a letter (e.g. webinar_attended)"
    ),
    "team_invalid": _(
        "use lowercase letters, digits, - and _ , starting with a letter (e.g. sales-sme)"
    ),
    "field_unknown": _("unknown field; known fields: %(known)s"),
    "hours_start_not_before_end": _("start must be before end"),
    "email_invalid": _("'%(value)s' is not an e-mail address"),
    "time_unquoted": _('write a time in quotes, e.g. "08:00"'),
    "first_contact_before_accept": _(
        "first_contact_within_hours must not be shorter than accept_within_hours"
    ),
    "range_bounds_missing": _("give min, max or both"),
    "range_min_above_max": _("min %(min)s is greater than max %(max)s"),
    "criterion_required_and_weighted": _("a criterion is either required or weighted, not both"),
    "criterion_not_required_nor_weighted": _(
        "give the criterion `required: true` or a `weight` above 0"
    ),
    "persona_without_patterns": _("a persona needs at least one keyword or regex"),
    "horizon_gt_and_gte": _("give gt or gte, not both"),
    "horizon_lt_and_lte": _("give lt or lte, not both"),
    "horizon_unbounded": _("give at least one of gt, gte, lt, lte"),
    "condition_kind": _("a condition is one of: all_of, any_of, touch, distinct_campaigns"),
    # Signers the database does not know (`agreements.selectors.agreement_check`).
    "signer_not_user": _("no user with this e-mail"),
    # Pydantic's error types, with its context as params.
    "missing": _("required, but missing"),
    "extra_forbidden": _("unknown key"),
    "union_tag_invalid": _("unknown %(discriminator)s '%(tag)s'; one of: %(expected)s"),
    "union_tag_not_found": _(
        "required, but missing (one of the kinds must be named by '%(discriminator)s')"
    ),
    "string_type": _("must be a valid string"),
    "string_pattern_mismatch": _("String should match pattern '%(pattern)s'"),
    "int_type": _("must be a valid integer"),
    "int_parsing": _("must be a valid integer, unable to parse string as an integer"),
    "int_from_float": _("must be a valid integer, got a number with a fractional part"),
    "float_type": _("must be a valid number"),
    "float_parsing": _("must be a valid number, unable to parse string as a number"),
    "bool_type": _("must be a valid boolean"),
    "bool_parsing": _("must be a valid boolean, unable to interpret input"),
    "greater_than": _("must be greater than %(gt)s"),
    "greater_than_equal": _("must be greater than or equal to %(ge)s"),
    "less_than": _("must be less than %(lt)s"),
    "less_than_equal": _("must be less than or equal to %(le)s"),
    "date_type": _("must be a valid date"),
    "date_from_datetime_inexact": _(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "datetime_type": _("must be a valid datetime"),
    "time_type": _("must be a valid time"),
    "list_type": _("must be a valid list"),
    "tuple_type": _("must be a valid tuple"),
    "dict_type": _("must be a valid dictionary"),
    "model_type": _("must be a valid dictionary or instance of %(class_name)s"),
}


def _choices(params: Params) -> dict[str, Any]:
    """Pydantic lists the allowed values as "'a', 'b' or 'c'": the last "or" is a word."""
    return {**params, "expected": str(params["expected"]).replace(" or ", gettext(" or "))}


def _too_short(params: Params) -> str:
    n = int(params["min_length"])
    return ngettext(
        "%(field_type)s should have at least %(min_length)s item after validation, "
        "not %(actual_length)s",
        "%(field_type)s should have at least %(min_length)s items after validation, "
        "not %(actual_length)s",
        n,
    ) % {**params, "min_length": n}


def _too_long(params: Params) -> str:
    n = int(params["max_length"])
    return ngettext(
        "%(field_type)s should have at most %(max_length)s item after validation, "
        "not %(actual_length)s",
        "%(field_type)s should have at most %(max_length)s items after validation, "
        "not %(actual_length)s",
        n,
    ) % {**params, "max_length": n}


def _string_too_short(params: Params) -> str:
    n = int(params["min_length"])
    return ngettext(
        "String should have at least %(min_length)s character",
        "String should have at least %(min_length)s characters",
        n,
    ) % {"min_length": n}


def _string_too_long(params: Params) -> str:
    n = int(params["max_length"])
    return ngettext(
        "String should have at most %(max_length)s character",
        "String should have at most %(max_length)s characters",
        n,
    ) % {"max_length": n}


# What the date and time parser says is wrong, after pydantic's "must be a valid date, ".
_PARSE_WORDS: dict[str, Promise] = {
    "input is too short": _("input is too short"),
    "input is too long": _("input is too long"),
    "invalid character in year": _("invalid character in year"),
    "invalid character in month": _("invalid character in month"),
    "invalid character in day": _("invalid character in day"),
    "invalid date separator, expected `-`": _("invalid date separator, expected `-`"),
    "month value is outside expected range of 1-12": _(
        "month value is outside expected range of 1-12"
    ),
    "day value is outside expected range": _("day value is outside expected range"),
    "invalid time separator, expected `:`": _("invalid time separator, expected `:`"),
    "hour value is outside expected range of 0-23": _(
        "hour value is outside expected range of 0-23"
    ),
    "minute value is outside expected range of 0-59": _(
        "minute value is outside expected range of 0-59"
    ),
    "second value is outside expected range of 0-59": _(
        "second value is outside expected range of 0-59"
    ),
    "unexpected extra characters at the end of the input": _(
        "unexpected extra characters at the end of the input"
    ),
}


def _parse_error(template: Promise) -> Callable[[Params], str]:
    def worded(params: Params) -> str:
        error = str(params["error"])
        return str(template) % {"error": _PARSE_WORDS.get(error, error)}

    return worded


# The parser's own words for what is wrong, by their exact English text or by their shape.
_SYNTAX_WORDS: dict[str, Promise] = {
    "mapping values are not allowed here": _("mapping values are not allowed here"),
    "found unexpected end of stream": _("found unexpected end of stream"),
    "found character '\\t' that cannot start any token": _(
        "found character '\\t' that cannot start any token"
    ),
    "could not find expected ':'": _("could not find expected ':'"),
    "did not find expected key": _("did not find expected key"),
    "syntax error": _("syntax error"),
    "while parsing a flow sequence": _("while parsing a flow sequence"),
    "while parsing a flow mapping": _("while parsing a flow mapping"),
    "while parsing a block mapping": _("while parsing a block mapping"),
    "while parsing a block collection": _("while parsing a block collection"),
    "while parsing a flow node": _("while parsing a flow node"),
    "while parsing a block node": _("while parsing a block node"),
    "while scanning a quoted scalar": _("while scanning a quoted scalar"),
    "while scanning a simple key": _("while scanning a simple key"),
    "while scanning a plain scalar": _("while scanning a plain scalar"),
    "while scanning for the next token": _("while scanning for the next token"),
    "Expecting property name enclosed in double quotes": _(
        "Expecting property name enclosed in double quotes"
    ),
    "Expecting ':' delimiter": _("Expecting ':' delimiter"),
    "Expecting ',' delimiter": _("Expecting ',' delimiter"),
    "Expecting value": _("Expecting value"),
    "Extra data": _("Extra data"),
    "Invalid control character at": _("Invalid control character at"),
    "Invalid \\escape": _("Invalid \\escape"),
    "Unterminated string starting at": _("Unterminated string starting at"),
}
_SYNTAX_SHAPES: list[tuple[re.Pattern[str], Promise]] = [
    (
        re.compile(r"expected ',' or '\]', but got (?P<found>.+)"),
        _("expected ',' or ']', but got %(found)s"),
    ),
    (
        re.compile(r"expected ',' or '\}', but got (?P<found>.+)"),
        _("expected ',' or '}', but got %(found)s"),
    ),
    (
        re.compile(r"expected <block end>, but found (?P<found>.+)"),
        _("expected <block end>, but found %(found)s"),
    ),
    (
        re.compile(r"expected the node content, but found (?P<found>.+)"),
        _("expected the node content, but found %(found)s"),
    ),
    (
        re.compile(r"found character (?P<char>.+) that cannot start any token"),
        _("found character %(char)s that cannot start any token"),
    ),
    (re.compile(r"found undefined alias (?P<name>.+)"), _("found undefined alias %(name)s")),
]


def _syntax_words(text: str) -> str:
    if text in _SYNTAX_WORDS:
        return str(_SYNTAX_WORDS[text])
    for shape, words in _SYNTAX_SHAPES:
        if matched := shape.fullmatch(text):
            return str(words) % matched.groupdict()
    return text


def _yaml_syntax(params: Params) -> str:
    detail = _syntax_words(str(params["detail"]))
    if context := str(params.get("context") or ""):
        return gettext("YAML syntax: %(detail)s (%(context)s)") % {
            "detail": detail,
            "context": _syntax_words(context),
        }
    return gettext("YAML syntax: %(detail)s") % {"detail": detail}


WORDINGS: dict[str, Callable[[Params], str]] = {
    "yaml_syntax": _yaml_syntax,
    "yaml_error": lambda params: gettext("YAML: %(detail)s") % params,
    "json_syntax": lambda params: (
        gettext("JSON syntax: %(detail)s") % {"detail": _syntax_words(str(params["detail"]))}
    ),
    "literal_error": lambda params: gettext("must be %(expected)s") % _choices(params),
    "enum": lambda params: gettext("must be %(expected)s") % _choices(params),
    "date_parsing": _parse_error(_("must be a valid date in the format YYYY-MM-DD, %(error)s")),
    "date_from_datetime_parsing": _parse_error(_("must be a valid date or datetime, %(error)s")),
    "datetime_parsing": _parse_error(_("must be a valid datetime, %(error)s")),
    "datetime_from_date_parsing": _parse_error(_("must be a valid datetime or date, %(error)s")),
    "time_parsing": _parse_error(_("must be in a valid time format, %(error)s")),
    "too_short": _too_short,
    "too_long": _too_long,
    "string_too_short": _string_too_short,
    "string_too_long": _string_too_long,
}

KNOWN_CODES = frozenset(MESSAGES) | frozenset(WORDINGS)


def agreement_problem_text(problem: Mapping[str, Any]) -> str:
    """`problem` as the services give it (`line`, `path`, `message`, `code`, `params`), worded
    in the active language."""
    message = str(problem.get("message") or "")
    code = str(problem.get("code") or "")
    params = problem.get("params") or {}
    try:
        if code in WORDINGS:
            return WORDINGS[code](params)
        if code in MESSAGES:
            return str(MESSAGES[code]) % params
    except (KeyError, TypeError, ValueError):
        pass  # params other than the wording expects: the English message still says it
    return message


def agreement_problems_worded(problems: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each problem with its `text` in the active language, in line order."""
    ordered = sorted(problems, key=lambda p: (p.get("line") or 0, p.get("path") or ""))
    return [{**problem, "text": agreement_problem_text(problem)} for problem in ordered]
