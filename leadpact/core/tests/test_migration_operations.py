import pytest
from django.db import connection

# (table, column): foreign keys whose own index was dropped for a composite one starting
# with them (`key_index_dropped`).
KEYS = [
    ("touches_touch", "lead_id"),
    ("touches_touch", "account_id"),
    ("leads_leadevent", "lead_id"),
    ("leads_lead", "owner_id"),
    ("leads_handoff", "owner_id"),
    ("notifications_notification", "recipient_id"),
    ("privacy_consentrecord", "lead_id"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "column"), KEYS)
def test_a_key_is_indexed_once_by_the_composite_index_that_starts_with_it(
    table: str, column: str
) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexes = [c["columns"] for c in constraints.values() if c["index"] and not c["unique"]]
    assert [column] not in indexes
    assert any(len(columns) > 1 and columns[0] == column for columns in indexes)
