from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leadpact.core.models import TimestampedModel
from leadpact.core.schemas import MONEY_DIGITS, domain_normalize


class Account(TimestampedModel):
    """A company. `domain` is its identity for upserts; `attributes` holds custom fields."""

    domain = models.CharField(max_length=253, unique=True)
    name = models.CharField(max_length=300, blank=True)
    industry = models.CharField(max_length=100, blank=True, db_index=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    annual_revenue = models.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=2, null=True, blank=True
    )
    is_target = models.BooleanField(default=False, db_index=True)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["domain"]

    def clean(self) -> None:
        # Before the unique check, so that the admin finds `WWW.Stalex.PL` taken by `stalex.pl`.
        try:
            self.domain = domain_normalize(self.domain)
        except ValueError:
            raise ValidationError(
                {"domain": _("Enter a domain name such as example.com.")}
            ) from None

    def __str__(self) -> str:
        return self.name or self.domain
