"""A year of lifecycle history for the `report` workload, written straight into the tables
(COPY on PostgreSQL, one executemany per table on SQLite) in the shapes the lifecycle writes.
On PostgreSQL the tables are loaded without their secondary indexes and foreign-key triggers,
and the indexes are built once at the end: at 10M touches, keeping five B-trees up to date row
by row (in random order) was most of the generation time.

Deterministic for a seed. Each lead is created at a random moment of 2026; a quarter of them
become MQLs and are handed to one of 20 reps with deadlines on the example agreement's
business clock; sales accept (most), reject (with the agreement's reasons) or never answer;
accepted leads are called, qualified, won or lost. Most accepted handoffs are closed within
weeks (won, lost or back to nurture); about one in eight stays open, as in a live pipeline,
plus those accepted too late in the year to have been decided. Touches are skewed like
`bench.generate`: a few leads are very active, most touch a handful of times.
"""

import datetime as dt
import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction

from leadpact.accounts.models import Account
from leadpact.agreements.example import example_agreement_put_in_force
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import version_agreement
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.sla.clock import calendar_add_business_hours, calendar_from_agreement
from leadpact.touches.models import Touch
from leadpact.users.models import User
from leadpact.users.services import user_create

UTC = dt.UTC
YEAR_START = dt.datetime(2026, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 318 * 24 * 3600  # to mid-November 2026: the history is over before "now"
PERSONAS = ("c_level", "manager", "specialist", "")
GRADES = "AABBCCD"
LEVELS = ("cold", "warm", "hot")
REASONS = (("timing", "nurture"), ("no_budget", "nurture"), ("wrong_person", "nurture"),
           ("not_icp", "disqualified"), ("competitor", "disqualified"), ("duplicate", "disqualified"))  # fmt: skip
TOUCH_TYPES = ("webinar_registration", "webinar_attended", "ebook_download", "article_read",
               "case_study_download", "video_watched", "event_meeting")  # fmt: skip
REPS = 20
BATCH = 50_000


@dataclass(frozen=True)
class Sizes:
    leads: int
    touches: int


@dataclass
class Counts:
    accounts: int = 0
    leads: int = 0
    events: int = 0
    handoffs: int = 0
    touches: int = 0


def _sqlite_datetime(value: dt.datetime) -> str:
    # Django keeps UTC instants on SQLite as naive text, written by str().
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return str(value.replace(tzinfo=None))


class TableWriter:
    """Rows for one model's table: every column, defaults filled, values as the backend
    stores them; written in batches."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.vendor = connection.vendor
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        self.converters = [self._converter(f) for f in self.fields]
        self.template = [self._default(i, f) for i, f in enumerate(self.fields)]
        self.pending: list[list[Any]] = []
        self.written = 0

    def _converter(self, field: models.Field) -> Callable[[Any], Any] | None:
        if isinstance(field, models.JSONField):
            return json.dumps
        if self.vendor == "sqlite" and isinstance(field, models.DateTimeField):
            return _sqlite_datetime
        if self.vendor == "sqlite" and isinstance(field, models.DecimalField):
            return str
        return None

    def _default(self, index: int, field: models.Field) -> Any:
        if field.has_default():
            value = field.get_default()
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = YEAR_START
        elif field.null or field.primary_key:
            value = None
        elif isinstance(field, models.CharField | models.TextField):
            value = ""
        else:
            value = None  # must be given
        convert = self.converters[index]
        return convert(value) if convert and value is not None else value

    def adder(self, *names: str) -> Callable[..., None]:
        """A fast `add` for rows that give the same columns, positionally."""
        slots = [(self.position[n], self.converters[self.position[n]]) for n in names]
        template = self.template

        def add(*values: Any) -> None:
            row = template.copy()
            for (index, convert), value in zip(slots, values, strict=True):
                row[index] = convert(value) if convert and value is not None else value
            self.pending.append(row)
            if len(self.pending) >= BATCH:
                self.flush()

        return add

    def add(self, **values: Any) -> None:
        self.adder(*values)(*values.values())

    def flush(self) -> None:
        if not self.pending:
            return
        table = self.model._meta.db_table
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in self.pending:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in self.columns)
                raw = cursor.cursor
                raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", self.pending)
        self.written += len(self.pending)
        self.pending = []


def _agreement() -> AgreementVersion:
    version = example_agreement_put_in_force()
    # In force for the whole generated year.
    AgreementVersion.objects.filter(pk=version.pk).update(
        effective_from=dt.datetime(2025, 12, 1, tzinfo=UTC)
    )
    version.refresh_from_db()
    return version


def _reps() -> list[int]:
    user_create(
        email="kierownik@leadpact.demo", role="sales_manager", password=None, team_slug="sales-sme"
    )
    return [
        user_create(email=f"rep{n:02d}@leadpact.demo", role="sales_rep", password=None, team_slug="sales-sme").pk
        for n in range(REPS)
    ]  # fmt: skip


def _at(rng: random.Random) -> dt.datetime:
    return YEAR_START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS))


def _later(
    rng: random.Random, after: dt.datetime, low_hours: float, high_hours: float
) -> dt.datetime:
    return after + dt.timedelta(hours=rng.uniform(low_hours, high_hours))


class _Journeys:
    """One lead's timeline at a time, into the four writers."""

    def __init__(self, rng: random.Random, version: AgreementVersion, reps: Sequence[int]) -> None:
        self.rng, self.reps = rng, reps
        self.version_id = version.pk
        agreement = version_agreement(version=version)
        self.calendar = calendar_from_agreement(agreement.calendar)
        self.sla = agreement.handoff.sla
        self.leads, self.events = TableWriter(Lead), TableWriter(LeadEvent)
        self.handoffs = TableWriter(Handoff)
        self.event_id = self.handoff_id = 0

    def event(self, lead_id: int, kind: str, at: dt.datetime, data: dict[str, Any]) -> None:
        self.event_id += 1
        self.events.add(id=self.event_id, lead_id=lead_id, kind=kind, at=at, data=data,
                        agreement_version_id=self.version_id)  # fmt: skip

    def stage(self, lead_id: int, before: str, to: str, at: dt.datetime, **data: Any) -> str:
        self.event(lead_id, "stage", at, {"from": before, "to": to, **data})
        return to

    def lead(self, lead_id: int, account_id: int, domain: str) -> None:
        rng = self.rng
        created = _at(rng)
        marketing = rng.choice(LEVELS)
        fields: dict[str, Any] = {
            "id": lead_id, "email": f"osoba{lead_id}@{domain}", "account_id": account_id,
            "created_at": created, "updated_at": created, "icp_grade": rng.choice(GRADES),
            "persona": rng.choice(PERSONAS), "marketing_temperature": marketing, "stage": "inquiry",
            "stage_changed_at": created,
        }  # fmt: skip
        self.event(lead_id, "created", created, {})
        assessed = created + dt.timedelta(minutes=5)
        self.event(
            lead_id, "assessment", assessed, {"changes": {"marketing_temperature": ["", marketing]}}
        )
        if rng.random() < 0.25:
            self._journey(fields, _later(rng, assessed, 1, 24 * 30))
        self.leads.add(**fields)

    def _journey(self, lead: dict[str, Any], opened: dt.datetime) -> None:
        rng, lead_id = self.rng, lead["id"]
        owner = rng.choice(self.reps)
        stage = self.stage(lead_id, "inquiry", "mql", opened)
        accept_due = calendar_add_business_hours(
            self.calendar, opened, self.sla.accept_within_hours
        )
        contact_due = calendar_add_business_hours(
            self.calendar, opened, self.sla.first_contact_within_hours
        )
        handoff: dict[str, Any] = {
            "lead_id": lead_id, "owner_id": owner, "agreement_version_id": self.version_id,
            "opened_at": opened, "accept_due_at": accept_due, "first_contact_due_at": contact_due,
            "state": "waiting", "marketing_temperature": lead["marketing_temperature"],
        }  # fmt: skip
        lead.update(owner_id=owner, stage_changed_at=opened)
        fate = rng.random()
        if fate < 0.15:
            reason, outcome = rng.choice(REASONS)
            at = _later(rng, opened, 0.2, 40)
            handoff.update(state="rejected", rejected_at=at, closed_at=at, rejection_reason=reason)
            stage = self.stage(lead_id, stage, outcome, at, reason=reason)
            lead.update(owner_id=None, stage_changed_at=at)
        elif fate < 0.9:
            at = _later(rng, opened, 0.2, 48)
            handoff.update(state="accepted", accepted_at=at)
            stage = self.stage(lead_id, stage, "sal", at)
            lead["stage_changed_at"] = at
            if rng.random() < 0.8:
                handoff["first_contact_at"] = _later(rng, at, 0.1, 30)
            if rng.random() < 0.6:
                stage = self._qualify(lead, handoff, stage, _later(rng, at, 24, 24 * 20))
            elif rng.random() < 0.85:
                stage = self._drop(lead, handoff, stage, _later(rng, at, 24 * 3, 24 * 45))
        if (
            handoff.get(
                "accepted_at", handoff.get("rejected_at", dt.datetime.max.replace(tzinfo=UTC))
            )
            > accept_due
        ):
            handoff.update(accept_breached_at=accept_due, escalated_at=accept_due)
            self.event(lead_id, "sla", accept_due, {"event": "breach"})
        if (
            handoff.get("first_contact_at", dt.datetime.max.replace(tzinfo=UTC)) > contact_due
            and "rejected_at" not in handoff
        ):
            handoff["contact_breached_at"] = contact_due
        if "accepted_at" in handoff and rng.random() < 0.2:
            answers = {
                "conversation": "ok",
                "interesting_contacts": "CFO",
                "information_needed": "",
            }
            self.event(lead_id, "feedback", handoff["accepted_at"] + dt.timedelta(hours=30),
                       {"answers": answers, "interesting": rng.random() < 0.3})  # fmt: skip
        self.handoff_id += 1
        self.handoffs.add(id=self.handoff_id, **handoff)
        lead["stage"] = stage

    def _qualify(
        self, lead: dict[str, Any], handoff: dict[str, Any], stage: str, at: dt.datetime
    ) -> str:
        rng, lead_id = self.rng, lead["id"]
        temperature = rng.choice(LEVELS)
        self.event(
            lead_id, "assessment", at, {"field": "sales_temperature", "from": "", "to": temperature}
        )
        lead.update(sales_temperature=temperature, stage_changed_at=at)
        stage = self.stage(lead_id, stage, "sql", at)
        handoff["qualified_at"] = at
        closing = rng.random()
        if closing < 0.9:
            closed = _later(rng, at, 24, 24 * 60)
            won = closing < 0.5
            revenue = Decimal(rng.randrange(20, 900) * 1000) if won else None
            stage = self.stage(lead_id, stage, "won" if won else "lost", closed)
            lead.update(
                stage_changed_at=closed,
                closed_revenue=revenue,
                closed_currency="PLN" if won else "",
            )
            handoff.update(state="closed", closed_at=closed)
        return stage

    def _drop(
        self, lead: dict[str, Any], handoff: dict[str, Any], stage: str, at: dt.datetime
    ) -> str:
        """An accepted lead sales never qualified: lost (`lead_close`), or back to nurture
        when the call found no potential (`lead_qualify`); either closes the handoff."""
        if self.rng.random() < 0.7:
            stage = self.stage(lead["id"], stage, "lost", at, revenue=None, reason="no_decision")
            lead.update(stage_changed_at=at, lost_reason="no_decision")
        else:
            stage = self.stage(lead["id"], stage, "nurture", at)
            lead.update(stage_changed_at=at, owner_id=None)
        handoff.update(state="closed", closed_at=at)
        return stage

    def flush(self) -> None:
        for writer in (self.leads, self.events, self.handoffs):
            writer.flush()


def _touches(rng: random.Random, sizes: Sizes, account_of: Sequence[int]) -> int:
    touches = TableWriter(Touch)
    add = touches.adder("id", "lead_id", "account_id", "type", "occurred_at", "source",
                        "external_id", "campaign", "recorded_at")  # fmt: skip
    random_ = rng.random
    months = [YEAR_START.replace(month=m) for m in range(1, 13)]
    for n in range(sizes.touches):
        lead_index = int(sizes.leads * random_() ** 1.6)
        occurred = YEAR_START + dt.timedelta(seconds=int(random_() * SPAN_SECONDS))
        kind = TOUCH_TYPES[int(random_() * len(TOUCH_TYPES))]
        campaign = f"{kind[:7]}-{occurred.month:02d}-{int(random_() * 6)}"
        add(n + 1, lead_index + 1, account_of[lead_index], kind, occurred, "bench", f"b{n}",
            campaign, months[occurred.month - 1])  # fmt: skip
    touches.flush()
    return touches.written


def _sequences_reset(models_: Iterable[type[models.Model]]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(statement)


BULK_MODELS = (Account, Lead, LeadEvent, Handoff, Touch)


@contextmanager
def _bulk_load(models_: Sequence[type[models.Model]]) -> Iterator[None]:
    """PostgreSQL, inside a transaction: drop the tables' indexes that back no constraint and
    skip foreign-key triggers (the generated rows are consistent by construction) while
    loading; build the indexes once afterwards. Elsewhere: nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        for _, definition in indexes:
            cursor.execute(definition)


def history_generate(*, sizes: Sizes, seed: int) -> Counts:
    rng = random.Random(seed)
    with transaction.atomic():
        version = _agreement()
        reps = _reps()
        with _bulk_load(BULK_MODELS):
            counts = _rows_write(rng, sizes, version, reps)
        _sequences_reset([*BULK_MODELS, User])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _rows_write(
    rng: random.Random, sizes: Sizes, version: AgreementVersion, reps: Sequence[int]
) -> Counts:
    accounts = TableWriter(Account)
    n_accounts = max(sizes.leads // 10, 1)
    for n in range(n_accounts):
        accounts.add(id=n + 1, domain=f"firma{n:06d}.pl", name=f"Firma {n}", country="PL",
                     is_target=rng.random() < 0.1, created_at=YEAR_START, updated_at=YEAR_START)  # fmt: skip
    accounts.flush()
    account_of = [rng.randrange(n_accounts) + 1 for _ in range(sizes.leads)]
    journeys = _Journeys(rng, version, reps)
    for n in range(sizes.leads):
        journeys.lead(n + 1, account_of[n], f"firma{account_of[n] - 1:06d}.pl")
    journeys.flush()
    touches = _touches(rng, sizes, account_of)
    return Counts(n_accounts, journeys.leads.written, journeys.events.written,
                  journeys.handoffs.written, touches)  # fmt: skip
