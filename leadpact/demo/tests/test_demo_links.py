import os

import pytest
from pytest_django import Settings

from leadpact.demo.management.commands.demo import _links_point_at


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
