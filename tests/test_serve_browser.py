"""`hubcensus serve` end to end: a real server process on 127.0.0.1, driven by a real browser.

What a person would check: the page answers and its charts draw; choosing a filter changes a chart
and the URL; the model and organisation pages render; nothing is fetched from anywhere but the
server; markup in Hub strings shows as text and runs nothing (no dialog opens, no element is made
from it); Ctrl-C stops the server cleanly. `HUBCENSUS_SHOTS=DIR` keeps screenshots of each page.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.layout_checks import WIDTHS, chart_layout, horizontal_overflow, new_page
from tests.worlds import HOSTILE, HOSTILE_MODEL, HOSTILE_TAG, HOSTILE_TITLE

pytestmark = pytest.mark.slow
LOAD_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def server(explorer_world: Path) -> Iterator[str]:
    """`hubcensus serve --port 0` on the session's explorer world, as a user runs it; yields its URL, then
    stops it with Ctrl-C. The server opens the store read-only, so other tests can read it meanwhile."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "hubcensus.cli", "serve", "--db", str(explorer_world), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _read_url(proc)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def _read_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            line = proc.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if found:
                return found.group(0)
        if proc.poll() is not None:
            raise AssertionError(f"serve exited {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
    raise AssertionError("serve printed no URL within 60 s")


class Watch:
    """Everything a page did that a test must be able to rule out."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self, host: str) -> None:
        hosts = {urlsplit(u).netloc for u in self.requests if not u.startswith(("data:", "blob:", "about:"))}
        assert hosts == {host}, self.requests
        assert self.dialogs == []
        assert self.errors == []


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    p = context.new_page()
    yield p
    context.close()


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("HUBCENSUS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def wait_loaded(page: Any, generation: int) -> None:
    page.wait_for_selector(f"body[data-loaded='{generation}']", state="attached", timeout=LOAD_TIMEOUT_MS)


def chart_text(page: Any, metric: str) -> str:
    return page.locator(f"#m-{metric} .chart svg").first.text_content() or ""


def test_the_explorer_draws_every_chart_and_filters_change_them(server: str, page: Any) -> None:
    watch = Watch(page)
    page.goto(server)
    wait_loaded(page, 1)
    cards = page.locator(".card[data-metric]")
    assert cards.count() == 23
    assert page.locator(".card[data-state='done']").count() == 23  # drawn, or told it has nothing to draw
    assert page.locator(".card .chart svg").count() >= 15
    before = chart_text(page, "downloads_by_country")
    assert "China" in before and "United States" in before
    shot(page, "explorer")

    page.select_option("select[name=country]", "CN")
    wait_loaded(page, 2)
    assert page.url.endswith("/?country=CN")
    after = chart_text(page, "downloads_by_country")
    assert after != before and "China" in after and "United States" not in after
    assert page.locator("#m-downloads_by_country").get_attribute("data-rows") == "1"
    assert "Filtered to" in page.locator("#scope").inner_text()
    shot(page, "explorer-cn")

    page.go_back()  # the URL is the state: back shows every country again
    wait_loaded(page, 3)
    assert "United States" in chart_text(page, "downloads_by_country")

    page.goto(server + "?to=2026-01-01&task=text-generation")  # a shared link opens filtered
    wait_loaded(page, 1)
    assert page.locator("select[name=task]").input_value() == "text-generation"
    assert page.locator("#m-hub_growth").get_attribute("data-as-of") == "2026-01-01"
    watch.assert_clean(urlsplit(server).netloc)


def test_model_and_organisation_pages(server: str, page: Any) -> None:
    watch = Watch(page)
    page.goto(server + "model/u2/qwen-gguf")
    tree = page.locator("ol.tree")
    assert tree.locator("li.node").nth(0).inner_text().strip() == "Qwen/Qwen2.5-7B"
    assert "quantized" in tree.locator("li.self").inner_text().lower()
    shot(page, "model")
    page.goto(server + "org/Qwen")
    page.wait_for_selector("[data-chart='releases'][data-state='done']", state="attached", timeout=LOAD_TIMEOUT_MS)
    assert page.locator("[data-chart] svg").count() >= 1
    assert "Alibaba" in page.locator("h1").inner_text()
    shot(page, "org")
    page.goto(server + "search?q=qwen")
    assert page.locator("table.list a[href='/model/Qwen/Qwen2.5-7B']").count() == 1
    page.goto(server + "model/no/such-model")
    assert "no such model" in page.locator(".message").inner_text()
    watch.errors = [e for e in watch.errors if "404" not in e]  # the 404 itself is logged by the browser
    watch.assert_clean(urlsplit(server).netloc)


def test_hostile_strings_show_as_text_and_run_nothing(server: str, page: Any) -> None:
    watch = Watch(page)
    page.goto(server + "model/" + quote(HOSTILE_MODEL))
    assert page.locator("h1").inner_text() == HOSTILE_MODEL
    assert HOSTILE_TAG in page.locator(".tags").inner_text()
    assert HOSTILE_TITLE in page.locator("body").inner_text()
    shot(page, "hostile-model")
    page.goto(server + "org/" + quote(HOSTILE))
    assert HOSTILE in page.locator("h1").inner_text()
    page.goto(server + "search?q=" + quote("<"))
    assert HOSTILE_MODEL in page.locator("body").inner_text()
    page.goto(server + "?org=" + quote(HOSTILE))  # the hostile namespace as a filter: the charts draw its figures
    wait_loaded(page, 1)
    assert page.locator("input[name=org]").input_value() == HOSTILE
    assert page.locator(".card[data-state='error']").count() == 0
    shot(page, "hostile-explorer")
    for selector in (
        "img[src='x']",
        "svg[onload]",
        "b[onmouseover]",
        "body script:not([src]):not([type='application/json'])",
    ):
        assert page.locator(selector).count() == 0, selector
    watch.assert_clean(urlsplit(server).netloc)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_explorer_fits_the_screen_and_labels_its_tiles(server: str, browser: Any, width: int) -> None:
    """At 390 px and 1400 px the explorer scrolls only vertically (it was 507 px wide on a phone), every chart
    has a width and no overlapping texts, and the headline tiles say what they hold in words, not raw keys."""
    context, page = new_page(browser, width)
    try:
        page.goto(server)
        wait_loaded(page, 1)
        assert horizontal_overflow(page) <= 1
        charts = chart_layout(page, ".card .chart")
        drawn = [c for c in charts if c["width"] or c["overlaps"]]
        assert len(drawn) >= 15
        assert [c["id"] for c in drawn if c["width"] < 100] == []
        assert {c["id"]: c["overlaps"] for c in drawn if c["overlaps"]} == {}
        terms = page.locator("#m-download_concentration .headline dt").all_inner_texts()
        assert "Downloads to the top 0.01% of models" in terms and "Gini coefficient" in terms
        assert not [t for t in page.locator(".headline dt").all_inner_texts() if "_" in t]
        gini = page.locator("#m-download_concentration .headline .kv", has_text="Gini").locator("dd").inner_text()
        assert re.fullmatch(r"0\.\d{3}", gini), gini  # a coefficient, not a percentage
    finally:
        context.close()


def test_an_unknown_organisation_clears_the_figures(server: str, page: Any) -> None:
    """After an error the cards show no number from the earlier, unfiltered answer."""
    page.goto(server)
    wait_loaded(page, 1)
    assert page.locator("#m-download_concentration .headline dt").count() > 0
    page.evaluate("""() => {  // a value typed or shared that the store does not hold
        const input = document.querySelector('[data-filter][name=org]');
        if (input.tagName === 'SELECT') input.append(new Option('no-such-org-anywhere', 'no-such-org-anywhere'));
        input.value = 'no-such-org-anywhere';
        input.form.dispatchEvent(new Event('change'));
    }""")
    wait_loaded(page, 2)
    card = page.locator("#m-download_concentration")
    assert card.get_attribute("data-state") == "error"
    assert "no such namespace" in card.locator(".chart").inner_text()
    assert card.locator(".headline dt").count() == 0
    assert card.get_attribute("data-rows") is None
    assert "no such namespace" in page.locator("#scope").inner_text()
