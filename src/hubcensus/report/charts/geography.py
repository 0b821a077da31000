"""The geography chapter's charts (GEO1-3, GEO5, GEO6, P1, P2): whose models the Hub downloads, by country,
sector and organisation.

GEO3 and GEO5 show one of several views of a table through a select (`theme.view_select`), not a
concatenation: only a single view can take the container's width, and a chart that resizes to a
phone's width matters more than showing every view at once. The static images show the default view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hubcensus.report.charts.periods import complete_months, year_label
from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import (
    BY_SHARE,
    NO_BASE,
    SECTOR_COLORS,
    TWO_LINES,
    base_spec,
    country_name,
    country_scale,
    month_field,
    pct_field,
    tip,
    view_select,
)


@chart("downloads_by_country")
def downloads_by_country(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {"label": country_name(r["label"]), "share": r["share"], "downloads": r["downloads"], "models": r["models"]}
        for r in doc["rows"]
        if r.get("share") is not None
    ]
    if not values:
        return None
    spec = base_spec(doc, values, max(160, 26 * len(values)))
    y = {"field": "label", "type": "nominal", "title": None, "sort": BY_SHARE}
    x = pct_field("share", "share of all-time downloads")
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
                    tip("label", "developer's country"),
                    tip("share", "share", ".1%", "quantitative"),
                    tip("downloads", "downloads", ",", "quantitative"),
                    tip("models", "models", ",", "quantitative"),
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": "#4a4f57", "fontSize": 11},
            "encoding": {"y": y, "x": x, "text": {"field": "share", "type": "quantitative", "format": ".1%"}},
        },
    ]
    return spec


@chart("country_share_monthly")
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
    values = complete_months(doc, values)
    if not values:
        return None
    spec = base_spec(doc, values, 300)
    spec["mark"] = {"type": "area", "interpolate": "linear"}
    spec["encoding"] = {
        "x": month_field(),
        "y": pct_field("share", "share of the month's downloads", stack="normalize"),
        "color": {
            "field": "label",
            "type": "nominal",
            "title": "developer's country",
            "sort": order,
            "scale": country_scale(order),
        },
        "order": {"field": "order", "type": "quantitative", "sort": "ascending"},
        "tooltip": [
            tip("month", "month", kind="temporal"),
            tip("label", "country"),
            tip("share", "share", ".1%", "quantitative"),
            tip("downloads", "downloads", ",", "quantitative"),
        ],
    }
    return spec


@chart("developer_type_share")
def developer_type_share(doc: dict[str, Any]) -> dict[str, Any] | None:
    sectors = list(SECTOR_COLORS)
    values = [
        {
            "view": r["view"],
            "period": _period_label(doc, r["period"]),
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
    # the view the caption's headline describes, so the sentence above the chart reads off the chart
    default = doc["headline"].get("view")
    if default not in views:
        default = max(views, key=lambda v: len({x["period"] for x in values if x["view"] == v}))
    spec = base_spec(doc, values, 280)
    spec["params"] = [view_select("view", views, [labels[v] for v in views], default, "Group downloads")]
    spec["transform"] = [{"filter": "datum.view === view"}]
    spec["mark"] = {"type": "bar"}
    periods = sorted({v["period"] for v in values}, key=lambda p: (not p.startswith("≤"), p))
    spec["encoding"] = {
        "x": {
            "field": "period",
            "type": "ordinal",
            "title": None,
            "axis": {"labelAngle": 0, "labelExpr": TWO_LINES},
            "sort": periods,
        },
        "y": pct_field("share", "share of downloads", stack="normalize"),
        "color": {
            "field": "sector",
            "type": "nominal",
            "title": "developer sector",
            "sort": sectors,
            "scale": {"domain": sectors, "range": list(SECTOR_COLORS.values())},
        },
        "order": {"field": "order", "type": "quantitative", "sort": "ascending"},
        "tooltip": [
            tip("period", "period"),
            tip("sector", "sector"),
            tip("share", "share", ".1%", "quantitative"),
            tip("downloads", "downloads", ",", "quantitative"),
        ],
    }
    return spec


def _period_label(doc: dict[str, Any], period: Any) -> str:
    """A GEO3 period as its axis says it: the years before the window in words, a running year marked partial."""
    text = str(period)
    if text.startswith("<="):
        return "≤ " + date.fromisoformat(text[2:12]).strftime("%b %Y")
    return year_label(doc, text)


@chart("trending_by_entity")
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
    spec = base_spec(doc, values, 300)
    spec["params"] = [view_select("view", views, [labels[v] for v in views], views[0], "Trending new models by")]
    spec["transform"] = [
        {"filter": "datum.view === view"},
        {"window": [{"op": "row_number", "as": "r"}], "sort": [{"field": "share", "order": "descending"}]},
        {"filter": "datum.r <= 12"},
    ]
    y = {"field": "label", "type": "nominal", "title": None, "sort": BY_SHARE}
    x = pct_field("share", "share of trending new models")
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": "#3b6fb6"},
            "encoding": {
                "y": y,
                "x": x,
                "tooltip": [
                    tip("label", "who"),
                    tip("share", "share", ".1%", "quantitative"),
                    tip("models", "models", ",", "quantitative"),
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": "#4a4f57", "fontSize": 11},
            "encoding": {"y": y, "x": x, "text": {"field": "models", "type": "quantitative"}},
        },
    ]
    return spec


@chart("org_release_growth")
def org_release_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    rows = [r for r in doc["rows"] if r.get("rank_headline_year") is not None and r["rank_headline_year"] <= 15]
    values = [
        {
            "organisation": r["organisation"],
            "year": year_label(doc, r["year"]),
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
    spec = base_spec(doc, values, max(200, 24 * len(order)))
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
                    tip("organisation", "organisation"),
                    tip("year", "year"),
                    tip("releases", "releases", ",", "quantitative"),
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


@chart("fortune500_presence")
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
    spec = base_spec(doc, values, max(90, 34 * rows))
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
            tip("rank", "Fortune 500 rank", kind="quantitative"),
            tip("company", "company"),
            tip("namespace", "Hub namespace"),
            tip("status", "status"),
        ],
    }
    return spec


@chart("bigtech_repo_growth")
def bigtech_repo_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {"month": r["month"], "organisation": r["organisation"], "cumulative": r["cumulative"], "new": r["new"]}
        for r in doc["rows"]
    ]
    values = complete_months(doc, values)
    if not values:
        return None
    last = {}
    for v in values:
        last[v["organisation"]] = v["cumulative"]
    order = sorted(last, key=lambda k: (-last[k], k))
    spec = base_spec(doc, values, 300)
    spec["mark"] = {"type": "line", "interpolate": "linear"}
    spec["encoding"] = {
        "x": month_field(),
        "y": {"field": "cumulative", "type": "quantitative", "title": "repositories created, cumulative"},
        "color": {"field": "organisation", "type": "nominal", "title": None, "sort": order},
        "tooltip": [
            tip("month", "month", kind="temporal"),
            tip("organisation", "organisation"),
            tip("cumulative", "cumulative", ",", "quantitative"),
            tip("new", "new that month", ",", "quantitative"),
        ],
    }
    return spec
