"""Folding listings into the latest-state tables (`repos`, `authors`, `papers`), one listing or a batch at once.

A state row takes a listing's fields when the listing is at least as new as the state it has, so an
out-of-order ingest never overwrites newer state; `first_seen` and `last_seen` widen to the listing.
A batch of small snapshots (`store.ingest`) does not fold each listing as it comes: the rows wait in a
temporary table and are folded at the end of the batch, in one pass when the listings came in date order
and are newer than what the rows hold (the common case, and then the result is the one folding each in
turn gives), else one listing at a time exactly as `merge_state` would have.
"""

from __future__ import annotations

import duckdb


def merge_state(
    con: duckdb.DuckDBPyConnection,
    table: str,
    keys: tuple[str, ...],
    state_cols: tuple[str, ...],
    stage_sql: str,
    sid: int,
    scope: str = "true",
    fill_nulls: bool = False,
) -> None:
    """Fold a stage into a latest-state table: a row takes the stage's fields when the stage is at
    least as new as the state it has (out-of-order ingests never overwrite newer state).

    Only the rows the stage names are read and rewritten: a row it does not name would come out of the
    merge unchanged, so a daily listing of 150 repos costs 150 rows, not the whole table.

    `fill_nulls` keeps an older non-null value where the newer source simply does not say (authors:
    one source knows `verified`, another only the name).
    """
    k0 = keys[0]
    newer = f"(s.{k0} IS NOT NULL AND (t.{k0} IS NULL OR t.state_snapshot <= {sid}))"
    if fill_nulls:
        merged = [f"CASE WHEN {newer} THEN coalesce(s.{c}, t.{c}) ELSE coalesce(t.{c}, s.{c}) END" for c in state_cols]
    else:
        merged = [f"CASE WHEN {newer} THEN s.{c} ELSE t.{c} END" for c in state_cols]
    sel = [f"coalesce(s.{k}, t.{k}) AS {k}" for k in keys] + [
        f"{e} AS {c}" for e, c in zip(merged, state_cols, strict=True)
    ]
    sightings = [
        f"CASE WHEN t.{k0} IS NULL THEN {sid} WHEN s.{k0} IS NULL THEN t.first_seen ELSE least(t.first_seen, {sid}) END AS first_seen",
        f"CASE WHEN t.{k0} IS NULL THEN {sid} WHEN s.{k0} IS NULL THEN t.last_seen ELSE greatest(t.last_seen, {sid}) END AS last_seen",
        f"CASE WHEN {newer} THEN {sid} ELSE t.state_snapshot END AS state_snapshot",
    ]
    sel += sightings
    on = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    key_list = ", ".join(keys)
    # First the sightings, joined on fingerprints of the fields (small rows): a listing of the whole Hub names
    # every repo but changes the fields of a few thousand, and carrying every card and tag list through the
    # join was most of a full-scale ingest. A row is written whole when it is new, or newer and its fields
    # differ (with `fill_nulls`, when the merged fields differ from the held ones: either row may fill the
    # other's nulls).
    if fill_nulls:
        # Either row may fill the other's nulls, so the fields themselves are compared (small: an author's three),
        # and the stage, a grouping of every listing's authors, is read once rather than twice.
        con.execute(f"CREATE TEMP TABLE _stage_once AS {stage_sql}")
        stage_sql = "SELECT * FROM _stage_once"
        fields = ", ".join(state_cols)
        rewrite = (
            f"t.{k0} IS NULL OR ({', '.join(merged)}) IS DISTINCT FROM ({', '.join(f't.{c}' for c in state_cols)})"
        )
    else:
        fields = f"hash({', '.join(state_cols)}) AS _fp"
        rewrite = f"t.{k0} IS NULL OR ({newer} AND s._fp IS DISTINCT FROM t._fp)"
    con.execute(
        f"CREATE TEMP TABLE _sighted AS SELECT {', '.join(f's.{k}' for k in keys)}, {', '.join(sightings)}, "
        f"({rewrite}) AS _rewrite "
        f"FROM (SELECT {key_list}, {fields} FROM ({stage_sql})) s "
        f"LEFT JOIN (SELECT {key_list}, first_seen, last_seen, state_snapshot, {fields} FROM {table} WHERE {scope}) t ON {on}"
    )
    _update_sightings(con, table, keys, "_sighted", "NOT s._rewrite")
    # The rows written whole, found by a join on the keys (a tuple IN over the whole stage and table cost seconds).
    # Without `fill_nulls` such a row is new or newer, so its fields are the stage's and its sightings are in
    # `_sighted`: the table's rows need not be read again.
    rewritten = "JOIN (SELECT * FROM _sighted WHERE _rewrite) w ON " + " AND ".join(f"x.{k} = w.{k}" for k in keys)
    if fill_nulls:
        con.execute(
            f"CREATE TEMP TABLE _merged AS SELECT {', '.join(sel)} "
            f"FROM (SELECT x.* FROM ({stage_sql}) x SEMI {rewritten}) s "
            f"LEFT JOIN (SELECT x.* FROM (SELECT * FROM {table} WHERE {scope}) x SEMI {rewritten}) t ON {on}"
        )
    else:
        taken = ", ".join((*(f"x.{k}" for k in keys), *(f"x.{c}" for c in state_cols)))
        con.execute(
            f"CREATE TEMP TABLE _merged AS SELECT {taken}, w.first_seen, w.last_seen, w.state_snapshot "
            f"FROM ({stage_sql}) x {rewritten}"
        )
    con.execute("DROP TABLE _sighted")
    if fill_nulls:
        con.execute("DROP TABLE _stage_once")
    _replace_rows(con, table, keys, state_cols)


