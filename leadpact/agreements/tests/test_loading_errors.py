"""Every kind of problem in an agreement is reported with its own line and path."""

from __future__ import annotations

import json

import pytest
import yaml

from leadpact.agreements.rules.loading import (
    AgreementInvalid,
    AgreementProblem,
    agreement_parse,
    agreement_path_line,
    agreement_signer_lines,
    example_agreement_text,
)

EXAMPLE = example_agreement_text("pl")


def line_of(text: str, needle: str, *, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in the text")


def edited(old: str, new: str, *, text: str = EXAMPLE, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def problems(text: str, filename: str = "agreement.yaml") -> list[AgreementProblem]:
    with pytest.raises(AgreementInvalid) as caught:
        agreement_parse(text, filename=filename)
    return caught.value.errors


def only(text: str) -> AgreementProblem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_yaml_syntax_error_names_its_line() -> None:
    text = edited("    window_days: 90\n", "    window_days: [90\n")
    problem = only(text)
    assert problem.message.startswith("YAML syntax:")
    assert problem.line is not None
    assert abs(problem.line - line_of(text, "window_days: [90")) <= 1


def test_duplicate_yaml_key() -> None:
    text = edited("  holiday_country: PL\n", "  holiday_country: PL\n  holiday_country: DE\n")
    problem = only(text)
    assert (problem.line, problem.path, problem.message) == (
        line_of(text, "holiday_country: DE"),
        "calendar.holiday_country",
        "duplicate key",
    )


def test_unknown_key_is_an_error() -> None:
    text = edited("  holiday_country: PL\n", "  holiday_country: PL\n  colour: red\n")
    problem = only(text)
    assert (problem.line, problem.path, problem.message) == (
        line_of(text, "colour: red"),
        "calendar.colour",
        "unknown key",
    )


def test_rejection_reason_without_outcome() -> None:
    text = edited(
        "      - code: no_budget\n        label: {pl: Brak budżetu, en: No budget}\n"
        "        outcome: nurture\n",
        "      - code: no_budget\n        label: {pl: Brak budżetu, en: No budget}\n",
    )
    problem = only(text)
    assert problem.path == "handoff.rejection.reasons.1.outcome"
    assert problem.line == line_of(text, "- code: no_budget")
    assert "missing" in problem.message


def test_window_of_zero_days() -> None:
    text = edited("    window_days: 90\n", "    window_days: 0\n")
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "window_days: 0"),
        "temperature.marketing.window_days",
    )


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "    window_days: 90\n",
            "    window_days: 9223372036854775808\n",
            "temperature.marketing.window_days",
        ),
        ("    window_days: 90\n", "    window_days: 3651\n", "temperature.marketing.window_days"),
        (
            "capacity_per_rep_per_day: 15",
            "capacity_per_rep_per_day: 10001",
            "handoff.assignment.capacity_per_rep_per_day",
        ),
        ("accept_within_hours: 8", "accept_within_hours: 8761", "handoff.sla.accept_within_hours"),
        ("weight: 30", "weight: 10001", "icp.criteria.1.weight"),
        ("mqls: 90", "mqls: 1000000000000001", "goals.marketing.mqls"),
        (
            "closed_days: [2026-12-31]",
            "closed_days: [2026-12-31, 9999-12-31]",
            "calendar.closed_days.1",
        ),
        ("closed_days: [2026-12-31]", "closed_days: [0001-01-01]", "calendar.closed_days.0"),
    ],
)
def test_numbers_and_days_past_any_real_agreement_are_refused_on_their_line(
    old: str, new: str, path: str
) -> None:
    text = edited(old, new)
    problem = only(text)

    assert (problem.line, problem.path) == (line_of(text, new.strip().split("\n")[0]), path)


def test_unknown_touch_type_in_a_temperature_rule() -> None:
    text = edited("- touch: {type: ebook_download}\n", "- touch: {type: ebook_downlaod}\n")
    problem = only(text)
    assert problem.line == line_of(text, "ebook_downlaod")
    assert problem.path == "temperature.marketing.levels.1.when.all_of.1.touch.type"
    assert "unknown touch type 'ebook_downlaod'" in problem.message


def test_unknown_touch_type_in_an_mql_request() -> None:
    text = edited("touch_type: contact_request", "touch_type: call_me")
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "touch_type: call_me"),
        "handoff.mql.any_of.2.touch_type",
    )


def test_overlapping_sales_temperature_ranges() -> None:
    text = edited("horizon_months: {gte: 6, lte: 12}", "horizon_months: {gte: 6, lte: 13}")
    problem = only(text)
    assert problem.path == "temperature.sales.levels.1.horizon_months"
    assert problem.line == line_of(text, "lte: 13")
    assert "overlaps level 'cold'" in problem.message


