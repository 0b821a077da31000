"""`hubcensus forget DATE` (issue 16): a snapshot taken out leaves the store that never had it.

Built from the same monthly folders, a store that forgets one month equals, table for table, the store
ingested without that month: its statistics rows go, the next month's changes are written again against
the month before, ids seen only in it go, first and last sightings move, and the enrichment and the
metrics' intermediates are built again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hubcensus.cli import main
from tests.hubfiles import MONTHS as DAYS
from tests.hubfiles import dump_store
from tests.hubfiles import monthly as month


def build(root: Path, months: list[int], db: Path) -> Path:
    hub = root / f"hub-{'-'.join(map(str, months))}"
    for i in months:
        month(hub, i)
    assert main(["ingest", str(hub), "--db", str(db)]) == 0
    return db


def same_but_paths(a: Path, b: Path) -> bool:
    """Every table equal, but the source paths, which name the folder each store was built from, and the
    store fingerprint the precomputed tables were built against (DuckDB's count of rows ever appended, which
    a forget's deletions keep: bookkeeping, not data — the tables' names, queries and row counts must match)."""
    got, want = dump_store(a), dump_store(b)
    for store in (got, want):
        for table in ("snapshots", "snapshot_sources", "snapshot_kinds"):
            store.pop(table)
        kept = store.get("_hc_precomputed.tables")
        if kept is not None:
            store["_hc_precomputed.tables"] = sorted((r[0], r[1], *r[3:]) for r in kept)
    return got == want


@pytest.mark.parametrize("gone", [1, 3, 0], ids=["middle", "newest", "oldest"])
def test_a_forgotten_snapshot_leaves_the_store_built_without_it(
    tmp_path: Path, gone: int, capsys: pytest.CaptureFixture[str]
) -> None:
    full = build(tmp_path, [0, 1, 2, 3], tmp_path / "full.duckdb")
    without = build(tmp_path, [i for i in range(4) if i != gone], tmp_path / "without.duckdb")
    capsys.readouterr()
    assert main(["forget", DAYS[gone], "--db", str(full), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["taken_at"] == DAYS[gone] and summary["snapshots_left"] == 3
    assert summary["rows"]["snapshots"] == 1 and summary["rows"]["repo_stats"] > 0
    assert same_but_paths(full, without)


def test_forget_refuses_a_date_not_held_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = build(tmp_path, [0], tmp_path / "s.duckdb")
    before = dump_store(db)
    capsys.readouterr()
    assert main(["forget", "2024-06-01", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: 2024-06-01: no such snapshot in {db} (newest held: 2025-01-01)"
    assert main(["forget", "June", "--db", str(db)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert dump_store(db) == before


def test_forget_the_only_snapshot_leaves_an_empty_store_that_still_ingests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = build(tmp_path, [0], tmp_path / "s.duckdb")
    assert main(["forget", DAYS[0], "--db", str(db)]) == 0
    assert "forgotten" in capsys.readouterr().out
    assert main(["status", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["snapshots"] == [] and doc["rows"]["repos"] == 0 and doc["rows"]["repo_stats"] == 0
    assert main(["ingest", str(tmp_path / "hub-0" / DAYS[0]), "--db", str(db)]) == 0


def test_a_forget_killed_before_enriching_says_how_to_finish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = build(tmp_path, [0, 1], tmp_path / "s.duckdb")
    env = {**os.environ, "HUBCENSUS_KILL_AT": "forget:before-enrich"}
    dead = subprocess.run([sys.executable, "-m", "hubcensus.cli", "forget", DAYS[1], "--db", str(db)], env=env)
    assert dead.returncode == 137
    capsys.readouterr()
    assert main(["forget", DAYS[1], "--db", str(db)]) == 2
    assert capsys.readouterr().err.strip().endswith(f"the store is not all enriched: run `hubcensus enrich --db {db}`")
    assert main(["enrich", "--db", str(db)]) == 0
    assert same_but_paths(db, build(tmp_path, [0], tmp_path / "ref.duckdb"))