class PendingMerges:
    """Listings waiting to be folded into their state tables, in the order they came (see the module's doc)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, defer: bool = True) -> None:
        """`defer=False` folds each listing as it is added (one big snapshot: no copy of its rows to wait in)."""
        self.con = con
        self.defer = defer
        self.seq = 0
        self.tables: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}

    def add(
        self,
        table: str,
        keys: tuple[str, ...],
        state_cols: tuple[str, ...],
        stage_sql: str,
        sid: int,
        scope: str = "true",
        fill_nulls: bool = False,
    ) -> None:
        """Queue one listing's rows (`scope` only narrows what a fold reads: the keys already do)."""
        if not self.defer:
            merge_state(self.con, table, keys, state_cols, stage_sql, sid, scope, fill_nulls)
            return
        self.seq += 1
        cols = ", ".join((*keys, *state_cols))
        rows = f"SELECT {cols}, CAST({sid} AS INTEGER) AS _sid, {self.seq} AS _seq FROM ({stage_sql})"
        if table in self.tables:
            self.con.execute(f"INSERT INTO _pending_{table} {rows}")
        else:
            self.con.execute(f"CREATE TEMP TABLE _pending_{table} AS {rows}")
            self.tables[table] = (keys, state_cols, fill_nulls)

    def flush(self) -> None:
        """Fold every queued listing into its table."""
        for table, (keys, state_cols, fill_nulls) in self.tables.items():
            if self._in_order(table, keys):
                _fold_at_once(self.con, table, keys, state_cols, fill_nulls)
            else:
                seqs = self.con.execute(f"SELECT DISTINCT _seq, _sid FROM _pending_{table} ORDER BY _seq").fetchall()
                cols = ", ".join((*keys, *state_cols))
                for seq, sid in seqs:
                    stage = f"SELECT {cols} FROM _pending_{table} WHERE _seq = {seq}"
                    merge_state(self.con, table, keys, state_cols, stage, sid, fill_nulls=fill_nulls)
            self.con.execute(f"DROP TABLE _pending_{table}")
        self.tables = {}

    def _in_order(self, table: str, keys: tuple[str, ...]) -> bool:
        """Whether every queued listing is at least as new as the ones before it and as the rows it names:
        then each would have been folded as "newer", and one pass gives the same rows."""
        on = " AND ".join(f"t.{k} = p.{k}" for k in keys)
        late = self.con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT _sid < lag(_sid) OVER (ORDER BY _seq) AS back "
            f"FROM (SELECT DISTINCT _seq, _sid FROM _pending_{table})) WHERE back) "
            f"+ (SELECT count(*) FROM {table} t JOIN _pending_{table} p ON {on} WHERE t.state_snapshot > p._sid)"
        ).fetchone()[0]
        return late == 0


