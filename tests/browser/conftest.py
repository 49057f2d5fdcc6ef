"""Chromium through Playwright against the live test server.

One browser per session, a fresh context (cookies, storage) per test. Every page records
JavaScript dialogs and page errors, so a test can prove that no injected script ran.
Screenshots go to var/screenshots/ (see `screenshot`).
"""

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told that this is fine (it is: the test server runs in its own thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _browser_db(transactional_db) -> None:
    """The live server reads from another thread, so data must really be committed."""


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


class WatchedPage:
    """What a page did that a test may want to forbid: dialogs and uncaught errors."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.csp_violations: list[str] = []


@pytest.fixture
def watched() -> WatchedPage:
    return WatchedPage()


def _new_page(browser: Browser, base_url: str, watched: WatchedPage, locale: str) -> Page:
    context = browser.new_context(
        base_url=base_url, locale=locale, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_dialog(dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    pending: set = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    _PENDING[page] = pending
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            watched.csp_violations.append(f"{page.url} {message.location}: {message.text[:60]}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


_PENDING: dict[Page, set] = {}


def _close(page: Page) -> None:
    """Close the page once the live server has answered what it asked. A request still
    running there (an htmx poll) would write while the test's database is being emptied.
    The page is emptied first: htmx polls only elements still in the page, so no poll (the
    case page's presence every 3 s) starts between the wait and the close."""
    pending = _PENDING.pop(page)
    with contextlib.suppress(PlaywrightError):  # a page that is navigating has no body to empty
        page.evaluate("document.body && document.body.replaceChildren()")
    deadline = time.monotonic() + 10
    while pending and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    page.goto("about:blank")  # no further polls
    page.context.close()


@pytest.fixture
def page(browser: Browser, base_url: str, watched: WatchedPage) -> Iterator[Page]:
    """A page in a fresh English-speaking context on the live server."""
    page = _new_page(browser, base_url, watched, "en-GB")
    yield page
    _close(page)


@pytest.fixture
def second_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """Another person's browser (own cookies), e.g. the customer beside the agent."""
    page = _new_page(browser, base_url, WatchedPage(), "de-DE")
    yield page
    _close(page)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save the page as var/screenshots/<name>.png and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, caret="initial", animations="allow")
    return path


def sign_in_agent(page: Page, username: str, password: str) -> None:
    """Sign in through the desk's form; ends on the agent's work list."""
    page.goto("/desk/sign-in/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/desk/")
