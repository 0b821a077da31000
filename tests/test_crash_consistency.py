"""Crash consistency (issue 16): kill a command at a named point, run it again, get the store of a run never killed.

Each case runs the real CLI in a subprocess with `HUBCENSUS_KILL_AT=<point>` (`hubcensus.killpoints`: the
process ends with `os._exit(137)` there, as after `kill -9`: no rollback, no cleanup), checks that it did die
there, runs the same command again without the hook, and compares what it leaves — every table of the store
(`dump_store`: the precomputed index without its `built_at`, the only column that says when rather than what),
every table of a lake, the files of a report — with the same command run once, unkilled, from the same start.

Points: inside each ingest transaction (after staging, before the commit), between snapshots, between ingest
and enrichment, inside the enrichment transaction (before and after the intermediates), after its commit;
in a pull (a snapshot's commit, the enrichment); in an export (after a seeded-random unit, before and after the
manifest swap); in a report (before the swap, between its two renames, before the foreign files are carried).

`pytest -s tests/test_crash_consistency.py` prints the crash table (points tried, recovered identical).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.killpoints import ENV, EXIT_CODE
from tests.fakestats import StatsCommit, serving
from tests.hubfiles import MONTHS, dump_store, model, monthly, write_kind

RNG = random.Random(16)  # the "random" passages are drawn once, from a fixed seed: a failure reproduces

TABLE: list[tuple[str, str, bool]] = []  # (command, point, recovered identical)


def cli(args: list[str], kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (ENV, "HUBCENSUS_DEBUG")}
    if kill_at:
        env[ENV] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "hubcensus.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def killed_then_rerun(args: list[str], point: str) -> None:
    """Run `args` killed at `point` (it must die there), then again to its end."""
    dead = cli(args, point)
    assert dead.returncode == EXIT_CODE, f"never reached {point}: exit {dead.returncode}\n{dead.stdout}{dead.stderr}"
    again = cli(args)
    assert again.returncode == 0, f"rerun after a kill at {point} failed:\n{again.stdout}{again.stderr}"


def record(command: str, point: str, same: bool) -> None:
    TABLE.append((command, point, same))
    assert same, f"{command} killed at {point}: the rerun's result differs from an unkilled run's"


@pytest.fixture(scope="module", autouse=True)
def crash_table() -> Iterator[None]:
    yield
    if TABLE:
        lines = [f"{'command':8} {'kill point':32} recovered identical"]
        lines += [f"{c:8} {p:32} {'yes' if s else 'NO'}" for c, p, s in TABLE]
        lines.append(f"crash table: {len(TABLE)} kills tried, {sum(s for *_, s in TABLE)} recovered identical")
        print("\n" + "\n".join(lines))


# -- the starting points, built once ----------------------------------------------------------------
@dataclass
class World:
    root: Path
    one_month: Path  # a store of month 0, enriched
    hub: Path  # months 1-3, as one folder (a multi-snapshot ingest)
    unenriched: Path  # months 0-2 ingested with --no-enrich
    two_months: Path  # months 0-1, enriched
    three_months: Path  # months 0-2, enriched


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("crash")
    months = root / "months"
    for i in range(4):
        monthly(months, i)
    hub = root / "hub"
    for i in (1, 2, 3):
        shutil.copytree(months / MONTHS[i], hub / MONTHS[i])
    w = World(root, root / "one.duckdb", hub, root / "unenriched.duckdb", root / "two.duckdb", root / "three.duckdb")
    assert main(["ingest", str(months / MONTHS[0]), "--db", str(w.one_month)]) == 0
    for i in (0, 1, 2):
        assert main(["ingest", str(months / MONTHS[i]), "--db", str(w.unenriched), "--no-enrich"]) == 0
    for i in (0, 1):
        assert main(["ingest", str(months / MONTHS[i]), "--db", str(w.two_months)]) == 0
    shutil.copy(w.two_months, w.three_months)
    assert main(["ingest", str(months / MONTHS[2]), "--db", str(w.three_months)]) == 0
    return w


def fresh_copy(store: Path, where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(store, where / "s.duckdb"))


_REFERENCES: dict[str, Any] = {}


def reference(key: str, build: Callable[[], Any]) -> Any:
    """What the unkilled command leaves, built once per scenario."""
    if key not in _REFERENCES:
        _REFERENCES[key] = build()
    return _REFERENCES[key]


# -- ingest and enrich ---------------------------------------------------------------------------------
INGEST_POINTS = [
    "ingest:staged",
    "ingest:before-commit",
    f"ingest:committed#{RNG.randint(1, 2)}",
    "ingest:before-commit#3",
    "pipeline:before-enrich",
    "enrich:before-precompute",
    "enrich:carried",
    "enrich:before-commit",
    "enrich:committed",
]


@pytest.mark.parametrize("point", INGEST_POINTS)
def test_ingest_killed_then_rerun_gives_the_same_store(world: World, tmp_path: Path, point: str) -> None:
    def unkilled() -> dict[str, list[tuple]]:
        db = fresh_copy(world.one_month, world.root / "ref-ingest")
        assert cli(["ingest", str(world.hub), "--db", str(db)]).returncode == 0
        return dump_store(db)

    want = reference("ingest", unkilled)
    db = fresh_copy(world.one_month, tmp_path)
    killed_then_rerun(["ingest", str(world.hub), "--db", str(db)], point)
    record("ingest", point, dump_store(db) == want)


@pytest.mark.parametrize("point", ["enrich:before-precompute", "enrich:carried", "enrich:before-commit"])
def test_enrich_killed_then_rerun_gives_the_same_store(world: World, tmp_path: Path, point: str) -> None:
    def unkilled() -> dict[str, list[tuple]]:
        db = fresh_copy(world.unenriched, world.root / "ref-enrich")
        assert cli(["enrich", "--db", str(db)]).returncode == 0
        return dump_store(db)

    want = reference("enrich", unkilled)
    db = fresh_copy(world.unenriched, tmp_path)
    killed_then_rerun(["enrich", "--db", str(db)], point)
    record("enrich", point, dump_store(db) == want)


# -- pull (the fake statistics repo) -------------------------------------------------------------------
def _commits(folder: Path) -> list[StatsCommit]:
    """Three days of the statistics repo, each with a few models whose downloads move."""
    out = []
    for n in range(1, 4):
        rows = [model("Qwen/Qwen3-8B", 100 * n), model("a/ft", n, tags=["base_model:Qwen/Qwen3-8B"])]
        rows += [model(f"someone/m{i}", i * n) for i in range(n + 1)]
        path = write_kind(folder / str(n), "models", rows)
        when = dt.datetime(2026, 1, n, 9, tzinfo=dt.UTC)
        out.append(StatsCommit(when, {"models.parquet": path.read_bytes()}, title=f"Upload {n}"))
    return out


@pytest.mark.parametrize("point", ["ingest:committed#2", "pull:before-enrich", "enrich:before-commit"])
def test_pull_killed_then_rerun_gives_the_same_store(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    args = ["pull", "--every", "day", "--kinds", "models"]
    with serving(monkeypatch, tmp_path, _commits(tmp_path / "files")):

        def unkilled() -> dict[str, list[tuple]]:
            db = world.root / "ref-pull" / "s.duckdb"
            db.parent.mkdir(exist_ok=True)
            assert cli([*args, "--db", str(db)]).returncode == 0
            return dump_store(db)

        want = reference("pull", unkilled)
        db = tmp_path / "s.duckdb"
        killed_then_rerun([*args, "--db", str(db)], point)
    record("pull", point, dump_store(db) == want)


# -- export --------------------------------------------------------------------------------------------
def lake_content(lake: Path) -> dict[str, Any]:
    """Every table and view of a lake as a reader sees it, and the parquet files it holds beyond its manifest's."""
    from hubcensus.lake import files_of, open_duckdb_lake, read_manifest

    doc = read_manifest(lake)
    con = open_duckdb_lake(lake)
    try:
        tables = {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in sorted(doc["tables"])}
    finally:
        con.close()
    listed = {f for t in doc["tables"] for f in files_of(doc, t)}
    extra = sorted(str(p.relative_to(lake)) for p in lake.rglob("*.parquet") if str(p.relative_to(lake)) not in listed)
    return {"tables": tables, "snapshots": doc["snapshots"], "unlisted files": extra}


