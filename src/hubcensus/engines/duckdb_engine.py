"""DuckDB as a metric engine: the embedded store (or a local lake) runs the metric SQL as written.

Shared intermediates become temp tables of the connection, so a read-only store stays untouched;
where `enrich` kept one built from the very same SQL over the same data (`_hc_precomputed`), it is
read where it lies instead.
"""

from __future__ import annotations

from typing import Any

from hubcensus.store import catalog, precomputed


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, con: Any) -> None:
        self.con = con
        self.materialized: dict[str, str] = {}
        self.reused: list[str] = []  # the intermediates read from the store's precomputed tables
        self._precomputed: dict[str, str] | None = None  # read on the first materialize

    def kept(self, table: str, sql: str) -> bool:
        """Whether `enrich` kept `table`, built from this very SQL over the same data."""
        if self._precomputed is None:
            self._precomputed = precomputed.usable(self.con)
        return self._precomputed.get(table) == precomputed.sql_digest(sql)

    def materialize(self, table: str, sql: str) -> None:
        if self.kept(table, sql):
            # Built by `enrich` from this very SQL over the same data: read it where it lies.
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {precomputed.SCHEMA}.{table}")
            self.reused.append(table)
            return
        # Temp tables live in the connection only: a read-only store stays untouched.
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")

    def run(self, sql: str) -> tuple[list[str], list[tuple]]:
        cur = self.con.execute(sql)
        return [d[0] for d in cur.description], cur.fetchall()

    def tables(self) -> set[str]:
        return catalog.names(self.con)


class PrecomputingEngine(DuckDBEngine):
    """What `enrich` builds the store's precomputed intermediates with: each shared table the warm-up
    asks for becomes a table of the store (`hubcensus.store.precomputed`), inside enrich's transaction.

    `transient`: name prefixes of intermediates built only as temporary tables of this session, because
    writing them to the store costs more than building them (a large input of a small kept result)."""

    def __init__(self, con: Any, transient: tuple[str, ...] = ()) -> None:
        super().__init__(con)
        self._precomputed = {}
        self.transient = transient

    def materialize(self, table: str, sql: str) -> None:
        if table.startswith(self.transient):
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")
            return
        precomputed.keep(self.con, table, sql)

    def keep_built(self, table: str, sql: str, build: str, view: bool = False) -> None:
        """Keep `table`, found by the digest of `sql` as usual, built by `build` (which gives the same rows)."""
        precomputed.keep(self.con, table, sql, build, view)
        self.materialized[table] = sql

    def use_built(self, table: str, sql: str, build: str) -> None:
        """Read `build` wherever this session's SQL names `table` (the intermediate `sql` makes), without
        keeping it in the store: an input of kept answers that a later run, reading those, never asks for."""
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS {build}")
        self.materialized[table] = sql
