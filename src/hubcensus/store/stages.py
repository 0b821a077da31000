"""Where each snapshot stands in the pipeline: ingested → enriched → precomputed, kept in the store.

Enrichment and the metrics' intermediates are built from the whole store, not one snapshot, so a
snapshot's stage says whether the store's current enrichment (and intermediates) include it:

- `ingested`: its rows are in the store, the enrichment predates them (an interrupted run, a refused
  registry, `--no-enrich`); every figure that reads lineage, sizes or attribution is stale;
- `enriched`: the enrichment was built with it, the intermediates were not (or were dropped since:
  every write transaction drops them, see `Store.transaction`);
- `precomputed`: both were built with it.

The writers move a snapshot along (`mark_ingested` inside the ingest's transaction, `mark_enriched`
inside the enrichment's, `mark_precomputed` inside the same one after the intermediates); the
readers (`status`, `metric`, `report`) ask `behind` and say what to run. A command that finds the
store behind finishes the stages it lacks (`pipeline.run`), which is how a rerun of an interrupted
`ingest` or `pull` ends where an uninterrupted one would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hubcensus.store import catalog

STAGES = ("ingested", "enriched", "precomputed")
TABLE = "snapshot_stages"


def present(con: Any) -> bool:
    """Whether the store has the stages table (a store being migrated may not have it yet)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ?",
            [TABLE],
        ).fetchone()[0]
    )


def mark_ingested(con: Any, snapshot_id: int) -> None:
    """A snapshot's rows changed (new, or files merged into it): the enrichment no longer covers it."""
    con.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, 'ingested')", [snapshot_id])


def mark_all_ingested(con: Any) -> None:
    """The set of snapshots changed under the enrichment (one was forgotten): none is covered any more."""
    con.execute(f"UPDATE {TABLE} SET stage = 'ingested'")


def mark_enriched(con: Any) -> None:
    """Enrichment was rebuilt from the whole store: every snapshot is in it."""
    con.execute(f"UPDATE {TABLE} SET stage = 'enriched'")


def mark_precomputed(con: Any) -> None:
    """The intermediates were rebuilt from that enrichment (same transaction): every snapshot is through."""
    con.execute(f"UPDATE {TABLE} SET stage = 'precomputed' WHERE stage = 'enriched'")


def intermediates_dropped(con: Any) -> None:
    """The intermediates are gone (a write transaction began): no snapshot is past `enriched`."""
    if present(con):
        con.execute(f"UPDATE {TABLE} SET stage = 'enriched' WHERE stage = 'precomputed'")


def forget(con: Any, snapshot_id: int) -> None:
    con.execute(f"DELETE FROM {TABLE} WHERE snapshot_id = ?", [snapshot_id])


def by_snapshot(con: Any) -> dict[int, str]:
    """{snapshot_id: stage} for every snapshot the store holds."""
    if not present(con):
        return {}
    return dict(con.execute(f"SELECT snapshot_id, stage FROM {TABLE} ORDER BY snapshot_id").fetchall())


def behind(con: Any, wanted: str = "precomputed") -> dict[int, str]:
    """The snapshots not yet at stage `wanted`, with the stage each is at."""
    return _behind(by_snapshot(con), wanted)


def _behind(stages: dict[int, str], wanted: str) -> dict[int, str]:
    rank = STAGES.index(wanted)
    return {sid: stage for sid, stage in stages.items() if STAGES.index(stage) < rank}


def fix_command(db: Path | str | None) -> str:
    """The exact command that brings every snapshot of the store through (enrich also precomputes)."""
    return "hubcensus enrich" + (f" --db {db}" if db is not None else "")


def stale_warning(con: Any, db: Path | str | None) -> str | None:
    """The one line a reader prints when the store's figures would be stale, or None when all is through.

    Not enriched: lineage, sizes and attribution leave out those snapshots' repos (figures are wrong).
    Not precomputed: the figures are right, only slower (each run builds its own intermediates).

    The stages are read first, once: a store with every snapshot through (the usual case) is answered from
    them alone, without listing the catalog, which only a store behind needs."""
    now = by_snapshot(con)
    if not _behind(now, "precomputed"):
        return None
    if not {"lineage", "author_attribution"} <= catalog.names(con):
        return None  # never enriched: the metrics refuse with their own line, which says what to run
    late = _behind(now, "enriched")
    if late:
        from hubcensus.store.schema import snapshot_day

        days = ", ".join(snapshot_day(s).isoformat() for s in late)
        return (
            f"stale: snapshot(s) {days} ingested but not enriched — lineage, sizes and attribution leave them "
            f"out; run `{fix_command(db)}`"
        )
    return f"note: the metrics' shared intermediates are not built (slower, same figures); run `{fix_command(db)}`"
