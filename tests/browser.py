"""Headless Chromium for tests: Debian's ``chromium`` driven by Playwright.

Playwright is a test dependency only, and it never downloads a browser of
its own: it drives the system's ``chromium`` (``apt-get install chromium``;
``.ci/run`` installs it when it is missing). When the browser cannot start, a
test fails when ``CI`` is set (CI must not pass by skipping the browser) and
is skipped elsewhere, with the reason.

``scripts/report_screenshot.py`` uses :func:`chromium` too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

LAUNCH_ARGS = ["--disable-dev-shm-usage", "--disable-gpu"]
"""Small /dev/shm in containers; no GPU on CI machines."""


class BrowserUnavailable(Exception):
    """The browser could not be found or started: the message says why."""


def unavailable(reason: str) -> NoReturn:
    """Fail in CI, skip elsewhere."""
    message = f"headless Chromium is not available: {reason}"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(message + " (CI is set: the browser tests must run)", pytrace=False)
    pytest.skip(message)


@contextmanager
def chromium() -> Iterator[Browser]:
    """The system's Chromium, headless, through Playwright; :class:`BrowserUnavailable` if not."""
    path = shutil.which("chromium")
    if path is None:
        raise BrowserUnavailable("no `chromium` on PATH (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        hint = "pip install -e '.[test]'"
        raise BrowserUnavailable(f"playwright is not installed ({error}): {hint}") from None
    try:
        manager = sync_playwright().start()
    except Exception as error:  # the driver itself did not start
        raise BrowserUnavailable(f"Playwright's driver did not start: {error}") from error
    try:
        try:
            browser = manager.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        except Error as error:
            raise BrowserUnavailable(f"{path} did not start: {error.message}") from error
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()


@contextmanager
def browser_or_skip() -> Iterator[Browser]:
    """:func:`chromium` for a fixture: fail or skip (:func:`unavailable`) when it cannot start."""
    try:
        with chromium() as browser:
            yield browser
    except BrowserUnavailable as error:
        unavailable(str(error))


@dataclass
class Requests:
    """Every request a page made, and those that went anywhere but the page's own file."""

    document: str
    seen: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.seen.append(request.url)

    def on_route(self, route: Route) -> None:
        url = route.request.url
        if url == self.document:
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


def open_file(browser: Browser, url: str, width: int = 1000) -> tuple[Page, Requests]:
    """A new page showing the file at ``url``, with every request recorded; any other than the
    file itself is refused."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests = Requests(url)
    page.on("request", requests.on_request)
    page.route("**/*", requests.on_route)
    page.goto(url, wait_until="load")
    return page, requests
