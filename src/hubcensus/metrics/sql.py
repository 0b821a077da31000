"""SQL pieces every chapter needs, written once in the portable dialect (DuckDB that Spark also runs).

Keep to: standard joins and window functions, CASE, COALESCE, date arithmetic through the helpers
below, `max_by`/`min_by`. No QUALIFY, no list lambdas, no DuckDB-only macros: the same text is
transpiled to Spark SQL by sqlglot.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hubcensus.metrics.base import Context

# The Hub's createdAt floor: repos older than this all carry it, so months before it cannot be told apart.
CREATED_AT_FLOOR = dt.datetime(2022, 3, 2, 23, 29, 4)
ALL_TIME_SINCE = dt.date(2025, 2, 27)  # downloadsAllTime appears in the Hub's statistics files from this date
DATASET_COUNTING_CHANGE = dt.date(2024, 9, 1)  # dataset downloads counted differently from September 2024


def stats_at(snapshot_id: int, kind: str = "model") -> str:
    """Every repo of `kind` present at a snapshot, with the statistics in force there."""
    return f"""(
        SELECT repo_id, downloads_30d, downloads_all_time, likes, trending_score FROM (
            SELECT repo_id, downloads_30d, downloads_all_time, likes, trending_score, deleted,
                   ROW_NUMBER() OVER (PARTITION BY repo_id ORDER BY snapshot_id DESC) AS rn_
            FROM repo_stats WHERE kind = '{kind}' AND snapshot_id <= {int(snapshot_id)}
        ) s_ WHERE rn_ = 1 AND NOT deleted
    )"""


def month_start(expr: str) -> str:
    """The first day of the month of a timestamp expression, as a DATE."""
    return f"CAST(date_trunc('month', {expr}) AS DATE)"


def year_of(expr: str) -> str:
    return f"CAST(EXTRACT(year FROM {expr}) AS INTEGER)"


def as_date(v: object) -> dt.date:
    """A DATE from whatever an engine returns for one (date, timestamp, or ISO text)."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def add_months(day: dt.date, n: int) -> dt.date:
    """The first of the month `n` months after (or before, n < 0) the month of `day`."""
    y, m = divmod(day.year * 12 + day.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s month to `last`, inclusive."""
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def sid_to_date(sid: int) -> dt.date:
    return dt.date(sid // 10000, sid // 100 % 100, sid % 100)


def date_literal(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def downloads_field(ctx: "Context", snapshot_id: int, kind: str = "model") -> str:
    """`downloadsAllTime` where the snapshot has it (any value in force), else the 30-day `downloads`."""
    n = ctx.scalar(f"SELECT count(downloads_all_time) AS n FROM {stats_at(snapshot_id, kind)} t")
    return "downloadsAllTime" if n else "downloads"


COLUMN = {"downloadsAllTime": "downloads_all_time", "downloads": "downloads_30d"}
