"""What a report is computed under: its period and the agreement versions in force during it.

The period's bounds are local midnights in the time zone of the version in force at the end
of the period. Figures that depend on a rule take it from the version that applied: an MQL's
ICP split from the version that made it an MQL, a handoff's business hours from the version that
set its deadlines; goals, reasons and levels from the version in force at the end (`governing`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import version_agreement
from leadpact.core.exceptions import Conflict
from leadpact.reports.periods import Period, period_parse

_IN_FORCE_STATUSES = (
    AgreementVersion.Status.ACTIVE,
    AgreementVersion.Status.SUPERSEDED,
    AgreementVersion.Status.SIGNED,
)


@dataclass(frozen=True)
class ReportContext:
    period: Period
    # Versions in force at some moment of the period, oldest first; may be empty for a period
    # before the first agreement (the governing version then is the first one ever in force).
    versions: tuple[AgreementVersion, ...]
    agreements: dict[int, Agreement]
    governing_version: AgreementVersion
    now: datetime

    @property
    def governing(self) -> Agreement:
        return self.agreements[self.governing_version.pk]

    @property
    def version_numbers(self) -> list[int]:
        return [version.number for version in self.versions]

    @property
    def as_of(self) -> datetime:
        """The end of the period, or now for a period still running."""
        return min(self.period.end, self.now)


def _versions_between(start: datetime, end: datetime, now: datetime) -> list[AgreementVersion]:
    return list(
        AgreementVersion.objects.filter(
            status__in=_IN_FORCE_STATUSES,
            effective_from__isnull=False,
            effective_from__lt=end,
            effective_from__lte=now,
        )
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=start))
        .order_by("effective_from", "number")
    )


def _first_version() -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(status__in=_IN_FORCE_STATUSES, effective_from__isnull=False)
        .order_by("effective_from", "number")
        .first()
    )


def report_context(*, period: str, now: datetime | None = None) -> ReportContext:
    """The period (validated before any query) and the versions the report is computed under."""
    now = now or timezone.now()
    guess = period_parse(text=period, time_zone=settings.TIME_ZONE)
    versions = _versions_between(
        guess.start - timedelta(days=1), guess.end + timedelta(days=1), now
    )
    fallback = versions[-1] if versions else _first_version()
    if fallback is None:
        raise Conflict("No agreement has been in force yet; activate one to report against it.")
    time_zone = version_agreement(version=fallback).calendar.time_zone
    exact = period_parse(text=period, time_zone=time_zone)
    versions = _versions_between(exact.start, exact.end, now)
    governing = versions[-1] if versions else fallback
    agreements = {v.pk: version_agreement(version=v) for v in {*versions, governing}}
    return ReportContext(
        period=exact,
        versions=tuple(versions),
        agreements=agreements,
        governing_version=governing,
        now=now,
    )
