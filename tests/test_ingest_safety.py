"""Ingest that cannot quietly damage the store (issue 15, part 2).

Complete or partial by the Hub's own file names; a complete listing that would delete most of the store
refused; "already held" by content, not date; a refused first ingest leaves no file; a folder of
differently-shaped files read file by file; no traceback from the files users really have.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.sources.snapshot_files import discover, hub_named
from hubcensus.store.schema import SCHEMA_VERSION
from tests.hubfiles import dump_store, model, write_kind, write_snapshot
from tests.worlds import REAL


def real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real sample {path} not found")
    return path


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and len(err.splitlines()) == 1, err
    return err


# -- 1. complete or partial ---------------------------------------------------------------------
def test_only_the_hubs_own_file_names_are_complete_listings(tmp_path: Path) -> None:
    for name in ("models.parquet", "datasets.parquet", "spaces.parquet", "daily_papers.parquet"):
        assert hub_named(Path(name)), name
    assert hub_named(Path("models-00000-of-00003.parquet"))  # a part of the weekly archive / a split file
    for name in ("models-2022-07.parquet", "models-by-task-2025-03.csv", "top-models-2025-03.csv", "models.json"):
        assert not hub_named(Path(name)), name
    [extract] = discover(real("models-2022-07.parquet"))
    assert not extract.complete
    [by_task] = discover(real("models-by-task-2025-03.csv"))
    assert not by_task.complete
    [forced] = discover(real("models-2022-07.parquet"), complete=True)
    assert forced.complete and forced.insist
    [hub] = discover(write_snapshot(tmp_path, "2026-01-01", models=[model("a/x", 1)]))
    assert hub.complete and not hub.insist
    [partial] = discover(tmp_path / "2026-01-01", complete=False)
    assert not partial.complete


def test_an_extract_named_like_models_deletes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: a 1,233-row file taken as the whole Hub marked 75,087 models deleted."""
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(real("models-2022-10.parquet")), "--db", str(db), "--no-enrich"]) == 0
    assert (
        main(
            ["ingest", str(real("models-by-task-2025-03.csv")), "--date", "2025-03-02", "--db", str(db), "--no-enrich"]
        )
        == 0
    )
    assert query(db, "SELECT count(*) FROM repo_stats WHERE deleted") == [(0,)]
    assert query(db, "SELECT snapshot_id, complete FROM snapshots ORDER BY 1") == [(20221001, False), (20250302, False)]
    assert "deleted" not in capsys.readouterr().out


# -- 2. a complete listing that would delete most of the store -----------------------------------
def _two_months(tmp_path: Path, kept: int) -> tuple[Path, Path]:
    db = tmp_path / "s.duckdb"
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model(f"a/m{i}", i) for i in range(200)])
    assert main(["ingest", str(tmp_path / "hub" / "2026-01-01"), "--db", str(db), "--no-enrich"]) == 0
    feb = write_snapshot(tmp_path / "hub", "2026-02-01", models=[model(f"a/m{i}", i) for i in range(kept)])
    return db, feb


def test_a_complete_listing_deleting_more_than_half_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, feb = _two_months(tmp_path, kept=80)
    before = dump_store(db)
    capsys.readouterr()
    assert main(["ingest", str(feb), "--db", str(db), "--no-enrich"]) == 2
    err = one_line_error(capsys)
    assert "120 of the 200 models held as deleted" in err and "--complete" in err, err
    assert dump_store(db) == before
    # --complete insists; the summary says how many were marked deleted.
    assert main(["ingest", str(feb), "--db", str(db), "--no-enrich", "--complete"]) == 0
    assert "marked 120 models deleted" in capsys.readouterr().out
    assert query(db, "SELECT count(*) FROM repo_stats WHERE snapshot_id = 20260201 AND deleted") == [(120,)]


def test_deletions_up_to_half_go_in_and_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, feb = _two_months(tmp_path, kept=100)
    capsys.readouterr()
    assert main(["ingest", str(feb), "--db", str(db), "--no-enrich"]) == 0
    assert "marked 100 models deleted" in capsys.readouterr().out


