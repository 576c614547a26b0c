from datetime import datetime
from typing import Any

from ninja import Field, Schema

from leadpact.audit.models import AuditEntry
from leadpact.core.paging import PageQuery
from leadpact.core.schemas import Day


class AuditFilters(PageQuery):
    action: AuditEntry.Action | None = None
    # A user's id: a positive 64-bit integer (SQLite cannot even compare a larger one).
    actor_id: int | None = Field(None, ge=1, le=2**63 - 1)
    since: Day | None = Field(None, description="First day included (YYYY-MM-DD)")
    until: Day | None = Field(None, description="Last day included (YYYY-MM-DD)")
    target_type: str = ""
    target_id: str = ""


class AuditEntryOut(Schema):
    id: int
    at: datetime
    action: str
    actor_id: int | None
    actor_role: str = Field(description="The actor's role when they acted; empty: the system")
    target_type: str
    target_id: str
    ip: str | None
    details: dict[str, Any]


class AuditPageOut(Schema):
    count: int = Field(description="Entries matching the filters")
    items: list[AuditEntryOut]
