"""Small snapshots share a transaction: the store is the one one transaction per snapshot makes, and a
refusal still lands exactly the snapshots before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubcensus.errors import UserError
from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from hubcensus.store.ingest import _batches, ingest
from hubcensus.store.inputs import SnapshotInput
from hubcensus.store.state_merge import PendingMerges, merge_state
from tests.hubfiles import dump_store, model, ts, write_snapshot


def _series(root: Path) -> list[SnapshotInput]:
    """Complete listings on the 1st and the 20th, daily partial listings between them (one a second file
    for a date held, one older than the state it names), given out of date order."""
    full = root / "full"
    write_snapshot(full, "2026-01-01", models=[model("a/x", 5), model("a/y", 7), model("b/z", 1)])
    write_snapshot(full, "2026-01-20", models=[model("a/x", 9), model("c/new", 2)])
    days = root / "days"
    write_snapshot(days, "2026-01-02", models=[model("a/x", 6, lastModified=ts("2026-01-02T00:00:00"))])
    write_snapshot(days, "2026-01-03", models=[model("a/y", 8), model("d/w", 3, pipeline_tag="text-generation")])
    write_snapshot(days, "2026-01-05", models=[model("a/x", 6, pipeline_tag="fill-mask")])
    again = root / "again"  # another file for 2026-01-03: merged into the held snapshot
    write_snapshot(again, "2026-01-03", models=[model("a/y", 9), model("e/v", 4)])
    older = root / "older"  # older than a/x's state (from the 5th): its fields must not win
    write_snapshot(older, "2026-01-04", models=[model("a/x", 6, pipeline_tag="text-classification")])
    partial = discover(days, complete=False)
    return [
        *discover(full),
        *partial[:2],
        *discover(again, complete=False),
        partial[2],
        *discover(older, complete=False),
    ]


def _one_call(db: Path, snaps: list[SnapshotInput], **kw: bool) -> list:
    with Store.open(db) as store:
        return ingest(store, snaps, **kw)


def test_small_snapshots_go_in_one_batch(tmp_path: Path) -> None:
    assert _batches(_series(tmp_path), set()) == [list(range(7))]


def test_a_batch_makes_the_store_one_transaction_per_snapshot_makes(tmp_path: Path) -> None:
    snaps = _series(tmp_path / "files")
    together = tmp_path / "together.duckdb"
    _one_call(together, snaps)
    alone = tmp_path / "alone.duckdb"
    for snap in snaps:  # each call a batch of one: its own transaction
        _one_call(alone, [snap])
    assert dump_store(together) == dump_store(alone)
    with Store.open(together, read_only=True) as store:
        repos = {
            r[0]: r[1:]
            for r in store.con.execute(
                "SELECT repo_id, pipeline_tag, first_seen, last_seen, state_snapshot FROM repos"
            ).fetchall()
        }
    # a repo no later listing names keeps its row as its last listing left it
    assert repos["b/z"] == (None, 20260101, 20260101, 20260101)
    assert repos["d/w"] == ("text-generation", 20260103, 20260103, 20260103)
    # an older listing widens nothing and overwrites nothing newer; the newest complete one wins
    assert repos["a/x"] == (None, 20260101, 20260120, 20260120)
    assert repos["e/v"] == (None, 20260103, 20260103, 20260103)


def test_a_refusal_in_a_batch_lands_exactly_the_snapshots_before_it(tmp_path: Path) -> None:
    root = tmp_path / "days"
    write_snapshot(root, "2026-02-01", models=[model("a/x", 1)])
    write_snapshot(root, "2026-02-02", models=[model("a/x", 2), model("", 3)])  # an empty id: refused at staging
    write_snapshot(root, "2026-02-03", models=[model("a/x", 4)])
    snaps = discover(root, complete=False)
    assert len(_batches(snaps, set())) == 1

    db = tmp_path / "s.duckdb"
    with pytest.raises(UserError, match=r"empty id — stopped there; ingested before it \(kept\): 2026-02-01;"):
        _one_call(db, snaps)
    with Store.open(db, read_only=True) as store:
        assert store.snapshot_ids() == [20260201]

    kept_going = tmp_path / "k.duckdb"
    results = _one_call(kept_going, snaps, keep_going=True)
    assert [r.status for r in results] == ["ingested", "refused", "ingested"]
    with Store.open(kept_going, read_only=True) as store:
        assert store.snapshot_ids() == [20260201, 20260203]


@pytest.mark.parametrize("sids", [(20260101, 20260102, 20260102, 20260105), (20260105, 20260101, 20260103, 20260102)])
def test_folding_a_batch_at_once_gives_the_rows_folding_each_listing_gives(tmp_path: Path, sids: tuple) -> None:
    """Authors keep an older non-null field where a newer listing does not say: in date order the batch is
    folded in one pass, out of order one listing at a time; both must give what folding each in turn gives."""
    listings = [
        "SELECT 'a' AS author, true AS is_org, NULL::BOOLEAN AS verified, 'A' AS fullname "
        "UNION ALL SELECT 'b', NULL, true, NULL",
        "SELECT 'a' AS author, NULL::BOOLEAN AS is_org, true AS verified, NULL AS fullname",
        "SELECT 'b' AS author, false AS is_org, NULL::BOOLEAN AS verified, 'B' AS fullname "
        "UNION ALL SELECT 'c', NULL, NULL, 'C'",
        "SELECT 'a' AS author, false AS is_org, NULL::BOOLEAN AS verified, 'A2' AS fullname",
    ]
    cols = ("is_org", "verified", "fullname")
    dumps = []
    for batched in (True, False):
        with Store.open(tmp_path / f"{batched}.duckdb") as store, store.transaction() as con:
            con.execute("INSERT INTO authors VALUES ('a', NULL, false, 'old', 20251201, 20251201, 20251201)")
            folds = PendingMerges(con)
            for sql, sid in zip(listings, sids, strict=True):
                if batched:
                    folds.add("authors", ("author",), cols, sql, sid, fill_nulls=True)
                else:
                    merge_state(con, "authors", ("author",), cols, sql, sid, fill_nulls=True)
            folds.flush()
            dumps.append(sorted(con.execute("SELECT * FROM authors").fetchall(), key=repr))
    assert dumps[0] == dumps[1]
