"""`agreement validate|propose|sign|activate|show|diff|list` as an operator types them."""

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.tests.conftest import MARTA, TOMASZ

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("agreement", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def example_file(tmp_path, example_text) -> Path:
    path = tmp_path / "agreement.yaml"
    path.write_text(example_text, encoding="utf-8")
    return path


def test_validate_a_valid_file(heads, example_file):
    out, _ = run("validate", str(example_file))
    assert out == "valid\n"


def test_validate_reports_each_error_with_its_line(heads, tmp_path, example_text):
    path = tmp_path / "broken.yaml"
    path.write_text(example_text.replace(TOMASZ, "ghost@leadpact.demo"), encoding="utf-8")
    line = next(n for n, text in enumerate(example_text.splitlines(), 1) if TOMASZ in text)
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("agreement", "validate", str(path), stdout=out)
    assert failed.value.returncode == 1
    assert f"{path}:{line}: parties.sales.owner: no user with this e-mail\n" in out.getvalue()


def test_validate_a_syntax_error(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: Umowa\nparties: [\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("agreement", "validate", str(path), stdout=out)
    # A syntax error names no field: no empty `path:` between the line and the message.
    assert out.getvalue().startswith(f"{path}:3: YAML syntax: ")


def test_validate_a_missing_file(db):
    with pytest.raises(CommandError, match="Cannot read"):
        run("validate", "/nonexistent/agreement.yaml")


def test_example_prints_the_example(example_text):
    out, _ = run("example")
    assert out == example_text
    assert MARTA in run("example", "--lang", "en")[0]


def test_the_whole_lifecycle(heads, example_file):
    out, _ = run("propose", str(example_file), "--as", MARTA)
    assert out.strip() == "1"
    out, _ = run("sign", "1", "--as", MARTA)
    assert TOMASZ in out
    run("sign", "1", "--as", TOMASZ)
    out, _ = run("activate", "1", "--as", TOMASZ)
    assert "in force since" in out
    assert AgreementVersion.objects.get(number=1).status == "active"

    markdown, _ = run("show")
    assert '<a id="temperature.marketing.hot"></a>' in markdown
    html, _ = run("show", "1", "--format", "html", "--lang", "en")
    assert html.startswith("<!DOCTYPE html>")
    source, _ = run("show", "1", "--format", "yaml")
    assert source == example_file.read_text(encoding="utf-8")

    run("propose", str(example_file))
    out, _ = run("diff", "1", "2")
    assert "the same" in out
    out, _ = run("list")
    assert out.splitlines()[0].split()[:2] == ["VERSION", "STATUS"]
    assert "active" in out and "draft" in out


def test_signing_as_someone_not_named_fails_cleanly(heads, draft, cast):
    with pytest.raises(CommandError) as failed:
        run("sign", "1", "--as", "adam@firma.pl")
    assert failed.value.returncode == 1
    assert "not named as a signer" in str(failed.value)


def test_show_without_an_active_version(db):
    with pytest.raises(CommandError, match="No agreement version is in force"):
        run("show")


def test_activate_from_a_date(signed, heads):
    out, _ = run("activate", "1", "--from", "2099-01-01", "--as", MARTA)
    assert "will be in force from 2099-01-01 00:00" in out


def test_a_bad_date(signed):
    with pytest.raises(CommandError) as failed:
        run("activate", "1", "--from", "next tuesday")
    assert failed.value.returncode == 2


@pytest.mark.parametrize("moment", ["0001-01-01", "3000-06-01T00:00+01:00"])
def test_a_date_outside_the_years_leadpact_stores(signed, moment):
    with pytest.raises(CommandError, match="must be between the years 1900 and 2999") as failed:
        run("activate", "1", "--from", moment, "--as", MARTA)
    assert failed.value.returncode == 2
    assert AgreementVersion.objects.get(number=1).status == "signed"


@pytest.mark.parametrize(
    "moment",
    ["2026-13-01", "2026-02-30", "2026-12-01T25:00", "2026-12-01T08:00+25:00"],
)
def test_a_well_written_date_that_cannot_be(signed, moment):
    with pytest.raises(
        CommandError, match=rf"--from '{re.escape(moment)}' is not a real date or time"
    ) as failed:
        run("activate", "1", "--from", moment, "--as", MARTA)
    assert failed.value.returncode == 2
    assert AgreementVersion.objects.get(number=1).status == "signed"


@pytest.mark.slow
def test_the_command_line_exit_codes_without_a_traceback(tmp_path, example_text):
    """A real process: the exit status and streams an operator sees (no database needed)."""
    good = tmp_path / "good.yaml"
    good.write_text(example_text, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    env = {"LEADPACT_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(ROOT / "manage.py"), "agreement", "validate"]

    ok = subprocess.run([*manage, str(good)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert (ok.returncode, ok.stdout) == (0, "valid\n"), ok.stderr
    failed = subprocess.run([*manage, str(bad)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert failed.returncode == 1
    assert failed.stdout.startswith(f"{bad}:")
    assert "Traceback" not in failed.stderr
    usage = subprocess.run(manage, capture_output=True, text=True, env=env, cwd=ROOT)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_diff_shows_what_changed_inside_a_clause(propose, agreement_text):
    def edit(document):
        document["goals"]["sales"]["won_deals"] = 4321

    propose(agreement_text())
    propose(agreement_text(edit))
    out, _ = run("diff", "1", "2")
    header, row = out.splitlines()
    assert header.split() == ["CLAUSE", "CHANGE", "IN", "1", "IN", "2"]
    assert row.split(maxsplit=2)[:2] == ["goals.sales", "changed"]
    assert '{"won_deals": 4321}' in row


def test_validate_reports_a_signer_who_is_not_a_user_in_an_invalid_file(
    heads, tmp_path, example_text
):
    path = tmp_path / "broken.yaml"
    text = example_text.replace(TOMASZ, "ghost@leadpact.demo").replace(
        "window_days: 90", "window_days: 0"
    )
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("agreement", "validate", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert any(": parties.sales.owner: no user with this e-mail" in line for line in lines), lines
    assert any("temperature.marketing.window_days" in line for line in lines), lines
    assert lines == sorted(lines, key=lambda line: int(line.split(":")[1]))
