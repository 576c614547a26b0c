"""Writing the audit log. Call `audit_record` inside the transaction of the action it records,
so an action and its entry commit or roll back together."""

from typing import Any

from django.contrib.auth.models import AnonymousUser

from leadpact.audit.context import current_ip, request_ip
from leadpact.audit.models import AuditEntry
from leadpact.users.models import User

Action = AuditEntry.Action


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target_type: str = "",
    target_id: str | int = "",
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `details` must hold ids and codes only — no e-mails, names or other
    personal data — because the log outlives an erasure. Without `ip`, the address of the
    request being served (if any) is recorded."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    user = actor if isinstance(actor, User) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_role=user.role if user is not None else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id != "" else "",
        ip=ip or current_ip.get(),
        details=details or {},
    )


__all__ = ["Action", "audit_record", "request_ip"]
