"""The agreement between marketing and sales as data: one pydantic model per section, in the
article's order. Cross-field rules (a touch type used but not defined, overlapping ranges …)
are checked by `checks.py` so that every problem is reported with its own line.

Sections live in `schema_common`, `schema_icp`, `schema_temperature` and `schema_handoff`; this
module holds the small sections and re-exports the rest.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Literal, Self

from pydantic import Field, PrivateAttr, model_validator

from leadpact.core.schemas import Day

from .schema_common import (
    GRADES,
    LANGUAGES,
    MAX_AMOUNT,
    MAX_COUNT,
    ClockTime,
    Email,
    Grade,
    Hours,
    Label,
    LabelPair,
    Language,
    Model,
    Period,
    Slug,
    label_text,
)
from .schema_handoff import (
    Assignment,
    Escalation,
    Handoff,
    Mql,
    MqlFit,
    MqlRequest,
    Nurture,
    Reentry,
    Rejection,
    RejectionReason,
    ResponseSla,
    Responsibility,
    Routing,
    RoutingRule,
)
from .schema_icp import (
    DEFAULT_PERSONAS,
    KNOWN_FIELDS,
    BetweenCondition,
    CompareCondition,
    EqCondition,
    ExistsCondition,
    FieldCondition,
    GradeRule,
    Icp,
    IcpCriterion,
    InCondition,
    NotInCondition,
    Persona,
)
from .schema_temperature import (
    AllOf,
    AnyOf,
    DeclaredHorizonIgnore,
    DeclaredHorizonProvisional,
    DistinctCampaigns,
    HorizonRange,
    MarketingLevel,
    MarketingTemperature,
    SalesLevel,
    SalesTemperature,
    Temperature,
    TouchCondition,
    TouchCount,
)

__all__ = [
    "DEFAULT_FEEDBACK_QUESTIONS",
    "DEFAULT_PERSONAS",
    "GRADES",
    "KNOWN_FIELDS",
    "LANGUAGES",
    "REPORT_METRICS",
    "WEEKDAYS",
    "Agreement",
    "AllOf",
    "AnyOf",
    "Assignment",
    "BetweenCondition",
    "BusinessHours",
    "Calendar",
    "CompareCondition",
    "DeclaredHorizonIgnore",
    "DeclaredHorizonProvisional",
    "DistinctCampaigns",
    "EqCondition",
    "Escalation",
    "ExistsCondition",
    "Feedback",
    "FeedbackDue",
    "FeedbackQuestion",
    "FieldCondition",
    "Goals",
    "Grade",
    "GradeRule",
    "Handoff",
    "HorizonRange",
    "Icp",
    "IcpCriterion",
    "InCondition",
    "Label",
    "LabelPair",
    "Language",
    "LeadDefinitions",
    "MarketingLevel",
    "MarketingTemperature",
    "Mql",
    "MqlFit",
    "MqlRequest",
    "NotInCondition",
    "Nurture",
    "Parties",
    "Party",
    "Persona",
    "Qualification",
    "Reentry",
    "Rejection",
    "RejectionReason",
    "Reporting",
    "ResponseSla",
    "Responsibility",
    "Routing",
    "RoutingRule",
    "SalesLevel",
    "SalesTemperature",
    "Signatory",
    "Temperature",
    "Term",
    "TouchCondition",
    "TouchCount",
    "TouchType",
    "agreement_required_signers",
    "agreement_signer_paths",
    "agreement_signers",
    "label_text",
    "parties_signer_paths",
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Signatory(Model):
    email: Email
    role: Label | None = None
    required: bool = False


class Party(Model):
    name: Label
    owner: Email
    signatories: tuple[Signatory, ...] = ()


class Parties(Model):
    marketing: Party
    sales: Party


class BusinessHours(Model):
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _start_before_end(self) -> Self:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        return self


def _office_hours() -> dict[Weekday, BusinessHours]:
    return {day: BusinessHours(start=dt.time(9), end=dt.time(17)) for day in WEEKDAYS[:5]}


class Calendar(Model):
    """The clock of every deadline: only business hours count, public holidays of
    `holiday_country` and `closed_days` do not."""

    time_zone: str = "Europe/Warsaw"
    business_hours: dict[
        Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], BusinessHours
    ] = Field(default_factory=_office_hours)
    holiday_country: str = "PL"
    closed_days: tuple[Day, ...] = ()


class Term(Model):
    id: Slug
    term: Label
    definition: Label


class TouchType(Model):
    code: Slug
    label: Label


class LeadDefinition(Model):
    label: Label
    definition: Label


class MarketingLeadDefinition(LeadDefinition):
    requires_consent: bool = True


class SalesLeadDefinition(LeadDefinition):
    requires_meeting: bool = True


class LeadDefinitions(Model):
    marketing_lead: MarketingLeadDefinition
    sales_lead: SalesLeadDefinition


class Qualification(Model):
    """Who qualifies purchase potential, and how (the article: sales, on a phone call)."""

    purchase_potential_by: Literal["sales", "marketing"] = "sales"
    method: Literal["phone_call", "meeting", "form"] = "phone_call"
    note: Label | None = None


class SalesGoals(Model):
    per: Literal["month", "quarter", "year"] = "quarter"
    won_deals: int = Field(ge=0, le=MAX_AMOUNT)
    revenue: float = Field(ge=0, le=MAX_AMOUNT)
    currency: str = Field(default="PLN", pattern=r"^[A-Z]{3}$")


class MarketingGoals(Model):
    per: Literal["month", "quarter", "year"] = "quarter"
    mqls: int = Field(ge=0, le=MAX_AMOUNT)
    icp_share_percent: int = Field(ge=0, le=100)
    icp_grades: tuple[Grade, ...] = ("A", "B")


class CoverageGoal(Model):
    """Each target account touched by at least `min_distinct_actions` different actions in
    every `per`; an action is a distinct campaign (or touch type, by `count`)."""

    min_distinct_actions: int = Field(ge=1, le=MAX_COUNT)
    per: Period = "month"
    count: Literal["distinct_campaigns", "distinct_touch_types"] = "distinct_campaigns"


class PersonaCoverageGoal(Model):
    personas: tuple[Slug, ...] = Field(min_length=1)
    per: Period = "quarter"


class Goals(Model):
    sales: SalesGoals
    marketing: MarketingGoals
    coverage: CoverageGoal | None = None
    persona_coverage: PersonaCoverageGoal | None = None


ReportMetric = Literal[
    "mql_icp",
    "handed_to_sales",
    "sales_stages",
    "hot_leads",
    "nurture",
    "rejection_reasons",
    "in_progress",
    "won",
    "sla",
    "coverage",
    "persona_coverage",
    "feedback",
]
REPORT_METRICS: tuple[ReportMetric, ...] = typing.get_args(ReportMetric)


class Reporting(Model):
    cadence: Literal["monthly", "quarterly"]
    recipients: tuple[Email, ...] = ()
    metrics: tuple[ReportMetric, ...] = REPORT_METRICS


class FeedbackQuestion(Model):
    id: Slug
    label: Label
    kind: Literal["text", "contacts", "information_request"] = "text"
    required: bool = True


class FeedbackDue(Model):
    within_business_hours: Hours
    after: Literal["first_contact", "qualification"] = "first_contact"


# The article's three questions (part 5), asked when an agreement names no questions of its own.
DEFAULT_FEEDBACK_QUESTIONS: tuple[FeedbackQuestion, ...] = (
    FeedbackQuestion(
        id="conversation",
        label=LabelPair(
            pl="Jak przebiegła rozmowa z leadem?", en="How did the conversation with the lead go?"
        ),
        kind="text",
        required=True,
    ),
    FeedbackQuestion(
        id="interesting_contacts",
        label=LabelPair(
            pl="Które kontakty okazały się najciekawsze i dlaczego?",
            en="Which contacts turned out the most interesting, and why?",
        ),
        kind="contacts",
        required=False,
    ),
    FeedbackQuestion(
        id="information_needed",
        label=LabelPair(
            pl="Jakich dodatkowych informacji potrzebuje dział sprzedaży?",
            en="What additional information does sales need?",
        ),
        kind="information_request",
        required=False,
    ),
)


class Feedback(Model):
    questions: tuple[FeedbackQuestion, ...] = Field(
        default=DEFAULT_FEEDBACK_QUESTIONS, min_length=1
    )
    due: FeedbackDue


class Agreement(Model):
    """The whole agreement. `language` is the language the agreement is written in (its
    explanations are given in it); labels may still carry both languages."""

    title: Label
    language: Language = "pl"
    parties: Parties
    calendar: Calendar = Calendar()
    terms: tuple[Term, ...] = ()
    icp: Icp
    personas: tuple[Persona, ...] = Field(default=DEFAULT_PERSONAS, min_length=1)
    touch_types: tuple[TouchType, ...] = Field(min_length=1)
    temperature: Temperature
    lead_definitions: LeadDefinitions
    qualification: Qualification = Qualification()
    goals: Goals
    handoff: Handoff
    reporting: Reporting
    feedback: Feedback

    # Derived data (the compiled engine, the clause ids) computed once per loaded agreement;
    # safe because the model is frozen.
    _memo: dict[str, object] = PrivateAttr(default_factory=dict)


def agreement_signer_paths(agreement: Agreement) -> dict[str, str]:
    """Every e-mail that must or may sign, with the dotted path that names it (first one)."""
    return parties_signer_paths(agreement.parties)


def parties_signer_paths(parties: Parties) -> dict[str, str]:
    """`agreement_signer_paths` of the `parties` section alone (valid when the rest is not)."""
    paths: dict[str, str] = {}
    for side in ("marketing", "sales"):
        party: Party = getattr(parties, side)
        paths.setdefault(party.owner, f"parties.{side}.owner")
        for index, signatory in enumerate(party.signatories):
            paths.setdefault(signatory.email, f"parties.{side}.signatories.{index}.email")
    return paths


def agreement_signers(agreement: Agreement) -> list[str]:
    """Every e-mail that must or may sign: both owners and every signatory."""
    return list(agreement_signer_paths(agreement))


def agreement_required_signers(agreement: Agreement) -> list[str]:
    """The e-mails whose signatures make a version signed: both owners and the signatories
    marked `required: true`."""
    required: dict[str, None] = {}
    for party in (agreement.parties.marketing, agreement.parties.sales):
        required[party.owner] = None
        for signatory in party.signatories:
            if signatory.required:
                required[signatory.email] = None
    return list(required)
