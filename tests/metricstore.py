"""Small enriched stores for metric tests: state the snapshots, get back a context to run metrics on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.enrich import enrich
from hubcensus.metrics import REGISTRY, context, run_metric
from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import write_kind, write_snapshot


def build(
    tmp_path: Path, snapshots: dict[str, dict[str, list[dict[str, Any]]]], authors: list[dict] | None = None
) -> Path:
    """`snapshots`: {"2026-03-01": {"models": [...], "datasets": [...]}}; returns the enriched store's path."""
    root = tmp_path / "hub"
    for day, kinds in snapshots.items():
        folder = write_snapshot(root, day, **kinds)
        if authors is not None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(authors), folder / "authors.parquet")
    db = tmp_path / "metrics.duckdb"
    with Store.open(db) as store:
        ingest(store, discover(root))
        enrich(store)
    return db


def run(db: Path, name: str, as_of: dt.date | None = None) -> dict[str, Any]:
    with Store.open(db, read_only=True) as store:
        engine = DuckDBEngine(store.con)
        return run_metric(REGISTRY[name], engine, ctx=context(engine, as_of))


__all__ = ["build", "run", "write_kind"]
