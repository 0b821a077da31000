"""The store: one DuckDB file of dated Hub snapshots (see `schema` for its tables)."""

from hubcensus.store.connection import Store, default_db_path

__all__ = ["Store", "default_db_path"]
