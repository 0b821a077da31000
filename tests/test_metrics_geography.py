"""GEO1–GEO3, GEO5, GEO6, P1, P2 on stores whose right answers are worked out by hand in the comments.

Namespaces are real registry rows (src/hubcensus/enrich/data/registry.csv), so the attributions the
comments rely on are: Qwen CN big_tech (Alibaba Group); meta-llama and facebook US big_tech (Meta
Platforms); nvidia US big_tech, Deci IL big_tech (parent NVIDIA); google US big_tech, deepmind GB
big_tech (Alphabet); baidu / PaddlePaddle CN big_tech (Baidu); ByteDance / ByteDance-Seed CN
big_tech (ByteDance); tencent / TencentARC CN big_tech (Tencent); mistralai FR startup; openai US
startup; LGAI-EXAONE KR company (LG Corp); EleutherAI blank country, nonprofit community;
stanford-crfm US academia; deepseek-ai CN startup. Namespaces not in the registry: `u*` are user
accounts (authors.parquet type user → individual, no base), `mysteryorg` an organisation
(→ unattributed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hubcensus.enrich.fortune500 import load_companies
from hubcensus.enrich.registry import NO_BASE
from hubcensus.metrics.geography import trending
from hubcensus.pipeline import enrich
from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import model, ts, write_snapshot
from tests.metricstore import DUCKDB_ONLY, Run, build

FLOOR = "2022-03-02T23:29:04"


def m(repo_id: str, all_time: int | None, d30: int = 0, created: str = "2025-06-01T00:00:00", **kw: Any) -> dict:
    return model(repo_id, d30, downloadsAllTime=all_time, createdAt=ts(created), **kw)


def users(*names: str) -> list[dict]:
    return [{"name": n, "type": "user", "isVerified": False, "fullname": n} for n in names]


def org(name: str, verified: bool | None = False) -> dict:
    return {"name": name, "type": "org", "isVerified": verified, "fullname": name}


def rows_of(doc: dict, **match: Any) -> list[dict]:
    return [r for r in doc["rows"] if all(r.get(k) == v for k, v in match.items())]


# -- GEO1 ---------------------------------------------------------------------------------------
def test_downloads_by_country_by_hand(tmp_path: Path, run: Run) -> None:
    # 2026-03-01, all-time downloads: Qwen 400 (CN); meta-llama 300 + nvidia 100 (US, 400); EleutherAI 50 + user u1
    # 30 (no base, 80); mysteryorg 20 + `gpt2` (no namespace) 60 (unattributed, 80); mistralai 40 + one model
    # without a count (-> 0) (FR, 40). Total 1000.
    # CN and US tie at 400: CN first by label; no-base and unattributed tie at 80: the no-base label sorts first.
    models = [
        m("Qwen/a", 400),
        m("meta-llama/b", 300),
        m("nvidia/c", 100),
        m("EleutherAI/d", 50),
        m("u1/e", 30),
        m("mysteryorg/f", 20),
        m("gpt2", 60),
        m("mistralai/g", 40),
        m("mistralai/h", None),
    ]
    # 2024-06-01 (no all-time field yet): 30-day counts Qwen/old 30, u1/old 10 -> CN 0.75, no base 0.25; both
    # are gone by 2026 (deleted: not counted then)
    older = [m("Qwen/old", None, 30), m("u1/old", None, 10)]
    db = build(
        tmp_path,
        {"2024-06-01": {"models": older}, "2026-03-01": {"models": models}},
        authors=users("u1") + [org("mysteryorg")],
    )
    doc = run(db, "downloads_by_country")
    h = doc["headline"]
    assert h["downloads_field"] == "downloadsAllTime" and h["models"] == 9 and h["total_downloads"] == 1000
    assert h["top_countries"] == ["CN", "US", "FR"] and h["top_country"] == "CN"
    assert (h["cn_share"], h["us_share"], h["fr_share"], h["gb_share"], h["de_share"]) == (0.4, 0.4, 0.04, 0.0, 0.0)
    assert (h["no_base_share"], h["unattributed_share"]) == (0.08, 0.08)
    assert [(r["rank"], r["label"], r["bucket"], r["downloads"], r["models"]) for r in doc["rows"]] == [
        (1, "CN", "country", 400, 1),
        (2, "US", "country", 400, 2),
        (3, NO_BASE, "no_base", 80, 2),
        (4, "unattributed", "unattributed", 80, 2),
        (5, "FR", "country", 40, 2),
    ]
    assert sum(r["share"] for r in doc["rows"]) == pytest.approx(1.0)
    assert doc["snapshots"] == ["2026-03-01"]
    h = run(db, "downloads_by_country", dt.date(2025, 1, 1))["headline"]
    assert h["downloads_field"] == "downloads" and (h["cn_share"], h["no_base_share"], h["us_share"]) == (
        0.75,
        0.25,
        0.0,
    )


ALL = (
    "downloads_by_country",
    "country_share_monthly",
    "developer_type_share",
    "trending_by_entity",
    "org_release_growth",
    "fortune500_presence",
    "bigtech_repo_growth",
)


def test_every_metric_on_an_empty_ish_store(tmp_path: Path, run: Run) -> None:
    # 2026-01-01 holds one dataset and no model; 2026-03-01 two models with zero downloads, no likes, no trending
    # score, one without createdAt, and no authors file (no verified flags anywhere).
    snaps = {
        "2026-01-01": {"datasets": [{"id": "mistralai/ds", "createdAt": ts("2025-01-01T00:00:00")}]},
        "2026-03-01": {
            "models": [m("mistralai/x", 0), model("u1/b", 0, createdAt=None, downloadsAllTime=0, trendingScore=5)]
        },
    }
    db = build(tmp_path, snaps)
    for name in ALL:  # as of January: no model at all
        doc = run(db, name, dt.date(2026, 1, 15))
        assert set(doc["headline"]) and doc["notes"], name
    early = {name: run(db, name, dt.date(2026, 1, 15)) for name in ALL}
    assert early["downloads_by_country"]["rows"] == [] and early["downloads_by_country"]["headline"]["cn_share"] is None
    assert early["country_share_monthly"]["rows"] == [] and early["country_share_monthly"]["headline"]["months"] is None
    assert (
        early["trending_by_entity"]["headline"]["n"] is None and early["org_release_growth"]["headline"]["year"] is None
    )
    assert (
        early["bigtech_repo_growth"]["headline"]["big_tech_repos"] == 0
    )  # the dataset is counted, and is not Big Tech
    # as of March: zero downloads give zero rows and no shares; the undated trending model is said, not guessed
    doc = run(db, "downloads_by_country")
    assert (
        doc["headline"]["total_downloads"] == 0
        and doc["headline"]["cn_share"] is None
        and doc["headline"]["top_countries"] == []
    )
    assert {r["label"]: (r["downloads"], r["share"]) for r in doc["rows"]} == {
        "FR": (0, None),
        "unattributed": (0, None),
    }
    t = run(db, "trending_by_entity")
    assert (t["headline"]["n"], t["headline"]["pool"], t["headline"]["cn_share_made"]) == (0, 0, None)
    assert any("no createdAt" in n for n in t["notes"])
    p1 = run(db, "fortune500_presence")
    assert (
        p1["headline"]["companies_verified"],
        p1["headline"]["share_of_500"],
        p1["headline"]["authors_with_verified_flag"],
    ) == (None, None, 0)
    assert any("verified flag" in n for n in p1["notes"])
    p2 = run(db, "bigtech_repo_growth")
    assert p2["rows"] == [] and p2["headline"]["top_org_last_12m"] is None and any("spaces" in n for n in p2["notes"])
    g3 = run(db, "developer_type_share")["headline"]
    assert g3["view"] == "by_creation_year" and g3["industry_share_last"] is None  # no downloads to share


# -- GEO2 ---------------------------------------------------------------------------------------
def _geo2_snapshots() -> dict[str, dict[str, list[dict]]]:
    # all-time counters; the first snapshot closes February with 30-day counts, then differences:
    #            Feb (30-day)  Mar   Apr   May
    # Qwen (CN)        10       30    60   100
    # meta (US)        50       40    30    20
    # u1 (no base)     40       30    10    80
    # total           100      100   100   200
    def snap(qwen: tuple[int, int], meta: tuple[int, int], user: tuple[int, int]) -> dict[str, list[dict]]:
        """Each model's (30-day, all-time) downloads."""
        return {
            "models": [
                m("Qwen/a", qwen[1], qwen[0], "2024-01-01T00:00:00"),
                m("meta-llama/b", meta[1], meta[0], "2024-01-01T00:00:00"),
                m("u1/c", user[1], user[0], "2024-01-01T00:00:00"),
            ]
        }

    return {
        "2025-03-01": snap((10, 1000), (50, 5000), (40, 500)),
        "2025-04-01": snap((9, 1030), (9, 5040), (9, 530)),
        "2025-05-01": snap((9, 1090), (9, 5070), (9, 540)),
        "2025-06-01": snap((9, 1190), (9, 5090), (9, 620)),
    }


