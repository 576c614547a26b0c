"""The query of a GET the API answers, and the page of a list by the `limit` and `offset` a
client asks for."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import ValidationInfo, model_validator

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


class QueryParams(Schema):
    """A GET's query parameters. A name the endpoint does not take is refused with 422, not
    ignored: a mistyped filter (`?stag=mql`) or a guessed one (`?page=2`) would otherwise
    answer as if it had not been given — every lead, page one."""

    @model_validator(mode="before")
    @classmethod
    def _known_names_only(cls, data: Any, info: ValidationInfo) -> Any:
        request = (info.context or {}).get("request")
        if request is None:
            return data
        known = sorted(field.alias or name for name, field in cls.model_fields.items())
        unknown = sorted(set(request.GET) - set(known))
        if unknown:
            message = f"is not a parameter of this request; it takes {', '.join(known)}"
            # Not a pydantic error: this one names the query parameter, not a model field.
            raise ValidationError(
                [{"loc": ("query", name), "msg": message, "type": "unknown"} for name in unknown]
            )
        return data


def no_query(view: Callable[..., Any]) -> Callable[..., Any]:
    """An operation that takes no query parameters refuses any given, as `QueryParams` does."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.GET:
            message = "is not a parameter of this request; it takes none"
            errors = [
                {"loc": ("query", name), "msg": message, "type": "unknown"}
                for name in sorted(request.GET)
            ]
            raise ValidationError(errors)
        return view(request, *args, **kwargs)

    return wrapper


class PageQuery(QueryParams):
    limit: int = 50
    offset: int = 0
