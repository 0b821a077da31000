"""The charts of an organisation's scorecard (`hubcensus.report.scorecards` builds the card).

One builder per chart, each None when the card has nothing for it to draw; `scorecard_specs` keeps
the ones that draw, in the order the org page shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hubcensus.report.charts.theme import KIND_COLORS, SI_AXIS, frame, month_field, params_axis, tip


def _card_base(card: dict[str, Any], what: str, values: list[dict[str, Any]], height: int = 220) -> dict[str, Any]:
    return frame(f"{card['author']}: {what}", values, height)


def _decades(sizes: list[dict[str, Any]]) -> list[int]:
    """Grid lines at powers of ten over the bins' range: a log axis otherwise draws every minor tick."""
    lo = min(s["bin"] for s in sizes) // 4
    hi = max(s["bin"] for s in sizes) // 4 + 1
    return [10**e for e in range(lo, hi + 1)]


def releases(card: dict[str, Any]) -> dict[str, Any] | None:
    """Repositories created per year, stacked by kind."""
    if not card["releases"]:
        return None
    kinds = [k for k in KIND_COLORS if any(r["kind"] == k for r in card["releases"])]
    spec = _card_base(card, "repositories created per year", [{**r, "year": str(r["year"])} for r in card["releases"]])
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
        "tooltip": [tip("year", "year"), tip("kind", "kind"), tip("repos", "repositories", ",", "quantitative")],
    }
    return spec


def downloads(card: dict[str, Any]) -> dict[str, Any] | None:
    """Model downloads per month; none when every month is zero (a flat line says nothing)."""
    if not any(m["downloads"] for m in card["monthly_downloads"]):
        return None
    spec = _card_base(card, "model downloads per month", card["monthly_downloads"])
    spec["mark"] = {
        "type": "area",
        "interpolate": "linear",
        "line": {"color": "#3b6fb6"},
        "color": "#3b6fb6",
        "opacity": 0.25,
    }
    spec["encoding"] = {
        "x": month_field(),
        "y": {
            "field": "downloads",
            "type": "quantitative",
            "title": "model downloads in the month",
            "axis": SI_AXIS,
        },
        "tooltip": [tip("month", "month", kind="temporal"), tip("downloads", "downloads", ",", "quantitative")],
    }
    return spec


def sizes(card: dict[str, Any]) -> dict[str, Any] | None:
    """A histogram of its models' parameter counts, on log bins."""
    if not card["sizes"]:
        return None
    spec = _card_base(card, "its models' parameter counts", card["sizes"], 200)
    spec["mark"] = {"type": "rect", "color": "#8a64b8", "cornerRadius": 2}
    spec["encoding"] = {
        "x": {
            "field": "from",
            "type": "quantitative",
            "title": "parameters",
            "scale": {"type": "log"},
            "axis": {**params_axis("parameters"), "values": _decades(card["sizes"])},
        },
        "x2": {"field": "to"},
        "y": {"field": "models", "type": "quantitative", "title": "models"},
        "tooltip": [
            tip("from", "from", ".3~s", "quantitative"),
            tip("to", "to", ".3~s", "quantitative"),
            tip("models", "models", ",", "quantitative"),
        ],
    }
    return spec


def lifetime(card: dict[str, Any]) -> dict[str, Any] | None:
    """How many months its models took to fall below half their peak downloads."""
    hist = card["lifetime"]["hist"]
    if not hist:
        return None
    values = [{"months": "not yet" if h["months"] is None else str(h["months"]), "models": h["models"]} for h in hist]
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
        "tooltip": [tip("months", "months"), tip("models", "models", ",", "quantitative")],
    }
    return spec


CARD_CHARTS: dict[str, Callable[[dict[str, Any]], dict[str, Any] | None]] = {
    "releases": releases,
    "downloads": downloads,
    "sizes": sizes,
    "lifetime": lifetime,
}
"""The scorecard's charts by name, in the order the org page shows them."""


def scorecard_specs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The charts of an organisation's scorecard (`report.scorecards`), by name; a chart with no data is left out."""
    out: dict[str, dict[str, Any]] = {}
    for name, build in CARD_CHARTS.items():
        spec = build(card)
        if spec is not None:
            out[name] = spec
    return out
