"""One state machine for a snapshot (issue 16): ingested → enriched → precomputed, kept in the store.

The issue's repro without a kill: a refused registry used to leave the 12th snapshot committed and never
enriched, and a rerun said "already held — nothing to do". Now the registry is refused before anything
commits, a rerun finishes whatever stage a snapshot lacks, and `status`, `metric` and `report` say when
the store is stale and what to run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.store.schema import SCHEMA_VERSION
from tests.hubfiles import MONTHS as DAYS
from tests.hubfiles import dump_store, model, write_snapshot
from tests.hubfiles import monthly as month


def stages_of(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT s.taken_at, g.stage FROM snapshots s JOIN snapshot_stages g USING (snapshot_id)"
        ).fetchall()
        return {str(d): st for d, st in rows}
    finally:
        con.close()


@pytest.fixture
def eleven(tmp_path: Path) -> tuple[Path, Path]:
    """A store of 11 monthly snapshots, enriched, and the 12th month's folder."""
    db, hub = tmp_path / "s.duckdb", tmp_path / "hub"
    for i in range(11):
        month(hub, i)
    assert main(["ingest", str(hub), "--db", str(db)]) == 0
    return db, month(tmp_path / "later", 11)


def test_a_bad_registry_is_refused_before_the_snapshot_commits_and_a_rerun_enriches(
    eleven: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, twelfth = eleven
    bad = tmp_path / "bad.csv"
    bad.write_text("author,oops\nx,y\n", encoding="utf-8")
    before = dump_store(db)
    capsys.readouterr()
    assert main(["ingest", str(twelfth), "--db", str(db), "--registry", str(bad)]) == 2
    assert "bad.csv: line 1: header must be" in capsys.readouterr().err
    assert dump_store(db) == before  # nothing committed
    assert main(["ingest", str(twelfth), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ingested" in out and "enriched:" in out
    assert set(stages_of(db).values()) == {"precomputed"} and len(stages_of(db)) == 12


def test_a_rerun_on_a_held_but_unenriched_snapshot_finishes_the_stages(
    eleven: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, twelfth = eleven
    assert main(["ingest", str(twelfth), "--db", str(db), "--no-enrich"]) == 0
    assert stages_of(db)[DAYS[11]] == "ingested"
    assert stages_of(db)[DAYS[0]] == "enriched"  # the intermediates were dropped by the ingest's transaction
    capsys.readouterr()
    assert main(["ingest", str(twelfth), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "already held" in out and "enriched:" in out
    assert set(stages_of(db).values()) == {"precomputed"}


def test_an_enrich_failing_after_its_first_commit_keeps_the_enrichment_and_a_rerun_builds_the_rest(
    eleven: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`enrich` commits the enrichment with what it carries, then the intermediates (`pipeline`): a failure
    between the two keeps the first, says the snapshots are enriched, and the next command ends where an
    unbroken run would have."""
    from hubcensus.errors import UserError
    from hubcensus.metrics import precompute

    db, twelfth = eleven
    unbroken = Path(shutil.copy(db, tmp_path / "unbroken.duckdb"))
    assert main(["ingest", str(twelfth), "--db", str(unbroken)]) == 0

    def broken(ctx: object, full: bool) -> None:
        raise UserError("the disk is full")

    labels = [label for label, _ in precompute.STEPS]
    at = labels.index(precompute.CARRIED[-1]) + 1
    monkeypatch.setattr(precompute, "STEPS", (*precompute.STEPS[:at], ("broken", broken), *precompute.STEPS[at:]))
    capsys.readouterr()
    assert main(["ingest", str(twelfth), "--db", str(db)]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert set(stages_of(db).values()) == {"enriched"} and len(stages_of(db)) == 12
    assert main(["status", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["precomputed"] and not any(t["current"] for t in doc["precomputed"])  # the first part's, unstamped
    monkeypatch.undo()
    assert main(["ingest", str(twelfth), "--db", str(db)]) == 0  # held already: the stages it lacks
    assert set(stages_of(db).values()) == {"precomputed"}
    assert dump_store(db) == dump_store(unbroken)


def test_status_metric_and_report_say_stale_with_the_command(
    eleven: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, twelfth = eleven
    assert main(["ingest", str(twelfth), "--db", str(db), "--no-enrich"]) == 0
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["stage"] for s in doc["snapshots"]] == ["enriched"] * 11 + ["ingested"]
    assert f"run `hubcensus enrich --db {db}`" in doc["stale"]
    assert main(["status", "--db", str(db)]) == 0
    assert "stale: snapshot(s) 2025-12-01 ingested but not enriched" in capsys.readouterr().out
    assert main(["metric", "C1", "--db", str(db)]) == 0
    assert "stale: snapshot(s) 2025-12-01 ingested but not enriched" in capsys.readouterr().err
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "r")]) == 0
    assert f"run `hubcensus enrich --db {db}`" in capsys.readouterr().err
    assert main(["enrich", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["metric", "C1", "--db", str(db)]) == 0
    assert "stale" not in capsys.readouterr().err


def test_an_old_store_counts_its_enriched_snapshots_as_enriched(
    eleven: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = eleven
    fresh = tmp_path / "fresh.duckdb"
    assert main(["ingest", str(tmp_path / "later" / DAYS[11]), "--db", str(fresh), "--no-enrich"]) == 0
    for store in (db, fresh):  # make both stores of schema 4
        con = duckdb.connect(str(store))
        con.execute("DROP TABLE snapshot_stages")
        con.execute("DELETE FROM schema_migrations WHERE version >= 5")
        con.close()
    assert main(["status", "--db", str(db)]) == 0  # read-only: upgraded once, then read
    assert set(stages_of(db).values()) == {"enriched"} and len(stages_of(db)) == 11
    assert main(["status", "--db", str(fresh)]) == 0
    assert stages_of(fresh) == {DAYS[11]: "ingested"}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
    con.close()


def test_a_stop_part_way_names_the_snapshots_that_landed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A multi-snapshot ingest that is not file-by-file (one argument naming several snapshots) stops at the
    first refusal after the checks; the error names what went in before it."""
    from hubcensus.errors import UserError
    from hubcensus.sources.snapshot_files import discover
    from hubcensus.store import Store
    from hubcensus.store.ingest import ingest

    hub = tmp_path / "hub"
    for i in range(3):
        month(hub, i)
    # the third month has a row without an id: refused when its rows are read, after the first two committed
    write_snapshot(hub, DAYS[2], models=[model("x/only", 1), model("", 2)])
    snaps = discover(hub)
    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(UserError) as err:
        ingest(store, snaps)
    assert f"ingested before it (kept): {DAYS[0]}, {DAYS[1]}" in str(err.value)


def test_a_file_that_cannot_be_read_is_refused_before_any_snapshot_commits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hubcensus.errors import UserError
    from hubcensus.sources.snapshot_files import discover
    from hubcensus.store import Store
    from hubcensus.store.ingest import ingest

    hub = tmp_path / "hub"
    for i in range(3):
        month(hub, i)
    (hub / DAYS[2] / "models.parquet").write_bytes(b"not parquet at all")
    snaps = discover(hub)
    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(UserError, match="cannot read parquet"):
            ingest(store, snaps)
        assert store.snapshot_ids() == []
