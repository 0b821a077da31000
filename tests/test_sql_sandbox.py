"""`hubcensus sql` is read-only in fact: no file outside the store, no setting, no extension, no write."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hubcensus.cli import main
from tests.hubfiles import dump_store, model, write_snapshot


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/x", 5), model("b/y", 7)])
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(path), "--no-enrich"]) == 0
    return path


def _refused(capsys: pytest.CaptureFixture[str], db: Path, query: str, *extra: str) -> str:
    capsys.readouterr()
    assert main(["sql", query, "--db", str(db), *extra]) == 2, query
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("error: sql:") and len(err.splitlines()) == 1, err
    assert "Traceback" not in captured.err
    return err


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("COPY repos TO '{tmp}/out.csv'", "COPY statements are refused"),
        ("COPY (SELECT 1) TO '{tmp}/out.parquet' (FORMAT parquet)", "--allow-files"),
        ("EXPORT DATABASE '{tmp}/exported'", "EXPORT statements are refused"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "ATTACH statements are refused"),
        ("ATTACH '{db}' AS again (READ_WRITE)", "ATTACH statements are refused"),
        ("SELECT * FROM read_csv('/etc/passwd')", "files outside the store are off limits"),
        ("SELECT * FROM read_text('/etc/hostname')", "files outside the store are off limits"),
        ("SELECT * FROM glob('/etc/*')", "files outside the store are off limits"),
        ("SET threads = 1", "SET statements are refused"),
        ("RESET memory_limit", "SET statements are refused"),
        ("PRAGMA enable_profiling", "settings cannot be changed"),
        ("CHECKPOINT", "CALL statements are refused"),
        ("FORCE CHECKPOINT", "CALL statements are refused"),
        ("INSTALL httpfs", "LOAD statements are refused"),
        ("LOAD httpfs", "LOAD statements are refused"),
        ("SELECT 1; DELETE FROM repos", "DELETE statements are refused"),
        ("CREATE TABLE t AS SELECT 1", "CREATE statements are refused"),
    ],
)
def test_refused_with_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], query: str, says: str
) -> None:
    before = dump_store(db)
    err = _refused(capsys, db, query.format(tmp=tmp_path, db=db))
    assert says in err
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.parquet").exists()
    assert not (tmp_path / "exported").exists() and not (tmp_path / "other.duckdb").exists()
    assert dump_store(db) == before


def test_queries_still_run(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    q = "WITH m AS (SELECT repo_id FROM repos WHERE kind = 'model') SELECT count(*) AS n FROM m"
    assert main(["sql", q, "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 2}]
    assert main(["sql", "SELECT current_setting('TimeZone') AS tz", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"tz": "UTC"}]
    assert main(["sql", "EXPLAIN SELECT 1", "--db", str(db)]) == 0


def test_allow_files_reads_and_writes_files(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    capsys.readouterr()
    q = f"SELECT a + b AS s FROM read_csv('{tmp_path / 'in.csv'}')"
    assert main(["sql", q, "--db", str(db), "--json", "--allow-files"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"s": 3}]
    out = tmp_path / "ids.csv"
    assert (
        main(["sql", f"COPY (SELECT repo_id FROM repos ORDER BY 1) TO '{out}'", "--db", str(db), "--allow-files"]) == 0
    )
    assert out.read_text(encoding="utf-8").split() == ["repo_id", "a/x", "b/y"]
    # files, not settings, not other stores, not writes
    assert "SET statements are refused" in _refused(capsys, db, "SET threads = 1", "--allow-files")
    err = _refused(capsys, db, f"ATTACH '{db}' AS again (READ_WRITE)", "--allow-files")
    assert "ATTACH statements are refused" in err


def test_a_link_to_the_store_opens_it_read_only(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through a hard link or a symlink, the store is still opened read-only and nothing can reach it."""
    before = dump_store(db)
    hard, soft = tmp_path / "hard.duckdb", tmp_path / "soft.duckdb"
    os.link(db, hard)
    soft.symlink_to(db)
    for link in (hard, soft):
        _refused(capsys, link, f"ATTACH '{db}' AS w (READ_WRITE)")
        _refused(capsys, link, "UPDATE repo_stats SET downloads_30d = 0")
        _refused(capsys, link, "CHECKPOINT")
        assert main(["sql", "SELECT count(*) AS n FROM repos", "--db", str(link), "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == [{"n": 2}]
    assert dump_store(db) == before
