import os

import pytest
from pytest_django import Settings

from leadpact.demo.management.commands.demo import (
    FILE_BACKEND,
    _emails_kept_in_files,
    _links_point_at,
)


def test_a_demo_on_another_port_links_its_e_mails_there(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
):
    monkeypatch.setenv("LEADPACT_BASE_URL", "")  # unset, and put back afterwards
    _links_point_at("http://127.0.0.1:8011")
    assert settings.LEADPACT_BASE_URL == "http://127.0.0.1:8011"
    assert os.environ["LEADPACT_BASE_URL"] == "http://127.0.0.1:8011"  # the worker's


def test_an_installation_s_own_base_url_wins(monkeypatch: pytest.MonkeyPatch, settings: Settings):
    monkeypatch.setenv("LEADPACT_BASE_URL", "https://leads.firma.pl")
    settings.LEADPACT_BASE_URL = "https://leads.firma.pl"
    _links_point_at("http://127.0.0.1:8011")
    assert settings.LEADPACT_BASE_URL == "https://leads.firma.pl"
    assert os.environ["LEADPACT_BASE_URL"] == "https://leads.firma.pl"


def test_the_demo_keeps_its_e_mails_in_files_unless_told_where_to_send(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    monkeypatch.setenv("LEADPACT_EMAIL_BACKEND", "")  # unset, and put back afterwards
    monkeypatch.delenv("LEADPACT_SMTP_HOST", raising=False)

    folder = _emails_kept_in_files()

    assert folder == str(settings.LEADPACT_HOME / "sent-emails")
    assert settings.EMAIL_BACKEND == os.environ["LEADPACT_EMAIL_BACKEND"] == FILE_BACKEND
    monkeypatch.setenv("LEADPACT_SMTP_HOST", "smtp.firma.pl")
    assert _emails_kept_in_files() is None
