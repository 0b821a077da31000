"""Bad input: one line naming the file (and row or field), exit code 2, and the store as it was."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hubcensus.cli import main
from tests.hubfiles import dump_store, model, write_jsonl, write_kind, write_snapshot


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store that already holds one snapshot, so 'unchanged' means something."""
    path = tmp_path / "store.duckdb"
    write_snapshot(tmp_path / "good", "2026-01-01", models=[model("a/x", 5), model("a/y", 7)])
    assert main(["ingest", str(tmp_path / "good" / "2026-01-01"), "--db", str(path)]) == 0
    return path


def fails_cleanly(db: Path, args: list[str], capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    before = dump_store(db)
    code = main([*args, "--db", str(db)])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith("error: ") and len(err.splitlines()) == 1, err
    for piece in expected:
        assert piece in err, err
    assert dump_store(db) == before
    return err


def test_truncated_parquet(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_kind(tmp_path / "2026-02-01", "models", [model(f"a/m{i}", i) for i in range(500)])
    data = good.read_bytes()
    good.write_bytes(data[: len(data) // 2])
    fails_cleanly(db, ["ingest", str(tmp_path / "2026-02-01")], capsys, "models.parquet")


def test_corrupt_parquet(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "2026-02-01"
    folder.mkdir()
    (folder / "models.parquet").write_bytes(b"PAR1" + b"\x00garbage" * 100 + b"PAR1")
    fails_cleanly(db, ["ingest", str(folder)], capsys, "models.parquet")


def test_one_bad_kind_file_leaves_the_good_ones_out_too(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_snapshot(tmp_path, "2026-02-01", models=[model("a/z", 1)])
    (folder / "spaces.parquet").write_bytes(b"not parquet at all")
    fails_cleanly(db, ["ingest", str(folder)], capsys, "spaces.parquet")


def test_jsonl_with_a_broken_line(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(
        tmp_path / "2026-02-01" / "models.jsonl", [{"id": "a/b", "downloads": 1}, {"id": "a/c", "downloads": 2}]
    )
    with path.open("a") as fh:
        fh.write('{"id": "a/d", "downloads": \n')
    fails_cleanly(db, ["ingest", str(tmp_path / "2026-02-01")], capsys, "models.jsonl", "line 3")


def test_wrong_type_in_a_column_names_row_and_field(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-02-01"
    folder.mkdir()
    (folder / "models.csv").write_text("id,downloads\na/b,12\na/c,lots\n")
    fails_cleanly(db, ["ingest", str(folder)], capsys, "models.csv", "'downloads'", "a/c")


def test_wrong_type_in_parquet_names_the_row(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "2026-02-01"
    folder.mkdir()
    pq.write_table(
        pa.table({"id": ["a/b", "a/c", "a/d"], "createdAt": ["2024-01-01T00:00:00Z", "2024-02-01", "yesterday"]}),
        folder / "models.parquet",
    )
    fails_cleanly(db, ["ingest", str(folder)], capsys, "models.parquet", "row 3", "'createdAt'", "timestamp")


def test_missing_path(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fails_cleanly(db, ["ingest", str(tmp_path / "nowhere")], capsys, "nowhere", "no such file")


def test_folder_with_no_known_file(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "2026-02-01"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello")
    (folder / "weights.parquet").write_bytes(b"x")
    fails_cleanly(db, ["ingest", str(folder)], capsys, "no known snapshot file")


def test_file_without_an_id_column(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kind(tmp_path / "2026-02-01", "models", [model("a/b", 1)], drop=("id",))
    fails_cleanly(db, ["ingest", str(tmp_path / "2026-02-01")], capsys, "no id column")


def test_row_with_an_empty_id(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kind(tmp_path / "2026-02-01", "models", [model("a/b", 1), {"id": None, "downloads": 3}])
    fails_cleanly(db, ["ingest", str(tmp_path / "2026-02-01")], capsys, "row 2", "empty id")


def test_bad_date_option(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fails_cleanly(db, ["ingest", str(tmp_path), "--date", "March"], capsys, "--date")


def test_second_writer_fails_naming_the_lock(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Another process holds the store open for writing until we tell it to stop.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(db)!r})
            print("holding", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        write_snapshot(tmp_path / "more", "2026-02-01", models=[model("a/q", 1)])
        code = main(["ingest", str(tmp_path / "more" / "2026-02-01"), "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 2
        assert "locked" in err and str(db) in err and f"PID {holder.pid}" in err, err
    finally:
        holder.communicate("\n", timeout=10)
    assert main(["status", "--db", str(db), "--json"]) == 0
    assert '"snapshot_id": 20260101' in capsys.readouterr().out