def build_shuffled(
    tmp_path: Path, snaps: dict[str, dict[str, list[dict]]], order: list[str], authors: list[dict]
) -> Path:
    """Ingest the snapshot folders one at a time, in the given (not date) order, then enrich."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path / "hub"
    for day, kinds in snaps.items():
        write_snapshot(root, day, **kinds)
        pq.write_table(pa.Table.from_pylist(authors), root / day / "authors.parquet")
    db = tmp_path / "shuffled.duckdb"
    with Store.open(db) as store:
        for day in order:
            ingest(store, discover(root / day))
        enrich(store)
    return db


def test_country_share_monthly_by_hand_on_an_out_of_order_ingest(tmp_path: Path, run: Run) -> None:
    # shares: Feb CN .1 US .5; Mar CN .3 US .4; Apr CN .6 US .3; May CN .5 US .1
    # China passes the US in April and stays above: cn_passes_us_month = 2025-04-01
    # last 12 months = all four: CN 200/500 = .4, US 140/500 = .28, no base 160/500 = .32
    # The snapshots are ingested newest first, then scrambled: the store must read as if in date order.
    db = build_shuffled(
        tmp_path, _geo2_snapshots(), ["2025-06-01", "2025-03-01", "2025-05-01", "2025-04-01"], users("u1")
    )
    doc = run(db, "country_share_monthly")
    h = doc["headline"]
    assert (h["months"], h["first_month"], h["last_month"]) == (4, "2025-02-01", "2025-05-01")
    assert (h["cn_passes_us_month"], h["cn_first_above_us_month"], h["cn_above_us_throughout"]) == (
        "2025-04-01",
        "2025-04-01",
        False,
    )
    assert (h["cn_share_last_month"], h["us_share_last_month"]) == (0.5, 0.1)
    assert (
        h["cn_share_last_12m"],
        h["us_share_last_12m"],
        h["no_base_share_last_12m"],
        h["unattributed_share_last_12m"],
    ) == (0.4, 0.28, 0.32, 0.0)
    assert h["months_from_30d_counts"] == 1
    mar = {r["label"]: (r["downloads"], r["share"], r["month_method"]) for r in rows_of(doc, month="2025-03-01")}
    assert (
        mar["CN"] == (30, 0.3, "all_time_diff")
        and mar["US"] == (40, 0.4, "all_time_diff")
        and mar[NO_BASE] == (30, 0.3, "all_time_diff")
    )
    assert mar["other countries"] == (0, 0.0, "all_time_diff") and mar["unattributed"] == (0, 0.0, "all_time_diff")
    assert rows_of(doc, month="2025-02-01", label="CN")[0]["month_method"] == "downloads_30d"
    assert len(doc["snapshots"]) == 4
    # as of 2025-05-15: months Feb-Apr; CN above only in April (the last month): passes in April
    # CN 100/300, US 120/300 over Feb-Apr
    h = run(db, "country_share_monthly", dt.date(2025, 5, 15))["headline"]
    assert (h["months"], h["cn_passes_us_month"]) == (3, "2025-04-01")
    assert h["cn_share_last_12m"] == pytest.approx(1 / 3, rel=1e-5) and h["us_share_last_12m"] == 0.4


def test_country_share_monthly_china_above_then_below(tmp_path: Path, run: Run) -> None:
    # Feb (30-day): CN 30 vs US 10 (above); Mar: CN 5 vs US 20 (below) -> no passing that stays,
    # first above in February; not above throughout
    snaps = {
        "2025-03-01": {
            "models": [m("Qwen/a", 100, 30, "2024-01-01T00:00:00"), m("meta-llama/b", 100, 10, "2024-01-01T00:00:00")]
        },
        "2025-04-01": {
            "models": [m("Qwen/a", 105, 1, "2024-01-01T00:00:00"), m("meta-llama/b", 120, 1, "2024-01-01T00:00:00")]
        },
    }
    db = build(tmp_path, snaps)
    h = run(db, "country_share_monthly")["headline"]
    assert (h["cn_passes_us_month"], h["cn_first_above_us_month"], h["cn_above_us_throughout"]) == (
        None,
        "2025-02-01",
        False,
    )
    # as of the first snapshot: China above in every month the series holds, so no crossing is observed
    one = run(db, "country_share_monthly", dt.date(2025, 3, 15))
    assert (one["headline"]["cn_passes_us_month"], one["headline"]["cn_above_us_throughout"]) == (None, True)
    assert any("one complete snapshot" in n for n in one["notes"])


# -- GEO3 ---------------------------------------------------------------------------------------
@DUCKDB_ONLY  # GEO3 per year over a series: ~25 s of Spark CPU
def test_developer_type_share_per_year_by_hand(tmp_path: Path, run: Run) -> None:
    # 14 monthly snapshots, 2024-12-01 … 2026-01-01, closing the months Nov 2024 … Dec 2025.
    # Qwen (industry) is downloaded 100 a month throughout; u1 (independent) 0 in Nov/Dec 2024, 100 a month in 2025.
    # Until 2025-03-01 there is no all-time field (30-day counts); from then all-time counters grow by 100.
    # 2024 (2 months): industry 200 / 200 = 1.0; 2025 (12 months): industry 1200, independent 1200 -> 0.5 each.
    days = ["2024-12-01"] + [f"2025-{mo:02d}-01" for mo in range(1, 13)] + ["2026-01-01"]
    snaps = {}
    for i, day in enumerate(days):
        has_all_time = day >= "2025-03-01"
        step = days.index(day) - days.index("2025-03-01")
        q = m("Qwen/a", 1000 + 100 * step if has_all_time else None, 100, "2024-01-01T00:00:00")
        u = m("u1/b", 500 + 100 * step if has_all_time else None, 100 if i >= 2 else 0, "2024-01-01T00:00:00")
        snaps[day] = {"models": [q, u]}
    db = build(tmp_path, snaps, authors=users("u1"))
    doc = run(db, "developer_type_share")
    h = doc["headline"]
    assert (h["view"], h["first_period"], h["last_period"], h["months_first"], h["months_last"]) == (
        "downloads_per_year",
        "2024",
        "2025",
        2,
        12,
    )
    assert (h["industry_share_first"], h["independent_share_first"]) == (1.0, 0.0)
    assert (h["industry_share_last"], h["independent_share_last"]) == (0.5, 0.5)
    assert (
        h["academia_share_last"],
        h["nonprofit_share_last"],
        h["government_share_last"],
        h["unattributed_share_last"],
    ) == (0.0, 0.0, 0.0, 0.0)
    y2025 = {r["sector"]: r["downloads"] for r in rows_of(doc, view="downloads_per_year", period="2025")}
    assert y2025 == {
        "industry": 1200,
        "academia": 0,
        "nonprofit": 0,
        "government": 0,
        "independent": 1200,
        "unattributed": 0,
    }
    # as of mid-2025: 2025 is covered for five months only (Jan-May): the newest year, partial
    h = run(db, "developer_type_share", dt.date(2025, 6, 15))["headline"]
    assert (h["first_period"], h["last_period"], h["months_last"]) == ("2024", "2025", 5)
    assert (h["industry_share_last"], h["independent_share_last"]) == (0.5, 0.5)


def test_developer_type_share_degrades_to_creation_year(tmp_path: Path, run: Run) -> None:
    # one snapshot: all-time downloads by creation year.
    # floor period: google 900 (industry) + u1 100 (independent) -> industry .9, independent .1
    # 2025: Qwen 300 (industry) + u1 700 (independent) -> .3 / .7; 2023: stanford-crfm 50 (academia) -> 1.0
    models = [
        m("google/old", 900, created=FLOOR),
        m("u1/old", 100, created=FLOOR),
        m("stanford-crfm/mid", 50, created="2023-01-01T00:00:00"),
        m("Qwen/new", 300, created="2025-05-01T00:00:00"),
        m("u1/new", 700, created="2025-06-01T00:00:00"),
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": models}}, authors=users("u1")), "developer_type_share")
    h = doc["headline"]
    assert (h["view"], h["first_period"], h["last_period"], h["months_first"]) == (
        "by_creation_year",
        "<=2022-03-02",
        "2025",
        None,
    )
    assert (h["industry_share_first"], h["independent_share_first"]) == (0.9, 0.1)
    assert (h["industry_share_last"], h["independent_share_last"], h["academia_share_last"]) == (0.3, 0.7, 0.0)
    assert rows_of(doc, view="by_creation_year", period="2023", sector="academia")[0]["share"] == 1.0
    assert [r["period"] for r in rows_of(doc, view="by_creation_year", sector="industry")] == [
        "<=2022-03-02",
        "2023",
        "2025",
    ]
    assert any("cross-sectional" in n for n in doc["notes"])


# -- GEO5 ---------------------------------------------------------------------------------------
def _trending_models() -> list[dict]:
    def t(rid: str, score: int, at: int = 10, created: str = "2025-09-01T00:00:00", **kw: Any) -> dict:
        return m(rid, at, trendingScore=score, created=created, **kw)

    return [
        t("Qwen/Qwen3-8B", 90, at=1000),
        t("u1/qwen-ft", 80, tags=["base_model:Qwen/Qwen3-8B"]),
        t("mistralai/M", 70),
        t("meta-llama/L", 60, at=500),
        t("u2/llama-ft", 50, tags=["base_model:finetune:meta-llama/L"]),
        t("LGAI-EXAONE/E", 40),
        t("u3/merge", 30, tags=["base_model:merge:Qwen/Qwen3-8B", "base_model:merge:meta-llama/L"]),
        t("Qwen/Qwen3-4B", 20),
        t("google/old", 100, created="2024-01-01T00:00:00"),  # older than 365 days: not new
        t("deepseek-ai/z", 0),  # not trending
        t("mysteryorg/x", 20),  # tied with Qwen3-4B: ranks after it by id ("Qwen/…" < "mysteryorg/…" in byte order)
        t("u4/ext-ft", 5, tags=["base_model:openai/gpt-oss-20b"]),  # a parent outside the store, in the registry
        model("u5/undated", 1, createdAt=None, trendingScore=99),  # no createdAt: cannot be placed in the window
    ]


def test_trending_by_entity_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    # Window: created on or after 2025-03-01 with a score > 0: ten models (pool = 10; N = 100 takes all).
    #  rank model          maker        entity            made       origin (root)
    #   1  Qwen3-8B        big_tech     Alibaba Group     CN         CN (itself)
    #   2  u1/qwen-ft      individual   individual users  no base    CN (Qwen3-8B)
    #   3  mistralai/M     startup      Mistral AI        FR         FR
    #   4  meta-llama/L    big_tech     Meta Platforms    US         US
    #   5  u2/llama-ft     individual   individual users  no base    US (meta-llama/L)
    #   6  LGAI-EXAONE/E   other org    LG Corp           KR         KR
    #   7  u3/merge        individual   individual users  no base    CN: two roots at depth 1, Qwen3-8B has more downloads (1000 > 500)
    #   8  Qwen3-4B        big_tech     Alibaba Group     CN         CN
    #   9  mysteryorg/x    unattributed mysteryorg        unattrib.  unattributed   (score 20, tied with Qwen3-4B)
    #  10  u4/ext-ft       individual   individual users  no base    US (openai, outside the store: registry by name)
    # entities: individual users 4 (rank 1), Alibaba Group 2 (rank 2), four with 1 (rank 3 each)
    # account: individual 4/10, organisation 6/10 (registry orgs have no authors row: their kind decides)
    # made: no base .4, CN .2, FR/US/KR/unattributed .1; origin: CN .4, US .3, FR/KR/unattributed .1
    # made in CN or CN root: models 1, 2, 7, 8 -> .4
    db = build(
        tmp_path,
        {"2026-03-01": {"models": _trending_models()}},
        authors=users("u1", "u2", "u3", "u4") + [org("mysteryorg")],
    )
    doc = run(db, "trending_by_entity")
    h = doc["headline"]
    assert (h["n"], h["pool"], h["window_start"]) == (10, 10, "2025-03-01")
    assert (h["top_entity"], h["individuals_rank"]) == ("individual users", 1)
    assert (h["individual_share"], h["organisation_share"]) == (0.4, 0.6)
    assert (h["big_tech_share"], h["startup_share"], h["other_organisation_share"], h["unattributed_share"]) == (
        0.3,
        0.1,
        0.1,
        0.1,
    )
    assert (h["top_country_made"], h["cn_share_made"], h["us_share_made"], h["fr_share_made"], h["kr_share_made"]) == (
        "CN",
        0.2,
        0.1,
        0.1,
        0.1,
    )
    assert (h["top_country_origin"], h["cn_share_origin"], h["us_share_origin"]) == ("CN", 0.4, 0.3)
    assert h["cn_made_or_derived_share"] == 0.4
    models = rows_of(doc, view="model")
    assert [r["label"] for r in models][:3] == ["Qwen/Qwen3-8B", "u1/qwen-ft", "mistralai/M"]
    merge = rows_of(doc, view="model", label="u3/merge")[0]
    assert (merge["root"], merge["country_origin"], merge["country_made"], merge["entity"]) == (
        "Qwen/Qwen3-8B",
        "CN",
        NO_BASE,
        "individual users",
    )
    assert rows_of(doc, view="model", label="u4/ext-ft")[0]["country_origin"] == "US"
    ent = {r["label"]: r["rank"] for r in rows_of(doc, view="entity")}
    assert ent == {
        "individual users": 1,
        "Alibaba Group": 2,
        "LG Corp": 3,
        "Meta Platforms": 3,
        "Mistral AI": 3,
        "mysteryorg": 3,
    }
    assert any("1 trending models have no createdAt" in n for n in doc["notes"])
    # N = 8 cuts at the tie at score 20: Qwen/Qwen3-4B is in, mysteryorg/x out; the pool is still 10
    monkeypatch.setattr(trending, "TRENDING_N", 8)
    doc = run(db, "trending_by_entity")
    assert [r["label"] for r in rows_of(doc, view="model")][-1] == "Qwen/Qwen3-4B"
    assert (doc["headline"]["n"], doc["headline"]["pool"], doc["headline"]["unattributed_share"]) == (8, 10, 0.0)


def test_trending_on_partial_listings_ignores_stale_scores(tmp_path: Path, run: Run) -> None:
    # Two partial listings: Qwen/a trended on Feb 1 and is gone from the Mar 1 listing; its stored score would
    # otherwise carry forward. As of Mar 1 only mistralai/b counts.
    root = tmp_path / "hub"
    write_snapshot(root, "2026-02-01", models=[m("Qwen/a", 1, trendingScore=50), m("mistralai/b", 1, trendingScore=40)])
    write_snapshot(root, "2026-03-01", models=[m("mistralai/b", 1, trendingScore=45)])
    db = tmp_path / "p.duckdb"
    with Store.open(db) as store:
        ingest(store, discover(root, complete=False))
        enrich(store)
    doc = run(db, "trending_by_entity")
    assert [r["label"] for r in rows_of(doc, view="model")] == ["mistralai/b"]
    assert doc["headline"]["top_country_made"] == "FR" and any("partial" in n for n in doc["notes"])
    # as of Feb 1 both were listed
    assert run(db, "trending_by_entity", dt.date(2026, 2, 1))["headline"]["n"] == 2


# -- GEO6 ---------------------------------------------------------------------------------------
def test_org_release_growth_and_fortune500_by_hand(tmp_path: Path, run: Run) -> None:
    # GEO6, as of 2026-03-01 the headline year is 2025, against 2024.
    # Baidu: 2025 baidu/a + PaddlePaddle/b, c = 3; 2024 none -> yoy None
    # ByteDance: 2024 ByteDance/a = 1; 2025 ByteDance/b + ByteDance-Seed/c, d = 3 -> yoy 3.0
    # Tencent: 2024 tencent/a + TencentARC/b = 2; 2025 TencentARC/c = 1 -> 0.5
    # US namespaces in 2025: meta-llama/a, facebook/b (Meta), nvidia/a, openai/x -> 4; Meta 2 -> 0.5
    # u1/y (an individual) is not an organisation; mysteryorg/z counts under its namespace (not US).
    # 2025 totals: Baidu 3, ByteDance 3, Meta 2, NVIDIA 1, OpenAI 1, Tencent 1, mysteryorg 1 = 12; top: Baidu (tie, by name)
    # The 2023-06-01 snapshot's two Baidu models are gone by 2026 (deleted: not counted then).
    y24, y25 = "2024-06-01T00:00:00", "2025-06-01T00:00:00"
    models = [
        m("baidu/a", 1, created=y25),
        m("PaddlePaddle/b", 1, created=y25),
        m("PaddlePaddle/c", 1, created=y25),
        m("ByteDance/a", 1, created=y24),
        m("ByteDance/b", 1, created=y25),
        m("ByteDance-Seed/c", 1, created=y25),
        m("ByteDance-Seed/d", 1, created=y25),
        m("tencent/a", 1, created=y24),
        m("TencentARC/b", 1, created=y24),
        m("TencentARC/c", 1, created=y25),
        m("meta-llama/a", 1, created=y25),
        m("facebook/b", 1, created=y25),
        m("nvidia/a", 1, created=y25),
        m("openai/x", 1, created=y25),
        m("u1/y", 1, created=y25),
        m("mysteryorg/z", 1, created=y25),
        m("Qwen/new", 1, created="2026-01-15T00:00:00"),
        m("google/old", 1, created=FLOOR),
    ]
    old = [m("baidu/old", 1, created=FLOOR), m("baidu/b", 1, created="2022-08-01T00:00:00")]
    # P1: the shipped list (all 500) names 14 main namespaces, six of them here: amazon, apple, google, microsoft,
    # meta-llama, nvidia.
    # authors: amazon verified; apple not; "Google" verified (matched case-insensitively to google);
    # meta-llama verified; nvidia not, but Deci (registry rank 31, NVIDIA's) is verified; microsoft absent.
    # verified via the main namespace: Amazon, Alphabet, Meta = 3 -> 3/500 = 0.006 (all 500 listed)
    # any namespace: + NVIDIA (Deci) = 4 -> 0.008. Flags known: these six + u1 + mysteryorg = 8.
    f500 = [
        org("amazon", True),
        org("apple", False),
        org("Google", True),
        org("meta-llama", True),
        org("nvidia", False),
        org("Deci", True),
    ]
    db = build(
        tmp_path,
        {"2023-06-01": {"models": old}, "2026-03-01": {"models": models}},
        authors=users("u1") + [org("mysteryorg")] + f500,
    )
    doc = run(db, "org_release_growth")
    h = doc["headline"]
    assert h["year"] == 2025
    assert (h["baidu_releases"], h["baidu_releases_prev"], h["baidu_yoy"]) == (3, 0, None)
    assert (h["bytedance_releases"], h["bytedance_releases_prev"], h["bytedance_yoy"]) == (3, 1, 3.0)
    assert (h["tencent_releases"], h["tencent_releases_prev"], h["tencent_yoy"]) == (1, 2, 0.5)
    assert (h["meta_releases"], h["us_releases"], h["meta_share_of_us_releases"]) == (2, 4, 0.5)
    assert (h["top_org"], h["top_org_releases"], h["org_releases"]) == ("Baidu", 3, 12)
    baidu = {r["year"]: r["releases"] for r in rows_of(doc, organisation="Baidu")}
    assert baidu == {2022: 0, 2023: 0, 2024: 0, 2025: 3, 2026: 0}
    assert rows_of(doc, organisation="Alphabet") == []  # not among the top 2025 releasers nor named
    assert rows_of(doc, organisation="ByteDance", year=2025)[0]["yoy"] == 3.0
    assert not any(r["organisation"] == "u1" for r in doc["rows"])
    # as of 2023-06-01 the headline year would be 2022, which holds every model older than the floor: no headline
    doc = run(db, "org_release_growth", dt.date(2023, 6, 1))
    assert doc["headline"]["year"] == 2022 and doc["headline"]["baidu_releases"] is None
    assert {r["year"]: r["releases"] for r in rows_of(doc, organisation="Baidu")} == {2022: 2, 2023: 0}

    doc = run(db, "fortune500_presence")
    h = doc["headline"]
    assert len(load_companies()) == 500
    # by hand: verified organisations amazon, Google, meta-llama and Deci (NVIDIA's) make four companies; apple is
    # found but not verified; every match is by a curated alias (no full names in this store's authors)
    assert (h["companies_listed"], h["companies_with_organisation"], h["companies_verified"]) == (500, 5, 4)
    assert (h["share_of_500"], h["share_of_500_any_organisation"]) == (0.008, 0.01)
    assert (h["companies_matched_by_alias"], h["companies_matched_by_full_name"]) == (5, 0)
    assert h["authors_with_verified_flag"] == 8
    by = {r["company"]: r for r in doc["rows"]}
    assert by["Alphabet"]["verified"] is True and "Google" in by["Alphabet"]["authors"]
    assert by["Nvidia"]["verified"] is True and by["Nvidia"]["verified_authors"] == ["Deci"]
    assert (by["Apple"]["found"], by["Apple"]["verified"]) == (True, False)
    assert (by["Microsoft"]["found"], by["Microsoft"]["verified"]) == (False, False)
    assert doc["notes"] == []


# -- P2 -----------------------------------------------------------------------------------------
def test_bigtech_repo_growth_by_hand(tmp_path: Path, run: Run) -> None:
    # As of 2026-03-01: last 12 months = created on or after 2025-03-01; prior = 2024-03-01 … 2025-02-28.
    # NVIDIA: nvidia model 2025-06, nvidia dataset 2025-07, Deci model 2025-08 -> 3 (last 12 months)
    # Alphabet: google model 2025-04, google/edge 2025-03-01T00:00 (on the boundary: in) -> 2; deepmind 2024-06 (prior)
    # Alibaba Group: Qwen model 2025-05 + Qwen space 2025-09 -> 2
    # Microsoft: 2024-12 (prior); Meta: meta-llama at the createdAt floor (March 2022, in no window)
    # mistralai is not Big Tech. Last 12 months: 3 + 2 + 2 = 7 -> top NVIDIA, 3/7; prior 2 -> yoy 3.5; all: 10
    models = [
        m("nvidia/m1", 1, created="2025-06-01T00:00:00"),
        m("Deci/m2", 1, created="2025-08-01T00:00:00"),
        m("google/m", 1, created="2025-04-01T00:00:00"),
        m("google/edge", 1, created="2025-03-01T00:00:00"),
        m("deepmind/m", 1, created="2024-06-01T00:00:00"),
        m("Qwen/q1", 1, created="2025-05-01T00:00:00"),
        m("microsoft/p", 1, created="2024-12-01T00:00:00"),
        m("meta-llama/old", 1, created=FLOOR),
        m("mistralai/x", 1, created="2025-06-01T00:00:00"),
    ]
    datasets = [{"id": "nvidia/d1", "createdAt": ts("2025-07-01T00:00:00")}]
    spaces = [{"id": "Qwen/s1", "createdAt": ts("2025-09-01T00:00:00")}]
    doc = run(
        build(tmp_path, {"2026-03-01": {"models": models, "datasets": datasets, "spaces": spaces}}),
        "bigtech_repo_growth",
    )
    h = doc["headline"]
    assert (h["top_org_last_12m"], h["top_org_repos_last_12m"]) == ("NVIDIA", 3)
    assert h["top_org_share_last_12m"] == pytest.approx(3 / 7, rel=1e-5)
    assert (h["nvidia_repos_last_12m"], h["nvidia_rank_last_12m"]) == (3, 1)
    assert (h["big_tech_repos_last_12m"], h["big_tech_repos_prior_12m"], h["big_tech_yoy"], h["big_tech_repos"]) == (
        7,
        2,
        3.5,
        10,
    )
    assert h["since"] == "2022-03-01"
    nv = {r["month"]: r for r in rows_of(doc, organisation="NVIDIA")}
    assert (
        nv["2025-07-01"]["datasets"] == 1
        and nv["2025-07-01"]["cumulative"] == 2
        and nv["2026-03-01"]["cumulative"] == 3
    )
    assert rows_of(doc, organisation="Meta Platforms", month="2022-03-01")[0]["new"] == 1
    assert {r["organisation"] for r in doc["rows"]} == {
        "NVIDIA",
        "Alphabet",
        "Alibaba Group",
        "Microsoft",
        "Meta Platforms",
    }
    assert doc["snapshots"] == ["2026-03-01"]
