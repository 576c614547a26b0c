"""What the home page adds to the queues: a rep's first contacts coming due, marketing's newest
MQLs and rejections, and the agreement versions waiting for signatures. Reads only."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import (
    SignerState,
    version_awaits_signature,
    version_signer_states,
)
from leadpact.leads.models import Handoff, Lead
from leadpact.users.models import User
from leadpact.web.selectors import LeadRow

HOME_LIMIT = 5


def first_contacts_due(rows: list[LeadRow], *, limit: int = HOME_LIMIT) -> list[LeadRow]:
    """Accepted leads still waiting for their first call, the nearest deadline first."""
    due = [
        row
        for row in rows
        if row.clock and row.clock.first_contact and not row.clock.first_contact.done
    ]
    due.sort(key=lambda row: row.clock.first_contact.deadline)  # type: ignore[union-attr]
    return due[:limit]


@dataclass(frozen=True)
class MarketingNews:
    newest_mqls: list[Handoff]
    rejected_this_month: int
    nurture_now: int


def marketing_news(*, now: datetime | None = None) -> MarketingNews:
    now = timezone.localtime(now or timezone.now())
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return MarketingNews(
        newest_mqls=list(
            Handoff.objects.select_related("lead", "lead__account", "owner", "team").order_by(
                "-opened_at", "-id"
            )[:HOME_LIMIT]
        ),
        rejected_this_month=Handoff.objects.filter(rejected_at__gte=month_start).count(),
        nurture_now=Lead.objects.filter(stage=Lead.Stage.NURTURE).count(),
    )


@dataclass(frozen=True)
class PendingVersion:
    version: AgreementVersion
    signers: list[SignerState]
    awaits_me: bool

    @property
    def missing(self) -> list[SignerState]:
        return [s for s in self.signers if s.required and s.signed_at is None]


def agreement_pending(*, user: User) -> list[PendingVersion]:
    """Draft versions waiting for signatures: every one for an admin, for anyone else those
    waiting for their own signature."""
    pending = []
    for version in AgreementVersion.objects.filter(status=AgreementVersion.Status.DRAFT).order_by(
        "-number"
    )[:HOME_LIMIT]:
        awaits_me = version_awaits_signature(version=version, user=user)
        if awaits_me or user.role == User.Role.ADMIN:
            pending.append(
                PendingVersion(
                    version=version,
                    signers=version_signer_states(version=version),
                    awaits_me=awaits_me,
                )
            )
    return pending
