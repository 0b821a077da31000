"""C2, S1 and S2 on small stores whose right answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hubcensus.metrics import communities
from hubcensus.pipeline import enrich
from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import model, ts
from tests.metricstore import Run, build


def m(
    repo_id: str, d30: int = 0, created: str = "2025-06-01T00:00:00", all_time: int | None = None, **kw: Any
) -> dict[str, Any]:
    return model(repo_id, d30, downloadsAllTime=all_time, createdAt=ts(created), **kw)


def ds(repo_id: str, tags: list[str], created: str = "2025-06-01T00:00:00") -> dict[str, Any]:
    return {"id": repo_id, "author": repo_id.split("/")[0], "createdAt": ts(created), "tags": tags}


# -- C2 -----------------------------------------------------------------------------------------
def c2_models() -> list[dict[str, Any]]:
    return [
        m("ko/base", 100, "2024-01-01T00:00:00", tags=["ko"], pipeline_tag="text-generation"),
        *[
            m(f"ko/ft{i}", 10, "2025-10-01T00:00:00", tags=["ko", "base_model:ko/base"], pipeline_tag="text-generation")
            for i in range(1, 5)
        ],
        m("big/giant", 1_000_000, "2023-01-01T00:00:00", tags=["en"], pipeline_tag="text-generation"),
        m("en/x", 0, "2025-12-01T00:00:00", tags=["en"], pipeline_tag="fill-mask"),
    ]


def test_sub_ecosystems_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    # One snapshot (2026-03-01): downloads are its 30-day counts, one month (February). Old = created before 2025-03-01.
    # Hub total = 100 + 4 x 10 + 1,000,000 + 0 = 1,000,140.
    # language:ko = ko/base + 4 fine-tunes (5 models) + dataset d/ko1: reuse 4 children / 1 base = 4.0;
    #   downloads 140, old 100 -> lasting 0.714 >= 0.5 -> sustained; share 140 / 1,000,140 < 1% -> modest
    # task:text-generation = the five ko models + big/giant (6) + d/ko1: reuse 4.0; lasting 1,000,100 / 1,000,140;
    #   share 1.0 -> sustained, not modest
    # language:en = big/giant + en/x: no derivatives -> not sustained; share 0.99986 -> not modest
    # task:fill-mask (1 model) and domain:medical (0 models, 1 dataset) fall under the minimum of 2 models set here.
    # Overlap over the 7 models in counted communities: all but en/x sit in two (of two types) -> 6/7.
    monkeypatch.setattr(communities, "MIN_MODELS", 2)
    datasets = [
        ds("d/ko1", ["language:ko", "task_categories:text-generation"]),
        ds("d/med", ["medical", "task_categories:question-answering"]),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": c2_models(), "datasets": datasets}}), "sub_ecosystems")
    h = doc["headline"]
    assert (h["communities"], h["language_communities"], h["domain_communities"], h["task_communities"]) == (3, 2, 0, 1)
    assert h["models_in_communities"] == 7
    assert h["multi_community_share"] == pytest.approx(6 / 7, rel=1e-5) and h["cross_type_share"] == pytest.approx(
        6 / 7, rel=1e-5
    )
    assert h["window_months"] == 1
    assert (h["sustained_communities"], h["modest_communities"], h["sustained_modest_communities"]) == (2, 1, 1)
    assert h["sustained_modest"] == ["language:ko"]
    rows = {(r["type"], r["community"]): r for r in doc["rows"]}
    ko = rows[("language", "ko")]
    assert (ko["models"], ko["datasets"], ko["bases"], ko["derivatives"], ko["derivatives_last_year"]) == (
        5,
        1,
        1,
        4,
        4,
    )
    assert ko["derivatives_per_base"] == 4.0 and ko["downloads_window"] == 140
    assert ko["lasting_share"] == pytest.approx(100 / 140, rel=1e-5)
    assert ko["download_share"] == pytest.approx(140 / 1_000_140, rel=1e-5)
    tg = rows[("task", "text-generation")]
    assert (tg["models"], tg["datasets"], tg["sustained_reuse"], tg["modest_downloads"]) == (6, 1, True, False)
    en = rows[("language", "en")]
    assert en["derivatives_per_base"] is None and en["sustained_reuse"] is False
    assert rows[("domain", "medical")]["models"] == 0 and rows[("domain", "medical")]["datasets"] == 1
    assert rows[("domain", "medical")]["counted"] is False and rows[("domain", "medical")]["sustained_reuse"] is None
    assert rows[("task", "question-answering")]["datasets"] == 1
    assert any("one snapshot" in n for n in doc["notes"])


def test_sub_ecosystems_default_minimum_and_no_datasets(tmp_path: Path, run: Run) -> None:
    # with the default minimum of 10 models, none of these communities counts; without a dataset file the
    # communities count models only, and a note says so
    doc = run(build(tmp_path, {"2026-03-01": {"models": c2_models()}}), "sub_ecosystems")
    assert doc["headline"]["communities"] == 0 and doc["headline"]["sustained_modest"] == []
    assert "no snapshot holds datasets" in doc["notes"]
    assert {r["datasets"] for r in doc["rows"]} == {0}


def test_sub_ecosystems_all_zero_downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    # nothing downloaded: no lasting share, no download share -> neither sustained nor modest
    monkeypatch.setattr(communities, "MIN_MODELS", 1)
    models = [
        m("a/base", 0, tags=["ko"]),
        m("a/ft", 0, tags=["ko", "base_model:a/base"]),
        m("a/ft2", 0, tags=["ko", "base_model:a/base"]),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}), "sub_ecosystems")
    ko = next(r for r in doc["rows"] if r["community"] == "ko")
    assert ko["derivatives_per_base"] == 2.0 and ko["lasting_share"] is None and ko["download_share"] is None
    assert (ko["sustained_reuse"], ko["modest_downloads"]) == (False, False)
    assert doc["headline"]["sustained_modest_communities"] == 0


def test_sub_ecosystems_downloads_come_from_the_monthly_series(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    # Snapshots 2026-01-01 (closes December) and 2026-03-01 (closes February); ingested out of order.
    # ko/a: December = its 30-day count 50 (first snapshot); February = all-time 800 - 500 = 300 -> 350, all old.
    # ko/new (created 2026-02-10, after the first snapshot): February = its whole all-time count 40 -> not old.
    # lasting = 350 / 390; window = 2 months (fewer than 3: a note)
    monkeypatch.setattr(communities, "MIN_MODELS", 1)
    db = build(
        tmp_path,
        {
            "2026-03-01": {
                "models": [
                    m("ko/a", 70, "2024-01-01T00:00:00", 800, tags=["ko"]),
                    m("ko/new", 40, "2026-02-10T00:00:00", 40, tags=["ko"]),
                ]
            },
            "2026-01-01": {"models": [m("ko/a", 50, "2024-01-01T00:00:00", 500, tags=["ko"])]},
        },
    )
    doc = run(db, "sub_ecosystems")
    ko = next(r for r in doc["rows"] if r["community"] == "ko")
    assert doc["headline"]["window_months"] == 2 and ko["downloads_window"] == 390
    assert ko["lasting_share"] == pytest.approx(350 / 390, rel=1e-5)
    assert any("shorter than 3 months" in n for n in doc["notes"])


# -- S1 -----------------------------------------------------------------------------------------
def test_dataset_category_growth_by_hand(tmp_path: Path, run: Run) -> None:
    # 2024: text-generation 3, translation 2, robotics 1 -> ranks 1, 2, 3
    # 2025: robotics 3 (two with LeRobot), text-generation 2 (t4, multi), translation 2 (x3, multi) -> 1, 2, 2 (tie)
    #   datasets in 2025 with a category: r2, r3, r4, t4, x3, multi = 6
    # a 2021 robotics dataset counts in 2022 (the createdAt floor); one without a category is not counted;
    # one created in 2026 is outside the headline years
    y24, y25 = "2024-05-01T00:00:00", "2025-05-01T00:00:00"
    rows = [
        ds("a/r1", ["task_categories:robotics"], y24),
        *[ds(f"a/t{i}", ["task_categories:text-generation"], y24) for i in (1, 2, 3)],
        *[ds(f"a/x{i}", ["task_categories:translation"], y24) for i in (1, 2)],
        ds("a/r2", ["task_categories:robotics", "LeRobot"], y25),
        ds("a/r3", ["task_categories:robotics", "LeRobot"], y25),
        ds("a/r4", ["task_categories:robotics"], y25),
        ds("a/t4", ["task_categories:text-generation"], y25),
        ds("a/x3", ["task_categories:translation"], y25),
        ds("a/multi", ["task_categories:text-generation", "task_categories:translation"], y25),
        ds("a/old", ["task_categories:robotics"], "2021-01-01T00:00:00"),
        ds("a/none", ["language:en"], y25),
        ds("a/new", ["task_categories:text-generation"], "2026-01-15T00:00:00"),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"datasets": rows}}), "dataset_category_growth")
    h = doc["headline"]
    assert h == {
        "year": 2025,
        "categories": 3,
        "top_category": "robotics",
        "robotics_datasets": 3,
        "robotics_rank": 1,
        "robotics_datasets_prior_year": 1,
        "robotics_rank_prior_year": 3,
        "robotics_lerobot_share": pytest.approx(2 / 3, rel=1e-5),
        "text_generation_datasets": 2,
        "text_generation_rank": 2,
        "datasets_in_year": 6,
    }
    got = {(r["year"], r["category"]): (r["datasets"], r["rank"]) for r in doc["rows"]}
    assert (
        got[(2022, "robotics")] == (1, 1)
        and got[(2025, "translation")] == (2, 2)
        and got[(2026, "text-generation")] == (1, 1)
    )
    assert got[(2024, "text-generation")] == (3, 1) and len(got) == 8


def test_dataset_category_growth_reads_a_task_column_without_tags(tmp_path: Path, run: Run) -> None:
    # An older dump: no tags, a comma-separated `task` column (the loader maps it to pipeline_tag), 'None' for none.
    # 2022: text-classification {a, b}, translation {b} ; 'None' and the made-up 'not-a-task' are not categories.
    folder = tmp_path / "hub" / "2023-03-16"
    folder.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "id": ["u/a", "u/b", "u/c", "u/d"],
                "createdAt": [ts("2022-05-01T00:00:00")] * 4,
                "downloads": [1, 2, 3, 4],
                "task": ["text-classification", "text-classification,translation", "None", "not-a-task"],
            }
        ),
        folder / "datasets.parquet",
    )
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        ingest(store, discover(tmp_path / "hub"))
        enrich(store)
    doc = run(db, "dataset_category_growth", dt.date(2024, 1, 1))
    assert doc["headline"]["year"] == 2022 and doc["headline"]["top_category"] == "text-classification"
    assert [(r["category"], r["datasets"], r["rank"]) for r in doc["rows"]] == [
        ("text-classification", 2, 1),
        ("translation", 1, 2),
    ]


def test_dataset_category_growth_without_datasets(tmp_path: Path, run: Run) -> None:
    doc = run(build(tmp_path, {"2026-03-01": {"models": [m("a/b")]}}), "dataset_category_growth")
    assert set(doc["headline"].values()) == {None} and doc["notes"] == ["no snapshot holds datasets"]


# -- S2 -----------------------------------------------------------------------------------------
def test_science_releases_by_hand(tmp_path: Path, run: Run) -> None:
    # As of 2026-03-01: last 12 months = 2025-03 … 2026-02, the 12 before = 2024-03 … 2025-02.
    # protein: a/esm2-ft (id, 2025-06), a/x (tag "Protein", 2024-06), a/y (tags protein + chemistry, 2025-07) -> 2 / 1 = 2.0
    # molecules: a/y (2025-07) and d/chem-old (2021 -> the floor month 2022-03) -> 1 / 0 -> None
    # drug discovery: d/drug-targets (2024-05), d/drug-2 (2025-05) -> 1.0
    # medicine: a/med-llama (2025-08) -> 1 / 0 -> None; a/medium-model and a/medusa-heads are not medicine
    # releases: last = 2 + 1 + 1 + 1 = 5, prior = 1 + 1 = 2; only protein grows
    models = [
        m("a/esm2-ft", created="2025-06-01T00:00:00"),
        m("a/x", created="2024-06-01T00:00:00", tags=["Protein"]),
        m("a/y", created="2025-07-01T00:00:00", tags=["protein", "chemistry"]),
        m("a/med-llama", created="2025-08-01T00:00:00"),
        m("a/medium-model", created="2025-08-01T00:00:00"),
        m("a/medusa-heads", created="2025-08-01T00:00:00"),
    ]
    datasets = [
        ds("d/drug-targets", [], "2024-05-01T00:00:00"),
        ds("d/drug-2", [], "2025-05-01T00:00:00"),
        ds("d/chem-old", [], "2021-01-01T00:00:00"),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models, "datasets": datasets}}), "science_releases")
    h = doc["headline"]
    assert (h["releases_last_12m"], h["releases_prior_12m"]) == (5, 2)
    assert (h["protein_growth"], h["molecules_growth"], h["drug_discovery_growth"], h["medicine_growth"]) == (
        2.0,
        None,
        1.0,
        None,
    )
    assert h["growing_domains"] == ["protein"] and h["fastest_growing"] == "protein"
    rows = {(r["domain"], r["month"]): r for r in doc["rows"]}
    assert rows[("protein", "2025-07-01")]["releases"] == 1 and rows[("molecules", "2025-07-01")]["models"] == 1
    assert rows[("molecules", "2022-03-01")]["datasets"] == 1  # the floor month holds the 2021 dataset
    assert rows[("medicine", "2025-08-01")]["releases"] == 1  # med-llama only
    # every domain, every month from 2022-03 to 2026-03 (49 months), zeros included
    assert len(doc["rows"]) == len(communities.SCIENCE) * 49
    assert sum(r["releases"] for r in doc["rows"]) == 8


def test_science_counts_a_repo_once_per_domain_when_its_tags_and_its_id_both_match(tmp_path: Path, run: Run) -> None:
    # a/medical-ft matches medicine twice (the tag `medical` and the id's `medical`), a/protein-esm2 matches
    # protein three ways: each counts once in its domain. (Domains after the first were counted twice, once
    # per match, when the id patterns were a chain of UNION ALL after the tag UNION.)
    models = [
        m("a/medical-ft", created="2025-08-01T00:00:00", tags=["medical", "clinical"]),
        m("a/protein-esm2", created="2025-08-01T00:00:00", tags=["protein"]),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}), "science_releases")
    rows = {(r["domain"], r["month"]): r for r in doc["rows"]}
    assert rows[("medicine", "2025-08-01")]["releases"] == 1
    assert rows[("protein", "2025-08-01")]["releases"] == 1
    assert doc["headline"]["releases_last_12m"] == 2


def test_science_growth_is_none_across_the_created_at_floor(tmp_path: Path, run: Run) -> None:
    # as of 2023-06-01 the earlier window starts 2021-06: it holds the floor month, so no ratio is formed
    doc = run(
        build(tmp_path, {"2023-06-01": {"models": [m("a/protein-x", created="2022-08-01T00:00:00")]}}),
        "science_releases",
    )
    assert doc["headline"]["protein_growth"] is None and doc["headline"]["releases_last_12m"] == 1
    assert any("createdAt floor" in n for n in doc["notes"])


def test_science_keywords_start_words() -> None:
    import re

    def domains(repo_id: str) -> set[str]:
        return {
            k for k, _, _, stems in communities.SCIENCE if re.search(communities.word_regex(stems), repo_id.lower())
        }

    assert domains("org/MedGemma-4b") == {"medicine"}
    assert domains("org/Medium-7B") == set() and domains("org/vicuna-medusa") == set()
    assert domains("facebook/esm2_t6_8M_UR50D") == {"protein"}
    assert domains("emilyalsentzer/Bio_ClinicalBERT") == {"medicine"}  # "_" separates words
    assert domains("org/policlinico") == set()  # "clinic" inside a word is not a keyword
