"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

Chromium is /usr/bin/chromium (Debian's `chromium` package) or $LEADPACT_CHROMIUM; without it
every test here is skipped with a message saying so. Playwright never downloads a browser.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import WARM, record
from leadpact.users.models import User
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 10_000
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the browser tests.

    While Playwright's sync API is started, an asyncio loop runs in this thread, and Django
    refuses database access from a thread with a running loop (SynchronousOnlyOperation). The
    tests' own set-up and checks are plain synchronous code, so the check is lifted — only
    while the browser runs, so the rest of the suite keeps it.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set LEADPACT_CHROMIUM)"
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[[], Page]]:
    """`new_page()` — a page in a fresh browser profile (no cookies) at laptop size, so that
    two people can be signed in at once. After a failing test each page leaves a screenshot
    in $LEADPACT_HOME/browser-failures/."""
    expect.set_options(timeout=TIMEOUT_MS)
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(viewport=VIEWPORT, locale="pl-PL")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = request.node.stash.get(FAILED, False)
    folder = Path(os.environ.get("LEADPACT_HOME", ".leadpact")) / "browser-failures"
    for number, context in enumerate(contexts):
        if failed:
            folder.mkdir(parents=True, exist_ok=True)
            for opened in context.pages:
                with contextlib.suppress(PlaywrightError):  # a crashed page has no picture
                    opened.screenshot(path=str(folder / f"{request.node.name}-{number}.png"))
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


@pytest.fixture
def site(live_server: Any) -> str:
    """The live server's address, e.g. http://localhost:40123."""
    return str(live_server.url)


@pytest.fixture
def in_force(activate_example: Callable[[], Any]) -> Any:
    """The example agreement, proposed, signed and activated now (real time: the live server
    runs on the real clock)."""
    return activate_example()


@pytest.fixture
def hand_over(in_force: Any) -> Callable[[str], Lead]:
    """`hand_over("jan.kowal@huta.pl")` — a lead that turned warm half an hour ago at an ICP-A
    account, and so was just handed to the next rep of `sales-sme` (Piotr first, then Anna)."""

    def make(email: str) -> Lead:
        return record(email, *WARM, occurred_at=timezone.now() - timedelta(minutes=30))

    return make


PASSWORD = "x-pass-12345"  # the cast's password (root conftest.py)


@pytest.fixture
def sign_in(site: str, cast: dict[str, User]) -> Callable[[Page, str | User], Page]:
    """`sign_in(page, "piotr")` (one of the cast, or any user with the cast's password) —
    through the sign-in form, as a person would; waits until the signed-in page is shown."""

    def go(page: Page, who: str | User) -> Page:
        user = cast[who] if isinstance(who, str) else who
        page.goto(f"{site}/sign-in/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Hasło").fill(PASSWORD)
        page.get_by_role("button", name="Zaloguj się").click()
        # Signed in, in whichever language the person chose.
        expect(page.locator("form[action='/sign-out/'] button")).to_be_visible()
        return page

    return go
