"""Judging leads by the active agreement: build facts, run the pure engine, apply what changed.

Called on every change — a recorded touch, changed lead or account fields, an activated
agreement version. An event is written only when something changed, and it names the version
and the clauses that judged.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
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
from leadpact.notifications.batching import batch_memo
from leadpact.privacy.ledger import lead_unrestricted_sql
from leadpact.touches.models import Touch
from leadpact.users.models import Team, User

Stage = Lead.Stage
ASSESSED_FIELDS = ("icp_grade", "persona", "marketing_temperature", "sales_temperature")
# Written with the judgement: the reasons, the version that gave them, and when.
JUDGEMENT_FIELDS = ("why", "assessed_version", "judged_at")


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


def lead_touch_facts(lead_id: int) -> list[TouchFact]:
    """One lead's touches as the engine reads them, oldest first."""
    return _touches_by_lead([lead_id])[lead_id]


def _touches_by_lead(lead_ids: list[int]) -> dict[int, list[TouchFact]]:
    """Every touch of the leads, oldest first, straight from a cursor: for the thousands of
    rows a batch judges, the ORM's per-cell converters cost more than the engine itself."""
    touches: dict[int, list[TouchFact]] = defaultdict(list)
    if not lead_ids:
        return touches
    table = connection.ops.quote_name(Touch._meta.db_table)
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(lead_ids), MAX_IDS):
            chunk = lead_ids[start : start + MAX_IDS]
            cursor.execute(
                "SELECT occurred_at, id, lead_id, type, campaign, answers "
                f"FROM {table} WHERE lead_id IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            rows.extend(cursor.fetchall())
    at = _datetime_reader()
    # The model's order (time, then id), sorted here: cheaper than compiling and sorting in SQL.
    timed = sorted((at(occurred_at), id_, *rest) for occurred_at, id_, *rest in rows)
    for occurred_at, _, lead_id, type_, campaign, answers in timed:
        touches[lead_id].append(TouchFact(type_, campaign, occurred_at, _json(answers)))
    return touches


MAX_IDS = 10_000  # bound parameters per statement, well under both databases' limits


def _datetime_reader() -> Callable[[Any], datetime]:
    zone = connection.timezone

    def read(value: Any) -> datetime:
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=zone)
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)

    return read


def _json(value: Any) -> Any:
    """A JSON column as a raw cursor gives it: text (SQLite, and PostgreSQL under Django's
    loaders) or an already decoded value; most touches, leads and accounts have none."""
    if value == "{}":
        return {}
    return json.loads(value) if isinstance(value, str | bytes) else value


def leads_evaluate(
    *, lead_ids: Iterable[int], actor: User | None = None, now: datetime | None = None
) -> EvaluationResult:
    """Re-judge the given leads under the agreement in force now; no agreement → no-op."""
    version = agreement_active()
    if version is None:
        return EvaluationResult(0, 0, 0)
    return leads_evaluate_under(version=version, lead_ids=lead_ids, actor=actor, now=now)


def leads_evaluate_under(
    *,
    version: AgreementVersion,
    lead_ids: Iterable[int],
    actor: User | None = None,
    now: datetime | None = None,
) -> EvaluationResult:
    """Re-judge the given leads under `version`, which the caller found in force (ingestion
    looks it up before its write transaction). Leads that objected or were erased are no
    longer judged (privacy: no scoring)."""
    ids = sorted(set(lead_ids))
    if not ids:
        return EvaluationResult(0, 0, 0)
    return _evaluate(version=version, lead_ids=ids, actor=actor, now=now or timezone.now())


