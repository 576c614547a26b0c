"""`Idempotency-Key` for POSTs: the same key and body get the first answer again.

The key row is claimed before the work starts, so two racing requests with one key cannot
both run; the loser is told to retry (409) rather than silently doing the work twice.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Status
from pydantic import BaseModel

from leadpact.core.exceptions import ApplicationError, Conflict
from leadpact.core.models import IdempotencyKey

HEADER = "Idempotency-Key"


def _response(status: int, body: bytes) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Idempotent-Replayed"] = "true"
    return response


def _status_and_body(answer: Any) -> tuple[int, Any]:
    """A view's answer — `(status, body)`, ninja's `Status` or a bare body (200) — as a status
    and a JSON-able body."""
    if isinstance(answer, Status):
        status, body = answer.status_code, answer.value
    elif isinstance(answer, tuple):
        status, body = answer
    else:
        status, body = 200, answer
    return status, body.model_dump(mode="json") if isinstance(body, BaseModel) else body


def _json_response(status: int, body: Any) -> HttpResponse:
    if status == 204:
        return HttpResponse(status=204)
    return JsonResponse(body, status=status, safe=False)


def idempotent(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Wrap a POST view so that it honours the header."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if not key:
            return _json_response(*_status_and_body(view(request, *args, **kwargs)))
        if len(key) > 255:
            raise ApplicationError(f"{HEADER} must be at most 255 characters.", status=422)
        scope = f"token:{getattr(request.auth, 'pk', 'anon')}"  # type: ignore[attr-defined]
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    scope=scope, key=key, request_hash=digest, path=request.path
                )
        except IntegrityError:
            earlier = IdempotencyKey.objects.filter(scope=scope, key=key).first()
            if earlier is None:  # the first request failed and released its key meanwhile
                raise Conflict(f"A request with this {HEADER} has just failed; retry it.") from None
            if earlier.request_hash != digest:
                raise ApplicationError(
                    f"This {HEADER} was already used with a different request body; "
                    "use a new key for a new request.",
                    status=422,
                    code="idempotency_key_reused",
                ) from None
            if earlier.status_code is None:
                raise Conflict(
                    f"A request with this {HEADER} is still being processed; retry shortly."
                ) from None
            return _response(earlier.status_code, bytes(earlier.response_body or b""))
        try:
            status, body = _status_and_body(view(request, *args, **kwargs))
        except BaseException:
            record.delete()
            raise
        payload = b"" if status == 204 else json.dumps(body, default=str).encode()
        IdempotencyKey.objects.filter(pk=record.pk).update(
            status_code=status, response_body=payload
        )
        return HttpResponse(payload, status=status, content_type="application/json")

    return wrapper
