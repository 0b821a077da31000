"""Chapter: how concentrated downloads are (C1).

The report's two thresholds are SPEC.md's: "models with < 200 total downloads" and "the top 200 models
(0.01%)". The top 0.01% is its own figure (`TOP_FRACTION` of the models, at least one), since 200
models are 0.01% only of a Hub of two million.
"""

from __future__ import annotations

import math
from bisect import bisect_left

from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.snapshots import complete_or_as_of, present_sql
from hubcensus.metrics.sql import COLUMN, downloads_field

FEW_DOWNLOADS = 200  # share_under_200: the share of models with fewer downloads than this
TOP_K = 200  # top_200_share: the share of all downloads taken by this many most downloaded models
TOP_FRACTION = 0.0001  # top_0_01pct_share: the same for the top 0.01% of models (rounded, at least one)
PERCENTS = 100  # the Lorenz curve is given at every percent of models


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
        f"is 0. share_under_200: models with fewer than {FEW_DOWNLOADS} downloads / all models. top_200_share: the {TOP_K} largest "
        "counts / all downloads (ties at the boundary do not matter: tied counts are equal). top_0_01pct_share: the "
        "largest round(0.01% of models) counts, at least 1, / all downloads. gini: the Gini coefficient over all "
        "models, 0 = equal, 1 = one model takes all. Rows: the Lorenz curve, the cumulative share of downloads held "
        "by the least-downloaded share of models, at every percent."
    ),
    headline_keys=("models", "downloads_field", "share_under_200", "top_200_share", "top_0_01pct_share", "gini"),
    out_of_reach="Downloads are counted per file request by the Hub; who downloads, and from where, is not public.",
)
def download_concentration(ctx: Context) -> Result:
    snap, notes = complete_or_as_of(ctx)
    field = downloads_field(ctx, snap.snapshot_id)
    base = present_sql(ctx, snap, f"repo_id, COALESCE({COLUMN[field]}, 0) AS d", alias="t")
    groups = _value_groups(ctx, base)
    first = groups[0] if groups else {}
    n, total = int(first.get("models") or 0), int(first.get("total") or 0)
    k = max(1, round(n * TOP_FRACTION)) if n else 0
    # The Gini coefficient from the ascending ranks i = 1 … n of the values x_i:
    #   G = 2 * sum(i * x_i) / (n * sum(x_i)) - (n + 1) / n
    # (0 when every model has the same downloads, (n - 1) / n when one model has them all).
    gini = (2 * float(first["weighted"] or 0) / (n * total) - (n + 1) / n) if n and total else None
    return Result(
        headline={
            "models": n,
            "downloads_field": field,
            "share_under_200": share(int(first.get("under_200") or 0), n),
            "top_200_share": share(_top(groups, TOP_K, n), total),
            "top_0_01pct_share": share(_top(groups, k, n), total),
            "gini": gini,
        },
        rows=lorenz(_cumulative(groups, n) if n else {}, n, total),
        snapshots=[snap.snapshot_id],
        notes=notes + [f"top 0.01% = the top {k} model(s)"],
    )