def test_touching_ranges_do_not_overlap() -> None:
    agreement_parse(edited("horizon_months: {lt: 6}", "horizon_months: {gte: 0, lt: 6}"))


def test_persona_used_but_not_defined() -> None:
    text = edited(
        "personas: [c_level, manager, specialist]", "personas: [c_level, manager, engineer]"
    )
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "personas: [c_level, manager, engineer]"),
        "goals.persona_coverage.personas.2",
    )
    assert "persona 'engineer' is not defined" in problem.message


def test_persona_condition_in_icp_must_name_a_persona() -> None:
    text = edited(
        "      field: account.attributes.cloud_strategy\n      op: in\n"
        "      values: [hybrid, multi_cloud, migrating]\n",
        "      field: lead.persona\n      op: in\n      values: [c_level, board]\n",
    )
    problem = only(text)
    assert problem.path == "icp.criteria.5.values"
    assert problem.line == line_of(text, "values: [c_level, board]")


def test_duplicate_level_names() -> None:
    text = edited("      - name: warm\n", "      - name: cold\n")
    problem, unknown_level = problems(text)  # the MQL rule now names a level that is gone
    assert problem.path == "temperature.marketing.levels.1.name"
    assert problem.line == line_of(text, "- name: cold", occurrence=2)
    assert problem.message == "duplicate level name 'cold'"
    assert unknown_level.message == "unknown marketing temperature 'warm'"


def test_unknown_grade_in_mql_criteria() -> None:
    text = edited("icp_grades: [C]\n", "icp_grades: [E]\n")
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "icp_grades: [E]"),
        "handoff.mql.any_of.1.icp_grades.0",
    )


def test_grade_used_but_not_defined_in_icp() -> None:
    text = edited("    - {grade: C, min_score: 25}\n", "")
    found = problems(text)
    assert [(p.line, p.path) for p in found] == [
        (line_of(text, "icp_grades: [C]"), "handoff.mql.any_of.1.icp_grades.0"),
        (line_of(text, "icp_grades: [A, B, C]"), "handoff.mql.any_of.2.icp_grades.2"),
    ]
    assert found[0].message.startswith("unknown grade 'C'")


def test_unknown_marketing_temperature_in_mql_and_reentry() -> None:
    text = edited("marketing_temperatures: [warm, hot]", "marketing_temperatures: [warm, boiling]")
    text = edited(
        "      marketing_temperature: hot\n", "      marketing_temperature: lava\n", text=text
    )
    found = problems(text)
    assert [(p.line, p.path) for p in found] == [
        (line_of(text, "[warm, boiling]"), "handoff.mql.any_of.0.marketing_temperatures.1"),
        (
            line_of(text, "marketing_temperature: lava"),
            "handoff.nurture.reentry.marketing_temperature",
        ),
    ]


@pytest.mark.parametrize("reminders", ["[50, 100]", "[0, 80]"])
def test_reminders_strictly_between_0_and_100(reminders: str) -> None:
    text = edited("reminders: [50, 80]", f"reminders: {reminders}")
    problem = only(text)
    assert problem.line == line_of(text, f"reminders: {reminders}")
    assert problem.path.startswith("handoff.sla.reminders.")


def test_reminders_must_grow() -> None:
    text = edited("reminders: [50, 80]", "reminders: [80, 50]")
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "reminders: [80, 50]"),
        "handoff.sla.reminders.1",
    )


def test_a_vague_criterion_cannot_be_written() -> None:
    text = edited("      field: account.industry\n", "      field: account.wants_to_buy\n")
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "account.wants_to_buy"),
        "icp.criteria.1.field",
    )
    assert "known fields: account.industry" in problem.message


def test_unknown_operator() -> None:
    text = edited("      op: between\n", "      op: roughly\n")
    problem = only(text)
    assert (problem.line, problem.path) == (line_of(text, "op: roughly"), "icp.criteria.2.op")
    assert "unknown op 'roughly'" in problem.message


def test_number_operator_on_a_text_field() -> None:
    text = edited(
        "      field: account.industry\n      op: in\n",
        "      field: account.industry\n      op: gte\n      value: 3\n",
    )
    found = problems(text)
    assert any(
        p.path == "icp.criteria.1.values" and p.line == line_of(text, "values: [finance")
        for p in found
    ), found


def test_criterion_both_required_and_weighted() -> None:
    text = edited(
        "      values: [PL]\n      required: true\n",
        "      values: [PL]\n      required: true\n      weight: 5\n",
    )
    problem = only(text)
    assert problem.path == "icp.criteria.0"
    assert problem.line == line_of(text, "- id: country")
    assert "either required or weighted" in problem.message


