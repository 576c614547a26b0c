from datetime import datetime
from typing import Literal

from pydantic import Field

from leadpact.core.paging import PageQuery
from leadpact.core.schemas import StrictSchema


class FeedbackIn(StrictSchema):
    answers: dict[str, str] = Field(
        description="Answers by the agreement's question id (`feedback.questions`)."
    )
    interesting: bool = False


class InformationRequestOut(StrictSchema):
    id: int
    lead_id: int
    lead: str
    question_id: str
    question: str
    status: str
    asked_by_email: str | None
    created_at: datetime
    answer: str
    answered_by_email: str | None
    answered_at: datetime | None


class FeedbackOut(StrictSchema):
    id: int
    lead_id: int
    author_email: str | None
    answers: dict[str, str]
    interesting: bool
    agreement_version: int | None
    created_at: datetime
    information_requests: list[InformationRequestOut]


class InformationRequestFilters(PageQuery):
    status: Literal["open", "answered"] | None = None


class InformationRequestPage(StrictSchema):
    count: int
    items: list[InformationRequestOut]


class InformationRequestIn(StrictSchema):
    lead_id: int
    question: str = Field(min_length=1, max_length=5000)


class InformationAnswerIn(StrictSchema):
    answer: str = Field(min_length=1, max_length=5000)
