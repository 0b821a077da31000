"""`report --out` is atomic and owns only its files: foreign files survive, a second report is refused,
a killed report leaves the previous one intact."""

from __future__ import annotations

import hashlib
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
from hubcensus.report.build import REPORT_MANIFEST
from tests.hubfiles import model, write_snapshot

# Runs `hubcensus ARGV` with the report's file writer pausing after its first few files: the test
# kills it there (mid-build) or, with SWAP, pausing inside the swap itself.
WRAPPER = textwrap.dedent(
    """
    import sys, time, os
    from pathlib import Path
    import hubcensus.report.build as b

    marker, where = sys.argv[1], sys.argv[2]
    if where == "write":
        orig, count = b._write, [0]

        def slow(path, text):
            orig(path, text)
            count[0] += 1
            if count[0] == 3:
                Path(marker).write_text("started")
                time.sleep(120)

        b._write = slow
    else:  # "carry": after the two renames, before the user's files are back
        orig = b._carry_foreign

        def slow(old, out):
            Path(marker).write_text("started")
            time.sleep(120)

        b._carry_foreign = slow
    from hubcensus.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report-atomic")
    write_snapshot(root / "hub", "2026-01-01", models=[model("a/x", 5), model("b/y", 7)])
    write_snapshot(root / "hub", "2026-02-01", models=[model("a/x", 9), model("b/y", 7), model("c/z", 1)])
    path = root / "s.duckdb"
    assert main(["ingest", str(root / "hub"), "--db", str(path)]) == 0
    return path


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _report(db: Path, out: Path, *extra: str) -> int:
    return main(["report", "--db", str(db), "--out", str(out), *extra])


def _start_paused(tmp_path: Path, db: Path, out: Path, where: str = "write") -> subprocess.Popen[str]:
    marker = tmp_path / f"started-{time.monotonic_ns()}"
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker), where, "report", "--db", str(db), "--out", str(out)],
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


def test_foreign_files_survive_and_stale_report_files_go(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    (out / "charts").mkdir(parents=True)
    (out / "orgs").mkdir()
    (out / "charts" / "mine.svg").write_text("<svg/>", encoding="utf-8")
    (out / "orgs" / "mine.html").write_text("<p>mine</p>", encoding="utf-8")
    (out / "notes").mkdir()
    (out / "notes" / "a.txt").write_text("keep", encoding="utf-8")
    assert _report(db, out) == 0
    assert _report(db, out, "--as-of", "2026-01-15") == 0  # a different report over the first
    assert (out / "charts" / "mine.svg").read_text(encoding="utf-8") == "<svg/>"
    assert (out / "orgs" / "mine.html").read_text(encoding="utf-8") == "<p>mine</p>"
    assert (out / "notes" / "a.txt").read_text(encoding="utf-8") == "keep"
    manifest = json.loads((out / REPORT_MANIFEST).read_text(encoding="utf-8"))["files"]
    assert "index.html" in manifest and "charts/mine.svg" not in manifest
    # a file the previous report wrote and this one does not is removed; the user's are not
    (out / "charts" / "ZZ9.svg").write_text("<svg/>", encoding="utf-8")
    doc = {"files": [*manifest, "charts/ZZ9.svg"]}
    (out / REPORT_MANIFEST).write_text(json.dumps(doc), encoding="utf-8")
    assert _report(db, out) == 0
    assert not (out / "charts" / "ZZ9.svg").exists()
    assert (out / "charts" / "mine.svg").exists() and (out / "notes" / "a.txt").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_a_second_report_is_refused_in_one_line(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report"
    assert _report(db, out) == 0
    before = _tree(out)
    first = _start_paused(tmp_path, db, out)
    try:
        capsys.readouterr()
        assert _report(db, out) == 2
        err = capsys.readouterr().err.strip()
        assert "another hubcensus report is being written there" in err and len(err.splitlines()) == 1
        assert f"(`hubcensus report --db {db} --out {out}`, PID {first.pid})" in err
        assert _tree(out) == before  # the paused one writes elsewhere until it swaps
    finally:
        first.kill()
        first.communicate()
    assert _report(db, out) == 0  # the lock died with it


@pytest.mark.parametrize("where", ["write", "carry"])
def test_a_killed_report_leaves_the_previous_one(db: Path, tmp_path: Path, where: str) -> None:
    out = tmp_path / "report"
    assert _report(db, out, "--as-of", "2026-01-15") == 0
    (out / "charts" / "mine.svg").write_text("<svg/>", encoding="utf-8")
    before = _tree(out)
    proc = _start_paused(tmp_path, db, out, where)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    if where == "write":
        assert _tree(out) == before  # killed mid-build: the previous report, untouched
    assert _report(db, out, "--as-of", "2026-01-15") == 0  # recovers what the kill left, then writes
    assert _tree(out) == before
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
