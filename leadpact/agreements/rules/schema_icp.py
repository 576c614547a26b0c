"""Field conditions, the Ideal Customer Profile and the buying-committee personas.

Only typed operators on known fields can be written, so a vague criterion such as "a client
who wants to buy" has no way to be expressed (article, part 1).
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from .schema_common import MAX_AMOUNT, MAX_COUNT, Grade, Label, LabelPair, Model, Slug

FIELD_PATTERN = (
    r"^(account\.(industry|employees|annual_revenue|country|is_target|attributes\.[a-z][a-z0-9_]*)"
    r"|lead\.(job_title|persona|attributes\.[a-z][a-z0-9_]*))$"
)
KNOWN_FIELDS = (
    "account.industry",
    "account.employees",
    "account.annual_revenue",
    "account.country",
    "account.is_target",
    "account.attributes.<name>",
    "lead.job_title",
    "lead.persona",
    "lead.attributes.<name>",
)
FieldPath = Annotated[str, Field(pattern=FIELD_PATTERN)]
Scalar = bool | int | float | str


class InCondition(Model):
    field: FieldPath
    op: Literal["in"]
    values: tuple[Scalar, ...] = Field(min_length=1)


class NotInCondition(Model):
    field: FieldPath
    op: Literal["not_in"]
    values: tuple[Scalar, ...] = Field(min_length=1)


class BetweenCondition(Model):
    """Inclusive on both ends; one end may be left open."""

    field: FieldPath
    op: Literal["between", "range"]
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is greater than max {self.max:g}")
        return self


class CompareCondition(Model):
    field: FieldPath
    op: Literal["gte", "lte", "gt", "lt"]
    value: float


class EqCondition(Model):
    field: FieldPath
    op: Literal["eq"]
    value: Scalar


class ExistsCondition(Model):
    """The field is present and not empty."""

    field: FieldPath
    op: Literal["exists"]


FieldCondition = Annotated[
    InCondition
    | NotInCondition
    | BetweenCondition
    | CompareCondition
    | EqCondition
    | ExistsCondition,
    Field(discriminator="op"),
]


class CriterionMeta(Model):
    id: Slug
    label: Label
    required: bool = False
    weight: int = Field(default=0, ge=0, le=MAX_COUNT)

    @model_validator(mode="after")
    def _required_or_weighted(self) -> Self:
        if self.required and self.weight:
            raise ValueError("a criterion is either required or weighted, not both")
        if not self.required and not self.weight:
            raise ValueError("give the criterion `required: true` or a `weight` above 0")
        return self


class InCriterion(CriterionMeta, InCondition):
    pass


class NotInCriterion(CriterionMeta, NotInCondition):
    pass


class BetweenCriterion(CriterionMeta, BetweenCondition):
    pass


class CompareCriterion(CriterionMeta, CompareCondition):
    pass


class EqCriterion(CriterionMeta, EqCondition):
    pass


class ExistsCriterion(CriterionMeta, ExistsCondition):
    pass


IcpCriterion = Annotated[
    InCriterion
    | NotInCriterion
    | BetweenCriterion
    | CompareCriterion
    | EqCriterion
    | ExistsCriterion,
    Field(discriminator="op"),
]


class GradeRule(Model):
    grade: Grade
    min_score: int = Field(ge=0, le=MAX_AMOUNT)


class Icp(Model):
    """Criteria give points (or must hold); the first grade whose threshold the score reaches
    wins; a failed required criterion gives the lowest grade listed."""

    criteria: tuple[IcpCriterion, ...] = Field(min_length=1)
    grades: tuple[GradeRule, ...] = Field(min_length=1)


class TitlePatterns(Model):
    pl: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class Persona(Model):
    """A buying-committee role; the first persona whose pattern matches the job title wins.

    `keywords` match case-insensitively at the start of a word ("Dyrektor" matches
    "Dyrektora IT"); `regex` are Python regular expressions searched case-insensitively.
    """

    id: Slug
    label: Label
    keywords: TitlePatterns = TitlePatterns()
    regex: TitlePatterns = TitlePatterns()

    @model_validator(mode="after")
    def _some_pattern(self) -> Self:
        if not (self.keywords.pl or self.keywords.en or self.regex.pl or self.regex.en):
            raise ValueError("a persona needs at least one keyword or regex")
        return self


# The buying committee of the article (part 2: C-level, managers, specialists), used when an
# agreement names no personas of its own.
DEFAULT_PERSONAS: tuple[Persona, ...] = (
    Persona(
        id="c_level",
        label=LabelPair(pl="Zarząd (C-level)", en="C-level"),
        keywords=TitlePatterns(
            pl=("Prezes*", "Wiceprezes*", "Członek zarządu", "Dyrektor*", "Właściciel*"),
            en=(
                "CEO",
                "CTO",
                "CIO",
                "CFO",
                "COO",
                "CISO",
                "Chief",
                "President",
                "Vice President",
                "VP",
                "Director",
                "Founder",
                "Owner",
            ),
        ),
    ),
    Persona(
        id="manager",
        label=LabelPair(pl="Menedżer", en="Manager"),
        keywords=TitlePatterns(
            pl=("Kierownik*", "Kierowniczka", "Menedżer*", "Manager*", "Lider*", "Koordynator*"),
            en=("Manager", "Head of", "Team Lead", "Team Leader", "Supervisor"),
        ),
    ),
    Persona(
        id="specialist",
        label=LabelPair(pl="Specjalista", en="Specialist"),
        keywords=TitlePatterns(
            pl=(
                "Specjalist*",
                "Inżynier*",
                "Administrator*",
                "Architekt*",
                "Analityk*",
                "Programist*",
                "Konsultant*",
            ),
            en=(
                "Specialist",
                "Engineer",
                "Administrator",
                "Architect",
                "Analyst",
                "Developer",
                "Consultant",
                "DevOps",
            ),
        ),
    ),
)
