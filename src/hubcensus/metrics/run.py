"""Running many metrics as one run: one context, and its shared intermediates, for all of them; and
everything a report renders (`compute_report_documents`), so the report itself computes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hubcensus.engines.protocol import Engine
from hubcensus.metrics.base import REGISTRY, SYNTHETIC_NOTE, Context, Metric, context, data_source, run_metric
from hubcensus.metrics.facts import finding_rank
from hubcensus.progress import NO_PROGRESS, Progress


def ordered_metrics(metrics: Sequence[Metric] | None = None) -> list[Metric]:
    """Every metric (or the ones given) in report order: by chapter, then as SPEC.md lists them (`facts`)."""
    return sorted(metrics or REGISTRY.values(), key=lambda m: finding_rank(m.chapter, m.spec))


def compute_metrics(
    engine: Engine,
    metrics: Sequence[Metric] | None = None,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    ctx: Context | None = None,
) -> list[dict[str, Any]]:
    """Every metric's document, sharing one context (and its temp tables) across the run."""
    shown = progress or NO_PROGRESS
    ctx = ctx or context(engine, as_of)
    ordered = ordered_metrics(metrics)
    shown.stage("metrics", len(ordered))
    docs = []
    for m in ordered:
        shown.note(f"{m.spec} {m.name}")
        try:
            docs.append(run_metric(m, engine, ctx=ctx))
        except Exception as exc:
            exc.add_note(f"while computing {m.spec} ({m.name})")  # which metric, for the message and for a bug report
            raise
        shown.advance()
    return docs


@dataclass(frozen=True)
class ReportDocuments:
    """What a report renders, all computed before any file is written (so a failure leaves no half report)."""

    metrics: list[dict[str, Any]]  # every metric's document, as `metric --all --json` prints them
    scorecards: list[dict[str, Any]]  # one per registry organisation (`metrics.scorecards`), by author
    scorecard_queries: list[str]  # the queries that computed them, shown under the organisations' table
    as_of: dt.date  # the as-of snapshot's date
    snapshots: list[dt.date]  # the series up to it, oldest first
    engine: str  # the engine's name, printed in the page's footer
    source: str = "real"  # what the snapshots are: "synthetic", "real" or "mixed" (`base.data_source`)
    quality: dict[str, Any] = field(default_factory=dict)  # the "Data quality" chapter (`quality.data_quality`)
    # the first chapter, "What changed since DATE" (`editions.changes_since`); None: the report has none
    changes: dict[str, Any] | None = None

    @property
    def provenance(self) -> tuple[str, str]:
        """The cover's kicker and its sentence on what the figures are measured from."""
        if self.source == "synthetic":
            return "Measured on a synthetic Hub (a demo), not real Hub data", SYNTHETIC_NOTE
        if self.source == "mixed":
            return (
                "Measured on real and synthetic snapshots together",
                "Some snapshots are synthetic: " + SYNTHETIC_NOTE,
            )
        return "Reproduced from public Hub metadata", ""


def compute_report_documents(
    engine: Engine, as_of: dt.date | None = None, progress: Progress | None = None, ctx: Context | None = None
) -> ReportDocuments:
    """Every metric's document and every organisation's scorecard, on one context: the scorecards reuse
    the metrics' temp tables (the statistics in force, the monthly series). Pass the `ctx` the caller
    already made to check the store before doing anything else."""
    # here, not at the top: the scorecards import chapters a one-metric run (`compute_metrics`) need not load
    from hubcensus.metrics.quality import data_quality
    from hubcensus.metrics.scorecards import scorecards

    shown = progress or NO_PROGRESS
    ctx = ctx or context(engine, as_of)
    docs = compute_metrics(engine, progress=shown, ctx=ctx)
    quality = data_quality(ctx, docs)
    shown.stage("scorecards")
    cards, card_queries = scorecards(engine, ctx=ctx)
    return ReportDocuments(
        metrics=docs,
        scorecards=cards,
        scorecard_queries=card_queries,
        as_of=ctx.as_of.taken_at,
        snapshots=[s.taken_at for s in ctx.series],
        engine=engine.name,
        source=data_source(ctx.series),
        quality=quality,
    )
