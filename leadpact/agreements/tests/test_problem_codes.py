"""Every problem of an agreement file has a stable code and the values its message names, so
that the web can word it in Polish; the English message stays what the CLI and API print."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from leadpact.agreements.rules import checks
from leadpact.agreements.rules.checks import CHECK_MESSAGES
from leadpact.agreements.rules.loading import (
    LOADING_CODES,
    VALUE_ERROR_CODES,
    AgreementInvalid,
    AgreementProblem,
    agreement_parse,
    example_agreement_text,
)

RULES = Path(checks.__file__).parent
EXAMPLE = example_agreement_text("pl")


def edited(*edits: tuple[str, str], text: str = EXAMPLE) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def problems(text: str, filename: str = "agreement.yaml") -> list[AgreementProblem]:
    with pytest.raises(AgreementInvalid) as caught:
        agreement_parse(text, filename=filename)
    return caught.value.errors


def only(text: str, filename: str = "agreement.yaml") -> AgreementProblem:
    found = problems(text, filename)
    assert len(found) == 1, found
    return found[0]


def _codes_emitted_by_checks() -> set[str]:
    """The code literals `checks.py` reports: `_found(path, "code", …)` and the last argument
    of `_duplicates(…, "code")`."""
    tree = ast.parse((RULES / "checks.py").read_text())
    # `_duplicates` passes its own `code` argument on: its callers name the codes.
    callers = [
        statement
        for statement in tree.body
        if not (isinstance(statement, ast.FunctionDef) and statement.name == "_duplicates")
    ]
    codes = set()
    for node in (node for statement in callers for node in ast.walk(statement)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id == "_found":
            argument = node.args[1]
        elif node.func.id == "_duplicates":
            argument = node.args[-1]
        else:
            continue
        assert isinstance(argument, ast.Constant), ast.unparse(node)
        codes.add(argument.value)
    return codes


def test_every_code_the_checks_report_has_an_english_message() -> None:
    emitted = _codes_emitted_by_checks()
    assert len(emitted) > 30
    assert emitted == set(CHECK_MESSAGES), "a code without a message, or a message nobody uses"


def test_the_code_registries_do_not_clash() -> None:
    assert not LOADING_CODES & set(CHECK_MESSAGES)


def _value_error_samples() -> list[str]:
    """What each `raise ValueError(...)` of the schema says, its {values} filled with 7."""
    samples = []
    for module in sorted(RULES.glob("schema*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if not (isinstance(node.exc.func, ast.Name) and node.exc.func.id == "ValueError"):
                continue
            text = node.exc.args[0]
            if isinstance(text, ast.Constant):
                samples.append(text.value)
            else:
                assert isinstance(text, ast.JoinedStr), ast.unparse(node)
                samples.append(
                    "".join(
                        part.value if isinstance(part, ast.Constant) else "7"
                        for part in text.values
                    )
                )
    return samples


def test_every_value_error_of_the_schema_has_its_own_code() -> None:
    samples = _value_error_samples()
    assert len(samples) >= len(VALUE_ERROR_CODES)
    for sample in samples:
        matching = [code for code, shape in VALUE_ERROR_CODES.items() if shape.fullmatch(sample)]
        assert len(matching) == 1, (sample, matching)


BROKEN = {
    "window_zero": edited(("    window_days: 90\n", "    window_days: 0\n")),
    "unknown_key": edited(("  holiday_country: PL\n", "  holiday_country: PL\n  colour: red\n")),
    "touch_type": edited(("- touch: {type: ebook_download}\n", "- touch: {type: ebook}\n")),
    "many": edited(
        ("icp_grades: [C]\n", "icp_grades: [E]\n"),
        ("reminders: [50, 80]", "reminders: [80, 50]"),
        ("personas: [c_level, manager, specialist]", "personas: [c_level, ceo]"),
        ("owner: marta.nowak@leadpact.demo", "owner: marta"),
        ("  time_zone: Europe/Warsaw\n", "  time_zone: Europe/Gdansk\n"),
        ("horizon_months: {gte: 6, lte: 12}", "horizon_months: {gte: 6, lte: 13}"),
        ("      op: between\n", "      op: roughly\n"),
        ("  closed_days: [2026-12-31]", "  closed_days: [2026-13-31]"),
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_every_problem_has_a_code_and_json_params(name: str) -> None:
    for problem in problems(BROKEN[name]):
        assert problem.code, problem
        assert json.loads(json.dumps(problem.params)) == problem.params
        if problem.code in CHECK_MESSAGES:
            assert problem.message == CHECK_MESSAGES[problem.code].format_map(problem.params)


def test_the_codes_and_params_of_each_kind() -> None:
    # The calendar (a bad closed day) and the MQL rule (grade E) fail the schema, so their
    # cross-field checks (time zone, unknown grade) do not run.
    found = {(p.path, p.code): p.params for p in problems(BROKEN["many"])}
    assert found == {
        ("calendar.closed_days.0", "date_from_datetime_parsing"): {
            "error": "month value is outside expected range of 1-12"
        },
        ("goals.persona_coverage.personas.1", "persona_unknown"): {"persona": "ceo"},
        ("handoff.mql.any_of.1.icp_grades.0", "literal_error"): {
            "expected": "'A', 'B', 'C' or 'D'"
        },
        ("handoff.sla.reminders.1", "reminders_not_growing"): {},
        ("icp.criteria.2.op", "union_tag_invalid"): {
            "discriminator": "op",
            "tag": "roughly",
            "expected": "in, not_in, between, range, gte, lte, gt, lt, eq, exists",
        },
        ("parties.marketing.owner", "email_invalid"): {"value": "marta"},
        ("temperature.sales.levels.1.horizon_months", "horizon_overlap"): {
            "level": "cold",
            "index": 0,
        },
    }


def test_schema_problems_carry_pydantics_type_and_context() -> None:
    window = only(BROKEN["window_zero"])
    assert (window.code, window.params) == ("greater_than_equal", {"ge": 1})
    assert window.message == "must be greater than or equal to 1"
    unknown = only(BROKEN["unknown_key"])
    assert (unknown.code, unknown.params, unknown.message) == ("extra_forbidden", {}, "unknown key")
    missing = only(
        edited(
            (
                "      - code: no_budget\n        label: {pl: Brak budżetu, en: No budget}\n"
                "        outcome: nurture\n",
                "      - code: no_budget\n        label: {pl: Brak budżetu, en: No budget}\n",
            )
        )
    )
    assert (missing.code, missing.message) == ("missing", "required, but missing")


def test_a_slug_a_team_and_a_field_have_codes_of_their_own() -> None:
    text = edited(
        ("  default_team: sales-sme", "  default_team: Sales SME"),
        ("      field: account.industry\n", "      field: account.wants_to_buy\n"),
        ("- id: public_sector", "- id: Public"),
    )
    codes = {p.path: (p.code, p.params) for p in problems(text)}
    assert codes["handoff.routing.default_team"] == ("team_invalid", {})
    assert codes["handoff.routing.rules.0.id"] == ("slug_invalid", {})
    code, params = codes["icp.criteria.1.field"]
    assert code == "field_unknown" and "account.industry" in str(params["known"])


def test_the_unknown_touch_type_names_the_code() -> None:
    problem = only(BROKEN["touch_type"])
    assert (problem.code, problem.params) == ("touch_type_unknown", {"code": "ebook"})
    assert problem.message == "unknown touch type 'ebook' (not in touch_types)"


def test_syntax_errors_and_duplicate_keys() -> None:
    yaml_error = only(edited(("    window_days: 90\n", "    window_days: [90\n")))
    assert yaml_error.code == "yaml_syntax"
    assert yaml_error.params == {
        "detail": "expected ',' or ']', but got ':'",
        "context": "while parsing a flow sequence",
    }
    assert (
        yaml_error.message
        == f"YAML syntax: {yaml_error.params['detail']} (while parsing a flow sequence)"
    )
    json_error = only('{\n  "title": "x",\n  oops\n}', filename="agreement.json")
    assert (json_error.code, json_error.params) == (
        "json_syntax",
        {"detail": "Expecting property name enclosed in double quotes"},
    )
    duplicate = only(
        edited(("  holiday_country: PL\n", "  holiday_country: PL\n  holiday_country: DE\n"))
    )
    assert (duplicate.code, duplicate.message) == ("duplicate_key", "duplicate key")
    assert only("- a list\n").code == "not_mapping"


def test_a_problem_built_by_hand_needs_no_code() -> None:
    problem = AgreementProblem(3, "parties.sales.owner", "no user with this e-mail")
    assert (problem.code, problem.params) == ("", {})


def test_an_impossible_unquoted_date_is_a_problem_at_its_line_not_a_crash() -> None:
    text = edited(("  closed_days: [2026-12-31]", "  closed_days: [2026-12-31, 2026-02-30]"))
    problem = only(text)
    assert (problem.path, problem.code) == ("calendar.closed_days.1", "date_from_datetime_parsing")
    assert problem.line == EXAMPLE.splitlines().index("  closed_days: [2026-12-31]") + 1
