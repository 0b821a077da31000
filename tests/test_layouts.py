"""The layouts `hubcensus ingest PATH` accepts, and the real samples' own shapes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from hubcensus.cli import main
from hubcensus.errors import UserError
from hubcensus.sources.snapshot_files import date_from_name, discover
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import model, write_jsonl, write_kind, write_snapshot


def ingest_path(db: Path, path: Path, **kw) -> list:
    with Store.open(db) as store:
        return ingest(store, discover(path, **kw))


def one(db: Path, sql: str) -> tuple:
    with Store.open(db, read_only=True) as store:
        return store.con.execute(sql).fetchone()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("models-2022-10.parquet", dt.date(2022, 10, 1)),
        ("transformersjs_05-06-2024.parquet", dt.date(2024, 6, 5)),
        ("snap_2025-02-27_full", dt.date(2025, 2, 27)),
        ("models.parquet", None),
        ("2026-13-45", None),
    ],
)
def test_dates_are_read_from_names(name: str, expected: dt.date | None) -> None:
    found = date_from_name(name)
    assert (found[0] if found else None) == expected


def test_weekly_archive_groups_kinds_of_one_date(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    for day in ("2026-03-08", "2026-03-01"):
        write_kind(root / "models" / day, "models", [model(f"a/{day}", 1)])
        (root / "models" / day / "models.parquet").rename(root / "models" / day / "part-0000.parquet")
        write_kind(root / "datasets" / day, "datasets", [{"id": f"d/{day}", "downloads": 2}])
        (root / "datasets" / day / "datasets.parquet").rename(root / "datasets" / day / "part-0000.parquet")
    # a second part file of one kind with a column the first one lacks (schema drift)
    write_kind(root / "models" / "2026-03-08", "models", [model("b/extra", 3, downloadsAllTime=9)])
    (root / "models" / "2026-03-08" / "models.parquet").rename(root / "models" / "2026-03-08" / "part-0001.parquet")
    snaps = discover(root)
    assert [s.taken_at for s in snaps] == [dt.date(2026, 3, 1), dt.date(2026, 3, 8)]
    assert sorted(k.kind for k in snaps[1].kinds) == ["dataset", "model"]
    db = tmp_path / "s.duckdb"
    results = ingest_path(db, root)
    assert [r.status for r in results] == ["ingested", "ingested"]
    assert one(db, "SELECT count(*) FROM repos") == (5,)
    assert one(db, "SELECT downloads_all_time FROM repo_stats WHERE repo_id = 'b/extra'") == (9,)


def test_folder_of_snapshot_folders_is_ingested_oldest_first(tmp_path: Path) -> None:
    for day in ("2026-02-01", "2025-12-01", "2026-01-01"):
        write_snapshot(tmp_path / "hub", day, models=[model("a/x", int(day[5:7]))])
    results = ingest_path(tmp_path / "s.duckdb", tmp_path / "hub")
    assert [r.taken_at.month for r in results] == [12, 1, 2]


def test_jsonl_dump_of_api_responses(tmp_path: Path) -> None:
    items = [
        {
            "id": "meta-llama/Llama-3.1-8B",
            "author": "meta-llama",
            "createdAt": "2024-07-14T22:20:15.000Z",
            "downloads": 100,
            "downloadsAllTime": 1000,
            "likes": 5,
            "tags": ["llama", "text-generation"],
            "safetensors": {"parameters": {"BF16": 8030261248}, "total": 8030261248},
            "cardData": {"license": "llama3.1", "base_model": ["x/y"]},
            "baseModels": {"relation": "finetune", "models": [{"id": "x/y"}]},
        },
        {"id": "someone/tiny", "createdAt": "2025-01-01T00:00:00Z", "downloads": 0, "cardData": None},
    ]
    write_jsonl(tmp_path / "2026-03-01" / "models.jsonl", items)
    db = tmp_path / "s.duckdb"
    [res] = ingest_path(db, tmp_path / "2026-03-01")
    assert res.kinds[0].rows == 2
    row = one(
        db,
        "SELECT safetensors_params, base_model_ids, base_model_relation, card_data, created_at FROM repos "
        "WHERE repo_id = 'meta-llama/Llama-3.1-8B'",
    )
    assert row[0] == 8030261248 and row[1] == ["x/y"] and row[2] == "finetune"
    assert json.loads(row[3])["license"] == "llama3.1"
    assert row[4] == dt.datetime(2024, 7, 14, 22, 20, 15)


@pytest.mark.parametrize("order", [1, -1])
def test_a_repeated_id_in_jsonl_keeps_the_same_copy_in_any_order(tmp_path: Path, order: int) -> None:
    """JSONL rows carry no row number: the repeated id's rows are told apart by their text, whichever comes first,
    and the ids that repeat nothing are all kept."""
    same = {"lastModified": "2025-05-04T03:02:01Z", "createdAt": "2025-01-01T00:00:00Z"}
    items = [{"id": "a/x", "downloads": 1, **same}, {"id": "a/x", "downloads": 2, **same}, {"id": "a/y", **same}]
    write_jsonl(tmp_path / "2026-03-01" / "models.jsonl", items[:2][::order] + items[2:])
    db = tmp_path / "s.duckdb"
    [res] = ingest_path(db, tmp_path / "2026-03-01")
    assert (res.kinds[0].rows, res.kinds[0].duplicates) == (2, 1)
    assert one(db, "SELECT list(repo_id ORDER BY repo_id), sum(downloads_30d) FROM repo_stats") == (["a/x", "a/y"], 2)


def test_date_comes_from_the_data_when_nothing_names_it(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "dump" / "models.jsonl", [{"id": "a/b", "lastModified": "2025-05-04T03:02:01Z"}])
    [res] = ingest_path(tmp_path / "s.duckdb", tmp_path / "dump")
    assert res.taken_at == dt.date(2025, 5, 4)
    assert any("newest timestamp" in n for n in res.notes)


def test_date_option_wins_over_the_data(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "dump" / "models.jsonl", [{"id": "a/b", "lastModified": "2025-05-04T03:02:01Z"}])
    [res] = ingest_path(tmp_path / "s.duckdb", tmp_path / "dump", date=dt.date(2025, 6, 1))
    assert res.taken_at == dt.date(2025, 6, 1)


def test_a_lone_file_of_unknown_kind_asks_for_kind(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "list-2025-01-01.jsonl", [{"name": "x"}])
    with pytest.raises(UserError, match="--kind"):
        discover(path)


# -- the real samples ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, kind, rows, mapped",
    [
        ("models-2022-07.parquet", "model", 55_524, {"repo_id": "model", "pipeline_tag": "task"}),
        ("models-2022-10.parquet", "model", 74_970, {"repo_id": "modelId", "created_at": "creation_time"}),
        (
            "datasets-2023-03.parquet",
            "dataset",
            24_065,
            {"repo_id": "dataset_name", "created_at": "dataset_creation_time"},
        ),
        ("top-models-2025-03.csv", "model", 999, {"repo_id": "model_id", "num_parameters": "parameters"}),
        ("models-by-task-2025-03.csv", "model", None, {"created_at": "created_at"}),
        ("deepseek-r1-tree-2025-04.csv", "model", None, {"repo_id": "id", "downloads_all_time": "downloads_all_time"}),
    ],
)
def test_real_sample_ingests_with_its_columns_mapped(
    real: Path, tmp_path: Path, name: str, kind: str, rows: int | None, mapped: dict[str, str]
) -> None:
    db = tmp_path / "s.duckdb"
    [res] = ingest_path(db, real / name, kind=kind)
    assert res.status == "ingested"
    [k] = res.kinds
    if rows is not None:
        assert k.rows + k.duplicates == rows
    for store_col, source_col in mapped.items():
        assert k.mapped[store_col] == source_col
    # every repo has a sane id and non-negative downloads
    assert one(db, "SELECT count(*) FROM repos WHERE repo_id IS NULL OR repo_id = ''") == (0,)
    assert one(db, "SELECT count(*) FROM repo_stats WHERE downloads_30d < 0") == (0,)


def test_real_datasets_sample_parses_its_ctime_dates(real: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ingest_path(db, real / "datasets-2023-03.parquet")
    lo, hi, nulls = one(db, "SELECT min(created_at), max(created_at), count(*) FILTER (created_at IS NULL) FROM repos")
    assert dt.datetime(2020, 1, 1) <= lo and hi <= dt.datetime(2023, 3, 17)
    assert nulls == 0


def test_real_top_models_csv_keeps_lineage_tags(real: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    [res] = ingest_path(db, real / "top-models-2025-03.csv")
    assert res.kinds[0].kind == "model"
    n = one(db, "SELECT count(DISTINCT repo_id) FROM tags WHERE tag LIKE 'base_model:%'")[0]
    assert n > 100
    assert one(db, "SELECT complete FROM snapshots")[0] is False  # a top-1000 list is partial


def test_real_trending_series_with_schema_drift(real: Path, tmp_path: Path) -> None:
    """One file of each of the series' schema variants, ingested as a daily series."""
    series = tmp_path / "trending"
    series.mkdir()
    seen: set[tuple[str, ...]] = set()
    for f in sorted((real / "trending-feature-extraction").glob("*.parquet")):
        sig = tuple(str(x.type) for x in pq.read_schema(f))
        if sig not in seen:
            seen.add(sig)
            shutil.copy(f, series / f.name)
    assert len(seen) >= 7
    db = tmp_path / "s.duckdb"
    results = ingest_path(db, series)
    assert len(results) == len(seen) and all(r.status == "ingested" for r in results)
    assert all(not s for s in [one(db, "SELECT bool_or(complete) FROM snapshots")[0]])
    # authorData.type says which namespaces are organisations
    assert one(db, "SELECT count(*) FROM authors WHERE is_org")[0] > 0
    assert one(db, "SELECT count(*) FROM repos WHERE num_parameters IS NOT NULL")[0] > 0


def test_real_api_responses(real: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    for f in sorted((real / "api-responses").glob("trending-*.json")):
        ingest_path(db, f, kind="model")
    assert one(db, "SELECT count(*) FROM snapshots") == (3,)
    for f in sorted((real / "api-responses").glob("model-*.json")):
        [res] = ingest_path(tmp_path / f"{f.stem}.duckdb", f, kind="model", date=dt.date(2025, 1, 1))
        assert res.kinds[0].rows == 1


def test_status_says_what_was_mapped(real: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(real / "models-2022-10.parquet"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "repo_id←modelId" in out and "created_at←creation_time" in out
    assert "absent:" in out and "downloads_all_time" in out
