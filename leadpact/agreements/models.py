from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadpact.core.exceptions import Conflict

# Fields that make up what was signed; once a version leaves `draft` they never change.
SIGNED_FIELDS = ("number", "source_text", "source_format", "document")


class AgreementVersion(models.Model):
    """One version of the marketing–sales agreement (there is one agreement, many versions).

    `draft` → `signed` (every required signer signed) → `active` (one at a time, from
    `effective_from`) → `superseded`. `document` is the parsed agreement as JSON; `source_text`
    is the file exactly as proposed. Both are frozen once the version is no longer a draft:
    editing an agreement means proposing a new version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        SUPERSEDED = "superseded", _("Superseded")

    class Format(models.TextChoices):
        YAML = "yaml", "YAML"
        JSON = "json", "JSON"

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source_text = models.TextField()
    source_format = models.CharField(max_length=8, choices=Format.choices, default=Format.YAML)
    document = models.JSONField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    effective_from = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="agreement_one_active_version",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values("status", *SIGNED_FIELDS).first()
            if stored is not None and stored["status"] != self.Status.DRAFT:
                changed = [name for name in SIGNED_FIELDS if stored[name] != getattr(self, name)]
                if changed:
                    raise Conflict(
                        f"Agreement version {stored['number']} is {stored['status']} and cannot "
                        f"change ({', '.join(changed)}); propose a new version instead."
                    )
        super().save(*args, **kwargs)


class AgreementSignature(models.Model):
    """One signer's signature on one version, in the role the version names them in."""

    class Role(models.TextChoices):
        MARKETING_OWNER = "marketing_owner", _("Marketing owner")
        SALES_OWNER = "sales_owner", _("Sales owner")
        SIGNATORY = "signatory", _("Signatory")

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreement_signatures"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "signer"], name="agreement_signature_once_per_signer"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version.number} signed by {self.signer} ({self.role})"
