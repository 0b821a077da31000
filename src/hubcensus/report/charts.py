"""A Vega-Lite chart for each metric document, and the JavaScript that draws them.

`chart_spec(doc)` maps the document `run_metric` returns to a Vega-Lite v5 spec (a plain dict), or
None when the document has nothing to draw. The report (`hubcensus report`) and the local explorer
(`hubcensus serve`) both call it, so a chart looks the same wherever it is shown. Specs carry their
data inline (`data.values`) and never a URL or a `$schema`: the page must not reach the network,
and vega-embed needs neither when told the mode.

Specs are built from the document's tidy rows with only the fields a chart needs, in the rows'
own order, and every dict is plain JSON: the same document gives the same spec, byte for byte
once dumped with sorted keys, which is what makes the report reproducible.

Charts that show one of several views of the same table (GEO3, GEO5, POP2) carry a select bound
to a parameter instead of a concatenation: only single views can take the container's width,
and a chart that resizes to a phone's width matters more than showing every view at once. The
static images (`static_spec`) show the default view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

# The Vega-Lite that draws the charts, in the page and in the SVGs: vl-convert's newest, the one its
# bundle pairs with its Vega (an older Vega-Lite compiles for an older Vega, and vega-embed warns on
# every chart). The specs keep to the v5 grammar; a test compiles each with Vega-Lite 5 as well.
VL_VERSION: str | None = None
V5 = "5.21"

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
NO_BASE = "international / no clear base"
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
    },
    "legend": {
        "orient": "bottom",
        "direction": "horizontal",
        "columns": {"expr": "width < 420 ? 2 : 4"},
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": 500,
        "labelLimit": {"expr": "width < 420 ? width / 2 - 36 : 200"},
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
    extra = iter(PALETTE * 4)
    rng = []
    for label in domain:
        code = next((c for c, n in COUNTRY_NAMES.items() if n == label), label)
        rng.append(GREYS.get(label) or COUNTRY_COLORS.get(code) or next(extra))
    return {"domain": domain, "range": rng}


SI_AXIS = {"format": "~s", "labelExpr": "replace(datum.label, 'G', 'B')"}  # 1.2B, not 1.2G

# A bar order that layered charts (bars plus their labels) can share: Vega-Lite unions the layers'
# domains, and a union may only sort by count, min or max.
BY_SHARE = {"field": "share", "op": "max", "order": "descending"}


def _params_axis(title: str) -> dict[str, Any]:
    """A log axis of parameter counts, labelled as people say them (7B, not 7G)."""
    return {"title": title, "format": "~s", "labelExpr": "replace(datum.label, 'G', 'B')"}


def _base(doc: dict[str, Any], values: list[dict[str, Any]], height: int = 300) -> dict[str, Any]:
    return {
        "description": f"{doc['spec']} {doc['title']}",
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CONFIG,
        "data": {"values": values},
    }


def _month(field: str = "month", title: str | None = None) -> dict[str, Any]:
    return {
        "field": field,
        "type": "temporal",
        "timeUnit": "utcyearmonth",
        "title": title,
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6, "labelOverlap": True},
    }


def _pct(field: str, title: str, **kw: Any) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", "title": title, "axis": {"format": ".0%"}, **kw}


def _tip(field: str, title: str, fmt: str | None = None, kind: str = "nominal") -> dict[str, Any]:
    out: dict[str, Any] = {"field": field, "type": kind, "title": title}
    if fmt:
        out["format"] = fmt
    if kind == "temporal":
        out["timeUnit"] = "utcyearmonth"
    return out


def _select(name: str, options: list[str], labels: list[str], default: str, prompt: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": default,
        "bind": {"input": "select", "options": options, "labels": labels, "name": prompt + " "},
    }


# -- growth ---------------------------------------------------------------------------------------
def hub_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    names = {"model": "models", "dataset": "datasets", "space": "spaces", "author": "authors"}
    values = [
        {"month": r["month"], "what": names.get(r["kind"], r["kind"]), "cumulative": r["cumulative"], "new": r["new"]}
        for r in doc["rows"]
    ]
    if not values:
        return None
    spec = _base(doc, values, 300)
    spec["mark"] = {"type": "line", "interpolate": "monotone"}
    spec["encoding"] = {
        "x": _month(),
        "y": {"field": "cumulative", "type": "quantitative", "title": "cumulative count", "axis": SI_AXIS},
        "color": {"field": "what", "type": "nominal", "title": None, "sort": list(names.values())},
        "tooltip": [
            _tip("month", "month", kind="temporal"),
            _tip("what", "what"),
            _tip("cumulative", "cumulative", ",", "quantitative"),
            _tip("new", "new that month", ",", "quantitative"),
        ],
    }
    return spec


def derivative_share(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = []
    for r in doc["rows"]:
        for rel in RELATIONS:
            if r["new_models"]:
                values.append(
                    {
                        "month": r["month"],
                        "relation": rel,
                        "share": r[rel] / r["new_models"],
                        "models": r[rel],
                        "new_models": r["new_models"],
                    }
                )
    if not values:
        return None
    spec = _base(doc, values, 280)
    spec["mark"] = {"type": "area", "interpolate": "monotone", "opacity": 0.9}
    spec["encoding"] = {
        "x": _month(),
        "y": _pct("share", "share of the month's new models", stack="zero"),
        "color": {
            "field": "relation",
            "type": "nominal",
            "title": "declared relation",
            "sort": list(RELATIONS),
            "scale": {"domain": list(RELATIONS), "range": RELATION_COLORS},
        },
        "order": {"field": "relation", "sort": "ascending"},
        "tooltip": [
            _tip("month", "month", kind="temporal"),
            _tip("relation", "relation"),
            _tip("share", "share", ".1%", "quantitative"),
            _tip("models", "models", ",", "quantitative"),
            _tip("new_models", "new models", ",", "quantitative"),
        ],
    }
    return spec


# -- concentration --------------------------------------------------------------------------------
def download_concentration(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [{"models_share": r["models_share"], "downloads_share": r["downloads_share"]} for r in doc["rows"]]
    if not values:
        return None
    spec = _base(doc, values, 320)
    x = _pct("models_share", "share of models, least downloaded first")
    y = _pct("downloads_share", "share of all downloads")
    spec["layer"] = [
        {
            "data": {"values": [{"models_share": 0, "downloads_share": 0}, {"models_share": 1, "downloads_share": 1}]},
            "mark": {"type": "line", "strokeDash": [4, 4], "color": "#9aa3ad", "strokeWidth": 1.5},
            "encoding": {"x": x, "y": y},
        },
        {
            "mark": {"type": "area", "color": "#3b6fb6", "opacity": 0.15, "interpolate": "monotone"},
            "encoding": {"x": x, "y": y},
        },
        {
            "mark": {"type": "line", "color": "#3b6fb6", "interpolate": "monotone", "point": False},
            "encoding": {
                "x": x,
                "y": y,
                "tooltip": [
                    _tip("models_share", "share of models", ".0%", "quantitative"),
                    _tip("downloads_share", "share of downloads", ".2%", "quantitative"),
                ],
            },
        },
        *_lorenz_marks(values, x, y),
        {
            "data": {"values": [{"models_share": 0.5, "downloads_share": 0.5, "text": "equal downloads"}]},
            "mark": {
                "type": "text",
                "angle": 0,
                "dx": -8,
                "dy": -10,
                "align": "right",
                "color": "#7b848f",
                "fontSize": 11,
            },
            "encoding": {"x": x, "y": y, "text": {"field": "text"}},
        },
    ]
    return spec


def _lorenz_marks(values: list[dict[str, Any]], x: dict[str, Any], y: dict[str, Any]) -> list[dict[str, Any]]:
    """Mark where the curve says most: what the top 1% and top 10% of models take (as far as the rows resolve)."""
    at = {round(v["models_share"], 4): v["downloads_share"] for v in values}
    marks = []
    for cut, label in ((0.99, "1%"), (0.9, "10%")):
        if cut in at and at[cut] is not None:
            marks.append(
                {
                    "models_share": cut,
                    "downloads_share": at[cut],
                    "text": f"top {label} of models: {1 - at[cut]:.0%} of downloads",
                }
            )
    if not marks:
        return []
    return [
        {
            "data": {"values": marks},
            "mark": {"type": "point", "filled": True, "color": "#e0703a", "size": 50},
            "encoding": {"x": x, "y": y},
        },
        {
            "data": {"values": marks},
            "mark": {
                "type": "text",
                "align": "right",
                "dx": -10,
                "dy": -8,
                "fontSize": 12,
                "color": "#b5531f",
                "fontWeight": 600,
            },
            "encoding": {"x": x, "y": y, "text": {"field": "text"}},
        },
    ]


# -- geography ------------------------------------------------------------------------------------
def downloads_by_country(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {"label": country_name(r["label"]), "share": r["share"], "downloads": r["downloads"], "models": r["models"]}
        for r in doc["rows"]
        if r.get("share") is not None
    ]
    if not values:
        return None
    spec = _base(doc, values, max(160, 26 * len(values)))
    y = {"field": "label", "type": "nominal", "title": None, "sort": BY_SHARE}
    x = _pct("share", "share of all-time downloads")
    spec["layer"] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "y": y,
                "x": x,
                "color": {
                    "field": "label",
                    "type": "nominal",
                    "legend": None,
                    "scale": country_scale([v["label"] for v in values]),
                },
                "tooltip": [
                    _tip("label", "developer's country"),
                    _tip("share", "share", ".1%", "quantitative"),
                    _tip("downloads", "downloads", ",", "quantitative"),
                    _tip("models", "models", ",", "quantitative"),
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": "#4a4f57", "fontSize": 11},
            "encoding": {"y": y, "x": x, "text": {"field": "share", "type": "quantitative", "format": ".1%"}},
        },
    ]
    return spec


def country_share_monthly(doc: dict[str, Any]) -> dict[str, Any] | None:
    totals: dict[str, float] = {}
    for r in doc["rows"]:
        totals[country_name(r["label"])] = totals.get(country_name(r["label"]), 0) + (r["downloads"] or 0)
    tail = [k for k in (NO_BASE, "other countries", "unattributed") if k in totals]
    order = sorted((k for k in totals if k not in tail), key=lambda k: (-totals[k], k)) + tail
    rank = {k: i for i, k in enumerate(order)}
    values = [
        {
            "month": r["month"],
            "label": country_name(r["label"]),
            "share": r["share"],
            "downloads": r["downloads"],
            "order": rank[country_name(r["label"])],
        }
        for r in doc["rows"]
        if r.get("share") is not None
    ]
    if not values:
        return None
    spec = _base(doc, values, 300)
    spec["mark"] = {"type": "area", "interpolate": "monotone"}
    spec["encoding"] = {
        "x": _month(),
        "y": _pct("share", "share of the month's downloads", stack="normalize"),
        "color": {
            "field": "label",
            "type": "nominal",
            "title": "developer's country",
            "sort": order,
            "scale": country_scale(order),
        },
        "order": {"field": "order", "type": "quantitative", "sort": "ascending"},
        "tooltip": [
            _tip("month", "month", kind="temporal"),
            _tip("label", "country"),
            _tip("share", "share", ".1%", "quantitative"),
            _tip("downloads", "downloads", ",", "quantitative"),
        ],
    }
    return spec


def developer_type_share(doc: dict[str, Any]) -> dict[str, Any] | None:
    sectors = list(SECTOR_COLORS)
    values = [
        {
            "view": r["view"],
            "period": str(r["period"]).replace("<=2022-03-02", "≤ Mar 2022"),
            "sector": r["sector"],
            "share": r["share"],
            "downloads": r["downloads"],
            "order": sectors.index(r["sector"]) if r["sector"] in sectors else 99,
        }
        for r in doc["rows"]
        if r.get("share") is not None
    ]
    if not values:
        return None
    labels = {"by_creation_year": "by the year the model was created", "downloads_per_year": "downloads in each year"}
    views = [v for v in labels if any(x["view"] == v for x in values)]
    default = max(views, key=lambda v: len({x["period"] for x in values if x["view"] == v}))
    spec = _base(doc, values, 280)
    spec["params"] = [_select("view", views, [labels[v] for v in views], default, "Group downloads")]
    spec["transform"] = [{"filter": "datum.view === view"}]
    spec["mark"] = {"type": "bar"}
    periods = sorted({v["period"] for v in values}, key=lambda p: (not p.startswith("≤"), p))
    spec["encoding"] = {
        "x": {"field": "period", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}, "sort": periods},
        "y": _pct("share", "share of downloads", stack="normalize"),
        "color": {
            "field": "sector",
            "type": "nominal",
            "title": "developer sector",
            "sort": sectors,
            "scale": {"domain": sectors, "range": list(SECTOR_COLORS.values())},
        },
        "order": {"field": "order", "type": "quantitative", "sort": "ascending"},
        "tooltip": [
            _tip("period", "period"),
            _tip("sector", "sector"),
            _tip("share", "share", ".1%", "quantitative"),
            _tip("downloads", "downloads", ",", "quantitative"),
        ],
    }
    return spec


def trending_by_entity(doc: dict[str, Any]) -> dict[str, Any] | None:
    labels = {
        "entity": "entity (organisation or individual)",
        "maker": "kind of maker",
        "country_made": "country where it was made",
        "country_origin": "country of its root model",
    }
    values = []
    for r in doc["rows"]:
        if r["view"] in labels and r.get("share") is not None:
            label = country_name(r["label"]) if r["view"].startswith("country") else str(r["label"])
            values.append({"view": r["view"], "label": label, "share": r["share"], "models": r["models"]})
    if not values:
        return None
    views = [v for v in labels if any(x["view"] == v for x in values)]
    spec = _base(doc, values, 300)
    spec["params"] = [_select("view", views, [labels[v] for v in views], views[0], "Trending new models by")]
    spec["transform"] = [
        {"filter": "datum.view === view"},
        {"window": [{"op": "row_number", "as": "r"}], "sort": [{"field": "share", "order": "descending"}]},
        {"filter": "datum.r <= 12"},
    ]
    y = {"field": "label", "type": "nominal", "title": None, "sort": BY_SHARE}
    x = _pct("share", "share of trending new models")
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": "#3b6fb6"},
            "encoding": {
                "y": y,
                "x": x,
                "tooltip": [
                    _tip("label", "who"),
                    _tip("share", "share", ".1%", "quantitative"),
                    _tip("models", "models", ",", "quantitative"),
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": "#4a4f57", "fontSize": 11},
            "encoding": {"y": y, "x": x, "text": {"field": "models", "type": "quantitative"}},
        },
    ]
    return spec


def org_release_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    rows = [r for r in doc["rows"] if r.get("rank_headline_year") is not None and r["rank_headline_year"] <= 15]
    values = [
        {
            "organisation": r["organisation"],
            "year": str(r["year"]),
            "releases": r["releases"],
            "rank": r["rank_headline_year"],
        }
        for r in rows
    ]
    if not values:
        return None
    order = [
        o
        for o in dict.fromkeys(v["organisation"] for v in sorted(values, key=lambda v: (v["rank"], v["organisation"])))
    ]
    spec = _base(doc, values, max(200, 24 * len(order)))
    x = {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0, "orient": "top"}}
    y = {"field": "organisation", "type": "nominal", "title": None, "sort": order}
    spec["layer"] = [
        {
            "mark": {"type": "rect", "cornerRadius": 2},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "releases",
                    "type": "quantitative",
                    "title": "repositories released",
                    "scale": {"type": "symlog", "range": ["#f3f6fb", "#1f4f91"]},
                    "legend": {"direction": "horizontal"},
                },
                "tooltip": [
                    _tip("organisation", "organisation"),
                    _tip("year", "year"),
                    _tip("releases", "releases", ",", "quantitative"),
                ],
            },
        },
        {
            "mark": {"type": "text", "fontSize": 11},
            "encoding": {
                "x": x,
                "y": y,
                "text": {"field": "releases", "type": "quantitative"},
                "color": {"condition": {"test": "datum.releases > 40", "value": "#ffffff"}, "value": "#2b2f36"},
            },
        },
    ]
    return spec


def fortune500_presence(doc: dict[str, Any]) -> dict[str, Any] | None:
    if not doc["rows"]:
        return None
    cols = 10
    status = ("verified organisation", "on the Hub, not verified", "not found on the Hub")
    values = []
    for i, r in enumerate(sorted(doc["rows"], key=lambda r: r["rank"])):
        st = status[0] if r["verified"] else status[1] if r["found"] else status[2]
        values.append(
            {
                "col": i % cols,
                "row": i // cols,
                "company": r["company"],
                "rank": r["rank"],
                "namespace": r.get("hub_namespace") or "—",
                "status": st,
            }
        )
    rows = (len(values) + cols - 1) // cols
    spec = _base(doc, values, max(90, 34 * rows))
    spec["mark"] = {"type": "rect", "cornerRadius": 3, "stroke": "#ffffff", "strokeWidth": 3}
    spec["encoding"] = {
        "x": {"field": "col", "type": "ordinal", "axis": None},
        "y": {"field": "row", "type": "ordinal", "axis": None},
        "color": {
            "field": "status",
            "type": "nominal",
            "title": None,
            "sort": list(status),
            "scale": {"domain": list(status), "range": ["#3a9d6e", "#9fd1b6", "#e4e7eb"]},
        },
        "tooltip": [
            _tip("rank", "Fortune 500 rank", kind="quantitative"),
            _tip("company", "company"),
            _tip("namespace", "Hub namespace"),
            _tip("status", "status"),
        ],
    }
    return spec


def bigtech_repo_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {"month": r["month"], "organisation": r["organisation"], "cumulative": r["cumulative"], "new": r["new"]}
        for r in doc["rows"]
    ]
    if not values:
        return None
    last = {}
    for v in values:
        last[v["organisation"]] = v["cumulative"]
    order = sorted(last, key=lambda k: (-last[k], k))
    spec = _base(doc, values, 300)
    spec["mark"] = {"type": "line", "interpolate": "monotone"}
    spec["encoding"] = {
        "x": _month(),
        "y": {"field": "cumulative", "type": "quantitative", "title": "repositories created, cumulative"},
        "color": {"field": "organisation", "type": "nominal", "title": None, "sort": order},
        "tooltip": [
            _tip("month", "month", kind="temporal"),
            _tip("organisation", "organisation"),
            _tip("cumulative", "cumulative", ",", "quantitative"),
            _tip("new", "new that month", ",", "quantitative"),
        ],
    }
    return spec


def intermediary_share(doc: dict[str, Any]) -> dict[str, Any] | None:
    kinds = {"quantized_repos": "quantizes", "adapter_repos": "adapts", "redistributor_repos": "redistributes"}
    values = []
    for r in doc["rows"][:15]:
        main = max(kinds, key=lambda k: (r.get(k) or 0, k))
        values.append(
            {
                "who": r.get("organisation") or r["namespace"],
                "namespace": r["namespace"],
                "share": r["share"],
                "downloads": r["downloads"],
                "repos": r["repos"],
                "mostly": kinds[main],
            }
        )
    if not values:
        return None
    spec = _base(doc, values, max(180, 24 * len(values)))
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {"field": "who", "type": "nominal", "title": None, "sort": "-x"},
        "x": {
            "field": "share",
            "type": "quantitative",
            "title": "share of all-time model downloads",
            "axis": {"format": ".2%"},
        },
        "color": {
            "field": "mostly",
            "type": "nominal",
            "title": "mostly",
            "sort": list(kinds.values()),
            "scale": {"domain": list(kinds.values()), "range": ["#e0a03a", "#3a9d6e", "#8a64b8"]},
        },
        "tooltip": [
            _tip("who", "intermediary"),
            _tip("namespace", "namespace"),
            _tip("share", "share", ".3%", "quantitative"),
            _tip("downloads", "downloads", ",", "quantitative"),
            _tip("repos", "repos", ",", "quantitative"),
        ],
    }
    return spec


# -- popularity -----------------------------------------------------------------------------------
def most_liked(doc: dict[str, Any]) -> dict[str, Any] | None:
    if not doc["rows"]:
        return None
    which = {"year_ago": "a year earlier", "now": "now"}
    values = [
        {
            "column": f"{r['date']} ({which.get(r['which'], r['which'])})",
            "rank": r["rank"],
            "model": r["model"],
            "likes": r["likes"],
            "country": country_name(r["country"]),
            "organisation": r.get("organisation") or "—",
            "order": 0 if r["which"] == "year_ago" else 1,
        }
        for r in doc["rows"]
    ]
    columns = [c for c in dict.fromkeys(v["column"] for v in sorted(values, key=lambda v: (v["order"], v["column"])))]
    ranks = max(v["rank"] for v in values)
    spec = _base(doc, values, 30 * ranks)
    x = {
        "field": "column",
        "type": "nominal",
        "title": None,
        "sort": columns,
        "axis": {"orient": "top", "labelAngle": 0, "domain": False, "ticks": False, "labelFontWeight": 600},
    }
    y = {"field": "rank", "type": "ordinal", "title": "rank by likes", "axis": {"domain": False, "ticks": False}}
    tooltip = [
        _tip("model", "model"),
        _tip("likes", "likes", ",", "quantitative"),
        _tip("country", "country"),
        _tip("organisation", "organisation"),
    ]
    spec["layer"] = [
        {
            "mark": {"type": "rect", "cornerRadius": 3, "stroke": "#ffffff", "strokeWidth": 2, "opacity": 0.85},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "country",
                    "type": "nominal",
                    "title": "maker's country",
                    "scale": country_scale(sorted({v["country"] for v in values})),
                },
                "tooltip": tooltip,
            },
        },
        {
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 0,
                "fontSize": 11,
                "color": "#ffffff",
                "limit": 300,
                "xOffset": {"expr": "-bandwidth('x') / 2 + 8"},
            },
            "encoding": {"x": x, "y": y, "text": {"field": "model"}, "tooltip": tooltip},
        },
    ]
    return spec


def paper_upvotes_by_org(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {
            "view": r["view"],
            "name": country_name(r["name"]) if r["view"] == "country" else r["name"],
            "country": country_name(r["country"]),
            "share": r["upvote_share"],
            "upvotes": r["upvotes"],
            "papers": r["papers"],
        }
        for r in doc["rows"]
        if r.get("upvote_share") is not None and r.get("rank") is not None and r["rank"] <= 15
    ]
    if not values:
        return None
    labels = {"organisation": "organisation", "country": "country"}
    views = [v for v in labels if any(x["view"] == v for x in values)]
    spec = _base(doc, values, 340)
    spec["params"] = [_select("view", views, [labels[v] for v in views], views[0], "Upvotes of daily papers by")]
    spec["transform"] = [{"filter": "datum.view === view"}]
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {"field": "name", "type": "nominal", "title": None, "sort": "-x"},
        "x": _pct("share", "share of upvotes"),
        "color": {
            "field": "country",
            "type": "nominal",
            "title": "country",
            "scale": country_scale(sorted({v["country"] for v in values})),
        },
        "tooltip": [
            _tip("name", "who"),
            _tip("country", "country"),
            _tip("share", "share of upvotes", ".1%", "quantitative"),
            _tip("upvotes", "upvotes", ",", "quantitative"),
            _tip("papers", "papers", ",", "quantitative"),
        ],
    }
    return spec


def papers_with_artifacts(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = []
    for r in doc["rows"]:
        if r.get("artifact_share") is None:
            continue
        values.append({"topic": r["topic"], "who": "all papers", "share": r["artifact_share"], "papers": r["papers"]})
        if r.get("big_tech_papers"):
            values.append(
                {
                    "topic": r["topic"],
                    "who": "Big Tech's papers",
                    "share": r["big_tech_with_artifacts"] / r["big_tech_papers"],
                    "papers": r["big_tech_papers"],
                }
            )
    if not values:
        return None
    order = [
        r["topic"]
        for r in sorted(
            (r for r in doc["rows"] if r.get("artifact_share") is not None),
            key=lambda r: (-r["artifact_share"], r["topic"]),
        )
    ]
    spec = _base(doc, values, max(200, 30 * len(order)))
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {"field": "topic", "type": "nominal", "title": None, "sort": order},
        "yOffset": {"field": "who", "sort": ["all papers", "Big Tech's papers"]},
        "x": _pct("share", "share of papers that release a model or dataset"),
        "color": {
            "field": "who",
            "type": "nominal",
            "title": None,
            "sort": ["all papers", "Big Tech's papers"],
            "scale": {"range": ["#3b6fb6", "#e0a03a"]},
        },
        "tooltip": [
            _tip("topic", "topic"),
            _tip("who", "papers"),
            _tip("share", "with artifacts", ".1%", "quantitative"),
            _tip("papers", "papers", ",", "quantitative"),
        ],
    }
    return spec


# -- derivatives ----------------------------------------------------------------------------------
def derivatives_by_family(doc: dict[str, Any]) -> dict[str, Any] | None:
    counts = {"direct": "direct children", "transitive": "whole lineage tree", "by_name": "models naming the family"}
    fams = [r for r in doc["rows"] if r["level"] == "family"]
    values = [
        {"family": r["key"], "count": label, "models": r[k], "developer": r.get("developer") or "—"}
        for r in fams
        for k, label in counts.items()
        if r.get(k) is not None
    ]
    if not values:
        return None
    order = [r["key"] for r in sorted(fams, key=lambda r: (-(r.get("transitive") or 0), r["key"]))]
    spec = _base(doc, values, max(200, 54 * len(order)))
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {"field": "family", "type": "nominal", "title": None, "sort": order},
        "yOffset": {"field": "count", "sort": list(counts.values())},
        "x": {"field": "models", "type": "quantitative", "title": "derivative models"},
        "color": {
            "field": "count",
            "type": "nominal",
            "title": "counted as",
            "sort": list(counts.values()),
            "scale": {"range": ["#9fc0e6", "#3b6fb6", "#e0a03a"]},
        },
        "tooltip": [
            _tip("family", "family"),
            _tip("developer", "developer"),
            _tip("count", "counted as"),
            _tip("models", "models", ",", "quantitative"),
        ],
    }
    return spec


# -- adoption -------------------------------------------------------------------------------------
BUCKETS = ("<1B", "1-9B", "10-99B", ">=100B")
BUCKET_COLORS = ["#9bbf4a", "#3b6fb6", "#8a64b8", "#c9455b"]


def relative_adoption(doc: dict[str, Any]) -> dict[str, Any] | None:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for r in doc["rows"]:
        if r.get("median_top10"):
            seen.setdefault(
                (r["bucket"], str(r["age_days"])),
                {
                    "bucket": r["bucket"],
                    "age": str(r["age_days"]),
                    "median_top10": r["median_top10"],
                    "models": r.get("models"),
                },
            )
    values = list(seen.values())
    if not values:
        return None
    color = {
        "field": "bucket",
        "type": "nominal",
        "title": "parameters",
        "sort": list(BUCKETS),
        "scale": {"domain": list(BUCKETS), "range": BUCKET_COLORS},
    }
    tooltip = [
        _tip("bucket", "size"),
        _tip("age", "age (days)"),
        _tip("median_top10", "median top-10 downloads", ",.0f", "quantitative"),
    ]
    y = {
        "field": "median_top10",
        "type": "quantitative",
        "title": "median downloads of the top 10",
        "scale": {"type": "log"},
        "axis": SI_AXIS,
    }
    aged = [v for v in values if v["age"] != "all"]
    if aged:
        for v in aged:
            v["days"] = int(v["age"])
        spec = _base(doc, aged, 300)
        spec["mark"] = {"type": "line", "point": True}
        spec["encoding"] = {
            "x": {
                "field": "days",
                "type": "quantitative",
                "title": "days after release",
                "scale": {"type": "log"},
                "axis": {"values": [7, 14, 30, 60, 90, 180, 365]},
            },
            "y": y,
            "color": color,
            "tooltip": tooltip,
        }
        return spec
    spec = _base(doc, values, 260)
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {"field": "bucket", "type": "nominal", "title": "parameters", "sort": list(BUCKETS)},
        "y": y,
        "color": color,
        "tooltip": tooltip,
    }
    return spec


def engagement_lifetime(doc: dict[str, Any]) -> dict[str, Any] | None:
    agg: dict[tuple[str, str], int] = {}
    for r in doc["rows"]:
        if not r["engaged"]:
            continue
        label = "not yet" if r["fall_month"] is None else str(r["fall_month"])
        agg[(r["signal"], label)] = agg.get((r["signal"], label), 0) + r["models"]
    if not agg:
        return None
    totals: dict[str, int] = {}
    for (signal, _), n in agg.items():
        totals[signal] = totals.get(signal, 0) + n
    values = [{"signal": s, "months": m, "models": n, "share": n / totals[s]} for (s, m), n in sorted(agg.items())]
    order = sorted({v["months"] for v in values if v["months"] != "not yet"}, key=int) + ["not yet"]
    spec = _base(doc, values, 260)
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {
            "field": "months",
            "type": "ordinal",
            "sort": order,
            "axis": {"labelAngle": 0},
            "title": "months after release until a month falls below half the peak",
        },
        "xOffset": {"field": "signal", "sort": ["downloads", "likes"]},
        "y": _pct("share", "share of released models"),
        "color": {
            "field": "signal",
            "type": "nominal",
            "title": None,
            "sort": ["downloads", "likes"],
            "scale": {"range": ["#3b6fb6", "#e0703a"]},
        },
        "tooltip": [
            _tip("signal", "signal"),
            _tip("months", "months"),
            _tip("models", "models", ",", "quantitative"),
            _tip("share", "share", ".1%", "quantitative"),
        ],
    }
    return spec


def downloaded_model_size(doc: dict[str, Any]) -> dict[str, Any] | None:
    stats = {"mean_params": "download-weighted mean", "median_params": "download-weighted median"}
    values = [
        {"year": str(r["year"]), "statistic": label, "params": r[k], "months": r.get("months_covered")}
        for r in doc["rows"]
        for k, label in stats.items()
        if r.get(k)
    ]
    if not values:
        return None
    spec = _base(doc, values, 260)
    spec["mark"] = {"type": "line", "point": {"size": 70, "filled": True}}
    spec["encoding"] = {
        "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
        "y": {
            "field": "params",
            "type": "quantitative",
            "title": "parameters",
            "scale": {"type": "log"},
            "axis": _params_axis("parameters"),
        },
        "color": {"field": "statistic", "type": "nominal", "title": None, "scale": {"range": ["#3b6fb6", "#e0703a"]}},
        "tooltip": [
            _tip("year", "year"),
            _tip("statistic", "statistic"),
            _tip("params", "parameters", ".3~s", "quantitative"),
            _tip("months", "months covered", kind="quantitative"),
        ],
    }
    return spec


def family_size_span(doc: dict[str, Any]) -> dict[str, Any] | None:
    rows = sorted(
        (r for r in doc["rows"] if r.get("smallest") and r.get("largest")),
        key=lambda r: (-r["size_points"], -r["originals"], r["developer"]),
    )[:25]
    values = [
        {
            "developer": r["developer"],
            "smallest": r["smallest"],
            "largest": r["largest"],
            "sizes": r["size_points"],
            "buckets": str(r["buckets"]),
            "originals": r["originals"],
        }
        for r in rows
    ]
    if not values:
        return None
    order = [v["developer"] for v in values]
    spec = _base(doc, values, max(200, 22 * len(values)))
    y = {"field": "developer", "type": "nominal", "title": None, "sort": order}
    x = {
        "field": "smallest",
        "type": "quantitative",
        "title": "parameters (smallest to largest original model)",
        "scale": {"type": "log"},
        "axis": {**_params_axis("parameters (smallest to largest original model)"), "grid": True, "tickCount": 8},
    }
    color = {
        "field": "buckets",
        "type": "ordinal",
        "title": "size buckets spanned",
        "sort": ["1", "2", "3", "4"],
        "scale": {"domain": ["1", "2", "3", "4"], "range": ["#c8d6ea", "#8fb0dc", "#4f82c4", "#1f4f91"]},
    }
    tooltip = [
        _tip("developer", "developer"),
        _tip("sizes", "distinct sizes", kind="quantitative"),
        _tip("smallest", "smallest", ".3~s", "quantitative"),
        _tip("largest", "largest", ".3~s", "quantitative"),
        _tip("originals", "original models", kind="quantitative"),
    ]
    spec["layer"] = [
        {
            "mark": {"type": "rule", "strokeWidth": 4, "strokeCap": "round"},
            "encoding": {"y": y, "x": x, "x2": {"field": "largest"}, "color": color, "tooltip": tooltip},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 50},
            "encoding": {"y": y, "x": x, "color": color, "tooltip": tooltip},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 50},
            "encoding": {"y": y, "x": {"field": "largest", "type": "quantitative"}, "color": color, "tooltip": tooltip},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 10, "color": "#6b7380"},
            "encoding": {
                "y": y,
                "x": {"field": "largest", "type": "quantitative"},
                "text": {"field": "sizes", "type": "quantitative", "format": "d"},
            },
        },
    ]
    return spec


# -- hardware -------------------------------------------------------------------------------------
def hardware_targets(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [{"month": r["month"], "target": r["label"], "models": r["models"]} for r in doc["rows"]]
    if not values:
        return None
    totals: dict[str, int] = {}
    for v in values:
        totals[v["target"]] = totals.get(v["target"], 0) + (v["models"] or 0)
    order = sorted(totals, key=lambda k: (-totals[k], k))
    spec = _base(doc, values, 300)
    spec["mark"] = {"type": "line", "interpolate": "monotone"}
    spec["encoding"] = {
        "x": _month(),
        "y": {"field": "models", "type": "quantitative", "title": "new models that month"},
        "color": {"field": "target", "type": "nominal", "title": None, "sort": order, "legend": {"columns": 2}},
        "tooltip": [
            _tip("month", "month", kind="temporal"),
            _tip("target", "target"),
            _tip("models", "models", ",", "quantitative"),
        ],
    }
    return spec


# -- communities ----------------------------------------------------------------------------------
def sub_ecosystems(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {
            "community": f"{r['type']}:{r['community']}",
            "type": r["type"],
            "models": r["models"],
            "downloads": r["downloads_window"],
            "reuse": r["derivatives_per_base"],
            "sustained": "sustained reuse" if r.get("sustained_reuse") else "not sustained",
            "label": bool(r.get("sustained_reuse") and r.get("modest_downloads")),
        }
        for r in doc["rows"]
        if r.get("counted") and r.get("downloads_window") and r.get("derivatives_per_base") is not None
    ]
    if not values:
        return None
    spec = _base(doc, values, 340)
    x = {
        "field": "downloads",
        "type": "quantitative",
        "title": "downloads in the window",
        "scale": {"type": "log"},
        "axis": SI_AXIS,
    }
    y = {"field": "reuse", "type": "quantitative", "title": "derivatives per base model", "scale": {"type": "symlog"}}
    tooltip = [
        _tip("community", "community"),
        _tip("models", "models", ",", "quantitative"),
        _tip("downloads", "downloads", ",", "quantitative"),
        _tip("reuse", "derivatives per base", ".2f", "quantitative"),
        _tip("sustained", "reuse"),
    ]
    spec["layer"] = [
        {
            "mark": {"type": "point", "filled": True, "opacity": 0.75},
            "encoding": {
                "x": x,
                "y": y,
                "size": {"field": "models", "type": "quantitative", "title": "models", "scale": {"range": [20, 600]}},
                "color": {
                    "field": "type",
                    "type": "nominal",
                    "title": "community of",
                    "sort": ["language", "domain", "task"],
                },
                "shape": {
                    "field": "sustained",
                    "type": "nominal",
                    "title": None,
                    "sort": ["sustained reuse", "not sustained"],
                    "scale": {"domain": ["sustained reuse", "not sustained"], "range": ["circle", "triangle-up"]},
                },
                "tooltip": tooltip,
            },
        },
        {
            "transform": [{"filter": "datum.label"}],
            "mark": {"type": "text", "align": "left", "dx": 7, "dy": -6, "fontSize": 11, "color": "#2b2f36"},
            "encoding": {"x": x, "y": y, "text": {"field": "community"}},
        },
    ]
    return spec


def dataset_category_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    year = doc["headline"].get("year")
    rows = doc["rows"]
    if not rows:
        return None
    year = year if year is not None else max(r["year"] for r in rows)
    top = [
        r["category"] for r in sorted((r for r in rows if r["year"] == year), key=lambda r: (r["rank"], r["category"]))
    ][:8]
    values = [
        {"year": r["year"], "category": r["category"], "rank": r["rank"], "datasets": r["datasets"], "label": ""}
        for r in rows
        if r["category"] in top and r["year"] <= year
    ]
    tied: dict[int, list[dict[str, Any]]] = {}
    for v in values:
        if v["year"] == year:
            tied.setdefault(v["rank"], []).append(v)
    for same in tied.values():  # categories tied at a rank share one label, not two printed over each other
        same[0]["label"] = " · ".join(v["category"] for v in same)
    if not values:
        return None
    spec = _base(doc, values, 320)
    x = {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}}
    y = {
        "field": "rank",
        "type": "quantitative",
        "title": "rank among dataset task categories",
        "scale": {"reverse": True, "type": "log", "domainMin": 1},
        "axis": {"values": [1, 2, 3, 5, 10, 20, 50]},
    }
    color = {"field": "category", "type": "nominal", "title": None, "sort": top, "legend": None}
    tooltip = [
        _tip("category", "category"),
        _tip("year", "year"),
        _tip("rank", "rank", kind="quantitative"),
        _tip("datasets", "datasets created", ",", "quantitative"),
    ]
    spec["layer"] = [
        {
            "mark": {"type": "line", "point": {"filled": True, "size": 45}},
            "encoding": {"x": x, "y": y, "color": color, "tooltip": tooltip},
        },
        {
            "transform": [{"filter": f"datum.year === {int(year)}"}],
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 11},
            "encoding": {"x": x, "y": y, "color": color, "text": {"field": "label"}},
        },
    ]
    spec["padding"] = {"left": 4, "top": 4, "bottom": 4, "right": 150}
    return spec


def science_releases(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {
            "month": r["month"],
            "domain": r["label"],
            "releases": r["releases"],
            "models": r["models"],
            "datasets": r["datasets"],
        }
        for r in doc["rows"]
    ]
    if not values:
        return None
    totals: dict[str, int] = {}
    for v in values:
        totals[v["domain"]] = totals.get(v["domain"], 0) + (v["releases"] or 0)
    order = sorted(totals, key=lambda k: (-totals[k], k))
    spec = _base(doc, values, max(180, 30 * len(order)))
    spec["mark"] = {"type": "rect"}
    spec["encoding"] = {
        "x": _month(),
        "y": {"field": "domain", "type": "nominal", "title": None, "sort": order},
        "color": {
            "field": "releases",
            "type": "quantitative",
            "title": "releases (models and datasets)",
            "scale": {"scheme": "purples", "type": "sqrt"},
        },
        "tooltip": [
            _tip("month", "month", kind="temporal"),
            _tip("domain", "domain"),
            _tip("releases", "releases", ",", "quantitative"),
            _tip("models", "models", ",", "quantitative"),
            _tip("datasets", "datasets", ",", "quantitative"),
        ],
    }
    return spec


CHARTS: dict[str, Callable[[dict[str, Any]], dict[str, Any] | None]] = {
    f.__name__: f
    for f in (
        hub_growth,
        derivative_share,
        download_concentration,
        downloads_by_country,
        country_share_monthly,
        developer_type_share,
        trending_by_entity,
        org_release_growth,
        fortune500_presence,
        bigtech_repo_growth,
        intermediary_share,
        most_liked,
        paper_upvotes_by_org,
        papers_with_artifacts,
        derivatives_by_family,
        relative_adoption,
        engagement_lifetime,
        downloaded_model_size,
        family_size_span,
        hardware_targets,
        sub_ecosystems,
        dataset_category_growth,
        science_releases,
    )
}


def chart_spec(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The Vega-Lite spec for a metric document, or None when it has nothing to draw (no rows, an unknown metric)."""
    fn = CHARTS.get(doc.get("metric", ""))
    if fn is None or not doc.get("rows"):
        return None
    return fn(doc)


