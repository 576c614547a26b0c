"""`audit_record`: who (an id and the role they acted in), what, on what, from where."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from leadpact.audit.context import current_ip
from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record

A = AuditEntry.Action


def test_an_entry_holds_the_actor_id_and_role(cast):
    entry = audit_record(
        actor=cast["adam"],
        action=A.TOKEN_REVOKED,
        target_type="api_token",
        target_id=7,
        ip="192.0.2.4",
        details={"user": cast["piotr"].pk},
    )
    entry.refresh_from_db()
    assert entry.actor == cast["adam"]
    assert entry.actor_role == "admin"
    assert (entry.target_type, entry.target_id, entry.ip) == ("api_token", "7", "192.0.2.4")
    assert entry.details == {"user": cast["piotr"].pk}


def test_an_anonymous_actor_is_recorded_as_nobody(db):
    entry = audit_record(actor=AnonymousUser(), action=A.SIGN_IN_FAILED)
    assert entry.actor is None
    assert entry.actor_role == ""


def test_an_unknown_action_is_a_programming_error(db):
    with pytest.raises(ValueError, match="Unknown audit action 'sign_up'"):
        audit_record(actor=None, action="sign_up")
    assert not AuditEntry.objects.exists()


def test_without_an_address_the_current_request_s_is_used(db):
    token = current_ip.set("2001:db8::1")
    try:
        entry = audit_record(actor=None, action=A.SIGN_OUT)
    finally:
        current_ip.reset(token)
    assert entry.ip == "2001:db8::1"
    assert audit_record(actor=None, action=A.SIGN_OUT).ip is None


def test_the_entry_rolls_back_with_its_action(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=cast["adam"], action=A.ROLE_CHANGED, target_type="user", target_id=1)
        raise RuntimeError("the action fails after the entry was written")
    assert not AuditEntry.objects.filter(action=A.ROLE_CHANGED).exists()
