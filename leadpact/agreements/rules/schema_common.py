"""Building blocks shared by every section of the agreement schema.

Every model forbids unknown keys and is frozen: a signed agreement never changes, and a typo in
a key must be an error rather than a silently ignored clause.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)

Language = Literal["pl", "en"]
LANGUAGES: tuple[Language, ...] = ("pl", "en")

SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
TEAM_PATTERN = r"^[a-z][a-z0-9_-]*$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