def _old_lake(world: World) -> Path:
    """The lake of the two-month store: the export under test brings it up to three months."""

    def build() -> Path:
        lake = world.root / "old-lake"
        assert cli(["export", "--lake", str(lake), "--db", str(world.two_months)]).returncode == 0
        return lake

    return reference("old lake", build)


@pytest.mark.parametrize(
    "point", [f"export:unit-written#{RNG.randint(1, 8)}", "export:before-manifest-swap", "export:after-manifest-swap"]
)
def test_export_killed_then_rerun_gives_the_same_lake(world: World, tmp_path: Path, point: str) -> None:
    old = _old_lake(world)

    def unkilled() -> dict[str, Any]:
        lake = world.root / "ref-lake"
        shutil.copytree(old, lake)
        assert cli(["export", "--lake", str(lake), "--db", str(world.three_months)]).returncode == 0
        return lake_content(lake)

    want = reference("export", unkilled)
    lake = tmp_path / "lake"
    shutil.copytree(old, lake)
    killed_then_rerun(["export", "--lake", str(lake), "--db", str(world.three_months)], point)
    record("export", point, lake_content(lake) == want)


# -- report --------------------------------------------------------------------------------------------
def report_content(out: Path) -> dict[str, Any]:
    """The report's files and figures, and anything a swap left beside the folder."""
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    beside = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and "lock" not in p.name)
    return {"files": files, "figures": (out / "figures.json").read_text(encoding="utf-8"), "beside": beside}


@pytest.mark.slow
@pytest.mark.parametrize("point", ["report:between-renames", "report:before-carry"])
def test_report_killed_then_rerun_gives_the_same_report(world: World, tmp_path: Path, point: str) -> None:
    """A previous report (with a file of the user's in it) is replaced by the report of a newer store."""

    def previous() -> Path:
        out = world.root / "old-report"
        assert cli(["report", "--out", str(out), "--db", str(world.two_months)]).returncode == 0
        (out / "charts" / "mine.svg").write_text("<svg/>", encoding="utf-8")  # not the report's: must survive
        return out

    old = reference("old report", previous)

    def unkilled() -> dict[str, Any]:
        out = world.root / "ref-report" / "report"
        shutil.copytree(old, out)
        assert cli(["report", "--out", str(out), "--db", str(world.three_months)]).returncode == 0
        return report_content(out)

    want = reference("report", unkilled)
    out = tmp_path / "report"
    shutil.copytree(old, out)
    killed_then_rerun(["report", "--out", str(out), "--db", str(world.three_months)], point)
    got = report_content(out)
    assert "charts/mine.svg" in got["files"]
    record("report", point, got == want)


def test_an_unset_or_other_point_never_kills(world: World, tmp_path: Path) -> None:
    """The hook is inert unless it names the point passed (and the passage, when given)."""
    db = fresh_copy(world.one_month, tmp_path)
    done = cli(["ingest", str(world.hub), "--db", str(db)], "ingest:committed#9")
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 4
    finally:
        con.close()
