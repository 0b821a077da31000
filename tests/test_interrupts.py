"""Ctrl-C anywhere: one line (what was kept, how to resume), exit 130, no traceback, the store as it was.

Each command runs in a subprocess that is sent a real SIGINT, either mid-query (a DuckDB query that would
run for minutes, which DuckDB itself turns into an "interrupted" error) or between queries (Python code,
where Python raises KeyboardInterrupt). The slow step is put into the command's own path by a small
wrapper script that patches one function of the library, and says when it has started through a file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.store import Store
from tests.hubfiles import dump_store, model, write_snapshot

LONG_QUERY = "SELECT count(*) FROM range(10000000000) t(x) WHERE x % 7 = 3"

# (command, the module and function to slow down, how to find a DuckDB connection among its arguments)
WRAPPER = textwrap.dedent(
    """
    import importlib, sys, time
    from pathlib import Path

    module, func, how, marker = sys.argv[1:5]
    mod = importlib.import_module(module)
    orig = getattr(mod, func)

    def connection(args):
        for a in args:
            con = getattr(a, "con", a)
            if hasattr(con, "execute"):
                return con
        raise AssertionError("no connection among the arguments")

    def slow(*args, **kwargs):
        Path(marker).write_text("started")
        if how == "query":
            connection(args).execute({query!r}).fetchall()
        elif how == "sleep":
            time.sleep(120)
        return orig(*args, **kwargs)  # how == "mark": only say the command got this far

    setattr(mod, func, slow)
    from hubcensus.cli import main
    sys.exit(main(sys.argv[5:]))
    """
).format(query=LONG_QUERY)


def _interrupt(tmp_path: Path, argv: list[str], patch: tuple[str, str], how: str = "query") -> tuple[int, str]:
    """Run `hubcensus ARGV` (with `patch` slowed down), send SIGINT once the slow step runs; (exit code, stderr)."""
    marker = tmp_path / f"started-{time.monotonic_ns()}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HUBCENSUS_DEBUG", None)
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    cmd = [sys.executable, str(script), patch[0], patch[1], how, str(marker), *argv]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the slow step never started"
        time.sleep(0.05)
    time.sleep(2.5)  # well inside the query (or the sleep), on a busy machine too
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("interrupted"), err
    return lines[0]


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    root = tmp_path / "hub"
    write_snapshot(root, "2026-01-01", models=[model("a/x", 5), model("b/y", 7)])
    return root


@pytest.fixture
def db(tmp_path: Path, hub: Path) -> Path:
    path = tmp_path / "s.duckdb"
    assert main(["ingest", str(hub), "--db", str(path)]) == 0
    return path


def test_sql_mid_query(db: Path, tmp_path: Path) -> None:
    before = dump_store(db)
    # the command's own query is the slow step: the wrapper only marks that the store is being opened
    code, err = _interrupt(
        tmp_path, ["sql", LONG_QUERY, "--db", str(db)], ("hubcensus.store.connection", "_settings"), "mark"
    )
    assert code == 130
    assert "nothing was changed" in _one_line(err)
    assert dump_store(db) == before


@pytest.mark.parametrize("how", ["query", "sleep"])
def test_ingest_mid_snapshot_rolls_back(db: Path, tmp_path: Path, how: str) -> None:
    before = dump_store(db)
    later = tmp_path / "later"
    write_snapshot(later, "2026-02-01", models=[model("a/x", 9), model("c/z", 1)])
    code, err = _interrupt(tmp_path, ["ingest", str(later), "--db", str(db)], ("hubcensus.store.ingest", "_stage"), how)
    assert code == 130
    line = _one_line(err)
    assert "run the same command again" in line
    assert dump_store(db) == before  # the unfinished snapshot rolled back, the store opens
    assert main(["ingest", str(later), "--db", str(db)]) == 0  # and the same command finishes it
    with Store.open(db, read_only=True) as store:
        assert len(store.snapshot_ids()) == 2


@pytest.mark.parametrize("how", ["query", "sleep"])
def test_enrich(db: Path, tmp_path: Path, how: str) -> None:
    before = dump_store(db)
    code, err = _interrupt(tmp_path, ["enrich", "--db", str(db)], ("hubcensus.pipeline", "precompute"), how)
    assert code == 130
    assert "hubcensus enrich" in _one_line(err)
    assert dump_store(db) == before


@pytest.mark.parametrize(
    ("argv", "patch", "says"),
    [
        (["metric", "C1"], ("hubcensus.metrics.run", "run_metric"), "nothing was changed"),
        (["metric", "--all", "--json"], ("hubcensus.metrics.run", "run_metric"), "nothing was changed"),
        (["report", "--out", "{tmp}/report"], ("hubcensus.metrics.run", "run_metric"), "report"),
        (["export", "--lake", "{tmp}/lake"], ("hubcensus.lake", "_fingerprints"), "lake"),
    ],
)
@pytest.mark.parametrize("how", ["query", "sleep"])
def test_readers_and_writers(
    db: Path, tmp_path: Path, argv: list[str], patch: tuple[str, str], says: str, how: str
) -> None:
    before = dump_store(db)
    args = [a.format(tmp=tmp_path) for a in argv] + ["--db", str(db)]
    code, err = _interrupt(tmp_path, args, patch, how)
    assert code == 130
    assert says in _one_line(err)
    assert dump_store(db) == before


def test_ctrl_c_while_the_command_line_is_still_importing_is_one_line_and_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Ctrl-C in the moment before `main` runs (typer, rich and DuckDB importing) printed Python's
    traceback; the console script catches it there too."""
    import importlib

    from hubcensus import entry

    real = importlib.import_module

    def interrupted(name: str, *args: object) -> object:
        if name == "hubcensus.cli":
            raise KeyboardInterrupt
        return real(name, *args)

    monkeypatch.setattr(entry.importlib, "import_module", interrupted)
    with pytest.raises(SystemExit) as stopped:
        entry.run()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "interrupted while starting: nothing was done\n"


def test_the_console_script_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hubcensus import __version__, entry

    monkeypatch.setattr("sys.argv", ["hubcensus", "--version"])
    with pytest.raises(SystemExit) as stopped:
        entry.run()
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"hubcensus {__version__}"