@transaction.atomic(savepoint=False)
def _evaluate(
    *, version: AgreementVersion, lead_ids: list[int], actor: User | None, now: datetime
) -> EvaluationResult:
    agreement = version_agreement(version=version)
    leads = _judged_leads(lead_ids)
    touches = _touches_by_lead([lead.pk for lead in leads])
    events: list[dict[str, Any]] = []
    changed_leads: list[_Judged] = []
    handing_off: list[tuple[_Judged, Assessment]] = []
    for lead in leads:
        facts = replace(lead.facts, touches=tuple(touches[lead.pk]), now=now)
        assessment = evaluate(agreement, facts)
        changed = _apply_assessment(lead, assessment, version, actor, now, events)
        if _should_hand_off(lead.stage, assessment):
            handing_off.append((lead, assessment))
        elif changed:
            changed_leads.append(lead)
    handed_off = _hand_off_all(handing_off, agreement, version, actor, now)
    insert_all(LeadEvent, events)
    update_all(Lead, changed_leads, [*ASSESSED_FIELDS, *JUDGEMENT_FIELDS, "updated_at"])
    update_all(
        Lead,
        handed_off,
        [*ASSESSED_FIELDS, *JUDGEMENT_FIELDS, "stage", "stage_changed_at", "owner", "team",
         "updated_at"],
    )  # fmt: skip
    return EvaluationResult(len(leads), len(changed_leads) + len(handed_off), len(handed_off))


@dataclass(slots=True)
class _Judged:
    """A lead as judging reads and writes it: only the columns it needs. Model instances of
    whole leads and their accounts cost more than the engine's judgement of them."""

    pk: int
    stage: str
    icp_grade: str
    persona: str
    marketing_temperature: str
    sales_temperature: str
    horizon_months: int | None
    assessed_version_id: int | None
    why_text: str  # as stored: decoded only when it has to be compared
    facts: Facts  # without touches and time, added when judged
    why: list[dict[str, Any]] | None = None
    updated_at: datetime | None = None
    judged_at: datetime | None = None


