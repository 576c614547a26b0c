"""The `ingest` workload: touches through `touches_record_bulk` in API-sized batches, beside
the same database's raw insert rate of the same rows into the same table and a naive per-row
ORM loop.

Fairness: (a) starts from an empty database, so its figure includes creating the leads and
accounts the touches bring; (b) then empties `touches_touch` only and inserts the same rows,
with the lead and account ids (a) created, in one transaction, and (b′) again, committed per
batch as (a) is; (c) starts from an empty
database again and stores the first touches of the same stream one by one. Touches are built
before the clock starts in every case; schema validation is measured on its own.

(d) is the lifecycle issue's full path: the same stream from an empty database with the example
agreement in force, so every batch's leads are also judged, and MQLs handed off; (e) is its
naive counterpart, judging each touch's lead right after storing it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import time_machine
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from bench.generate import (
    SPAN_SECONDS,
    START,
    Population,
    population_build,
    touches_generate,
)
from leadpact.accounts.models import Account
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.engine import evaluate
from leadpact.agreements.rules.facts import TouchFact
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.selectors import version_agreement
from leadpact.demo.staff import (
    agreement_sign_and_activate,
    agreement_text_parse,
    staff_ensure,
    staff_plan,
)
from leadpact.leads.evaluation import lead_facts
from leadpact.leads.models import Handoff, Lead
from leadpact.touches.models import Touch
from leadpact.touches.schemas import MAX_BATCH, TouchIn
from leadpact.touches.services import touches_record_bulk

SEED = 2026
RAW_GOAL = {"sqlite": 0.25, "postgresql": 0.20}
NAIVE_GOAL = 10.0
# With the agreement active (the lifecycle issue): the same raw-insert goal on SQLite, and
# against a naive loop that judges each touch's lead as it stores it.
JUDGED_RAW_GOAL = {"sqlite": 0.25}
JUDGED_NAIVE_GOAL = 5.0
JUDGED_NOW = START + dt.timedelta(seconds=SPAN_SECONDS, days=1)
VALIDATION_SAMPLE = 10_000


@dataclass(frozen=True)
class Sizes:
    accounts: int
    leads: int
    touches: int
    naive: int
    judged: int  # touches stored under the active agreement (the lifecycle issue's full path)
    judged_naive: int


FULL = Sizes(
    accounts=3_000, leads=30_000, touches=300_000, naive=3_000, judged=200_000, judged_naive=2_000
)
QUICK = Sizes(
    accounts=300, leads=3_000, touches=30_000, naive=1_000, judged=20_000, judged_naive=500
)


@dataclass(frozen=True)
class Measure:
    touches: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.touches / self.seconds


def run(*, quick: bool) -> dict[str, Any]:
    sizes = QUICK if quick else FULL
    people = population_build(seed=SEED, accounts=sizes.accounts, leads=sizes.leads)
    _check_generated_touches_are_valid(people)
    vendor = connection.vendor

    _say(f"(a) leadpact: {sizes.touches:,} touches in batches of {MAX_BATCH}")
    leadpact = _leadpact_run(_stream(people, sizes.touches))
    stored = (Account.objects.count(), Lead.objects.count(), Touch.objects.count())
    _say(f"(b) raw insert of the same {sizes.touches:,} rows")
    raw = _raw_run(people, sizes.touches)
    _say(f"(b′) the same raw insert, committed every {MAX_BATCH} rows as (a) commits")
    raw_batched = _raw_run(people, sizes.touches, per_commit=MAX_BATCH)
    _say(f"(c) naive per-row ORM loop over the first {sizes.naive:,} touches")
    call_command("flush", interactive=False, verbosity=0)
    naive = _naive_run(_stream(people, sizes.naive))
    call_command("flush", interactive=False, verbosity=0)
    leadpact_same = _leadpact_run(_stream(people, sizes.naive))
    validation = _validation_run(people)

    # The clock at the end of the generated months, for the agreement's recency windows to
    # see the touches as recent (perf_counter is not moved).
    with time_machine.travel(JUDGED_NOW, tick=True):
        _say(f"(d) leadpact with the example agreement active: {sizes.judged:,} touches")
        call_command("flush", interactive=False, verbosity=0)
        _agreement_activate(leads=sizes.leads)
        judged = _leadpact_run(_stream(people, sizes.judged))
        stages = dict(Lead.objects.values_list("stage").annotate(n=Count("id")).order_by())
        judged_handoffs = Handoff.objects.count()
        _say(f"(e) naive per-touch loop judging each lead, first {sizes.judged_naive:,} touches")
        call_command("flush", interactive=False, verbosity=0)
        version = _agreement_activate(leads=sizes.leads)
        judged_naive = _naive_judged_run(_stream(people, sizes.judged_naive), version)
        call_command("flush", interactive=False, verbosity=0)
        _agreement_activate(leads=sizes.leads)
        judged_same = _leadpact_run(_stream(people, sizes.judged_naive))

    raw_name = "COPY FROM STDIN" if vendor == "postgresql" else "executemany, one transaction"
    vs_raw, vs_naive = leadpact.rate / raw.rate, leadpact.rate / naive.rate
    judged_vs_raw, judged_vs_naive = judged.rate / raw.rate, judged.rate / judged_naive.rate
    judged_raw_goal = JUDGED_RAW_GOAL.get(vendor)
    return {
        "vendor": vendor,
        "sizes": sizes.__dict__,
        "stored_after_a": dict(zip(("accounts", "leads", "touches"), stored, strict=True)),
        "measures": {
            "leadpact": _record(leadpact),
            "raw": {**_record(raw), "method": raw_name},
            "raw_committed_per_batch": _record(raw_batched),
            "naive": _record(naive),
            "leadpact_on_naive_subsample": _record(leadpact_same),
            "validation": _record(validation),
            "judged": {
                **_record(judged),
                "stages_after": stages,
                "handoffs_after": judged_handoffs,
            },
            "judged_naive": _record(judged_naive),
            "judged_on_naive_subsample": _record(judged_same),
        },
        "ratios": {
            "vs_raw": {
                "value": vs_raw,
                "goal": RAW_GOAL[vendor],
                "met": vs_raw >= RAW_GOAL[vendor],
            },
            "vs_naive": {"value": vs_naive, "goal": NAIVE_GOAL, "met": vs_naive >= NAIVE_GOAL},
            "vs_naive_same_subsample": leadpact_same.rate / naive.rate,
            "judged_vs_raw": {
                "value": judged_vs_raw,
                "goal": judged_raw_goal,
                "met": None if judged_raw_goal is None else judged_vs_raw >= judged_raw_goal,
            },
            "judged_vs_naive": {
                "value": judged_vs_naive,
                "goal": JUDGED_NAIVE_GOAL,
                "met": judged_vs_naive >= JUDGED_NAIVE_GOAL,
            },
            "judged_vs_naive_same_subsample": judged_same.rate / judged_naive.rate,
        },
        "table": {
            "columns": ["workload", "touches", "seconds", "touches/s", "ratio", "goal"],
            "rows": [
                [
                    f"(a) leadpact `touches_record_bulk`, batches of {MAX_BATCH}",
                    *_cells(leadpact),
                    "",
                    "",
                ],
                [
                    f"(b) raw insert, {raw_name}",
                    *_cells(raw),
                    f"(a)/(b) = {vs_raw:.2f}×",
                    _goal(vs_raw, RAW_GOAL[vendor]),
                ],
                [
                    f"(b′) raw insert as (b), one transaction per {MAX_BATCH} rows",
                    *_cells(raw_batched),
                    f"(a)/(b′) = {leadpact.rate / raw_batched.rate:.2f}×",
                    "",
                ],
                [
                    "(c) naive ORM loop, autocommit per statement",
                    *_cells(naive),
                    f"(a)/(c) = {vs_naive:.1f}×",
                    _goal(vs_naive, NAIVE_GOAL),
                ],
                [
                    "(a′) leadpact on (c)'s touches, same empty start",
                    *_cells(leadpact_same),
                    f"(a′)/(c) = {leadpact_same.rate / naive.rate:.1f}×",
                    "",
                ],
                ["API schema validation (`TouchIn`, not in (a))", *_cells(validation), "", ""],
                [
                    "(d) leadpact, example agreement active: stored, judged, handed off",
                    *_cells(judged),
                    f"(d)/(b) = {judged_vs_raw:.2f}×",
                    "" if judged_raw_goal is None else _goal(judged_vs_raw, judged_raw_goal),
                ],
                [
                    "(e) naive loop judging each touch's lead (save + query + update)",
                    *_cells(judged_naive),
                    f"(d)/(e) = {judged_vs_naive:.1f}×",
                    _goal(judged_vs_naive, JUDGED_NAIVE_GOAL),
                ],
                [
                    "(d′) leadpact with the agreement on (e)'s touches, same empty start",
                    *_cells(judged_same),
                    f"(d′)/(e) = {judged_same.rate / judged_naive.rate:.1f}×",
                    "",
                ],
            ],
        },
        "notes": [
            f"Data: {sizes.accounts:,} accounts, {sizes.leads:,} leads, {sizes.touches:,} "
            "touches (webinar registrations and attendance, e-books, articles, case studies, "
            "videos, events, form answers) over nine months, generated with seed "
            f"{SEED}; each touch carries its lead's and account's fields as an integration "
            "sends them.",
            "(a) starts from an empty database, so it also creates the leads, accounts and "
            "their `created` timeline events; one transaction per batch. No agreement is "
            "active, so the re-judging of touched leads that follows storing is a no-op here; "
            "(d) measures the path with it.",
            "(b) empties `touches_touch` after (a) and inserts the same rows, with the lead "
            "and account ids (a) created, into the same table and indexes.",
            f"(b′) is (b) committed every {MAX_BATCH:,} rows, as the API and (a) commit each "
            "batch: what committing per batch costs the raw insert alone (on SQLite each commit "
            "writes every index page the batch dirtied to the WAL; (b) writes each page once).",
            "(c) starts from an empty database: `get_or_create` account, `get_or_create` lead, "
            "`Touch(...).save()` per touch, each its own transaction.",
            "(d) starts from an empty database with the example agreement signed and in force "
            "(its signers and a sales staff as `leadpact demo` plans them): every batch's "
            "touched leads are judged, and those that qualify become MQLs and are handed to "
            f"a rep. Afterwards: {judged_handoffs:,} handoffs; stages "
            + ", ".join(f"{stage} {n:,}" for stage, n in sorted(stages.items()))
            + f". The clock stands at {JUDGED_NOW:%Y-%m-%d}, the end of the generated "
            "months, so that the agreement's recency windows see the touches as recent.",
            "(e) starts from the same empty database with the agreement: per touch, (c)'s "
            "`get_or_create`s and `save()`, then a query of the lead's touches, the engine's "
            "judgement and `lead.save()`, each statement its own transaction; no handoffs.",
        ],
    }


def _stream(people: Population, count: int) -> Iterator[TouchIn]:
    return touches_generate(seed=SEED, population=people, count=count)


def _leadpact_run(touches: Iterable[TouchIn]) -> Measure:
    elapsed, stored = 0.0, 0
    iterator = iter(touches)
    while items := list(itertools.islice(iterator, MAX_BATCH)):
        started = time.perf_counter()
        outcomes = touches_record_bulk(items=items)
        elapsed += time.perf_counter() - started
        stored += sum(o.outcome == "created" for o in outcomes)
    return Measure(stored, elapsed)


def _raw_run(people: Population, count: int, *, per_commit: int | None = None) -> Measure:
    lead_ids = dict(Lead.objects.values_list("email", "id"))
    account_ids: dict[int, int | None] = dict(Lead.objects.values_list("id", "account_id"))
    recorded_at = dt.datetime.now(dt.UTC)
    fields = _insert_fields()
    rows = [_raw_row(t, fields, lead_ids, account_ids, recorded_at) for t in _stream(people, count)]
    _touches_empty()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Touch._meta.db_table)
    step = per_commit or len(rows)
    started = time.perf_counter()
    for first in range(0, len(rows), step):
        with transaction.atomic(), connection.cursor() as cursor:
            _raw_insert(cursor, table, columns, len(fields), rows[first : first + step])
    elapsed = time.perf_counter() - started  # includes the commits
    assert Touch.objects.count() == count
    return Measure(count, elapsed)


def _raw_insert(
    cursor: Any, table: str, columns: str, width: int, rows: list[tuple[Any, ...]]
) -> None:
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        placeholders = ", ".join(["%s"] * width)
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _insert_fields() -> list[models.Field[Any, Any]]:
    """Every column but the id: what `insert_ignoring_conflicts` writes too."""
    return [f for f in Touch._meta.concrete_fields if not f.primary_key]


def _raw_row(
    touch: TouchIn,
    fields: list[models.Field[Any, Any]],
    lead_ids: dict[str, int],
    account_ids: dict[int, int | None],
    now: dt.datetime,
) -> tuple[Any, ...]:
    """The touch's row, in the database's own representation, in the order of `fields`."""
    lead_id = lead_ids[touch.lead.email]
    values: dict[str, Any] = {
        "lead": lead_id,
        "account": account_ids[lead_id],
        "type": touch.type,
        "occurred_at": touch.occurred_at,
        "source": touch.source,
        "external_id": touch.external_id,
        "campaign": touch.campaign,
        "asset": touch.asset,
        "answers": json.dumps(touch.answers),
        "recorded_at": now,
    }
    row = []
    for field in fields:
        value = values[field.name] if field.name in values else field.get_default()
        if isinstance(value, dt.datetime) and connection.vendor == "sqlite":
            value = connection.ops.adapt_datetimefield_value(value)
        row.append(value)
    return tuple(row)


def _touches_empty() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {Touch._meta.db_table}")
        else:
            cursor.execute(f"DELETE FROM {Touch._meta.db_table}")
            # So that (b) grows the file as (a) did instead of reusing freed pages.
            cursor.execute("VACUUM")


def _naive_run(touches: Iterable[TouchIn]) -> Measure:
    items = list(touches)
    started = time.perf_counter()
    for item in items:
        _naive_store(item)
    return Measure(len(items), time.perf_counter() - started)


def _naive_store(item: TouchIn) -> Lead:
    """The touch as a naive integration stores it: get-or-create the account and the lead,
    save the touch; each statement its own transaction."""
    account = None
    if item.account:
        account, _ = Account.objects.get_or_create(
            domain=item.account.domain,
            defaults=item.account.model_dump(exclude={"domain", "annual_revenue", "is_target"}),
        )
    lead, _ = Lead.objects.get_or_create(
        email=item.lead.email.lower(),
        defaults={**item.lead.model_dump(exclude={"email", "consent"}), "account": account},
    )
    Touch(
        lead=lead,
        account=account,
        type=item.type,
        occurred_at=item.occurred_at,
        source=item.source,
        external_id=item.external_id,
        campaign=item.campaign,
        asset=item.asset,
        answers=item.answers,
    ).save()
    return lead


def _agreement_activate(*, leads: int) -> AgreementVersion:
    """The example agreement signed and in force since yesterday, with the staff it routes to."""
    text = example_agreement_text("pl")
    agreement = agreement_text_parse(text, "agreement.pl.yaml")
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with time_machine.travel(start - dt.timedelta(days=14), tick=False):
        staff_ensure(
            members=staff_plan(agreement=agreement, leads=leads, months=1, seed=SEED),
            password=None,
        )
    return agreement_sign_and_activate(text=text, filename="agreement.pl.yaml", start=start)


def _naive_judged_run(touches: Iterable[TouchIn], version: AgreementVersion) -> Measure:
    agreement = version_agreement(version=version)
    items = list(touches)
    started = time.perf_counter()
    for item in items:
        lead = _naive_store(item)
        facts = [
            TouchFact(t.type, t.campaign, t.occurred_at, t.answers)
            for t in Touch.objects.filter(lead=lead)
        ]
        assessment = evaluate(agreement, lead_facts(lead=lead, touches=facts, now=timezone.now()))
        lead.icp_grade = assessment.icp_grade
        lead.persona = assessment.persona
        lead.marketing_temperature = assessment.marketing_temperature
        lead.why = [
            {"clause": r.clause, "text": r.text, "facts": r.facts} for r in assessment.trace
        ]
        lead.assessed_version = version
        lead.save()
    return Measure(len(items), time.perf_counter() - started)


def _validation_run(people: Population) -> Measure:
    payloads = [t.model_dump(mode="json") for t in _stream(people, VALIDATION_SAMPLE)]
    started = time.perf_counter()
    for payload in payloads:
        TouchIn.model_validate(payload)
    return Measure(len(payloads), time.perf_counter() - started)


def _check_generated_touches_are_valid(people: Population) -> None:
    for touch in _stream(people, 1000):
        assert TouchIn.model_validate(touch.model_dump()) == touch, touch


def _record(measure: Measure) -> dict[str, float]:
    return {"touches": measure.touches, "seconds": round(measure.seconds, 3),
            "rate": round(measure.rate, 1)}  # fmt: skip


def _cells(measure: Measure) -> list[str]:
    return [f"{measure.touches:,}", f"{measure.seconds:.2f}", f"{measure.rate:,.0f}"]


def _goal(value: float, goal: float) -> str:
    return f"≥ {goal:g}× {'met' if value >= goal else 'NOT met'}"


def _say(message: str) -> None:
    print(message, flush=True)
