"""Where metric SQL runs: the embedded store (DuckDB), a parquet lake, or Apache Spark.

Commands that compute (`metric`, `report`, `serve`) take `--db`, `--lake` and `--engine` and get an
`Engine` from `open_engine`; nothing downstream knows which one it holds. The portable SQL of the
metrics (see `hubcensus.metrics.sql`) is what lets the same definitions run on each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hubcensus.errors import UserError
from hubcensus.metrics.base import REGISTRY, DuckDBEngine, Engine, Metric, context, run_metric

ENGINES = ("duckdb", "spark")


@contextmanager
def open_engine(db: Path | None = None, lake: Path | None = None, engine: str = "duckdb") -> Iterator[Engine]:
    """An engine over the store at `db` (read-only) or over the parquet lake at `lake`."""
    if engine not in ENGINES:
        raise UserError(f"--engine {engine}: unknown engine (choose from {', '.join(ENGINES)})")
    if db is not None and lake is not None:
        raise UserError("pass --db or --lake, not both")
    if engine == "duckdb" and lake is None:
        from hubcensus.store import Store

        with Store.open(db, read_only=True) as store:
            yield DuckDBEngine(store.con)
        return
    raise UserError(f"--engine {engine}{' --lake' if lake else ''}: not available yet")


def ordered_metrics(metrics: Sequence[Metric] | None = None) -> list[Metric]:
    """Every metric (or the ones given) in report order: by chapter, then SPEC id."""
    return sorted(metrics or REGISTRY.values(), key=lambda m: (m.chapter, m.spec))


def compute_metrics(
    engine: Engine,
    metrics: Sequence[Metric] | None = None,
    as_of: dt.date | None = None,
    on_metric: Callable[[Metric], Any] | None = None,
) -> list[dict[str, Any]]:
    """Every metric's document, sharing one context (and its temp tables) across the run."""
    ctx = context(engine, as_of)
    docs = []
    for m in ordered_metrics(metrics):
        if on_metric:
            on_metric(m)
        docs.append(run_metric(m, engine, ctx=ctx))
    return docs
