"""Building blocks shared by every section of the agreement schema.

Every model forbids unknown keys and is frozen: a signed agreement never changes, and a typo in
a key must be an error rather than a silently ignored clause.
"""

from __future__ import annotations

import re
from datetime import time
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

Language = Literal["pl", "en"]
LANGUAGES: tuple[Language, ...] = ("pl", "en")

SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
TEAM_PATTERN = r"^[a-z][a-z0-9_-]*$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_yes_no_for_numbers(cls, data: Any) -> Any:
        # YAML's `true` would otherwise be read as the number 1 (`window_days: true`: a day);
        # as the text it was written as, it is refused at its own path and line.
        if not isinstance(data, dict):
            return data
        return {
            key: str(value).lower()
            if isinstance(value, bool)
            and key in cls.model_fields
            and _takes_numbers_only(cls.model_fields[key].annotation)
            else value
            for key, value in data.items()
        }


def _takes_numbers_only(annotation: Any) -> bool:
    kinds = (
        set(get_args(annotation)) if get_origin(annotation) in (Union, UnionType) else {annotation}
    )
    kinds.discard(type(None))
    return bool(kinds) and kinds <= {int, float}


class LabelPair(Model):
    """A user-visible text given in both languages of the program."""

    pl: str = Field(min_length=1)
    en: str = Field(min_length=1)


def _label_kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "pair"


Label = Annotated[
    Annotated[str, Tag("text"), Field(min_length=1)] | Annotated[LabelPair, Tag("pair")],
    Discriminator(_label_kind),
]


def label_text(label: str | LabelPair, lang: str) -> str:
    """The label in `lang`; a plain string is the same in every language."""
    if isinstance(label, str):
        return label
    return label.en if lang == "en" else label.pl


def _email_check(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an e-mail address")
    return value


Email = Annotated[str, AfterValidator(_email_check)]

# Ceilings no real agreement reaches: a slip past them (a window of 2**63 days) is refused on
# its line, instead of being signed and then failing every evaluation.
MAX_DAYS = 3650  # ten years
MAX_HOURS = 8760  # a year of hours, business or not
MAX_COUNT = 10_000
MAX_AMOUNT = 10**15
Days = Annotated[int, Field(ge=1, le=MAX_DAYS)]
Hours = Annotated[int, Field(ge=1, le=MAX_HOURS)]

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=50)]
TeamSlug = Annotated[str, Field(pattern=TEAM_PATTERN, max_length=50)]


def _time_text_only(value: Any) -> Any:
    # YAML 1.1 reads an unquoted 08:00 as the sexagesimal integer 480.
    if isinstance(value, int | float):
        raise ValueError('write a time in quotes, e.g. "08:00"')
    return value


ClockTime = Annotated[time, BeforeValidator(_time_text_only)]

Grade = Literal["A", "B", "C", "D"]
GRADES: tuple[Grade, ...] = ("A", "B", "C", "D")

Period = Literal["month", "quarter"]
