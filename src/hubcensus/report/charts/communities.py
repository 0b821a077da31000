"""The communities chapter's charts (C2, S1, S2): sub-ecosystems, dataset categories and science releases."""

from __future__ import annotations

import json
import math
from typing import Any

from hubcensus.report.charts.periods import complete_months, year_label
from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import SI_AXIS, base_spec, month_field, tip


@chart("sub_ecosystems")
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
    _thin_labels(values)
    spec = base_spec(doc, values, 340)
    x = {
        "field": "downloads",
        "type": "quantitative",
        "title": "downloads in the window",
        "scale": {"type": "log"},
        "axis": SI_AXIS,
    }
    y = {"field": "reuse", "type": "quantitative", "title": "derivatives per base model", "scale": {"type": "symlog"}}
    tooltip = [
        tip("community", "community"),
        tip("models", "models", ",", "quantitative"),
        tip("downloads", "downloads", ",", "quantitative"),
        tip("reuse", "derivatives per base", ".2f", "quantitative"),
        tip("sustained", "reuse"),
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


def _thin_labels(values: list[dict[str, Any]]) -> None:
    """Unlabel a point whose label would print over a bigger one's: near it on both (log) axes, as far as a
    phone-width plot goes (a label takes up to a third of its width and a line of its height)."""

    def spread(xs: list[float]) -> tuple[float, float]:
        return min(xs), (max(xs) - min(xs)) or 1.0

    xs = [math.log10(max(v["downloads"], 1)) for v in values]
    ys = [math.log1p(max(v["reuse"], 0)) for v in values]
    (x0, dx), (y0, dy) = spread(xs), spread(ys)
    kept: list[tuple[float, float]] = []
    for i in sorted(range(len(values)), key=lambda i: -values[i]["downloads"]):
        if not values[i]["label"]:
            continue
        at = ((xs[i] - x0) / dx, (ys[i] - y0) / dy)
        if any(abs(at[0] - k[0]) < 0.35 and abs(at[1] - k[1]) < 0.08 for k in kept):
            values[i]["label"] = False
        else:
            kept.append(at)


@chart("dataset_category_growth")
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
        {
            "year": year_label(doc, r["year"]),
            "category": r["category"],
            "rank": r["rank"],
            "datasets": r["datasets"],
            "label": "",
        }
        for r in rows
        if r["category"] in top and r["year"] <= year
    ]
    tied: dict[int, list[dict[str, Any]]] = {}
    last = year_label(doc, year)
    for v in values:
        if v["year"] == last:
            tied.setdefault(v["rank"], []).append(v)
    for same in tied.values():  # categories tied at a rank share one label, not two printed over each other
        same[0]["label"] = " · ".join(v["category"] for v in same)
    if not values:
        return None
    spec = base_spec(doc, values, 320)
    worst = max(v["rank"] for v in values)
    x = {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}}
    y = {
        "field": "rank",
        "type": "quantitative",
        "title": "rank among dataset task categories",
        # the ticks up to the lowest rank drawn, over a domain of at least 1 to 2: with every rank at 1 the
        # domain was one point and all seven ticks printed over each other
        "scale": {"reverse": True, "type": "log", "domain": [1, max(2, worst)]},
        "axis": {"values": [t for t in (1, 2, 3, 5, 10, 20, 50, 100) if t <= max(2, worst)]},
    }
    color = {"field": "category", "type": "nominal", "title": None, "sort": top, "legend": None}
    tooltip = [
        tip("category", "category"),
        tip("year", "year"),
        tip("rank", "rank", kind="quantitative"),
        tip("datasets", "datasets created", ",", "quantitative"),
    ]
    spec["layer"] = [
        {
            "mark": {"type": "line", "point": {"filled": True, "size": 45}},
            "encoding": {"x": x, "y": y, "color": color, "tooltip": tooltip},
        },
        {
            "transform": [{"filter": f"datum.year === {json.dumps(last)}"}],
            # at most a third of the container: a longer label (tied categories) ends in "…", and the plot
            # keeps its width (an unlimited label left a phone's plot none: autosize shrinks it to fit)
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 11, "limit": {"expr": LABEL_LIMIT}},
            "encoding": {"x": x, "y": y, "color": color, "text": {"field": "label"}},
        },
    ]
    return spec


LABEL_LIMIT = "max(60, containerSize()[0] / 3 - 16)"


@chart("science_releases")
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
    values = complete_months(doc, values)
    if not values:
        return None
    totals: dict[str, int] = {}
    for v in values:
        totals[v["domain"]] = totals.get(v["domain"], 0) + (v["releases"] or 0)
    order = sorted(totals, key=lambda k: (-totals[k], k))
    spec = base_spec(doc, values, max(180, 30 * len(order)))
    spec["mark"] = {"type": "rect"}
    spec["encoding"] = {
        "x": month_field(),
        "y": {"field": "domain", "type": "nominal", "title": None, "sort": order},
        "color": {
            "field": "releases",
            "type": "quantitative",
            "title": "releases (models and datasets)",
            "scale": {"scheme": "purples", "type": "sqrt"},
        },
        "tooltip": [
            tip("month", "month", kind="temporal"),
            tip("domain", "domain"),
            tip("releases", "releases", ",", "quantitative"),
            tip("models", "models", ",", "quantitative"),
            tip("datasets", "datasets", ",", "quantitative"),
        ],
    }
    return spec
