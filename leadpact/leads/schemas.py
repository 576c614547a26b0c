from datetime import datetime
from typing import Any

from pydantic import EmailStr, Field

from leadpact.core.schemas import Domain, StrictSchema


class LeadIn(StrictSchema):
    email: EmailStr
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    job_title: str = Field("", max_length=200)
    phone: str = Field("", max_length=50)
    attributes: dict[str, Any] = Field(default_factory=dict)


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
    lead: LeadOut
