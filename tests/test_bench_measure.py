"""The benchmarks' `measure`: one step in its own process, and a time limit that stops what the step started.

`bench_history.py --spark` stops a Spark run that outlasts `--spark-minutes`. Killing only the interpreter
would leave its JVM running, taking the cores from every step measured after it, so the limit must stop the
step's whole process group; these tests pin that down with a step that starts a child of its own.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_ingest import measure


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting for its reaper has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_a_step_reports_its_wall_time_and_peak_rss() -> None:
    run = measure("x = bytearray(50 * 2**20)")
    assert run is not None
    assert 0 < run["seconds"] < 60
    assert run["peak_rss"] >= 50 * 2**20


def test_a_step_over_its_time_limit_is_stopped_with_the_processes_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    code = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid))\n"
        "time.sleep(120)\n"
    )
    started = time.monotonic()
    assert measure(code, timeout=3) is None
    assert time.monotonic() - started < 60
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild)


def test_a_step_within_its_time_limit_reports_as_without_one() -> None:
    run = measure("pass", timeout=60)
    assert run is not None and run["seconds"] < 60
