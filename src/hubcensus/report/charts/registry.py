"""The chart-spec builders, keyed by the name of the metric whose document they draw.

Each chapter's module registers its builders with `@chart("metric_name")`, as the metrics register
themselves with `@metric(...)` (`hubcensus.metrics.base`); importing the package imports every
chapter, so the registry is full before anything asks it. A builder takes the document `run_metric`
returns and gives a Vega-Lite spec, or None when the rows hold nothing it can draw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ChartBuilder = Callable[[dict[str, Any]], dict[str, Any] | None]

CHARTS: dict[str, ChartBuilder] = {}
"""Metric name -> the builder of its chart (a metric with no entry draws no chart)."""


def chart(metric: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Register the chart of a metric: `@chart("download_concentration")` over its builder."""

    def wrap(fn: ChartBuilder) -> ChartBuilder:
        if metric in CHARTS:
            raise AssertionError(f"chart of {metric} registered twice")
        CHARTS[metric] = fn
        return fn

    return wrap


def chart_spec(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The Vega-Lite spec for a metric document, or None when it has nothing to draw (no rows, an unknown metric)."""
    fn = CHARTS.get(doc.get("metric", ""))
    if fn is None or not doc.get("rows"):
        return None
    return fn(doc)
