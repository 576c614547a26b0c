"""Operations that take no body still refuse one they cannot read.

A client sending `{bad` to `accept` was answered 200, while every operation with a body
answers 400 to the same bytes: a client's bug went unnoticed. An empty body, `{}` and `null`
are all "nothing".
"""

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from leadpact.core.exceptions import ApplicationError
from leadpact.core.schemas import INVALID_DETAIL


def bodiless(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.body.strip():
            try:
                given = json.loads(request.body)
            except (ValueError, RecursionError):
                raise ApplicationError(
                    "Cannot parse request body", status=400, code="bad_request"
                ) from None
            if given not in ({}, None):
                fields = list(given) if isinstance(given, dict) else [""]
                raise ApplicationError(
                    INVALID_DETAIL,
                    status=422,
                    code="invalid",
                    extra=[
                        {"field": field, "message": "this operation takes no body"}
                        for field in fields
                    ],
                )
        return view(request, *args, **kwargs)

    return wrapper
