"""Which shared intermediates are kept in the store after enrichment (`hubcensus.store.precomputed`), and how.

Each step asks for an intermediate exactly as the metrics do, as of the newest snapshot (what a
plain `metric --all` or `report` computes), through the same functions: the SQL kept is then the
SQL a later run would write, which is how it finds the table (a digest of that SQL). What is kept
is what saves a run the most for each second it adds to `enrich`, measured at Hub scale: each
kind's statistics in force, the monthly series (with its keys and the statistics at every snapshot
it comes from) and its sum per namespace, the sizes, the hardware matches, the paper links, the
count of models carrying tags and lineage input, what each repo's tags say (`tag_carry`: D1's family-name
flags, C2's memberships, S2's science domains, H1's hardware tags and POP3's arXiv links, kept for every date,
so that a run at another date reads them), and the whole answers of the metrics that took seconds each (`KEPT_ANSWERS`: GEO4, D1, A1, A3, A4, C2, S1, S2; `Context.kept_rows`), a few rows
each. At 2.2M models (2-core machine, shared) the answers added about 20 s to enrich and took as
much off every `metric --all` and `report` after it. The present models of D1/GEO4/A4 and C2's
memberships are built for those answers but not kept (`TRANSIENT`): writing them compressed took
two to three times as long as building them in memory, and a run that reads the kept answers does
not need them at all. Anything not kept, or asked for as of another date, is built per run as before.

Which intermediates are worth keeping is metrics knowledge, so it lives here; when to build them is
orchestration: `hubcensus.pipeline` calls `precompute` right after enrichment, in its transaction, and commits
once the carried steps are done (`carried`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hubcensus.engines.duckdb_engine import PrecomputingEngine
from hubcensus.metrics import adoption, communities, derivatives, growth, hardware, papers, series_carry, tag_carry  # noqa: F401 (registers)
from hubcensus.metrics.base import REGISTRY, Context, context, shared_name, snapshots, text_only
from hubcensus.metrics.geography.over_time import monthly_by_namespace
from hubcensus.metrics.snapshots import LINEAGE_INPUT, complete_or_as_of, complete_or_partial, models_with_input
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
            name = shared_name(stats_at(said, snap.snapshot_id, kind))
            ctx.engine.keep_built(name, said.engine.materialized[name], stats_now_sql(kind, in_force.TABLE))
        growth.alive(ctx, kind)


def _monthly(ctx: Context, full: bool) -> series_carry.Run | None:
    # Extended from what the last enrich carried, unless `full` (or the carry no longer fits the history).
    assert isinstance(ctx.engine, PrecomputingEngine)
    tables, run = series_carry.series_tables(ctx, ctx.engine.con, "model", rebuild=full)
    for kept in tables:
        if kept.stored:
            ctx.engine.keep_built(kept.table, kept.sql, kept.build, kept.view)
        else:
            ctx.engine.use_built(kept.table, kept.sql, kept.build)
    monthly_by_namespace(ctx)
    return run


def _tagged(ctx: Context, full: bool) -> None:
    # Updated for the repos whose tags changed since the last enrich, unless `full`.
    assert isinstance(ctx.engine, PrecomputingEngine)
    for table, sql, build in tag_carry.tagged_tables(ctx.engine.con, full):
        ctx.engine.keep_built(table, sql, build, view=True)


def _hardware(ctx: Context, full: bool) -> None:
    snap, _ = complete_or_partial(ctx)
    if snap is not None:
        hardware.hardware_hits(ctx, snap)


def _inputs(ctx: Context, full: bool) -> None:
    snap, _ = complete_or_as_of(ctx)
    models_with_input(ctx, snap, LINEAGE_INPUT)


# The metrics whose answers are kept whole (`Context.kept_rows`): a few rows each, seconds each to compute.
KEPT_ANSWERS = ("GEO4", "D1", "A1", "A3", "A4", "C2", "S1", "S2")


def _answers(spec: str) -> Callable[[Context, bool], Any]:
    def step(ctx: Context, full: bool) -> None:
        [m] = [m for m in REGISTRY.values() if m.spec == spec]
        m.compute(Context(ctx.engine, ctx.as_of, ctx.series))

    return step


STEPS: tuple[tuple[str, Callable[[Context, bool], Any]], ...] = (
    ("statistics at the newest snapshot", _statistics),
    ("sizes", lambda ctx, _full: adoption.sizes(ctx)),
    ("models carrying tags and lineage input", _inputs),
    ("monthly downloads", _monthly),
    ("what tags say", _tagged),
    ("hardware targets", _hardware),
    ("paper links", lambda ctx, _full: papers.paper_links(ctx)),
    *((f"{spec}'s answers", _answers(spec)) for spec in KEPT_ANSWERS),
)
# The steps that extend what `enrich` carries from one run to the next (the monthly series, what tags say) as
# well as keeping intermediates: `precompute`'s caller may commit once they are done (see there).
CARRIED = ("monthly downloads", "what tags say")
# Built for the steps above but not kept: large inputs of small kept results, cheaper to rebuild in the rare
# run that needs them (another date) than to write into the store at every enrich.
TRANSIENT = ("_hc_alive_", "_hc_c2_members_")


@dataclass(frozen=True)
class Precomputing:
    """What `precompute` did: seconds per step of `STEPS`, and what it did to the carried monthly series (None:
    no series to carry)."""

    seconds: dict[str, float]
    series: series_carry.Run | None


def precompute(
    con: Any, progress: Progress | None = None, full: bool = False, carried: Callable[[], None] | None = None
) -> Precomputing:
    """Build the kept intermediates in `con`'s open transaction; what it did (`Precomputing`). A store holding no
    snapshot keeps nothing. The monthly series is extended by the snapshots gained since the last enrich
    (`series_carry`); `full` rebuilds it from the whole history.

    `carried` is called once the `CARRIED` steps are done, for the caller to commit them: the day's series rows
    and the month's sums they update, uncommitted, held about 1 GB of memory at Hub scale, and under the
    default 2 GB limit the answers built after them spilled to disk (D1's 0.6 GB, C2's, GEO4's)."""
    shown = progress or NO_PROGRESS
    shown.stage("precomputing")
    precomputed.start(con)
    engine = PrecomputingEngine(con, transient=TRANSIENT)
    seconds: dict[str, float] = {}
    series = None
    if snapshots(engine):
        ctx = context(engine)
        for label, step in STEPS:
            t = time.perf_counter()
            shown.note(label)
            done = step(ctx, full)
            if isinstance(done, series_carry.Run):
                series = done
            seconds[label] = time.perf_counter() - t
            if carried is not None and label == CARRIED[-1]:
                carried()
    # Their temporary views served the steps above; a later run on this connection reads through its own engine.
    for table in engine.materialized:
        kind = "TABLE" if table.startswith(TRANSIENT) else "VIEW"
        con.execute(f"DROP {kind} IF EXISTS temp.{table}")
    return Precomputing(seconds, series)
