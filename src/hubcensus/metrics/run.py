"""Running many metrics as one run: one context, and its shared intermediates, for all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from hubcensus.engines.protocol import Engine
from hubcensus.metrics.base import REGISTRY, Metric, context, run_metric


def ordered_metrics(metrics: Sequence[Metric] | None = None) -> list[Metric]:
    """Every metric (or the ones given) in report order: by chapter, then SPEC id."""
    return sorted(metrics or REGISTRY.values(), key=lambda m: (m.chapter, m.spec))


def compute_metrics(
    engine: Engine,
    metrics: Sequence[Metric] | None = None,
    as_of: dt.date | None = None,
    on_metric: Callable[[Metric], Any] | None = None,
) -> list[dict[str, Any]]:
    """Every metric's document, sharing one context (and its temp tables) across the run."""
    ctx = context(engine, as_of)
    docs = []
    for m in ordered_metrics(metrics):
        if on_metric:
            on_metric(m)
        try:
            docs.append(run_metric(m, engine, ctx=ctx))
        except Exception as exc:
            exc.add_note(f"while computing {m.spec} ({m.name})")  # which metric, for the message and for a bug report
            raise
    return docs
