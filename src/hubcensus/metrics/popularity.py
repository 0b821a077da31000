"""Chapter: what is popular — the most liked models a year apart, and where their makers are (POP1).

Likes are a cumulative counter, so the top of a list at a date is a stock, not that year's flow; a
model that has left a partial listing keeps its last known likes (a lower bound, never inflated).
Countries follow the organisation behind the namespace exactly as in the geography chapter
(`attribution.attribution_sql`), with "international / no clear base" and "unattributed" kept apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.attribution import UNATTRIBUTED, attribution_sql
from hubcensus.metrics.base import Context, Result, Snapshot, metric
from hubcensus.metrics.snapshots import complete_or_partial
from hubcensus.metrics.sql import stats_at

TOP_LIKED = 10  # the top 10 models by likes at each date
YEAR = dt.timedelta(days=365)  # `year_ago` is the snapshot closest to `now` minus this
FAR = dt.timedelta(days=60)  # a "year ago" snapshot further than this from its target is flagged in a note


def year_ago_snapshot(ctx: Context, now: Snapshot) -> Snapshot | None:
    """The snapshot holding models closest to `now` minus 365 days (complete ones first; ties: the older)."""
    target = now.taken_at - YEAR
    earlier = [s for s in ctx.series if "model" in s.kinds and s.taken_at < now.taken_at]
    pool = [s for s in earlier if s.complete] or earlier
    if not pool:
        return None
    return min(pool, key=lambda s: (abs((s.taken_at - target).days), s.taken_at))


@metric(
    spec="POP1",
    name="most_liked",
    title="The most liked models now and a year earlier, with their makers' country",
    chapter="popularity",
    published="A year ago the most liked models were mostly Meta's Llama (US); now an international mix, with DeepSeek-R1 on top.",
    definition=(
        f"Two dates: `now`, the newest complete snapshot holding models on or before the as-of date (else the newest "
        f"partial listing, with a note), and `year_ago`, the snapshot closest to `now` minus 365 days among the "
        f"earlier ones (complete snapshots preferred; ties to the older; a note when it is more than "
        f"{FAR.days} days from that target). At each, the top {TOP_LIKED} models by `likes` in force at that snapshot "
        f"(models with at least one like; ties by id). Rows: date, rank, model, likes, the maker's country as in GEO1 "
        f"(ISO code, 'international / no clear base' or 'unattributed') and organisation (the registry's, else the namespace). Headline: the top "
        f"model and its country at each date, and how many of each top {TOP_LIKED} are US, CN, and how many distinct "
        f"labels they span; `days_between`: the days from `year_ago` to `now`."
    ),
    headline_keys=(
        "date_now",
        "date_year_ago",
        "days_between",
        "top_now",
        "top_now_country",
        "top_year_ago",
        "top_year_ago_country",
        "us_in_top_now",
        "cn_in_top_now",
        "countries_in_top_now",
        "us_in_top_year_ago",
        "cn_in_top_year_ago",
        "countries_in_top_year_ago",
    ),
    out_of_reach="Who liked a model, and from where, is not public; likes are never removed when a user leaves, and a like is not a use.",
)
def most_liked(ctx: Context) -> Result:
    now, notes = complete_or_partial(ctx)
    if now is None:
        return Result({}, [], [], notes)
    before = year_ago_snapshot(ctx, now)
    if before is None:
        notes.append("no earlier snapshot holds models: only the as-of date is shown")
    elif abs((before.taken_at - (now.taken_at - YEAR)).days) > FAR.days:
        notes.append(f"the snapshot closest to a year before {now.taken_at} is {before.taken_at}")
    if not now.complete or (before is not None and not before.complete):
        notes.append("partial listings: a model absent from a listing keeps its last known likes")
    rows: list[dict[str, Any]] = []
    tops: dict[str, list[dict[str, Any]]] = {}
    for which, snap in (("year_ago", before), ("now", now)):
        if snap is None:
            tops[which] = []
            continue
        got = ctx.rows(f"""
            WITH best AS (
                SELECT * FROM (
                    SELECT s.repo_id, s.likes, s.author AS ns, ROW_NUMBER() OVER (ORDER BY s.likes DESC, s.repo_id) AS rk
                    FROM {stats_at(ctx, snap.snapshot_id)} s
                    WHERE s.likes > 0
                ) t WHERE rk <= {TOP_LIKED}
            ),
            who AS {attribution_sql("best")}
            SELECT best.rk, best.repo_id, best.likes, COALESCE(w.label, '{UNATTRIBUTED}') AS country,
                   COALESCE(w.organisation, best.ns) AS organisation
            FROM best LEFT JOIN who w ON w.ns = best.ns
            ORDER BY best.rk
        """)
        tops[which] = got
        rows += [
            {
                "date": snap.taken_at,
                "which": which,
                "rank": int(g["rk"]),
                "model": g["repo_id"],
                "likes": int(g["likes"]),
                "country": g["country"],
                "organisation": g["organisation"],
            }
            for g in got
        ]
        if not got:
            notes.append(f"no model has a like at {snap.taken_at}")

    def summary(which: str) -> dict[str, Any]:
        t = tops[which]
        return {
            f"top_{which}": t[0]["repo_id"] if t else None,
            f"top_{which}_country": t[0]["country"] if t else None,
            f"us_in_top_{which}": sum(1 for g in t if g["country"] == "US") if t else None,
            f"cn_in_top_{which}": sum(1 for g in t if g["country"] == "CN") if t else None,
            f"countries_in_top_{which}": len({g["country"] for g in t}) if t else None,
        }

    headline = {
        "date_now": now.taken_at,
        "date_year_ago": before.taken_at if before else None,
        # the real distance: "a year earlier" only when it is one (captions say the days otherwise)
        "days_between": (now.taken_at - before.taken_at).days if before else None,
        **summary("now"),
        **summary("year_ago"),
    }
    return Result(headline, rows, sorted({s.snapshot_id for s in (now, before) if s is not None}), notes)
