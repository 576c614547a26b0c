from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Lead

pytestmark = pytest.mark.django_db


def test_generate_writes_a_history_and_says_what_it_wrote():
    out = StringIO()
    call_command("generate", leads=25, months=1, seed=4, stdout=out)
    assert Lead.objects.count() == 25
    assert AgreementVersion.objects.get().status == "active"
    text = out.getvalue()
    assert "25 leads" in text and "leads/s" in text


def test_generate_names_the_line_of_a_broken_agreement(tmp_path: Path):
    broken = tmp_path / "agreement.yaml"
    broken.write_text("title: {pl: X}\nlanguage: pl\n")
    with pytest.raises(CommandError, match=r"agreement\.yaml:\d+"):
        call_command("generate", leads=5, months=1, agreement=broken)
    assert not Lead.objects.exists()


def test_generate_refuses_a_database_with_leads():
    call_command("generate", leads=5, months=1, stdout=StringIO())
    with pytest.raises(CommandError, match="already holds 5 leads"):
        call_command("generate", leads=5, months=1, stdout=StringIO())


def test_generate_names_an_agreement_file_that_is_not_utf8(tmp_path: Path):
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"title: x\n\xff\xfe\x96 broken\n")
    with pytest.raises(CommandError, match=r"bin\.yaml: line 2 is not UTF-8 text") as failed:
        call_command("generate", "--leads", "5", "--agreement", str(binary))
    assert failed.value.returncode == 2
    assert not Lead.objects.exists()


@pytest.mark.parametrize("months", ["25", "1000", "0"])
def test_generate_reaches_back_at_most_two_years(months: str):
    with pytest.raises(CommandError, match=rf"'{months}' is not a whole number from 1 to 24"):
        call_command("generate", "--leads", "5", "--months", months)
    assert not Lead.objects.exists()


def test_ctrl_c_during_generate_ends_in_one_line(monkeypatch: pytest.MonkeyPatch):
    def interrupted(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("leadpact.demo.management.commands.generate.history_generate", interrupted)
    with pytest.raises(CommandError, match=r"^Interrupted: ") as failed:
        call_command("generate", "--leads", "5", stdout=StringIO())
    assert failed.value.returncode == 130