def test_label_needs_both_languages() -> None:
    text = edited("label: {pl: Branża, en: Industry}", "label: {pl: Branża}")
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "label: {pl: Branża}"),
        "icp.criteria.1.label.en",
    )


def test_unknown_time_zone_and_holiday_country() -> None:
    text = edited("  time_zone: Europe/Warsaw\n", "  time_zone: Europe/Gdansk\n")
    text = edited("  holiday_country: PL\n", "  holiday_country: XX\n", text=text)
    found = problems(text)
    assert [(p.line, p.path) for p in found] == [
        (line_of(text, "Europe/Gdansk"), "calendar.time_zone"),
        (line_of(text, "holiday_country: XX"), "calendar.holiday_country"),
    ]


def test_unquoted_clock_time() -> None:
    text = edited('    mon: {start: "08:00", end: "16:00"}', "    mon: {start: 8:00, end: 16:00}")
    found = problems(text)
    assert {p.path for p in found} == {
        "calendar.business_hours.mon.start",
        "calendar.business_hours.mon.end",
    }
    assert all(p.line == line_of(text, "mon: {start: 8:00") for p in found)


def test_the_two_owners_must_differ() -> None:
    text = edited(
        "    owner: tomasz.wisniewski@leadpact.demo\n", "    owner: marta.nowak@leadpact.demo\n"
    )
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, "owner: marta.nowak@leadpact.demo", occurrence=2),
        "parties.sales.owner",
    )


def test_all_errors_are_collected_and_formatted() -> None:
    text = edited("    window_days: 90\n", "    window_days: 0\n")
    text = edited("icp_grades: [C]\n", "icp_grades: [E]\n", text=text)
    text = edited("reminders: [50, 80]", "reminders: [80, 50]", text=text)
    text = edited("personas: [c_level, manager, specialist]", "personas: [c_level, ceo]", text=text)
    with pytest.raises(AgreementInvalid) as caught:
        agreement_parse(text, filename="umowa.yaml")
    lines = caught.value.format("umowa.yaml").splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"umowa.yaml:{line_of(text, 'window_days: 0')}: ")
    assert lines == sorted(lines, key=lambda line: int(line.split(":")[1]))
    assert f"umowa.yaml:{line_of(text, '[80, 50]')}: handoff.sla.reminders.1: " in lines[-1]


def test_cross_checks_still_run_when_another_section_is_broken() -> None:
    text = edited("  holiday_country: PL\n", "  holiday_country: PL\n  colour: red\n")
    text = edited(
        "- touch: {type: ebook_download}\n", "- touch: {type: ebook_downlaod}\n", text=text
    )
    assert {p.path for p in problems(text)} == {
        "calendar.colour",
        "temperature.marketing.levels.1.when.all_of.1.touch.type",
    }


def test_a_schema_error_in_a_part_does_not_hide_the_checks_of_its_lists() -> None:
    text = edited("    window_days: 90\n", "    window_days: 0\n")
    text = edited("- touch: {type: ebook_download}\n", "- touch: {type: ebook}\n", text=text)
    text = edited("accept_within_hours: 8", "accept_within_hours: -1", text=text)
    text = edited("reminders: [50, 80]", "reminders: [80, 50]", text=text)
    text = edited("  default_team: sales-sme", "  default_team: Sales SME", text=text)
    again = "\n      - id: public_sector\n        when: [{field: account.country, op: exists}]\n"
    text = edited("team: sales-public\n", f"team: sales-public{again}        team: x\n", text=text)
    text = edited("marketing_temperature: hot", "marketing_temperature: boiling", text=text)
    text = edited(
        "owner_party: marketing\n    owner_role", "owner_party: it\n    owner_role", text=text
    )
    found = {(p.line, p.path) for p in problems(text)}
    assert found == {
        (line_of(text, "window_days: 0"), "temperature.marketing.window_days"),
        (line_of(text, "type: ebook}"), "temperature.marketing.levels.1.when.all_of.1.touch.type"),
        (line_of(text, "accept_within_hours: -1"), "handoff.sla.accept_within_hours"),
        (line_of(text, "[80, 50]"), "handoff.sla.reminders.1"),
        (line_of(text, "default_team:"), "handoff.routing.default_team"),
        (line_of(text, "- id: public_sector", occurrence=2), "handoff.routing.rules.1.id"),
        (line_of(text, "owner_party: it"), "handoff.nurture.owner_party"),
        (line_of(text, "boiling"), "handoff.nurture.reentry.marketing_temperature"),
    }


def test_json_errors_have_lines_too() -> None:
    data = yaml.safe_load(EXAMPLE)
    data["temperature"]["marketing"]["window_days"] = 0
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    problem = only(text)
    assert (problem.line, problem.path) == (
        line_of(text, '"window_days": 0'),
        "temperature.marketing.window_days",
    )


