"""P1 and P2: Big Business on the Hub — the Fortune 500 companies with a verified organisation (P1),
and the repositories Big Tech's organisation groups create month by month (P2).

P1 reads the whole Fortune 500 matched to the store's organisations by `enrich` (`fortune500_matches`:
curated aliases, full names, namespace names) and their verified flags; P2 counts the repos present at the newest complete snapshot of each kind by
the month of `createdAt`, for the namespaces the registry marks Big Tech.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hubcensus.enrich.fortune500 import HOW, LIST_SIZE
from hubcensus.metrics.attribution import BIG_TECH, attribution_sql
from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.facts import FLOOR_END
from hubcensus.metrics.snapshots import present_sql, window_unseen
from hubcensus.metrics.sql import as_date, created_sql, month_range, month_start, ts_literal

REPO_KINDS = ("model", "dataset", "space")  # P2 counts all three
WINDOW_DAYS = 365  # P2's "last 12 months": created on or after the as-of date minus this; "prior": the same before
NVIDIA = "NVIDIA"  # the organisation group P2's headline ranks


# -- P1 -----------------------------------------------------------------------------------------
PRESENCE_SQL = """
    SELECT f.rank, f.company, f.hub_namespace, m.author, m.verified, m.how
    FROM fortune500 f
    LEFT JOIN (SELECT rank, author, verified, how FROM fortune500_matches WHERE is_org IS NULL OR is_org) m
           ON m.rank = f.rank
    ORDER BY f.rank, m.author
"""
FLAGS_SQL = "SELECT count(*) AS n FROM authors WHERE verified IS NOT NULL"
NO_FLAGS = (
    "no author in the store carries a verified flag (no organisation overviews were read): "
    "the number of companies with a verified organisation cannot be given"
)


def presence(rows: Callable[[str], list[dict[str, Any]]]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """P1's headline, rows and notes from `fortune500` and `fortune500_matches` (see `P1_DEFINITION`).

    `rows(sql)` runs a query and gives rows as dicts: a metric's `ctx.rows`, or `duckdb_rows(con)`. Organisations
    are the matched namespaces not known to be user accounts. The verified figures are None, with the reason in
    the notes, when no author in the store carries a verified flag: such a store cannot say who is verified, and
    0 would be a guess.
    """
    flagged = int(next(iter(rows(FLAGS_SQL)[0].values())) or 0)
    by_rank: dict[int, dict[str, Any]] = {}
    for r in rows(PRESENCE_SQL):
        row = by_rank.setdefault(
            r["rank"],
            {
                "rank": r["rank"],
                "company": r["company"],
                "hub_namespace": r["hub_namespace"],
                "authors": [],
                "verified_authors": [],
                "how": [],
            },
        )
        if r["author"] is None:
            continue
        row["authors"].append(r["author"])
        if r["verified"]:
            row["verified_authors"].append(r["author"])
        if r["how"] not in row["how"]:
            row["how"].append(r["how"])
    out = []
    for row in by_rank.values():
        row["how"] = sorted(row["how"], key=HOW.index)
        row["has_organisation"] = bool(row["authors"])
        row["has_verified_organisation"] = bool(row["verified_authors"]) if flagged else None
        # the names the report's chart and caption read (report/charts.py, report/captions.py)
        row["found"] = row["has_organisation"]
        row["verified"] = row["has_verified_organisation"]
        row["matched_as"] = row["authors"][0] if row["authors"] else None
        if not flagged:
            row["verified_authors"] = None
        out.append(row)
    n = len(out)
    with_org = sum(1 for r in out if r["has_organisation"])
    verified = sum(1 for r in out if r["has_verified_organisation"]) if flagged else None
    by_how = {how: sum(1 for r in out if how in r["how"]) for how in HOW}
    headline = {
        "companies_listed": n,
        "companies_verified": verified,
        "share_of_500": None if verified is None else verified / LIST_SIZE,
        "companies_with_organisation": with_org,
        "companies_found": with_org,  # the name the report's caption reads
        "share_of_500_any_organisation": with_org / LIST_SIZE,
        "authors_with_verified_flag": flagged,
        "companies_matched_by_alias": by_how["alias"],
        "companies_matched_by_full_name": by_how["full name"],
        "companies_matched_by_namespace_name": by_how["namespace name"],
    }
    notes = []
    if not flagged:
        notes.append(NO_FLAGS)
    if n != LIST_SIZE:
        notes.append(f"the fortune500 table holds {n} companies, not {LIST_SIZE}: re-run `hubcensus enrich`")
    return headline, out, notes


P1_DEFINITION = (
    "The Fortune 500 (2025 list, all 500 companies, shipped as `fortune500`) matched to the store's Hub "
    "namespaces in `fortune500_matches`, each match recorded with how it was made: `alias` (a curated registry "
    "row gives the namespace the company's rank), `full name` (the organisation's full name reduces to the "
    "company's key: legal suffixes, punctuation, '&'/'and', a leading 'The', brand and parent names such as "
    "Google -> Alphabet; trailing division words such as 'Research'), or `namespace name` (the namespace read "
    "as words does). Name matches are made for organisations only and never for ambiguous keys. A company "
    "counts when at least one matched namespace is an organisation (`is_org` not false) whose `isVerified` flag, "
    "from the organisation overview, is true: `share_of_500` = those companies / 500. A second figure, "
    "`share_of_500_any_organisation`, counts companies with any matched organisation, verified or not. Where "
    "no author in the store carries a verified flag, the verified figures are None with the reason. Verified "
    "flags are the store's latest known state of each author, not as of an earlier snapshot."
)


@metric(
    spec="P1",
    name="fortune500_presence",
    title="Fortune 500 companies with a verified Hub organisation",
    chapter="geography",
    published="More than 30% of Fortune 500 companies have a verified organisation on the Hub.",
    definition=P1_DEFINITION,
    headline_keys=(
        "companies_listed",
        "companies_verified",
        "share_of_500",
        "companies_with_organisation",
        "companies_found",
        "share_of_500_any_organisation",
        "authors_with_verified_flag",
        "companies_matched_by_alias",
        "companies_matched_by_full_name",
        "companies_matched_by_namespace_name",
    ),
    out_of_reach="Which Hub organisations a company runs is not declared in public metadata: matches come from "
    "full names, namespace names and curated aliases, each recorded with how it was made (fortune500_matches).",
)
def fortune500_presence(ctx: Context) -> Result:
    headline, rows, notes = presence(ctx.rows)
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
    # A window after a snapshot read (the newest complete one predates the as-of date) lists no new repo:
    # its counts are unknown, not 0.
    unseen = [w for sid in sorted(set(sids)) for w in [_unseen(ctx, sid, prior, start, day)] if w]
    notes += unseen
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
    if unseen:
        headline.update({k: None for k in headline if k not in ("big_tech_repos", "since")})
    return Result(headline, rows, sorted(set(sids)), notes)


def _unseen(ctx: Context, sid: int, prior: dt.date, start: dt.date, day: dt.date) -> str | None:
    """P2's note when the snapshot `sid` predates the end of its windows ([prior, start) and [start, day])."""
    snap = next(s for s in ctx.series if s.snapshot_id == sid)
    return window_unseen(snap, start, day, "the last 12 months") or window_unseen(
        snap, prior, start, "the 12 months before"
    )
