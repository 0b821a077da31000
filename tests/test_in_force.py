"""The statistics in force now (`store.in_force`) stay equal to each repo's newest `repo_stats` row: taken up
day by day, across a snapshot slotted in before others, a partial listing and a forgotten day."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.store.in_force import META, TABLE

SMALL = ["--models", "300", "--datasets", "40", "--spaces", "40", "--papers", "20", "--seed", "3"]
NEWEST = """
    SELECT s.kind, s.repo_id, s.snapshot_id, s.downloads_30d, s.downloads_all_time, s.likes, s.trending_score, s.deleted
    FROM (SELECT kind, repo_id, max(snapshot_id) AS sid FROM repo_stats GROUP BY kind, repo_id) n
    JOIN repo_stats s ON s.kind = n.kind AND s.repo_id = n.repo_id AND s.snapshot_id = n.sid
"""


def kept_and_newest(db: Path) -> tuple[list[tuple], list[tuple], int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        kept = sorted(con.execute(f"SELECT * FROM {TABLE}").fetchall(), key=repr)
        newest = sorted(con.execute(NEWEST).fetchall(), key=repr)
        stamped = con.execute(f"SELECT stats_rows FROM {META}").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM repo_stats").fetchone()[0]
    return kept, newest, stamped, rows


def assert_in_force(db: Path) -> None:
    kept, newest, stamped, rows = kept_and_newest(db)
    assert (stamped, len(kept)) == (rows, len(newest))
    assert kept == newest


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    hub = tmp_path_factory.mktemp("in-force") / "hub"
    assert main(["generate", "--out", str(hub), "--snapshots", "6", "--every", "day", *SMALL]) == 0
    return sorted(hub.iterdir())


def test_in_force_follows_every_way_a_store_changes(days: list[Path], tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    for day in days[:3]:  # day by day: each snapshot's rows taken in
        assert main(["ingest", str(day), "--db", db]) == 0
        assert_in_force(Path(db))
    assert main(["ingest", str(days[4]), "--db", db]) == 0
    assert main(["ingest", str(days[3]), "--db", db]) == 0  # slotted in before a later one
    assert_in_force(Path(db))
    partial = tmp_path / "top" / days[5].name
    partial.mkdir(parents=True)
    (partial / "models.parquet").symlink_to(days[5] / "models.parquet")
    assert main(["ingest", str(partial), "--partial", "--db", db]) == 0  # a listing of models only, partial
    assert_in_force(Path(db))
    assert main(["forget", days[1].name, "--db", db]) == 0
    assert_in_force(Path(db))
