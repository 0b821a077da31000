"""The one thing metrics know about where their SQL runs.

Metric code is SQL in DuckDB's dialect restricted to what Spark SQL also has; an `Engine` runs it
and keeps the run's shared intermediates. Metrics import this protocol and nothing else of the
engines, so a new backend is a new module beside `duckdb_engine` and `spark`, as ibis keeps its
backends side by side.
"""

from __future__ import annotations

from typing import Protocol


class Engine(Protocol):
    """Runs a SQL query (DuckDB dialect, portable subset) against the store's tables."""

    name: str
    materialized: dict[str, str]  # temp table name -> the SQL that made it (shared by every metric of a run)

    def run(self, sql: str) -> tuple[list[str], list[tuple]]: ...

    def tables(self) -> set[str]: ...

    def materialize(self, table: str, sql: str) -> None: ...

    def kept(self, table: str, sql: str) -> bool:
        """Whether `materialize(table, sql)` would read a table the store keeps rather than run `sql`."""
        ...
