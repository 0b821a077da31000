"""`hubcensus export --lake`: the store as parquet partitioned by snapshot date, written incrementally and safely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.errors import UserError
from hubcensus.lake import MANIFEST, export_lake, open_duckdb_lake
from hubcensus.store import Store


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four monthly snapshots of a small synthetic Hub, as files."""
    out = tmp_path_factory.mktemp("lake-hub")
    assert (
        main(
            [
                "generate",
                "--out",
                str(out),
                "--models",
                "1500",
                "--datasets",
                "300",
                "--spaces",
                "300",
                "--papers",
                "100",
                "--snapshots",
                "4",
                "--seed",
                "3",
            ]
        )
        == 0
    )
    return out


def ingest(db: Path, *folders: Path) -> None:
    for folder in folders:
        assert main(["ingest", str(folder), "--db", str(db)]) == 0


def days(hub: Path) -> list[Path]:
    return sorted(p for p in hub.iterdir() if p.is_dir())


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def test_lake_holds_every_table_row_for_row_with_snapshot_id_restored(hub: Path, tmp_path: Path) -> None:
    db, lake = tmp_path / "s.duckdb", tmp_path / "lake"
    ingest(db, *days(hub))
    assert main(["export", "--db", str(db), "--lake", str(lake)]) == 0
    manifest = json.loads((lake / MANIFEST).read_text())
    assert len(manifest["snapshots"]) == 4
    assert sorted(p.name for p in (lake / "repo_stats").iterdir()) == [f"snapshot={d}" for d in manifest["snapshots"]]
    lcon = open_duckdb_lake(lake)
    with Store.open(db, read_only=True) as store:
        for table in manifest["tables"]:
            assert table_rows(lcon, table) == table_rows(store.con, table), table
        for view in ("repo_stats_dense", "tags"):
            assert table_rows(lcon, view) == table_rows(store.con, view), view


def test_reexport_writes_only_what_changed(hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, lake = tmp_path / "s.duckdb", tmp_path / "lake"
    first, *rest = days(hub)
    ingest(db, first, *rest[:-1])
    with Store.open(db, read_only=True) as store:
        assert export_lake(store.con, lake).written
        again = export_lake(store.con, lake)
    assert again.written == [] and again.removed == [] and again.unchanged > 0
    doc = json.loads((lake / MANIFEST).read_text())
    old_part = lake / doc["tables"]["repo_stats"]["partitions"][doc["snapshots"][0]]["files"][0]
    before = old_part.stat().st_mtime_ns
    ingest(db, rest[-1])
    with Store.open(db, read_only=True) as store:
        third = export_lake(store.con, lake)
    new_day = json.loads((lake / MANIFEST).read_text())["snapshots"][-1]
    assert f"repo_stats/snapshot={new_day}" in third.written
    assert not any(w.startswith("repo_stats/") and new_day not in w for w in third.written), third.written
    assert old_part.stat().st_mtime_ns == before, "an unchanged partition was rewritten"


def test_interrupted_export_leaves_the_previous_lake_readable(hub: Path, tmp_path: Path) -> None:
    db, lake = tmp_path / "s.duckdb", tmp_path / "lake"
    folders = days(hub)
    ingest(db, *folders[:2])
    with Store.open(db, read_only=True) as store:
        export_lake(store.con, lake)
        expected = table_rows(open_duckdb_lake(lake), "repo_stats")
    ingest(db, *folders[2:])

    class DieMidway:
        """Ctrl-C as the fourth of the writes begins."""

        def stage(self, name: str, total: int | None = None) -> None:
            self.writing, self.done = name == "writing" and (total or 0) > 3, 0

        def advance(self, n: int = 1) -> None:
            self.done += n

        def note(self, text: str) -> None:
            if self.writing and self.done == 3:
                raise KeyboardInterrupt

    with Store.open(db, read_only=True) as store, pytest.raises(KeyboardInterrupt):
        export_lake(store.con, lake, progress=DieMidway())
    assert table_rows(open_duckdb_lake(lake), "repo_stats") == expected, "the old lake still reads as it was"
    with Store.open(db, read_only=True) as store:
        export_lake(store.con, lake)
        assert table_rows(open_duckdb_lake(lake), "repo_stats") == table_rows(store.con, "repo_stats")
    assert not [p for p in lake.iterdir() if p.name.startswith(".")], "temporary folders were left behind"


def test_export_refuses_a_folder_that_is_not_a_lake(
    hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.duckdb"
    ingest(db, days(hub)[0])
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8")
    assert main(["export", "--db", str(db), "--lake", str(other)]) == 2
    err = capsys.readouterr().err.strip()
    assert "not empty and not a hubcensus lake" in err and len(err.splitlines()) == 1
    assert [p.name for p in other.iterdir()] == ["cat.jpg"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda lake: (lake / MANIFEST).write_text("{not json"), "invalid JSON"),
        (lambda lake: (lake / MANIFEST).unlink(), "no _hubcensus.json manifest"),
        (lambda lake: shutil.rmtree(lake / "repos"), "missing, though _hubcensus.json lists table repos"),
        (
            lambda lake: (lake / MANIFEST).write_text(
                json.dumps({**json.loads((lake / MANIFEST).read_text()), "schema_version": 999})
            ),
            "written by a newer hubcensus",
        ),
    ],
)
def test_a_damaged_lake_is_one_line_naming_the_file(
    damage,
    message: str,
    hub: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    db, lake = tmp_path / "s.duckdb", tmp_path / "lake"
    ingest(db, days(hub)[0])
    assert main(["export", "--db", str(db), "--lake", str(lake)]) == 0
    damage(lake)
    capsys.readouterr()
    assert main(["metric", "G1", "--lake", str(lake)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and str(lake) in err and len(err.splitlines()) == 1, err


def test_export_of_an_empty_store_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    with Store.open(db) as store, pytest.raises(UserError, match="holds no snapshot"):
        export_lake(store.con, tmp_path / "lake")
