"""Pieces of input validation shared by the API, the importer and inbound forms."""

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _domain(value: str) -> str:
    value = value.strip().lower().removeprefix("https://").removeprefix("http://")
    value = value.removeprefix("www.").rstrip("/")
    if not DOMAIN_RE.match(value):
        raise ValueError("must be a domain name such as example.com")
    return value


def _slug(value: str) -> str:
    value = value.strip()
    if not SLUG_RE.match(value):
        raise ValueError(
            "must be lower-case letters, digits and underscores, e.g. webinar_attended"
        )
    return value


def _country(value: str) -> str:
    value = value.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError("must be a two-letter ISO country code such as PL")
    return value


Domain = Annotated[str, AfterValidator(_domain)]
Slug = Annotated[str, Field(max_length=50), AfterValidator(_slug)]
CountryCode = Annotated[str, AfterValidator(_country)]
Timestamp = AwareDatetime
Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]


class StrictSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorOut(BaseModel):
    code: str
    detail: str
    errors: list[dict[str, Any]] | None = None


API_ERRORS: dict[int, type[ErrorOut]] = {
    status: ErrorOut for status in (400, 401, 403, 404, 409, 413, 422)
}