def test_a_small_store_is_not_guarded_but_an_empty_listing_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under GUARD_MIN_HELD repos held (hand-built stores, trials) losing most of them goes in, counted;
    an empty complete listing is refused at any size."""
    db = tmp_path / "s.duckdb"
    for day, ids in (("2026-01-01", ["a/x", "a/y", "a/z"]), ("2026-02-01", ["a/x"])):
        write_snapshot(tmp_path / "hub", day, models=[model(i, 1) for i in ids])
        assert main(["ingest", str(tmp_path / "hub" / day), "--db", str(db), "--no-enrich"]) == 0
    assert "marked 2 models deleted" in capsys.readouterr().out
    write_kind(tmp_path / "hub" / "2026-03-01", "models", [])
    assert main(["ingest", str(tmp_path / "hub" / "2026-03-01"), "--db", str(db), "--no-enrich"]) == 2
    assert "its 0 models would mark 1 of the 1 models held as deleted" in one_line_error(capsys)


def test_a_complete_listing_of_no_rows_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = _two_months(tmp_path, kept=200)
    empty = write_kind(tmp_path / "hub2" / "2026-03-01", "models", [])
    before = dump_store(db)
    capsys.readouterr()
    assert main(["ingest", str(empty.parent), "--db", str(db), "--no-enrich"]) == 2
    err = one_line_error(capsys)
    assert "its 0 models would mark 200 of the 200 models held as deleted" in err, err
    assert dump_store(db) == before


# -- 3. already held = the same content -----------------------------------------------------------
def test_the_same_files_under_another_path_are_already_held(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.duckdb"
    folder = write_snapshot(tmp_path / "a", "2026-01-01", models=[model("a/x", 5)])
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich"]) == 0
    before = dump_store(db)
    copy = tmp_path / "b" / "2026-01-01"
    shutil.copytree(folder, copy)
    capsys.readouterr()
    assert main(["ingest", str(copy), "--db", str(db), "--no-enrich"]) == 0
    assert "already held" in capsys.readouterr().out
    assert dump_store(db) == before


def test_a_different_file_for_a_held_date_is_merged_as_partial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: a second file for a month held printed "already held" and its rows were dropped."""
    db = tmp_path / "s.duckdb"
    top = real("top-models-2025-03.csv")
    by_task = real("models-by-task-2025-03.csv")
    assert main(["ingest", str(top), "--db", str(db), "--no-enrich"]) == 0
    [(top_rows,)] = query(db, "SELECT rows FROM snapshot_kinds")
    capsys.readouterr()
    assert main(["ingest", str(by_task), "--db", str(db), "--no-enrich"]) == 0
    out = capsys.readouterr().out
    assert "already held" in out and "merged into it as a partial listing" in out, out
    [(rows, files)] = query(db, "SELECT rows, files FROM snapshot_kinds WHERE snapshot_id = 20250301")
    listed = query(db, "SELECT count(*) FROM repo_stats WHERE snapshot_id = 20250301 AND NOT deleted")[0][0]
    assert rows == listed > top_rows
    assert files == [str(top), str(by_task)]
    assert query(db, "SELECT count(*) FROM (SELECT repo_id FROM repo_stats GROUP BY ALL HAVING count(*) > 1)") == [(0,)]
    assert query(db, "SELECT count(*) FROM snapshot_sources") == [(2,)]
    # ... and the same file again is then held.
    assert main(["ingest", str(by_task), "--db", str(db), "--no-enrich"]) == 0
    assert "already held" in capsys.readouterr().out


def test_a_kind_a_complete_held_snapshot_lacks_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.duckdb"
    write_snapshot(tmp_path / "hub", "2025-03-01", models=[model("a/x", 5)])
    assert main(["ingest", str(tmp_path / "hub" / "2025-03-01"), "--db", str(db), "--no-enrich"]) == 0
    before = dump_store(db)
    capsys.readouterr()
    assert main(["ingest", str(real("datasets-2023-03.parquet")), "--date", "2025-03-01", "--db", str(db)]) == 2
    err = one_line_error(capsys)
    assert "complete listing without datasets" in err and "--date" in err, err
    assert dump_store(db) == before
    # A different models file for that date merges; the held snapshot's deletions are not counted as its own.
    write_snapshot(tmp_path / "hub", "2025-02-01", models=[model("a/x", 5), model("a/gone", 1)])
    assert main(["ingest", str(tmp_path / "hub" / "2025-02-01"), "--db", str(db), "--no-enrich"]) == 0
    assert query(db, "SELECT count(*) FROM repo_stats WHERE snapshot_id = 20250301 AND deleted") == [(1,)]
    extra = write_kind(tmp_path / "other", "models", [model("b/new", 2)])
    capsys.readouterr()
    assert main(["ingest", str(extra), "--date", "2025-03-01", "--db", str(db), "--no-enrich"]) == 0
    out = capsys.readouterr().out
    assert "merged into it as a partial listing" in out and "deleted" not in out.replace("nothing marked deleted", "")
    assert query(db, "SELECT rows FROM snapshot_kinds WHERE snapshot_id = 20250301") == [(2,)]


