"""The audit log, read-only, for administrators' tokens."""

from django.http import HttpRequest
from ninja import Query, Router

from leadpact.audit.schemas import AuditEntryOut, AuditFilters, AuditPageOut
from leadpact.audit.selectors import AuditFilter, audit_entry_list
from leadpact.core.exceptions import ApplicationError, Forbidden
from leadpact.core.paging import page_of
from leadpact.core.schemas import API_ERRORS, INVALID_DETAIL
from leadpact.users.models import User

router = Router()


@router.get(
    "/audit",
    response={200: AuditPageOut, **API_ERRORS},
    operation_id="audit_entry_list",
    tags=["audit"],
)
def audit_list_api(request: HttpRequest, filters: Query[AuditFilters]) -> AuditPageOut:
    """Security-relevant actions, newest first. Only an administrator's token reads them."""
    user: User = request.user  # type: ignore[assignment]
    if user.role != User.Role.ADMIN:
        raise Forbidden("Only an administrator reads the audit log.")
    if filters.since and filters.until and filters.since > filters.until:
        raise ApplicationError(
            INVALID_DETAIL,
            status=422,
            code="invalid",
            extra=[{"field": "until", "message": "must not be before since"}],
        )
    entries = audit_entry_list(
        filters=AuditFilter(
            action=filters.action or "",
            actor_id=filters.actor_id,
            since=filters.since,
            until=filters.until,
            target_type=filters.target_type,
            target_id=filters.target_id,
        )
    )
    page = page_of(entries, limit=filters.limit, offset=filters.offset)
    return AuditPageOut(
        count=entries.count(),
        items=[
            AuditEntryOut(
                id=entry.pk,
                at=entry.at,
                action=entry.action,
                actor_id=entry.actor_id,
                actor_role=entry.actor_role,
                target_type=entry.target_type,
                target_id=entry.target_id,
                ip=entry.ip,
                details=entry.details,
            )
            for entry in page
        ],
    )
