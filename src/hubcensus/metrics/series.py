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
from collections.abc import Callable

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


def closes_week(snap: Snapshot) -> dt.date:
    """The ISO week (its Monday) a snapshot closes: the week of the day before it was taken. A series taken
    on Mondays (`pull --every week` takes the first day held in each ISO week) closes one whole week each."""
    day = snap.taken_at - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


def weekly_downloads(
    ctx: Context, snaps: list[Snapshot], kind: str = "model", released: tuple[dt.date, dt.date] | None = None
) -> str:
    """A subquery of (k, week DATE, downloads BIGINT, method, likes_gained BIGINT) over `snaps` (complete
    snapshots at most a week apart, carrying `downloadsAllTime`), k from `repo_keys`, as `monthly_downloads`
    per month, with one difference: a week has no 30-day fallback (a rolling 30-day count is not a week's),
    so a repo-week without an all-time increase has NULL downloads. In particular a repo's first week holds
    its whole count only when it was created after the previous snapshot of `snaps`.

    `released` (two Mondays): only the repos whose createdAt falls in an ISO week from the first to the last.
    Each repo's weeks depend on its own rows alone, so theirs are as in the whole table; A2 follows no other,
    and a year of daily snapshots holds several times as many rows of repos released before it as after.

    A subquery keyed by k rather than a shared table by repo id: A2 is its one reader, and it follows models
    by k; over a year of days, writing the table out and going back and forth between k and the id cost
    about as much as computing it."""
    return _period_downloads_sql(ctx, snaps, kind, "week", closes_week, released=released, by_key=True)


def week_of_sql(created_at: str) -> str:
    """The Monday of the ISO week `created_at` falls in, as a DATE: A2's release week."""
    return f"CAST(date_trunc('week', {created_at}) AS DATE)"


def released_sql(created_at: str, first: dt.date, last: dt.date) -> str:
    """Whether `created_at` falls in an ISO week from the one starting Monday `first` to the one starting
    Monday `last` (`week_of_sql`): a week starts at its Monday's midnight, so this compares the timestamp
    itself, which a scan filters by its blocks' bounds before reading a row (truncating every row's
    timestamp to its week cost 0.3 s over a year of days at 10% scale)."""
    end = last + dt.timedelta(weeks=1)
    return (
        f"{created_at} >= CAST({date_literal(first)} AS TIMESTAMP) "
        f"AND {created_at} < CAST({date_literal(end)} AS TIMESTAMP)"
    )


# Increases are counted in millionths of a download, as integers: a stall run's jump shared by its members
# is then summed into each period exactly, whatever order an engine adds the shares in (as floating point
# the sum could land either side of a half, and one download's difference followed the engine's order).
SHARE_SCALE = 1_000_000


def share_sql(total: str, members: str, within: str) -> str:
    """What `within` of a run's `members` get of its `total` increase together, in millionths of a download
    (rounded down). Computed per period as one division, not summed member by member, so that a period whose
    members' shares add up to exactly half a download says so (three members' 11/6 each are 5.5)."""
    return f"CAST(FLOOR(CAST({total} AS DOUBLE) * {SHARE_SCALE} * ({within}) / ({members})) AS BIGINT)"


def monthly_downloads(ctx: Context, kind: str = "model") -> str | None:
    """A table of (repo_id, author, month DATE, downloads BIGINT, method, likes_gained BIGINT) over the
    complete snapshots up to as-of, computed once per run and shared by every metric that needs it; None
    without a series. `author` is the repo's namespace, carried so that a grouping by namespace needs
    no join of every repo-month with `repos`. `likes_gained` is the like count at the last snapshot
    closing the month minus that of the repo's previous month in the series (its first month gains
    all its likes)."""
    sql = monthly_downloads_sql(ctx, kind)
    if sql is None:
        return None
    return ctx.shared(f"_hc_monthly_{kind}_{ctx.as_of.snapshot_id}", sql)


def repo_keys(ctx: Context, kind: str = "model") -> str:
    """(repo_id, created_at, author, k): an integer key per repo, numbered once per run. The windows over a
    series partition by repo: an integer keeps their sorts narrow, where the id text would make them
    several times wider and spill at Hub scale."""
    return ctx.shared(
        f"_hc_keys_{kind}",
        # Numbered in the order repos were first seen, then createdAt (ids break ties): a snapshot added after
        # the others brings repos numbered after every one held, so numbers kept from one enrich to the next
        # stay valid (`series_carry`); sorting by integers and a timestamp first is half the cost of the id text.
        f"(SELECT repo_id, created_at, author, ROW_NUMBER() OVER (ORDER BY first_seen, created_at, repo_id) AS k "
        f"FROM repos WHERE kind = '{kind}')",
    )


def series_stats(
    ctx: Context,
    kind: str = "model",
    only: list[Snapshot] | None = None,
    released: tuple[dt.date, dt.date] | None = None,
) -> str | None:
    """The statistics in force at each complete snapshot of the series up to as-of, for every repo
    present there: (k, created_at, snapshot_id, d30, at_now, likes), k from `repo_keys`.

    This is `repo_stats_dense` restricted to the series, with the integer key: the monthly estimate
    and the metrics that follow a repo from snapshot to snapshot (A1) read it, so it is built once
    per run. `repo_stats` holds a row where a repo's statistics changed; each row is in force from
    its snapshot until the repo's next row.

    `only`: those complete snapshots alone (A2 reads one a week): the whole series' rows at those snapshots,
    a filter over a table a run (or `enrich`, which keeps it) builds once for every metric that follows it;
    `released`: the rows of the repos created in those ISO weeks alone (`weekly_downloads`).
    The filter is a subquery, not a table of its own: its one reader scans it once, and writing its rows out
    first cost as much as that reader (A2 over a year of days)."""
    every = ctx.complete_series(kind)
    snaps = every if only is None else only
    if not snaps:
        return None
    if [s.snapshot_id for s in snaps] != [s.snapshot_id for s in every] or released:
        ids = ", ".join(str(s.snapshot_id) for s in snaps)
        since = f" AND {released_sql('x.created_at', *released)}" if released else ""
        return f"(SELECT * FROM {series_stats(ctx, kind)} x WHERE x.snapshot_id IN ({ids}){since})"
    name = f"_hc_series_stats_{kind}_{ctx.as_of.snapshot_id}"
    keys = repo_keys(ctx, kind)
    literal = " UNION ALL ".join(f"SELECT {s.snapshot_id} AS snapshot_id" for s in snaps)
    return ctx.shared(
        name,
        f"""(
        SELECT r.k, r.created_at, s.snapshot_id, r.downloads_30d AS d30, r.downloads_all_time AS at_now, r.likes
        FROM (
            SELECT ky.k, ky.created_at, r.snapshot_id, r.downloads_30d, r.downloads_all_time, r.likes, r.deleted,
                   LEAD(r.snapshot_id) OVER (PARTITION BY ky.k ORDER BY r.snapshot_id) AS valid_until
            FROM repo_stats r JOIN {keys} ky ON ky.repo_id = r.repo_id
            WHERE r.kind = '{kind}'
        ) r
        -- Written as a difference, the condition is a plain filter over the few series snapshots (a nested
        -- loop); as `s.snapshot_id >= r.snapshot_id` DuckDB plans a range join that sorts every row first.
        JOIN ({literal}) s ON s.snapshot_id - r.snapshot_id >= 0 AND (r.valid_until IS NULL OR s.snapshot_id < r.valid_until)
        WHERE NOT r.deleted
    )""",
    )


def monthly_downloads_sql(ctx: Context, kind: str = "model") -> str | None:
    """The SQL behind `monthly_downloads` (a parenthesised subquery)."""
    snaps = ctx.complete_series(kind)
    if not snaps:
        return None
    if len(snaps) == 1:
        # One snapshot: no repo has a previous one, so every rule above comes down to its 30-day count.
        # Said directly, it is one pass over that snapshot's statistics instead of the windows below.
        return (
            f"(SELECT repo_id, author, {date_literal(closes(snaps[0]))} AS month, COALESCE(downloads_30d, 0) AS downloads, "
            f"'downloads_30d' AS method, COALESCE(likes, 0) AS likes_gained FROM {stats_at(ctx, snaps[0].snapshot_id, kind)} t)"
        )
    return _period_downloads_sql(ctx, snaps, kind, "month", closes)


def _increase_sql(now: str, prev: str, prev_taken: str, series_before: str, created_at: str) -> str:
    """A row's all-time increase since the repo's previous row (`prev`: its count, `prev_taken`: its date, NULL
    for the repo's first row; `series_before`: the series' snapshot before this row's), or NULL: the rules of
    the module docstring. Written once for the row itself and once for the row before it, read a row back."""
    return f"""CASE WHEN {now} IS NOT NULL AND {prev} IS NOT NULL
                             THEN CASE WHEN {now} > {prev} THEN {now} - {prev} ELSE 0 END
                        WHEN {now} IS NOT NULL AND {prev_taken} IS NULL AND {series_before} IS NOT NULL
                             AND {created_at} >= CAST({series_before} AS TIMESTAMP)
                             THEN {now}
                   END"""


