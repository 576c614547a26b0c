"""The log is append-only: the model, its queryset and (on PostgreSQL) the database refuse
to change or delete an entry."""

import pytest
from django.db import DatabaseError, connection, transaction

from leadpact.audit.models import AuditEntry, AuditEntryReadOnly
from leadpact.audit.services import audit_record


@pytest.fixture
def entry(db: None) -> AuditEntry:
    return audit_record(actor=None, action=AuditEntry.Action.SIGN_IN_FAILED, ip="203.0.113.9")


def test_an_entry_cannot_be_saved_again(entry):
    entry.action = AuditEntry.Action.SIGN_IN
    with pytest.raises(AuditEntryReadOnly):
        entry.save()
    entry.refresh_from_db()
    assert entry.action == AuditEntry.Action.SIGN_IN_FAILED


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AuditEntryReadOnly):
        entry.delete()
    with pytest.raises(AuditEntryReadOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_updates_are_refused(entry):
    with pytest.raises(AuditEntryReadOnly):
        AuditEntry.objects.update(ip="198.51.100.1")
    entry.refresh_from_db()
    assert entry.ip == "203.0.113.9"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET ip = '198.51.100.1' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_postgresql_itself_refuses_changes(entry, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.ip == "203.0.113.9"
