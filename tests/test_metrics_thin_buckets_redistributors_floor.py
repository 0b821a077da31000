"""A1 with a minimum bucket size, A4 without redistributors, S1 with years folded into the createdAt floor
(#17): a figure that rests on too little, on conversions, or on a year the data cannot separate is None with a
note, never a confident number or a 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hubcensus.metrics import REGISTRY
from hubcensus.metrics.adoption import MIN_BUCKET_MODELS
from tests.hubfiles import model, ts
from tests.metricstore import Run, build
from tests.worlds import REAL

B = 1_000_000_000


def sized(repo_id: str, downloads: int, params: int, created: str = "2025-12-01T00:00:00", **kw: Any) -> dict:
    kw["safetensors"] = {"parameters": [("BF16", params)], "total": params}
    return model(repo_id, downloads, downloadsAllTime=downloads, createdAt=ts(created), **kw)


# -- A1 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_big, given", [(MIN_BUCKET_MODELS - 1, False), (MIN_BUCKET_MODELS, True)])
def test_a1_ratio_needs_ten_models_in_each_bucket(tmp_path: Path, n_big: int, given: bool, run: Run) -> None:
    # 1-9B: 12 models 100 … 1200 -> top 10 median (800 + 700) / 2 = 750.
    # >=100B: n_big models 10, 20, … -> with 10: top 10 median (60 + 50) / 2 = 55 -> 750 / 55; with 9: None.
    small = [sized(f"s/m{i:02d}", (i + 1) * 100, 7 * B) for i in range(12)]
    big = [sized(f"b/b{i:02d}", (i + 1) * 10, 200 * B) for i in range(n_big)]
    doc = run(build(tmp_path, {"2026-03-01": {"models": small + big}}), "relative_adoption")
    h = doc["headline"]
    assert h["median_top10_1_9b"] == 750  # the medians are reported whatever the bucket's size
    if given:
        assert h["ratio_1_9b_over_ge100b"] == pytest.approx(750 / 55, abs=1e-4)
        assert not any("not given" in n and "all ages" in n for n in doc["notes"])
    else:
        assert h["median_top10_ge100b"] == 50  # (50 + 40) / 2 over 9 models
        assert h["ratio_1_9b_over_ge100b"] is None
        assert any(f"fewer than {MIN_BUCKET_MODELS} models in a bucket (>=100B 9)" in n for n in doc["notes"])
    # the 90-day figure: every model is 90 days old, same buckets
    assert (h["ratio_1_9b_over_ge100b_at_90d"] is not None) == given
    assert f"at least {MIN_BUCKET_MODELS} models" in REGISTRY["relative_adoption"].definition


# -- A4 -----------------------------------------------------------------------------------------
def test_a4_leaves_redistributors_out(tmp_path: Path, run: Run) -> None:
    # Originals (no declared base) of known size, 5 each: mlx-community and unsloth (registry notes: converters,
    # redistributor) and RichardErkhov (a quantizer) are not developers; mistralai (FR startup) is.
    sizes = [1 * B, 3 * B, 7 * B, 30 * B, 120 * B]
    models = []
    for ns in ("mlx-community", "unsloth", "RichardErkhov", "mistralai"):
        models += [sized(f"{ns}/m{i}", 10, p, created="2025-06-01T00:00:00") for i, p in enumerate(sizes)]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}), "family_size_span")
    assert [r["developer"] for r in doc["rows"]] == ["Mistral AI"]
    assert doc["headline"]["major_developers"] == 1
    assert "redistributors" in REGISTRY["family_size_span"].definition


def test_a4_keeps_an_organisation_whose_other_namespace_quantizes(tmp_path: Path, run: Run) -> None:
    # hugging-quants is Hugging Face's quantization team (a redistributor namespace); Hugging Face's own
    # namespace (HuggingFaceTB) still counts as a developer with its originals.
    sizes = [135_000_000, 360_000_000, 1_700_000_000, 7 * B, 20 * B]
    models = [sized(f"HuggingFaceTB/m{i}", 10, p, created="2025-06-01T00:00:00") for i, p in enumerate(sizes)]
    models += [sized(f"hugging-quants/q{i}", 10, p, created="2025-06-01T00:00:00") for i, p in enumerate(sizes)]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}), "family_size_span")
    assert [(r["developer"], r["originals"]) for r in doc["rows"]] == [("Hugging Face", 5)]


# -- S1 -----------------------------------------------------------------------------------------
def ds(repo_id: str, tags: list[str], created: str) -> dict[str, Any]:
    return {"id": repo_id, "author": repo_id.split("/")[0], "createdAt": ts(created), "tags": tags}


def test_s1_prior_year_folded_into_the_floor_is_not_separable(tmp_path: Path, run: Run) -> None:
    # As of 2023-03-16 the headline year is 2022 ("2022 and before"), against 2021: every 2021 dataset carries
    # the createdAt floor and counts in 2022, so 2021's robotics count is not 0 but unknown.
    rows = [
        ds("a/r1", ["task_categories:robotics"], "2022-03-02T23:29:04"),  # at the floor
        ds("a/r2", ["task_categories:robotics"], "2022-06-01T00:00:00"),
        ds("a/t1", ["task_categories:text-generation"], "2022-07-01T00:00:00"),
    ]
    doc = run(build(tmp_path, {"2023-03-16": {"datasets": rows}}), "dataset_category_growth")
    h = doc["headline"]
    assert (h["year"], h["robotics_datasets"], h["robotics_rank"]) == (2022, 2, 1)
    assert h["robotics_datasets_prior_year"] is None and h["robotics_rank_prior_year"] is None
    assert any("2021 is not separable" in n for n in doc["notes"])


def test_s1_headline_year_before_the_floor_is_not_separable(tmp_path: Path, run: Run) -> None:
    rows = [ds("a/r1", ["task_categories:robotics"], "2022-03-02T23:29:04")]
    doc = run(build(tmp_path, {"2022-06-01": {"datasets": rows}}), "dataset_category_growth")
    h = doc["headline"]
    assert h["year"] == 2021
    assert (h["robotics_datasets"], h["text_generation_datasets"], h["datasets_in_year"], h["categories"]) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.skipif(not (REAL / "datasets-2023-03.parquet").exists(), reason="real samples absent")
def test_s1_on_the_real_2023_listing(tmp_path: Path, capsys) -> None:
    import json

    from hubcensus.cli import main

    db = tmp_path / "real.duckdb"
    assert main(["ingest", str(REAL / "datasets-2023-03.parquet"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["metric", "dataset_category_growth", "--json", "--db", str(db)]) == 0
    h = json.loads(capsys.readouterr().out)["headline"]
    assert h["year"] == 2022 and h["robotics_datasets_prior_year"] is None
