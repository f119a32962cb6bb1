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
    from playwright.sync_api import Browser, Page
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
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: How long a locator waits for an element (ms); pages here render in milliseconds.
TIMEOUT_MS = 5000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}, which is missing. "
            "Run `make test`, which installs it.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


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
