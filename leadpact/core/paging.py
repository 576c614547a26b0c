"""A page of a list the API returns, by the `limit` and `offset` a client asks for."""

from typing import TypeVar

from django.db.models import Model, QuerySet

from leadpact.core.exceptions import ApplicationError

M = TypeVar("M", bound=Model)
# Past any row count, and within the 64-bit integer both databases take for OFFSET.
MAX_OFFSET = 2**62


def page_of(items: QuerySet[M], *, limit: int, offset: int, max_limit: int = 500) -> QuerySet[M]:
    """`items[offset : offset + limit]`; 422 for a limit outside 1–`max_limit` or a negative
    offset, and an empty page for an offset past any row count."""
    errors = []
    if not 1 <= limit <= max_limit:
        errors.append({"field": "limit", "message": f"must be 1–{max_limit}"})
    if offset < 0:
        errors.append({"field": "offset", "message": "must be 0 or more"})
    if errors:
        message = f"limit must be 1–{max_limit} and offset ≥ 0."
        raise ApplicationError(message, status=422, code="invalid", extra=errors)
    if offset > MAX_OFFSET:
        return items.none()
    return items[offset : offset + limit]
