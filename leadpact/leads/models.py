from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadpact.core.models import TimestampedModel


class Lead(TimestampedModel):
    """A person at an account and where they stand in the journey the agreement describes.

    `email` is stored lower-case (`lead_upsert` normalises it), so the plain unique index is
    also the case-insensitive identity.
    """

    class Stage(models.TextChoices):
        INQUIRY = "inquiry", _("Inquiry")
        MQL = "mql", _("MQL")
        SAL = "sal", _("Accepted by sales")
        SQL = "sql", _("Qualified by sales")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        NURTURE = "nurture", _("Nurture")
        DISQUALIFIED = "disqualified", _("Disqualified")

    email = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.INQUIRY, db_index=True
    )
    icp_grade = models.CharField(max_length=1, blank=True)
    persona = models.CharField(max_length=50, blank=True)
    marketing_temperature = models.CharField(max_length=30, blank=True)
    sales_temperature = models.CharField(max_length=30, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_leads",
    )
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["updated_at"], name="lead_updated_idx")]

    def __str__(self) -> str:
        full_name = f"{self.first_name} {self.last_name}".strip()
        return f"{full_name} <{self.email}>" if full_name else self.email


class LeadEvent(models.Model):
    """One entry of a lead's append-only timeline, citing the agreement clauses behind it."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        TOUCH = "touch", _("Touch recorded")
        STAGE = "stage", _("Stage changed")
        ASSESSMENT = "assessment", _("Assessment changed")
        ASSIGNMENT = "assignment", _("Assigned")
        SLA = "sla", _("SLA event")
        FEEDBACK = "feedback", _("Feedback")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)
    clause_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["lead", "at"], name="leadevent_lead_at_idx")]

    def __str__(self) -> str:
        return f"{self.lead_id} {self.kind} @ {self.at:%Y-%m-%d %H:%M}"
