"""The popularity chapter's chart of likes (POP1): the most liked models now and a year earlier."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import base_spec, country_name, country_scale, tip


@chart("most_liked")
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
    spec = base_spec(doc, values, 30 * ranks)
    x = {
        "field": "column",
        "type": "nominal",
        "title": None,
        "sort": columns,
        "axis": {"orient": "top", "labelAngle": 0, "domain": False, "ticks": False, "labelFontWeight": 600},
    }
    y = {"field": "rank", "type": "ordinal", "title": "rank by likes", "axis": {"domain": False, "ticks": False}}
    tooltip = [
        tip("model", "model"),
        tip("likes", "likes", ",", "quantitative"),
        tip("country", "country"),
        tip("organisation", "organisation"),
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
                "limit": {"expr": "bandwidth('x') - 12"},  # a name longer than its cell ends in "…"
                "xOffset": {"expr": "-bandwidth('x') / 2 + 8"},
            },
            "encoding": {"x": x, "y": y, "text": {"field": "model"}, "tooltip": tooltip},
        },
    ]
    return spec
