from typing import Literal

from pydantic import Field

from leadpact.accounts.schemas import AccountIn
from leadpact.core.schemas import FreeObject, Slug, StrictSchema, Timestamp
from leadpact.leads.schemas import LeadIn

MAX_BATCH = 1000


class TouchIn(StrictSchema):
    external_id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=100)
    type: Slug
    occurred_at: Timestamp
    lead: LeadIn
    account: AccountIn | None = None
    campaign: str = Field("", max_length=200)
    asset: str = Field("", max_length=200)
    answers: FreeObject = Field(default_factory=dict)


class TouchBatchIn(StrictSchema):
    touches: list[TouchIn] = Field(min_length=1, max_length=MAX_BATCH)


class TouchResult(StrictSchema):
    index: int
    outcome: Literal["created", "duplicate", "suppressed"]
    # None for a suppressed person (objected or erased): nothing was stored.
    lead_id: int | None
    touch_id: int | None


class TouchBatchOut(StrictSchema):
    created: int
    duplicates: int
    suppressed: int = 0
    results: list[TouchResult]
