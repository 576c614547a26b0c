"""A wrong LEADPACT_* setting stops `leadpact` with one line that names it, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_import_path,
    env_int,
    env_origins,
    env_proxy_ssl_header,
    leadpact_home,
    secret_key,
)


@pytest.mark.parametrize("value", ["abc", "-5", "3.5"])
def test_a_wrong_number_names_the_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LEADPACT_RETENTION_DAYS", value)

    with pytest.raises(Exception, match=r"LEADPACT_RETENTION_DAYS must be a whole number ≥ 0"):
        env_int("LEADPACT_RETENTION_DAYS", 1095)


def test_unset_or_empty_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEADPACT_RETENTION_DAYS", raising=False)
    assert env_int("LEADPACT_RETENTION_DAYS", 1095) == 1095
    monkeypatch.setenv("LEADPACT_RETENTION_DAYS", " 30 ")
    assert env_int("LEADPACT_RETENTION_DAYS", 1095) == 30


def test_the_command_exits_2_with_the_message(tmp_path: Path) -> None:
    env = {**os.environ, "LEADPACT_HOME": str(tmp_path), "LEADPACT_SMTP_PORT": "smtp"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "leadpact.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "leadpact: LEADPACT_SMTP_PORT must be a whole number ≥ 1, not 'smtp'."
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 5), ("?prepare_threshold=none", None), ("?prepare_threshold=20", 20)],
)
def test_postgresql_prepares_statements_unless_the_url_says_none(
    query: str, expected: int | None
) -> None:
    from config.settings import _database

    config = _database(f"postgres://postgres@127.0.0.1:5432/leadpact{query}")

    assert config["OPTIONS"]["prepare_threshold"] == expected


def test_a_wrong_prepare_threshold_names_the_setting() -> None:
    from config.settings import _database

    with pytest.raises(
        Exception, match=r"prepare_threshold must be a whole number or none, not 'x'"
    ):
        _database("postgres://postgres@127.0.0.1:5432/leadpact?prepare_threshold=x")


@pytest.mark.parametrize("value", ["ture", "HTTP_X_FORWARDED_PROTO", "2", "enabled"])
def test_a_yes_or_no_setting_refuses_what_is_neither(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # Read as false, `LEADPACT_HTTPS=ture` would quietly serve production over plain HTTP.
    monkeypatch.setenv("LEADPACT_HTTPS", value)

    with pytest.raises(Exception, match=r"LEADPACT_HTTPS must be true or false, not '"):
        env_bool("LEADPACT_HTTPS")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("TRUE", True), (" yes ", True), ("1", True), ("off", False), ("", False), ("No", False)],
)
def test_a_yes_or_no_setting_takes_the_usual_words(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("LEADPACT_HTTPS", value)
    assert env_bool("LEADPACT_HTTPS") is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("false", None),
        ("true", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("X-Forwarded-Proto", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("HTTP_X_FORWARDED_PROTO", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("X-Forwarded-Scheme", ("HTTP_X_FORWARDED_SCHEME", "https")),
    ],
)
def test_the_proxy_header_is_true_or_named(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: tuple[str, str] | None
) -> None:
    monkeypatch.setenv("LEADPACT_PROXY_SSL_HEADER", value)
    assert env_proxy_ssl_header("LEADPACT_PROXY_SSL_HEADER") == expected


def test_a_proxy_header_that_is_no_header_name_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADPACT_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")

    with pytest.raises(Exception, match=r"LEADPACT_PROXY_SSL_HEADER must be true, false or a"):
        env_proxy_ssl_header("LEADPACT_PROXY_SSL_HEADER")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LEADPACT_TIME_ZONE", "Mars/Olympus", "must be a time zone name such as Europe/Warsaw"),
        ("LEADPACT_DATABASE_URL", "mysql://root@localhost/leadpact", "must be a URL such as "),
        ("LEADPACT_DATABASE_URL", "leadpact.sqlite3", "must be a URL such as postgres://…"),
        ("LEADPACT_REDIS_URL", "127.0.0.1:6379", "must be a URL such as redis://…"),
        ("LEADPACT_BASE_URL", "leads.firma.pl", "must be a URL such as https://…"),
        ("LEADPACT_LOG_LEVEL", "loud", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("LEADPACT_WEBHOOK_TIMEOUT", "5s", "must be a number of seconds > 0"),
        ("LEADPACT_NOTIFICATIONS_LEASE_SECONDS", "0", "must be a number of seconds > 0"),
        ("LEADPACT_TRUSTED_PROXIES", "127.0.0.1,nginx", "must list IP addresses or networks"),
    ],
)
def test_every_setting_that_makes_no_sense_stops_the_command_naming_it(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADPACT_")}
    env |= {"LEADPACT_HOME": str(tmp_path), name: value}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    done = subprocess.run(
        [sys.executable, "-m", "leadpact.cli", "check"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"leadpact: {name} {message}"), done.stderr
    assert repr(value.split(",")[-1]) in done.stderr
    assert "Traceback" not in done.stderr


def test_processes_starting_at_once_agree_on_one_generated_secret_key(tmp_path: Path) -> None:
    script = "import sys; from pathlib import Path; from config.env import secret_key; "
    script += "print(secret_key(Path(sys.argv[1])))"
    env = {k: v for k, v in os.environ.items() if k != "LEADPACT_SECRET_KEY"}
    starting = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    keys = {process.communicate(timeout=60)[0].strip() for process in starting}

    assert len(keys) == 1
    [key] = keys
    assert len(key) > 40
    assert (tmp_path / "secret_key").read_text() == key
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"], "no drafts left behind"
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_an_empty_key_file_is_named_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEADPACT_SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("\n")

    with pytest.raises(Exception, match=r"secret_key is empty: restore it from a backup"):
        secret_key(tmp_path)


def test_an_empty_home_means_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEADPACT_HOME", "")
    monkeypatch.chdir(tmp_path)

    assert leadpact_home() == tmp_path / ".leadpact"


@pytest.mark.parametrize("where", ["a-file", "a-file/below", "/proc/nonexistent"])
def test_a_home_that_cannot_be_a_folder_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setenv("LEADPACT_HOME", str(tmp_path / where))

    with pytest.raises(ImproperlyConfigured, match=r"^LEADPACT_HOME must be a folder"):
        leadpact_home()


def test_a_secret_key_that_cannot_be_kept_names_the_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LEADPACT_SECRET_KEY", raising=False)
    (tmp_path / "secret_key").mkdir()

    with pytest.raises(
        ImproperlyConfigured, match=r"Cannot keep the secret key in .*LEADPACT_HOME"
    ):
        secret_key(tmp_path)


@pytest.mark.parametrize("origins", ["example.com", "https://", "https://a.pl/path", "ftp://a.pl"])
def test_trusted_origins_must_be_full_origins(
    monkeypatch: pytest.MonkeyPatch, origins: str
) -> None:
    monkeypatch.setenv("LEADPACT_CSRF_TRUSTED_ORIGINS", f"https://ok.pl,{origins}")

    with pytest.raises(ImproperlyConfigured, match=r"LEADPACT_CSRF_TRUSTED_ORIGINS must list"):
        env_origins("LEADPACT_CSRF_TRUSTED_ORIGINS")


def test_an_e_mail_backend_must_be_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADPACT_EMAIL_BACKEND", "no.such.Backend")

    with pytest.raises(ImproperlyConfigured, match=r"LEADPACT_EMAIL_BACKEND must name a class"):
        env_import_path("LEADPACT_EMAIL_BACKEND", "x")
