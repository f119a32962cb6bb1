"""Fixtures and helpers for browser tests: Playwright's sync API driving Debian's Chromium.

Each test folder's ``conftest.py`` imports the fixtures it needs::

    from gongkai.core.testing import browser, page  # noqa: F401

A browser test asks for ``page`` (a fresh browser context on the ``live_server``, so
relative URLs work) and is marked ``@pytest.mark.browser``. Data the test creates is
visible to the server: ``live_server`` makes the test use a transactional database.

Playwright's own browser download does not work here, so the tests always drive the
system Chromium. When it is missing they fail (never skip), so that a machine without
it cannot pass the suite quietly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, ViewportSize
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCALE = "zh-CN"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
#: How long a locator or navigation waits (ms); a page here loads in well under a second.
TIMEOUT_MS = 5000


class _SharedChromium:
    """One Playwright driver and one Chromium per test run.

    Each conftest that imports :func:`browser` registers a session fixture of its own,
    but a thread can run only one sync Playwright at a time, so the fixtures share this
    instance and the last one torn down closes it.
    """

    def __init__(self) -> None:
        self.users = 0
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None

    def acquire(self) -> Browser:
        if self.browser is None:
            if not CHROMIUM.exists():
                pytest.fail(
                    f"Browser tests need Chromium at {CHROMIUM}, which is missing. "
                    "Run `make test`, which installs it.",
                    pytrace=False,
                )
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        self.users += 1
        return self.browser

    def release(self) -> None:
        self.users -= 1
        if self.users == 0 and self.playwright is not None:
            if self.browser is not None:
                self.browser.close()
            self.playwright.stop()
            self.browser = self.playwright = None


_chromium = _SharedChromium()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Chromium shared by the whole test run."""
    chromium = _chromium.acquire()
    try:
        yield chromium
    finally:
        _chromium.release()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A page in a new context (no cookies from other tests) on the live server."""
    context = browser.new_context(locale=LOCALE, base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page: Page, username: str, password: str) -> None:
    """Log in through the real login form, as a person would, and wait for the result."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
