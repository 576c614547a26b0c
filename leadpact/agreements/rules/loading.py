"""Reading an agreement from YAML or JSON text, with every problem tied to its line.

`agreement_parse` collects all problems it can find — YAML syntax errors, schema errors and
the cross-field rules of `checks.py` — and raises `AgreementInvalid` with all of them; the
CLI prints `AgreementInvalid.format(filename)`, one `FILE:LINE: path.to.field: message` a line.

Signers who are not users can only be found with the database, so the caller checks them:
`agreement_signer_paths(agreement)` (in `schema`) gives each signer's path — and
`AgreementInvalid.signer_paths` the same when the file is invalid but its `parties` are fine —
`agreement_path_line(text, path)` the line of any dotted path, and `agreement_signer_lines(text)`
both at once (e-mail → line). Build an `AgreementProblem(line, path, message, code=…)` from those
and raise `AgreementInvalid([...])` to report it like any other problem.

Every problem has a stable `code` and the `params` its message names besides its English
`message`, so that a caller can word it in another language: the codes of
`checks.CHECK_MESSAGES`, of `LOADING_CODES` here, or else pydantic's error type with its context.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from leadpact.core.schemas import UNSTORABLE, unstorable

from .checks import SECTION_UNITS, Param, Path, Sections, agreement_check
from .schema import Agreement, agreement_signer_paths, parties_signer_paths
from .schema_common import SLUG_PATTERN, TEAM_PATTERN
from .schema_icp import FIELD_PATTERN, KNOWN_FIELDS

__all__ = [
    "LOADING_CODES",
    "VALUE_ERROR_CODES",
    "AgreementInvalid",
    "AgreementProblem",
    "agreement_parse",
    "agreement_path_line",
    "agreement_signer_lines",
    "example_agreement",
    "example_agreement_text",
]


@dataclass(frozen=True)
class AgreementProblem:
    """`message` is English (the CLI and the API show it); `code` and `params` say the same
    for a caller that words it in another language. A problem without a code shows its message."""

    line: int | None
    path: str
    message: str
    code: str = ""
    params: Mapping[str, Param] = field(default_factory=dict, compare=False)


class AgreementInvalid(Exception):
    """`signer_paths`: the signers of the `parties` section when that section is valid (e-mail →
    path), so that a caller can still report signers who are not users; empty otherwise."""

    def __init__(
        self, errors: Sequence[AgreementProblem], *, signer_paths: dict[str, str] | None = None
    ) -> None:
        self.errors: list[AgreementProblem] = sorted(
            errors, key=lambda problem: (problem.line or 0, problem.path)
        )
        self.signer_paths: dict[str, str] = signer_paths or {}
        super().__init__(f"{len(self.errors)} problem(s) in the agreement")

    def format(self, filename: str) -> str:
        lines = []
        for problem in self.errors:
            where = f"{filename}:{problem.line}" if problem.line else filename
            path = f" {problem.path}:" if problem.path else ""
            lines.append(f"{where}:{path} {problem.message}")
        return "\n".join(lines)


def agreement_parse(
    text: str, *, filename: str = "<agreement>", fmt: str | None = None
) -> Agreement:
    """The agreement in `text` (YAML or JSON, by `fmt`, the file's suffix, or its content)."""
    data, root = _document_load(text, fmt=fmt or _format_guess(text, filename))
    if not isinstance(data, dict):
        message = "the agreement must be a mapping"
        raise AgreementInvalid([AgreementProblem(1, "", message, code="not_mapping")])
    problems = list(_duplicate_keys(root))
    unstored = [
        _problem(place, UNSTORABLE[code], data, root, keep_last=True, code=code, params={})
        for place, code in unstorable(data)
    ]
    problems += unstored
    try:
        agreement = Agreement.model_validate(data)
    except ValidationError as error:
        # A value no database stores is said once, not again as the schema words it.
        said = {problem.path for problem in unstored}
        problems += [p for p in _schema_problems(error.errors(), data, root) if p.path not in said]
        sections = _sections_valid(data)
    else:
        sections = Sections.of(agreement)
    for found in agreement_check(sections):
        problems.append(
            _problem(
                found.path,
                found.message,
                data,
                root,
                keep_last=True,
                code=found.code,
                params=found.params,
            )
        )
    if problems:
        signers = {} if sections.parties is None else parties_signer_paths(sections.parties)
        raise AgreementInvalid(problems, signer_paths=signers)
    return agreement


def agreement_path_line(text: str, path: str | Path) -> int | None:
    """The 1-based line of a dotted path (`handoff.sla.reminders.1`) in YAML or JSON text."""
    parts = _path_parts(path) if isinstance(path, str) else path
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return None if root is None else _node_line(root, parts)


def agreement_signer_lines(text: str) -> dict[str, int | None]:
    """Every signer's e-mail with the line that names it; the text must be a valid agreement."""
    agreement = agreement_parse(text)
    return {
        email: agreement_path_line(text, path)
        for email, path in agreement_signer_paths(agreement).items()
    }


def example_agreement_text(lang: str = "pl") -> str:
    """The shipped example. Every label in it has both languages, so the English example is
    the same rules with `language: en` — the language its explanations are written in."""
    text = (
        resources.files("leadpact.agreements.examples")
        .joinpath("agreement.pl.yaml")
        .read_text(encoding="utf-8")
    )
    if lang == "en":
        text = text.replace("\nlanguage: pl\n", "\nlanguage: en\n", 1)
    return text


def example_agreement(lang: str = "pl") -> Agreement:
    return agreement_parse(example_agreement_text(lang), filename=f"agreement.{lang}.yaml")


class _Loader(yaml.SafeLoader):
    """Reads a timestamp that is no real date (2026-13-31) as text, for the schema to report
    at its path and line rather than the parser failing the whole file; refuses aliases."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # An agreement has no use for `&anchor` … `*alias`, and aliases of aliases make a few
        # hundred bytes stand for billions of nodes, which every later walk would visit.
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            problem = f"an alias (*{event.anchor}): write the value out"
        elif getattr(event, "anchor", None):
            problem = f"an anchor (&{event.anchor}): agreements do not use anchors; remove it"
        else:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        raise yaml.composer.ComposerError(None, None, problem, event.start_mark)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _format_guess(text: str, filename: str) -> str:
    lowered = filename.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if text.lstrip().startswith("{") else "yaml"


def _document_load(text: str, *, fmt: str) -> tuple[Any, yaml.Node | None]:
    try:
        return _document_parse(text, fmt=fmt)
    except RecursionError:
        message = "nested too deeply to be an agreement"
        raise AgreementInvalid([AgreementProblem(None, "", message, code="too_deep")]) from None


def _document_parse(text: str, *, fmt: str) -> tuple[Any, yaml.Node | None]:
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            message = f"JSON syntax: {error.msg}"
            problem = AgreementProblem(
                error.lineno, "", message, code="json_syntax", params={"detail": error.msg}
            )
            raise AgreementInvalid([problem]) from error
        try:
            # JSON is YAML too: the node tree gives the lines of JSON errors.
            return data, yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return data, None
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: no Python objects
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = error.problem or "syntax error"
        context = f" ({error.context})" if error.context else ""
        message = f"YAML syntax: {detail}{context}"
        params = {"detail": detail, "context": error.context or ""}
        raise AgreementInvalid(
            [AgreementProblem(line, "", message, code="yaml_syntax", params=params)]
        ) from error
    except yaml.YAMLError as error:
        problem = AgreementProblem(
            None, "", f"YAML: {error}", code="yaml_error", params={"detail": str(error)}
        )
        raise AgreementInvalid([problem]) from error
    return data, root


def _duplicate_keys(node: yaml.Node | None, path: Path = ()) -> Iterable[AgreementProblem]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                dotted = ".".join(str(part) for part in (*path, name))
                line = key.start_mark.line + 1
                yield AgreementProblem(line, dotted, "duplicate key", code="duplicate_key")
            seen.add(name)
            yield from _duplicate_keys(value, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, index))


def _sections_valid(data: dict[str, Any]) -> Sections:
    """Each part validated alone, so that the cross-field rules between the parts that are fine
    still run when another part is broken."""
    valid: dict[str, Any] = {}
    for name, path in SECTION_UNITS.items():
        value: Any = data
        for part in path:
            value = value.get(part, _MISSING) if isinstance(value, dict) else _MISSING
        if value is _MISSING:
            value = _unit_default(path)  # an omitted part with a default (personas) is checked too
            if value is _MISSING:
                continue
        try:
            valid[name] = _unit_adapter(path).validate_python(value)
        except ValidationError:
            continue
    return Sections(**valid)


_MISSING = object()


def _unit_field(path: tuple[str, ...]) -> FieldInfo:
    model: Any = Agreement
    for part in path[:-1]:
        model = model.model_fields[part].annotation
    field: FieldInfo = model.model_fields[path[-1]]
    return field


@cache
def _unit_adapter(path: tuple[str, ...]) -> TypeAdapter[Any]:
    annotation: Any = _unit_field(path).annotation
    return TypeAdapter(annotation)


def _unit_default(path: tuple[str, ...]) -> Any:
    field = _unit_field(path)
    if field.is_required():
        return _MISSING
    return field.get_default(call_default_factory=True)


def _schema_problems(
    errors: Iterable[ErrorDetails], data: dict[str, Any], root: yaml.Node | None
) -> list[AgreementProblem]:
    problems: dict[tuple[str, str], AgreementProblem] = {}
    errors = list(errors)
    # A bad item also makes pydantic report its list as too short; the item's error says it.
    item_locs = {tuple(error["loc"][:-1]) for error in errors if error["type"] != "too_short"}
    for error in errors:
        if error["type"] == "too_short" and tuple(error["loc"]) in item_locs:
            continue
        loc: Path = tuple(error["loc"])
        kind = error["type"]
        message = _message(error)
        code, params = _code(error, message)
        keep_last = kind == "missing"
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            discriminator = str((error.get("ctx") or {}).get("discriminator", "")).strip("'")
            if discriminator.isidentifier():
                loc = (*_clean_loc(loc, data, keep_last=False), discriminator)
                keep_last = True
        problem = _problem(loc, message, data, root, keep_last=keep_last, code=code, params=params)
        problems.setdefault((problem.path, problem.message), problem)
    return list(problems.values())


_PATTERN_MESSAGES = {
    SLUG_PATTERN: "use lowercase letters, digits and _ , starting with a letter (e.g. webinar_attended)",
    TEAM_PATTERN: "use lowercase letters, digits, - and _ , starting with a letter (e.g. sales-sme)",
    FIELD_PATTERN: "unknown field; known fields: " + ", ".join(KNOWN_FIELDS),
}
_PATTERN_CODES = {
    SLUG_PATTERN: ("slug_invalid", {}),
    TEAM_PATTERN: ("team_invalid", {}),
    FIELD_PATTERN: ("field_unknown", {"known": ", ".join(KNOWN_FIELDS)}),
}

# The schema's own ValueErrors, by their English text: a code each, and the values it names.
VALUE_ERROR_CODES: dict[str, re.Pattern[str]] = {
    code: re.compile(pattern)
    for code, pattern in {
        "hours_start_not_before_end": r"start must be before end",
        "email_invalid": r"'(?P<value>.*)' is not an e-mail address",
        "time_unquoted": r'write a time in quotes, e\.g\. "08:00"',
        "first_contact_before_accept": (
            r"first_contact_within_hours must not be shorter than accept_within_hours"
        ),
        "range_bounds_missing": r"give min, max or both",
        "range_min_above_max": r"min (?P<min>\S+) is greater than max (?P<max>\S+)",
        "criterion_required_and_weighted": r"a criterion is either required or weighted, not both",
        "criterion_not_required_nor_weighted": (
            r"give the criterion `required: true` or a `weight` above 0"
        ),
        "persona_without_patterns": r"a persona needs at least one keyword or regex",
        "horizon_gt_and_gte": r"give gt or gte, not both",
        "horizon_lt_and_lte": r"give lt or lte, not both",
        "horizon_unbounded": r"give at least one of gt, gte, lt, lte",
    }.items()
}

# The codes of the problems this module finds itself; the others are those of
# `checks.CHECK_MESSAGES` and pydantic's error types (`missing`, `extra_forbidden` …).
LOADING_CODES = frozenset(
    {"not_mapping", "json_syntax", "yaml_syntax", "yaml_error", "duplicate_key", "too_deep"}
    | set(UNSTORABLE)
    | {code for code, _params in _PATTERN_CODES.values()}
    | set(VALUE_ERROR_CODES)
)


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required, but missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(str(ctx.get("pattern")), error["msg"])
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        discriminator = str(ctx.get("discriminator", "")).strip("'")
        return f"unknown {discriminator} '{ctx.get('tag')}'; one of: {expected}"
    if kind == "union_tag_not_found":
        return (
            f"required, but missing (one of the kinds must be named by {ctx.get('discriminator')})"
        )
    message = error["msg"].removeprefix("Value error, ")
    return message.replace("Input should be", "must be", 1)


def _code(error: ErrorDetails, message: str) -> tuple[str, dict[str, Param]]:
    """The problem's code and params: pydantic's error type and context, or the code of the
    schema's own error when the message is one of the schema's."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern")) in _PATTERN_CODES:
        code, params = _PATTERN_CODES[str(ctx.get("pattern"))]
        return code, dict(params)
    if kind == "value_error":
        for code, pattern in VALUE_ERROR_CODES.items():
            if matched := pattern.fullmatch(message):
                return code, matched.groupdict()
        return kind, {"error": message}
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return kind, {
            "discriminator": str(ctx.get("discriminator", "")).strip("'"),
            "tag": str(ctx.get("tag", "")),
            "expected": str(ctx.get("expected_tags", "")).replace("'", ""),
        }
    return kind, {name: _param(value) for name, value in ctx.items()}


