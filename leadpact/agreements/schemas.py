from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from leadpact.core.schemas import StrictSchema, Timestamp

# An agreement is a few hundred lines; this bound only keeps a mistaken upload out.
MAX_AGREEMENT_CHARS = 1_000_000


class SignatureOut(BaseModel):
    signer_email: str
    signer_name: str
    role: str
    signed_at: datetime


class VersionSummaryOut(BaseModel):
    number: int
    status: str
    title: str
    proposed_at: datetime
    proposed_by_email: str | None
    signed_at: datetime | None
    effective_from: datetime | None
    superseded_at: datetime | None
    signatures: list[SignatureOut]
    waiting_for: list[str] = Field(description="Required signers who have not signed yet.")


class ClauseOut(BaseModel):
    id: str
    section: str
    heading: str
    text: str


class VersionOut(VersionSummaryOut):
    source_format: str
    document: dict[str, Any]
    clauses: list[ClauseOut]


class VersionProposeIn(StrictSchema):
    text: str = Field(min_length=1, max_length=MAX_AGREEMENT_CHARS)
    format: Literal["yaml", "json"] = "yaml"


class VersionProposedOut(BaseModel):
    number: int
    status: str


class VersionActivateIn(StrictSchema):
    effective_from: Timestamp | None = Field(
        default=None, description="When the version takes effect; omit to activate now."
    )
