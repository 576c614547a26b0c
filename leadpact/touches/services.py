import fcntl
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from leadpact.accounts.services import accounts_upsert_bulk
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.core.bulk import insert_ignoring_conflicts, rows_by_keys
from leadpact.core.collector import collector_paused
from leadpact.core.emails import email_normalize
from leadpact.core.exceptions import ApplicationError
from leadpact.core.schemas import INVALID_DETAIL
from leadpact.leads.evaluation import leads_evaluate_under
from leadpact.leads.services import leads_upsert_bulk
from leadpact.privacy.ledger import suppressed_emails
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn

Key = tuple[str, str]  # (source, external_id)


@dataclass(frozen=True)
class TouchOutcome:
    index: int
    outcome: str  # "created" | "duplicate" | "suppressed"
    lead_id: int | None
    touch_id: int | None


def touch_record(*, data: TouchIn, consent_source: str = "api") -> TouchOutcome:
    return touches_record_bulk(items=[data], consent_source=consent_source)[0]


def touches_record_bulk(*, items: list[TouchIn], consent_source: str = "api") -> list[TouchOutcome]:
    """Store touches idempotently by `(source, external_id)`, creating leads and accounts.

    A replayed touch is a `duplicate` and changes nothing: not the touch, not its lead, not
    its account. A touch of a suppressed person (objected or erased) is `suppressed` and
    stores nothing. The leads that got new touches are judged again by the active agreement.
    Everything is written in one transaction: a failure stores nothing.
    """
    with collector_paused():
        return _record_bulk(items, consent_source)


def _record_bulk(items: list[TouchIn], consent_source: str) -> list[TouchOutcome]:
    emails = [email_normalize(t.lead.email) for t in items]
    # Read before the write transaction, which on SQLite holds the one writer lock: the
    # suppression list, the touches already stored and the agreement in force. A touch stored
    # by a racing request meanwhile is still caught by the insert's conflict clause below.
    suppressed = suppressed_emails(emails)
    storable = [(t, e) for t, e in zip(items, emails, strict=True) if e not in suppressed]
    known = _stored_touches({(t.source, t.external_id) for t, _ in storable})
    fresh = _first_of_each(storable, known)
    version = agreement_active() if fresh else None
    if version is not None:
        _refuse_unknown_types(items, fresh, touch_types_known(version))

    created: dict[Key, tuple[int, int]] = {}
    if fresh:
        with _writer_turn(), transaction.atomic():
            created, raced = _store(fresh, version=version, consent_source=consent_source)
        known.update(_stored_touches(raced))

    outcomes = []
    claimed: set[Key] = set()
    for index, (item, email) in enumerate(zip(items, emails, strict=True)):
        key = (item.source, item.external_id)
        if email in suppressed:
            outcomes.append(TouchOutcome(index, "suppressed", None, None))
        elif key in created and key not in claimed:
            claimed.add(key)
            touch_id, lead_id = created[key]
            outcomes.append(TouchOutcome(index, "created", lead_id, touch_id))
        else:
            # A duplicate answers the lead of the touch that is stored, whatever lead it named.
            touch_id, lead_id = created.get(key) or known[key]
            outcomes.append(TouchOutcome(index, "duplicate", lead_id, touch_id))
    return outcomes


def touch_types_known(version: AgreementVersion) -> frozenset[str]:
    """The touch types the agreement defines: the only ones it can judge."""
    return frozenset(t.code for t in version_agreement(version=version).touch_types)


def touch_type_problem(touch_type: str, known: frozenset[str]) -> str | None:
    if touch_type in known:
        return None
    listed = ", ".join(sorted(known))
    return f"{touch_type!r} is not a touch type of the agreement in force; it knows {listed}"


def _refuse_unknown_types(
    items: list[TouchIn], fresh: list[tuple[TouchIn, str]], known: frozenset[str]
) -> None:
    """A touch of a type the agreement does not define would be stored and never count (a typo
    such as `webinar_atended`): the batch is refused, naming each such item; a replay of a
    stored touch is not looked at, as it changes nothing."""
    storing = {id(item) for item, _ in fresh}
    errors = [
        {"item": index, "field": "type", "message": problem}
        for index, item in enumerate(items)
        if id(item) in storing and (problem := touch_type_problem(item.type, known))
    ]
    if errors:
        raise ApplicationError(INVALID_DETAIL, status=422, code="invalid", extra=errors)