def _value_groups(ctx: Context, base: str) -> list[dict]:
    """Every figure of C1 from one query over the distinct values with their counts and ranks (`ranks_sql`, built
    once in it: grouping and windowing every model's count is most of C1's time). Each row is a value group
    that holds one of the top `TOP_K` or top 0.01% ranks (`_top`) or a Lorenz point's rank (`_cumulative`), a
    few hundred at most, with the totals beside it: the models, their downloads, those under `FEW_DOWNLOADS`,
    and the Gini's rank-weighted sum. No row: no model.

    Ties share a value, so every rank-based figure follows from the distinct values and their counts: a group of
    `c` models at `d` after `before` smaller ones holds ascending ranks before+1 … before+c, whose sum is
    c * before + c * (c + 1) / 2 (`weighted` sums each value times its ranks, for the Gini). The top 0.01% is
    round(0.01% of the models) < 0.01% of them + 1, which bounds the top groups asked for."""
    return ctx.rows(f"""
        WITH g AS {ranks_sql(base)},
        t AS (
            SELECT sum(c) AS models, COALESCE(sum(d * c), 0) AS total,
                   sum(CASE WHEN d < {FEW_DOWNLOADS} THEN c ELSE 0 END) AS under_200,
                   sum(CAST(d AS DOUBLE) * (CAST(c AS DOUBLE) * before + CAST(c AS DOUBLE) * (c + 1) / 2)) AS weighted
            FROM g
        )
        SELECT h.d, h.c, h.before, h.below, t.models, t.total, t.under_200, t.weighted
        FROM g h CROSS JOIN t
        WHERE t.models - h.before - h.c < {TOP_K}
           OR t.models - h.before - h.c < t.models * {TOP_FRACTION} + 1
           OR {_percent_below("h.before + h.c")} > {_percent_below("h.before")}
    """)


def _top(groups: list[dict], k: int, n: int) -> int:
    """The downloads of the `k` most downloaded of the `n` models, from the value groups holding their ranks
    (ties at the boundary do not matter: tied counts are equal)."""
    total = 0
    for g in groups:
        above = n - int(g["before"]) - int(g["c"])  # models with more downloads than the group's
        total += int(g["d"]) * max(0, min(int(g["c"]), k - above))
    return total


def _cumulative(groups: list[dict], n: int) -> dict[int, int]:
    """{ra: the downloads of the ra least downloaded models} at each Lorenz point's rank (`lorenz_points`), from
    the value groups holding those ranks: the group with before < ra <= before + c gives
    below + (ra - before) * d. Integers throughout, as the SQL computed them."""
    ordered = sorted(groups, key=lambda g: int(g["before"]))
    starts = [int(g["before"]) for g in ordered]
    cumulative = {}
    for ra in lorenz_points(n).values():
        g = ordered[bisect_left(starts, ra) - 1]  # the last group whose ranks start below ra
        before = int(g["before"])
        assert before < ra <= before + int(g["c"]), f"C1: no value group holds rank {ra}"
        cumulative[ra] = int(g["below"]) + (ra - before) * int(g["d"])
    return cumulative


def lorenz_points(n: int) -> dict[int, int]:
    """{p: the number of least downloaded models that make p% of `n`}, at every percent: ceil(p% of n), at least 1."""
    return {p: max(1, math.ceil(p * n / PERCENTS)) for p in range(1, PERCENTS + 1)}


def _percent_below(models: str) -> str:
    """floor(100 * models / n) as SQL, n being `t.models`: how many Lorenz points' ranks are <= `models`
    (ceil(p * n / 100) <= m exactly when p <= 100 * m / n; the double quotient's floor is exact, 100 * m being an
    exact double). A value group holds a point's rank when this grows across it: a hundred groups at most."""
    return f"FLOOR(CAST({PERCENTS} * ({models}) AS DOUBLE) / t.models)"


def lorenz(cumulative: dict[int, int], n: int, total: int) -> list[dict]:
    """The Lorenz curve at every percent of models, least downloaded first: at p%, the downloads of the
    ceil(p% of n) least downloaded models / all downloads. `cumulative`: those downloads by that rank (`_cumulative`)."""
    if not n:
        return []
    rows = [{"models_share": 0.0, "downloads_share": 0.0}]
    rows += [
        {"models_share": p / PERCENTS, "downloads_share": share(cumulative[ra], total) or 0.0}
        for p, ra in lorenz_points(n).items()
    ]
    return rows


def ranks_sql(base: str) -> str:
    """(d, c, before, below) per distinct downloads value of `base(d)`: `c` models have it, `before` models
    have less, and they hold `below` downloads in all."""
    return f"""(
        SELECT d, c, sum(c) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - c AS before,
               sum(d * c) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - d * c AS below
        FROM (SELECT d, count(*) AS c FROM {base} b0 GROUP BY d) v
    )"""
