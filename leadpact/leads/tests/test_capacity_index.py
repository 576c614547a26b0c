"""The daily capacity check runs for every handoff opened; it must read one rep's handoffs of
one day from `handoff_owner_opened_idx`, not walk all the rep ever had (`leads/0012`)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadpact.core.tests.plans import query_plan
from leadpact.leads.handoffs import _handoffs_taken

pytestmark = pytest.mark.django_db


def test_the_capacity_count_reads_the_reps_day_from_its_index() -> None:
    day = datetime(2026, 10, 5, tzinfo=UTC)
    with CaptureQueriesContext(connection) as captured:
        taken = _handoffs_taken(owner_id=1, since=day, until=day + timedelta(days=1))
    (query,) = captured.captured_queries

    assert taken == 0
    # The captured SQL has its parameters written in.
    assert "handoff_owner_opened_idx" in query_plan(query["sql"])
