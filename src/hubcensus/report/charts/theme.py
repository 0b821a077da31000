"""The charts' look, shared by every chapter: colours, fonts, sizes, the Vega-Lite config, and the
small helpers that build the pieces every spec repeats (the frame, a month axis, a tooltip field).

One colour per country and per category everywhere in the report is the point of keeping these in
one place: a reader who learned that the US is this blue on one chart can read the next one.
"""

from __future__ import annotations

from typing import Any

from hubcensus.enrich.registry import (
    NO_BASE,
)  # the bucket the geography metrics name, greyed like the other non-countries

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
PALETTE = [
    "#3b6fb6",
    "#e0703a",
    "#3a9d6e",
    "#c9455b",
    "#8a64b8",
    "#b8893a",
    "#4fa3b8",
    "#d46fa6",
    "#6b7a8f",
    "#9bbf4a",
    "#5a5fd1",
    "#c7a14a",
]
EXTRA_COLORS = ["#7f5539", "#2a9d8f", "#e76f51", "#6d597a", "#b5838d", "#588157", "#bc6c25", "#457b9d"]
GREYS = {NO_BASE: "#9aa3ad", "unattributed": "#d3d8de", "other countries": "#bcc4cc", "(no organisation)": "#e4e7eb"}
COUNTRY_COLORS = {
    "US": "#3b6fb6",
    "CN": "#d1453b",
    "FR": "#5a5fd1",
    "DE": "#e0a03a",
    "GB": "#3a9d6e",
    "KR": "#8a64b8",
    "JP": "#d46fa6",
    "CA": "#c9455b",
    "IN": "#e0703a",
    "AE": "#4fa3b8",
    "IL": "#6b7a8f",
    "CH": "#9bbf4a",
    "SG": "#b8893a",
    "NL": "#e68a5c",
    "FI": "#4f8fd1",
    "BG": "#7aa86b",
    "SE": "#c7a14a",
    "ES": "#b85a8a",
    "IT": "#4aa38a",
    "TW": "#a36bd1",
}
COUNTRY_NAMES = {
    "US": "United States",
    "CN": "China",
    "FR": "France",
    "DE": "Germany",
    "GB": "United Kingdom",
    "KR": "South Korea",
    "JP": "Japan",
    "CA": "Canada",
    "IN": "India",
    "AE": "United Arab Emirates",
    "IL": "Israel",
    "CH": "Switzerland",
    "SG": "Singapore",
    "NL": "Netherlands",
    "FI": "Finland",
    "BG": "Bulgaria",
    "SE": "Sweden",
    "ES": "Spain",
    "IT": "Italy",
    "TW": "Taiwan",
    "HK": "Hong Kong",
    "RU": "Russia",
    "AU": "Australia",
    "BR": "Brazil",
    "PL": "Poland",
    "SA": "Saudi Arabia",
    "VN": "Vietnam",
    "ID": "Indonesia",
    "TR": "Turkey",
    "UA": "Ukraine",
    "AT": "Austria",
    "BE": "Belgium",
    "DK": "Denmark",
    "NO": "Norway",
    "IE": "Ireland",
    "PT": "Portugal",
    "CZ": "Czechia",
    "TH": "Thailand",
    "MY": "Malaysia",
    "QA": "Qatar",
    "EG": "Egypt",
    "NG": "Nigeria",
    "ZA": "South Africa",
    "MX": "Mexico",
    "AR": "Argentina",
    "CL": "Chile",
    "LU": "Luxembourg",
    "EE": "Estonia",
}
SECTOR_COLORS = {
    "industry": "#3b6fb6",
    "academia": "#3a9d6e",
    "nonprofit": "#e0a03a",
    "government": "#8a64b8",
    "independent": "#e0703a",
    "unattributed": "#d3d8de",
}
RELATIONS = ("finetune", "adapter", "quantized", "merge")
RELATION_COLORS = ["#3b6fb6", "#3a9d6e", "#e0a03a", "#c9455b"]

# parameter-size buckets of the adoption chapter (as `hubcensus.metrics.adoption` names them)
BUCKETS = ("<1B", "1-9B", "10-99B", ">=100B")
BUCKET_COLORS = ["#9bbf4a", "#3b6fb6", "#8a64b8", "#c9455b"]
# kinds of repository in an organisation's scorecard
KIND_COLORS = {"model": "#3b6fb6", "dataset": "#e0a03a", "space": "#3a9d6e"}

CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "#ffffff",
    "padding": 4,
    "view": {"stroke": None},
    "axis": {
        "labelColor": "#4a4f57",
        "titleColor": "#2b2f36",
        "gridColor": "#eceef1",
        "domainColor": "#b6bcc4",
        "tickColor": "#b6bcc4",
        "labelFontSize": 11,
        "titleFontSize": 12,
        "titleFontWeight": 500,
        "labelLimit": 180,
        "titlePadding": 8,
        # a label that would touch its neighbour is dropped, on every scale (log axes with few pixels: S1, A3)
        "labelOverlap": "greedy",
        "labelSeparation": 3,
        "titleLimit": {"expr": "containerSize()[0] - 48"},  # a title wider than a phone ends in "…", not off the edge
    },
    "legend": {
        "orient": "bottom",
        "direction": "horizontal",
        # sized by the container, not the plot: a plot narrowed by long axis labels left legend labels 40 px
        "columns": {"expr": "containerSize()[0] < 420 ? 2 : 4"},
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": 500,
        "labelLimit": {"expr": "containerSize()[0] < 420 ? containerSize()[0] / 2 - 36 : 200"},
        "symbolSize": 90,
    },
    "range": {"category": PALETTE},
    "line": {"strokeWidth": 2.2},
    "point": {"size": 40},
    "bar": {"cornerRadiusEnd": 2},
    "title": {"fontSize": 13, "fontWeight": 600, "anchor": "start"},
}


def country_name(code: str | None) -> str:
    """A readable country for a chart label; buckets and unknown codes pass through."""
    if code is None:
        return "unattributed"
    return COUNTRY_NAMES.get(code, code)


def country_scale(labels: list[str]) -> dict[str, Any]:
    """One colour per country everywhere in the report (the US is always the same blue)."""
    domain = list(dict.fromkeys(labels))
    codes = {n: c for c, n in COUNTRY_NAMES.items()}
    fixed = [GREYS.get(label) or COUNTRY_COLORS.get(codes.get(label, label)) for label in domain]
    # a country with no colour of its own takes one no other label of this chart has: the palette's
    # first unused, then hues spread around the wheel (never a second US blue on one chart)
    spare = (c for c in PALETTE + EXTRA_COLORS if c not in fixed)
    rng = [colour or next(spare, None) or _hue(i) for i, colour in enumerate(fixed)]
    return {"domain": domain, "range": rng}


def _hue(i: int) -> str:
    """A distinct colour past the named ones: a golden-angle walk round the hue wheel, in HSL."""
    return f"hsl({(i * 137.508) % 360:.0f}, 45%, 55%)"


SI_AXIS = {"format": "~s", "labelExpr": "replace(datum.label, 'G', 'B')"}  # 1.2B, not 1.2G

# An axis label of several words on two lines ("≤ Mar" over "2022"), so a band as narrow as a phone
# gives it does not print it over its neighbour's.
TWO_LINES = "indexof(datum.label, ' ') > 0 ? [slice(datum.label, 0, lastindexof(datum.label, ' ')), slice(datum.label, lastindexof(datum.label, ' ') + 1)] : datum.label"

# A bar order that layered charts (bars plus their labels) can share: Vega-Lite unions the layers'
# domains, and a union may only sort by count, min or max.
BY_SHARE = {"field": "share", "op": "max", "order": "descending"}


def params_axis(title: str) -> dict[str, Any]:
    """A log axis of parameter counts, labelled as people say them (7B, not 7G)."""
    return {"title": title, "format": "~s", "labelExpr": "replace(datum.label, 'G', 'B')"}


def frame(description: str, values: list[dict[str, Any]], height: int) -> dict[str, Any]:
    """What every spec starts from: the container's width, the theme, and the data inline (no URL:
    the page must not reach the network)."""
    return {
        "description": description,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CONFIG,
        "data": {"values": values},
    }


def base_spec(doc: dict[str, Any], values: list[dict[str, Any]], height: int = 300) -> dict[str, Any]:
    """The frame of a metric document's chart, described by its SPEC id and title."""
    return frame(f"{doc['spec']} {doc['title']}", values, height)


def month_field() -> dict[str, Any]:
    """The x of a monthly series: months in UTC, so a viewer's time zone cannot shift one into the
    month before, and no title (the dates say what they are)."""
    return {
        "field": "month",
        "type": "temporal",
        "timeUnit": "utcyearmonth",
        "title": None,
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6, "labelOverlap": True},
    }


def pct_field(field: str, title: str, **kw: Any) -> dict[str, Any]:
    """A quantitative field of shares (0 to 1), labelled as percentages."""
    return {"field": field, "type": "quantitative", "title": title, "axis": {"format": ".0%"}, **kw}


def tip(field: str, title: str, fmt: str | None = None, kind: str = "nominal") -> dict[str, Any]:
    """A tooltip field; a temporal one shows its month in UTC, as the axis does."""
    out: dict[str, Any] = {"field": field, "type": kind, "title": title}
    if fmt:
        out["format"] = fmt
    if kind == "temporal":
        out["timeUnit"] = "utcyearmonth"
    return out


def view_select(name: str, options: list[str], labels: list[str], default: str, prompt: str) -> dict[str, Any]:
    """A parameter bound to a select, for a chart with several views of one table: a single view can
    take the container's width where a concatenation of every view cannot."""
    return {
        "name": name,
        "value": default,
        "bind": {"input": "select", "options": options, "labels": labels, "name": prompt + " "},
    }
