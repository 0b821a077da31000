"""The stages in order, for the commands that run several: ingest the snapshots given, enrich, precompute.

Each stage belongs to its own layer: the store ingests, `enrich` derives lineage, sizes and who made
what, and the metrics know which of their intermediates are worth keeping (`metrics.precompute`).
Only this module knows the order, so no lower stage reaches up into a higher one to start the next.
Enrichment and precomputing run in one transaction (`enrich.run.enrichment` leaves it open for the
step), committed in two parts: first the enrichment with what it carries from run to run (the monthly
series, what tags say), then the intermediates built from them. The first part stands on its own: the
snapshots read as `enriched` (`store.stages`) and the precomputed tables it wrote as out of date until the
second commits, so a command killed or failing in between leaves a store whose next `ingest`, `enrich` or
`pull` builds the intermediates, and metric runs meanwhile build their own. (One commit for both held the
carried rows in memory while the answers were built, and they spilled to disk under the default limit.)

`run` hands back each stage's outcome as the stage ends, so that a command can print it before the
next one starts.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hubcensus.enrich.registry import load_registry
from hubcensus.enrich.run import EnrichResult, enrichment
from hubcensus.killpoints import kill_point
from hubcensus.metrics import series_carry
from hubcensus.metrics.precompute import precompute
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.store import precomputed, stages
from hubcensus.store.connection import Store
from hubcensus.store.forget import Forgotten, forget_snapshot
from hubcensus.store.ingest import IngestResult, ingest
from hubcensus.store.inputs import SnapshotInput

# When enrichment follows an ingest: when the store changed (a snapshot ingested, or a registry given),
# always (`demo`: the store may have been left unenriched by an interrupted run), or never (`--no-enrich`).
When = Literal["if changed", "always", "never"]


@dataclass
class Ingested:
    results: list[IngestResult]


@dataclass
class Enriched:
    enrichment: EnrichResult
    precomputed: dict[str, float]  # seconds per step of `metrics.precompute.STEPS`
    precompute_seconds: float
    series: series_carry.Run | None = None  # what the monthly series' carry did (None: no series to carry)


def enrich(
    store: Store, registry_files: list[Path] | None = None, progress: Progress | None = None, full: bool = False
) -> Enriched:
    """Enrich the store and keep the metrics' intermediates of the result, in two commits (see the module's
    doc): the enrichment with what it carries, then the intermediates. The monthly
    series is extended by the snapshots gained since the last enrich, and lineage updated for the models that
    changed; `full` rebuilds both from the whole store."""
    shown = progress or NO_PROGRESS
    with enrichment(store, registry_files, shown, full=full) as result:
        kill_point("enrich:before-precompute")
        t = time.perf_counter()
        kept = precompute(store.con, shown, full=full, carried=lambda: _commit_carried(store))
        stages.mark_precomputed(store.con)
        kill_point("enrich:before-commit")
        done = Enriched(result, kept.seconds, time.perf_counter() - t, kept.series)
    precomputed.seal(store.con)  # after the commit: the fingerprint is of the committed data
    kill_point("enrich:committed")
    return done


def _commit_carried(store: Store) -> None:
    store.commit_so_far()
    kill_point("enrich:carried")


def needs_enrich(store: Store) -> bool:
    """Whether some snapshot of the store is not through every stage (an interrupted run, a refused
    registry, `--no-enrich`): a rerun of the command that ingested it finishes the job."""
    return bool(stages.behind(store.con))


def run(
    store: Store,
    snaps: Sequence[SnapshotInput],
    *,
    registry_files: list[Path] | None = None,
    enriching: When = "if changed",
    progress: Progress | None = None,
    keep_going: bool = False,
) -> Iterator[Ingested | Enriched]:
    """Ingest `snaps` (each its own transaction), then enrich and precompute as `enriching` says.

    `keep_going`: a snapshot refused is reported and the others still go in (`store.ingest.ingest`).

    What the enrichment would refuse (a registry file) is checked before the first snapshot commits;
    a store some of whose snapshots are not through every stage is enriched even when nothing new came in."""
    if registry_files and enriching != "never":
        load_registry(registry_files)
    results = ingest(store, list(snaps), progress=progress, keep_going=keep_going)
    yield Ingested(results)
    kill_point("pipeline:before-enrich")
    changed = bool(registry_files) or any(r.status == "ingested" for r in results) or needs_enrich(store)
    if enriching == "always" or (enriching == "if changed" and changed):
        yield enrich(store, registry_files, progress)


def forget(store: Store, day: dt.date, progress: Progress | None = None) -> tuple[Forgotten, Enriched]:
    """Take snapshot `day` out of the store, then enrich and precompute what is left, as after an ingest.

    Two transactions: killed between them, the snapshots left read as `ingested` (stale) and the next
    `ingest`, `enrich` or `pull` finishes the job."""
    gone = forget_snapshot(store, day)
    kill_point("forget:before-enrich")
    # the monthly series is rebuilt, not extended: the history it was carried from has changed
    return gone, enrich(store, None, progress, full=True)
