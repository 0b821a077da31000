"""The store: one DuckDB file of dated Hub snapshots (see `schema` for its tables).

`Store` and `default_db_path` are loaded when first asked for: a module that needs only a light part of
the store (`precomputed`, `stages`, `schema`) does not load DuckDB with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hubcensus.store.connection import Store, default_db_path

__all__ = ["Store", "default_db_path"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from hubcensus.store import connection

        return getattr(connection, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
