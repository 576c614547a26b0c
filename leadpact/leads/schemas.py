from datetime import datetime
from typing import Any, Literal

from pydantic import EmailStr, Field

from leadpact.core.schemas import Domain, FreeObject, Moment, Money, StrictSchema
from leadpact.privacy.schemas import ConsentIn


class LeadIn(StrictSchema):
    email: EmailStr
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    job_title: str = Field("", max_length=200)
    phone: str = Field("", max_length=50)
    attributes: FreeObject = Field(default_factory=dict)
    consent: ConsentIn | None = None


class LeadUpsertIn(LeadIn):
    account_domain: Domain | None = None


class LeadOut(StrictSchema):
    id: int
    email: str
    first_name: str
    last_name: str
    job_title: str
    phone: str
    account_domain: str | None
    stage: str
    icp_grade: str
    persona: str
    marketing_temperature: str
    sales_temperature: str
    owner_email: str | None
    attributes: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class LeadUpsertOut(StrictSchema):
    outcome: str
    lead: LeadOut | None  # None when the person is suppressed: nothing was stored


class HandoffOut(StrictSchema):
    id: int
    state: str
    team: str | None
    owner_email: str | None
    opened_at: datetime
    accept_due_at: datetime
    first_contact_due_at: datetime
    accepted_at: datetime | None
    first_contact_at: datetime | None
    accept_breached: bool
    seconds_left_to_accept: int | None
    business_hours_left_to_accept: float | None


class WhyOut(StrictSchema):
    clause: str
    text: str
    facts: dict[str, Any] = {}


class LeadDetailOut(LeadOut):
    team: str | None
    agreement_version: int | None
    handoff: HandoffOut | None
    why: list[WhyOut]


class RejectIn(StrictSchema):
    reason: str = Field(min_length=1, max_length=50)
    note: str = Field("", max_length=5000)


class FirstContactIn(StrictSchema):
    at: Moment | None = None


class QualifyIn(StrictSchema):
    product_potential: bool
    horizon_months: int | None = Field(None, ge=0, le=240)
    meeting_at: Moment | None = None


class CloseIn(StrictSchema):
    outcome: Literal["won", "lost"]
    revenue: Money | None = None
    currency: str = Field("PLN", pattern=r"^[A-Z]{3}$")
    reason: str = Field("", max_length=200)


class ReassignIn(StrictSchema):
    to: EmailStr
