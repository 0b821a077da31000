"""The report's page in a real browser, opened from disk as a reader opens it: Chromium on file://.

What a reader would check: the page loads offline (no request leaves the disk, nothing logged as an
error), every chart draws at the width it is given, the contents links land on their sections, the
page fits a phone's width, printing drops the contents sidebar, and markup in Hub strings reads as
text and runs nothing, on the page and on an organisation's scorecard. The report is the session's
(conftest.py's `report`, of the report world in tests/worlds.py), where the hostile namespace owns the
Hub's most downloaded model.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from hubcensus.report.scorecards import org_file
from tests.browser import Watched, open_page
from tests.layout_checks import WIDTHS, chart_layout, horizontal_overflow, new_page
from tests.worlds import AS_OF, HOSTILE, HOSTILE_MODEL, HOSTILE_TAG, PWN_ORG, figures

pytestmark = pytest.mark.slow
LOAD_TIMEOUT_MS = 60_000
OFFLINE = ("file:", "data:", "blob:")
ALL_DRAWN = """() => Array.from(document.querySelectorAll('[data-spec]'))
    .every(e => e.classList.contains('drawn') || e.classList.contains('failed'))"""
SCROLL_SETTLED = """() => new Promise(resolve => {
    let last = -1, same = 0;
    const tick = () => {
        const y = window.scrollY;
        same = y === last ? same + 1 : 0;
        last = y;
        if (same >= 10) resolve(y); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})"""


@contextmanager
def opened(browser: Any, path: Path, *, phone: bool = False) -> Iterator[Watched]:
    """`path` opened from disk, every chart drawn (or marked failed), the page's record kept."""
    with open_page(browser, phone=phone) as w:
        w.page.goto(path.as_uri())
        w.page.wait_for_function(ALL_DRAWN, timeout=LOAD_TIMEOUT_MS)
        yield w


def chart_boxes(page: Any) -> list[dict[str, Any]]:
    """Each chart container: its id, state, width, and the size and mark count of the image drawn inside."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.chart')).map(c => {
        const img = c.querySelector('svg, canvas');
        const r = img ? img.getBoundingClientRect() : null;
        return {id: c.id, drawn: c.classList.contains('drawn'), failed: c.classList.contains('failed'),
                box: c.getBoundingClientRect().width, width: r ? r.width : 0, height: r ? r.height : 0,
                marks: img ? img.querySelectorAll('path, rect, line, circle, text').length : 0};
    })""")


# -- offline and drawn -----------------------------------------------------------------------------
def test_the_page_from_disk_requests_nothing_else_and_logs_no_error(browser: Any, report: Path) -> None:
    """Self-contained: opened from file://, the page fetches nothing but itself, and runs without an error."""
    with opened(browser, report / "index.html") as w:
        assert w.requests_outside(*OFFLINE) == []
        assert w.requests == [(report / "index.html").as_uri()]  # the bundle, styles and data are all inline
        assert w.problems() == []
        assert w.page.evaluate("typeof window.vegaEmbed") == "function"


def test_every_chart_draws_inside_its_container(browser: Any, report: Path) -> None:
    """One drawn image per metric with rows (C2's rows are all too small to count), each with marks, none wider than its box."""
    docs = figures(report)
    # C2's rows are all too small to count; S2's are all in the snapshot's partial month, which charts leave out
    expected = [f"chart-{d['spec']}" for d in docs if d["rows"] and d["spec"] not in ("C2", "S2")]
    with opened(browser, report / "index.html") as w:
        boxes = chart_boxes(w.page)
        assert sorted(b["id"] for b in boxes) == sorted(expected)
        for b in boxes:
            assert b["drawn"] and not b["failed"], b
            assert b["width"] > 0 and b["height"] > 0 and b["marks"] > 0, b
            assert b["width"] <= b["box"] + 1, b  # "width": "container" fits the chart to its column
        assert w.problems() == []


def test_contents_links_point_at_sections_and_scroll_them_into_view(browser: Any, report: Path) -> None:
    """Every sidebar link names an element of the page; following one puts its section at the top of the window."""
    with opened(browser, report / "index.html") as w:
        page = w.page
        hrefs = page.eval_on_selector_all('nav.toc a[href^="#"]', "els => els.map(e => e.getAttribute('href'))")
        assert {f"#{d['spec']}" for d in figures(report)} <= set(hrefs)
        assert {"#organisations", "#methods"} <= set(hrefs)
        missing = page.evaluate("hs => hs.filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))", hrefs)
        assert missing == []
        for href in ("#ch-geography", "#GEO6", "#S2", "#organisations"):
            page.click(f'nav.toc a[href="{href}"]')
            page.wait_for_function("h => location.hash === h", arg=href)
            page.evaluate(SCROLL_SETTLED)
            where = page.evaluate(
                """id => {
                const r = document.getElementById(id).getBoundingClientRect();
                const end = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
                return {top: r.top, height: window.innerHeight, atEnd: end};
            }""",
                href[1:],
            )
            # At the top (below the 12px scroll padding), or as far as the page scrolls with the section in view.
            assert -2 <= where["top"] <= 40 or (where["atEnd"] and 0 <= where["top"] < where["height"]), (href, where)
        assert w.problems() == []


# -- other screens ---------------------------------------------------------------------------------
def test_on_a_phone_nothing_is_wider_than_the_screen(browser: Any, report: Path) -> None:
    """At a phone's width the page and a scorecard scroll only vertically; the contents start folded and fold after a choice."""
    with opened(browser, report / "index.html", phone=True) as w:
        page = w.page
        width = page.evaluate("window.innerWidth")
        assert width == 390
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        boxes = chart_boxes(page)
        assert boxes and all(0 < b["width"] <= width for b in boxes), boxes
        assert page.evaluate("document.getElementById('toc-details').open") is False
        page.click("nav.toc summary")
        page.click('nav.toc a[href="#GEO1"]')
        page.wait_for_function("() => location.hash === '#GEO1'")
        assert page.evaluate("document.getElementById('toc-details').open") is False
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        assert w.problems() == []
    with opened(browser, report / "orgs" / "Qwen.html", phone=True) as w:
        assert w.page.evaluate("document.documentElement.scrollWidth") <= w.page.evaluate("window.innerWidth") + 1
        assert w.problems() == []


def test_printing_hides_the_contents_and_keeps_the_charts(browser: Any, report: Path) -> None:
    """style.css's @media print hides the sidebar, the search box and the folded extras; the charts stay."""
    with opened(browser, report / "index.html") as w:
        page = w.page
        display = "s => getComputedStyle(document.querySelector(s)).display"
        assert page.evaluate(display, "nav.toc") != "none"
        assert page.locator("nav.toc").is_visible()
        page.emulate_media(media="print")
        for hidden in ("nav.toc", ".orgs .search", "details.more"):
            assert page.evaluate(display, hidden) == "none", hidden
        assert not page.locator("nav.toc").is_visible()
        assert page.locator("#chart-G2 svg").is_visible()
        page.emulate_media(media="screen")
        assert page.locator("nav.toc").is_visible()


# -- scorecards and the organisations table --------------------------------------------------------
def test_a_scorecard_draws_from_the_shared_bundle_and_links_back(browser: Any, report: Path) -> None:
    """orgs/Qwen.html draws its four charts with ../assets/vega.js (a classic script, allowed on file://) and links home."""
    page_path = report / "orgs" / "Qwen.html"
    with opened(browser, page_path) as w:
        page = w.page
        assert w.requests == [page_path.as_uri(), (report / "assets" / "vega.js").as_uri()]
        boxes = chart_boxes(page)
        assert sorted(b["id"] for b in boxes) == ["chart-downloads", "chart-lifetime", "chart-releases", "chart-sizes"]
        assert all(b["drawn"] and b["width"] > 0 and b["height"] > 0 and b["marks"] > 0 for b in boxes), boxes
        assert "Alibaba Cloud (Qwen team)" in page.locator("h1").inner_text()
        assert w.problems() == []
        page.click("a.back")
        page.wait_for_function("() => location.hash === '#organisations'")
        assert page.url == (report / "index.html").as_uri() + "#organisations"


def test_the_organisations_search_filters_the_table(browser: Any, report: Path) -> None:
    """Typing a country keeps only that country's organisations, and the count says so."""
    with opened(browser, report / "index.html") as w:
        page = w.page
        assert page.locator("#org-count").inner_text() == "4 organisations"
        page.fill("#org-search", "china")
        visible = page.locator("#org-table tbody tr:visible")
        assert visible.count() == 1 and "Qwen" in visible.inner_text()
        assert page.locator("#org-count").inner_text() == "1 of 4 organisations"
        page.fill("#org-search", "france")
        assert page.locator("#org-table tbody tr:visible").inner_text().startswith(PWN_ORG)
        assert w.problems() == []


# -- hostile Hub strings ---------------------------------------------------------------------------
def _runs_nothing(w: Watched, inline_scripts: int) -> None:
    page = w.page
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert w.dialogs == []
    for selector in ("img[src='x']", "img", "svg[onload]", "b[onmouseover]"):
        assert page.locator(selector).count() == 0, selector
    assert page.locator("script:not([src]):not([type='application/json'])").count() == inline_scripts
    assert w.problems() == []


def test_hub_markup_reads_as_text_and_runs_nothing(browser: Any, report: Path) -> None:
    """The hostile model and organisation show as the strings they are, in captions, a chart and a scorecard; no script of theirs runs."""
    with opened(browser, report / "index.html") as w:
        page = w.page
        assert HOSTILE_MODEL in page.locator("#POP1 .ours").inner_text()  # the most liked model
        assert PWN_ORG in page.locator("#GEO6 .ours").inner_text()  # the organisation releasing most
        assert "</script><script>" in (page.locator("#chart-GEO6 svg").text_content() or "")  # an axis label, as text
        assert PWN_ORG in page.locator("#org-table").inner_text()
        _runs_nothing(w, inline_scripts=2)  # the bundle and the page's own code
    card = report / "orgs" / org_file(HOSTILE)
    with opened(browser, card) as w:
        page = w.page
        assert page.locator("h1").inner_text() == PWN_ORG
        assert page.title() == f"{PWN_ORG} ({HOSTILE}) — scorecard as of {AS_OF}"
        body = page.locator("body").inner_text()
        assert HOSTILE in body and HOSTILE_MODEL in body and HOSTILE_TAG in body
        assert page.locator("[data-spec]").count() >= 2 and page.locator(".chart.failed").count() == 0
        assert w.requests_outside(*OFFLINE) == []
        _runs_nothing(w, inline_scripts=1)  # the embedding code; the bundle is ../assets/vega.js


# -- layout at a phone's width and a wide screen ------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_has_a_width_and_no_text_prints_over_another(browser: Any, report: Path, width: int) -> None:
    """At 390 px and 1400 px: every chart is drawn with a width (S1 once collapsed to none on a phone), no two
    texts of a chart overlap (C1's and GEO3's labels once did), and the page scrolls only vertically."""
    context, page = new_page(browser, width)
    try:
        page.goto((report / "index.html").as_uri())
        page.wait_for_function(ALL_DRAWN, timeout=LOAD_TIMEOUT_MS)
        charts = chart_layout(page, ".chart")
        assert len(charts) > 10
        assert [c["id"] for c in charts if c["width"] < 100] == []
        assert {c["id"]: c["overlaps"] for c in charts if c["overlaps"]} == {}
        assert horizontal_overflow(page) <= 1
    finally:
        context.close()


def test_printing_shows_a_folded_definition(browser: Any, report: Path) -> None:
    """A definition the reader folded still prints: a printed finding without its definition cannot be checked."""
    with opened(browser, report / "index.html") as w:
        page = w.page
        page.evaluate("document.querySelector('#C1 details.definition').open = false")
        assert not page.locator("#C1 details.definition p").first.is_visible()
        page.emulate_media(media="print")
        assert page.locator("#C1 details.definition p").first.is_visible()
        assert page.locator("#C1 p.reading").is_visible()
