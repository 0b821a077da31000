"""Drawing the specs: SVG images through vl-convert, and the script that draws them in a page.

vl_convert is imported where it is used: it loads a JavaScript runtime, which building a spec (the
explorer's API, the report's pages) does not need.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# The Vega-Lite that draws the charts, in the page and in the SVGs: vl-convert's newest, the one its
# bundle pairs with its Vega (an older Vega-Lite compiles for an older Vega, and vega-embed warns on
# every chart). The specs keep to the v5 grammar; tests/test_charts.py compiles each with Vega-Lite 5 as well.
VL_VERSION: str | None = None


def static_spec(spec: dict[str, Any], width: int = 680) -> dict[str, Any]:
    """The same chart at a fixed width, for an image: an SVG has no container to fit."""
    out = dict(spec)
    out["width"] = width
    out["autosize"] = {"type": "fit", "contains": "padding"}
    return out


# Vega names clip paths and gradients from counters that live as long as the process (clip1, clip2, then
# clip3 for the same chart drawn again), so each image's ids are renumbered from 1. Only inside tags, and
# only id="..." and ="url(#...)" attributes: attribute values escape '"' and text escapes '<', so a Hub
# string in a label cannot be taken for one.
_TAG = re.compile(r"<[^<>]*>")
_SVG_ID = re.compile(r'(\sid="|\s[\w:-]+="url\(#)(clip|gradient_)(\d+)(?=\)?")')


def _stable_ids(svg: str) -> str:
    seen: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}

    def one(m: re.Match[str]) -> str:
        key = (m.group(2), m.group(3))
        if key not in seen:
            counts[m.group(2)] = seen[key] = counts.get(m.group(2), 0) + 1
        return f"{m.group(1)}{m.group(2)}{seen[key]}"

    return _TAG.sub(lambda tag: _SVG_ID.sub(one, tag.group(0)), svg)


def render_svg(spec: dict[str, Any], width: int = 680) -> str:
    """An SVG image of a chart (deterministic: the same spec gives the same bytes, however many were drawn before)."""
    import vl_convert

    return _stable_ids(vl_convert.vegalite_to_svg(static_spec(spec, width), vl_version=VL_VERSION))


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed in one script with no import and no network access.

    It runs as a classic script as well as a module (it declares top-level bindings and assigns
    `window.vegaEmbed`, `window.vega`, `window.vegaLite`), which matters because Chromium refuses
    module scripts loaded from file:// URLs but not classic ones: the report's org pages share it
    as `assets/vega.js`.
    """
    import vl_convert

    return vl_convert.javascript_bundle(vl_version=VL_VERSION)
