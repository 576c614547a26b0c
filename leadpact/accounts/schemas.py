from decimal import Decimal
from typing import Any

from pydantic import Field

from leadpact.core.schemas import CountryCode, Domain, FreeObject, Money, StrictSchema


class AccountIn(StrictSchema):
    domain: Domain
    name: str = Field("", max_length=300)
    industry: str = Field("", max_length=100)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    country: CountryCode = ""
    annual_revenue: Money | None = None
    is_target: bool | None = None
    attributes: FreeObject = Field(default_factory=dict)


class AccountOut(StrictSchema):
    id: int
    domain: str
    name: str
    industry: str
    employees: int | None
    country: str
    annual_revenue: Decimal | None  # exactly as stored: a string in JSON
    is_target: bool
    attributes: dict[str, Any]


class AccountUpsertOut(StrictSchema):
    outcome: str
    account: AccountOut
