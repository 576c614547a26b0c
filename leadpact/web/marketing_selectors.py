"""What marketing's pages list: the inquiry and nurture pools with both temperatures and the
clauses behind them, the leads sales rejected and why, and the target accounts' coverage (the
KPI of distinct actions per month and quarter, and the buying committee found so far).
Reads only; pages are built from a page of rows, so each query is bounded by the page."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from leadpact.accounts.models import Account
from leadpact.agreements.rules.schema import Agreement
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.reports.numbers import between
from leadpact.reports.periods import Period, period_containing
from leadpact.users.models import User
from leadpact.web.timeline import Why
from leadpact.web.words import AgreementWords

Stage = Lead.Stage
POOL_STAGES = (Stage.INQUIRY, Stage.NURTURE)


def marketing_pool(*, stage: str | None = None, temperature: str | None = None) -> QuerySet[Lead]:
    """Marketing's leads (inquiries and nurture), the most recently changed first; `stage`
    and `temperature` (a marketing level) narrow it down."""
    leads = Lead.objects.select_related("account", "team").filter(
        stage__in=[stage] if stage in POOL_STAGES else POOL_STAGES
    )
    if temperature:
        leads = leads.filter(marketing_temperature=temperature)
    return leads.order_by("-updated_at", "-id")


@dataclass(frozen=True)
class Rejection:
    reason: str  # the code
    label: str  # in the reader's language
    note: str
    at: datetime | None
    rep: User | None


@dataclass(frozen=True)
class PoolRow:
    lead: Lead
    persona: str
    marketing_why: list[Why]
    sales_why: list[Why]
    disagree: bool
    rejection: Rejection | None


def _why(lead: Lead, side: str, words: AgreementWords) -> list[Why]:
    """The sentences of the lead's assessment about one side's temperature, with the clause
    id: as judged in the agreement's language, or the clause's own text in the reader's."""
    prefix = f"temperature.{side}."
    found = []
    for item in lead.why or []:
        if not isinstance(item, dict) or not str(item.get("clause", "")).startswith(prefix):
            continue
        clause = item["clause"]
        stored, rule = item.get("text") or "", words.clauses.get(clause, "")
        found.append(
            Why(clause, (stored or rule) if words.agreement_language else (rule or stored))
        )
    return found


