"""Web sign-in, its failure and sign-out are logged with the address they came from; a failed
sign-in keeps no typed e-mail."""

import json

from django.core import serializers
from django.test import Client

from leadpact.audit.models import AuditEntry

A = AuditEntry.Action


def sign_in(email: str, password: str) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post("/sign-in/", {"username": email, "password": password})
    return client


def test_a_sign_in_is_logged_with_its_address(cast):
    sign_in("piotr@firma.pl", "x-pass-12345")

    entry = AuditEntry.objects.get(action=A.SIGN_IN)
    assert entry.actor == cast["piotr"]
    assert entry.actor_role == "sales_rep"
    assert (entry.target_type, entry.target_id) == ("user", str(cast["piotr"].pk))
    assert entry.ip == "203.0.113.7"


def test_a_failed_sign_in_names_the_account_by_id_only(cast):
    sign_in("Piotr@Firma.pl", "wrong-password")

    entry = AuditEntry.objects.get(action=A.SIGN_IN_FAILED)
    assert entry.actor is None
    assert (entry.target_type, entry.target_id) == ("user", str(cast["piotr"].pk))
    assert entry.ip == "203.0.113.7"
    stored = serializers.serialize("json", AuditEntry.objects.all())
    assert "piotr" not in stored.lower()
    assert "wrong-password" not in stored


def test_a_failed_sign_in_of_no_account_keeps_nothing_typed(cast):
    sign_in("stranger@example.com", "guess")

    entry = AuditEntry.objects.get(action=A.SIGN_IN_FAILED)
    assert (entry.target_type, entry.target_id, entry.details) == ("", "", {})
    assert "stranger" not in json.dumps(serializers.serialize("json", [entry]))


def test_sign_out_is_logged(cast):
    client = sign_in("anna@firma.pl", "x-pass-12345")
    client.post("/sign-out/")

    entry = AuditEntry.objects.get(action=A.SIGN_OUT)
    assert entry.actor == cast["anna"]
    assert entry.ip == "203.0.113.7"
