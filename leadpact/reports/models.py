from django.db import models
from django.utils import timezone


class ReportDelivery(models.Model):
    """A period's report as it was sent to the agreement's recipients: once per period.

    The unique period is the guard: a second worker, or the same one after a restart, fails to
    insert the row and sends nothing. The figures and the workbook are kept as delivered, so
    the e-mail channel attaches exactly what the summary describes (`xlsx`, see docs/report.md).
    """

    period = models.CharField(max_length=10)
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    report = models.JSONField(default=dict)
    xlsx = models.BinaryField()
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "report deliveries"
        constraints = [
            models.UniqueConstraint(fields=["period"], name="report_delivery_once_per_period")
        ]

    def __str__(self) -> str:
        return f"report {self.period}"

    @property
    def filename(self) -> str:
        return f"leadpact-report-{self.period}.xlsx"
