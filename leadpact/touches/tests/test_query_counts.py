"""Ingestion's queries do not grow with the batch: no statement per touch, lead or account."""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk
from leadpact.touches.tests.factories import touch_payload

pytestmark = pytest.mark.django_db


def batch(first: int, size: int, *, person: int = 0) -> list[TouchIn]:
    """`size` fresh touches from `first` on, by the people numbered from `person` on."""
    return [
        TouchIn.model_validate(
            touch_payload(
                f"reg-{first + n}",
                email=f"person{person + n}@firma{(person + n) % 7}.pl",
                domain=f"firma{(person + n) % 7}.pl",
                lead={"first_name": "Anna", "job_title": "CFO"},
                account={"name": f"Firma {(person + n) % 7}", "industry": "steel"},
            )
        )
        for n in range(size)
    ]


def queries_recording(items: list[TouchIn]) -> int:
    with CaptureQueriesContext(connection) as captured:
        touches_record_bulk(items=items)
    return len(captured.captured_queries)


def test_a_batch_costs_the_same_queries_for_3_touches_as_for_60() -> None:
    new_small = queries_recording(batch(0, 3, person=0))
    new_large = queries_recording(batch(100, 60, person=100))
    # The same people again with fresh touches: their leads and accounts are merged into.
    known_small = queries_recording(batch(200, 3, person=0))
    known_large = queries_recording(batch(300, 60, person=100))

    assert new_small == new_large
    assert known_small == known_large


@time_machine.travel("2026-10-06 10:00 +02:00", tick=False)
def test_judging_the_touched_leads_does_not_query_per_lead(
    activate_example: Callable[[], Any],
) -> None:
    activate_example()
    queries_recording(batch(0, 63, person=0))  # the people exist: neither batch creates any

    assert queries_recording(batch(100, 3, person=0)) == queries_recording(batch(200, 60, person=3))
