"""Finding what fell due must read only open handoffs' deadlines, not every handoff ever given
whose deadline has passed: the first-contact and reassignment deadlines come from partial
indexes of open handoffs (`leads/0013`), the reminders and accept deadlines from indexes that
begin with the state."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from leadpact.core.tests.plans import query_plan
from leadpact.sla import services

pytestmark = pytest.mark.django_db


def test_the_due_query_reads_open_deadlines_from_their_indexes() -> None:
    params = services._due_params(datetime(2026, 11, 27, 12, tzinfo=UTC), 100)

    plan = query_plan(services._due_sql(connection.vendor), params)

    assert "handoff_contact_open_idx" in plan
    assert "handoff_reassign_open_idx" in plan
    assert "handoff_reminder_due_idx" in plan
    assert "SCAN leads_handoff" not in plan  # SQLite's words for reading the whole table
