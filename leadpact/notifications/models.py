import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadpact.notifications.ssrf import UnsafeURL, url_check


class Notification(models.Model):
    """An outbox row: what must be told to whom. Written in the same transaction as the change
    that causes it; delivered after commit by the worker, so it is never lost nor premature.

    `status` sums up its deliveries: pending while any is still due, then sent or failed.
    """

    class Kind(models.TextChoices):
        LEAD_ASSIGNED = "lead_assigned", _("A new lead for you")
        LEAD_QUEUED = "lead_queued", _("A lead waits in the team queue")
        SLA_REMINDER = "sla_reminder", _("SLA reminder")
        SLA_BREACH = "sla_breach", _("SLA breached")
        SLA_ESCALATION = "sla_escalation", _("SLA escalation")
        LEAD_REASSIGNED = "lead_reassigned", _("Lead reassigned")
        INFORMATION_ANSWERED = "information_answered", _("Information request answered")
        AGREEMENT_TO_SIGN = "agreement_to_sign", _("An agreement waits for your signature")
        AGREEMENT_ACTIVATED = "agreement_activated", _("Agreement activated")
        REPORT_READY = "report_ready", _("Report ready")
        WEBHOOK_DISABLED = "webhook_disabled", _("A webhook endpoint was disabled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=40, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # indexed by `notification_inbox_idx`, which starts with it
    )
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class WebhookEndpoint(models.Model):
    """A URL that receives signed notifications (Standard Webhooks), all kinds or a chosen few.

    `previous_secret` keeps signing beside the new one until `previous_secret_until`, so a
    receiver can switch secrets without losing a message.
    """

    class Format(models.TextChoices):
        STANDARD = "standard", _("Standard Webhooks JSON")
        SLACK = "slack", _("Slack-compatible text")

    name = models.CharField(max_length=100, blank=True)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    kinds = models.JSONField(default=list, blank=True, help_text=_("Empty: every kind."))
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.STANDARD)
    language = models.CharField(max_length=8, default="pl")
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.url

    def clean(self) -> None:
        try:
            url_check(self.url)
        except UnsafeURL as refused:
            raise ValidationError({"url": str(refused)}) from None
        unknown = sorted(set(self.kinds or []) - set(Notification.Kind.values))
        if unknown:
            raise ValidationError({"kinds": f"Unknown kinds: {', '.join(unknown)}."})

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class Delivery(models.Model):
    """One notification on one channel (for a webhook: to one endpoint), with its attempts.

    A worker claims a due row by moving it to `sending` with a lease (`claimed_by`,
    `claimed_until`), sends outside any transaction, then records the outcome. A worker that
    dies mid-send leaves the lease to expire and the row is sent again: at least once, with
    the same `uid` (the `webhook-id`) so that receivers can drop the duplicate.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["status", "claimed_until"], name="delivery_lease_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel="webhook", endpoint__isnull=False)
                | (~models.Q(channel="webhook") & models.Q(endpoint__isnull=True)),
                name="delivery_endpoint_iff_webhook",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.uid.hex}"


class ChannelPreference(models.Model):
    """A user's choice for one kind on one channel; without a row the role's default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preferences"
    )
    kind = models.CharField(max_length=40, choices=Notification.Kind.choices)
    channel = models.CharField(
        max_length=10, choices=[(c.value, c.label) for c in (Channel.IN_APP, Channel.EMAIL)]
    )
    enabled = models.BooleanField()

    class Meta:
        ordering = ["user", "kind", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="channel_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}/{self.channel}: {'on' if self.enabled else 'off'}"
