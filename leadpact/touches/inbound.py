"""Inbound form posts: verify the signature, map the form's fields, record one touch."""

import hashlib
import hmac
import json
import re
import time
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.utils import timezone
from pydantic import ValidationError

from leadpact.core.exceptions import ApplicationError, NotFound
from leadpact.core.schemas import UNSTORABLE, unstorable
from leadpact.touches.models import InboundSource
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import TouchOutcome, touch_record


def inbound_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _unauthorized(message: str) -> ApplicationError:
    return ApplicationError(message, status=401, code="unauthorized")


def inbound_verify(*, source: InboundSource, body: bytes, timestamp: str, signature: str) -> None:
    if not timestamp or not signature:
        raise _unauthorized("Missing X-Leadpact-Timestamp or X-Leadpact-Signature header.")
    # Whole seconds of today's size only: a 400-digit number overflowed the comparison.
    if not re.fullmatch(r"[0-9]{1,12}", timestamp):
        raise _unauthorized("X-Leadpact-Timestamp must be Unix seconds.")
    if abs(time.time() - int(timestamp)) > settings.INBOUND_MAX_SKEW_SECONDS:
        raise _unauthorized("The request is too old or from the future; sign it again.")
    expected = inbound_signature(secret=source.secret, timestamp=timestamp, body=body)
    # Bytes: `compare_digest` refuses a string with non-ASCII characters instead of answering.
    given = signature.strip().encode(errors="replace")
    if not hmac.compare_digest(expected.encode(), given):
        raise _unauthorized("The signature does not match this source's secret.")


def _form_fields(body: bytes, content_type: str) -> dict[str, Any]:
    if content_type == "application/json":
        try:
            parsed = json.loads(body or b"{}")
        except (ValueError, RecursionError):  # RecursionError: nested past what a reader follows
            raise ApplicationError("The body is not valid JSON.", status=422) from None
        if not isinstance(parsed, dict):
            raise ApplicationError("The body must be a JSON object.", status=422)
        return parsed
    try:  # strict: a byte that is not UTF-8, raw or %-escaped, is refused, never replaced
        return dict(parse_qsl(body.decode(), keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError:
        raise ApplicationError("The body is not UTF-8 text.", status=422) from None


def inbound_touch_map(
    *, source: InboundSource, fields: dict[str, Any], body: bytes
) -> dict[str, Any]:
    """Build a touch from form fields with the source's field map (`touch path → form field`).

    Without a mapped `external_id`, the body's digest stands in, so a replayed post is a
    duplicate and changes nothing.
    """
    touch: dict[str, Any] = {
        "source": source.slug,
        "type": source.touch_type,
        "external_id": hashlib.sha256(body).hexdigest(),
        "occurred_at": timezone.now().isoformat(),
        "lead": {},
    }
    for path, form_field in source.field_map.items():
        if form_field not in fields or fields[form_field] in ("", None):
            continue
        target = touch
        *parents, leaf = path.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = fields[form_field]
    return touch


def inbound_touch_receive(
    *, source_slug: str, body: bytes, content_type: str, timestamp: str, signature: str
) -> TouchOutcome:
    source = InboundSource.objects.filter(slug=source_slug, is_active=True).first()
    if source is None:
        raise NotFound(f"No active inbound source {source_slug!r}.")
    inbound_verify(source=source, body=body, timestamp=timestamp, signature=signature)
    fields = _form_fields(body, content_type)
    if found := unstorable(fields):
        raise ApplicationError(
            "The form submission is invalid; nothing was stored.",
            status=422,
            code="invalid",
            extra=[
                {"field": ".".join(map(str, place)), "message": UNSTORABLE[code]}
                for place, code in found
            ],
        )
    touch = inbound_touch_map(source=source, fields=fields, body=body)
    try:
        data = TouchIn.model_validate(touch)
    except ValidationError as exc:
        reverse = {path: field for path, field in source.field_map.items()}
        errors = []
        for error in exc.errors():
            path = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            errors.append({"field": reverse.get(path, path), "message": message})
        raise ApplicationError(
            "The form submission is invalid; nothing was stored.",
            status=422,
            code="invalid",
            extra=errors,
        ) from None
    return touch_record(data=data, consent_source="form")
