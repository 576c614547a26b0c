from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, field_validator

from leadpact.core.paging import PageQuery
from leadpact.core.schemas import StrictSchema
from leadpact.notifications.models import Notification
from leadpact.notifications.outbox import INTERNAL_KINDS


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


def _sent_to_webhooks(kinds: list[Notification.Kind] | None) -> list[Notification.Kind] | None:
    for kind in kinds or []:
        if kind in INTERNAL_KINDS:
            raise ValueError(f"{kind.value} is never sent to webhooks; it tells administrators")
    return kinds


WebhookKinds = Annotated[list[Notification.Kind], AfterValidator(_sent_to_webhooks)]


class WebhookEndpointIn(StrictSchema):
    url: str = Field(max_length=500)
    kinds: WebhookKinds = Field(default_factory=list, description="Empty: every kind")
    format: Literal["standard", "slack"] = "standard"
    language: Literal["pl", "en"] = "pl"
    name: str = Field(default="", max_length=100)


class WebhookEndpointPatch(StrictSchema):
    """Only the fields given change; `null` is refused rather than read as "not given"."""

    @field_validator("*", mode="before")
    @classmethod
    def _given_not_null(cls, value: Any) -> Any:
        # Runs only for the fields given: one left out keeps its value.
        if value is None:
            raise ValueError("must not be null; leave the field out to keep its value")
        return value

    url: str | None = Field(default=None, max_length=500)
    kinds: WebhookKinds | None = None
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
