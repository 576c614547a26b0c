"""`leadpact report --period … --format …` as an operator types it."""

import csv
import io
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.reports.tests.history import History
from leadpact.users.models import User

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def october(example: AgreementVersion, cast: dict[str, User]) -> Any:
    h = History(example)
    h.mql(h.lead("l1@acme.pl"), at("2026-10-05 10:00"), cast["piotr"])
    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        yield


@pytest.mark.django_db
def test_table_is_the_default(october: None) -> None:
    out, _ = run("--period", "2026-10", "--lang", "en")
    assert "Report 2026-10 (Europe/Warsaw)" in out
    assert "MQLs matching the ICP" in out


@pytest.mark.django_db
def test_json_and_csv_to_stdout(october: None) -> None:
    out, _ = run("--period", "2026-10", "--format", "json")
    assert json.loads(out)["mql"]["total"] == 1
    out, _ = run("--period", "2026-Q4", "--format", "csv")
    rows = {row[1]: row for row in csv.reader(io.StringIO(out))}
    assert rows["mql.total"][2:4] == ["MQL", "1"]


@pytest.mark.django_db
def test_xlsx_and_charts_to_files(october: None, tmp_path: Path) -> None:
    target = tmp_path / "october.xlsx"
    _, err = run(
        "--period",
        "2026-10",
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--charts",
        str(tmp_path / "charts"),
    )
    assert f"wrote {target}" in err
    assert "Lejek" in load_workbook(target).sheetnames
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "calibration.svg", "coverage.svg", "funnel.svg", "rejection_reasons.svg", "sla_history.svg",
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_bad_period_exits_2(october: None) -> None:
    with pytest.raises(CommandError) as failed:
        run("--period", "2026-13")
    assert failed.value.returncode == 2
    assert "YYYY-MM" in str(failed.value)


@pytest.mark.django_db
def test_no_agreement_exits_1(cast: dict[str, User]) -> None:
    with pytest.raises(CommandError) as failed:
        run("--period", "2026-10")
    assert failed.value.returncode == 1


@pytest.mark.slow
def test_the_command_line_without_a_traceback(tmp_path: Path) -> None:
    """A real process: help on one line, a bad period exits 2 before touching a database."""
    env = {"LEADPACT_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(ROOT / "manage.py"), "report"]
    bad = subprocess.run(
        [*manage, "--period", "2026-Q7"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert bad.returncode == 2, bad.stderr
    assert "not a period" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "home" / "leadpact.sqlite3").exists()
    usage = subprocess.run(
        [*manage, "--format", "pdf"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "leadpact.cli", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    line = next(line for line in listed.stdout.splitlines() if line.strip().startswith("report "))
    assert "period report" in line


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "where", "message"),
    [
        ("-o", "missing/r.txt", "the folder .*missing does not exist"),
        ("-o", ".", "is a folder"),
        ("--charts", "file.txt", "is a file, not a folder"),
    ],
)
def test_an_output_path_that_cannot_be_written_is_refused_before_anything_is_printed(
    october: None, tmp_path: Path, option: str, where: str, message: str
) -> None:
    (tmp_path / "file.txt").write_text("kept")
    out = StringIO()

    with pytest.raises(CommandError, match=message):
        call_command("report", "--period", "2026-10", option, str(tmp_path / where), stdout=out)
    assert out.getvalue() == ""
    assert (tmp_path / "file.txt").read_text() == "kept"


@pytest.mark.django_db
def test_a_period_that_has_not_begun_is_refused(october: None) -> None:
    with pytest.raises(CommandError, match=r"2099-01 has not begun yet") as failed:
        run("--period", "2099-01")
    assert failed.value.returncode == 2
    run("--period", "2026-11")  # the one under way reports what there is so far
