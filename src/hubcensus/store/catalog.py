"""What the store holds, by name, read from DuckDB's catalog functions rather than `information_schema`.

`information_schema.tables` is a view over `duckdb_tables()` and `duckdb_views()`; the first query of it
in a process costs ~10 ms of DuckDB binding its views, and a one-metric run asked it twice before its
first question. The catalog functions give the same names at once, however many tables the store keeps.
"""

from __future__ import annotations

from typing import Any


def names(con: Any) -> set[str]:
    """Every table and view name the connection sees, in any schema (temporary ones too), as
    `SELECT table_name FROM information_schema.tables` lists them (DuckDB's internal views left out)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
    ).fetchall()
    return {name for (name,) in rows}


def has_table(con: Any, schema: str, table: str) -> bool:
    """Whether the store holds `schema.table` (its catalog, not the table, is read)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )
