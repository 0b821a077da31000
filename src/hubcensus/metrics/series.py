"""Downloads per repo per month from a series of snapshots: the one estimate every "over time" metric uses.

The Hub publishes two counters, neither of which is "downloads in month M":
- `downloadsAllTime`, cumulative, only in snapshots from 2025-02-27;
- `downloads`, a rolling 30-day count at snapshot time.

hubcensus estimates a repo's downloads in the month that ends at a snapshot (a snapshot taken on
March 1 closes February) as follows, and says per row which rule gave the number (`method`):

- `all_time_diff`: the increase of `downloadsAllTime` since the repo's previous snapshot in the
  series, when both carry it. A repo first seen with an all-time count and created after the
  previous snapshot contributes its whole count. A negative increase (a corrected counter) is 0.
- `spread`: counters sometimes stall and then jump. An increase of 0 while the same snapshot's
  30-day count is positive is a stall (the repo was being downloaded); each run of stalled
  intervals and the jump that ends it share the run's total increase evenly. A stall the series
  has not yet seen end stays 0.
- `downloads_30d`: otherwise (no all-time count at either end — before 2025-02-27 — or the
  repo's first snapshot), the 30-day count at the snapshot that closes the month.

Only complete snapshots of the kind are used (a partial listing cannot say what a month did).
With several snapshots closing the same month (a weekly series), the increases are summed and the
30-day rule takes the last one. Dataset download counts changed method in September 2024: a dataset
series across that month compares unlike counts, and metrics using it say so.
"""

from __future__ import annotations

import datetime as dt

from hubcensus.metrics.base import Context, Snapshot
from hubcensus.metrics.sql import date_literal, stats_at

METHOD_NOTE = (
    "monthly downloads: downloadsAllTime differences between consecutive snapshots where both carry it "
    "(stalled counters: the jump is spread over the stalled months), else the 30-day downloads at the "
    "snapshot that closes the month"
)


def closes(snap: Snapshot) -> dt.date:
    """The month a snapshot closes: the month of the day before it was taken."""
    return (snap.taken_at - dt.timedelta(days=1)).replace(day=1)


def monthly_downloads(ctx: Context, kind: str = "model") -> str | None:
    """A table of (repo_id, month DATE, downloads BIGINT, method) over the complete snapshots up to
    as-of, computed once per run and shared by every metric that needs it; None without a series."""
    sql = monthly_downloads_sql(ctx, kind)
    if sql is None:
        return None
    return ctx.shared(f"_hc_monthly_{kind}_{ctx.as_of.snapshot_id}", sql)