def _fold_at_once(
    con: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], state_cols: tuple[str, ...], fill_nulls: bool
) -> None:
    """Fold listings that came in order in one pass: the last listing's fields win (with `fill_nulls`, each
    field's last non-null value, then the row's own)."""
    if fill_nulls:
        fields = [f"arg_max({c}, _seq) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in state_cols]
        take = [f"coalesce(p.{c}, t.{c}) AS {c}" for c in state_cols]
    else:
        fields = [f"arg_max(struct_pack({', '.join(state_cols)}), _seq) AS _last"]
        take = [f"p._last.{c} AS {c}" for c in state_cols]
    group = ", ".join(keys)
    on = " AND ".join(f"t.{k} = p.{k}" for k in keys)
    _merge_into(
        con,
        table,
        keys,
        state_cols,
        f"SELECT {', '.join('p.' + k for k in keys)}, {', '.join(take)}, "
        f"CASE WHEN t.{keys[0]} IS NULL THEN p._lo ELSE least(t.first_seen, p._lo) END AS first_seen, "
        f"CASE WHEN t.{keys[0]} IS NULL THEN p._hi ELSE greatest(t.last_seen, p._hi) END AS last_seen, "
        f"p._hi AS state_snapshot, {_held(keys, state_cols)} "
        f"FROM (SELECT {group}, {', '.join(fields)}, min(_sid) AS _lo, max(_sid) AS _hi "
        f"FROM _pending_{table} GROUP BY {group}) p LEFT JOIN {table} t ON {on}",
    )


def _held(keys: tuple[str, ...], state_cols: tuple[str, ...]) -> str:
    """SQL for a merge's SELECT over `... LEFT JOIN table t`: whether the row is new, and the fields it holds
    (`_merge_into` compares them with the merged ones)."""
    return ", ".join((f"t.{keys[0]} IS NULL AS _new", *(f"t.{c} AS _held_{c}" for c in state_cols)))


def _merge_into(
    con: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], state_cols: tuple[str, ...], merged_sql: str
) -> None:
    """Write a merge's rows (`merged_sql`: the keys, the merged fields, the sightings and `_held`) into `table`:
    the rows whose fields are as held have only their sightings updated in place, the others are written whole."""
    merged = ", ".join(state_cols)
    held = ", ".join(f"_held_{c}" for c in state_cols)
    # with NULLs equal; only a row written whole carries its fields into `_merged`
    rewrite = f"(_new OR ({merged}) IS DISTINCT FROM ({held}))"
    fields = ", ".join(f"CASE WHEN _rewrite THEN {c} END AS {c}" for c in state_cols)
    con.execute(
        f"CREATE TEMP TABLE _merged AS SELECT {', '.join(keys)}, {fields}, first_seen, last_seen, state_snapshot, "
        f"_rewrite FROM (SELECT *, {rewrite} AS _rewrite FROM ({merged_sql}))"
    )
    _update_sightings(con, table, keys, "_merged", "NOT s._rewrite")
    con.execute("DELETE FROM _merged WHERE NOT _rewrite")
    _replace_rows(con, table, keys, state_cols)


def _update_sightings(
    con: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], source: str, which: str
) -> None:
    """Set `first_seen`, `last_seen` and `state_snapshot` in place (two integers a row, not the whole row)."""
    named = " AND ".join(f"{table}.{k} = s.{k}" for k in keys)
    con.execute(
        f"UPDATE {table} SET first_seen = s.first_seen, last_seen = s.last_seen, state_snapshot = s.state_snapshot "
        f"FROM {source} s WHERE {named} AND {which}"
    )


def _replace_rows(
    con: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], state_cols: tuple[str, ...]
) -> None:
    """Put the rows of `_merged` in place of the rows of `table` with the same keys, and drop `_merged`."""
    named = " AND ".join(f"{table}.{k} = s.{k}" for k in keys)
    cols = ", ".join((*keys, *state_cols, "first_seen", "last_seen", "state_snapshot"))
    con.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM _merged s WHERE {named})")
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _merged")
    con.execute("DROP TABLE _merged")