def _judged_leads(lead_ids: list[int]) -> list[_Judged]:
    """The open, unrestricted leads among `lead_ids`, locked for the judgement, in id order
    (two batches touching the same leads then cannot deadlock). From a cursor: compiling the
    ORM's query cost more than running it, for one lead as for a thousand."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(lead_ids), MAX_IDS):
            sql, params = _judged_leads_sql(lead_ids[start : start + MAX_IDS])
            cursor.execute(sql, params)
            rows.extend(cursor.fetchall())
    at = _datetime_reader()
    leads = []
    for (pk, stage, grade, persona, marketing, sales, horizon, version_id, why_text, job_title,
         attributes, potential, meeting_at, rejected_at, account_id, industry, employees, revenue,
         country, is_target, account_attributes) in rows:  # fmt: skip
        account = None
        if account_id is not None:
            account = AccountFacts(
                industry=industry,
                employees=employees,
                annual_revenue=float(revenue) if revenue is not None else None,
                country=country,
                is_target=bool(is_target),
                attributes=_json(account_attributes),
            )
        facts = Facts(
            account=account,
            lead=LeadFacts(job_title=job_title, attributes=_json(attributes)),
            sales=SalesAnswers(
                product_potential=None if potential is None else bool(potential),
                horizon_months=horizon,
                meeting_at=None if meeting_at is None else at(meeting_at),
            ),
            stage=stage,
            now=_NOT_YET,
            rejected_at=None if rejected_at is None else at(rejected_at),
        )
        leads.append(
            _Judged(pk, stage, grade, persona, marketing, sales, horizon, version_id,
                    _text(why_text), facts)
        )  # fmt: skip
    return leads


def _judged_leads_sql(lead_ids: list[int]) -> tuple[str, list[Any]]:
    unrestricted, unrestricted_params = lead_unrestricted_sql("l.id")
    # Only the lead rows: PostgreSQL cannot lock the nullable side of the outer join.
    lock = " FOR UPDATE OF l" if connection.features.has_select_for_update_of else ""
    sql = (
        "SELECT l.id, l.stage, l.icp_grade, l.persona, l.marketing_temperature, "
        "l.sales_temperature, l.horizon_months, l.assessed_version_id, l.why, l.job_title, "
        "l.attributes, l.product_potential, l.meeting_at, l.rejected_at, l.account_id, "
        "a.industry, a.employees, a.annual_revenue, a.country, a.is_target, a.attributes "
        f"FROM {Lead._meta.db_table} l LEFT OUTER JOIN {Account._meta.db_table} a "
        "ON a.id = l.account_id "
        f"WHERE l.id IN ({', '.join(['%s'] * len(lead_ids))}) "
        f"AND l.stage IN ({', '.join(['%s'] * len(OPEN_STAGES))}) AND {unrestricted} "
        f"ORDER BY l.id{lock}"
    )
    return sql, [*lead_ids, *sorted(stage.value for stage in OPEN_STAGES), *unrestricted_params]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


_NOT_YET = datetime.min.replace(tzinfo=UTC)


def _apply_assessment(
    lead: _Judged,
    assessment: Assessment,
    version: AgreementVersion,
    actor: User | None,
    now: datetime,
    events: list[dict[str, Any]],
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
    if not diff and lead.assessed_version_id == version.pk and _same_why(lead.why_text, why):
        return False
    if diff:
        clauses = sorted({r.clause for r in assessment.trace if _concerns(r.clause, diff)})
        events.append(
            {
                "lead_id": lead.pk,
                "kind": LeadEvent.Kind.ASSESSMENT.value,
                "actor_id": actor.pk if actor else None,
                "at": now,
                "agreement_version_id": version.pk,
                "clause_ids": clauses,
                "data": {"changes": diff},
            }
        )
    for name, value in after.items():
        setattr(lead, name, value)
    lead.why = why
    lead.assessed_version_id = version.pk
    lead.updated_at = lead.judged_at = now
    return True


def _same_why(stored: str, why: list[dict[str, Any]]) -> bool:
    # SQLite keeps the text as written, so equal text is the common, cheap answer; PostgreSQL
    # gives jsonb's own rendering, which only decoding can compare.
    return stored == json.dumps(why) or json.loads(stored) == why


CLAUSE_PREFIX = {
    "icp_grade": "icp",
    "persona": "personas",
    "marketing_temperature": "temperature.marketing",
    "sales_temperature": "temperature.sales",
}


def _concerns(clause: str, diff: dict[str, list[str]]) -> bool:
    return any(clause.startswith(CLAUSE_PREFIX[name]) for name in diff)


def _should_hand_off(stage: str, assessment: Assessment) -> bool:
    if stage == Stage.INQUIRY:
        return assessment.mql
    if stage == Stage.NURTURE:
        return assessment.reentry_allowed
    return False


def _hand_off_all(
    judged: list[tuple[_Judged, Assessment]],
    agreement: Agreement,
    version: AgreementVersion,
    actor: User | None,
    now: datetime,
) -> list[Lead]:
    """Hand the qualifying leads to sales, in id order (the order reps are rotated in), as
    whole model instances with their new judgement: the stage machine and handoffs need them."""
    if not judged:
        return []
    instances = Lead.objects.select_related("account").in_bulk([lead.pk for lead, _ in judged])
    leads = []
    for row, assessment in judged:
        lead = instances[row.pk]
        for name in ASSESSED_FIELDS:
            setattr(lead, name, getattr(row, name))
        lead.why = row.why if row.why is not None else lead.why
        lead.assessed_version_id = version.pk
        lead.updated_at = row.updated_at or lead.updated_at
        lead.judged_at = row.judged_at or lead.judged_at
        _hand_off(lead, assessment, agreement, version, actor, now)
        leads.append(lead)
    return leads


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
    # A batch (an SLA sweep, a generator sync) hands off to the same few teams again and again.
    team = batch_memo(
        ("team", assessment.team),
        lambda: Team.objects.get_or_create(
            slug=assessment.team, defaults={"name": assessment.team}
        )[0],
    )
    handoff_open(
        lead=lead,
        agreement=agreement,
        version_id=version.pk,
        team=team,
        now=now,
        clause_ids=[*clauses, *route],
    )