def monthly_downloads_sql(ctx: Context, kind: str = "model") -> str | None:
    """The SQL behind `monthly_downloads` (a parenthesised subquery)."""
    snaps = ctx.complete_series(kind)
    if not snaps:
        return None
    if len(snaps) == 1:
        # One snapshot: no repo has a previous one, so every rule above comes down to its 30-day count.
        # Said directly, it is one pass over that snapshot's statistics instead of the windows below.
        return (
            f"(SELECT repo_id, {date_literal(closes(snaps[0]))} AS month, COALESCE(downloads_30d, 0) AS downloads, "
            f"'downloads_30d' AS method FROM {stats_at(ctx, snaps[0].snapshot_id, kind)} t)"
        )
    literal = " UNION ALL ".join(
        f"SELECT {s.snapshot_id} AS snapshot_id, {date_literal(s.taken_at)} AS taken_at, {date_literal(closes(s))} AS month"
        for s in snaps
    )
    # Every window below partitions by repo: an integer key per repo (numbered once per run) keeps the
    # sorts narrow, where the id text would make them several times wider and spill at Hub scale.
    keys = ctx.shared(
        f"_hc_keys_{kind}",
        f"(SELECT repo_id, created_at, ROW_NUMBER() OVER (ORDER BY repo_id) AS k FROM repos WHERE kind = '{kind}')",
    )
    return f"""(
        WITH s AS ({literal}),
        ranges AS (
            SELECT ky.k, ky.created_at, r.snapshot_id, r.downloads_30d, r.downloads_all_time, r.deleted,
                   LEAD(r.snapshot_id) OVER (PARTITION BY ky.k ORDER BY r.snapshot_id) AS valid_until
            FROM repo_stats r JOIN {keys} ky ON ky.repo_id = r.repo_id
            WHERE r.kind = '{kind}'
        ),
        d AS (
            -- the statistics in force at each snapshot of the series (as `repo_stats_dense` gives them)
            SELECT r.k, r.created_at, s.snapshot_id, s.taken_at, s.month, r.downloads_30d AS d30, r.downloads_all_time AS at_now,
                   LAG(r.downloads_all_time) OVER (PARTITION BY r.k ORDER BY s.snapshot_id) AS at_prev,
                   LAG(s.taken_at) OVER (PARTITION BY r.k ORDER BY s.snapshot_id) AS prev_taken
            FROM ranges r JOIN s ON s.snapshot_id >= r.snapshot_id AND (r.valid_until IS NULL OR s.snapshot_id < r.valid_until)
            WHERE NOT r.deleted
        ),
        series_prev AS (
            SELECT snapshot_id, LAG(taken_at) OVER (ORDER BY snapshot_id) AS prev_snapshot FROM s
        ),
        inc AS (
            SELECT d.k, d.snapshot_id, d.month, d.d30,
                   CASE WHEN d.at_now IS NOT NULL AND d.at_prev IS NOT NULL
                             THEN CASE WHEN d.at_now > d.at_prev THEN d.at_now - d.at_prev ELSE 0 END
                        WHEN d.at_now IS NOT NULL AND d.prev_taken IS NULL AND sp.prev_snapshot IS NOT NULL
                             AND d.created_at >= CAST(sp.prev_snapshot AS TIMESTAMP)
                             THEN d.at_now
                   END AS diff
            FROM d JOIN series_prev sp ON sp.snapshot_id = d.snapshot_id
        ),
        flagged AS (
            SELECT *, CASE WHEN diff = 0 AND COALESCE(d30, 0) > 0 THEN 1 ELSE 0 END AS stalled FROM inc
        ),
        grouped AS (
            -- the intervals before this one that were not stalls: a stall run and the jump ending it share it
            SELECT *, SUM(1 - stalled) OVER (PARTITION BY k ORDER BY snapshot_id
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - (1 - stalled) AS grp
            FROM flagged
        ),
        groups AS (
            SELECT k, grp, SUM(diff) AS grp_total, COUNT(*) AS grp_n, MAX(stalled) AS grp_stalled,
                   MAX(1 - stalled) AS grp_closed
            FROM grouped GROUP BY k, grp
        ),
        per_snapshot AS (
            SELECT g.k, g.snapshot_id, g.month, COALESCE(g.d30, 0) AS d30,
                   CASE WHEN g.diff IS NULL THEN NULL
                        WHEN x.grp_stalled = 1 AND x.grp_closed = 1 THEN CAST(x.grp_total AS DOUBLE) / x.grp_n
                        ELSE g.diff END AS increase,
                   CASE WHEN x.grp_stalled = 1 AND x.grp_closed = 1 AND g.diff IS NOT NULL THEN 1 ELSE 0 END AS spread
            FROM grouped g JOIN groups x ON x.k = g.k AND x.grp = g.grp
        ),
        per_month AS (
            SELECT k, month,
                   CASE WHEN COUNT(*) = COUNT(increase) THEN CAST(ROUND(SUM(increase)) AS BIGINT)
                        ELSE max_by(d30, snapshot_id) END AS downloads,
                   CASE WHEN COUNT(*) <> COUNT(increase) THEN 'downloads_30d'
                        WHEN MAX(spread) = 1 THEN 'spread' ELSE 'all_time_diff' END AS method
            FROM per_snapshot
            GROUP BY k, month
        )
        SELECT ky.repo_id, m.month, m.downloads, m.method FROM per_month m JOIN {keys} ky ON ky.k = m.k
    )"""
