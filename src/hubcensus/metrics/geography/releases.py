"""GEO6: models released per organisation group per calendar year, and the year-over-year ratio.

Releases are counted by `createdAt` over the models present at the newest complete snapshot (a model
deleted before it cannot be seen), so a year's count is what survives of it; every model at the
createdAt floor counts in 2022. Individuals' accounts are not organisations and are left out.
"""

from __future__ import annotations

from typing import Any

from hubcensus.metrics.attribution import attribution_sql, not_individual
from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.facts import CREATED_AT_FLOOR
from hubcensus.metrics.snapshots import present_models
from hubcensus.metrics.sql import year_of

TOP_ORGS = 50  # rows: the 50 organisation groups releasing most in the headline year (+ the named ones)
NAMED_GROUPS = {"baidu": "Baidu", "bytedance": "ByteDance", "tencent": "Tencent", "meta": "Meta Platforms"}


@metric(
    spec="GEO6",
    name="org_release_growth",
    title="Models released per organisation per year",
    chapter="geography",
    published="Baidu 0 (2024) → 100+ (2025); ByteDance and Tencent ×8–9; Meta/Facebook a large share of US releases.",
    definition=(
        "Models only (datasets and spaces are not counted). The models present in the newest complete snapshot on or "
        "before the as-of date, by the calendar year of `createdAt` (a model deleted before that snapshot cannot be "
        "seen; every model at the createdAt floor, i.e. created before March 2022, counts in 2022). Per organisation "
        "group: the registry's parent company, else its organisation, else (not in the registry) the namespace — so "
        "Baidu = baidu + PaddlePaddle, ByteDance = ByteDance + ByteDance-Seed + bytedance-research + depth-anything, "
        "Tencent = tencent + TencentARC + Tencent-Hunyuan + …, Meta Platforms = facebook + meta-llama + FacebookAI. "
        "Individuals' accounts (registry kind individual, or a user account outside the registry) are not "
        "organisations and are left out; accounts of unknown type outside the registry count under their namespace. "
        "The headline year is the last complete calendar year before the as-of date, compared with the year before "
        "it; `*_yoy` = releases(year) / releases(year − 1), None when the earlier year has none. "
        "`meta_share_of_us_releases`: Meta Platforms' models / models of every namespace whose country is US in the "
        "headline year. Rows: every year from the first to the as-of year (zeros included) for the top "
        f"{TOP_ORGS} groups by releases in the headline year, plus the named groups."
    ),
    headline_keys=(
        "year",
        "baidu_releases",
        "baidu_releases_prev",
        "baidu_yoy",
        "bytedance_releases",
        "bytedance_releases_prev",
        "bytedance_yoy",
        "tencent_releases",
        "tencent_releases_prev",
        "tencent_yoy",
        "meta_releases",
        "us_releases",
        "meta_share_of_us_releases",
        "top_org",
        "top_org_releases",
        "org_releases",
    ),
    out_of_reach="Private and deleted repositories are not in public metadata; releases under personal accounts of an organisation's staff are not attributed to it.",
)
def org_release_growth(ctx: Context) -> Result:
    snap = ctx.latest_complete("model")
    if snap is None:
        return Result({}, [], [], ["no complete snapshot of models: a partial listing cannot count releases"])
    year = ctx.as_of.taken_at.year - 1
    floor_year = CREATED_AT_FLOOR.year
    data = ctx.rows(f"""
        WITH m AS {present_models(ctx, snap, "downloads_30d")},
        who AS {attribution_sql("m")}
        SELECT COALESCE(w.grp, m.ns) AS grp, {year_of("m.created_at")} AS year, count(*) AS releases,
               COALESCE(sum(CASE WHEN w.country = 'US' THEN 1 ELSE 0 END), 0) AS us_releases
        FROM m LEFT JOIN who w ON w.ns = m.ns
        WHERE m.ns IS NOT NULL AND m.created_at IS NOT NULL AND {not_individual()}
        GROUP BY 1, 2
    """)
    per: dict[str, dict[int, int]] = {}
    us: dict[int, int] = {}
    for r in data:
        y = max(int(r["year"]), floor_year)
        per.setdefault(r["grp"], {})[y] = per.get(r["grp"], {}).get(y, 0) + int(r["releases"])
        us[y] = us.get(y, 0) + int(r["us_releases"])

    def n(grp: str, y: int) -> int:
        return per.get(grp, {}).get(y, 0)

    def yoy(grp: str, y: int) -> float | None:
        return share(n(grp, y), n(grp, y - 1))

    ranked = sorted(per, key=lambda g: (-n(g, year), g))
    rank_of = {g: i for i, g in enumerate(ranked, start=1) if n(g, year)}
    chosen = list(dict.fromkeys([g for g in ranked[:TOP_ORGS] if g in rank_of] + list(NAMED_GROUPS.values())))
    first = min((y for v in per.values() for y in v), default=year)
    last = ctx.as_of.taken_at.year
    rows = [
        {"organisation": g, "year": y, "releases": n(g, y), "yoy": yoy(g, y), "rank_headline_year": rank_of.get(g)}
        for g in chosen
        for y in range(first, last + 1)
    ]
    headline: dict[str, Any] = {"year": year}
    notes = [
        f"headline year {year} vs {year - 1}; {floor_year} includes every model at the createdAt floor (created before March 2022)"
    ]
    if year <= floor_year:
        notes.append(f"{year} is not after the createdAt floor: releases per year cannot be told apart, no headline")
        return Result(headline, rows, [snap.snapshot_id], notes)
    for short, grp in NAMED_GROUPS.items():
        if short == "meta":
            continue
        headline.update(
            {
                f"{short}_releases": n(grp, year),
                f"{short}_releases_prev": n(grp, year - 1),
                f"{short}_yoy": yoy(grp, year),
            }
        )
    headline["meta_releases"] = n(NAMED_GROUPS["meta"], year)
    headline["us_releases"] = us.get(year, 0)
    headline["meta_share_of_us_releases"] = share(headline["meta_releases"], headline["us_releases"])
    top = ranked[0] if ranked and n(ranked[0], year) else None
    headline["top_org"] = top
    headline["top_org_releases"] = n(top, year) if top else None
    headline["org_releases"] = sum(n(g, year) for g in per)
    return Result(headline, rows, [snap.snapshot_id], notes)
