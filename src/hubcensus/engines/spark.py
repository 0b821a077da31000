"""Apache Spark as a metric engine: the same metric SQL, transpiled by sqlglot, over a parquet lake.

The metrics are written once, in the DuckDB dialect restricted to what Spark SQL also has (see
`metrics/sql.py`). `SparkEngine.run` transpiles each query to Spark SQL with sqlglot and collects
the (small) result; `materialize` computes a shared table's rows once and keeps them as a temp view.
The `WITH` entries a statement names more than once are computed first, each once
(`spark_sql.spark_steps`), as DuckDB does by itself. The store's tables come from a lake
(`hubcensus export --lake`), registered as temp views with `snapshot_id` restored from the
partition folder, and the store's views are re-created from the lake manifest's definitions.

The session is set so that Spark computes what DuckDB computes: times in UTC, timestamp literals
without a zone (the store's timestamps are zone-less, parquet keeps them so, and Spark reads them
as TIMESTAMP_NTZ), and ANSI mode off so a division by zero gives NULL as it does in DuckDB.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hubcensus.engines.spark_sql import INSTALL_SPARK, PLACEHOLDER, spark_steps, to_spark
from hubcensus.errors import UserError
from hubcensus.lake import (
    MANIFEST,
    check_readable,
    files_of,
    lake_select,
    parse_manifest,
    partitioned,
    read_manifest,
)

INSTALL_JAVA = "apt-get install default-jre-headless (or any Java 17+, with JAVA_HOME set)"

# Settings that decide results: applied to every session, a cluster's included.
SEMANTICS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.ansi.enabled": "false",
}
# Settings for a local session on a small machine: few shuffle partitions (the store is small per
# query), no UI, modest memory, adaptive execution to coalesce what is left.
LOCAL = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.driver.memory": os.environ.get("HUBCENSUS_SPARK_MEMORY", "2g"),
    "spark.sql.sources.parallelPartitionDiscovery.threshold": "1000000",
    # With no UI nobody reads the status store, yet by default it keeps the last 1,000 queries' plans and
    # metrics, 1,000 jobs and stages and 100,000 tasks in the driver's heap: over one `metric --all` (hundreds
    # of queries) that grew without bound and ended in "not enough memory to build and broadcast" at 2g.
    "spark.sql.ui.retainedExecutions": "10",
    "spark.ui.retainedJobs": "20",
    "spark.ui.retainedStages": "20",
    "spark.ui.retainedTasks": "1000",
    "spark.ui.dagGraph.retainedRootRDDs": "20",
}
# Spark's own logging at WARN would still print routine start-up chatter; keep errors only.
_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.repl.name = org.apache.spark.api.python.PythonGatewayServer
logger.repl.level = error
"""


def _is_url(location: str) -> bool:
    return "://" in location


def _named(query: str, tables: list[str]) -> str:
    """`query` reading its steps' tables by the names this engine gave them."""
    for i, table in enumerate(tables):
        query = query.replace(PLACEHOLDER.format(i), table)
    return query


def _release(frame: Any) -> None:
    """Free a checkpointed frame's rows now rather than when the JVM next collects garbage. Spark Connect
    frees them when the client drops the frame; a classic session has no public call for it, so this reaches
    the checkpoint's RDD through the frame's plan (a `LogicalRDD`) and unpersists it."""
    jdf = getattr(frame, "_jdf", None)
    if jdf is not None:
        jdf.queryExecution().logical().rdd().unpersist(False)


