"""A headless Chromium for browser tests: Playwright's sync API driving Debian's `/usr/bin/chromium`.

Playwright never downloads a browser here: it launches the system one, with the background traffic
Chromium makes by itself (component updates, sync, QUIC probes) switched off, so that every request
a test sees is one the page made. Without Chromium or Playwright the tests skip on a developer's
machine and fail under CI (where scripts/test.sh installs both).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: scripts/test.sh installs it")
    pytest.skip(f"{what} is missing (scripts/test.sh installs it)")


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (a playwright Browser), closed afterwards."""
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
