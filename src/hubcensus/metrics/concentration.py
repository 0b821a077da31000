"""Chapter: how concentrated downloads are (C1)."""

from __future__ import annotations

import math

from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.sql import COLUMN, downloads_field, stats_at


@metric(
    spec="C1",
    name="download_concentration",
    title="How concentrated downloads are",
    chapter="concentration",
    published="About half of models have < 200 total downloads; the top 200 models (0.01%) take 49.6% of all downloads.",
    definition=(
        "Over every model present in the newest complete snapshot on or before the as-of date (a partial listing "
        "is used only when no complete one exists, and the metric says so). Each model's downloads are "
        "`downloadsAllTime` when that snapshot has the field, else the rolling 30-day `downloads`; a missing count "
        "is 0. share_under_200: models with fewer than 200 downloads / all models. top_200_share: the 200 largest "
        "counts / all downloads (ties at the boundary do not matter: tied counts are equal). top_0_01pct_share: the "
        "largest round(0.01% of models) counts, at least 1, / all downloads. gini: the Gini coefficient over all "
        "models, 0 = equal, 1 = one model takes all. Rows: the Lorenz curve, the cumulative share of downloads held "
        "by the least-downloaded share of models, at every percent."
    ),
    headline_keys=("models", "downloads_field", "share_under_200", "top_200_share", "top_0_01pct_share", "gini"),
    out_of_reach="Downloads are counted per file request by the Hub; who downloads, and from where, is not public.",
)
def download_concentration(ctx: Context) -> Result:
    snap = ctx.latest_complete() or ctx.as_of
    notes = [] if snap.complete else ["no complete snapshot: computed on a partial listing"]
    field = downloads_field(ctx, snap.snapshot_id)
    col = COLUMN[field]
    base = f"(SELECT repo_id, COALESCE({col}, 0) AS d FROM {stats_at(ctx, snap.snapshot_id)} t)"
    [agg] = ctx.rows(f"""
        SELECT count(*) AS models, COALESCE(sum(d), 0) AS total,
               sum(CASE WHEN d < 200 THEN 1 ELSE 0 END) AS under_200
        FROM {base} b
    """)
    n, total = int(agg["models"]), int(agg["total"] or 0)
    k = max(1, round(n * 0.0001)) if n else 0
    if n:
        # Ties share a value, so every rank-based figure follows from the distinct values and their counts:
        # a group of `c` models at `d` after `before` smaller ones holds ascending ranks before+1 … before+c.
        [top] = ctx.rows(f"""
            WITH g AS {ranks_sql(base)}
            SELECT sum(d * {_clamp(200, n)}) AS top_200, sum(d * {_clamp(k, n)}) AS top_k,
                   sum(CAST(d AS DOUBLE) * (CAST(c AS DOUBLE) * before + CAST(c AS DOUBLE) * (c + 1) / 2)) AS weighted
            FROM g
        """)
    else:
        top = {"top_200": 0, "top_k": 0, "weighted": 0}
    gini = (2 * float(top["weighted"] or 0) / (n * total) - (n + 1) / n) if n and total else None
    rows = lorenz(ctx, base, n, total)
    return Result(
        headline={
            "models": n,
            "downloads_field": field,
            "share_under_200": share(int(agg["under_200"] or 0), n),
            "top_200_share": share(int(top["top_200"] or 0), total),
            "top_0_01pct_share": share(int(top["top_k"] or 0), total),
            "gini": gini,
        },
        rows=rows,
        snapshots=[snap.snapshot_id],
        notes=notes + [f"top 0.01% = the top {k} model(s)"],
    )


def lorenz(ctx: Context, base: str, n: int, total: int) -> list[dict]:
    """The Lorenz curve at every percent of models, least downloaded first."""
    if not n:
        return []
    points = {p: max(1, math.ceil(p * n / 100)) for p in range(1, 101)}
    ranks = " UNION ALL ".join(f"SELECT {v} AS ra" for v in sorted(set(points.values())))
    got = {
        int(r["ra"]): int(r["cum"] or 0)
        for r in ctx.rows(f"""
            WITH g AS {ranks_sql(base)}, w AS ({ranks})
            SELECT w.ra, g.below + (w.ra - g.before) * g.d AS cum
            FROM w JOIN g ON w.ra > g.before AND w.ra <= g.before + g.c
        """)
    }
    rows = [{"models_share": 0.0, "downloads_share": 0.0}]
    rows += [{"models_share": p / 100, "downloads_share": share(got[idx], total) or 0.0} for p, idx in points.items()]
    return rows


def ranks_sql(base: str) -> str:
    """(d, c, before, below) per distinct downloads value of `base(d)`: `c` models have it, `before` models
    have less, and they hold `below` downloads in all."""
    return f"""(
        SELECT d, c, sum(c) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - c AS before,
               sum(d * c) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - d * c AS below
        FROM (SELECT d, count(*) AS c FROM {base} b0 GROUP BY d) v
    )"""


def _clamp(k: int, n: int) -> str:
    """How many of a value group's models are among the `k` most downloaded of `n` (ranked from the top)."""
    above = f"({n} - before - c)"  # models with more downloads than the group's
    return f"(CASE WHEN {k} - {above} >= c THEN c WHEN {k} - {above} > 0 THEN {k} - {above} ELSE 0 END)"
