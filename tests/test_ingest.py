"""Ingesting snapshot files: what lands in the store, change-only statistics, idempotence, order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import dump_store, model, ts, write_kind, write_snapshot


def run(db: Path, path: Path, **kw) -> list:
    with Store.open(db) as store:
        return ingest(store, discover(path, **kw))


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with Store.open(db, read_only=True) as store:
        return store.con.execute(sql, params or []).fetchall()


def test_one_snapshot_folder_lands_with_every_field_mapped(tmp_path: Path) -> None:
    folder = write_snapshot(
        tmp_path / "hub",
        "2026-03-01",
        models=[
            model(
                "Qwen/Qwen3-8B",
                downloads=1000,
                downloadsAllTime=50_000,
                likes=7,
                trendingScore=3,
                tags=["transformers", "base_model:Qwen/Qwen3-8B-Base", "base_model:finetune:Qwen/Qwen3-8B-Base"],
                pipeline_tag="text-generation",
                library_name="transformers",
                safetensors={"parameters": {"BF16": 8_190_735_360}, "total": 8_190_735_360},
                cardData=json.dumps({"base_model": "Qwen/Qwen3-8B-Base", "license": "apache-2.0"}),
                createdAt=ts("2025-04-28T12:00:00"),
            ),
            model(
                "bartowski/Qwen3-8B-GGUF",
                downloads=10,
                gguf={"total": 8_190_735_360, "architecture": "qwen3", "context_length": 32768},
            ),
        ],
        datasets=[
            {
                "id": "lerobot/pusht",
                "tags": ["task_categories:robotics", "LeRobot"],
                "downloads": 5,
                "createdAt": ts("2025-01-01T00:00:00"),
            }
        ],
        spaces=[{"id": "someone/demo", "sdk": "gradio", "models": ["Qwen/Qwen3-8B"], "likes": 2}],
        papers=[
            {
                "paper_id": "2505.09388",
                "paper_title": "Qwen3 Technical Report",
                "paper_upvotes": 250,
                "paper_organization": {"name": "Qwen", "fullname": "Qwen"},
                "paper_authors": [{"name": "A"}, {"name": "B"}],
            }
        ],
    )
    db = tmp_path / "s.duckdb"
    [res] = run(db, folder)
    assert res.status == "ingested" and res.taken_at == dt.date(2026, 3, 1) and res.snapshot_id == 20260301
    row = query(
        db,
        "SELECT author, created_at, pipeline_tag, library_name, safetensors_params, card_data, tags "
        "FROM repos WHERE repo_id = 'Qwen/Qwen3-8B'",
    )[0]
    assert row[0] == "Qwen"
    assert row[1] == dt.datetime(2025, 4, 28, 12, 0)  # stored as UTC wall time
    assert row[2:5] == ("text-generation", "transformers", 8_190_735_360)
    assert json.loads(row[5])["base_model"] == "Qwen/Qwen3-8B-Base"
    assert "base_model:finetune:Qwen/Qwen3-8B-Base" in row[6]
    assert query(db, "SELECT gguf_params FROM repos WHERE repo_id = 'bartowski/Qwen3-8B-GGUF'") == [(8_190_735_360,)]
    assert query(
        db,
        "SELECT downloads_30d, downloads_all_time, likes, trending_score FROM repo_stats WHERE repo_id = 'Qwen/Qwen3-8B'",
    ) == [(1000, 50_000, 7, 3.0)]
    assert query(db, "SELECT linked_models, sdk FROM repos WHERE kind = 'space'") == [(["Qwen/Qwen3-8B"], "gradio")]
    assert query(db, "SELECT tag FROM tags WHERE repo_id = 'lerobot/pusht' ORDER BY tag") == [
        ("LeRobot",),
        ("task_categories:robotics",),
    ]
    assert query(db, "SELECT paper_id, upvotes, organisation, authors FROM papers") == [
        ("2505.09388", 250, "Qwen", ["A", "B"])
    ]
    assert query(db, "SELECT kind, rows FROM snapshot_kinds ORDER BY kind") == [
        ("dataset", 1),
        ("model", 2),
        ("paper", 1),
        ("space", 1),
    ]


def test_reingesting_a_snapshot_is_a_no_op_that_says_so(tmp_path: Path) -> None:
    folder = write_snapshot(tmp_path / "hub", "2026-03-01", models=[model("a/x", 5)])
    db = tmp_path / "s.duckdb"
    run(db, folder)
    before = dump_store(db)
    [again] = run(db, folder)
    assert again.status == "already held"
    assert "already in the store" in again.notes[0]
    assert dump_store(db) == before


def _series(root: Path) -> dict[str, Path]:
    """Three monthly snapshots: x unchanged, y grows, z vanishes in March, w appears in February."""
    return {
        "2026-01-01": write_snapshot(root, "2026-01-01", models=[model("a/x", 5), model("a/y", 10), model("a/z", 1)]),
        "2026-02-01": write_snapshot(
            root, "2026-02-01", models=[model("a/x", 5), model("a/y", 20), model("a/z", 1), model("b/w", 3)]
        ),
        "2026-03-01": write_snapshot(root, "2026-03-01", models=[model("a/x", 5), model("a/y", 30), model("b/w", 3)]),
    }


def test_statistics_are_stored_only_where_they_changed(tmp_path: Path) -> None:
    _series(tmp_path / "hub")
    db = tmp_path / "s.duckdb"
    results = run(db, tmp_path / "hub")
    assert [r.taken_at.isoformat() for r in results] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    rows = query(
        db, "SELECT snapshot_id, repo_id, downloads_30d, deleted FROM repo_stats ORDER BY snapshot_id, repo_id"
    )
    assert rows == [
        (20260101, "a/x", 5, False),
        (20260101, "a/y", 10, False),
        (20260101, "a/z", 1, False),
        (20260201, "a/y", 20, False),
        (20260201, "b/w", 3, False),
        (20260301, "a/y", 30, False),
        (20260301, "a/z", None, True),
    ]
    dense = query(db, "SELECT snapshot_id, repo_id, downloads_30d FROM repo_stats_dense ORDER BY 1, 2")
    assert dense == [
        (20260101, "a/x", 5),
        (20260101, "a/y", 10),
        (20260101, "a/z", 1),
        (20260201, "a/x", 5),
        (20260201, "a/y", 20),
        (20260201, "a/z", 1),
        (20260201, "b/w", 3),
        (20260301, "a/x", 5),
        (20260301, "a/y", 30),
        (20260301, "b/w", 3),
    ]
    assert query(db, "SELECT repo_id, first_seen, last_seen FROM repos ORDER BY 1") == [
        ("a/x", 20260101, 20260301),
        ("a/y", 20260101, 20260301),
        ("a/z", 20260101, 20260201),
        ("b/w", 20260201, 20260301),
    ]


@pytest.mark.parametrize("order", [(2, 0, 1), (1, 2, 0), (2, 1, 0)])
def test_snapshots_out_of_order_give_the_same_store(tmp_path: Path, order: tuple[int, ...]) -> None:
    days = list(_series(tmp_path / "hub"))
    in_order = tmp_path / "in-order.duckdb"
    run(in_order, tmp_path / "hub")
    shuffled = tmp_path / "shuffled.duckdb"
    for i in order:
        run(shuffled, tmp_path / "hub" / days[i])
    a, b = dump_store(in_order), dump_store(shuffled)
    assert a["repo_stats"] == b["repo_stats"]
    assert a["repos"] == b["repos"]
    assert a["snapshots"] == b["snapshots"]


def test_a_partial_listing_never_deletes(tmp_path: Path) -> None:
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/x", 5), model("a/y", 10)])
    db = tmp_path / "s.duckdb"
    run(db, tmp_path / "hub" / "2026-01-01")
    trending = write_kind(tmp_path / "top", "models", [model("a/y", 99)])
    renamed = trending.rename(tmp_path / "top" / "trending-2026-02-01.parquet")
    [res] = run(db, renamed, kind="model")
    assert res.status == "ingested"
    assert query(db, "SELECT complete FROM snapshots WHERE snapshot_id = 20260201") == [(False,)]
    assert query(db, "SELECT count(*) FROM repo_stats WHERE deleted") == [(0,)]
    assert query(db, "SELECT repo_id, downloads_30d FROM repo_stats_dense WHERE snapshot_id = 20260201 ORDER BY 1") == [
        ("a/x", 5),
        ("a/y", 99),
    ]


def test_duplicate_ids_keep_the_latest_row_and_are_counted(tmp_path: Path) -> None:
    folder = write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[
            model("a/x", 1, lastModified=ts("2025-01-01T00:00:00")),
            model("a/x", 2, lastModified=ts("2025-06-01T00:00:00")),
            model("a/y", 3),
        ],
    )
    db = tmp_path / "s.duckdb"
    [res] = run(db, folder)
    assert res.kinds[0].rows == 2 and res.kinds[0].duplicates == 1
    assert query(db, "SELECT downloads_30d FROM repo_stats WHERE repo_id = 'a/x'") == [(2,)]


def test_a_kind_in_two_files_breaks_ties_by_file_and_names_a_bad_row_by_its_own_file(tmp_path: Path) -> None:
    """A row's file is kept as its place in the kind's files (`ingest.KindFiles`), not as the path on every row:
    a tie between two copies still goes to the file later by name, and a message names the file the row is in."""
    from hubcensus.errors import UserError
    from tests.hubfiles import write_jsonl

    same = {"lastModified": "2025-05-04T03:02:01Z", "createdAt": "2025-01-01T00:00:00Z", "tags": []}
    folder = write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[model("a/x", 7, lastModified=ts("2025-05-04T03:02:01"), createdAt=ts("2025-01-01T00:00:00"))],
    )
    write_jsonl(folder / "models.jsonl", [{"id": "a/x", "downloads": 3, **same}, {"id": "a/y", **same}])
    db = tmp_path / "s.duckdb"
    [res] = run(db, folder)
    assert (res.kinds[0].rows, res.kinds[0].duplicates) == (2, 1)
    assert query(db, "SELECT downloads_30d FROM repo_stats WHERE repo_id = 'a/x'") == [(7,)]  # models.parquet's
    write_jsonl(folder / "models.jsonl", [{"id": "a/\u0007bell", **same}])
    with pytest.raises(UserError, match=r"models\.jsonl: the row with id .*field 'id' is not a Hub id"):
        run(tmp_path / "t.duckdb", folder)
    write_jsonl(folder / "models.jsonl", [{"id": "a/y", **same}])
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/x"), model("a/\u0007bell")])
    with pytest.raises(UserError, match=r"models\.parquet: row 2: field 'id' is not a Hub id"):
        run(tmp_path / "u.duckdb", folder)


def test_a_repeated_id_loses_its_older_row_wherever_it_stands(tmp_path: Path) -> None:
    """The older copy second in the file: only that row is left out (the stage reads past it), the rest is whole."""
    folder = write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[
            model("a/x", 2, lastModified=ts("2025-06-01T00:00:00"), pipeline_tag="new"),
            model("a/y", 3),
            model("a/x", 1, lastModified=ts("2025-01-01T00:00:00"), pipeline_tag="old"),
            model("a/z", 4),
        ],
    )
    db = tmp_path / "s.duckdb"
    [res] = run(db, folder)
    assert (res.kinds[0].rows, res.kinds[0].duplicates) == (3, 1)
    assert query(db, "SELECT repo_id, downloads_30d FROM repo_stats ORDER BY 1") == [("a/x", 2), ("a/y", 3), ("a/z", 4)]
    assert query(db, "SELECT pipeline_tag FROM repos WHERE repo_id = 'a/x'") == [("new",)]


def test_repeated_ids_in_two_kinds_of_one_snapshot(tmp_path: Path) -> None:
    """Each kind leaves out its own losing rows (a full-scale day repeats ids among models and spaces alike)."""
    older, newer = ts("2025-01-01T00:00:00"), ts("2025-06-01T00:00:00")
    folder = write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[model("a/x", 1, lastModified=older), model("a/x", 2, lastModified=newer), model("a/y", 3)],
        datasets=[model("d/x", 5, lastModified=newer), model("d/x", 4, lastModified=older)],
    )
    db = tmp_path / "s.duckdb"
    res = run(db, folder)[0]
    assert sorted((k.kind, k.rows, k.duplicates) for k in res.kinds) == [("dataset", 1, 1), ("model", 2, 1)]
    assert query(db, "SELECT kind, repo_id, downloads_30d FROM repo_stats ORDER BY 1, 2") == [
        ("dataset", "d/x", 5),
        ("model", "a/x", 2),
        ("model", "a/y", 3),
    ]


def test_an_older_snapshot_never_overwrites_newer_state(tmp_path: Path) -> None:
    write_snapshot(tmp_path / "hub", "2026-03-01", models=[model("a/x", 5, pipeline_tag="new")])
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/x", 5, pipeline_tag="old")])
    db = tmp_path / "s.duckdb"
    run(db, tmp_path / "hub" / "2026-03-01")
    run(db, tmp_path / "hub" / "2026-01-01")
    assert query(db, "SELECT pipeline_tag, first_seen, last_seen, state_snapshot FROM repos") == [
        ("new", 20260101, 20260301, 20260301)
    ]


def test_absent_optional_columns_are_null(tmp_path: Path) -> None:
    # Before 2025-02-27 the Hub's files have no downloadsAllTime column at all.
    write_kind(
        tmp_path / "2024-06-01",
        "models",
        [model("a/x", 5)],
        drop=("downloadsAllTime", "safetensors", "gguf", "cardData"),
    )
    db = tmp_path / "s.duckdb"
    [res] = run(db, tmp_path / "2024-06-01")
    assert "downloads_all_time" in res.kinds[0].missing
    assert query(db, "SELECT downloads_30d, downloads_all_time FROM repo_stats") == [(5, None)]


def test_authors_are_derived_from_ids_when_absent(tmp_path: Path) -> None:
    write_kind(tmp_path / "2024-06-01", "models", [model("org/m", 1), model("gpt2", 1)], drop=("author",))
    db = tmp_path / "s.duckdb"
    run(db, tmp_path / "2024-06-01")
    assert query(db, "SELECT repo_id, author FROM repos ORDER BY 1") == [("gpt2", None), ("org/m", "org")]
    assert query(db, "SELECT author FROM authors") == [("org",)]


def test_store_is_reopened_without_reapplying_migrations(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        v = store.schema_version()
    with Store.open(db) as store:
        assert store.schema_version() == v
        assert store.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == v


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (1, 2, 0), (2, 1, 0)])
def test_partial_listing_between_complete_snapshots_in_any_order(tmp_path: Path, order: tuple[int, ...]) -> None:
    """Complete January, a partial February listing, complete March: every order gives one store."""
    root = tmp_path / "hub"
    write_snapshot(root, "2026-01-01", models=[model("a/x", 5), model("a/y", 10)])
    feb = write_kind(tmp_path / "top", "models", [model("a/y", 15), model("a/new", 1)]).rename(
        tmp_path / "top" / "top-2026-02-01.parquet"
    )
    write_snapshot(root, "2026-03-01", models=[model("a/x", 5), model("a/y", 20), model("a/new", 2)])
    paths = [(root / "2026-01-01", {}), (feb, {"kind": "model"}), (root / "2026-03-01", {})]
    reference = tmp_path / "ref.duckdb"
    for p, kw in paths:
        run(reference, p, **kw)
    shuffled = tmp_path / "shuffled.duckdb"
    for i in order:
        run(shuffled, paths[i][0], **paths[i][1])
    assert dump_store(reference)["repo_stats"] == dump_store(shuffled)["repo_stats"]
    # the partial listing holds exactly what it listed; March changes only what changed since February
    assert query(shuffled, "SELECT repo_id, downloads_30d FROM repo_stats WHERE snapshot_id = 20260201 ORDER BY 1") == [
        ("a/new", 1),
        ("a/y", 15),
    ]
    assert query(shuffled, "SELECT repo_id, downloads_30d FROM repo_stats WHERE snapshot_id = 20260301 ORDER BY 1") == [
        ("a/new", 2),
        ("a/y", 20),
    ]


def test_an_older_store_is_upgraded_even_by_a_read_only_command(tmp_path: Path) -> None:
    from hubcensus.store.schema import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "old.duckdb"
    import duckdb

    con = duckdb.connect(str(db))  # a store as the first release of hubcensus left it
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL)")
    con.execute(MIGRATIONS[0].sql)
    con.execute("INSERT INTO schema_migrations VALUES (1, 'first')")
    con.close()
    with Store.open(db, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.con.execute("SELECT count(*) FROM crawl_runs").fetchone() == (0,)