def _reps_who_rejected(handoffs: list[Handoff]) -> dict[int, User | None]:
    """The rep behind each rejection: the handoff's owner, or (for a lead taken from the
    team queue) whoever recorded the move to nurture or disqualified."""
    unowned = [h for h in handoffs if h.owner is None and h.rejected_at is not None]
    found: dict[int, User | None] = {h.pk: h.owner for h in handoffs}
    if not unowned:
        return found
    events = (
        LeadEvent.objects.filter(
            lead_id__in=[h.lead_id for h in unowned],
            kind=LeadEvent.Kind.STAGE,
            at__gte=min(h.rejected_at for h in unowned if h.rejected_at),
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    by_lead: dict[int, list[LeadEvent]] = defaultdict(list)
    for event in events:
        by_lead[event.lead_id].append(event)
    for handoff in unowned:
        assert handoff.rejected_at is not None
        move = next((e for e in by_lead[handoff.lead_id] if e.at >= handoff.rejected_at), None)
        found[handoff.pk] = move.actor if move else None
    return found


def rejection_of(handoff: Handoff, *, rep: User | None, words: AgreementWords) -> Rejection:
    return Rejection(
        reason=handoff.rejection_reason,
        label=words.reason_label(handoff.rejection_reason) if handoff.rejection_reason else "",
        note=handoff.rejection_note,
        at=handoff.rejected_at,
        rep=rep,
    )


def pool_rows(leads: list[Lead], *, words: AgreementWords) -> list[PoolRow]:
    """One page of the pool, each nurture lead with the last rejection that sent it there."""
    last_rejected: dict[int, Handoff] = {}
    nurtured = [lead.pk for lead in leads if lead.stage == Stage.NURTURE]
    for handoff in (
        Handoff.objects.filter(lead_id__in=nurtured, state=Handoff.State.REJECTED)
        .select_related("owner")
        .order_by("rejected_at", "id")
    ):
        last_rejected[handoff.lead_id] = handoff  # the latest wins
    reps = _reps_who_rejected(list(last_rejected.values()))
    return [
        PoolRow(
            lead=lead,
            persona=words.personas.get(lead.persona, lead.persona),
            marketing_why=_why(lead, "marketing", words),
            sales_why=_why(lead, "sales", words),
            disagree=words.temperatures_disagree(
                lead.marketing_temperature, lead.sales_temperature
            ),
            rejection=rejection_of(
                last_rejected[lead.pk], rep=reps.get(last_rejected[lead.pk].pk), words=words
            )
            if lead.pk in last_rejected
            else None,
        )
        for lead in leads
    ]


def rejected_handoffs(*, reason: str | None = None) -> QuerySet[Handoff]:
    """Every handoff sales rejected, the latest first; `reason` narrows to one reason."""
    handoffs = Handoff.objects.filter(state=Handoff.State.REJECTED).select_related(
        "lead", "lead__account", "owner"
    )
    if reason:
        handoffs = handoffs.filter(rejection_reason=reason)
    return handoffs.order_by("-rejected_at", "-id")


@dataclass(frozen=True)
class RejectedRow:
    handoff: Handoff
    lead: Lead
    rejection: Rejection


def rejected_rows(handoffs: list[Handoff], *, words: AgreementWords) -> list[RejectedRow]:
    reps = _reps_who_rejected(handoffs)
    return [
        RejectedRow(
            handoff=h, lead=h.lead, rejection=rejection_of(h, rep=reps.get(h.pk), words=words)
        )
        for h in handoffs
    ]


@dataclass(frozen=True)
class PersonaFound:
    id: str
    label: str
    leads: int  # people of that role known at the account

    @property
    def found(self) -> bool:
        return self.leads > 0


@dataclass(frozen=True)
class AccountCoverage:
    account: Account
    month_actions: int
    quarter_actions: int
    committee: list[PersonaFound] = field(default_factory=list)
    minimum: int | None = None

    @property
    def month_covered(self) -> bool | None:
        return None if self.minimum is None else self.month_actions >= self.minimum

    @property
    def quarter_covered(self) -> bool | None:
        return None if self.minimum is None else self.quarter_actions >= self.minimum

    @property
    def missing(self) -> list[PersonaFound]:
        return [persona for persona in self.committee if not persona.found]


@dataclass(frozen=True)
class CoverageRules:
    """What the agreement counts: the KPI's minimum of distinct actions (None without the
    goal), what an action is, and the buying committee's roles."""

    month: Period
    quarter: Period
    minimum: int | None
    counted_as: str  # distinct_campaigns | distinct_touch_types
    personas: list[str]


def coverage_rules(*, agreement: Agreement, now: datetime | None = None) -> CoverageRules:
    now = now or timezone.now()
    zone = agreement.calendar.time_zone
    goal, persona_goal = agreement.goals.coverage, agreement.goals.persona_coverage
    return CoverageRules(
        month=period_containing(at=now, kind="month", time_zone=zone),
        quarter=period_containing(at=now, kind="quarter", time_zone=zone),
        minimum=goal.min_distinct_actions if goal else None,
        counted_as=goal.count if goal else "distinct_campaigns",
        personas=list(persona_goal.personas)
        if persona_goal
        else [p.id for p in agreement.personas],
    )


def _actions(rules: CoverageRules, period: Period) -> Count:
    # The period report's rule (reports/coverage.py): a touch without a campaign is not an
    # identifiable action when actions are campaigns.
    within = between("touches__occurred_at", period.start, period.end)
    if rules.counted_as == "distinct_campaigns":
        return Count("touches__campaign", distinct=True, filter=within & ~Q(touches__campaign=""))
    return Count("touches__type", distinct=True, filter=within)


def target_accounts(*, rules: CoverageRules, below: bool = False) -> QuerySet[Account]:
    """Target accounts by name with their distinct actions this month and this quarter;
    `below`: only those under the KPI this month."""
    accounts = (
        Account.objects.filter(is_target=True)
        .annotate(
            month_actions=_actions(rules, rules.month),
            quarter_actions=_actions(rules, rules.quarter),
        )
        .order_by("name", "domain")
    )
    if below and rules.minimum is not None:
        accounts = accounts.filter(month_actions__lt=rules.minimum)
    return accounts


def account_coverage(
    accounts: list[Account], *, rules: CoverageRules, words: AgreementWords
) -> list[AccountCoverage]:
    """One page of accounts with the buying committee found so far: how many people of each
    required role are known at the account, whatever their stage."""
    known: dict[int, dict[str, int]] = defaultdict(dict)
    for account_id, persona, count in (
        Lead.objects.filter(account__in=accounts, persona__in=rules.personas)
        .order_by()
        .values_list("account_id", "persona")
        .annotate(n=Count("id"))
    ):
        known[account_id][persona] = count
    return [
        AccountCoverage(
            account=account,
            month_actions=getattr(account, "month_actions", 0),
            quarter_actions=getattr(account, "quarter_actions", 0),
            minimum=rules.minimum,
            committee=[
                PersonaFound(
                    id=persona,
                    label=words.personas.get(persona, persona),
                    leads=known[account.pk].get(persona, 0),
                )
                for persona in rules.personas
            ],
        )
        for account in accounts
    ]
