"""SQL pieces every chapter needs, written once in the portable dialect (DuckDB that Spark also runs).

Keep to: standard joins and window functions, CASE, COALESCE, date arithmetic through the helpers
below, `max_by`/`min_by`. No QUALIFY, no list lambdas, no DuckDB-only macros: the same text is
transpiled to Spark SQL by sqlglot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hubcensus.metrics.facts import CREATED_AT_FLOOR

if TYPE_CHECKING:
    from hubcensus.metrics.base import Context


def quote(text: str) -> str:
    """A string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_list(values: Iterable[str]) -> str:
    """String literals for an IN list, in the order given."""
    return ", ".join(quote(v) for v in values)


def values_sql(cols: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A literal table as portable SQL (UNION ALL of SELECTs: both engines run it, unlike VALUES lists' aliases)."""
    if not rows:
        return "SELECT " + ", ".join(f"CAST(NULL AS VARCHAR) AS {c}" for c in cols) + " WHERE 1 = 0"
    return " UNION ALL ".join("SELECT " + ", ".join(f"{quote(v)} AS {c}" for v, c in zip(r, cols)) for r in rows)


def ts_literal(moment: dt.datetime | dt.date) -> str:
    """A TIMESTAMP literal; a date is its midnight."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    return f"TIMESTAMP '{moment.isoformat(sep=' ')}'"


FLOOR_SQL = ts_literal(CREATED_AT_FLOOR)


def created_sql(col: str) -> str:
    """createdAt with the Hub's floor applied: everything older than March 2022 lands on the floor."""
    return f"CASE WHEN {col} < {FLOOR_SQL} THEN {FLOOR_SQL} ELSE {col} END"


def stats_at(ctx: Context, snapshot_id: int, kind: str = "model") -> str:
    """Every repo of `kind` present at a snapshot, with the statistics in force there and the repo's
    fields most metrics ask for: (repo_id, downloads_30d, downloads_all_time, likes, trending_score,
    author, created_at, pipeline_tag, library_name).

    `repo_stats` holds a row only where a repo's statistics changed, so this is the newest row per
    repo up to the snapshot, minus the tombstoned. Finding it reads the whole table, and most
    metrics want it for the same one or two snapshots: it is computed once per run (`ctx.shared`),
    with the `repos` fields joined in once rather than by every query.
    """
    table = f"_hc_stats_{kind}_{int(snapshot_id)}"
    only = False
    if table not in ctx.engine.materialized:
        # The only snapshot of this kind up to this one (a first ingest): its rows are the newest there are.
        # Asked of the store, not of ctx.series, which a date range may have cut short. The probe only picks
        # the form of the SQL, which `ctx.shared` records with every metric that reads the table; it is not
        # recorded itself, or it would land in whichever metric of a run happened to ask first.
        _, rows = ctx.engine.run(
            f"SELECT count(*) AS n FROM snapshot_kinds WHERE kind = '{kind}' AND snapshot_id <= {int(snapshot_id)}"
        )
        only = rows[0][0] == 1
    return ctx.shared(table, stats_at_sql(snapshot_id, kind, only=only))


def stats_at_sql(snapshot_id: int, kind: str = "model", only: bool = False) -> str:
    """The SQL behind `stats_at` (a parenthesised subquery): the newest row per repo by a grouped
    maximum and a join back, which hashes where a window per repo would sort the whole table.
    `only`: the snapshot is the only one of its kind up to itself, so its own rows are the newest."""
    sid = int(snapshot_id)
    if only:
        source, only_sid = "repo_stats s_", f"s_.kind = '{kind}' AND s_.snapshot_id = {sid} AND "
    else:
        source, only_sid = (
            (
                f"(SELECT repo_id, max(snapshot_id) AS sid_ FROM repo_stats WHERE kind = '{kind}' AND snapshot_id <= {sid} GROUP BY repo_id) n_\n"
                f"        JOIN repo_stats s_ ON s_.kind = '{kind}' AND s_.repo_id = n_.repo_id AND s_.snapshot_id = n_.sid_"
            ),
            "",
        )
    return f"""(
        SELECT s_.repo_id, s_.downloads_30d, s_.downloads_all_time, s_.likes, s_.trending_score,
               r_.author, r_.created_at, r_.pipeline_tag, r_.library_name
        FROM {source}
        LEFT JOIN repos r_ ON r_.kind = '{kind}' AND r_.repo_id = s_.repo_id
        WHERE {only_sid}NOT s_.deleted
    )"""


def stats_now_sql(kind: str, table: str) -> str:
    """`stats_at_sql`'s rows for a snapshot after which `kind` has no other, from `table`, the newest row per
    repo kept by ingest (`store.in_force`): the same rows without reading the history."""
    return f"""
        SELECT s_.repo_id, s_.downloads_30d, s_.downloads_all_time, s_.likes, s_.trending_score,
               r_.author, r_.created_at, r_.pipeline_tag, r_.library_name
        FROM {table} s_
        LEFT JOIN repos r_ ON r_.kind = '{kind}' AND r_.repo_id = s_.repo_id
        WHERE s_.kind = '{kind}' AND NOT s_.deleted
    """


def tagged_repos(kind: str, cols: str = "repo_id, tags") -> str:
    """Every repo of `kind` held, with the columns a table of what its own tags say reads (D1's flags, C2's
    memberships, S2's domains, H1's hardware tags, POP3's arXiv links): the default each of those reads, and what
    `tag_carry` narrows to the repos that changed."""
    return f"(SELECT {cols} FROM repos WHERE kind = '{kind}')"


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


def year_windows(as_of: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(prior start, last start, end exclusive): the 12 complete months before the as-of month, and the 12 before."""
    end = as_of.replace(day=1)
    return add_months(end, -24), add_months(end, -12), end


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s month to `last`, inclusive."""
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def date_literal(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def downloads_field(ctx: Context, snapshot_id: int, kind: str = "model") -> str:
    """`downloadsAllTime` where the snapshot has it (any value in force), else the 30-day `downloads`."""
    n = ctx.scalar(f"SELECT count(downloads_all_time) AS n FROM {stats_at(ctx, snapshot_id, kind)} t")
    return "downloadsAllTime" if n else "downloads"


COLUMN = {"downloadsAllTime": "downloads_all_time", "downloads": "downloads_30d"}
