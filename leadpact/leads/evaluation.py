"""Judging leads by the active agreement: build facts, run the pure engine, apply what changed.

Called on every change — a recorded touch, changed lead or account fields, an activated
agreement version. An event is written only when something changed, and it names the version
and the clauses that judged.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.engine import Assessment, evaluate
from leadpact.agreements.rules.facts import (
    AccountFacts,
    Facts,
    LeadFacts,
    SalesAnswers,
    TouchFact,
)
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.core.bulk import insert_all, update_all
from leadpact.leads.handoffs import handoff_open
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.stages import OPEN_STAGES, lead_transition
from leadpact.privacy.ledger import restricted_lead_ids
from leadpact.touches.models import Touch
from leadpact.users.models import Team, User

Stage = Lead.Stage
ASSESSED_FIELDS = ("icp_grade", "persona", "marketing_temperature", "sales_temperature")


@dataclass(frozen=True)
class EvaluationResult:
    evaluated: int
    changed: int
    became_mql: int


def account_facts(account: Account | None) -> AccountFacts | None:
    if account is None:
        return None
    return AccountFacts(
        industry=account.industry,
        employees=account.employees,
        annual_revenue=float(account.annual_revenue)
        if account.annual_revenue is not None
        else None,
        country=account.country,
        is_target=account.is_target,
        attributes=dict(account.attributes),
    )


def lead_facts(*, lead: Lead, touches: Iterable[TouchFact], now: datetime) -> Facts:
    return Facts(
        account=account_facts(lead.account),
        lead=LeadFacts(job_title=lead.job_title, attributes=dict(lead.attributes)),
        touches=tuple(sorted(touches, key=lambda t: t.occurred_at)),
        sales=SalesAnswers(
            product_potential=lead.product_potential,
            horizon_months=lead.horizon_months,
            meeting_at=lead.meeting_at,
        ),
        stage=lead.stage,
        now=now,
        rejected_at=lead.rejected_at,
    )


def _touches_by_lead(lead_ids: list[int]) -> dict[int, list[TouchFact]]:
    touches: dict[int, list[TouchFact]] = defaultdict(list)
    rows = (
        Touch.objects.filter(lead_id__in=lead_ids)
        .values_list("occurred_at", "id", "lead_id", "type", "campaign", "answers")
        .order_by()
    )
    # The model's order (time, then id), sorted here: cheaper than compiling and sorting in SQL.
    for occurred_at, _, lead_id, type_, campaign, answers in sorted(rows, key=lambda r: r[:2]):
        touches[lead_id].append(TouchFact(type_, campaign, occurred_at, answers))
    return touches


def leads_evaluate(
    *, lead_ids: Iterable[int], actor: User | None = None, now: datetime | None = None
) -> EvaluationResult:
    """Re-judge the given leads under the agreement in force now; no agreement → no-op.
    Leads that objected or were erased are no longer judged (privacy: no scoring)."""
    version = agreement_active()
    wanted = set(lead_ids)
    if version is None or not wanted:
        return EvaluationResult(0, 0, 0)
    ids = sorted(wanted - restricted_lead_ids(wanted))
    if not ids:
        return EvaluationResult(0, 0, 0)
    return _evaluate(version=version, lead_ids=ids, actor=actor, now=now or timezone.now())


@transaction.atomic
def _evaluate(
    *, version: AgreementVersion, lead_ids: list[int], actor: User | None, now: datetime
) -> EvaluationResult:
    agreement = version_agreement(version=version)
    # Locked in id order so that two batches touching the same leads cannot deadlock; only the
    # lead rows (PostgreSQL cannot lock the nullable side of the outer join to the account).
    leads = list(
        Lead.objects.select_for_update(of=("self",))
        .select_related("account")
        .filter(pk__in=lead_ids, stage__in=OPEN_STAGES)
        .order_by("pk")
    )
    touches = _touches_by_lead([lead.pk for lead in leads])
    events: list[LeadEvent] = []
    changed_leads: list[Lead] = []
    became_mql = 0
    for lead in leads:
        assessment = evaluate(agreement, lead_facts(lead=lead, touches=touches[lead.pk], now=now))
        changed = _apply_assessment(lead, assessment, version, actor, now, events)
        if _should_hand_off(lead, assessment):
            _hand_off(lead, assessment, agreement, version, actor, now)
            became_mql += 1
            changed = True
        if changed:
            changed_leads.append(lead)
    insert_all(LeadEvent, events)
    if changed_leads:
        update_all(
            Lead,
            changed_leads,
            [*ASSESSED_FIELDS, "why", "assessed_version", "stage", "stage_changed_at", "owner",
             "team", "updated_at"],
        )  # fmt: skip
    return EvaluationResult(len(leads), len(changed_leads), became_mql)


def _apply_assessment(
    lead: Lead,
    assessment: Assessment,
    version: AgreementVersion,
    actor: User | None,
    now: datetime,
    events: list[LeadEvent],
) -> bool:
    after = {
        "icp_grade": assessment.icp_grade,
        "persona": assessment.persona,
        "marketing_temperature": assessment.marketing_temperature,
        # The sales temperature is sales' call; the engine only proposes one from a declared
        # horizon while sales has not qualified the lead yet.
        "sales_temperature": lead.sales_temperature
        if lead.horizon_months is not None
        else assessment.sales_temperature,
    }
    before = {name: getattr(lead, name) for name in ASSESSED_FIELDS}
    why = [{"clause": r.clause, "text": r.text, "facts": r.facts} for r in assessment.trace]
    diff = {
        name: [before[name], after[name]] for name in ASSESSED_FIELDS if before[name] != after[name]
    }
    if not diff and lead.why == why and lead.assessed_version_id == version.pk:
        return False
    if diff:
        clauses = sorted({r.clause for r in assessment.trace if _concerns(r.clause, diff)})
        events.append(
            LeadEvent(
                lead=lead,
                kind=LeadEvent.Kind.ASSESSMENT,
                actor=actor,
                at=now,
                agreement_version=version,
                clause_ids=clauses,
                data={"changes": diff},
            )
        )
    for name, value in after.items():
        setattr(lead, name, value)
    lead.why = why
    lead.assessed_version = version
    lead.updated_at = now
    return True


CLAUSE_PREFIX = {
    "icp_grade": "icp",
    "persona": "personas",
    "marketing_temperature": "temperature.marketing",
    "sales_temperature": "temperature.sales",
}


def _concerns(clause: str, diff: dict[str, list[str]]) -> bool:
    return any(clause.startswith(CLAUSE_PREFIX[name]) for name in diff)


def _should_hand_off(lead: Lead, assessment: Assessment) -> bool:
    if lead.stage == Stage.INQUIRY:
        return assessment.mql
    if lead.stage == Stage.NURTURE:
        return assessment.reentry_allowed
    return False


def _hand_off(
    lead: Lead,
    assessment: Assessment,
    agreement: Agreement,
    version: AgreementVersion,
    actor: User | None,
    now: datetime,
) -> None:
    clauses = [
        r.clause
        for r in assessment.trace
        if r.clause.startswith(
            ("handoff.mql.", "handoff.nurture.reentry", "temperature.marketing.")
        )
    ]
    lead_transition(lead=lead, to=Stage.MQL, actor=actor, version_id=version.pk, clause_ids=clauses)
    route = [r.clause for r in assessment.trace if r.clause.startswith("handoff.routing")]
    team, _ = Team.objects.get_or_create(slug=assessment.team, defaults={"name": assessment.team})
    handoff_open(
        lead=lead,
        agreement=agreement,
        version_id=version.pk,
        team=team,
        now=now,
        clause_ids=[*clauses, *route],
    )
