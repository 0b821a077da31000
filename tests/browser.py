"""A real browser for the browser tests: Playwright's sync API driving Debian's Chromium.

Shared by the report's and the explorer's browser tests. Playwright never downloads a browser
here: it launches `/usr/bin/chromium` (scripts/test.sh installs it), headless, with the traffic
Chromium makes on its own (component updates, sync, QUIC probes, first-run pings) switched off,
so that every request a test records is one the page made. Each launch gets a fresh temporary
profile (Playwright passes its own `--user-data-dir`), and each test a fresh browser context.

A missing Chromium fails the test with what to do: a browser test that skips itself proves nothing.

Use it from a test module:

    from tests.browser import open_page    # `browser` is registered once, in conftest.py

    def test_x(browser):
        with open_page(browser) as w:          # or open_page(browser, phone=True)
            w.page.goto(url)
            assert not w.problems()
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (a Playwright `Browser`) for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests drive Debian's Chromium; run scripts/test.sh, which installs it"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run scripts/test.sh (it installs hubcensus[test])")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Watched:
    """A page and everything it did: requests made, console messages, uncaught errors, dialogs opened."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and dialogs (an alert() is what injected script does first)."""
        return self.console_errors() + [f"uncaught: {e}" for e in self.errors] + [f"dialog: {d}" for d in self.dialogs]

    def requests_outside(self, *allowed_prefixes: str) -> list[str]:
        return [u for u in self.requests if not u.startswith(allowed_prefixes)]


@contextmanager
def open_page(browser: Any, *, phone: bool = False) -> Iterator[Watched]:
    """A new page in its own context, desktop- or phone-sized, recording what it does; closed afterwards."""
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    page = context.new_page()
    watched = Watched(page)
    page.on("request", lambda r: watched.requests.append(r.url))
    page.on("console", lambda m: watched.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: watched.errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        watched.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield watched
    finally:
        context.close()
