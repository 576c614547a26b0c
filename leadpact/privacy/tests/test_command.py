"""`leadpact privacy erase|export|object|retention`."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from leadpact.audit.models import AuditEntry
from leadpact.leads.models import Lead
from leadpact.leads.tests.factories import LeadFactory
from leadpact.privacy.erasure import erased_email
from leadpact.privacy.models import Suppression

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("privacy", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_erase_with_yes_erases_without_asking() -> None:
    lead = LeadFactory(email="jan@huta.pl")

    output = run("erase", "jan@huta.pl", "--yes")

    assert f"erased lead {lead.pk}" in output
    assert Lead.objects.get(pk=lead.pk).email == erased_email(lead.pk)


def test_erase_asks_on_a_terminal_and_no_keeps_everything(monkeypatch: Any) -> None:
    lead = LeadFactory(email="jan@huta.pl")
    monkeypatch.setattr("sys.stdin", FakeTerminal("n\n"))

    with pytest.raises(CommandError, match="Nothing erased"):
        run("erase", "jan@huta.pl")

    assert Lead.objects.get(pk=lead.pk).email == "jan@huta.pl"
    assert not Suppression.objects.exists()


def test_erase_asks_on_a_terminal_and_yes_erases(monkeypatch: Any) -> None:
    lead = LeadFactory(email="jan@huta.pl")
    monkeypatch.setattr("sys.stdin", FakeTerminal("tak\n"))

    run("erase", "jan@huta.pl")

    assert Lead.objects.get(pk=lead.pk).email == erased_email(lead.pk)


def test_erase_without_a_terminal_and_without_yes_refuses(monkeypatch: Any) -> None:
    LeadFactory(email="jan@huta.pl")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))

    with pytest.raises(CommandError, match="--yes") as refused:
        run("erase", "jan@huta.pl")

    assert refused.value.returncode == 2
    assert Lead.objects.get().email == "jan@huta.pl"


def test_export_writes_one_json_document(tmp_path: Path) -> None:
    LeadFactory(email="jan@huta.pl", first_name="Jan")
    target = tmp_path / "jan.json"

    run("export", "jan@huta.pl", "-o", str(target))
    printed = json.loads(run("export", "jan@huta.pl"))

    assert json.loads(target.read_text(encoding="utf-8"))["lead"]["first_name"] == "Jan"
    assert printed["lead"]["email"] == "jan@huta.pl"


def test_object_and_retention_report_what_they_did() -> None:
    LeadFactory(email="jan@huta.pl")

    assert "objection recorded" in run("object", "jan@huta.pl")
    assert "already recorded" in run("object", "jan@huta.pl")
    assert run("object", "ewa@huta.pl") == (
        "no lead held, so no objection to record; added to the suppression list\n"
    )
    assert run("retention", "--dry-run") == "0 lead(s) past the retention period\n"
    assert run("retention") == "erased 0 lead(s) past the retention period\n"


@pytest.mark.parametrize("action", [["erase", "--yes"], ["object"], ["export"]])
@pytest.mark.parametrize("email", ["not-an-email", "", "not an email"])
def test_what_is_not_an_e_mail_address_is_refused_and_nothing_recorded(
    action: list[str], email: str
) -> None:
    with pytest.raises(CommandError, match=r"is not an e-mail address"):
        run(action[0], email, *action[1:])
    assert not Suppression.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("pressed", [EOFError, KeyboardInterrupt])
def test_ctrl_d_or_ctrl_c_at_the_confirmation_erases_nothing(
    monkeypatch: Any, pressed: type[BaseException]
) -> None:
    lead = LeadFactory(email="jan@huta.pl")
    monkeypatch.setattr("sys.stdin", FakeTerminal(""))

    def key(prompt: str) -> str:
        raise pressed

    monkeypatch.setattr("builtins.input", key)
    with pytest.raises(CommandError, match=r"nothing changed"):
        run("erase", "jan@huta.pl")
    assert Lead.objects.get(pk=lead.pk).email == "jan@huta.pl"
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("where", ["missing/x.json", "."])
def test_export_into_a_path_that_cannot_be_written_is_refused_before_it_is_audited(
    tmp_path: Path, where: str
) -> None:
    LeadFactory(email="jan@huta.pl")

    with pytest.raises(CommandError, match=str(tmp_path / where).rstrip(".")):
        run("export", "jan@huta.pl", "-o", str(tmp_path / where))
    assert not AuditEntry.objects.exists()


def test_export_of_someone_not_held_says_so(capsys: Any) -> None:
    err = io.StringIO()
    call_command("privacy", "export", "ewa@huta.pl", stdout=io.StringIO(), stderr=err)

    assert "no lead held for ewa@huta.pl" in err.getvalue()
