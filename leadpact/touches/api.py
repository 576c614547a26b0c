from django.http import HttpRequest
from ninja import Router

from leadpact.core.idempotency import idempotent
from leadpact.core.schemas import API_ERRORS
from leadpact.touches.inbound import inbound_touch_receive
from leadpact.touches.schemas import TouchBatchIn, TouchBatchOut, TouchResult
from leadpact.touches.services import touches_record_bulk
from leadpact.users.auth import require_scope

router = Router(tags=["touches"])


@router.post(
    "/touches",
    response={200: TouchBatchOut, **API_ERRORS},
    operation_id="touches_record",
    summary="Record touches (1–1000), idempotently",
)
@idempotent
def touches_record(request: HttpRequest, payload: TouchBatchIn) -> tuple[int, dict]:
    """Store each touch once per `(source, external_id)`; unknown leads and accounts are created.

    The whole batch is refused with 422 if any item is invalid, listing each error by item
    index and field path; nothing is stored then.
    """
    require_scope(request, "touches:write")
    outcomes = touches_record_bulk(items=payload.touches)
    results = [TouchResult(**o.__dict__) for o in outcomes]
    body = TouchBatchOut(
        created=sum(r.outcome == "created" for r in results),
        duplicates=sum(r.outcome == "duplicate" for r in results),
        suppressed=sum(r.outcome == "suppressed" for r in results),
        results=results,
    )
    return 200, body.model_dump(mode="json")


@router.post(
    "/inbound/{source}",
    auth=None,
    response={200: TouchResult, **API_ERRORS},
    operation_id="inbound_touch_receive",
    summary="Receive a signed form submission",
)
def inbound_receive(request: HttpRequest, source: str) -> TouchResult:
    """Authenticated by `X-Leadpact-Signature: sha256=HEX`, the HMAC-SHA256 of
    `"{X-Leadpact-Timestamp}.{body}"` with the source's secret; older than 5 minutes → 401."""
    outcome = inbound_touch_receive(
        source_slug=source,
        body=request.body,
        content_type=request.content_type or "",
        timestamp=request.headers.get("X-Leadpact-Timestamp", ""),
        signature=request.headers.get("X-Leadpact-Signature", ""),
    )
    return TouchResult(**outcome.__dict__)
