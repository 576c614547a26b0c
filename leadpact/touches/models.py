from django.db import models
from django.utils.translation import gettext_lazy as _


class Touch(models.Model):
    """One marketing interaction. `(source, external_id)` makes every delivery idempotent."""

    # Both foreign keys are indexed by the composite indexes below, which start with them: an
    # index of the key alone would only cost every insert another B-tree write.
    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.CASCADE, related_name="touches", db_index=False
    )
    # Copied from the lead at recording time so that an account's touches in a period are one
    # index range scan, without joining leads.
    account = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="touches",
        db_index=False,
    )
    type = models.CharField(max_length=50)
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=100)
    external_id = models.CharField(max_length=200)
    campaign = models.CharField(max_length=200, blank=True)
    asset = models.CharField(max_length=200, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="touch_source_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["lead", "occurred_at"], name="touch_lead_time_idx"),
            # Covering: the report's coverage pass (an account's touches in a period, with
            # their campaign, type and lead) is an index-only scan, never a heap read per touch.
            models.Index(
                fields=["account", "occurred_at"],
                include=["lead", "campaign", "type"],
                name="touch_account_cover_idx",
            ),
            models.Index(fields=["type", "occurred_at"], name="touch_type_time_idx"),
        ]
        verbose_name_plural = "touches"

    def __str__(self) -> str:
        return f"{self.type} @ {self.occurred_at:%Y-%m-%d}"


class InboundSource(models.Model):
    """A form tool allowed to post to `/api/v1/inbound/{slug}`, with its secret and field map.

    `field_map` maps leadpact's touch fields (dotted: `lead.email`, `account.domain`, `campaign`,
    `answers.horizon` …) to the names of the form's own fields.
    """

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=200, help_text=_("Shared HMAC-SHA256 secret"))
    touch_type = models.CharField(max_length=50, help_text=_("Touch type recorded for each post"))
    field_map = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug
