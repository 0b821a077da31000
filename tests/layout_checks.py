"""Layout checks the report's and the explorer's browser tests share: every chart has a width, no two
texts inside one chart print over each other, and the page scrolls only vertically.

Texts are compared by their bounding boxes; one hidden by Vega's label-overlap pass (opacity 0) or
empty is not printed, so it is not compared. A 1-pixel overlap is rounding, not a collision.
"""

from __future__ import annotations

from typing import Any

WIDTHS = (390, 1400)

CHART_LAYOUT = """sel => Array.from(document.querySelectorAll(sel)).map(c => {
    const svg = c.querySelector('svg');
    const id = c.id || (c.closest('[id]') || {}).id;
    if (!svg) return {id, width: 0, overlaps: []};
    const texts = Array.from(svg.querySelectorAll('text'))
        .filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0')
        .map(t => ({t: t.textContent, r: t.getBoundingClientRect()}))
        .filter(x => x.r.width > 0 && x.r.height > 0);
    const overlaps = [];
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].r, b = texts[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) overlaps.push([texts[i].t, texts[j].t]);
    }
    return {id, width: svg.getBoundingClientRect().width, overlaps};
})"""


def chart_layout(page: Any, selector: str) -> list[dict[str, Any]]:
    """Each chart matched by `selector`: its id, its drawn width, and the pairs of its texts that overlap."""
    return page.evaluate(CHART_LAYOUT, selector)


def horizontal_overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0 when it scrolls only vertically)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def new_page(browser: Any, width: int) -> tuple[Any, Any]:
    """A fresh context and page `width` pixels wide (a phone's touch and scale at 390), for layout tests."""
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    return context, context.new_page()
