from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadpact.core.exceptions import ApplicationError


class AuditEntryReadOnly(ApplicationError):
    def __init__(self) -> None:
        super().__init__(
            "The audit log is append-only: entries cannot be changed or deleted.",
            status=409,
            code="audit_read_only",
        )


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditEntryReadOnly()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEntryReadOnly()


class AuditEntry(models.Model):
    """One security-relevant action: who (a user id and their role), what, on which object,
    when and from where. Append-only; it holds ids, never e-mails or names, so erasing a
    person's data never has to touch it."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_OUT = "sign_out", _("Signed out")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        PRIVACY_EXPORT = "privacy_export", _("Personal data exported")
        PRIVACY_ERASE = "privacy_erase", _("Personal data erased")
        PRIVACY_OBJECTION = "privacy_objection", _("Objection to marketing recorded")
        LEAD_REASSIGNED = "lead_reassigned", _("Lead reassigned")
        AGREEMENT_PROPOSED = "agreement_proposed", _("Agreement version proposed")
        AGREEMENT_SIGNED = "agreement_signed", _("Agreement version signed")
        AGREEMENT_ACTIVATED = "agreement_activated", _("Agreement version activated")
        ROLE_CHANGED = "role_changed", _("Role changed")
        USER_CREATED = "user_created", _("User created")
        USER_DEACTIVATED = "user_deactivated", _("User deactivated")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: a user with audit entries is deactivated, never deleted, so "who" stays answerable.
    actor = models.ForeignKey(
        "users.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    target_type = models.CharField(max_length=50, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEntryReadOnly()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEntryReadOnly()
