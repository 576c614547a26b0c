"""A hand-built history for report tests: leads, handoffs and timeline events written directly,
in the shapes the lifecycle services write them, at chosen instants (so a test can put an MQL
at 23:30 on 31 October without driving the engine there).
"""

import itertools
from datetime import datetime
from decimal import Decimal
from typing import Any

from leadpact.accounts.models import Account
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import version_agreement
from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.leads.handoffs import handoff_deadlines
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.touches.models import Touch
from leadpact.users.models import User

_numbers = itertools.count(1)


class History:
    def __init__(self, version: AgreementVersion) -> None:
        self.version = version

    def account(self, domain: str, *, target: bool = False) -> Account:
        return Account.objects.create(domain=domain, name=domain, is_target=target, country="PL")

    def lead(
        self,
        email: str,
        *,
        grade: str = "A",
        persona: str = "manager",
        marketing: str = "warm",
        account: Account | None = None,
    ) -> Lead:
        return Lead.objects.create(
            email=email,
            icp_grade=grade,
            persona=persona,
            marketing_temperature=marketing,
            account=account,
        )

    def event(
        self,
        lead: Lead,
        kind: str,
        at: datetime,
        data: dict[str, Any],
        version: AgreementVersion | None = None,
    ) -> LeadEvent:
        return LeadEvent.objects.create(
            lead=lead, kind=kind, at=at, data=data, agreement_version=version or self.version
        )

    def stage(
        self,
        lead: Lead,
        to: str,
        at: datetime,
        version: AgreementVersion | None = None,
        **data: Any,
    ) -> None:
        self.event(lead, LeadEvent.Kind.STAGE, at, {"from": lead.stage, "to": to, **data}, version)
        lead.stage, lead.stage_changed_at = to, at
        lead.save(update_fields=["stage", "stage_changed_at"])

    def mql(
        self,
        lead: Lead,
        at: datetime,
        owner: User | None,
        *,
        marketing: str | None = None,
        version: AgreementVersion | None = None,
    ) -> Handoff:
        """Marketing's temperature is set (an assessment) and the lead is handed to `owner`."""
        version = version or self.version
        level = marketing or lead.marketing_temperature
        self.event(
            lead,
            LeadEvent.Kind.ASSESSMENT,
            at,
            {"changes": {"marketing_temperature": ["", level]}},
            version,
        )
        self.stage(lead, Lead.Stage.MQL, at, version)
        deadlines = handoff_deadlines(agreement=version_agreement(version=version), opened_at=at)
        lead.owner = owner
        lead.save(update_fields=["owner"])
        return Handoff.objects.create(
            lead=lead,
            owner=owner,
            agreement_version=version,
            opened_at=at,
            accept_due_at=deadlines.accept_due_at,
            first_contact_due_at=deadlines.first_contact_due_at,
            marketing_temperature=level,
        )

    def accept(self, handoff: Handoff, at: datetime) -> None:
        handoff.state, handoff.accepted_at = Handoff.State.ACCEPTED, at
        handoff.save()
        self.stage(handoff.lead, Lead.Stage.SAL, at)

    def reject(
        self, handoff: Handoff, at: datetime, reason: str, to: str = Lead.Stage.NURTURE
    ) -> None:
        handoff.state, handoff.rejected_at, handoff.closed_at = Handoff.State.REJECTED, at, at
        handoff.rejection_reason = reason
        handoff.save()
        self.stage(handoff.lead, to, at, reason=reason)

    def contact(self, handoff: Handoff, at: datetime) -> None:
        handoff.first_contact_at = at
        handoff.save()

    def breach(self, handoff: Handoff) -> None:
        handoff.accept_breached_at = handoff.escalated_at = handoff.accept_due_at
        handoff.save()

    def qualify(self, handoff: Handoff, at: datetime, temperature: str) -> None:
        lead = handoff.lead
        data = {"field": "sales_temperature", "from": lead.sales_temperature, "to": temperature}
        self.event(lead, LeadEvent.Kind.ASSESSMENT, at, data)
        lead.sales_temperature = temperature
        lead.save(update_fields=["sales_temperature"])
        self.stage(lead, Lead.Stage.SQL, at)
        if handoff.state == Handoff.State.ACCEPTED and handoff.qualified_at is None:
            handoff.qualified_at = at
            handoff.save(update_fields=["qualified_at"])

    def win(self, handoff: Handoff, at: datetime, revenue: str, currency: str = "PLN") -> None:
        lead = handoff.lead
        self.stage(lead, Lead.Stage.WON, at, revenue=revenue)
        lead.closed_revenue, lead.closed_currency = Decimal(revenue), currency
        lead.save(update_fields=["closed_revenue", "closed_currency"])
        handoff.state, handoff.closed_at = Handoff.State.CLOSED, at
        handoff.save()

    def feedback(
        self, lead: Lead, at: datetime, answers: dict[str, str], interesting: bool
    ) -> Feedback:
        """Feedback as `feedback_record` writes it: the entry, its timeline event, and the
        information request its `information_needed` answer opens."""
        self.event(
            lead, LeadEvent.Kind.FEEDBACK, at, {"answers": answers, "interesting": interesting}
        )
        feedback = Feedback.objects.create(
            lead=lead,
            answers=answers,
            interesting=interesting,
            created_at=at,
            agreement_version=self.version,
        )
        if answers.get("information_needed"):
            InformationRequest.objects.create(
                lead=lead,
                feedback=feedback,
                question_id="information_needed",
                question=answers["information_needed"],
                created_at=at,
            )
        return feedback

    def touch(
        self, lead: Lead, at: datetime, campaign: str, type_: str = "webinar_attended"
    ) -> Touch:
        return Touch.objects.create(
            lead=lead,
            account=lead.account,
            type=type_,
            occurred_at=at,
            source="test",
            external_id=f"history-{next(_numbers)}",
            campaign=campaign,
        )
