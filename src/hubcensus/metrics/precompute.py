"""Which shared intermediates are kept in the store after enrichment (`hubcensus.store.precomputed`), and how.

Each step asks for an intermediate exactly as the metrics do, as of the newest snapshot (what a
plain `metric --all` or `report` computes), through the same functions: the SQL kept is then the
SQL a later run would write, which is how it finds the table (a digest of that SQL). What is kept
is what saves a run the most for each second it adds to `enrich`, measured at Hub scale: each
kind's statistics in force, the monthly series (with its keys and the statistics at every snapshot
it comes from) and its sum per namespace, the sizes, the hardware matches and the paper links
(about 7 s of enrich over one full-scale snapshot). The present models of D1/GEO4/A4 and C2's
memberships are left out: writing them compressed took two to three times as long as building
them in memory. Anything not kept, or asked for as of another date, is built per run as before.

Which intermediates are worth keeping is metrics knowledge, so it lives here; when to build them is
orchestration: `hubcensus.pipeline` calls `precompute` right after enrichment, in its transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from hubcensus.engines.duckdb_engine import PrecomputingEngine
from hubcensus.metrics import adoption, growth, hardware, papers, series_carry
from hubcensus.metrics.base import Context, context, snapshots, text_only
from hubcensus.metrics.geography.over_time import monthly_by_namespace
from hubcensus.metrics.snapshots import complete_or_partial
from hubcensus.metrics.sql import stats_at, stats_now_sql
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.store import in_force, precomputed


def _statistics(ctx: Context, full: bool) -> None:
    assert isinstance(ctx.engine, PrecomputingEngine)
    con = ctx.engine.con
    in_force.ensure(con)
    for kind in ("model", "dataset", "space"):
        snap = ctx.latest_complete(kind)
        if snap is not None and snap.snapshot_id >= (in_force.newest_held(con, kind) or 0):
            # No later snapshot holds the kind: the statistics in force there are those ingest keeps now,
            # one row per repo, where the SQL a metric run writes reads the whole history for them.
            said = text_only(ctx)
            name = stats_at(said, snap.snapshot_id, kind).removeprefix("(SELECT * FROM ").removesuffix(")")
            ctx.engine.keep_built(name, said.engine.materialized[name], stats_now_sql(kind, in_force.TABLE))
        growth.alive(ctx, kind)


def _monthly(ctx: Context, full: bool) -> None:
    # Extended from what the last enrich carried, unless `full` (or the carry no longer fits the history).
    assert isinstance(ctx.engine, PrecomputingEngine)
    for kept in series_carry.series_tables(ctx, ctx.engine.con, "model", rebuild=full):
        ctx.engine.keep_built(kept.table, kept.sql, kept.build, kept.view)
    monthly_by_namespace(ctx)


def _hardware(ctx: Context, full: bool) -> None:
    snap, _ = complete_or_partial(ctx)
    if snap is not None:
        hardware.hardware_hits(ctx, snap)


STEPS: tuple[tuple[str, Callable[[Context, bool], Any]], ...] = (
    ("statistics at the newest snapshot", _statistics),
    ("sizes", lambda ctx, _full: adoption.sizes(ctx)),
    ("monthly downloads", _monthly),
    ("hardware targets", _hardware),
    ("paper links", lambda ctx, _full: papers.paper_links(ctx)),
)


def precompute(con: Any, progress: Progress | None = None, full: bool = False) -> dict[str, float]:
    """Build the kept intermediates in `con`'s open transaction; seconds per step. A store holding no
    snapshot keeps nothing. The monthly series is extended by the snapshots gained since the last enrich
    (`series_carry`); `full` rebuilds it from the whole history."""
    shown = progress or NO_PROGRESS
    shown.stage("precomputing")
    precomputed.start(con)
    engine = PrecomputingEngine(con)
    seconds: dict[str, float] = {}
    if snapshots(engine):
        ctx = context(engine)
        for label, step in STEPS:
            t = time.perf_counter()
            shown.note(label)
            step(ctx, full)
            seconds[label] = time.perf_counter() - t
    # Their temporary views served the steps above; a later run on this connection reads through its own engine.
    for table in engine.materialized:
        con.execute(f"DROP VIEW IF EXISTS temp.{table}")
    return seconds
