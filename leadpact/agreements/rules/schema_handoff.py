"""Handing a lead from marketing to sales and who answers for it at each stage
(article, part 3)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from .schema_common import (
    MAX_COUNT,
    MAX_DAYS,
    Days,
    Email,
    Grade,
    Hours,
    Label,
    Model,
    Slug,
    TeamSlug,
)
from .schema_icp import FieldCondition

PartyName = Literal["marketing", "sales"]


class MqlFit(Model):
    """The lead is an MQL when its ICP grade and marketing temperature are both listed."""

    kind: Literal["fit"]
    id: Slug
    label: Label | None = None
    icp_grades: tuple[Grade, ...] = Field(min_length=1)
    marketing_temperatures: tuple[Slug, ...] = Field(min_length=1)


class MqlRequest(Model):
    """An explicit request ("contact me") makes an MQL whatever the temperature."""

    kind: Literal["request"]
    id: Slug
    label: Label | None = None
    touch_type: Slug
    within_days: Days = 30
    icp_grades: tuple[Grade, ...] | None = None


MqlRule = Annotated[MqlFit | MqlRequest, Field(discriminator="kind")]


class Mql(Model):
    """Any one rule met is enough."""

    any_of: tuple[MqlRule, ...] = Field(min_length=1)


class RoutingRule(Model):
    """All conditions must hold; the first matching rule picks the team."""

    id: Slug
    label: Label | None = None
    when: tuple[FieldCondition, ...] = Field(min_length=1)
    team: TeamSlug


class Routing(Model):
    default_team: TeamSlug
    rules: tuple[RoutingRule, ...] = ()


class Assignment(Model):
    strategy: Literal["round_robin"] = "round_robin"
    capacity_per_rep_per_day: int | None = Field(default=None, ge=1, le=MAX_COUNT)


class Escalation(Model):
    to: Literal["team_manager"] = "team_manager"
    at: Literal["breach"] = "breach"
    reassign_after_hours: Hours | None = None


class ResponseSla(Model):
    """Business hours counted from the handoff, on the agreement's calendar."""

    accept_within_hours: Hours
    first_contact_within_hours: Hours
    reminders: tuple[Annotated[int, Field(gt=0, lt=100)], ...] = ()
    escalation: Escalation = Escalation()

    @model_validator(mode="after")
    def _contact_after_accept(self) -> Self:
        if self.first_contact_within_hours < self.accept_within_hours:
            raise ValueError(
                "first_contact_within_hours must not be shorter than accept_within_hours"
            )
        return self


class RejectionReason(Model):
    code: Slug
    label: Label
    outcome: Literal["nurture", "disqualify"]
    note_required: bool = False


class Rejection(Model):
    reasons: tuple[RejectionReason, ...] = Field(min_length=1)


class Reentry(Model):
    """Back to MQL when the temperature reaches `marketing_temperature` again — counting only
    touches after the rejection — and no sooner than `min_days_after_rejection`."""

    marketing_temperature: Slug
    min_days_after_rejection: int = Field(default=0, ge=0, le=MAX_DAYS)


class Nurture(Model):
    owner_party: PartyName = "marketing"
    owner_role: Slug | None = None
    reentry: Reentry | None = None


Cadence = Literal["daily", "weekly", "biweekly", "monthly", "quarterly", "per_lead", "ongoing"]


class Responsibility(Model):
    id: Slug
    activity: Label
    owner_party: PartyName
    owner_email: Email | None = None
    cadence: Cadence


class Handoff(Model):
    mql: Mql
    routing: Routing
    assignment: Assignment = Assignment()
    sla: ResponseSla
    rejection: Rejection
    nurture: Nurture = Nurture()
    responsibilities: tuple[Responsibility, ...] = ()
