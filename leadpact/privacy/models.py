from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """One fact of the append-only consent ledger: the legal basis for processing a lead's
    data, a channel consent granted or withdrawn, or an objection. The lead's current state
    is the latest record of each kind (`selectors.lead_consent`)."""

    class Kind(models.TextChoices):
        LEGAL_BASIS = "legal_basis", _("Legal basis")
        EMAIL = "email", _("E-mail marketing")
        PHONE = "phone", _("Phone marketing")
        OBJECTION = "objection", _("Objection to processing")

    class Value(models.TextChoices):
        GRANTED = "granted", _("Granted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CONSENT = "consent", _("Consent")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
        OBJECTED = "objected", _("Objected")

    class Source(models.TextChoices):
        API = "api", _("API")
        IMPORT = "import", _("Import")
        FORM = "form", _("Inbound form")
        ADMIN = "admin", _("Administrator")
        WEB = "web", _("Web app")

    lead = models.ForeignKey(
        "leads.Lead",
        on_delete=models.CASCADE,
        related_name="consents",
        db_index=False,  # indexed by `consent_lead_kind_at_idx`, which starts with it
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=30, choices=Value.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    wording = models.TextField(blank=True, help_text=_("The text the person agreed to"))
    form_id = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["lead", "kind", "at"], name="consent_lead_kind_at_idx")]

    def __str__(self) -> str:
        return f"lead {self.lead_id}: {self.kind} {self.value} @ {self.at:%Y-%m-%d %H:%M}"


class Suppression(models.Model):
    """A person who must not be processed again: a keyed hash of the normalised e-mail, never
    the e-mail itself, so the list can outlive an erasure without holding personal data."""

    class Reason(models.TextChoices):
        OBJECTION = "objection", _("Objection")
        ERASURE = "erasure", _("Erasure")
        RETENTION = "retention", _("Retention period ended")

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email_hash[:12]}… ({self.reason})"


class Erasure(models.Model):
    """That a lead's personal data was erased, when, why and by whom. Holds ids only; the
    lead row stays (anonymised) so that every past report keeps its numbers."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("The person's request")
        RETENTION = "retention", _("Retention period ended")

    lead = models.OneToOneField("leads.Lead", on_delete=models.CASCADE, related_name="erasure")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"lead {self.lead_id} erased @ {self.at:%Y-%m-%d}"
