import pytest

from leadpact.leads.models import LeadEvent
from leadpact.leads.tests.factories import LeadFactory
from leadpact.reports.json_text import JsonText

pytestmark = pytest.mark.django_db


def test_reads_keys_and_array_items_as_text() -> None:
    lead = LeadFactory()
    LeadEvent.objects.create(lead=lead, kind="stage", data={"from": "inquiry", "to": "mql"})
    LeadEvent.objects.create(
        lead=lead, kind="assessment", data={"changes": {"marketing_temperature": ["", "warm"]}}
    )
    rows = LeadEvent.objects.annotate(
        to=JsonText("data", "to"), level=JsonText("data", "changes", "marketing_temperature", 1)
    ).order_by("id")
    assert [(row.to, row.level) for row in rows] == [("mql", None), (None, "warm")]
    assert LeadEvent.objects.alias(to=JsonText("data", "to")).filter(to="mql").count() == 1


def test_a_key_path_is_required() -> None:
    with pytest.raises(ValueError, match="key path"):
        JsonText("data")
