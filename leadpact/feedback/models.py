from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """What sales learned in one conversation, in the agreement's questions (article part 5).

    `answers` maps the agreement's question ids to the answers given; `agreement_version` is
    the version whose questions were asked.
    """

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict, blank=True)
    interesting = models.BooleanField(
        default=False, help_text=_("The contact turned out one of the most interesting")
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"feedback on lead {self.lead_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class InformationRequest(models.Model):
    """An item on marketing's to-do list: information sales asked for in its feedback."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.CASCADE, related_name="information_requests"
    )
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.CASCADE, related_name="requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The agreement question it answers (clause `feedback.questions.<id>`).
    question_id = models.CharField(max_length=50, blank=True)
    question = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="inforeq_status_idx")]

    def __str__(self) -> str:
        return f"information request {self.pk} on lead {self.lead_id} ({self.status})"
