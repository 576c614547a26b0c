"""Proposing a broken agreement on a Polish page lists its problems in Polish, each at its line;
on an English page in the English of the CLI and the API; and every code the checks can report
has its Polish words."""

from collections import defaultdict

import pytest
from django.utils import translation

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.checks import CHECK_MESSAGES
from leadpact.agreements.rules.loading import LOADING_CODES, example_agreement_text
from leadpact.users.models import User
from leadpact.web.agreement_problems import KNOWN_CODES, agreement_problem_text

pytestmark = pytest.mark.django_db

EXAMPLE = example_agreement_text("pl")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def edited(*edits: tuple[str, str]) -> str:
    text = EXAMPLE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


BROKEN = edited(
    ("    window_days: 90\n", "    window_days: 0\n"),
    ("  holiday_country: PL\n", "  holiday_country: PL\n  colour: red\n"),
    ("- touch: {type: ebook_download}\n", "- touch: {type: podcast}\n"),
    (
        "      - code: no_budget\n        label: {pl: Brak budżetu, en: No budget}\n"
        "        outcome: nurture\n",
        "      - code: no_budget\n        label: {pl: Brak budżetu, en: No budget}\n",
    ),
)


def shown(response) -> dict[int, str]:
    assert response.status_code == 422
    return {problem["line"]: problem["text"] for problem in response.context["problems"]}


def test_a_polish_page_words_each_problem_in_polish_at_its_line(web_for, example):
    response = web_for("marta").post("/agreement/propose/", {"text": BROKEN})

    assert shown(response) == {
        line_of(BROKEN, "colour: red"): "nieznany klucz",
        line_of(BROKEN, "window_days: 0"): "wartość musi wynosić co najmniej 1",
        line_of(BROKEN, "type: podcast"): (
            "nieznany typ kontaktu „podcast” (nie ma go w touch_types)"
        ),
        line_of(BROKEN, "- code: no_budget"): "brak wymaganego pola",
    }
    page = response.content.decode()
    assert f"wiersz {line_of(BROKEN, 'window_days: 0')}</span>" in page
    assert "nieznany typ kontaktu „podcast”" in page
    assert "unknown touch type" not in page
    assert AgreementVersion.objects.count() == 1


def test_a_yaml_syntax_error_in_polish(web_for, example):
    broken = edited(("owner: marta.nowak@leadpact.demo", "owner: [marta"))

    response = web_for("marta").post("/agreement/propose/", {"text": broken})

    line = line_of(broken, "owner: [marta") + 1  # the parser notices on the next line
    assert shown(response) == {
        line: "błąd składni YAML: brakuje przecinka albo nawiasu zamykającego „]” (jest ':') "
        "(w liście w nawiasach [ ])"
    }
    assert f"wiersz {line}" in response.content.decode()


def test_a_signer_who_is_not_a_user_in_polish(web_for, example):
    broken = edited(("owner: marta.nowak@leadpact.demo", "owner: nobody@leadpact.demo"))

    response = web_for("marta").post("/agreement/propose/", {"text": broken})

    assert shown(response) == {
        line_of(broken, "owner: nobody@"): "nie ma użytkownika z tym adresem e-mail"
    }


def test_an_english_page_shows_the_english_of_the_cli_and_the_api(web_for, example, cast):
    User.objects.filter(pk=cast["marta"].pk).update(language="en")

    response = web_for("marta").post("/agreement/propose/", {"text": BROKEN})

    problems = response.context["problems"]
    assert [problem["text"] for problem in problems] == [problem["message"] for problem in problems]
    assert shown(response)[line_of(BROKEN, "type: podcast")] == (
        "unknown touch type 'podcast' (not in touch_types)"
    )
    assert "must be greater than or equal to 1" in response.content.decode()


# Every code, in both languages.

PYDANTIC_TYPES = {
    "missing",
    "extra_forbidden",
    "literal_error",
    "enum",
    "string_type",
    "int_type",
    "int_parsing",
    "int_from_float",
    "float_type",
    "float_parsing",
    "bool_type",
    "bool_parsing",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "too_short",
    "too_long",
    "string_too_short",
    "string_too_long",
    "string_pattern_mismatch",
    "date_parsing",
    "date_from_datetime_parsing",
    "datetime_parsing",
    "time_parsing",
    "union_tag_invalid",
    "union_tag_not_found",
    "model_type",
    "tuple_type",
    "condition_kind",
}
EVERY_CODE = sorted(set(CHECK_MESSAGES) | LOADING_CODES | PYDANTIC_TYPES | {"signer_not_user"})


class AnyParams(defaultdict):
    """Whatever a wording asks for: 2 (a count the plural forms can use)."""

    def __init__(self) -> None:
        super().__init__(lambda: "2", {"any": "2"})  # not empty: an empty dict reads as none


# The list lengths are the params these wordings fill in after reading them.
LENGTHS = {"field_type": "Tuple", "min_length": 2, "max_length": 2, "actual_length": 3}


def worded(code: str, lang: str, params: dict | None = None) -> str:
    if params is None:
        params = LENGTHS if code in ("too_short", "too_long") else AnyParams()
    problem = {"code": code, "params": params, "message": "?"}
    with translation.override(lang):
        return agreement_problem_text(problem)


@pytest.mark.parametrize("code", EVERY_CODE)
def test_every_code_has_polish_words(code):
    assert code in KNOWN_CODES
    english, polish = worded(code, "en"), worded(code, "pl")
    assert english != "?" and polish != "?"
    assert polish != english, "the Polish catalogue has no translation"
    assert "%(" not in polish


@pytest.mark.parametrize("code", sorted(CHECK_MESSAGES))
def test_the_english_wording_of_a_check_is_the_engines(code):
    params = {"value": "x", "email": "a@b.pl", "zone": "Mars/Olympus", "country": "XX"}
    params |= {"grade": "B", "previous": "A", "min_score": 40, "total": 30, "op": "gte"}
    params |= {"field": "account.industry", "persona": "ceo", "error": "bad", "name": "hot"}
    params |= {"code": "webinar", "level": "cold", "index": 0, "known": "A, B"}

    assert worded(code, "en", params) == CHECK_MESSAGES[code].format_map(params)


def test_polish_plurals_and_the_choices():
    assert worded(
        "too_short", "pl", {"field_type": "Tuple", "min_length": 1, "actual_length": 0}
    ) == ("lista musi mieć co najmniej 1 element (ma 0)")
    assert worded("string_too_long", "pl", {"max_length": 50}) == (
        "tekst może mieć najwyżej 50 znaków"
    )
    assert worded("literal_error", "pl", {"expected": "'pl' or 'en'"}) == (
        "musi mieć wartość 'pl' lub 'en'"
    )
    assert worded(
        "time_parsing", "pl", {"error": "hour value is outside expected range of 0-23"}
    ) == ('musi być poprawną godziną (np. "08:00"): godzina musi być z zakresu 0–23')


def test_an_unknown_code_or_unexpected_params_show_the_english_message():
    with translation.override("pl"):
        assert agreement_problem_text({"code": "is_subclass_of", "message": "odd"}) == "odd"
        assert agreement_problem_text({"message": "no code at all"}) == "no code at all"
        assert (
            agreement_problem_text({"code": "touch_type_unknown", "params": {}, "message": "m"})
            == "m"
        )
