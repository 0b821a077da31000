"""`export --lake` is atomic: locked, new files under new names with the manifest swapped last, files
verified on re-export, and an interrupted export (a first one too) finished by running it again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.lake import MANIFEST, PENDING
from tests.hubfiles import model, write_snapshot

# Runs `hubcensus ARGV` with the export pausing after it has written its first few files.
WRAPPER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import hubcensus.lake as lake

    marker, after = sys.argv[1], int(sys.argv[2])
    orig, count = lake._write_journal, [0]

    def slow(folder, journal):
        orig(folder, journal)
        count[0] += 1
        if count[0] == after:
            Path(marker).write_text("started")
            time.sleep(120)

    lake._write_journal = slow
    from hubcensus.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


def _store(root: Path, months: int, bump: int = 0) -> Path:
    for m in range(1, months + 1):
        rows = [model("a/x", 5 * m + bump), model("b/y", 7 + bump), model(f"c/m{m}", m)]
        rows += [model(f"e/bumped-{m}-{i}", bump + i) for i in range(bump // 50)]  # a different store
        write_snapshot(root / "hub", f"2026-{m:02d}-01", models=rows, datasets=[{"id": "d/z", "downloads": m}])
    db = root / "s.duckdb"
    assert main(["ingest", str(root / "hub"), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        "a": _store(tmp_path_factory.mktemp("store-a"), 3),
        "a4": _store(tmp_path_factory.mktemp("store-a4"), 4),
        "b": _store(tmp_path_factory.mktemp("store-b"), 3, bump=100),
    }


def _export(db: Path, lake: Path) -> int:
    return main(["export", "--lake", str(lake), "--db", str(db)])


def _metrics(lake: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["metric", "--all", "--json", "--lake", str(lake)]) == 0
    return json.loads(capsys.readouterr().out)


def _start_paused(tmp_path: Path, db: Path, lake: Path, after: int) -> subprocess.Popen[str]:
    marker = tmp_path / f"started-{time.monotonic_ns()}"
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    argv = ["export", "--lake", str(lake), "--db", str(db)]
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker), str(after), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc


def test_two_exports_into_one_lake_one_is_refused(
    stores: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lake = tmp_path / "lake"
    first = _start_paused(tmp_path, stores["a"], lake, after=3)
    try:
        capsys.readouterr()
        assert _export(stores["b"], lake) == 2
        err = capsys.readouterr().err.strip()
        assert "another hubcensus export is being written there" in err and len(err.splitlines()) == 1
    finally:
        first.kill()
        first.communicate()
    clean = tmp_path / "clean"
    assert _export(stores["a"], lake) == 0 and _export(stores["a"], clean) == 0
    assert _metrics(lake, capsys) == _metrics(clean, capsys)


@pytest.mark.parametrize("first_export", [True, False])
def test_kill_9_mid_export_then_reexport_equals_a_clean_lake(
    stores: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], first_export: bool
) -> None:
    lake, clean = tmp_path / "lake", tmp_path / "clean"
    if not first_export:
        assert _export(stores["a"], lake) == 0
        before = _metrics(lake, capsys)
    proc = _start_paused(tmp_path, stores["a4"], lake, after=4)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    if not first_export:
        assert _metrics(lake, capsys) == before, "an interrupted update reads as the old lake"
    assert (lake / PENDING).is_file()
    assert _export(stores["a4"], lake) == 0  # resumes
    assert _export(stores["a4"], clean) == 0
    assert _metrics(lake, capsys) == _metrics(clean, capsys)
    assert not (lake / PENDING).exists()
    listed = {
        f
        for t in json.loads((lake / MANIFEST).read_text())["tables"].values()
        for u in ([*t["partitions"].values()] if t.get("partitioned_by") else [t])
        for f in u["files"]
    }
    on_disk = {p.relative_to(lake).as_posix() for p in lake.rglob("*.parquet")}
    assert on_disk == listed, "files the manifest does not list were left behind"


def test_reexport_verifies_the_files_not_only_the_manifest(
    stores: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lake, clean = tmp_path / "lake", tmp_path / "clean"
    assert _export(stores["a"], lake) == 0 and _export(stores["a"], clean) == 0
    doc = json.loads((lake / MANIFEST).read_text())
    parts = doc["tables"]["repo_stats"]["partitions"]
    damaged = lake / parts[doc["snapshots"][0]]["files"][0]
    damaged.write_bytes(damaged.read_bytes()[:100])  # torn
    (lake / parts[doc["snapshots"][1]]["files"][0]).unlink()  # gone
    capsys.readouterr()
    assert main(["export", "--lake", str(lake), "--db", str(stores["a"])]) == 0
    out = capsys.readouterr().out
    assert "2 written" in out, out
    assert _metrics(lake, capsys) == _metrics(clean, capsys)


def test_a_file_of_another_store_under_a_listed_name_is_rewritten(
    stores: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lake, other, clean = tmp_path / "lake", tmp_path / "other", tmp_path / "clean"
    assert _export(stores["a"], lake) == 0 and _export(stores["b"], other) == 0 and _export(stores["a"], clean) == 0
    doc, odoc = (json.loads((d / MANIFEST).read_text()) for d in (lake, other))
    day = doc["snapshots"][-1]
    mine = lake / doc["tables"]["repo_stats"]["partitions"][day]["files"][0]
    theirs = other / odoc["tables"]["repo_stats"]["partitions"][day]["files"][0]
    mine.write_bytes(theirs.read_bytes())  # what two exports racing into one folder left behind
    assert _export(stores["a"], lake) == 0
    assert _metrics(lake, capsys) == _metrics(clean, capsys)
