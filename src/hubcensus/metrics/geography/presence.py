"""P1 and P2: Big Business on the Hub — the Fortune 500 companies with a verified organisation (P1),
and the repositories Big Tech's organisation groups create month by month (P2).

P1 matches the shipped, hand-made Fortune 500 list (docs/registry.md) to the store's authors and
their verified flags; P2 counts the repos present at the newest complete snapshot of each kind by
the month of `createdAt`, for the namespaces the registry marks Big Tech.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.attribution import BIG_TECH, attribution_sql
from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.facts import FLOOR_END
from hubcensus.metrics.snapshots import present_sql
from hubcensus.metrics.sql import as_date, created_sql, month_range, month_start, ts_literal

FORTUNE_500 = 500  # P1's denominator: the list's length, whatever part of it is shipped
REPO_KINDS = ("model", "dataset", "space")  # P2 counts all three
WINDOW_DAYS = 365  # P2's "last 12 months": created on or after the as-of date minus this; "prior": the same before
NVIDIA = "NVIDIA"  # the organisation group P2's headline ranks


# -- P1 -----------------------------------------------------------------------------------------
@metric(
    spec="P1",
    name="fortune500_presence",
    title="Fortune 500 companies with a verified Hub organisation",
    chapter="geography",
    published="More than 30% of Fortune 500 companies have a verified organisation on the Hub.",
    definition=(
        "The shipped `fortune500` table (Fortune 500, 2025 list) gives each listed company's main Hub namespace, "
        "matched by hand from the organisation's name and the models it publishes (docs/registry.md). A company "
        "counts when that namespace is an author in the store's `authors` table, compared case-insensitively (the Hub "
        "forbids two namespaces differing only in case, so every spelling is the same account), whose `isVerified` "
        "flag, from the organisation overview, is true; an author whose flag the store never saw (no overview) is "
        "found but not verified. `share_of_500` = those companies / 500. The shipped list is partial (only "
        "the ranks known with confidence, about 50 companies), so the share is a lower bound on the true figure, "
        "not an estimate of it; `share_of_listed` is of the companies the list holds. A second count, "
        "`companies_verified_any_namespace`, also accepts any other verified namespace the registry gives the same "
        "Fortune rank (e.g. a company's research org). Verified flags are the store's latest known state of each "
        "author, not as of an earlier snapshot."
    ),
    headline_keys=(
        "companies_listed",
        "companies_with_namespace",
        "companies_found",
        "companies_verified",
        "share_of_500",
        "share_of_listed",
        "companies_verified_any_namespace",
        "share_of_500_any_namespace",
        "authors_with_verified_flag",
    ),
    out_of_reach="Which Hub organisations a company runs is not declared in public metadata; the match to the Fortune list is curated, and the list shipped is partial.",
)
def fortune500_presence(ctx: Context) -> Result:
    known = int(ctx.scalar("SELECT count(*) AS n FROM authors WHERE verified IS NOT NULL") or 0)
    data = ctx.rows("""
        WITH au AS (
            SELECT lower(author) AS la,
                   COALESCE(min(CASE WHEN verified IS NOT NULL THEN author END), min(author)) AS author,
                   max(CASE WHEN verified THEN 1 ELSE 0 END) AS verified,
                   max(CASE WHEN verified IS NULL THEN 0 ELSE 1 END) AS flagged
            FROM authors GROUP BY lower(author)
        ),
        other AS (
            SELECT fortune500_rank AS rank, max(CASE WHEN verified THEN 1 ELSE 0 END) AS verified
            FROM author_attribution WHERE fortune500_rank IS NOT NULL GROUP BY fortune500_rank
        )
        SELECT f.rank, f.company, f.hub_namespace, au.author AS matched, au.verified, au.flagged,
               COALESCE(o.verified, 0) AS other_verified
        FROM fortune500 f
        LEFT JOIN au ON au.la = lower(f.hub_namespace)
        LEFT JOIN other o ON o.rank = f.rank
        ORDER BY f.rank, f.company
    """)
    rows = []
    for r in data:
        found = r["matched"] is not None
        verified = (bool(r["verified"]) if r["flagged"] else None) if found else False
        rows.append(
            {
                "rank": r["rank"],
                "company": r["company"],
                "hub_namespace": r["hub_namespace"],
                "found": found,
                "matched_as": r["matched"],
                "verified": verified,
                "verified_any_namespace": bool(verified) or bool(r["other_verified"]),
            }
        )
    notes = ["the shipped Fortune 500 list is partial (docs/registry.md): the share is a lower bound"]
    if not known:
        notes.append(
            "no author in the store carries a verified flag (no organisation overviews): the verified counts cannot be given"
        )
    verified = sum(1 for r in rows if r["verified"]) if known else None
    any_ns = sum(1 for r in rows if r["verified_any_namespace"]) if known else None
    headline = {
        "companies_listed": len(rows),
        "companies_with_namespace": sum(1 for r in rows if r["hub_namespace"]),
        "companies_found": sum(1 for r in rows if r["found"]),
        "companies_verified": verified,
        "share_of_500": share(verified, FORTUNE_500),
        "share_of_listed": share(verified, len(rows)),
        "companies_verified_any_namespace": any_ns,
        "share_of_500_any_namespace": share(any_ns, FORTUNE_500),
        "authors_with_verified_flag": known,
    }
    return Result(headline, rows, [ctx.as_of.snapshot_id], notes)


# -- P2 -----------------------------------------------------------------------------------------
@metric(
    spec="P2",
    name="bigtech_repo_growth",
    title="Repositories created per month by each Big Tech organisation",
    chapter="geography",
    published="A strong increase over time; NVIDIA the strongest contributor.",
    definition=(
        "Models, datasets and spaces present in the newest complete snapshot of each kind on or before the as-of date "
        "(a kind without a complete snapshot is left out, with a note), whose namespace the registry marks "
        "`kind=big_tech` (Alphabet, Meta, Microsoft, Amazon, Apple, NVIDIA, Alibaba, Tencent, Baidu, ByteDance, "
        "Huawei), grouped by organisation group (parent company, else organisation: NVIDIA = nvidia + Deci). Counted "
        "by the month of `createdAt`; repos at the createdAt floor (created before March 2022) all fall in March 2022, "
        "where the series starts. Rows: month × group with new repos (and per kind) and the cumulative count. "
        f"Last 12 months: created on or after the as-of date minus {WINDOW_DAYS} days; prior 12 months: "
        "the 365 days before that. `top_org_last_12m`: the group with most repos created in the last 12 months "
        "(ties by name)."
    ),
    headline_keys=(
        "top_org_last_12m",
        "top_org_repos_last_12m",
        "top_org_share_last_12m",
        "nvidia_repos_last_12m",
        "nvidia_rank_last_12m",
        "big_tech_repos_last_12m",
        "big_tech_repos_prior_12m",
        "big_tech_yoy",
        "big_tech_repos",
        "since",
    ),
    out_of_reach="Private repositories, and work by Big Tech staff under personal accounts, are not visible.",
)
def bigtech_repo_growth(ctx: Context) -> Result:
    parts, sids, notes = [], [], []
    for kind in REPO_KINDS:
        snap = ctx.latest_complete(kind)
        if snap is None:
            notes.append(f"no complete snapshot of {kind}s: not counted")
            continue
        sids.append(snap.snapshot_id)
        parts.append(
            present_sql(
                ctx,
                snap,
                f"'{kind}' AS kind, s.author AS ns, s.created_at",
                kind,
                where=" WHERE s.created_at IS NOT NULL",
                wrap=False,
            )
        )
    if not parts:
        return Result({}, [], [], notes)
    day = ctx.as_of.taken_at
    start, prior = day - dt.timedelta(days=WINDOW_DAYS), day - dt.timedelta(days=2 * WINDOW_DAYS)
    dated = f"x.created_at >= {ts_literal(FLOOR_END)}"  # repos at the createdAt floor cannot be placed in a window
    if prior < FLOOR_END.date():
        notes.append(
            "the 12-month windows reach back before the createdAt floor: repos at the floor are left out of them"
        )
    data = ctx.rows(f"""
        WITH x AS ({" UNION ALL ".join(parts)}),
        who AS {attribution_sql("x")}
        SELECT w.grp, x.kind, {month_start(created_sql("x.created_at"))} AS month,
               count(*) AS n,
               sum(CASE WHEN x.created_at >= {ts_literal(start)} AND {dated} THEN 1 ELSE 0 END) AS last_12m,
               sum(CASE WHEN x.created_at >= {ts_literal(prior)} AND x.created_at < {ts_literal(start)} AND {dated}
                        THEN 1 ELSE 0 END) AS prior_12m
        FROM x JOIN who w ON w.ns = x.ns
        WHERE w.kind = '{BIG_TECH}'
        GROUP BY 1, 2, 3
    """)
    per: dict[str, dict[dt.date, dict[str, int]]] = {}
    last12: dict[str, int] = {}
    prior12 = 0
    for r in data:
        cell = per.setdefault(r["grp"], {}).setdefault(as_date(r["month"]), {})
        cell[r["kind"]] = cell.get(r["kind"], 0) + int(r["n"])
        last12[r["grp"]] = last12.get(r["grp"], 0) + int(r["last_12m"])
        prior12 += int(r["prior_12m"])
    end = day.replace(day=1)
    first = min((m for v in per.values() for m in v), default=end)
    rows: list[dict[str, Any]] = []
    months = month_range(first, end)
    for grp in sorted(per):
        running = 0
        for m in months:
            cell = per[grp].get(m, {})
            new = sum(cell.values())
            running += new
            rows.append(
                {
                    "month": m,
                    "organisation": grp,
                    "new": new,
                    "cumulative": running,
                    **{f"{k}s": cell.get(k, 0) for k in REPO_KINDS},
                }
            )
    ranked = sorted(last12, key=lambda g: (-last12[g], g))
    total12 = sum(last12.values())
    top = ranked[0] if ranked and last12[ranked[0]] else None
    headline = {
        "top_org_last_12m": top,
        "top_org_repos_last_12m": last12[top] if top else None,
        "top_org_share_last_12m": share(last12[top], total12) if top else None,
        "nvidia_repos_last_12m": last12.get(NVIDIA, 0),
        "nvidia_rank_last_12m": (1 + sum(1 for v in last12.values() if v > last12[NVIDIA]))
        if last12.get(NVIDIA)
        else None,
        "big_tech_repos_last_12m": total12,
        "big_tech_repos_prior_12m": prior12,
        "big_tech_yoy": share(total12, prior12),
        "big_tech_repos": sum(sum(c.values()) for v in per.values() for c in v.values()),
        "since": first if per else None,
    }
    return Result(headline, rows, sorted(set(sids)), notes)
