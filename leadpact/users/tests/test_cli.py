"""`leadpact user …`: creating, listing, changing roles and deactivating from the shell."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from leadpact.audit.models import AuditEntry
from leadpact.leads.models import Handoff, Lead
from leadpact.users.models import User


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


def test_a_role_change_takes_effect_and_is_audited(cast: dict[str, User]) -> None:
    assert (
        _run("role", "PIOTR@firma.pl", "sales_manager") == "piotr@firma.pl is now sales_manager\n"
    )
    cast["piotr"].refresh_from_db()
    assert cast["piotr"].role == "sales_manager"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_CHANGED)
    assert entry.details == {"from": "sales_rep", "to": "sales_manager"}


def test_becoming_an_admin_opens_the_admin_site(cast: dict[str, User]) -> None:
    _run("role", "marta@firma.pl", "admin")
    cast["marta"].refresh_from_db()
    assert cast["marta"].is_staff and cast["marta"].is_superuser


def test_an_unknown_role_is_refused_before_anything_changes(cast: dict[str, User]) -> None:
    with pytest.raises(CommandError):
        call_command("user", "role", "piotr@firma.pl", "ceo")
    cast["piotr"].refresh_from_db()
    assert cast["piotr"].role == "sales_rep"


def test_an_unknown_user_is_named_in_the_error(cast: dict[str, User]) -> None:
    with pytest.raises(CommandError, match=r"No user with the e-mail ewa@firma\.pl"):
        call_command("user", "deactivate", "ewa@firma.pl")


def test_deactivating_says_how_many_open_handoffs_need_a_new_owner(cast: dict[str, User]) -> None:
    at = datetime(2026, 10, 5, 9, tzinfo=UTC)
    for number, state in enumerate(["waiting", "accepted", "closed"]):
        lead = Lead.objects.create(email=f"lead{number}@klient.pl")
        Handoff.objects.create(
            lead=lead,
            owner=cast["piotr"],
            state=state,
            opened_at=at,
            accept_due_at=at,
            first_contact_due_at=at,
        )
    out = _run("deactivate", "piotr@firma.pl")
    assert out.startswith("deactivated piotr@firma.pl\n2 open handoff(s) are still theirs")
    cast["piotr"].refresh_from_db()
    assert not cast["piotr"].is_active
    assert AuditEntry.objects.filter(action=AuditEntry.Action.USER_DEACTIVATED).count() == 1
    assert "piotr@firma.pl" in _run("list") and "(inactive)" in _run("list")


def test_deactivating_twice_records_it_once(cast: dict[str, User]) -> None:
    _run("deactivate", "anna@firma.pl")
    assert _run("deactivate", "anna@firma.pl") == "deactivated anna@firma.pl\n"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.USER_DEACTIVATED).count() == 1