def test_json_syntax_error() -> None:
    found = problems('{\n  "title": "x",\n  oops\n}', filename="agreement.json")
    assert len(found) == 1
    problem = found[0]
    assert problem.line == 3
    assert problem.message.startswith("JSON syntax:")


def test_a_document_that_is_not_a_mapping() -> None:
    assert only("- just\n- a list\n").message == "the agreement must be a mapping"


def test_format_without_line() -> None:
    error = AgreementInvalid([AgreementProblem(None, "", "YAML: broken")])
    assert error.format("a.yaml") == "a.yaml: YAML: broken"


def test_signer_lines_and_path_lines() -> None:
    lines = agreement_signer_lines(EXAMPLE)
    assert lines == {
        "marta.nowak@leadpact.demo": line_of(EXAMPLE, "owner: marta.nowak"),
        "tomasz.wisniewski@leadpact.demo": line_of(EXAMPLE, "owner: tomasz.wisniewski"),
        "anna.kowalczyk@leadpact.demo": line_of(EXAMPLE, "email: anna.kowalczyk"),
    }
    assert agreement_path_line(EXAMPLE, "handoff.sla.reminders") == line_of(EXAMPLE, "reminders:")


def test_an_invalid_file_still_names_its_signers_when_its_parties_are_valid() -> None:
    text = edited("    window_days: 90\n", "    window_days: 0\n")
    with pytest.raises(AgreementInvalid) as caught:
        agreement_parse(text)
    assert caught.value.signer_paths == {
        "marta.nowak@leadpact.demo": "parties.marketing.owner",
        "tomasz.wisniewski@leadpact.demo": "parties.sales.owner",
        "anna.kowalczyk@leadpact.demo": "parties.sales.signatories.0.email",
    }
    broken_parties = edited("owner: marta.nowak@leadpact.demo", "owner: marta", text=text)
    with pytest.raises(AgreementInvalid) as caught:
        agreement_parse(broken_parties)
    assert caught.value.signer_paths == {}


def test_a_nul_character_is_named_by_its_line() -> None:
    # YAML's "\0" escape makes one; PostgreSQL could not store the agreement holding it.
    text = edited(
        "  pl: Umowa współpracy marketingu i sprzedaży\n", '  pl: "Umowa\\0 współpracy"\n'
    )
    problem = only(text)
    assert (problem.line, problem.path, problem.code) == (
        line_of(text, "Umowa\\0"),
        "title.pl",
        "nul_character",
    )


def test_an_alias_is_refused_at_its_line_so_a_few_lines_cannot_stand_for_billions() -> None:
    # Nine aliases of nine aliases, twelve times over: 9**12 nodes for every walk of the tree.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 13)]
    problem = only("\n".join(lines) + "\n")
    assert (problem.line, problem.code) == (1, "yaml_syntax")
    assert "an anchor (&a0)" in problem.message


def test_an_alias_of_nothing_and_a_lone_anchor_are_refused_at_their_lines() -> None:
    assert (
        "an alias (*x)"
        in only(edited("  holiday_country: PL\n", "  holiday_country: *x\n")).message
    )
    text = edited("  holiday_country: PL\n", "  holiday_country: &kraj PL\n")
    problem = only(text)
    assert problem.line == line_of(text, "&kraj")
    assert "an anchor (&kraj)" in problem.message


@pytest.mark.parametrize(
    ("text", "filename"),
    [("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml"),
     ('{"a": ' + "[" * 3000 + "]" * 3000 + "}", "deep.json")],
)  # fmt: skip
def test_nesting_past_what_a_reader_follows_is_a_problem_not_a_crash(
    text: str, filename: str
) -> None:
    [problem] = problems(text, filename)
    assert (problem.code, problem.message) == ("too_deep", "nested too deeply to be an agreement")


def test_a_number_no_database_stores_is_said_once() -> None:
    problem = only(edited("    window_days: 90\n", "    window_days: .nan\n"))
    assert (problem.path, problem.code) == ("temperature.marketing.window_days", "not_finite")


def test_a_country_in_a_criterion_must_be_an_iso_code_not_two_capitals() -> None:
    text = edited("      values: [PL]\n", "      values: [PL, XX]\n")
    problem = only(text)

    assert problem.line == line_of(text, "values: [PL, XX]")
    assert problem.message == "'XX' is not an ISO 3166 country code such as PL"


def test_yes_or_no_is_not_a_number() -> None:
    text = edited("    window_days: 90\n", "    window_days: true\n")
    problem = only(text)

    assert (problem.line, problem.path) == (
        line_of(text, "window_days: true"),
        "temperature.marketing.window_days",
    )
    assert "integer" in problem.message or "number" in problem.message