# -- organisation scorecards -----------------------------------------------------------------------
KIND_COLORS = {"model": "#3b6fb6", "dataset": "#e0a03a", "space": "#3a9d6e"}


def _card_base(card: dict[str, Any], what: str, values: list[dict[str, Any]], height: int = 220) -> dict[str, Any]:
    return {
        "description": f"{card['author']}: {what}",
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CONFIG,
        "data": {"values": values},
    }


def _decades(sizes: list[dict[str, Any]]) -> list[int]:
    """Grid lines at powers of ten over the bins' range: a log axis otherwise draws every minor tick."""
    lo = min(s["bin"] for s in sizes) // 4
    hi = max(s["bin"] for s in sizes) // 4 + 1
    return [10**e for e in range(lo, hi + 1)]


def scorecard_specs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The charts of an organisation's scorecard (`report.scorecards`), by name; a chart with no data is left out."""
    out: dict[str, dict[str, Any]] = {}
    if card["releases"]:
        kinds = [k for k in KIND_COLORS if any(r["kind"] == k for r in card["releases"])]
        spec = _card_base(
            card, "repositories created per year", [{**r, "year": str(r["year"])} for r in card["releases"]]
        )
        spec["mark"] = {"type": "bar"}
        spec["encoding"] = {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "repos", "type": "quantitative", "title": "repositories created", "stack": "zero"},
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "sort": kinds,
                "scale": {"domain": kinds, "range": [KIND_COLORS[k] for k in kinds]},
            },
            "tooltip": [_tip("year", "year"), _tip("kind", "kind"), _tip("repos", "repositories", ",", "quantitative")],
        }
        out["releases"] = spec
    if any(m["downloads"] for m in card["monthly_downloads"]):
        spec = _card_base(card, "model downloads per month", card["monthly_downloads"])
        spec["mark"] = {
            "type": "area",
            "interpolate": "monotone",
            "line": {"color": "#3b6fb6"},
            "color": "#3b6fb6",
            "opacity": 0.25,
        }
        spec["encoding"] = {
            "x": _month(),
            "y": {
                "field": "downloads",
                "type": "quantitative",
                "title": "model downloads in the month",
                "axis": SI_AXIS,
            },
            "tooltip": [_tip("month", "month", kind="temporal"), _tip("downloads", "downloads", ",", "quantitative")],
        }
        out["downloads"] = spec
    if card["sizes"]:
        spec = _card_base(card, "its models' parameter counts", card["sizes"], 200)
        spec["mark"] = {"type": "rect", "color": "#8a64b8", "cornerRadius": 2}
        spec["encoding"] = {
            "x": {
                "field": "from",
                "type": "quantitative",
                "title": "parameters",
                "scale": {"type": "log"},
                "axis": {**_params_axis("parameters"), "values": _decades(card["sizes"])},
            },
            "x2": {"field": "to"},
            "y": {"field": "models", "type": "quantitative", "title": "models"},
            "tooltip": [
                _tip("from", "from", ".3~s", "quantitative"),
                _tip("to", "to", ".3~s", "quantitative"),
                _tip("models", "models", ",", "quantitative"),
            ],
        }
        out["sizes"] = spec
    hist = card["lifetime"]["hist"]
    if hist:
        values = [
            {"months": "not yet" if h["months"] is None else str(h["months"]), "models": h["models"]} for h in hist
        ]
        order = [v["months"] for v in values]
        spec = _card_base(card, "months until downloads fall below half the peak", values, 200)
        spec["mark"] = {"type": "bar", "color": "#e0703a"}
        spec["encoding"] = {
            "x": {
                "field": "months",
                "type": "ordinal",
                "sort": order,
                "axis": {"labelAngle": 0},
                "title": "months after release until below half the peak",
            },
            "y": {"field": "models", "type": "quantitative", "title": "models"},
            "tooltip": [_tip("months", "months"), _tip("models", "models", ",", "quantitative")],
        }
        out["lifetime"] = spec
    return out


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
