"""C1, G1, G2 on stores whose right answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hubcensus.errors import UserError
from hubcensus.store import Store
from tests.hubfiles import model, ts
from tests.metricstore import Run, build


def m(repo_id: str, all_time: int | None, d30: int = 0, created: str = "2025-06-01T00:00:00", **kw) -> dict:
    return model(repo_id, d30, downloadsAllTime=all_time, createdAt=ts(created), **kw)


# -- C1 -----------------------------------------------------------------------------------------
def test_concentration_by_hand(tmp_path: Path, run: Run) -> None:
    # all-time downloads 0, 100, 199, 200, 1000: n = 5, total = 1499
    # under 200: 0, 100, 199 -> 3/5 = 0.6;  top 200 = everything -> 1.0
    # top 0.01% = max(1, round(5 * 0.0001)) = 1 model -> 1000/1499 = 0.667111
    # Gini, ascending x: sum(i * x_i) = 0 + 200 + 597 + 800 + 5000 = 6597
    #   G = 2 * 6597 / (5 * 1499) - 6/5 = 1.760374 - 1.2 = 0.560374
    db = build(
        tmp_path, {"2026-03-01": {"models": [m("a/a", 0), m("a/b", 100), m("a/c", 199), m("a/d", 200), m("a/e", 1000)]}}
    )
    doc = run(db, "download_concentration")
    h = doc["headline"]
    assert list(h) == ["models", "downloads_field", "share_under_200", "top_200_share", "top_0_01pct_share", "gini"]
    assert h["models"] == 5 and h["downloads_field"] == "downloadsAllTime"
    assert h["share_under_200"] == pytest.approx(0.6)
    assert h["top_200_share"] == pytest.approx(1.0)
    assert h["top_0_01pct_share"] == pytest.approx(1000 / 1499, rel=1e-5)
    assert h["gini"] == pytest.approx(0.560374, abs=1e-5)
    # Lorenz: the least-downloaded 20% (model a/a) hold 0; 60% hold (0 + 100 + 199) / 1499
    lorenz = {r["models_share"]: r["downloads_share"] for r in doc["rows"]}
    assert lorenz[0.2] == 0 and lorenz[0.6] == pytest.approx(299 / 1499, rel=1e-5) and lorenz[1.0] == pytest.approx(1.0)
    assert doc["snapshots"] == ["2026-03-01"] and doc["queries"]


def test_concentration_uses_30_day_downloads_before_all_time_existed(tmp_path: Path, run: Run) -> None:
    # 2024: no downloadsAllTime column; 30-day counts 300 and 100 -> under 200: 1/2; top 1 = 300/400
    db = build(tmp_path, {"2024-06-01": {"models": [m("a/a", None, 300), m("a/b", None, 100)]}})
    h = run(db, "download_concentration")["headline"]
    assert h["downloads_field"] == "downloads"
    assert (h["share_under_200"], h["top_0_01pct_share"]) == (0.5, 0.75)


def test_ties_at_the_top_200_boundary(tmp_path: Path, run: Run) -> None:
    # 201 models tied at 10 downloads, one at 1000: total 3010; top 200 = 1000 + 199 * 10 = 2990
    models = [m(f"u/t{i:03d}", 10) for i in range(201)] + [m("a/top", 1000)]
    h = run(build(tmp_path, {"2026-03-01": {"models": models}}), "download_concentration")["headline"]
    assert h["top_200_share"] == pytest.approx(2990 / 3010, rel=1e-6)
    # Gini of 201 x 10 and 1 x 1000 over n = 202: sum(i x_i) = 10 * (201*202/2) + 202 * 1000 = 405010
    #   G = 2 * 405010 / (202 * 3010) - 203/202 = 1.332225 - 1.004950 = 0.327275
    assert h["gini"] == pytest.approx(0.327275, abs=1e-5)


def test_all_zero_downloads_and_one_model(tmp_path: Path, run: Run) -> None:
    h = run(build(tmp_path, {"2026-03-01": {"models": [m("a/a", 0), m("a/b", 0)]}}), "download_concentration")[
        "headline"
    ]
    assert h["share_under_200"] == 1.0 and h["top_200_share"] is None and h["gini"] is None
    h1 = run(build(tmp_path / "one", {"2026-03-01": {"models": [m("a/a", 50)]}}), "download_concentration")["headline"]
    assert (h1["models"], h1["top_200_share"], h1["gini"]) == (1, 1.0, 0.0)


def test_missing_counts_are_zero_and_authorless_models_count(tmp_path: Path, run: Run) -> None:
    # gpt2 has no author; a/b has no count (NULL -> 0): total 500, under 200: a/b -> 1/2
    h = run(build(tmp_path, {"2026-03-01": {"models": [m("gpt2", 500), m("a/b", None)]}}), "download_concentration")[
        "headline"
    ]
    assert (h["models"], h["share_under_200"], h["top_0_01pct_share"]) == (2, 0.5, 1.0)


def test_as_of_picks_the_snapshot_and_out_of_order_ingest_changes_nothing(tmp_path: Path, run: Run) -> None:
    snaps = {
        "2026-03-01": {"models": [m("a/a", 1000), m("a/b", 10)]},
        "2026-01-01": {"models": [m("a/a", 100), m("a/b", 100)]},
    }
    db = build(tmp_path, snaps)
    assert run(db, "download_concentration", dt.date(2026, 2, 15))["headline"]["top_0_01pct_share"] == 0.5
    assert run(db, "download_concentration")["headline"]["top_0_01pct_share"] == pytest.approx(1000 / 1010, rel=1e-6)
    with pytest.raises(UserError, match="no snapshot on or before"):
        run(db, "download_concentration", dt.date(2020, 1, 1))


def test_empty_store_is_a_clear_error(tmp_path: Path, run: Run) -> None:
    from hubcensus.pipeline import enrich

    with Store.open(tmp_path / "e.duckdb") as store:
        enrich(store)
    with pytest.raises(UserError, match="no snapshot"):
        run(tmp_path / "e.duckdb", "download_concentration")


# -- G1 -----------------------------------------------------------------------------------------
def test_growth_by_hand(tmp_path: Path, run: Run) -> None:
    # As of 2026-03-01: models created 2021 (floor -> 2022-03), 2025-03-10, 2025-06-01, 2026-02-01 (two authors: a, b)
    # cumulative in 2025-03: 2 (floor + March 2025); in 2026-03: 4 -> yoy 4/2 = 2.0
    # authors of any kind: a first 2021 (-> 2022-03), b first 2025-06, d (the dataset's) first 2025-06
    #   -> 2025-03: 1, 2026-03: 3 -> yoy 3.0
    models = [
        m("a/old", 1, created="2021-01-01T00:00:00"),
        m("a/x", 1, created="2025-03-10T00:00:00"),
        m("b/y", 1, created="2025-06-01T00:00:00"),
        m("a/z", 1, created="2026-02-01T00:00:00"),
    ]
    doc = run(
        build(
            tmp_path,
            {"2026-03-01": {"models": models, "datasets": [{"id": "d/one", "createdAt": ts("2025-06-01T00:00:00")}]}},
        ),
        "hub_growth",
    )
    h = doc["headline"]
    assert (h["models"], h["models_yoy"], h["authors"], h["authors_yoy"]) == (4, 2.0, 3, 3.0)
    assert h["datasets"] == 1 and h["datasets_yoy"] is None  # none a year before
    assert h["spaces"] is None  # no spaces file: the store cannot say
    assert h["since"] == "2022-03-01"
    first = [r for r in doc["rows"] if r["kind"] == "model"][0]
    assert first == {"month": "2022-03-01", "kind": "model", "new": 1, "cumulative": 1}


def test_growth_leaves_out_repos_deleted_before_the_snapshot(tmp_path: Path, run: Run) -> None:
    snaps = {
        "2026-01-01": {
            "models": [m("a/x", 1, created="2025-01-01T00:00:00"), m("a/gone", 1, created="2025-01-01T00:00:00")]
        },
        "2026-02-01": {"models": [m("a/x", 1, created="2025-01-01T00:00:00")]},
    }
    db = build(tmp_path, snaps)
    assert run(db, "hub_growth")["headline"]["models"] == 1
    assert run(db, "hub_growth", dt.date(2026, 1, 1))["headline"]["models"] == 2


# -- G2 -----------------------------------------------------------------------------------------
def test_derivative_share_by_hand(tmp_path: Path, run: Run) -> None:
    # Last 12 months to 2026-03: base (not derivative), ft (finetune), q (quantized), mg (merge of base + ft)
    # -> 4 new, 3 derivatives -> 0.75; finetune 1/4, quantized 1/4, merge 1/4, adapter 0
    # Prior 12 months: old base only -> 0 derivatives -> share 0.0
    models = [
        m("o/base", 1, created="2025-06-01T00:00:00"),
        m("u/ft", 1, created="2025-07-01T00:00:00", tags=["base_model:o/base", "base_model:finetune:o/base"]),
        m("u/q-GGUF", 1, created="2025-08-01T00:00:00", tags=["base_model:u/ft"]),
        m("u/mg", 1, created="2026-01-01T00:00:00", tags=["base_model:merge:o/base", "base_model:merge:u/ft"]),
        m("o/older", 1, created="2024-06-01T00:00:00"),
    ]
    h = run(build(tmp_path, {"2026-03-01": {"models": models}}), "derivative_share")["headline"]
    assert h["new_models_last_12m"] == 4 and h["derivative_share_last_12m"] == 0.75
    assert (
        h["finetune_share_last_12m"],
        h["quantized_share_last_12m"],
        h["merge_share_last_12m"],
        h["adapter_share_last_12m"],
    ) == (0.25, 0.25, 0.25, 0.0)
    assert h["derivative_share_prior_12m"] == 0.0
