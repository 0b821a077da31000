"""The hardware chapter's chart (H1): which hardware new models are published for."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.periods import complete_months
from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import base_spec, month_field, tip


@chart("hardware_targets")
def hardware_targets(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [{"month": r["month"], "target": r["label"], "models": r["models"]} for r in doc["rows"]]
    values = complete_months(doc, values)
    if not values:
        return None
    totals: dict[str, int] = {}
    for v in values:
        totals[v["target"]] = totals.get(v["target"], 0) + (v["models"] or 0)
    order = sorted(totals, key=lambda k: (-totals[k], k))
    spec = base_spec(doc, values, 300)
    spec["mark"] = {"type": "line", "interpolate": "linear"}
    spec["encoding"] = {
        "x": month_field(),
        "y": {"field": "models", "type": "quantitative", "title": "new models that month"},
        "color": {"field": "target", "type": "nominal", "title": None, "sort": order, "legend": {"columns": 2}},
        "tooltip": [
            tip("month", "month", kind="temporal"),
            tip("target", "target"),
            tip("models", "models", ",", "quantitative"),
        ],
    }
    return spec
