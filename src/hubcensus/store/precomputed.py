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
  and as it was then: every write transaction of the store drops the
  schema (`Store.transaction`), and a fingerprint of the tables' row counts catches a change made
  outside hubcensus that added or removed rows.

They are derived data: the lake export leaves them out, and `hubcensus enrich` rebuilds them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

SCHEMA = "_hc_precomputed"
INDEX = f"{SCHEMA}.tables"


def sql_digest(sql: str) -> str:
    return hashlib.sha256(sql.strip().encode()).hexdigest()


def fingerprint(con: Any) -> str:
    """The row count of every data table of the store: what a precomputed table was built from.

    Counted, not read from the catalog's estimate, which inside a transaction still counts rows the
    transaction deleted. An edit that keeps every count unchanged goes unseen, which only a hand edit
    outside hubcensus can make."""
    rows = con.execute(
        "SELECT database_name, table_name FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
    ).fetchall()
    if not rows:
        return hashlib.sha256(b"").hexdigest()
    names = [n for _, n in rows]
    # Qualified by the database: a bare `main` would find a temporary view of the same name first.
    counts = con.execute("SELECT " + ", ".join(f'(SELECT count(*) FROM "{d}".main."{n}")' for d, n in rows)).fetchone()
    return hashlib.sha256(repr(list(zip(names, counts))).encode()).hexdigest()


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


def keep(con: Any, table: str, sql: str) -> None:
    """Build `table` from `sql` as a precomputed table, and a temporary view by its plain name so that
    the SQL of later intermediates built in the same session finds it."""
    con.execute(f"CREATE TABLE {SCHEMA}.{table} AS {sql}")
    n = con.execute(f"SELECT count(*) FROM {SCHEMA}.{table}").fetchone()[0]
    con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {SCHEMA}.{table}")
    con.execute(
        f"INSERT INTO {INDEX} VALUES (?, ?, '', ?, ?)",
        [table, sql_digest(sql), n, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
    )


def seal(con: Any) -> None:
    """Stamp every table built since `start` with the store's fingerprint, once the data is final."""
    con.execute(f"UPDATE {INDEX} SET fingerprint = ?", [fingerprint(con)])


def _present(con: Any) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = 'tables'",
            [SCHEMA],
        ).fetchone()[0]
    )


def shadowed(con: Any) -> bool:
    """Whether a temporary view or table on this connection hides a data table (the explorer's filters
    do: a `repos` view of the kept repos only), so the same SQL would read other data."""
    return bool(
        con.execute(
            "SELECT count(*) FROM (SELECT view_name AS n FROM duckdb_views() WHERE temporary "
            "UNION ALL SELECT table_name FROM duckdb_tables() WHERE temporary) t "
            "WHERE n IN (SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main')"
        ).fetchone()[0]
    )


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
