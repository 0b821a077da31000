"""Shared metric intermediates kept in the store, so that every `metric`/`report` run need not rebuild them.

The metrics share a few large intermediates (each repo's statistics at the newest snapshot, the
monthly downloads series, …; `Context.shared`). A run builds them as temporary tables, which cost
seconds and, being uncompressed in memory, most of the run's RAM. `hubcensus enrich` — the last
step of every ingest — builds the ones for the newest snapshot once more as real tables in the
schema `_hc_precomputed`, compressed on disk and paged in as read; a later run uses one instead of
building its own when both hold:

- the SQL that would build it is the SQL that built it (its SHA-256 is kept), so a new hubcensus
  whose definition changed, a date range or an `--as-of` never reads a stale table;
- the data the SQL reads is the store's own (not a filtered view of it, as the explorer makes)
  and as it was then: every write transaction of the store drops the schema (`Store.transaction`),
  and a fingerprint of the catalog (each data table's name, columns and the rows ever appended to
  it), stamped once `enrich` has committed, catches a change made outside hubcensus that added rows,
  a table or a column.

The check is constant in the data's size: it reads DuckDB's catalog, never a data table, so opening a
store for one question costs the same at any scale (it once counted every table's rows, per run). What
it cannot see is an edit outside hubcensus that only deletes or updates rows in place (DuckDB's catalog
keeps no live count); run `hubcensus enrich` after such a hand edit.

They are derived data: the lake export leaves them out, and `hubcensus enrich` rebuilds them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from hubcensus.store.catalog import has_table

SCHEMA = "_hc_precomputed"
INDEX = f"{SCHEMA}.tables"


def sql_digest(sql: str) -> str:
    return hashlib.sha256(sql.strip().encode()).hexdigest()


def fingerprint(con: Any) -> str:
    """The store's data tables as DuckDB's catalog describes them: name, column count and the rows ever
    appended (`estimated_size`, which counts rows since deleted too). Read from the catalog, not the
    tables, so it costs the same at any scale; committed data only, so it is stamped after `enrich`
    commits (`seal`)."""
    rows = con.execute(
        "SELECT table_name, column_count, estimated_size FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
    ).fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def drop(con: Any) -> None:
    """Forget every precomputed table (the store's data is about to change)."""
    con.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def start(con: Any) -> None:
    """An empty schema to build into (inside the caller's transaction)."""
    drop(con)
    con.execute(f"CREATE SCHEMA {SCHEMA}")
    con.execute(
        f"CREATE TABLE {INDEX} (name VARCHAR PRIMARY KEY, sql_sha256 VARCHAR NOT NULL, "
        "fingerprint VARCHAR NOT NULL, row_count BIGINT NOT NULL, built_at TIMESTAMP NOT NULL)"
    )


def keep(con: Any, table: str, sql: str, build: str | None = None, view: bool = False) -> None:
    """Build `table` from `sql` as a precomputed table, and a temporary view by its plain name so that
    the SQL of later intermediates built in the same session finds it. `build` is SQL that gives the same
    rows another way (the series extended from what enrich carries, `metrics.series_carry`): the table is
    still found by the digest of `sql`, the SQL a metric run writes. `view`: keep `build` as a view rather
    than a copy (of a carried table that only ever grows, which a copy per day would rewrite whole)."""
    con.execute(f"CREATE {'VIEW' if view else 'TABLE'} {SCHEMA}.{table} AS {build or sql}")
    n = con.execute(f"SELECT count(*) FROM {SCHEMA}.{table}").fetchone()[0]
    con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {SCHEMA}.{table}")
    con.execute(
        f"INSERT INTO {INDEX} VALUES (?, ?, '', ?, ?)",
        [table, sql_digest(sql), n, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
    )


def seal(con: Any) -> None:
    """Stamp every precomputed table with the store's fingerprint, once `enrich` has committed: the
    catalog counts a transaction's rows only once it commits. Until stamped (killed in between) the
    tables read as out of date, and the next `enrich` builds them again."""
    if _present(con):
        # A checkpoint first: it drops the row groups the commit deleted whole, which the catalog's count
        # of appended rows then no longer includes; what it counts afterwards is what a later run sees.
        con.execute("CHECKPOINT")
        con.execute(f"UPDATE {INDEX} SET fingerprint = ?", [fingerprint(con)])


def _present(con: Any) -> bool:
    return has_table(con, SCHEMA, "tables")


def shadowed(con: Any) -> bool:
    """Whether a temporary view or table on this connection hides a data table (the explorer's filters
    do: a `repos` view of the kept repos only), so the same SQL would read other data.

    Four listings of the catalog compared here: DuckDB answers each at once, while one query joining them
    took tens of milliseconds, most of what a one-metric run spends deciding what it may reuse."""
    temporary = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal "
        "UNION ALL SELECT table_name FROM duckdb_tables() WHERE temporary"
    ).fetchall()
    if not temporary:
        return False
    data = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main'"
    ).fetchall()
    return bool({n for (n,) in temporary} & {n for (n,) in data})


def usable(con: Any) -> dict[str, str]:
    """{table: sql_sha256} of the precomputed tables a run on `con` may use: none when the schema is
    absent, the data has changed since they were built, or the connection shadows the data."""
    if not _present(con) or shadowed(con):
        return {}
    now = fingerprint(con)
    return {
        name: sha
        for name, sha, fp in con.execute(f"SELECT name, sql_sha256, fingerprint FROM {INDEX}").fetchall()
        if fp == now
    }


def listing(con: Any) -> list[dict[str, Any]]:
    """What `hubcensus status` shows: each precomputed table, its rows, when built, and whether still current."""
    if not _present(con):
        return []
    now = fingerprint(con)
    return [
        {"name": name, "rows": rows, "built_at": built, "current": fp == now}
        for name, rows, built, fp in con.execute(
            f"SELECT name, row_count, built_at, fingerprint FROM {INDEX} ORDER BY name"
        ).fetchall()
    ]
