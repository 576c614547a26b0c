from datetime import UTC, datetime, timedelta

import pytest

from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.tests.factories import LeadFactory
from leadpact.reports.epoch import MICROSECONDS, EpochMicroseconds

pytestmark = pytest.mark.django_db

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "at",
    [
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # whole seconds: stored without a fraction
        datetime(2026, 10, 31, 22, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 3, 1, 0, 0, 0, 7, tzinfo=UTC),
    ],
)
def test_is_the_instant_in_whole_microseconds(at: datetime) -> None:
    LeadEvent.objects.create(lead=LeadFactory(), kind="stage", at=at, data={})
    found = LeadEvent.objects.annotate(us=EpochMicroseconds("at")).get().us
    assert found == (at - EPOCH) // timedelta(microseconds=1)
    assert found / MICROSECONDS == (at - EPOCH).total_seconds()


def test_is_null_for_no_instant() -> None:
    lead = LeadFactory(stage_changed_at=None)
    found = Lead.objects.filter(pk=lead.pk).annotate(us=EpochMicroseconds("stage_changed_at"))
    assert found.get().us is None
