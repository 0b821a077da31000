"""The command line as a user meets it: help, output formats, read-only SQL, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hubcensus.cli import app, main
from tests.hubfiles import model, write_snapshot

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[model("a/x", 5), model("b/y", 7)],
        datasets=[{"id": "d/z", "downloads": 1}],
    )
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage:" in out and "--help" in out


def test_top_level_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out
    assert main(["--version"]) == 0
    assert "hubcensus" in capsys.readouterr().out


def test_status_json_has_the_documented_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    [snap] = doc["snapshots"]
    for key in ("snapshot_id", "taken_at", "source", "models", "datasets", "spaces", "papers"):
        assert key in snap
    assert (snap["taken_at"], snap["models"], snap["datasets"], snap["spaces"]) == ("2026-01-01", 2, 1, 0)
    assert doc["rows"]["repos"] == 3 and doc["rows"]["repo_stats"] == 3


def test_sql_prints_json_and_csv(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    q = "SELECT repo_id, downloads_30d FROM repo_stats WHERE kind = 'model' ORDER BY 1"
    assert main(["sql", q, "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"repo_id": "a/x", "downloads_30d": 5},
        {"repo_id": "b/y", "downloads_30d": 7},
    ]
    assert main(["sql", q, "--db", str(db), "--csv"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [
        ["repo_id", "downloads_30d"],
        ["a/x", "5"],
        ["b/y", "7"],
    ]
    assert main(["sql", q, "--db", str(db)]) == 0
    assert "a/x" in capsys.readouterr().out


def test_sql_is_read_only(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sql", "DELETE FROM repos", "--db", str(db)]) == 2
    assert "read-only" in capsys.readouterr().err.lower()
    assert main(["sql", "SELECT count(*) AS n FROM repos", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 3}]


def test_sql_error_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sql", "SELECT nope FROM repos", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: sql:") and len(err.splitlines()) == 1


def test_store_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no such store" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


def test_db_from_environment(db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HUBCENSUS_DB", str(db))
    capsys.readouterr()
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["store"] == str(db)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest"]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["ingest", "x", "--hub"]) == 2


def test_console_script_runs(db: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "hubcensus.cli", "status", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out)["snapshots"][0]["models"] == 2


def test_duckdb_out_of_memory_is_one_line_and_leaves_the_store(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--json", "--db", str(db)]) == 0
    before = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("HUBCENSUS_MEMORY_LIMIT", "1MB")  # far below what any metric needs
    assert main(["metric", "--all", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err.startswith("error: DuckDB ran out of memory under HUBCENSUS_MEMORY_LIMIT=1MB")
        and len(err.splitlines()) == 1
    )
    monkeypatch.delenv("HUBCENSUS_MEMORY_LIMIT")
    assert main(["status", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == before


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr as a terminal, so that progress is drawn (into the returned buffer)."""
    from rich.console import Console

    import hubcensus.cli
    import hubcensus.cli.loading
    import hubcensus.terminal

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(hubcensus.cli, "err_console", console)
    monkeypatch.setattr(hubcensus.cli.loading, "err_console", console)
    monkeypatch.setattr(hubcensus.terminal, "err_console", console)  # where the bars are drawn
    return screen


def test_progress_on_a_terminal_leaves_stdout_to_the_output(
    db: Path, tmp_path: Path, terminal: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    write_snapshot(tmp_path / "more", "2026-02-01", models=[model("a/x", 9)])
    assert main(["ingest", str(tmp_path / "more"), "--db", str(db)]) == 0
    assert main(["export", "--db", str(db), "--lake", str(tmp_path / "lake")]) == 0
    out = capsys.readouterr().out
    # printed between stages, after each display closed: on stdout, not routed through the display
    assert "2026-02-01: ingested" in out and "enriched:" in out and "exported 2 snapshot(s)" in out
    drawn = terminal.getvalue()
    for stage in ("ingesting 1 snapshot(s)", "enriching", "precomputing", "comparing", "writing"):
        assert stage in drawn


def test_a_crawls_bars_stay_as_its_record(terminal: io.StringIO) -> None:
    from hubcensus.terminal import Bars

    with Bars(kept=True) as bars:
        bars.stage("models (ETA from 2026-03-01's 10)", 10)
        bars.advance(8)
        bars.note("waiting 2s: HTTP 429")
        bars.advance(4)  # the Hub grew since the estimate
        bars.stage("datasets")  # a first crawl: no estimate
        bars.advance(3)
        bars.stage("writing the snapshot of 2026-03-02", 1)
    drawn = terminal.getvalue().rsplit("\r", 1)[-1]  # the display as it was left
    assert "models (ETA from 2026-03-01's 10)" in drawn and "12/12" in drawn  # full at its count
    assert "datasets" in drawn and "3/3" in drawn
    assert "writing the snapshot of 2026-03-02" in drawn and "0/1" in drawn