def _store(
    fresh: list[tuple[TouchIn, str]], *, version: AgreementVersion | None, consent_source: str
) -> tuple[dict[Key, tuple[int, int]], set[Key]]:
    """Upsert the fresh touches' accounts and leads, insert the touches and judge their leads.

    Returns the touches inserted, `{key: (touch id, lead id)}`, and the keys of those a racing
    request stored first.
    """
    accounts = accounts_upsert_bulk(items=[t.account for t, _ in fresh if t.account])
    leads = leads_upsert_bulk(
        items=[
            (t.lead, accounts[t.account.domain].account_id if t.account else None) for t, _ in fresh
        ],
        consent_source=consent_source,
    )
    # Rows, not `Touch` instances: a thousand model instances cost more than their insert.
    candidates: list[dict[str, Any]] = []
    for item, email in fresh:
        lead = leads[email]
        candidates.append(
            {
                "lead_id": lead.lead_id,
                "account_id": lead.account_id,
                "type": item.type,
                "occurred_at": item.occurred_at,
                "source": item.source,
                "external_id": item.external_id,
                "campaign": item.campaign,
                "asset": item.asset,
                "answers": item.answers,
            }
        )
    lead_of = {(c["source"], c["external_id"]): c["lead_id"] for c in candidates}
    created: dict[Key, tuple[int, int]] = {
        (source, external_id): (touch_id, lead_of[source, external_id])
        for touch_id, source, external_id in insert_ignoring_conflicts(
            Touch,
            candidates,
            conflict=["source", "external_id"],
            returning=["id", "source", "external_id"],
        )
    }
    if version is not None:
        # Only new touches can change a judgement; a replay changes nothing.
        leads_evaluate_under(
            version=version,
            lead_ids={lead_id for _, lead_id in created.values()},
        )
    return created, lead_of.keys() - created.keys()


# SQLite lets one connection write at a time, and the others poll for the lock with growing
# sleeps (up to 100 ms each). Ingest writers queue instead — threads on this lock, processes
# (the server's workers) on a lock file beside the database — so the next writer starts as
# soon as the last one commits.
_SQLITE_WRITER = threading.Lock()
_lock_files: dict[tuple[int, str], int] = {}


def _lock_file(path: str) -> int:
    # Opened per process, never inherited: a lock on a descriptor shared across a fork would
    # not keep the two processes apart.
    key = (os.getpid(), path)
    if key not in _lock_files:
        _lock_files[key] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return _lock_files[key]


@contextmanager
def sqlite_writers_queue(lock_path: str | None) -> Iterator[None]:
    """One ingest writer at a time among this process's threads and, with a lock file, among
    every process using the same database."""
    with _SQLITE_WRITER:
        if lock_path is None:
            yield
            return
        descriptor = _lock_file(lock_path)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def _sqlite_lock_path() -> str | None:
    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or name.startswith("file:") or "mode=memory" in name
    return None if in_memory else f"{name}.ingest-lock"


@contextmanager
def _writer_turn() -> Iterator[None]:
    # Not inside a caller's transaction: that one may hold the database's lock already, which
    # a thread waiting here for its turn would then never get.
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with sqlite_writers_queue(_sqlite_lock_path()):
        yield


def _first_of_each(
    items: list[tuple[TouchIn, str]], known: dict[Key, tuple[int, int]]
) -> list[tuple[TouchIn, str]]:
    seen: set[Key] = set(known)
    fresh = []
    for item, email in items:
        key = (item.source, item.external_id)
        if key not in seen:
            seen.add(key)
            fresh.append((item, email))
    return fresh


def _stored_touches(keys: Iterable[Key]) -> dict[Key, tuple[int, int]]:
    """`{(source, external_id): (touch id, lead id)}` of the keys already stored."""
    rows = rows_by_keys(
        Touch,
        key=["source", "external_id"],
        keys=keys,
        columns=["source", "external_id", "id", "lead_id"],
    )
    return {(source, external_id): (touch_id, lead_id)
            for source, external_id, touch_id, lead_id in rows}  # fmt: skip
