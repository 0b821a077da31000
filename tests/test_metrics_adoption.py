"""A1–A4 on stores whose right answers are worked out by hand in the comments.

Sizes come from each model's safetensors total (the first source enrich.sizes reads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hubfiles import model, ts
from tests.metricstore import DUCKDB_ONLY, Run, build

B = 1_000_000_000


def m(
    repo_id: str,
    all_time: int | None,
    d30: int = 0,
    created: str = "2025-06-01T00:00:00",
    params: int | None = None,
    **kw,
) -> dict:
    if params is not None:
        kw["safetensors"] = {"parameters": [("BF16", params)], "total": params}
    return model(repo_id, d30, downloadsAllTime=all_time, createdAt=ts(created), **kw)


# -- A1 -----------------------------------------------------------------------------------------
def test_relative_adoption_cross_sectional_by_hand(tmp_path: Path, run: Run) -> None:
    # One snapshot, 2026-03-01. 1-9B: twelve models with 100, 200, ..., 1200 downloads; eleven created 2025-12-01
    # (age 31 + 31 + 28 = 90 days), s11 (1200) at 2021 (before the createdAt floor: no known age).
    #   all ages: top 10 = 1200 ... 300 -> median (800 + 700) / 2 = 750, 10th = 300
    #   age 90:   top 10 of 100 ... 1100 = 1100 ... 200 -> median (700 + 600) / 2 = 650
    # >=100B: 100, 200, 400 (age 90) -> median 200, no 10th.  <1B: one model, 50.  One model has no size.
    small = [m(f"s/m{i:02d}", (i + 1) * 100, created="2025-12-01T00:00:00", params=7 * B) for i in range(11)]
    small.append(m("s/m11", 1200, created="2021-01-01T00:00:00", params=7 * B))
    big = [m(f"b/b{i}", d, created="2025-12-01T00:00:00", params=200 * B) for i, d in enumerate((100, 200, 400))]
    other = [m("t/tiny", 50, params=100_000_000), m("n/unsized", 10_000)]
    doc = run(build(tmp_path, {"2026-03-01": {"models": small + big + other}}), "relative_adoption")
    h = doc["headline"]
    assert (h["mode"], h["downloads_field"], h["models_sized"], h["models_unsized"]) == (
        "cross-sectional",
        "downloadsAllTime",
        16,
        1,
    )
    assert (h["median_top10_1_9b"], h["tenth_1_9b"], h["median_top10_ge100b"], h["tenth_ge100b"]) == (
        750,
        300,
        200,
        None,
    )
    assert (h["median_top10_lt1b"], h["median_top10_10_99b"]) == (50, None)
    # 750 / 200 and 650 / 200 would rest on 3 models >= 100B: below MIN_BUCKET_MODELS, no ratio (#17)
    assert h["ratio_1_9b_over_ge100b"] is None and h["ratio_1_9b_over_ge100b_v2"] is None
    assert h["ratio_1_9b_over_ge100b_at_90d"] is None and h["ratio_1_9b_over_ge100b_at_365d"] is None
    top = next(r for r in doc["rows"] if r["bucket"] == "1-9B" and r["age_days"] == "all" and r["rank"] == 1)
    # s/m11: 1200 / 750 = 1.6 (v1), 1200 / 300 = 4 (v2), among 12 models of the bucket
    assert (top["repo_id"], top["models"], top["relative_adoption_v1"], top["relative_adoption_v2"]) == (
        "s/m11",
        12,
        1.6,
        4.0,
    )
    assert any("cross-sectional" in n for n in doc["notes"])


@DUCKDB_ONLY  # A1 over a series: ~25-35 s of Spark CPU
def test_relative_adoption_from_a_series_by_hand(tmp_path: Path, run: Run) -> None:
    # Created 2025-02-22: a/small (7B) and b/big (120B); created 2025-01-25: c/old (3B).
    # Ages at the snapshots (days): a, b: 03-01 -> 7, 03-15 -> 21, 04-01 -> 38;  c: 02-01 -> 7, 03-01 -> 35, 03-15 -> 49, 04-01 -> 66
    # d=7 (±4):  a 100, b 10, c 70 (02-01 has no all-time count, but c is 7 days old: its 30-day count is its whole life)
    # d=14 (±7): a: ages 7 and 21 are equally close -> the earlier, 100 (not 300); c 70
    # d=30 (±15): a: 38 (8 away) beats 21 (9 away) -> 1000; b 400; c: 35 -> 500
    # d=60 (±15): c: 66 (6 away) beats 49 (11 away) -> 900; a, b: no snapshot near enough
    def snap(a: int | None, b: int | None, c_at: int | None, c_30: int) -> list[dict]:
        rows = [m("c/old", c_at, c_30, created="2025-01-25T00:00:00", params=3 * B)]
        if a is not None:
            rows += [
                m("a/small", a, a, created="2025-02-22T00:00:00", params=7 * B),
                m("b/big", b, b, created="2025-02-22T00:00:00", params=120 * B),
            ]
        return rows

    snaps = {  # out of order on purpose: the series is ordered by date, not by ingest
        "2025-04-01": {"models": snap(1000, 400, 900, 300)},
        "2025-02-01": {"models": snap(None, None, None, 70)},
        "2025-03-15": {"models": snap(300, 50, 600, 300)},
        "2025-03-01": {"models": snap(100, 10, 500, 400)},
    }
    doc = run(build(tmp_path, snaps), "relative_adoption")
    ref = {(r["bucket"], r["age_days"]): r["median_top10"] for r in doc["rows"]}
    assert ref[("1-9B", "7")] == 85 and ref[(">=100B", "7")] == 10  # (100 + 70) / 2
    assert ref[("1-9B", "14")] == 85
    assert ref[("1-9B", "30")] == 750 and ref[(">=100B", "30")] == 400  # (1000 + 500) / 2
    assert ref[("1-9B", "60")] == 900 and (">=100B", "60") not in ref
    h = doc["headline"]
    # as of 2025-04-01: 1-9B median of 1000 and 900 = 950; >=100B 400 -> 2.375 on 2 and 1 models: no ratio (#17)
    assert (h["mode"], h["ratio_1_9b_over_ge100b"]) == ("series", None)
    assert len(doc["snapshots"]) == 4


# -- A2 -----------------------------------------------------------------------------------------
@DUCKDB_ONLY  # A2: ~30-55 s of Spark CPU, one query alone ~100 jobs
def test_engagement_lifetime_by_hand(tmp_path: Path, run: Run) -> None:
    # Six monthly snapshots closing March ... August 2025; releases from March to May (3 later months) count.
    # p (created 03-10): monthly 100 (Mar, the 30-day count at the first snapshot), 300, 100, 200, 50, 0
    #    -> peak month 1; month 2 (100 < 150) falls: lifetime 2 months
    # q (created 04-20): 500, 400, 300, 260, 251 -> peak month 0; never below 250: censored
    # r (created 05-05): 10, 1000, 400, 600 -> peak month 1; month 2 (400 < 500): lifetime 2
    # z (created 03-20): nothing ever -> left out.  s (created 06-10): too late.  t (2024): before the series.
    # models 3; peak mean (1 + 0 + 1) / 3; lifetime mean over p, r = 2 months = 8.7 weeks;
    # median over 3 with q above all: 2 months; censored 1/3; from the peak: 1 month each
    # likes: p has 10, 30, 32, 32, 32, 32 -> gains 10, 20, 2, 0, 0, 0: peak month 1, below 10 in month 2
    cum = {  # all-time counts at each snapshot, from the monthly downloads above
        "p": [100, 400, 500, 700, 750, 750],
        "q": [None, 500, 900, 1200, 1460, 1711],
        "r": [None, None, 10, 1010, 1410, 2010],
    }
    month = {
        "p": [100, 300, 100, 200, 50, 0],
        "q": [None, 500, 400, 300, 260, 251],
        "r": [None, None, 10, 1000, 400, 600],
    }
    created = {"p": "2025-03-10", "q": "2025-04-20", "r": "2025-05-05"}
    p_likes = [10, 30, 32, 32, 32, 32]
    snaps = {}
    for i, day in enumerate(["2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01"]):
        rows = [
            m(f"x/{k}", cum[k][i], month[k][i], created=created[k] + "T00:00:00", likes=p_likes[i] if k == "p" else 0)
            for k in cum
            if cum[k][i] is not None
        ]
        rows += [m("x/z", 0, 0, created="2025-03-20T00:00:00"), m("x/t", 10 * i, 10, created="2024-01-01T00:00:00")]
        if i >= 3:
            rows.append(m("x/s", 1000 * i, 1000, created="2025-06-10T00:00:00"))
        snaps[day] = {"models": rows}
    doc = run(build(tmp_path, snaps), "engagement_lifetime")
    h = doc["headline"]
    assert (h["resolution"], h["fraction"], h["released_from"], h["released_to"]) == (
        "monthly",
        0.5,
        "2025-03-01",
        "2025-05-01",
    )
    assert h["models"] == 3 and h["peak_month_mean"] == pytest.approx(2 / 3, rel=1e-5)
    assert h["peak_within_1_month_share"] == 1.0
    assert (h["lifetime_months_mean"], h["lifetime_weeks_mean"], h["lifetime_weeks_median"]) == (2.0, 8.7, 8.7)
    # from the peak: p and r both fall one month after peaking -> 4.35 weeks
    assert (h["lifetime_weeks_mean_from_peak"], h["lifetime_weeks_median_from_peak"]) == (4.35, 4.35)
    assert h["censored_share"] == pytest.approx(1 / 3, rel=1e-5)
    assert (h["likes_models"], h["likes_peak_month_mean"], h["likes_lifetime_weeks_mean"]) == (1, 1.0, 8.7)
    q = [r for r in doc["rows"] if r["signal"] == "downloads" and r["fall_month"] is None and r["engaged"]]
    assert q == [
        {"signal": "downloads", "peak_month": 0, "fall_month": None, "observed_months": 4, "engaged": True, "models": 1}
    ]
    assert any("1 released model(s) had no downloads" in n for n in doc["notes"])


# -- A3 -----------------------------------------------------------------------------------------
def test_downloaded_size_from_the_monthly_series_by_hand(tmp_path: Path, run: Run) -> None:
    # Snapshots 2025-12-01 (closes Nov: 30-day counts), 2026-01-01 (Dec: all-time differences), 2026-02-01 (Jan).
    # 2025 weights: x (1B) 100 + 300 = 400; y (100B) 50 + 100 = 150; v (300M) 30 + 50 = 80; w (no size) 200 + 250 = 450
    #   mean = (400e9 + 150e11 + 80 * 3e8) / 630 = 1.5424e13 / 630 = 24,482,539,682.5
    #   median: by size v (80), x (cum 480 >= 315) -> 1B;  sized share 630 / 1080
    # 2026 (January): only x, 100 -> mean = median = 1B, sized share 1
    snaps = {
        "2025-12-01": {
            "models": [
                m("a/x", 1000, 100, params=B),
                m("a/y", 50, 50, params=100 * B),
                m("a/v", 500, 30, params=300_000_000),
                m("a/w", 0, 200),
            ]
        },
        "2026-01-01": {
            "models": [
                m("a/x", 1300, 300, params=B),
                m("a/y", 150, 100, params=100 * B),
                m("a/v", 550, 50, params=300_000_000),
                m("a/w", 250, 250),
            ]
        },
        "2026-02-01": {
            "models": [
                m("a/x", 1400, 100, params=B),
                m("a/y", 150, 0, params=100 * B),
                m("a/v", 550, 0, params=300_000_000),
                m("a/w", 250, 0),
            ]
        },
    }
    doc = run(build(tmp_path, snaps), "downloaded_model_size")
    h = doc["headline"]
    assert h["mode"] == "monthly series"
    assert h["mean_params_2025"] == pytest.approx(24_482_539_682.5, rel=1e-5) and h["median_params_2025"] == B
    assert (h["latest_year"], h["mean_params_latest"], h["median_params_latest"], h["sized_share_latest"]) == (
        2026,
        B,
        B,
        1.0,
    )
    y2025 = doc["rows"][0]
    assert (y2025["year"], y2025["months_covered"], y2025["downloads"]) == (2025, 2, 1080)
    assert y2025["sized_share"] == pytest.approx(630 / 1080, rel=1e-5)
    assert h["mean_params_2023"] is None


def test_downloaded_size_degrades_to_creation_year_with_one_snapshot(tmp_path: Path, run: Run) -> None:
    # 2023: 100M with 300, 1B with 100, and a GPTQ quantization of the 1B model whose packed tensors count 200M:
    #   it runs the 1B model, so it weighs in at 1B -> mean (3e10 + 1e11 + 1e11) / 500 = 4.6e8; median 100M (cum 300 >= 250)
    # 2025: one 7B model.  A model with no downloads weighs nothing.
    models = [
        m("a/p", 300, params=100_000_000, created="2023-05-01T00:00:00"),
        m("a/q", 100, params=B, created="2023-07-01T00:00:00"),
        m("b/q-GPTQ", 100, params=200_000_000, created="2023-08-01T00:00:00", tags=["base_model:quantized:a/q"]),
        m("a/r", 10, params=7 * B, created="2025-02-01T00:00:00"),
        m("a/zero", 0, params=400 * B, created="2025-02-01T00:00:00"),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}), "downloaded_model_size")
    h = doc["headline"]
    assert h["mode"] == "creation year, one snapshot"
    assert (h["mean_params_2023"], h["median_params_2023"]) == (460_000_000, 100_000_000)
    assert (h["mean_params_2025"], h["median_params_2025"], h["latest_year"]) == (7 * B, 7 * B, 2025)
    assert any("creation years" in n for n in doc["notes"])


# -- A4 -----------------------------------------------------------------------------------------
def test_family_size_span_by_hand(tmp_path: Path, run: Run) -> None:
    # Alibaba Group (Qwen + Alibaba-NLP): 0.5B, 1.5B, 7.6B, 8B, 72B originals -> buckets <1B, 1-9B, 10-99B = 3;
    #   points round(10 log10 p): 87, 92, 99, 99, 109 -> 4.  Its 300B fine-tune is not an original.
    # acme (an organisation the registry does not know): five 7B originals -> 1 bucket, 1 point.
    # bob (a user account) has six sizes but is an individual; few (an organisation) has only four originals.
    # major developers: 2; >= 3 buckets: 1/2; >= 3 points: 1/2; median points (4 + 1) / 2 = 2.5
    models = [
        m("Qwen/a", 1, params=500_000_000),
        m("Qwen/b", 1, params=1_500_000_000),
        m("Qwen/c", 1, params=7_600_000_000),
        m("Alibaba-NLP/d", 1, params=8 * B),
        m("Qwen/e", 1, params=72 * B),
        m("Qwen/c-big", 1, params=300 * B, tags=["base_model:Qwen/c"]),
        *[m(f"acme/m{i}", 1, params=7 * B) for i in range(5)],
        *[m(f"bob/m{i}", 1, params=(i + 1) * 10 ** (i + 7)) for i in range(6)],
        *[m(f"few/m{i}", 1, params=10 ** (i + 8)) for i in range(4)],
    ]
    authors = [
        {"name": "acme", "type": "org", "isVerified": False, "fullname": "Acme"},
        {"name": "bob", "type": "user", "isVerified": False, "fullname": "Bob"},
        {"name": "few", "type": "org", "isVerified": False, "fullname": "Few"},
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}, authors), "family_size_span")
    h = doc["headline"]
    assert (h["major_developers"], h["min_originals"]) == (2, 5)
    assert (h["share_3plus_buckets"], h["share_3plus_sizes"], h["share_3plus_either"], h["share_2plus_buckets"]) == (
        0.5,
        0.5,
        0.5,
        0.5,
    )
    assert h["median_size_points"] == 2.5
    assert [(r["developer"], r["originals"], r["buckets"], r["size_points"]) for r in doc["rows"]] == [
        ("Alibaba Group", 5, 3, 4),
        ("acme", 5, 1, 1),
    ]
    assert doc["rows"][0]["has_ge100b"] is False and doc["rows"][0]["largest"] == 72 * B


# -- edge cases, on one small store -------------------------------------------------------------
def test_one_snapshot_no_sizes_and_zero_downloads(tmp_path: Path, run: Run) -> None:
    # One snapshot: a/x has no size, a/y (2B) has no downloads.
    db = build(tmp_path, {"2026-03-01": {"models": [m("a/x", 0), m("a/y", 0, params=2 * B)]}})
    a1 = run(db, "relative_adoption")
    h = a1["headline"]
    # one sized model with 0 downloads: its bucket's median is 0, and no ratio can be made
    assert (h["models_sized"], h["models_unsized"], h["median_top10_1_9b"], h["ratio_1_9b_over_ge100b"]) == (
        1,
        1,
        0,
        None,
    )
    assert a1["rows"][0]["relative_adoption_v1"] is None
    # A2 needs a series of at least 4 months
    a2 = run(db, "engagement_lifetime")
    assert (
        a2["headline"]["models"] is None
        and a2["headline"]["resolution"] == "monthly"
        and "at least 4" in a2["notes"][0]
    )
    # A3: the year exists, but nothing was downloaded: no weighted size
    h3 = run(db, "downloaded_model_size")["headline"]
    assert h3["mean_params_2025"] is None and h3["latest_year"] is None
    # A4: one original of known size is no major developer
    h4 = run(db, "family_size_span")["headline"]
    assert h4["major_developers"] == 0 and h4["share_3plus_buckets"] is None and h4["median_size_points"] is None


def test_censored_median_is_undefined_when_most_never_fall() -> None:
    from hubcensus.metrics.adoption import _censored_median

    # 3 models, one observed to fall at month 1, two censored (above everything): the median is not known
    assert _censored_median([(1, 1)], 3) is None
    # 4 models: falls at 1, 1, 3 and one censored -> the 2nd of 4 sorted values = 1
    assert _censored_median([(3, 1), (1, 2)], 4) == 1.0
