"""On SQLite the write transaction holds the one writer lock: ingestion reads what it can first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadpact.leads.tests.factories import LeadFactory
from leadpact.privacy.ledger import suppression_add
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk
from leadpact.touches.tests.factories import touch_payload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's BEGIN IMMEDIATE"),
]


def statements(*items: TouchIn) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        touches_record_bulk(items=list(items))
    return [query["sql"] for query in captured.captured_queries]


def test_the_suppression_list_and_stored_touches_are_read_before_the_write_lock() -> None:
    LeadFactory(email="anna.nowak@stalex.pl")

    sql = statements(TouchIn.model_validate(touch_payload("reg-1")))

    begin = sql.index("BEGIN IMMEDIATE")
    assert any("privacy_suppression" in s for s in sql[:begin])
    assert any("touches_touch" in s and s.startswith("SELECT") for s in sql[:begin])
    assert not any("privacy_suppression" in s for s in sql[begin:])


def test_a_replay_or_a_suppressed_person_takes_no_write_lock() -> None:
    touches_record_bulk(items=[TouchIn.model_validate(touch_payload("reg-1"))])
    suppression_add(email="ewa@kross.pl", reason="objection")

    sql = statements(
        TouchIn.model_validate(touch_payload("reg-1")),
        TouchIn.model_validate(touch_payload("reg-2", email="ewa@kross.pl", domain="kross.pl")),
    )

    assert "BEGIN IMMEDIATE" not in sql


def test_ingest_writers_of_other_processes_wait_on_the_lock_file(tmp_path) -> None:
    import fcntl
    import os

    from leadpact.touches.services import sqlite_writers_queue

    path = str(tmp_path / "db.sqlite3.ingest-lock")
    with sqlite_writers_queue(path):
        # Another process opens the file on its own: its lock must wait for ours.
        other = os.open(path, os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(other, fcntl.LOCK_UN)
    os.close(other)