def test_a_store_from_before_fingerprints_opens_and_knows_its_snapshots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.duckdb"
    folder = write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/x", 5)])
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich"]) == 0
    con = duckdb.connect(str(db))  # make it a store of schema 3
    con.execute("DROP TABLE snapshot_sources")
    con.execute("DROP TABLE snapshot_stages")
    con.execute("DELETE FROM schema_migrations WHERE version >= 4")
    con.close()
    capsys.readouterr()
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich"]) == 0  # same path: held
    assert "already held" in capsys.readouterr().out
    assert query(db, "SELECT max(version) FROM schema_migrations") == [(SCHEMA_VERSION,)]
    assert query(db, "SELECT count(*) FROM snapshot_sources") == [(0,)]


# -- 4. a refused ingest leaves the store as it was -----------------------------------------------
def test_a_refused_first_ingest_leaves_no_store_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new.duckdb"
    write_kind(tmp_path / "2026-01-01", "models", [model("a/x", 1), model("", 2)])
    assert main(["ingest", str(tmp_path / "2026-01-01"), "--db", str(db)]) == 2
    assert "empty id" in one_line_error(capsys)
    assert not db.exists() and not db.with_name(db.name + ".wal").exists()


# -- 5. a folder of differently-shaped files -----------------------------------------------------
def test_a_folder_of_different_files_goes_in_file_by_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("models-2022-07.parquet", "datasets-2023-03.parquet", "top-models-2025-03.csv"):
        shutil.copy(real(name), folder / name)
    (folder / "weights.parquet").write_bytes(b"not parquet")
    (folder / "api-responses").mkdir()  # a folder beside the files is read too, file by file
    shutil.copy(real("api-responses/trending-2026-03-03.json"), folder / "api-responses")
    (folder / "api-responses" / "broken.json").write_text("{not json")
    (folder / "empty").mkdir()
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich"]) == 1  # the rest went in
    captured = capsys.readouterr()
    err = captured.err
    assert "weights.parquet" in err and "cannot tell which kind" in err, err
    assert "broken.json: line 1: not valid JSON" in err, err
    assert "empty: no snapshot files" in err, err
    assert query(
        db, "SELECT snapshot_id, kind, complete FROM snapshots JOIN snapshot_kinds USING (snapshot_id) ORDER BY 1"
    ) == [
        (20220701, "model", False),
        (20230301, "dataset", False),
        (20250301, "model", False),
        (20260303, "model", False),
    ]
    assert "Traceback" not in captured.out + err


def test_a_folder_where_nothing_goes_in_makes_no_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mixed"
    for day in ("2026-01-01", "2026-02-01"):
        write_kind(folder, "models", [model("a/x", 1), model("", 2)]).rename(folder / f"models-{day}.parquet")
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(folder), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("empty id") == 2, err
    assert not db.exists()


def test_a_folder_named_like_a_date_that_is_not_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_snapshot(tmp_path / "hub", "2026-02-30", models=[model("a/x", 1)])
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(folder), "--db", str(db)]) == 2
    assert "'2026-02-30' in the folder name is not a date" in one_line_error(capsys)
    assert not db.exists()
    write_snapshot(tmp_path / "hub", "2026-02-01", models=[model("a/x", 1)])
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(db), "--no-enrich"]) == 1  # the good month goes in
    assert "'2026-02-30' is not a date" in capsys.readouterr().err
    assert query(db, "SELECT snapshot_id FROM snapshots") == [(20260201,)]


def test_a_dated_folder_with_other_files_takes_them_one_by_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model(f"a/m{i}", i) for i in range(3)])
    day = write_snapshot(tmp_path / "hub", "2026-02-01", models=[model(f"a/m{i}", i) for i in range(3)])
    shutil.copy(real("top-models-2025-03.csv"), day / "top-models.csv")  # not the Hub's: partial, on its own
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(db), "--no-enrich"]) == 0
    out = capsys.readouterr().out
    assert "merged into it as a partial listing" in out, out
    assert query(db, "SELECT snapshot_id, complete FROM snapshots ORDER BY 1") == [(20260101, True), (20260201, True)]
    assert query(db, "SELECT rows FROM snapshot_kinds ORDER BY snapshot_id") == [(3,), (1002,)]
    assert query(db, "SELECT count(*) FROM repo_stats WHERE deleted") == [(0,)]


# -- 6. no traceback from the files users really have --------------------------------------------
def test_the_real_api_responses_folder_ingests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(real("api-responses")), "--db", str(db), "--no-enrich"]) == 0
    assert query(db, "SELECT count(*), bool_or(complete) FROM snapshots") == [(7, False)]
    assert query(db, "SELECT count(*) FROM repos WHERE repo_id = 'deepset/roberta-base-squad2'") == [(1,)]


def test_demo_with_no_models_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--models", "0", "--out", str(tmp_path / "d")]) == 2
    assert "--models 0" in one_line_error(capsys)
    assert not (tmp_path / "d").exists()
