"""`leadpact` itself, as a shell runs it: whatever is wrong around a command — the database,
the environment, Ctrl-C, a closed pipe — ends in one line and a non-zero exit, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import leadpact.cli

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


def leadpact_run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LEADPACT_HOME": str(home), **env}
    for name in ("DJANGO_SETTINGS_MODULE", "LEADPACT_DATABASE_URL", "LEADPACT_REDIS_URL"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "leadpact.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def assert_one_line(done: subprocess.CompletedProcess[str], code: int, line: str) -> None:
    assert (done.returncode, done.stderr) == (code, f"leadpact: {line}\n"), done.stderr


@pytest.mark.parametrize(
    "args",
    [["user", "list"], ["report", "--period", "2026-10"], ["sla", "sweep"], ["generate"]],
)
def test_a_database_without_tables_says_to_migrate(tmp_path: Path, args: list[str]) -> None:
    done = leadpact_run(tmp_path, *args)

    assert_one_line(done, 2, "the database has no tables yet: run `leadpact migrate` first")


def test_a_dry_run_import_on_a_database_without_tables_claims_nothing_stored(
    tmp_path: Path,
) -> None:
    accounts = tmp_path / "acc.csv"
    accounts.write_text("domain,name\nacme.pl,Acme\n")

    done = leadpact_run(tmp_path, "import", "accounts", str(accounts), "--dry-run")

    assert_one_line(done, 2, "the database has no tables yet: run `leadpact migrate` first")
    assert "stored" not in done.stdout + done.stderr


def test_a_database_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    url = "sqlite:////nonexistent/dir/db.sqlite3"
    done = leadpact_run(tmp_path, "user", "list", LEADPACT_DATABASE_URL=url)

    assert_one_line(
        done,
        2,
        "cannot open the database /nonexistent/dir/db.sqlite3: unable to open database file",
    )


def test_a_file_can_be_validated_without_any_database(tmp_path: Path) -> None:
    example = leadpact_run(tmp_path, "agreement", "example")
    (tmp_path / "a.yaml").write_text(example.stdout)

    done = leadpact_run(tmp_path, "agreement", "validate", str(tmp_path / "a.yaml"))

    assert done.returncode == 0, done.stderr
    assert done.stdout == "valid\n"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LEADPACT_TIME_ZONE": "Mars/Base"}, "LEADPACT_TIME_ZONE must be a time zone name"),
        ({"LEADPACT_HOME": "/etc/passwd"}, "LEADPACT_HOME must be a folder leadpact can"),
    ],
)
def test_help_with_a_wrong_setting_says_so_in_one_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    done = leadpact_run(tmp_path, "--help", **env)

    assert done.returncode == 2
    assert done.stderr.startswith(f"leadpact: {message}") and done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LEADPACT_HSTS_SECONDS": "a year"}, "LEADPACT_HSTS_SECONDS must be a whole number"),
        ({"LEADPACT_PROXY_SSL_HEADER": "a:b"}, "LEADPACT_PROXY_SSL_HEADER must be true, false"),
        ({"LEADPACT_CSRF_TRUSTED_ORIGINS": "example.com"}, "LEADPACT_CSRF_TRUSTED_ORIGINS must"),
        ({"LEADPACT_EMAIL_BACKEND": "no.such.Backend"}, "LEADPACT_EMAIL_BACKEND must name a"),
    ],
)
def test_a_wrong_setting_is_named_even_while_https_is_off(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    done = leadpact_run(tmp_path, "check", **env)

    assert done.returncode == 2
    assert done.stderr.startswith(f"leadpact: {message}") and done.stderr.count("\n") == 1


def test_help_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    environment = {**os.environ, "LEADPACT_HOME": str(tmp_path)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "leadpact.cli", "--help"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head -0`: the reader is gone before the help is written

    errors = process.stderr.read().decode()
    process.wait(timeout=120)

    assert "Traceback" not in errors and "BrokenPipeError" not in errors


def test_help_for_one_command_and_the_version(tmp_path: Path) -> None:
    assert leadpact_run(tmp_path, "help", "import").stdout.startswith("usage: leadpact import")
    version = leadpact_run(tmp_path, "--version")
    assert version.stdout == f"leadpact {leadpact.cli.leadpact_version()}\n"
    assert leadpact.cli.leadpact_version() == "0.1.0"


def test_ctrl_c_anywhere_says_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def pressed(args: list[str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(leadpact.cli, "_command_run", pressed)

    with pytest.raises(SystemExit) as stopped:
        leadpact.cli.main(["user", "list"])

    assert stopped.value.code == 130
    assert capsys.readouterr().err == "Interrupted.\n"


def test_a_database_server_that_cannot_be_reached_is_named(tmp_path: Path) -> None:
    url = "postgres://postgres@127.0.0.1:1/leadpact"
    done = leadpact_run(tmp_path, "user", "list", LEADPACT_DATABASE_URL=url)

    assert done.returncode == 2
    assert done.stderr.startswith("leadpact: cannot open the database leadpact at 127.0.0.1:1: ")
    assert done.stderr.count("\n") == 1
