"""One suite, every engine: the whole metric suite on DuckDB and on Apache Spark gives the same documents.

The Spark side is the real thing — PySpark starting a local JVM (`local[*]`) over a parquet lake —
so this needs Java (scripts/test.sh installs Debian's runtime) and takes a minute or two per store.
A missing pyspark or Java fails here rather than skipping: CI must prove the engines agree. Every
Spark test runs in the worker's one session (conftest.py's `spark`); the stores are the session's
demo and real samples, and the hand-worked metric tests run on both engines too (tests/metricstore.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hubcensus.cli import main
from tests.metricstore import differences


def metric_docs(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    """`hubcensus metric --all --json ARGS`, parsed."""
    capsys.readouterr()
    assert main(["metric", "--all", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.usefixtures("spark")  # the worker's one session, used by the command as it is
def test_spark_over_a_lake_agrees_with_duckdb_on_every_metric(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lake = tmp_path / "lake"
    assert main(["export", "--db", str(demo_db), "--lake", str(lake)]) == 0
    duck = metric_docs(capsys, "--db", str(demo_db))
    spark = metric_docs(capsys, "--lake", str(lake), "--engine", "spark")
    assert len(duck) == 23
    assert {d["engine"] for d in duck} == {"duckdb"} and {d["engine"] for d in spark} == {"spark"}
    assert differences(duck, spark) == []
    assert any(d["rows"] for d in spark), "a run that returns no rows agrees trivially"


@pytest.mark.usefixtures("spark")  # the worker's one session, used by the command as it is
def test_spark_over_a_store_agrees_with_duckdb_on_the_real_samples(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real samples carry what synthetic data lacks: partial listings, NULL fields, 30-day counts only."""
    as_of = "2025-12-31"
    duck = metric_docs(capsys, "--db", str(real_db), "--as-of", as_of)
    spark = metric_docs(capsys, "--db", str(real_db), "--as-of", as_of, "--engine", "spark")
    assert differences(duck, spark) == []
    assert sum(len(d["rows"]) for d in spark) > 50


def test_duckdb_over_a_lake_agrees_with_the_store(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lake = tmp_path / "lake"
    assert main(["export", "--db", str(demo_db), "--lake", str(lake)]) == 0
    assert differences(metric_docs(capsys, "--db", str(demo_db)), metric_docs(capsys, "--lake", str(lake))) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "flink"], "--engine flink: unknown engine"),
        (["--master", "local[2]"], "--master goes with --engine spark"),
        (["--lake", "s3a://bucket/lake"], "DuckDB reads a lake in a local folder"),
    ],
)
def test_engine_options_are_checked_in_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metric", "C1", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err


def test_db_and_lake_together_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metric", "C1", "--db", str(tmp_path / "x.duckdb"), "--lake", str(tmp_path)]) == 2
    assert "pass --db or --lake, not both" in capsys.readouterr().err


@pytest.mark.usefixtures("spark")  # the worker's one session, used by the command as it is
def test_spark_scorecards_agree_with_duckdb(demo_db: Path, tmp_path: Path) -> None:
    """The report's own queries (a scorecard per organisation) run on Spark too, bin for bin.

    Pinned because engines' LOG10 differ in the last bit: a size exactly on a bin's edge (1B) once
    fell in different bins.
    """
    from hubcensus.engines.open import open_engine
    from hubcensus.metrics.scorecards import scorecards

    lake = tmp_path / "lake"
    assert main(["export", "--db", str(demo_db), "--lake", str(lake)]) == 0
    with open_engine(demo_db) as duck:
        ours, _ = scorecards(duck)
    with open_engine(lake=lake, engine="spark") as spark:
        theirs, _ = scorecards(spark)
    assert [c["author"] for c in ours] == [c["author"] for c in theirs] and len(ours) > 20
    assert any(c["sizes"] for c in ours)
    for a, b in zip(ours, theirs):
        assert a == b, a["author"]
