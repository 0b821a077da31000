"""The derivatives chapter's charts (D1, GEO4): which families models build on, and who repackages them."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import base_spec, tip


@chart("derivatives_by_family")
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
    spec = base_spec(doc, values, max(200, 54 * len(order)))
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
            tip("family", "family"),
            tip("developer", "developer"),
            tip("count", "counted as"),
            tip("models", "models", ",", "quantitative"),
        ],
    }
    return spec


@chart("intermediary_share")
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
    spec = base_spec(doc, values, max(180, 24 * len(values)))
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
            tip("who", "intermediary"),
            tip("namespace", "namespace"),
            tip("share", "share", ".3%", "quantitative"),
            tip("downloads", "downloads", ",", "quantitative"),
            tip("repos", "repos", ",", "quantitative"),
        ],
    }
    return spec
