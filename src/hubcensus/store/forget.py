"""`hubcensus forget DATE`: take one snapshot out of the store, with every row keyed by it.

The escape hatch for a snapshot that should never have gone in. What is keyed by the snapshot goes
(`snapshots`, `snapshot_kinds`, `snapshot_sources`, `snapshot_stages`, its `repo_stats` rows, the live
crawl that made it); what depends on the set of snapshots is brought back in line:

- the next complete snapshot of each kind stored its statistics as changes against this one: they are
  written again against the snapshot before (as an out-of-order ingest does, `store.ingest`);
- `repos`, `papers` and `authors` keep one latest state per id with `first_seen`/`last_seen`: an id seen
  only in this snapshot goes, and the others' first and last sightings move to the snapshots left. The
  store keeps no older state, so an id whose fields came from this snapshot keeps them (counted in the
  result; re-ingesting the newest snapshot left refreshes them);
- enrichment and the metrics' intermediates are built from the whole store: every snapshot left is set
  back to `ingested` here, and the caller (`pipeline.forget`) enriches again.

All of it is one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from hubcensus.errors import UserError
from hubcensus.store import in_force, stages
from hubcensus.store.connection import Store
from hubcensus.store.ingest import _neighbour, _stats_as_of, _write_changes
from hubcensus.store.schema import REPO_KINDS, snapshot_day, snapshot_id_for

KEYED = ("snapshot_kinds", "snapshot_sources", "repo_stats")


@dataclass
class Forgotten:
    taken_at: dt.date
    rows: dict[str, int] = field(default_factory=dict)  # rows removed, by table
    rediffed: dict[str, int] = field(default_factory=dict)  # kind: the next complete snapshot re-diffed
    moved: dict[str, int] = field(default_factory=dict)  # table: ids whose first/last sighting moved
    fields_kept: int = 0  # ids whose fields came from the forgotten snapshot (no older state is kept)


def forget_snapshot(store: Store, day: dt.date) -> Forgotten:
    """Remove snapshot `day` and what is keyed by it, in one transaction; a date not held is a UserError."""
    sid = snapshot_id_for(day)
    if not store.has_snapshot(sid):
        held = ", ".join(snapshot_day(s).isoformat() for s in store.snapshot_ids()[-3:])
        # a forget killed before its enrichment leaves the date gone and the rest behind: say how to finish
        behind = (
            f"; the store is not all enriched: run `{stages.fix_command(store.path)}`"
            if stages.behind(store.con)
            else ""
        )
        raise UserError(
            f"{day}: no such snapshot in {store.path}" + (f" (newest held: {held})" if held else "") + behind
        )
    out = Forgotten(day)
    con = store.con
    with store.transaction():
        in_force.forget(con)  # statistics are rewritten in place below
        for table in KEYED:
            out.rows[table] = con.execute(f"SELECT count(*) FROM {table} WHERE snapshot_id = ?", [sid]).fetchone()[0]
        kinds = [r[0] for r in con.execute("SELECT kind FROM snapshot_kinds WHERE snapshot_id = ?", [sid]).fetchall()]
        for kind in kinds:
            if kind in REPO_KINDS:
                _restats(store, kind, sid, out)
        for table in KEYED:
            con.execute(f"DELETE FROM {table} WHERE snapshot_id = ?", [sid])
        con.execute("DELETE FROM snapshots WHERE snapshot_id = ?", [sid])
        out.rows["snapshots"] = 1
        runs = "SELECT run_id FROM crawl_runs WHERE snapshot_id = ?"
        for table in ("crawl_items", "crawl_cursors"):
            con.execute(f"DELETE FROM {table} WHERE run_id IN ({runs})", [sid])
        con.execute("DELETE FROM crawl_runs WHERE snapshot_id = ?", [sid])
        stages.forget(con, sid)
        _resight(con, sid, out)
        stages.mark_all_ingested(con)
    return out


def _restats(store: Store, kind: str, sid: int, out: Forgotten) -> None:
    """Write the next complete snapshot's statistics again against the one before `sid` (its rows
    are changes against `sid`, about to go)."""
    con = store.con
    nxt = _neighbour(con, kind, sid, later=True, complete_only=True)
    if not nxt:
        return
    con.execute(f"CREATE TEMP TABLE _next_state AS {_stats_as_of(kind, nxt)}")
    con.execute("DELETE FROM repo_stats WHERE kind = ? AND snapshot_id IN (?, ?)", [kind, sid, nxt])
    earlier = _neighbour(con, kind, sid, later=False) is not None
    before = f"SELECT * FROM ({_stats_as_of(kind, nxt - 1)})" if earlier else None
    _write_changes(con, kind, nxt, "SELECT * FROM _next_state", before, True)
    con.execute("DROP TABLE _next_state")
    out.rediffed[kind] = nxt


def _resight(con: duckdb.DuckDBPyConnection, sid: int, out: Forgotten) -> None:
    """First and last sightings of every id that had `sid` as one, from the snapshots left."""
    # Which snapshots hold each kind now; papers and authors have no per-snapshot rows, so an id seen first
    # (last) at `sid` is taken as seen first (last) at the next (previous) snapshot of its kind inside its span.
    groups = {
        "repos": ("kind IN ('model', 'dataset', 'space')", "t.kind"),
        "papers": ("kind = 'paper'", None),
        "authors": ("true", None),
    }
    for table, (kinds, kind_col) in groups.items():
        held = f"SELECT DISTINCT snapshot_id, kind FROM snapshot_kinds WHERE {kinds}"
        match = f"h.kind = {kind_col}" if kind_col else "true"
        touched = f"(first_seen = {sid} OR last_seen = {sid} OR state_snapshot = {sid})"
        out.fields_kept += con.execute(f"SELECT count(*) FROM {table} WHERE state_snapshot = {sid}").fetchone()[0]
        con.execute(
            f"CREATE TEMP TABLE _sightings AS SELECT t.rowid AS rid, "
            f"min(h.snapshot_id) FILTER (WHERE h.snapshot_id BETWEEN t.first_seen AND t.last_seen) AS first_seen, "
            f"max(h.snapshot_id) FILTER (WHERE h.snapshot_id BETWEEN t.first_seen AND t.last_seen) AS last_seen "
            f"FROM {table} t LEFT JOIN ({held}) h ON {match} WHERE {touched} GROUP BY t.rowid"
        )
        gone = con.execute("SELECT count(*) FROM _sightings WHERE first_seen IS NULL").fetchone()[0]
        con.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT rid FROM _sightings WHERE first_seen IS NULL)")
        moved = con.execute("SELECT count(*) FROM _sightings WHERE first_seen IS NOT NULL").fetchone()[0]
        con.execute(
            f"UPDATE {table} SET first_seen = s.first_seen, last_seen = s.last_seen, "
            f"state_snapshot = CASE WHEN {table}.state_snapshot = {sid} THEN s.last_seen ELSE {table}.state_snapshot END "
            f"FROM _sightings s WHERE {table}.rowid = s.rid AND s.first_seen IS NOT NULL"
        )
        con.execute("DROP TABLE _sightings")
        out.rows[table] = gone
        out.moved[table] = moved