def _period_downloads_sql(
    ctx: Context,
    snaps: list[Snapshot],
    kind: str,
    period: str,
    closes_of: Callable[[Snapshot], dt.date],
    tail: str | None = None,
    released: tuple[dt.date, dt.date] | None = None,
    by_key: bool = False,
) -> str:
    """Downloads per repo per `period` ("month" or "week", also the column's name) from two or more
    complete snapshots, each snapshot's increase going to the period it closes (`closes_of`). Only a
    month falls back to the 30-day count where no all-time increase is known; a week stays NULL.

    `tail` replaces the final grouping by period with the caller's own SELECT over `per_snapshot`, which
    then also says of each row whether it is in a stall run not yet ended (`open`): what
    `series_carry` keeps to extend the series by a later snapshot without reading the history again.
    `by_key`: each row names its repo by k (`repo_keys`) instead of its id and author."""
    literal = " UNION ALL ".join(
        f"SELECT {s.snapshot_id} AS snapshot_id, {date_literal(s.taken_at)} AS taken_at, {date_literal(closes_of(s))} AS {period}"
        for s in snaps
    )
    keys, stats = repo_keys(ctx, kind), series_stats(ctx, kind, snaps, released)
    # the 30-day count stands in for a month without a known increase; nothing stands in for a week
    fallback, last, unknown = (
        ("d30", "max_by(d30, snapshot_id)", "downloads_30d") if period == "month" else ("NULL",) * 2 + ("unknown",)
    )
    one_per_period = len({closes_of(s) for s in snaps}) == len(snaps)
    if one_per_period:
        # One snapshot per period (a monthly series): each (repo, period) is one row, so the period's
        # figures are that row's, without grouping.
        per_month = f"""per_month AS (
            SELECT k, {period},
                   CASE WHEN increase IS NOT NULL THEN CAST(ROUND(increase / {SHARE_SCALE}.0) AS BIGINT) ELSE {fallback} END AS downloads,
                   CASE WHEN increase IS NULL THEN '{unknown}' WHEN spread = 1 THEN 'spread' ELSE 'all_time_diff' END AS method,
                   likes_inc AS likes_gained
            FROM per_snapshot
        )"""
        # Each member of a stall run is then alone in its period (with a known increase where this is read): its
        # share is one member's, without the windows that find a period's first member and count its members.
        shared_out = share_sql("x.grp_total", "x.grp_n", "1")
    else:
        per_month = f"""per_month AS (
            SELECT k, {period},
                   CASE WHEN COUNT(*) = COUNT(increase) THEN CAST(ROUND(SUM(increase) / {SHARE_SCALE}.0) AS BIGINT)
                        ELSE {last} END AS downloads,
                   CASE WHEN COUNT(*) <> COUNT(increase) THEN '{unknown}'
                        WHEN MAX(spread) = 1 THEN 'spread' ELSE 'all_time_diff' END AS method,
                   -- the like increases since the repo's previous snapshot, summed over the {period}: the count
                   -- at its last snapshot minus the count at the last snapshot of its previous {period}
                   CAST(SUM(likes_inc) AS BIGINT) AS likes_gained
            FROM per_snapshot
            GROUP BY k, {period}
        )"""
        # A run's share for a period goes whole to its first member there with a known increase; the others hold 0.
        shared_out = f"""CASE WHEN ROW_NUMBER() OVER (PARTITION BY g.k, g.grp, g.{period}
                                                       ORDER BY CASE WHEN g.diff IS NULL THEN 1 ELSE 0 END, g.snapshot_id) = 1
                                  THEN {share_sql("x.grp_total", "x.grp_n", f"COUNT(g.diff) OVER (PARTITION BY g.k, g.grp, g.{period})")}
                                  ELSE 0 END"""
    open_grouped, open_plain = (
        (
            ",\n                   CASE WHEN x.grp_stalled = 1 AND x.grp_closed = 0 THEN 1 ELSE 0 END AS open",
            ", 0 AS open",
        )
        if tail
        else ("", "")
    )
    if tail:
        ending = tail
    elif by_key:
        ending = f"""{per_month}
        SELECT m.k, m.{period}, m.downloads, m.method, m.likes_gained FROM per_month m"""
    else:
        ending = f"""{per_month}
        SELECT ky.repo_id, ky.author, m.{period}, m.downloads, m.method, m.likes_gained
        FROM per_month m JOIN {keys} ky ON ky.k = m.k"""
    return f"""(
        WITH s AS ({literal}),
        d AS (
            SELECT x.k, x.created_at, s.snapshot_id, s.taken_at, s.{period}, x.d30, x.at_now,
                   COALESCE(x.likes, 0) - COALESCE(LAG(x.likes) OVER (PARTITION BY x.k ORDER BY s.snapshot_id), 0) AS likes_inc,
                   LAG(x.at_now) OVER (PARTITION BY x.k ORDER BY s.snapshot_id) AS at_prev,
                   LAG(s.taken_at) OVER (PARTITION BY x.k ORDER BY s.snapshot_id) AS prev_taken,
                   -- the repo's previous row as this one is read, to say whether it was a stall (`prev_stalled`)
                   LAG(s.snapshot_id) OVER (PARTITION BY x.k ORDER BY s.snapshot_id) AS prev_sid,
                   LAG(x.d30) OVER (PARTITION BY x.k ORDER BY s.snapshot_id) AS d30_prev,
                   LAG(x.at_now, 2) OVER (PARTITION BY x.k ORDER BY s.snapshot_id) AS at_prev2,
                   LAG(s.taken_at, 2) OVER (PARTITION BY x.k ORDER BY s.snapshot_id) AS prev2_taken
            FROM {stats} x JOIN s ON s.snapshot_id = x.snapshot_id
        ),
        series_prev AS (
            SELECT snapshot_id, LAG(taken_at) OVER (ORDER BY snapshot_id) AS prev_snapshot FROM s
        ),
        inc AS (
            SELECT d.k, d.snapshot_id, d.{period}, d.d30, d.likes_inc,
                   {_increase_sql("d.at_now", "d.at_prev", "d.prev_taken", "sp.prev_snapshot", "d.created_at")} AS diff,
                   CASE WHEN {_increase_sql("d.at_prev", "d.at_prev2", "d.prev2_taken", "pp.prev_snapshot", "d.created_at")} = 0
                             AND COALESCE(d.d30_prev, 0) > 0 THEN 1 ELSE 0 END AS prev_stalled
            FROM d JOIN series_prev sp ON sp.snapshot_id = d.snapshot_id
            LEFT JOIN series_prev pp ON pp.snapshot_id = d.prev_sid
        ),
        flagged AS (
            SELECT *, CASE WHEN diff = 0 AND COALESCE(d30, 0) > 0 THEN 1 ELSE 0 END AS stalled FROM inc
        ),
        -- Only the rows of stall runs need the run-sharing below: a stalled row, or the row after one (the jump
        -- ending its run, or the next stall of it). Every other row is a run of its own and keeps its increase.
        grouped AS (
            -- the intervals before this one that were not stalls: a stall run and the jump ending it share it
            SELECT f.*, SUM(1 - f.stalled) OVER (PARTITION BY f.k ORDER BY f.snapshot_id
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - (1 - f.stalled) AS grp
            FROM flagged f WHERE f.stalled = 1 OR f.prev_stalled = 1
        ),
        groups AS (
            SELECT k, grp, SUM(diff) AS grp_total, COUNT(*) AS grp_n, MAX(stalled) AS grp_stalled,
                   MAX(1 - stalled) AS grp_closed
            FROM grouped GROUP BY k, grp
        ),
        per_snapshot AS (
            SELECT g.k, g.snapshot_id, g.{period}, COALESCE(g.d30, 0) AS d30, g.likes_inc,
                   CASE WHEN g.diff IS NULL THEN NULL
                        WHEN x.grp_stalled = 1 AND x.grp_closed = 1 THEN {shared_out}
                        ELSE g.diff * {SHARE_SCALE} END AS increase,
                   CASE WHEN x.grp_stalled = 1 AND x.grp_closed = 1 AND g.diff IS NOT NULL THEN 1 ELSE 0 END AS spread{open_grouped}
            FROM grouped g JOIN groups x ON x.k = g.k AND x.grp = g.grp
            UNION ALL
            SELECT f.k, f.snapshot_id, f.{period}, COALESCE(f.d30, 0) AS d30, f.likes_inc, f.diff * {SHARE_SCALE} AS increase,
                   0 AS spread{open_plain}
            FROM flagged f WHERE f.stalled = 0 AND f.prev_stalled = 0
        ),
        {ending}
    )"""