def _plain(v: Any) -> Any:
    """A collected value as DuckDB's Python client gives it (a struct as a dict, not a Row)."""
    if hasattr(v, "asDict"):
        return {k: _plain(x) for k, x in v.asDict().items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


class SparkEngine:
    """Runs metric SQL on a Spark session over a lake's tables (temp views in that session)."""

    name = "spark"

    def __init__(self, spark: Any) -> None:
        self.spark = spark
        self.materialized: dict[str, str] = {}
        self._views: list[str] = []
        self._statements = 0  # numbers each statement's steps
        self._frames: dict[str, Any] = {}  # the rows of every table computed here, by table

    # -- the Engine protocol ------------------------------------------------------------------
    def run(self, sql: str) -> tuple[list[str], list[tuple]]:
        *steps, statement = self._steps(sql)
        try:
            df = self.spark.sql(statement)
            rows = df.collect()
        finally:
            self._drop(steps)
        return list(df.columns), [tuple(_plain(v) for v in r) for r in rows]

    def tables(self) -> set[str]:
        return set(self._views) | set(self.materialized)

    def materialize(self, table: str, sql: str) -> None:
        *steps, statement = self._steps(sql)
        try:
            self._keep(table, statement)
        finally:
            self._drop(steps)

    def _keep(self, table: str, query: str) -> None:
        """Compute `query` now and register its rows as the temp view `table`.

        The rows are a local checkpoint, not a cached view: a later query that reads `table` plans over
        those rows alone. A cached view keeps its plan, and Spark expands that plan at every reference
        before it finds the cache: a metric reading three shared tables built on each other planned
        over thousands of parquet scans and, where Spark did not recognise a nested cache, ran them.
        """
        frame = self.spark.sql(query).localCheckpoint(eager=True)
        frame.createOrReplaceTempView(table)
        self._frames[table] = frame

    def _steps(self, sql: str) -> list[str]:
        """Compute the `WITH` entries `sql` names more than once (`spark_steps`), each once: [their tables,
        the statement that reads them]."""
        queries, statement = spark_steps(sql)
        self._statements += 1
        names: list[str] = []
        try:
            for i, query in enumerate(queries):
                names.append(f"_hc_step{self._statements}_{i}")
                self._keep(names[-1], _named(query, names))
        except BaseException:
            self._drop(names)
            raise
        return [*names, _named(statement, names)]

    def _drop(self, tables: list[str]) -> None:
        for table in tables:
            frame = self._frames.pop(table, None)
            self.spark.catalog.dropTempView(table)
            if frame is not None:
                _release(frame)

    def forget_intermediates(self) -> None:
        """Drop every shared table this engine computed (the next metric starts as on a fresh engine)."""
        self._drop(list(self._frames))
        self.materialized.clear()

    def kept(self, table: str, sql: str) -> bool:
        """A lake keeps no precomputed intermediate: every one is built."""
        return False

    # -- sources ------------------------------------------------------------------------------
    def attach_lake(self, location: str) -> dict[str, Any]:
        """Register every table of the lake at `location` (a folder or a URL Spark reads) and the store's views."""
        if _is_url(location):
            path = f"{location.rstrip('/')}/{MANIFEST}"
            try:
                text = self.spark.read.text(path, wholetext=True).collect()[0][0]
            except Exception as exc:  # Spark raises its own analysis errors for a missing path
                raise UserError(f"{path}: cannot read the lake manifest ({str(exc).splitlines()[0]})") from None
            doc = parse_manifest(text, path)
            check_readable(doc, path)
            root = location.rstrip("/")
        else:
            doc = read_manifest(Path(location))
            root = str(Path(location).resolve())
        for table in doc["tables"]:
            listed = files_of(doc, table)  # exactly the manifest's files: never a half-written export's
            if listed:
                reader = self.spark.read.option("basePath", f"{root}/{table}")
                df = reader.parquet(*(f"{root}/{f}" for f in listed))
            else:  # a lake written before manifests listed files
                df = self.spark.read.parquet(f"{root}/{table}")
            if partitioned(doc, table):
                df = df.selectExpr(*lake_select(doc, table, spark=True))
            df.createOrReplaceTempView(table)
            self._views.append(table)
        for name, sql in doc["views"].items():
            self.spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {to_spark(sql)}")
            self._views.append(name)
        return doc

    def close(self) -> None:
        """Drop what this engine put in the session (a shared session stays usable)."""
        self.forget_intermediates()
        for name in reversed(self._views):
            self.spark.catalog.dropTempView(name)
        self._views.clear()


# -- the session ----------------------------------------------------------------------------------
def _java_missing() -> bool:
    home = os.environ.get("JAVA_HOME")
    return not (home and Path(home, "bin", "java").exists()) and shutil.which("java") is None


def spark_session(master: str | None = None) -> tuple[Any, bool]:
    """(session, started here): Spark Connect when SPARK_REMOTE is set, else a classic session.

    An already active session (a notebook's, a test's, spark-submit's) is used as it is, and not
    stopped afterwards; otherwise one is started on `master`, $SPARK_MASTER, or `local[*]`.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UserError(f"--engine spark needs pyspark: {INSTALL_SPARK}") from None
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        try:
            spark = SparkSession.builder.remote(remote).getOrCreate()
        except ImportError as exc:
            raise UserError(
                f"SPARK_REMOTE={remote}: Spark Connect needs {exc.name or 'its client libraries'}: pip install 'pyspark[connect]'"
            ) from None
        _set_semantics(spark)
        return spark, False
    active = SparkSession.getActiveSession()
    if active is not None:
        _set_semantics(active)
        return active, False
    if _java_missing():
        raise UserError(f"--engine spark needs Java (none on PATH or in JAVA_HOME): {INSTALL_JAVA}")
    master = master or os.environ.get("SPARK_MASTER") or "local[*]"
    local = master.startswith("local")
    builder = SparkSession.builder.master(master).appName("hubcensus")
    for key, value in {**SEMANTICS, **(LOCAL if local else {})}.items():
        builder = builder.config(key, value)
    log_conf = Path(tempfile.gettempdir()) / "hubcensus-spark-log4j2.properties"
    if not log_conf.exists() or log_conf.read_text() != _LOG4J:
        log_conf.write_text(_LOG4J)
    builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={log_conf}")
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no hostname-resolution warning, no exposed port
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM failed to start: Java too old, no memory, bad master URL
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(
            f"--engine spark: Spark did not start on {master} ({first}); needs Java 17+: {INSTALL_JAVA}"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark, True


def _set_semantics(spark: Any) -> None:
    for key, value in SEMANTICS.items():
        spark.conf.set(key, value)


def spark_over_store(db: Path, say: Callable[[str], None]) -> tuple[str, Callable[[], None]]:
    """Export the store at `db` to a temporary lake; (its location, a function that removes it)."""
    from hubcensus.lake import export_lake
    from hubcensus.progress import Lines
    from hubcensus.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="hubcensus-lake-"))
    lake = tmp / "lake"
    try:
        with Store.open(db, read_only=True) as store:
            export_lake(store.con, lake, progress=Lines(say, f"exporting the store to a temporary lake {lake} "))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return str(lake), lambda: shutil.rmtree(tmp, ignore_errors=True)


__all__ = ["SparkEngine", "spark_over_store", "spark_session", "to_spark"]
