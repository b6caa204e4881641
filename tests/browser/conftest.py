"""Fixtures for the browser tests: one headless Debian Chromium per session, a fresh context per visitor.

Playwright's sync API keeps an asyncio event loop in the main thread, and Django refuses ORM calls while one
runs unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set. Here that is safe: the loop only drives the browser, and the
ORM calls are the test's own, made between browser steps.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
# We run as root on a closed network: no sandbox, no GPU, and none of the calls home Chromium makes on start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
STEP_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium (``make browser`` installs it); Playwright never downloads a browser here."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (scripts/ensure-chromium) first.")
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    Started earlier, it sees the file database of the settings, not SQLite's shared in-memory test database,
    so it does not hand its connection to the request threads; each of them then opens its own in-memory
    connection, which Django never closes, and the ResourceWarning fails the run (warnings are errors).
    """
    return live_server


@pytest.fixture
def new_context(chromium: Browser, live_server) -> Iterator[Callable[[], BrowserContext]]:
    """``new_context()``: a fresh visitor (own cookies, own session) whose relative URLs go to the live server."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = chromium.new_context(base_url=live_server.url, viewport={"width": 1000, "height": 800})
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``test-artifacts/`` at the repository root (ignored by git; CI keeps it)."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
