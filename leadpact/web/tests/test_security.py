"""CSRF on every form, a strict Content-Security-Policy, friendly error pages, and production
settings that `manage.py check --deploy` finds clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import reverse

from leadpact.web.views.errors import server_error

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_a_post_without_the_csrf_token_is_refused(cast, piotrs_lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["piotr"])

    response = client.post(f"/leads/{piotrs_lead.pk}/accept/")

    assert response.status_code == 403
    assert "Spróbuj ponownie" in response.content.decode()
    piotrs_lead.refresh_from_db()
    assert piotrs_lead.stage == "mql"


def test_with_the_token_from_the_page_the_same_post_goes_through(cast, piotrs_lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["piotr"])
    page = client.get("/queue/").content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    token = found.group(1)

    response = client.post(f"/leads/{piotrs_lead.pk}/accept/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/sign-in/",
        "/sign-out/",
        "/language/",
        "/password-reset/",
        "/inbox/read-all/",
        "/preferences/",
    ],
)
def test_every_form_endpoint_checks_csrf(cast, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["marta"])

    assert client.post(path, {}).status_code == 403


def test_every_page_form_carries_the_token(web_for, piotrs_lead):
    for url in ("/", "/queue/", f"/leads/{piotrs_lead.pk}/", "/inbox/", "/preferences/"):
        page = web_for("piotr").get(url).content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
        assert forms, url
        assert all("csrfmiddlewaretoken" in form for form in forms), url


def test_the_content_security_policy_allows_only_our_own_files(client):
    policy = client.get("/sign-in/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_pages_have_no_inline_script_style_or_outside_address(web_for, piotrs_lead, annas_lead):
    for name in ("piotr", "marta", "adam"):
        for url in ("/", "/queue/", f"/leads/{piotrs_lead.pk}/", "/agreement/", "/inbox/"):
            page = web_for(name).get(url).content.decode()
            assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == [], url
            assert "<style" not in page and " style=" not in page, url
            assert not re.search(r"<[^>]+\son[a-z]+=", page), url  # no inline event handlers
            assert re.findall(r'(?:src|href)="(https?://[^"]+)"', page) == [], url


def test_htmx_is_served_from_an_installed_package(client):
    page = client.get("/sign-in/").content.decode()
    assert re.findall(r'<script src="([^"]+)"', page) == ["/static/htmx/htmx.min.js"]
    assert finders.find("htmx/htmx.min.js")
    assert finders.find("web/leadpact.css")


def test_not_found_is_friendly(web_for):
    response = web_for("piotr").get("/no-such-page/")

    assert response.status_code == 404
    assert "Nie znaleźliśmy tego" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_forbidden_is_friendly(web_for):
    response = web_for("marta").get("/queue/")

    assert response.status_code == 403
    assert "To nie jest dla Twojej roli" in response.content.decode()


def test_the_server_error_page_renders_without_the_database_or_a_session():
    request = RequestFactory().get("/")

    response = server_error(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert "Coś poszło nie tak po naszej stronie" in page
    assert 'href="/static/web/leadpact.css"' in page


def test_error_handlers_are_wired():
    from config import urls

    assert urls.handler403.endswith("errors.forbidden")
    assert urls.handler404.endswith("errors.not_found")
    assert urls.handler500.endswith("errors.server_error")
    assert reverse("web:home") == "/"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADPACT_")}
    env.update(
        LEADPACT_HOME=str(tmp_path),
        LEADPACT_DEBUG="false",
        LEADPACT_HTTPS="true",
        LEADPACT_ALLOWED_HOSTS="leadpact.example.com",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return {**env, **extra}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_turns_on_https_only_cookies_and_hsts(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )

    def run(env: dict[str, str]) -> str:
        return subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120, check=True,
        ).stdout.strip()  # fmt: skip

    assert run(production_env(tmp_path)) == "True True True 31536000 True"
    assert run(production_env(tmp_path, LEADPACT_HTTPS="false")) == "False False False 0 False"
    assert run(production_env(tmp_path, LEADPACT_DEBUG="true")) == "False False False 0 False"


def test_behind_a_proxy_its_https_requests_are_not_redirected_again(tmp_path):
    """With the proxy's header trusted, a request it passes on over plain HTTP but marked
    `https` is served, not redirected (a redirect loop otherwise); a plain one is redirected;
    the health checks answer a monitor asking over HTTP."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='leadpact.example.com'); "
        "print(c.get('/sign-in/', HTTP_X_FORWARDED_PROTO='https').status_code, "
        "c.get('/sign-in/').status_code, c.get('/healthz').status_code)"
    )
    for header in ("true", "X-Forwarded-Proto"):
        env = production_env(tmp_path, LEADPACT_PROXY_SSL_HEADER=header)
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert done.stdout.split() == ["200", "301", "200"], done.stderr
