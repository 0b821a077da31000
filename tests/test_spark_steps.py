"""Spark computes each `WITH` entry a statement names more than once first, once (`spark_sql.spark_steps`),
and gives what DuckDB gives for the statement as written."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from hubcensus.engines.spark import SparkEngine
from hubcensus.engines.spark_sql import PLACEHOLDER, spark_steps, to_spark

ROWS = [(1, "a", 10), (2, "a", 20), (3, "b", 5), (4, "c", 7)]
# `t` named twice, `u` once by `v` which is named twice, `w` only renames a table: steps for t and v.
STATEMENT = """
    WITH w AS (SELECT id AS i, ns, d FROM base),
    t AS (SELECT ns, sum(d) AS total FROM w GROUP BY ns),
    u AS (SELECT i, ns FROM w WHERE d > 6),
    v AS (SELECT u.i, t.total FROM u JOIN t ON t.ns = u.ns),
    x AS (SELECT max(total) AS top FROM t)
    SELECT v.i, v.total, x.top, (SELECT count(*) FROM v) AS n, (SELECT min(i) FROM w) AS first
    FROM v, x ORDER BY v.i
"""


def test_an_entry_named_twice_is_a_step_and_one_that_renames_a_table_is_not() -> None:
    steps, statement = spark_steps(STATEMENT)
    assert len(steps) == 2
    assert "GROUP BY ns" in steps[0] and PLACEHOLDER.format(0) in steps[1]  # v reads t's step
    assert steps[1].startswith("WITH w AS") and ", u AS (" in steps[1]  # what only v names is computed in v's step
    assert PLACEHOLDER.format(0) in statement and PLACEHOLDER.format(1) in statement
    assert " u AS" not in statement  # only v named it


@pytest.mark.parametrize(
    "sql",
    [
        "WITH t AS (SELECT ns FROM base GROUP BY ns) SELECT * FROM t",  # named once
        "WITH t AS (SELECT * FROM base) SELECT * FROM t a JOIN t b ON a.id = b.id",  # renames a table
        "WITH t AS (SELECT ns FROM base GROUP BY ns) SELECT * FROM t WHERE ns IN (WITH t AS (SELECT 'a' AS ns) SELECT ns FROM t)",
        "WITH RECURSIVE t AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t a, t b",
    ],
)
def test_a_statement_with_nothing_to_compute_first_is_translated_as_it_is(sql: str) -> None:
    assert spark_steps(sql) == ((), to_spark(sql))


def _duckdb(sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    con.execute("CREATE TABLE base (id INTEGER, ns VARCHAR, d INTEGER)")
    con.executemany("INSERT INTO base VALUES (?, ?, ?)", ROWS)
    return con.execute(sql).fetchall()


def test_spark_gives_what_duckdb_gives_and_leaves_no_step_behind(spark: Any) -> None:
    spark.createDataFrame(ROWS, "id INT, ns STRING, d INT").createOrReplaceTempView("base")
    engine = SparkEngine(spark)
    try:
        _, rows = engine.run(STATEMENT)
        assert rows == _duckdb(STATEMENT) == [(1, 30, 30, 3, 1), (2, 30, 30, 3, 1), (4, 7, 30, 3, 1)]
        engine.materialize("_hc_test_kept", STATEMENT)
        assert engine.run("SELECT count(*) FROM _hc_test_kept")[1] == [(3,)]
        assert not [t.name for t in spark.catalog.listTables() if t.name.startswith("_hc_step")]
    finally:
        engine.close()
        spark.catalog.dropTempView("base")
    assert "_hc_test_kept" not in {t.name for t in spark.catalog.listTables()}
