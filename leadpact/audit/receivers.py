"""Web sign-in events from Django's auth signals. A failed sign-in stores no typed e-mail, not
even hashed: the text may be a mistyped password or the address of someone who is not a user."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record, request_ip
from leadpact.users.models import User


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def record_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit_record(
        actor=user,
        action=AuditEntry.Action.SIGN_IN,
        target_type="user",
        target_id=user.pk,
        ip=request_ip(request),
    )


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def record_sign_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is None:
        return
    audit_record(
        actor=user,
        action=AuditEntry.Action.SIGN_OUT,
        target_type="user",
        target_id=user.pk,
        ip=request_ip(request),
    )


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def record_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The typed e-mail is not stored; when it names an account, that account's id is, so an
    # admin can see attempts against one user without the log holding an address.
    typed = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    target_id = (
        User.objects.filter(email=typed).values_list("pk", flat=True).first() if typed else None
    )
    audit_record(
        actor=None,
        action=AuditEntry.Action.SIGN_IN_FAILED,
        target_type="user" if target_id is not None else "",
        target_id=target_id if target_id is not None else "",
        ip=request_ip(request),
    )
