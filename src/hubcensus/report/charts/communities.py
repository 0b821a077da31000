"""The communities chapter's charts (C2, S1, S2): sub-ecosystems, dataset categories and science releases."""

from __future__ import annotations

from typing import Any

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
    spec = base_spec(doc, values, 320)
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
            "transform": [{"filter": f"datum.year === {int(year)}"}],
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 11},
            "encoding": {"x": x, "y": y, "color": color, "text": {"field": "label"}},
        },
    ]
    spec["padding"] = {"left": 4, "top": 4, "bottom": 4, "right": 150}
    return spec


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
