"""Opening an engine: the embedded store (DuckDB), a parquet lake, or Apache Spark.

Commands that compute (`metric`, `report`, `serve`) take `--db`, `--lake` and `--engine` and get an
`Engine` from `open_engine`; nothing downstream knows which one it holds. The portable SQL of the
metrics (see `hubcensus.metrics.sql`) is what lets the same definitions run on each.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.engines.protocol import Engine
from hubcensus.errors import UserError

ENGINES = ("duckdb", "spark")


@contextmanager
def open_engine(
    db: Path | None = None,
    lake: Path | str | None = None,
    engine: str = "duckdb",
    *,
    master: str | None = None,
    say: Callable[[str], Any] | None = None,
) -> Iterator[Engine]:
    """An engine over the store at `db` (read-only) or over the parquet lake at `lake`.

    `lake` is a folder, or with Spark any URL the cluster reads (s3a://…, hdfs://…). Spark over a
    store first exports it to a temporary lake, removed afterwards. `master` picks Spark's cluster
    (else $SPARK_MASTER, else local); `say` hears what is happening while the engine opens.
    """
    tell = say or (lambda _m: None)
    if engine not in ENGINES:
        raise UserError(f"--engine {engine}: unknown engine (choose from {', '.join(ENGINES)})")
    if db is not None and lake is not None:
        raise UserError("pass --db or --lake, not both")
    if master is not None and engine != "spark":
        raise UserError("--master goes with --engine spark")
    if engine == "duckdb":
        if lake is None:
            from hubcensus.store import Store

            with Store.open(db, read_only=True) as store:
                yield DuckDBEngine(store.con)
            return
        if "://" in str(lake):
            raise UserError(f"--lake {lake}: DuckDB reads a lake in a local folder; use --engine spark for a URL")
        from hubcensus.lake import open_duckdb_lake

        tell(f"opening the lake {lake}")
        con = open_duckdb_lake(Path(lake))
        try:
            yield DuckDBEngine(con)
        finally:
            con.close()
        return

    from hubcensus.engines.spark import SparkEngine, spark_over_store, spark_session

    cleanup = None
    if lake is None:
        from hubcensus.store.connection import default_db_path

        location, cleanup = spark_over_store(db or default_db_path(), tell)
    else:
        location = str(lake)
    try:
        tell(
            f"starting Spark ({os.environ.get('SPARK_REMOTE') or master or os.environ.get('SPARK_MASTER') or 'local[*]'})"
        )
        spark, started = spark_session(master)
        runner = SparkEngine(spark)
        try:
            tell(
                f"registering the lake {location}"
                + (" (a temporary export of the store, removed afterwards)" if cleanup else "")
            )
            runner.attach_lake(location)
            yield runner
        finally:
            runner.close()
            if started:
                spark.stop()
    finally:
        if cleanup:
            tell("removing the temporary lake")
            cleanup()
