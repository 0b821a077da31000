"""The adoption chapter's charts (A1-A4): how downloads, interest and model sizes change with age and size."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.periods import year_label
from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import BUCKET_COLORS, BUCKETS, SI_AXIS, base_spec, params_axis, pct_field, tip


@chart("relative_adoption")
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
        tip("bucket", "size"),
        tip("age", "age (days)"),
        tip("median_top10", "median top-10 downloads", ",.0f", "quantitative"),
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
        spec = base_spec(doc, aged, 300)
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
    spec = base_spec(doc, values, 260)
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {"field": "bucket", "type": "nominal", "title": "parameters", "sort": list(BUCKETS)},
        "y": y,
        "color": color,
        "tooltip": tooltip,
    }
    return spec


@chart("engagement_lifetime")
def engagement_lifetime(doc: dict[str, Any]) -> dict[str, Any] | None:
    # the metric's resolution: rows count in weeks (`fall_week`) from a weekly series, else in months
    unit = "week" if doc.get("headline", {}).get("resolution") == "weekly" else "month"
    agg: dict[tuple[str, str], int] = {}
    for r in doc["rows"]:
        if not r["engaged"]:
            continue
        label = "not yet" if r[f"fall_{unit}"] is None else str(r[f"fall_{unit}"])
        agg[(r["signal"], label)] = agg.get((r["signal"], label), 0) + r["models"]
    if not agg:
        return None
    totals: dict[str, int] = {}
    for (signal, _), n in agg.items():
        totals[signal] = totals.get(signal, 0) + n
    values = [{"signal": s, "months": m, "models": n, "share": n / totals[s]} for (s, m), n in sorted(agg.items())]
    # every month from the first to the last, those no model fell in as well: an axis that skips a month
    # reads as if the months were evenly spaced when they are not
    months = [int(v["months"]) for v in values if v["months"] != "not yet"]
    order = [str(m) for m in range(min(months), max(months) + 1)] if months else []
    order += ["not yet"] if any(v["months"] == "not yet" for v in values) else []
    spec = base_spec(doc, values, 260)
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "x": {
            "field": "months",
            "type": "ordinal",
            "sort": order,
            "scale": {"domain": order},
            "axis": {"labelAngle": 0},
            "title": f"{unit}s until below half the peak",
        },
        "xOffset": {"field": "signal", "sort": ["downloads", "likes"]},
        "y": pct_field("share", "share of released models"),
        "color": {
            "field": "signal",
            "type": "nominal",
            "title": None,
            "sort": ["downloads", "likes"],
            "scale": {"range": ["#3b6fb6", "#e0703a"]},
        },
        "tooltip": [
            tip("signal", "signal"),
            tip("months", f"{unit}s"),
            tip("models", "models", ",", "quantitative"),
            tip("share", "share", ".1%", "quantitative"),
        ],
    }
    return spec


@chart("downloaded_model_size")
def downloaded_model_size(doc: dict[str, Any]) -> dict[str, Any] | None:
    stats = {"mean_params": "download-weighted mean", "median_params": "download-weighted median"}
    values = [
        {"year": year_label(doc, r["year"]), "statistic": label, "params": r[k], "months": r.get("months_covered")}
        for r in doc["rows"]
        for k, label in stats.items()
        if r.get(k)
    ]
    if not values:
        return None
    spec = base_spec(doc, values, 260)
    spec["mark"] = {"type": "line", "point": {"size": 70, "filled": True}}
    spec["encoding"] = {
        "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
        "y": {
            "field": "params",
            "type": "quantitative",
            "title": "parameters",
            "scale": {"type": "log"},
            "axis": params_axis("parameters"),
        },
        "color": {"field": "statistic", "type": "nominal", "title": None, "scale": {"range": ["#3b6fb6", "#e0703a"]}},
        "tooltip": [
            tip("year", "year"),
            tip("statistic", "statistic"),
            tip("params", "parameters", ".3~s", "quantitative"),
            tip("months", "months covered", kind="quantitative"),
        ],
    }
    return spec


@chart("family_size_span")
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
    spec = base_spec(doc, values, max(200, 22 * len(values)))
    y = {"field": "developer", "type": "nominal", "title": None, "sort": order}
    x = {
        "field": "smallest",
        "type": "quantitative",
        "title": "parameters (smallest to largest original model)",
        "scale": {"type": "log"},
        "axis": {**params_axis("parameters (smallest to largest original model)"), "grid": True, "tickCount": 8},
    }
    color = {
        "field": "buckets",
        "type": "ordinal",
        "title": "size buckets spanned",
        "sort": ["1", "2", "3", "4"],
        "scale": {"domain": ["1", "2", "3", "4"], "range": ["#c8d6ea", "#8fb0dc", "#4f82c4", "#1f4f91"]},
    }
    tooltip = [
        tip("developer", "developer"),
        tip("sizes", "distinct sizes", kind="quantitative"),
        tip("smallest", "smallest", ".3~s", "quantitative"),
        tip("largest", "largest", ".3~s", "quantitative"),
        tip("originals", "original models", kind="quantitative"),
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
