"""`leadpact privacy erase|export|object|retention`."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
    assert run("retention", "--dry-run") == "0 lead(s) past the retention period\n"
    assert run("retention") == "erased 0 lead(s) past the retention period\n"
