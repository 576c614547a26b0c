"""`leadpact user …`: creating, listing, changing roles and deactivating from the shell."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from leadpact.audit.models import AuditEntry
from leadpact.leads.models import Handoff, Lead
from leadpact.users.models import ApiToken, User


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
    assert _run("deactivate", "anna@firma.pl") == (
        "anna@firma.pl is already inactive; nothing changed\n"
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.USER_DEACTIVATED).count() == 1


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _create(
    monkeypatch: pytest.MonkeyPatch, *args: str, password: str = "a-long-password\n"
) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(password))
    return _run("create", *args)


def test_a_password_piped_from_a_windows_file_loses_its_crlf(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(monkeypatch, "crlf@firma.pl", "--role", "marketing", password="a-long-password\r\n")

    assert User.objects.get(email="crlf@firma.pl").check_password("a-long-password")


def test_password_rules_are_explained_in_english(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match=r"This password is too short"):
        _create(monkeypatch, "short@firma.pl", "--role", "marketing", password="abc\n")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "Inside Sales!!"], r"--team: 'Inside Sales!!' is not a team slug"),
        (["--team", ""], r"--team: '' is not a team slug"),
        (["--name", "n" * 201], r"--name: 201 characters long; at most 200 fit"),
        (["--team", "x" * 300], r"at most 50 characters"),
    ],
)
def test_a_team_or_name_no_column_can_hold_is_refused_before_asking_for_a_password(
    db: None, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _create(monkeypatch, "t@firma.pl", "--role", "sales_rep", *args)
    assert not User.objects.exists()


def test_an_e_mail_longer_than_its_column_is_refused(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CommandError, match=r"email: 309 characters long; at most 254 fit"):
        _create(monkeypatch, "e" * 300 + "@firma.pl", "--role", "marketing")
    assert not User.objects.exists()


def test_an_idn_mailbox_in_its_ascii_spelling_is_the_same_user(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(monkeypatch, "Anna@ŁÓDŹ.PL", "--role", "marketing")

    with pytest.raises(CommandError, match=r"already exists"):
        _create(monkeypatch, "anna@xn--d-uga0v4h.pl", "--role", "marketing")
    assert list(User.objects.values_list("email", flat=True)) == ["anna@łódź.pl"]
    assert _run("role", "ANNA@xn--d-uga0v4h.pl", "sales_rep") == "anna@łódź.pl is now sales_rep\n"


@pytest.mark.parametrize("key", ["\x04", "\x03"])
def test_ctrl_d_or_ctrl_c_at_the_password_prompt_cancels_cleanly(
    db: None, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    def pressed(prompt: str) -> str:
        raise EOFError if key == "\x04" else KeyboardInterrupt

    monkeypatch.setattr("sys.stdin", FakeTerminal(""))
    monkeypatch.setattr("getpass.getpass", pressed)
    with pytest.raises(CommandError, match=r"nothing changed") as stopped:
        _run("create", "x@firma.pl", "--role", "marketing")
    assert stopped.value.returncode == (2 if key == "\x04" else 130)
    assert not User.objects.exists()


def _token(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["anna@firma.pl", "--scopes", ","], r"--scopes names no scope"),
        (["marta@firma.pl", "--scopes", "privacy:admin"], r"privacy:admin is for administrators"),
        (["marta@firma.pl", "--name", "n" * 101], r"--name: 101 characters long; at most 100"),
    ],
)
def test_a_token_that_could_never_work_is_refused(
    cast: dict[str, User], args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _token("create", *args)
    assert not ApiToken.objects.exists()


def test_a_deactivated_user_gets_no_token(cast: dict[str, User]) -> None:
    _run("deactivate", "anna@firma.pl")

    with pytest.raises(CommandError, match=r"anna@firma.pl is deactivated"):
        _token("create", "anna@firma.pl")
    assert not ApiToken.objects.exists()


def test_a_non_admin_token_gets_every_scope_but_privacy_admin(cast: dict[str, User]) -> None:
    _token("create", "marta@firma.pl")

    assert "privacy:admin" not in ApiToken.objects.get().scopes


def test_revoking_twice_says_it_was_revoked_already(cast: dict[str, User]) -> None:
    _token("create", "marta@firma.pl")
    token = ApiToken.objects.get()

    assert _token("revoke", str(token.pk)).startswith(f"revoked token {token.pk}")
    assert "is already revoked" in _token("revoke", str(token.pk))
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TOKEN_REVOKED).count() == 1
