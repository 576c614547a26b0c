from typing import Literal, Self

from pydantic import EmailStr, Field, model_validator

from leadpact.core.schemas import StrictSchema


class ConsentIn(StrictSchema):
    """Consent facts that arrive with a lead: `true` grants a channel, `false` withdraws it."""

    email: bool | None = None
    phone: bool | None = None
    legal_basis: Literal["consent", "legitimate_interest"] | None = None
    wording: str = Field("", max_length=2000)
    form_id: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        if self.email is None and self.phone is None and self.legal_basis is None:
            raise ValueError("give at least one of email, phone or legal_basis")
        return self


class PersonIn(StrictSchema):
    email: EmailStr


class ErasureOut(StrictSchema):
    lead_ids: list[int]
    suppressed: bool


class ObjectionOut(StrictSchema):
    lead_id: int | None  # None: no lead held, the person is suppressed all the same
    suppressed: bool
