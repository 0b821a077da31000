"""The statistics in force now: each repo's newest `repo_stats` row, kept beside the history.

`repo_stats` holds a row where a repo's statistics changed, so "the statistics in force at the newest
snapshot" is a grouped pass over a kind's whole history. Ingest asks it of every complete snapshot (which repos
changed, which were deleted, is the listing plausibly the whole Hub) and `enrich` asks it for the metrics'
statistics at the newest snapshot: with a daily history both would grow with every day held. This table turns
each into a read of one row per repo, and a new snapshot updates it with the rows it wrote.

It is derived data, in its own schema (`_hc_state`): never exported, rebuilt from `repo_stats` whenever it may
not match it. It matches when the number of `repo_stats` rows it was last brought up to date with is the
number there is (a count DuckDB keeps, so checking costs nothing); anything that rewrites rows in place (a
snapshot slotted before later ones, a listing merged into a held date, `forget`) marks it as not matching.
"""

from __future__ import annotations

from typing import Any

from hubcensus.store.catalog import has_table

SCHEMA = "_hc_state"
TABLE = f"{SCHEMA}.in_force"
META = f"{SCHEMA}.meta"
STAT_COLS = ("downloads_30d", "downloads_all_time", "likes", "trending_score")


def _rows(con: Any) -> int:
    return int(con.execute("SELECT count(*) FROM repo_stats").fetchone()[0])


def _kept_rows(con: Any) -> int | None:
    if not has_table(con, SCHEMA, "meta"):
        return None
    row = con.execute(f"SELECT stats_rows FROM {META}").fetchone()
    return int(row[0]) if row else None


def _stamp(con: Any, rows: int) -> None:
    con.execute(f"DELETE FROM {META}")
    con.execute(f"INSERT INTO {META} VALUES (?)", [rows])


def forget(con: Any) -> None:
    """Say it no longer matches (rows of `repo_stats` are about to be rewritten in place); the next use
    rebuilds it. Marked rather than dropped: DuckDB refuses to commit a transaction that drops a table and
    then writes to one created again under its name (a batch of snapshots would)."""
    if _kept_rows(con) is not None:
        _stamp(con, -1)


def ensure(con: Any) -> None:
    """Make it match `repo_stats`, rebuilding it from the whole history if it may not (inside the caller's
    transaction)."""
    if _kept_rows(con) == _rows(con):
        return
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (kind VARCHAR, repo_id VARCHAR, snapshot_id INTEGER, "
        "downloads_30d BIGINT, downloads_all_time BIGINT, likes BIGINT, trending_score DOUBLE, deleted BOOLEAN)"
    )
    con.execute(f"CREATE TABLE IF NOT EXISTS {META} (stats_rows BIGINT NOT NULL)")
    cols = ", ".join(f"s_.{c}" for c in STAT_COLS)
    con.execute(f"DELETE FROM {TABLE}")
    con.execute(f"""INSERT INTO {TABLE}
        SELECT s_.kind, s_.repo_id, s_.snapshot_id, {cols}, s_.deleted
        FROM (SELECT kind, repo_id, max(snapshot_id) AS sid_ FROM repo_stats GROUP BY kind, repo_id) n_
        JOIN repo_stats s_ ON s_.kind = n_.kind AND s_.repo_id = n_.repo_id AND s_.snapshot_id = n_.sid_""")
    _stamp(con, _rows(con))


def now_sql(kind: str) -> str:
    """(repo_id, statistics…) of the repos of `kind` present now (their newest row is not a tombstone).
    Call `ensure` first."""
    return f"SELECT repo_id, {', '.join(STAT_COLS)} FROM {TABLE} WHERE kind = '{kind}' AND NOT deleted"


def advance(con: Any, kind: str, sid: int) -> None:
    """Take in the rows just written for `kind` at `sid`, the newest snapshot holding `kind`: each replaces
    its repo's row. If the table did not match `repo_stats` before those rows, it is rebuilt instead."""
    written = f"SELECT * FROM repo_stats WHERE kind = '{kind}' AND snapshot_id = {int(sid)}"
    new = int(con.execute(f"SELECT count(*) FROM ({written})").fetchone()[0])
    total = _rows(con)
    if _kept_rows(con) != total - new:
        ensure(con)
        return
    cols = ", ".join(STAT_COLS)
    con.execute(f"DELETE FROM {TABLE} WHERE kind = ? AND repo_id IN (SELECT repo_id FROM ({written}))", [kind])
    con.execute(f"INSERT INTO {TABLE} SELECT kind, repo_id, snapshot_id, {cols}, deleted FROM ({written})")
    _stamp(con, total)


def newest_held(con: Any, kind: str) -> int | None:
    """The newest snapshot holding `kind` (complete or not): the one the table is as of."""
    return con.execute("SELECT max(snapshot_id) FROM snapshot_kinds WHERE kind = ?", [kind]).fetchone()[0]
