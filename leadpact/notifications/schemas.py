from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from leadpact.core.paging import PageQuery
from leadpact.core.schemas import StrictSchema
from leadpact.notifications.models import Notification


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    lead_id: int | None
    payload: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class InboxOut(Schema):
    unread: int = Field(description="Unread notifications in the whole inbox")
    count: int = Field(description="Notifications matching the filter")
    items: list[NotificationOut]


class InboxFilters(PageQuery):
    unread: bool = False


class MarkedOut(Schema):
    marked: int
    unread: int


class WebhookEndpointIn(StrictSchema):
    url: str = Field(max_length=500)
    kinds: list[Notification.Kind] = Field(default_factory=list, description="Empty: every kind")
    format: Literal["standard", "slack"] = "standard"
    language: Literal["pl", "en"] = "pl"
    name: str = Field(default="", max_length=100)


class WebhookEndpointPatch(StrictSchema):
    url: str | None = Field(default=None, max_length=500)
    kinds: list[Notification.Kind] | None = None
    format: Literal["standard", "slack"] | None = None
    language: Literal["pl", "en"] | None = None
    name: str | None = Field(default=None, max_length=100)
    is_active: bool | None = None


class WebhookEndpointOut(Schema):
    id: int
    name: str
    url: str
    kinds: list[str]
    format: str
    language: str
    is_active: bool
    disabled_reason: str
    created_at: datetime


class WebhookEndpointSecretOut(WebhookEndpointOut):
    secret: str = Field(description="The signing secret (whsec_…); shown only now")
    previous_secret_until: datetime | None = None
