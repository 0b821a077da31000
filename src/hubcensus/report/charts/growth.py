"""The growth chapter's charts (G1, G2): the Hub's size over time and what its new models are derived from."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.periods import complete_months
from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import RELATION_COLORS, RELATIONS, SI_AXIS, base_spec, month_field, pct_field, tip


@chart("hub_growth")
def hub_growth(doc: dict[str, Any]) -> dict[str, Any] | None:
    names = {"model": "models", "dataset": "datasets", "space": "spaces", "author": "authors"}
    values = [
        {"month": r["month"], "what": names.get(r["kind"], r["kind"]), "cumulative": r["cumulative"], "new": r["new"]}
        for r in doc["rows"]
    ]
    values = complete_months(doc, values)
    if not values:
        return None
    spec = base_spec(doc, values, 300)
    spec["mark"] = {"type": "line", "interpolate": "linear"}
    spec["encoding"] = {
        "x": month_field(),
        "y": {"field": "cumulative", "type": "quantitative", "title": "cumulative count", "axis": SI_AXIS},
        "color": {"field": "what", "type": "nominal", "title": None, "sort": list(names.values())},
        "tooltip": [
            tip("month", "month", kind="temporal"),
            tip("what", "what"),
            tip("cumulative", "cumulative", ",", "quantitative"),
            tip("new", "new that month", ",", "quantitative"),
        ],
    }
    return spec


@chart("derivative_share")
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
    values = complete_months(doc, values)
    if not values:
        return None
    spec = base_spec(doc, values, 280)
    spec["mark"] = {"type": "area", "interpolate": "linear", "opacity": 0.9}
    spec["encoding"] = {
        "x": month_field(),
        "y": pct_field("share", "share of the month's new models", stack="zero"),
        "color": {
            "field": "relation",
            "type": "nominal",
            "title": "declared relation",
            "sort": list(RELATIONS),
            "scale": {"domain": list(RELATIONS), "range": RELATION_COLORS},
        },
        "order": {"field": "relation", "sort": "ascending"},
        "tooltip": [
            tip("month", "month", kind="temporal"),
            tip("relation", "relation"),
            tip("share", "share", ".1%", "quantitative"),
            tip("models", "models", ",", "quantitative"),
            tip("new_models", "new models", ",", "quantitative"),
        ],
    }
    return spec
