"""The concentration chapter's chart (C1): how unequally downloads fall on models, as a Lorenz curve."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import base_spec, pct_field, tip


@chart("download_concentration")
def download_concentration(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [{"models_share": r["models_share"], "downloads_share": r["downloads_share"]} for r in doc["rows"]]
    if not values:
        return None
    spec = base_spec(doc, values, 320)
    x = pct_field("models_share", "share of models, least downloaded first")
    y = pct_field("downloads_share", "share of all downloads")
    spec["layer"] = [
        {
            "data": {"values": [{"models_share": 0, "downloads_share": 0}, {"models_share": 1, "downloads_share": 1}]},
            "mark": {"type": "line", "strokeDash": [4, 4], "color": "#9aa3ad", "strokeWidth": 1.5},
            "encoding": {"x": x, "y": y},
        },
        {
            "mark": {"type": "area", "color": "#3b6fb6", "opacity": 0.15, "interpolate": "linear"},
            "encoding": {"x": x, "y": y},
        },
        {
            "mark": {"type": "line", "color": "#3b6fb6", "interpolate": "linear", "point": False},
            "encoding": {
                "x": x,
                "y": y,
                "tooltip": [
                    tip("models_share", "share of models", ".0%", "quantitative"),
                    tip("downloads_share", "share of downloads", ".2%", "quantitative"),
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
                    "text": f"● the top {label} of models take {1 - at[cut]:.0%}",
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
            # the sentences stacked in the empty upper-left corner (a Lorenz curve stays below the diagonal),
            # not beside their points: the top 1% and top 10% points sit a few pixels apart on a steep curve,
            # and labels beside them printed over each other
            "data": {"values": [{"models_share": 0, "downloads_share": 1, "lines": [m["text"] for m in marks]}]},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "dx": 6,
                "lineHeight": 17,
                "fontSize": 12,
                "color": "#b5531f",
                "fontWeight": 600,
                "limit": {"expr": "width - 12"},
            },
            "encoding": {"x": x, "y": y, "text": {"field": "lines"}},
        },
    ]