def _param(value: Any) -> Param:
    # The API answers with the params: anything else pydantic puts in a context becomes text.
    return value if isinstance(value, str | int | float | bool | None) else str(value)


def _problem(
    loc: Path,
    message: str,
    data: Any,
    root: yaml.Node | None,
    *,
    keep_last: bool,
    code: str,
    params: Mapping[str, Param],
) -> AgreementProblem:
    path = _clean_loc(loc, data, keep_last=keep_last)
    line = _node_line(root, path) if root is not None else None
    dotted = ".".join(str(part) for part in path)
    return AgreementProblem(line, dotted, message, code=code, params=params)


def _clean_loc(loc: Path, data: Any, *, keep_last: bool) -> Path:
    """The path as written in the document: pydantic adds union tags to `loc` (`label.pair`,
    `when.all_of.all_of.0`); a part that names nothing in the data is such a tag."""
    cleaned: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and _key_find(current, part) is not None:
            key = _key_find(current, part)
            cleaned.append(part)
            current = current[key]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            cleaned.append(part)
            current = current[part]
        elif index == len(loc) - 1 and keep_last:
            cleaned.append(part)
    return tuple(cleaned)


def _key_find(mapping: dict[Any, Any], part: str | int) -> Any:
    if part in mapping:
        return part
    text = str(part)
    return next((key for key in mapping if str(key) == text), None)


def _node_line(root: yaml.Node, parts: Path) -> int:
    node = root
    line: int = root.start_mark.line + 1
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    line, node = key.start_mark.line + 1, value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def _path_parts(path: str) -> Path:
    return tuple(int(part) if part.isdigit() else part for part in path.split(".") if part)
