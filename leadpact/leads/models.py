from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadpact.core.emails import email_normalize
from leadpact.core.models import TimestampedModel
from leadpact.core.schemas import MONEY_DIGITS


class Lead(TimestampedModel):
    """A person at an account and where they stand in the journey the agreement describes.

    `email` is stored in one spelling (`core.emails.email_normalize`: lower case, the domain in
    Unicode), so the plain unique index is also the identity whatever spelling arrives.
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
        db_index=False,  # indexed by `lead_owner_stage_idx`, which starts with it
    )
    team = models.ForeignKey(
        "users.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    attributes = models.JSONField(default=dict, blank=True)
    # What sales learned on the call (qualification), and how the lead ended.
    product_potential = models.BooleanField(null=True, blank=True)
    horizon_months = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting_at = models.DateTimeField(null=True, blank=True)
    closed_revenue = models.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=2, null=True, blank=True
    )
    closed_currency = models.CharField(max_length=3, blank=True)
    lost_reason = models.CharField(max_length=200, blank=True)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    assessed_version = models.ForeignKey(
        "agreements.AgreementVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agreement version that last judged this lead"),
    )
    why = models.JSONField(default=list, blank=True)
    # When `why` was written: the moment to judge again to re-tell it in another language
    # (a sales action moves `updated_at`, and a window may have moved on since).
    judged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["updated_at"], name="lead_updated_idx"),
            models.Index(fields=["owner", "stage"], name="lead_owner_stage_idx"),
            # The period report: leads won in a period.
            models.Index(fields=["stage", "stage_changed_at"], name="lead_stage_changed_idx"),
        ]

    def clean(self) -> None:
        # Before the unique check, so that the admin finds `Anna@X.pl` taken by `anna@x.pl`.
        self.email = email_normalize(self.email)

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

    # Indexed by `leadevent_lead_at_idx`, which starts with it.
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)
    clause_ids = models.JSONField(default=list, blank=True)
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["lead", "at"], name="leadevent_lead_at_idx"),
            # The period report reads a period's events of some kinds (docs/report.md).
            models.Index(fields=["kind", "at"], name="leadevent_kind_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.lead_id} {self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class Handoff(models.Model):
    """One passing of a lead from marketing to sales, with its deadlines on the business clock.

    Deadlines are stored, never held in memory: the SLA sweep fires what is due from these
    columns, and each `*_at` marker is set exactly once by a guarded update.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for sales")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="handoffs")
    team = models.ForeignKey("users.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handoffs",
        db_index=False,  # indexed by `handoff_owner_state_idx`, which starts with it
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(db_index=True)
    accept_due_at = models.DateTimeField()
    first_contact_due_at = models.DateTimeField()
    reminder_due = models.JSONField(default=list, blank=True)
    next_reminder = models.PositiveSmallIntegerField(default=0)
    next_reminder_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=50, blank=True)
    rejection_note = models.TextField(blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    accept_breached_at = models.DateTimeField(null=True, blank=True)
    contact_breached_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    reassign_due_at = models.DateTimeField(null=True, blank=True)
    reassigned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the lead first reached SQL while this handoff was accepted: the report's "in
    # progress, qualified" without probing each lead's timeline (docs/report.md).
    qualified_at = models.DateTimeField(null=True, blank=True)
    # Marketing's temperature of the lead when it was handed over: the report's calibration
    # ("is hot really hot?") compares it with what sales found, without searching each lead's
    # timeline for the assessment in force at the handoff.
    marketing_temperature = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["state", "accept_due_at"], name="handoff_accept_due_idx"),
            models.Index(fields=["state", "next_reminder_at"], name="handoff_reminder_due_idx"),
            models.Index(fields=["first_contact_due_at"], name="handoff_contact_due_idx"),
            models.Index(fields=["owner", "state"], name="handoff_owner_state_idx"),
            # The SLA sweep's first-contact and reassignment deadlines still to fire: only open
            # handoffs' rows, so that finding what fell due does not grow with the handoffs of
            # years past (`leadpact.sla`'s due query repeats the conditions word for word, for
            # SQLite to take the indexes). Reminders and accept deadlines are found through
            # the two indexes above, which begin with the state.
            models.Index(
                fields=["first_contact_due_at"],
                condition=models.Q(
                    state__in=["waiting", "accepted"],
                    first_contact_at__isnull=True,
                    contact_breached_at__isnull=True,
                ),
                name="handoff_contact_open_idx",
            ),
            models.Index(
                fields=["reassign_due_at"],
                condition=models.Q(state="waiting", reassigned_at__isnull=True),
                name="handoff_reassign_open_idx",
            ),
            # The daily capacity check of every handoff opened: a rep's handoffs of one day,
            # not a walk through every handoff the rep was ever given.
            models.Index(fields=["owner", "opened_at"], name="handoff_owner_opened_idx"),
            # The period report: handoffs rejected, accepted, first contacted in a period.
            models.Index(fields=["rejected_at"], name="handoff_rejected_idx"),
            models.Index(fields=["accepted_at"], name="handoff_accepted_idx"),
            models.Index(fields=["first_contact_at"], name="handoff_contacted_idx"),
        ]
        constraints = [
            # At most one open handoff per lead: the stage machine's invariant, kept by the DB.
            models.UniqueConstraint(
                fields=["lead"],
                condition=models.Q(state__in=["waiting", "accepted"]),
                name="handoff_one_open_per_lead",
            )
        ]

    def __str__(self) -> str:
        return f"handoff {self.pk} of lead {self.lead_id} ({self.state})"


class ReevaluationRun(models.Model):
    """Re-judging every open lead after an agreement version came into force, in batches.

    One row per version; `done` and `total` are the progress shown in the admin and the CLI.
    """

    agreement_version = models.OneToOneField(
        "agreements.AgreementVersion", on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    last_lead_id = models.BigIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"re-evaluation for version {self.agreement_version_id}: {self.done}/{self.total}"
