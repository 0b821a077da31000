"""GEO5: who makes the trending new models — organisations or individuals, which kind of maker, from
which country, and from which country's family of models they derive.

The pool is the models created in the year up to the snapshot with a trending score above 0; the
top `TRENDING_N` by score are described five ways (`VIEWS`). A model's origin is its lineage root's
country, so a fine-tune of Qwen counts for China whoever made it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.attribution import NO_NAMESPACE, UNATTRIBUTED, attribution_sql, bucket_of, namespace_of
from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.facts import FLOOR_END
from hubcensus.metrics.snapshots import complete_or_partial
from hubcensus.metrics.sql import stats_at, ts_literal

TRENDING_N = 100  # the top 100 trending models created in the last TRENDING_WINDOW_DAYS days
TRENDING_WINDOW_DAYS = 365
INDIVIDUALS = "individual users"  # every individual's account, taken together as one entity
# The views of the top N (rows' `view`), each counting one column of the picked models.
VIEWS = {"entity": "entity", "maker": "maker", "account": "account", "country_made": "made", "country_origin": "origin"}


@metric(
    spec="GEO5",
    name="trending_by_entity",
    title="Who makes the trending new models",
    chapter="geography",
    published=(
        "Individual users are the 4th most popular entity for new trending models; most trending new 2025 models were "
        "made in China or derive from a Chinese model; France and South Korea competitive; three Korean models "
        "trending at once in Feb 2026."
    ),
    definition=(
        f"At the as-of snapshot (the newest complete one holding models; else the newest partial listing, where only "
        f"models the store has seen at or after that snapshot count, since a partial listing cannot say a model left "
        f"it): the models created in the {TRENDING_WINDOW_DAYS} days up to the as-of date with a trending score above "
        f"0, ranked by `trendingScore` (ties by id); the top N = {TRENDING_N} of them (`pool` counts the qualifying "
        f"models; models at the createdAt floor or without a createdAt cannot be dated and never qualify). Views "
        f"(rows, `view`): `model` — the N models; `entity` — who made them: an organisation group (registry parent company, else organisation, "
        f"else the namespace), with every individual's account pooled as one entity '{INDIVIDUALS}'; `maker` — big_tech "
        f"/ startup / other organisation (registry kinds company, lab, university, community) / individual / "
        f"unattributed; `account` — the Hub account type (organisation / individual; the registry kind when the type is "
        f"unknown); `country_made` — the maker's country as in GEO1; `country_origin` — the country of the model's "
        f"family root (model_families: the root nearest to the model, then the root with most downloads, then the "
        f"smallest id; a model without parents is its own root; a root outside the store is attributed by its "
        f"namespace), so a fine-tune of Qwen counts for CN whoever made it. Shares are of the N models; ranks are "
        f"competition ranks by number of models (ties share a rank). `cn_made_or_derived_share`: made in CN or with a "
        f"CN root."
    ),
    headline_keys=(
        "n",
        "pool",
        "window_start",
        "top_entity",
        "individuals_rank",
        "individual_share",
        "organisation_share",
        "big_tech_share",
        "startup_share",
        "other_organisation_share",
        "unattributed_share",
        "top_country_made",
        "cn_share_made",
        "us_share_made",
        "fr_share_made",
        "kr_share_made",
        "top_country_origin",
        "cn_share_origin",
        "us_share_origin",
        "cn_made_or_derived_share",
    ),
    out_of_reach="How the Hub computes trendingScore is not published; trending lists between snapshots are not kept.",
)
def trending_by_entity(ctx: Context) -> Result:
    snap, notes = complete_or_partial(ctx)
    if snap is None:
        return Result({}, [], [], notes)
    start = snap.taken_at - dt.timedelta(days=TRENDING_WINDOW_DAYS)
    since = max(
        dt.datetime(start.year, start.month, start.day), FLOOR_END
    )  # models at the createdAt floor cannot be dated
    if since > dt.datetime(start.year, start.month, start.day):
        notes.append(
            "the window starts before the createdAt floor: models at the floor cannot be dated and are left out"
        )
    seen = "" if snap.complete else f"AND r.last_seen >= {snap.snapshot_id}"
    [pool] = ctx.rows(f"""
        SELECT COALESCE(sum(CASE WHEN r.created_at >= {ts_literal(since)} THEN 1 ELSE 0 END), 0) AS pool,
               COALESCE(sum(CASE WHEN r.created_at IS NULL THEN 1 ELSE 0 END), 0) AS undated
        FROM {stats_at(ctx, snap.snapshot_id)} s JOIN repos r ON r.kind = 'model' AND r.repo_id = s.repo_id
        WHERE s.trending_score > 0 {seen}
    """)
    picked = ctx.rows(f"""
        WITH st AS {stats_at(ctx, snap.snapshot_id)},
        pool AS (
            SELECT r.repo_id, r.author AS ns, st.trending_score
            FROM st JOIN repos r ON r.kind = 'model' AND r.repo_id = st.repo_id
            WHERE st.trending_score > 0 AND r.created_at >= {ts_literal(since)} {seen}
        ),
        best AS (
            SELECT * FROM (SELECT pool.*, ROW_NUMBER() OVER (ORDER BY trending_score DESC, repo_id) AS rk FROM pool) p
            WHERE rk <= {TRENDING_N}
        ),
        fam AS (
            SELECT f.model_id, f.root_id,
                   {namespace_of("f.root_id", "rr.author")} AS root_ns,
                   ROW_NUMBER() OVER (PARTITION BY f.model_id
                                      ORDER BY f.depth, COALESCE(rd.downloads_all_time, rd.downloads_30d, 0) DESC, f.root_id) AS rn
            FROM model_families f JOIN best ON best.repo_id = f.model_id
            LEFT JOIN repos rr ON rr.kind = 'model' AND rr.repo_id = f.root_id
            LEFT JOIN st rd ON rd.repo_id = f.root_id
        ),
        root AS (SELECT model_id, root_id, root_ns FROM fam WHERE rn = 1),
        names AS (SELECT ns FROM best UNION SELECT root_ns AS ns FROM root),
        who AS {attribution_sql("names")}
        SELECT best.rk, best.repo_id, best.trending_score, COALESCE(root.root_id, best.repo_id) AS root_id,
               COALESCE(w.maker, '{UNATTRIBUTED}') AS maker, COALESCE(w.account, 'unknown') AS account,
               COALESCE(w.grp, best.ns, '{NO_NAMESPACE}') AS grp,
               COALESCE(w.label, '{UNATTRIBUTED}') AS made,
               COALESCE(wr.label, CASE WHEN root.root_id IS NULL THEN COALESCE(w.label, '{UNATTRIBUTED}') END, '{UNATTRIBUTED}') AS origin
        FROM best LEFT JOIN root ON root.model_id = best.repo_id
        LEFT JOIN who w ON w.ns = best.ns
        LEFT JOIN who wr ON wr.ns = root.root_ns
        ORDER BY best.rk
    """)
    n = len(picked)
    if int(pool["undated"] or 0):
        notes.append(
            f"{int(pool['undated'])} trending models have no createdAt in the source and cannot be placed in the window"
        )
    if not n:
        notes.append(f"no model created since {since.date()} has a trending score above 0 at {snap.taken_at}")
    for p in picked:
        p["entity"] = INDIVIDUALS if p["maker"] == "individual" else p["grp"]
    rows: list[dict[str, Any]] = [
        {
            "view": "model",
            "rank": int(p["rk"]),
            "label": p["repo_id"],
            "models": 1,
            "share": share(1, n),
            "trending_score": p["trending_score"],
            "entity": p["entity"],
            "maker": p["maker"],
            "country_made": p["made"],
            "country_origin": p["origin"],
            "root": p["root_id"],
        }
        for p in picked
    ]
    counts: dict[str, dict[str, int]] = {}
    for view, key in VIEWS.items():
        c: dict[str, int] = {}
        for p in picked:
            c[p[key]] = c.get(p[key], 0) + 1
        counts[view] = c
        for label, k in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])):
            rank = 1 + sum(1 for v in c.values() if v > k)
            rows.append(
                {
                    "view": view,
                    "rank": rank,
                    "label": label,
                    "models": k,
                    "share": share(k, n),
                    "trending_score": None,
                    "entity": None,
                    "maker": None,
                    "country_made": None,
                    "country_origin": None,
                    "root": None,
                }
            )

    def sh(view: str, label: str) -> float | None:
        return share(counts[view].get(label, 0), n)

    def top_label(view: str, countries_only: bool = False) -> str | None:
        c = {k: v for k, v in counts[view].items() if not countries_only or bucket_of(k) == "country"}
        return min(c, key=lambda k: (-c[k], k)) if c else None

    ent = counts["entity"]
    headline = {
        "n": n,
        "pool": int(pool["pool"] or 0),
        "window_start": since.date(),
        "top_entity": top_label("entity"),
        "individuals_rank": (1 + sum(1 for v in ent.values() if v > ent[INDIVIDUALS])) if INDIVIDUALS in ent else None,
        "individual_share": sh("account", "individual"),
        "organisation_share": sh("account", "organisation"),
        "big_tech_share": sh("maker", "big_tech"),
        "startup_share": sh("maker", "startup"),
        "other_organisation_share": sh("maker", "other organisation"),
        "unattributed_share": sh("maker", UNATTRIBUTED),
        "top_country_made": top_label("country_made", True),
        "cn_share_made": sh("country_made", "CN"),
        "us_share_made": sh("country_made", "US"),
        "fr_share_made": sh("country_made", "FR"),
        "kr_share_made": sh("country_made", "KR"),
        "top_country_origin": top_label("country_origin", True),
        "cn_share_origin": sh("country_origin", "CN"),
        "us_share_origin": sh("country_origin", "US"),
        "cn_made_or_derived_share": share(sum(1 for p in picked if "CN" in (p["made"], p["origin"])), n),
    }
    return Result(headline, rows, [snap.snapshot_id], notes)
