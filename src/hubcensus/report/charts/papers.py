"""The charts of the daily-papers metrics (POP2, POP3; the popularity chapter): who the upvotes go to, and
which papers release a model or dataset.

POP2 shows one of two views through a select, for the reason given in `geography`.
"""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.registry import chart
from hubcensus.report.charts.theme import base_spec, country_name, country_scale, pct_field, tip, view_select


@chart("paper_upvotes_by_org")
def paper_upvotes_by_org(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = [
        {
            "view": r["view"],
            "name": country_name(r["name"]) if r["view"] == "country" else r["name"],
            "country": country_name(r["country"]),
            "share": r["upvote_share"],
            "upvotes": r["upvotes"],
            "papers": r["papers"],
        }
        for r in doc["rows"]
        if r.get("upvote_share") is not None and r.get("rank") is not None and r["rank"] <= 15
    ]
    if not values:
        return None
    labels = {"organisation": "organisation", "country": "country"}
    views = [v for v in labels if any(x["view"] == v for x in values)]
    spec = base_spec(doc, values, 340)
    spec["params"] = [view_select("view", views, [labels[v] for v in views], views[0], "Upvotes of daily papers by")]
    spec["transform"] = [{"filter": "datum.view === view"}]
    spec["mark"] = {"type": "bar"}
    spec["encoding"] = {
        "y": {"field": "name", "type": "nominal", "title": None, "sort": "-x"},
        "x": pct_field("share", "share of upvotes"),
        "color": {
            "field": "country",
            "type": "nominal",
            "title": "country",
            "scale": country_scale(sorted({v["country"] for v in values})),
        },
        "tooltip": [
            tip("name", "who"),
            tip("country", "country"),
            tip("share", "share of upvotes", ".1%", "quantitative"),
            tip("upvotes", "upvotes", ",", "quantitative"),
            tip("papers", "papers", ",", "quantitative"),
        ],
    }
    return spec


MIN_PAPERS = 30
"""Below this many papers a topic's share is drawn after the others' (its n is on its bar either way)."""


@chart("papers_with_artifacts")
def papers_with_artifacts(doc: dict[str, Any]) -> dict[str, Any] | None:
    values = []
    for r in doc["rows"]:
        if r.get("artifact_share") is None:
            continue
        values.append({"topic": r["topic"], "who": "all papers", "share": r["artifact_share"], "papers": r["papers"]})
        if r.get("big_tech_papers"):
            values.append(
                {
                    "topic": r["topic"],
                    "who": "Big Tech's papers",
                    "share": r["big_tech_with_artifacts"] / r["big_tech_papers"],
                    "papers": r["big_tech_papers"],
                }
            )
    if not values:
        return None
    # topics by share, but those resting on fewer than MIN_PAPERS papers after the rest, and the catch-all
    # "other" last: a 100% bar built on 19 papers does not lead the chart
    order = [
        r["topic"]
        for r in sorted(
            (r for r in doc["rows"] if r.get("artifact_share") is not None),
            key=lambda r: (r["topic"] == "other", (r["papers"] or 0) < MIN_PAPERS, -r["artifact_share"], r["topic"]),
        )
    ]
    spec = base_spec(doc, values, max(200, 30 * len(order)))
    y = {"field": "topic", "type": "nominal", "title": None, "sort": order}
    y_offset = {"field": "who", "sort": ["all papers", "Big Tech's papers"]}
    x = pct_field("share", "share releasing a model or dataset", scale={"domain": [0, 1]})
    spec["layer"] = [{"mark": {"type": "bar"}, "encoding": _pop3_bars(y, y_offset, x)}, _n_labels(y, y_offset, x)]
    return spec


def _n_labels(y: dict[str, Any], y_offset: dict[str, Any], x: dict[str, Any]) -> dict[str, Any]:
    """Each bar's number of papers at its end ("n=19"): a share resting on a handful of papers says so."""
    return {
        "transform": [{"calculate": "'n=' + format(datum.papers, ',')", "as": "n"}],
        "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10, "color": "#4a4f57"},
        "encoding": {"y": y, "yOffset": y_offset, "x": x, "text": {"field": "n"}},
    }


def _pop3_bars(y: dict[str, Any], y_offset: dict[str, Any], x: dict[str, Any]) -> dict[str, Any]:
    return {
        "y": y,
        "yOffset": y_offset,
        "x": x,
        "color": {
            "field": "who",
            "type": "nominal",
            "title": None,
            "sort": ["all papers", "Big Tech's papers"],
            "scale": {"range": ["#3b6fb6", "#e0a03a"]},
        },
        "tooltip": [
            tip("topic", "topic"),
            tip("who", "papers"),
            tip("share", "with artifacts", ".1%", "quantitative"),
            tip("papers", "papers", ",", "quantitative"),
        ],
    }
