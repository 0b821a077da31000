"""The monthly downloads series kept from one enrich to the next, and extended by the snapshots a store gained.

A daily tracker adds one snapshot a day. Rebuilt from scratch, the monthly series (`series.monthly_downloads`)
follows every repo through every snapshot of the history, so each new day would cost more than the one before.
What the estimate needs to take one more snapshot is small and can be kept: for each repo, the statistics in
force (`force`), its last row in the series (`last`: what `LAG` reads, and how many members its open stall run
has), the members of a stall run that has not ended yet (`open`: a run's jump is shared by its members, so
their months change when it ends), and per (repo, month) the sums the month's figure is made of (`months`).
The series' integer keys (`keys`) and its statistics at every snapshot (`series`, which A1 reads too) only ever
grow: a repo a new snapshot brings is numbered after every repo held (`series.repo_keys`), and a snapshot adds
its own rows. The carried tables a step reads and writes (`force`, `last`, `open`, `months`) are keyed by that
integer, not by the repo's id: a step joins them with each other over every repo present, and at Hub scale
the joins on the id text were most of it. The tables the metrics read keep the id: the monthly table
(`monthly`) and its sums per namespace (`by_ns`) and per (model, year) (`years`, A3's weights), rewritten
where a day moved them. This module keeps all of them in the schema `_hc_carry`, and
`precompute` keeps the metrics' intermediates from them:

- a store whose carry still describes its history up to the carry's last snapshot gets each newer complete
  snapshot applied as one step (work proportional to the repos present, never to the number of snapshots);
- a repo whose `createdAt` or author changed since (the Hub lists a repo deleted and created again under its
  id with its new `createdAt`: a handful a day) is first derived again alone, from its carried history, by the
  same SQL a rebuild runs (`_rederive`); a whole rebuild for each cost a full-scale day twice its time;
- anything else (no carry yet, a snapshot inserted before the carry's last one, statistics rewritten by
  `forget`, more than `REDERIVE_MAX` changed repos, a new hubcensus whose estimate differs, `enrich --full`)
  rebuilds it from the whole history with the very SQL a metric run writes, extended to keep what a step needs.

Either way each intermediate is registered under the SQL a metric run would write for it (its digest), so
runs read it as before. A step applies the rules of `series` one snapshot at a time (the same increase, stall
and 30-day rules), so its table equals the one the SQL builds: `tests/test_series_carry.py` compares every
metric document of incrementally and fully enriched stores of a daily history. The increases are integers
(millionths of a download, `series.SHARE_SCALE`), so the order a month's terms are added in cannot matter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hubcensus.enrich import fingerprints
from hubcensus.metrics import adoption, series
from hubcensus.metrics.base import Context, Snapshot, shared_name, text_only
from hubcensus.metrics.geography.over_time import monthly_by_namespace
from hubcensus.metrics.sql import date_literal, year_of
from hubcensus.store.catalog import has_table

SCHEMA = "_hc_carry"
META = f"{SCHEMA}.meta"
# The series rows of the steps not yet appended, and how many make an append: about 33 full row groups, so that
# an ingest of many days leaves one under-filled row group per append rather than one per day (`_flush`).
PENDING = "_hc_carry_series_pending"
FLUSH_ROWS = 4_000_000
# More repos than this with a new createdAt or author since the last enrich: the carry is rebuilt rather than
# those repos derived again from their carried history (`_rederive`, which names them in its SQL).
REDERIVE_MAX = 10_000
# A carry kept under other rules than these is rebuilt (`rules`). Four snapshots of a made-up history, two of them
# closing one month: every branch of the estimate's SQL is written for them.
_SAMPLE = [dt.date(2000, 1, 31), dt.date(2000, 2, 1), dt.date(2000, 2, 8), dt.date(2000, 3, 1)]


def rules(said: Context, kind: str) -> str:
    """The digest of what the carried tables follow: the SQL the estimate and its readers write (for a made-up
    history), the pieces of it a step writes again, and this module's code (which holds the step's own SQL). A carry is kept by a new hubcensus
    whose estimate writes the same SQL, whatever else changed in its modules: hashing the modules' files
    rebuilt every store's carry (a quarter of a full-scale day) on an edit of a docstring or of A2, and missed
    an edit of the namespace sums (`monthly_by_namespace`), whose carried rows a step only partly rewrites."""
    snaps = [Snapshot(int(d.strftime("%Y%m%d")), d, True, frozenset({kind})) for d in _SAMPLE]
    sample = text_only(Context(said.engine, snaps[-1], snaps))
    texts = [
        series.monthly_downloads_sql(sample, kind) or "",
        series._period_downloads_sql(sample, snaps, kind, "month", series.closes, tail="SELECT * FROM per_snapshot"),
        series.share_sql("t", "m", "w"),
        str(series.SHARE_SCALE),
    ]
    if kind == "model":
        adoption.closest_at_age(sample)
        monthly_by_namespace(sample)
        texts += [adoption.closer_sql("o", "n"), adoption.FLOOR, adoption.yearly_downloads_def(sample)[1]]
    texts += [f"{name}: {sql}" for name, sql in sorted(sample.engine.materialized.items())]
    return fingerprints.rules_digest(Path(__file__), sql=texts)


@dataclass(frozen=True)
class Kept:
    """An intermediate as `precompute` keeps it: found by the digest of the SQL a metric run writes for it."""

    table: str  # its name, as a metric run names it
    sql: str  # the SQL a metric run writes for it
    build: str  # SQL giving the same rows from the carry
    view: bool  # kept as a view of the carry (rows only ever appended) rather than a table
    # False: read by this enrich's kept answers alone (A3's weights, under A3's answer), so not kept in the store
    stored: bool = True


def series_tables(ctx: Context, con: Any, kind: str = "model", rebuild: bool = False) -> tuple[list[Kept], Run | None]:
    """Bring the carry up to the newest complete snapshot of `kind` (one step per snapshot gained, or a
    rebuild), say how to keep the series' keys, its statistics and the monthly table, and what was done to it;
    none and None without a series. Runs in the caller's transaction."""
    said = text_only(ctx)
    text = said.engine
    monthly = series.monthly_downloads_sql(said, kind)
    if monthly is None:
        return [], None
    # the keys and the statistics the monthly SQL reads (named even where one snapshot needs neither: A1 may)
    keys_name = shared_name(series.repo_keys(said, kind))
    stats_name = shared_name(series.series_stats(said, kind) or "")
    keys_sql, stats_sql = text.materialized[keys_name], text.materialized[stats_name]
    # A1's observation of each model at each age, read from the same series (models only)
    closest = None
    if kind == "model":
        closest_name = shared_name(adoption.closest_at_age(said))
        closest = (closest_name, text.materialized[closest_name], text.materialized["_hc_age_days"])
    monthly_name = f"_hc_monthly_{kind}_{ctx.as_of.snapshot_id}"
    by_ns = monthly_by_namespace(said) if kind == "model" else None
    by_ns_name = f"_hc_monthly_by_ns_{kind}_{ctx.as_of.snapshot_id}"
    by_ns_sql = text.materialized.get(by_ns_name) if by_ns else None
    # A3's weights: each model's downloads per calendar year, summed from the monthly table
    years = adoption.yearly_downloads_def(said) if kind == "model" else None
    snaps = ctx.complete_series(kind)
    meta = _meta(con, kind)
    code = rules(said, kind)
    extendable = (
        "`enrich --full` and `forget` rebuild it whole" if rebuild else _extendable(con, kind, meta, snaps, code)
    )
    if isinstance(extendable, str):
        _rebuild(said, con, kind, snaps, (keys_name, keys_sql), (stats_name, stats_sql), closest)
        _rebuild_monthly(con, kind, monthly_name, by_ns_sql, years[1] if years else None)
        rebuilt_with = len(snaps)
        run = Run(rebuilt=True, why=extendable if meta else None, snapshots=len(snaps))
    else:
        done, changed = extendable
        con.execute("CREATE OR REPLACE TEMP TABLE _hc_carry_touched (k BIGINT, month DATE)")
        con.execute("CREATE OR REPLACE TEMP TABLE _hc_carry_moved (author VARCHAR, month DATE)")
        if changed:
            _rederive(said, con, kind, snaps[:done], changed, (keys_name, stats_name), closest)
        _add_keys(con, kind)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {PENDING} AS FROM {_t('series', kind)} LIMIT 0")
        for previous, snap in zip(snaps[done - 1 :], snaps[done:], strict=False):
            _step(con, kind, previous, snap)
            if con.execute(f"SELECT count(*) >= {FLUSH_ROWS} FROM {PENDING}").fetchone()[0]:
                _flush(con, kind)
        _flush(con, kind)
        con.execute(f"DROP TABLE {PENDING}")
        _refresh_monthly(con, kind, monthly_name, by_ns_sql, years is not None)
        rebuilt_with = meta["rebuilt_with"] if meta else len(snaps)
        run = Run(rebuilt=False, why=None, snapshots=len(snaps) - done, rederived=len(changed))
    _record(con, kind, snaps, rebuilt_with, code)
    kept = [
        Kept(keys_name, keys_sql, f"SELECT repo_id, created_at, author, k FROM {_t('keys', kind)}", view=True),
        Kept(stats_name, stats_sql, f"SELECT * FROM {_t('series', kind)}", view=True),
        Kept(monthly_name, monthly, f"SELECT * FROM {_t('monthly', kind)}", view=True),
    ]
    if by_ns_sql:
        kept.append(Kept(by_ns_name, by_ns_sql, f"SELECT * FROM {_t('by_ns', kind)}", view=True))
    if years:
        kept.append(Kept(years[0], years[1], f"SELECT * FROM {_t('years', kind)}", view=True, stored=False))
    if closest:
        kept.append(Kept(closest[0], closest[1], f"SELECT * FROM {_t('closest', kind)}", view=True))
    return kept, run


# -- what is carried --------------------------------------------------------------------------
def _t(name: str, kind: str) -> str:
    return f"{SCHEMA}.{name}_{kind}"


def _meta(con: Any, kind: str) -> dict[str, Any] | None:
    if not has_table(con, SCHEMA, "meta"):
        return None
    row = con.execute(f"SELECT doc FROM {META} WHERE kind = ?", [kind]).fetchone()
    return json.loads(row[0]) if row else None


def _held(con: Any, kind: str, last: int) -> tuple[list[int], int]:
    """Every snapshot id holding `kind` up to `last` (complete or not), and the statistics rows up to it."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT snapshot_id FROM snapshot_kinds WHERE kind = ? AND snapshot_id <= ? ORDER BY snapshot_id",
            [kind, last],
        ).fetchall()
    ]
    rows = con.execute("SELECT count(*) FROM repo_stats WHERE kind = ? AND snapshot_id <= ?", [kind, last]).fetchone()[
        0
    ]
    return ids, int(rows)


def _extendable(
    con: Any, kind: str, meta: dict[str, Any] | None, snaps: list[Snapshot], code: str
) -> tuple[int, list[int]] | str:
    """How many of `snaps` the carry has taken already, when every newer one can be applied as a step, and the
    keys of the repos whose createdAt or author changed since (each derived again from its own carried
    history, `_rederive`): the carry was kept by these rules (`code`), its series is where `snaps` starts,
    nothing was inserted or rewritten at or before its last snapshot, every repo it numbered is still there
    with the first snapshot it was seen at, the repos added since were first seen after them all, and few
    repos changed. Otherwise why it must be rebuilt, in words for the person waiting on it."""
    if not meta:
        return "nothing was carried yet"
    if meta.get("code") != code:
        return "it was carried under other rules (another version of hubcensus)"
    ids = [s.snapshot_id for s in snaps]
    taken = meta["series"]
    if not taken or ids[: len(taken)] != taken:
        return "a snapshot was added before the last one it carried, or one it carried was taken out"
    if _held(con, kind, taken[-1]) != (meta["held"], meta["stats_rows"]):
        return "a snapshot up to the last one it carried was ingested again, added or taken out"
    # The keys: every repo numbered is still there, seen first where it was, and the repos added since are
    # numbered after them all; one pass over the keys and the repos (a pass per question was a second a day at
    # Hub scale). A repo deleted and created again under its id has a new createdAt: a handful a day on the Hub.
    gone, newest, earliest_new, changed = con.execute(
        f"""SELECT count(*) FILTER (WHERE k.repo_id IS NOT NULL AND (r.repo_id IS NULL OR r.first_seen <> k.first_seen)),
                   max(k.first_seen), min(r.first_seen) FILTER (WHERE k.repo_id IS NULL),
                   list(k.k ORDER BY k.k) FILTER (WHERE k.repo_id IS NOT NULL AND r.repo_id IS NOT NULL
                        AND (r.created_at IS DISTINCT FROM k.created_at OR r.author IS DISTINCT FROM k.author))
            FROM {_t("keys", kind)} k FULL JOIN (SELECT * FROM repos WHERE kind = ?) r ON r.repo_id = k.repo_id""",
        [kind],
    ).fetchone()
    if gone:
        return f"{gone:,} of the repos it follows left the store or are now first seen at another snapshot"
    if earliest_new is not None and newest is not None and earliest_new <= newest:
        return "a repo new to it was first seen before the last snapshot it carried"
    changed = changed or []
    if len(changed) > REDERIVE_MAX:
        return f"{len(changed):,} repos changed createdAt or author (more than {REDERIVE_MAX:,} are rebuilt, not derived again)"
    return len(taken), changed


@dataclass(frozen=True)
class Run:
    """What an enrich did to the carried series: `rebuilt` from the whole history (`why`, None on the first
    build) or extended by `snapshots` steps, with `rederived` repos derived again from their carried history. A
    rebuild costs minutes at Hub scale where a step costs seconds: `ingest` says why it happened."""

    rebuilt: bool
    why: str | None
    snapshots: int
    rederived: int = 0


def _record(con: Any, kind: str, snaps: list[Snapshot], rebuilt_with: int, code: str) -> None:
    """What the carry now describes; `rebuilt_with`: how many snapshots the series had when it was last
    rebuilt from the whole history (every later one was a step), which the tests read."""
    last = snaps[-1].snapshot_id
    held, rows = _held(con, kind, last)
    doc = {
        "code": code,
        "series": [s.snapshot_id for s in snaps],
        "held": held,
        "stats_rows": rows,
        "rebuilt_with": rebuilt_with,
    }
    con.execute(f"CREATE TABLE IF NOT EXISTS {META} (kind VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL)")
    con.execute(f"DELETE FROM {META} WHERE kind = ?", [kind])
    con.execute(f"INSERT INTO {META} VALUES (?, ?)", [kind, json.dumps(doc)])


def _in_force_sql(kind: str, after: int | None, upto: int) -> str:
    """The newest statistics row per repo among the snapshots in (after, upto], tombstones included, by the
    repo's key (a repo the keys do not number is in no series)."""
    low = f" AND snapshot_id > {int(after)}" if after is not None else ""
    return f"""
        SELECT ky.k, s_.snapshot_id AS sid, s_.downloads_30d AS d30, s_.downloads_all_time AS at_now,
               s_.likes, s_.deleted
        FROM (SELECT repo_id, max(snapshot_id) AS sid_ FROM repo_stats
              WHERE kind = '{kind}'{low} AND snapshot_id <= {int(upto)} GROUP BY repo_id) n_
        JOIN repo_stats s_ ON s_.kind = '{kind}' AND s_.repo_id = n_.repo_id AND s_.snapshot_id = n_.sid_
        JOIN {_t("keys", kind)} ky ON ky.repo_id = s_.repo_id
    """


# -- a rebuild: the whole history, through the metric's own SQL --------------------------------
def _rebuild(
    said: Context,
    con: Any,
    kind: str,
    snaps: list[Snapshot],
    keys: tuple[str, str],
    stats: tuple[str, str],
    closest: tuple[str, str, str] | None,
) -> None:
    """Everything carried, from the whole history: the keys and the series' statistics by the SQL a metric run
    writes, then the monthly sums and the open stall runs by the monthly SQL, kept one step short of its end,
    and (`closest`: its name, its SQL and that of the ages it joins) A1's observations by A1's SQL."""
    forget_carry_of(con, kind)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    (keys_name, keys_sql), (stats_name, stats_sql) = keys, stats
    con.execute(f"""CREATE TABLE {_t("keys", kind)} AS
        SELECT q.repo_id, q.created_at, q.author, q.k, r.first_seen
        FROM {keys_sql} q JOIN repos r ON r.kind = '{kind}' AND r.repo_id = q.repo_id""")
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {keys_name} AS SELECT repo_id, created_at, author, k FROM {_t('keys', kind)}"
    )
    # Written in the order a step appends them (by snapshot, by month): a scan for some snapshots or months then
    # skips the blocks of the others by their bounds, as it does for the rows steps add. Written in the order
    # the SQL gives them, every block held every month and each day's step read all of them.
    con.execute(f"CREATE TABLE {_t('series', kind)} AS SELECT * FROM {stats_sql} ORDER BY snapshot_id, k")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {stats_name} AS SELECT * FROM {_t('series', kind)}")
    _derive(said, con, kind, snaps, stats_name, closest, create=True)
    con.execute(f"CREATE TABLE {_t('force', kind)} AS {_in_force_sql(kind, None, snaps[-1].snapshot_id)}")
    for view in (keys_name, stats_name):
        con.execute(f"DROP VIEW temp.{view}")


def _derive(
    said: Context,
    con: Any,
    kind: str,
    snaps: list[Snapshot],
    stats: str,
    closest: tuple[str, str, str] | None,
    create: bool,
) -> None:
    """The monthly sums, the open stall runs, each repo's last row and A1's observations of the repos the series
    view `stats` holds (all of them in a rebuild, a few in `_rederive`), by the metrics' SQL over `snaps`:
    written as new tables (`create`) or added to the carried ones."""
    into = (lambda t: f"CREATE TABLE {t} AS") if create else (lambda t: f"INSERT INTO {t}")
    if closest:
        con.execute(f"CREATE OR REPLACE TEMP VIEW _hc_age_days AS SELECT * FROM {closest[2]}")
        con.execute(f"{into(_t('closest', kind))} SELECT * FROM {closest[1]}")
        con.execute("DROP VIEW temp._hc_age_days")
    tail = "SELECT k, snapshot_id, month, d30, likes_inc, increase, spread, open FROM per_snapshot"
    chain = series._period_downloads_sql(said, snaps, kind, "month", series.closes, tail=tail)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _hc_carry_rows AS SELECT * FROM {chain}")
    con.execute(f"""{into(_t("months", kind))}
        SELECT p.k, p.month, count(*) AS n_rows, count(p.increase) AS n_known, sum(p.increase) AS sum_inc,
               max_by(p.d30, p.snapshot_id) AS last_d30, max(p.spread) AS any_spread, sum(p.likes_inc) AS likes_sum
        FROM _hc_carry_rows p
        GROUP BY p.k, p.month
        ORDER BY p.month""")
    con.execute(f"""{into(_t("open", kind))}
        SELECT p.k, p.snapshot_id, p.month FROM _hc_carry_rows p WHERE p.open = 1""")
    con.execute("DROP TABLE _hc_carry_rows")
    con.execute(f"""{into(_t("last", kind))}
        SELECT l.*, COALESCE(o.n, 0) AS open_n FROM (
            SELECT x.k, arg_max_null(x.at_now, x.snapshot_id) AS at_now, arg_max_null(x.likes, x.snapshot_id) AS likes
            FROM {stats} x
            GROUP BY x.k
        ) l LEFT JOIN (SELECT k, count(*) AS n FROM {_t("open", kind)} GROUP BY k) o ON o.k = l.k""")


def _rederive(
    said: Context,
    con: Any,
    kind: str,
    snaps: list[Snapshot],
    changed: list[int],
    names: tuple[str, str],
    closest: tuple[str, str, str] | None,
) -> None:
    """Derive again, from their carried history (`snaps`), what is carried of the repos whose createdAt or
    author changed (`changed`, their keys; `names`: those of the keys and the statistics a metric run reads),
    as a rebuild would: the estimate reads createdAt (a repo's first row, A1's ages) and the namespace sums the
    author. Their (repo, month) rows are marked for `_refresh_monthly` (the months a repo has rows in are those
    of its statistics, which stay), and the namespaces they were in for the namespace sums. Runs before the
    day's steps, which then read their new fields."""
    keys, months = _t("keys", kind), _t("months", kind)
    listed = ", ".join(str(int(k)) for k in changed)
    con.execute(f"""INSERT INTO _hc_carry_moved SELECT DISTINCT ky.author, m.month
        FROM {months} m JOIN {keys} ky ON ky.k = m.k WHERE m.k IN ({listed})""")
    con.execute(f"""UPDATE {keys} SET created_at = r.created_at, author = r.author
        FROM repos r WHERE r.kind = '{kind}' AND r.repo_id = {keys}.repo_id AND {keys}.k IN ({listed})""")
    # the keys named as constants as well as joined: a filter on constants DuckDB can push into the scan
    con.execute(f"""UPDATE {_t("series", kind)} SET created_at = ky.created_at
        FROM (SELECT k, created_at FROM {keys} WHERE k IN ({listed})) ky
        WHERE {_t("series", kind)}.k = ky.k AND {_t("series", kind)}.k IN ({listed})""")
    gone = ("months", "open", "last", "closest") if closest else ("months", "open", "last")
    for name in gone:
        con.execute(f"DELETE FROM {_t(name, kind)} WHERE k IN ({listed})")
    keys_name, stats_name = names
    con.execute(f"CREATE OR REPLACE TEMP VIEW {keys_name} AS SELECT repo_id, created_at, author, k FROM {keys}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {stats_name} AS SELECT * FROM {_t('series', kind)} WHERE k IN ({listed})")
    _derive(said, con, kind, snaps, stats_name, closest, create=False)
    for view in names:
        con.execute(f"DROP VIEW temp.{view}")
    con.execute(f"INSERT INTO _hc_carry_touched SELECT k, month FROM {months} WHERE k IN ({listed})")


def _rebuild_monthly(
    con: Any, kind: str, monthly_name: str, by_ns_sql: str | None, years_sql: str | None = None
) -> None:
    """The monthly table from the carried sums, and its sums per namespace and per (repo, year) by the metrics'
    own SQL."""
    con.execute(f"CREATE TABLE {_t('monthly', kind)} AS {_finished_sql(kind)} ORDER BY m.month")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {monthly_name} AS SELECT * FROM {_t('monthly', kind)}")
    if by_ns_sql:
        con.execute(f"CREATE TABLE {_t('by_ns', kind)} AS SELECT * FROM {by_ns_sql} b ORDER BY b.month")
    if years_sql:
        con.execute(f"CREATE TABLE {_t('years', kind)} AS SELECT * FROM {years_sql} y ORDER BY y.year")
    con.execute(f"DROP VIEW temp.{monthly_name}")


def _refresh_monthly(con: Any, kind: str, monthly_name: str, by_ns_sql: str | None, years: bool = False) -> None:
    """Rewrite the (repo, month) rows the steps touched, the namespace sums of the (namespace, month) groups
    those rows are in, and (`years`) the per-(repo, year) sums by the rows' change: work in proportion to what
    the new snapshots changed, not to the history."""
    monthly, by_ns = _t("monthly", kind), _t("by_ns", kind)
    # the pairs by key (the carried sums) and by id (the monthly table, as the metric's SQL gives it)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _hc_carry_pairs AS
        SELECT DISTINCT t.k, ky.repo_id, t.month FROM _hc_carry_touched t JOIN {_t("keys", kind)} ky ON ky.k = t.k""")
    # The months touched, as constants: a scan of the carried tables then skips the blocks of every other month
    # (their rows are written month by month), so the work stays with the months a step touched, not the history.
    months = [r[0] for r in con.execute("SELECT DISTINCT month FROM _hc_carry_pairs ORDER BY 1").fetchall()]
    in_months = ", ".join(date_literal(m) for m in months) or "NULL"
    pair = (
        f"{{t}}.month IN ({in_months}) AND "
        "EXISTS (SELECT 1 FROM _hc_carry_pairs p WHERE p.repo_id = {t}.repo_id AND p.month = {t}.month)"
    )
    if years:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _hc_carry_was AS SELECT repo_id, month, downloads FROM {monthly} m "
            f"WHERE {pair.format(t='m')}"
        )
    con.execute(f"DELETE FROM {monthly} WHERE {pair.format(t=monthly)}")
    touched = f"""(SELECT m.* FROM {_t("months", kind)} m
        JOIN _hc_carry_pairs p ON p.k = m.k AND p.month = m.month WHERE m.month IN ({in_months}))"""
    con.execute(f"INSERT INTO {monthly} {_finished_sql(kind, touched)}")
    if years:
        _refresh_years(con, kind, pair.format(t="m"))
    if by_ns_sql:
        # the namespaces of the rows now, and those a re-derived repo's rows were in before (`_rederive`)
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _hc_carry_groups AS
            SELECT m.author, m.month FROM {monthly} m WHERE {pair.format(t="m")}
            UNION SELECT author, month FROM _hc_carry_moved""")
        group = (
            f"{{t}}.month IN ({in_months}) AND "
            "EXISTS (SELECT 1 FROM _hc_carry_groups g WHERE g.author IS NOT DISTINCT FROM {a} AND g.month = {t}.month)"
        )
        con.execute(f"DELETE FROM {by_ns} WHERE {group.format(a=f'{by_ns}.ns', t=by_ns)}")
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {monthly_name} AS SELECT * FROM {monthly} m WHERE {group.format(a='m.author', t='m')}"
        )
        con.execute(f"INSERT INTO {by_ns} SELECT * FROM {by_ns_sql}")
        con.execute(f"DROP VIEW temp.{monthly_name}")
        con.execute("DROP TABLE _hc_carry_groups")
    con.execute("DROP TABLE _hc_carry_pairs")
    con.execute("DROP TABLE _hc_carry_touched")
    con.execute("DROP TABLE _hc_carry_moved")


def _refresh_years(con: Any, kind: str, touched: str) -> None:
    """Move each (repo, year) sum by what its touched months changed: their rows now less their rows before
    (`_hc_carry_was`). Integers, so the sums are those a grouping of the whole monthly table gives."""
    years, monthly = _t("years", kind), _t("monthly", kind)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _hc_carry_dy AS
        SELECT repo_id, year, sum(w) AS w, sum(n) AS n FROM (
            SELECT m.repo_id, {year_of("m.month")} AS year, m.downloads AS w, 1 AS n FROM {monthly} m WHERE {touched}
            UNION ALL SELECT repo_id, {year_of("month")}, -downloads, -1 FROM _hc_carry_was
        ) GROUP BY repo_id, year""")
    con.execute(f"""UPDATE {years} y SET w = y.w + d.w, months = y.months + d.n
        FROM _hc_carry_dy d WHERE y.repo_id = d.repo_id AND y.year = d.year""")
    con.execute(f"""INSERT INTO {years} SELECT d.repo_id, d.year, d.w, d.n FROM _hc_carry_dy d
        WHERE NOT EXISTS (SELECT 1 FROM {years} y WHERE y.repo_id = d.repo_id AND y.year = d.year)""")
    con.execute(f"""DELETE FROM {years} WHERE months = 0
        AND EXISTS (SELECT 1 FROM _hc_carry_dy d WHERE d.repo_id = {years}.repo_id AND d.year = {years}.year)""")
    con.execute("DROP TABLE _hc_carry_was")
    con.execute("DROP TABLE _hc_carry_dy")


def forget_carry_of(con: Any, kind: str) -> None:
    """Drop what is carried for `kind` (a rebuild writes it anew)."""
    for name in ("months", "open", "last", "force", "keys", "series", "monthly", "by_ns", "years", "closest"):
        con.execute(f"DROP TABLE IF EXISTS {_t(name, kind)}")


def _add_keys(con: Any, kind: str) -> None:
    """Number the repos added since the carry was kept after every repo it numbered, as `series.repo_keys` does."""
    keys = _t("keys", kind)
    con.execute(f"""INSERT INTO {keys}
        SELECT repo_id, created_at, author,
               (SELECT COALESCE(max(k), 0) FROM {keys}) + ROW_NUMBER() OVER (ORDER BY first_seen, created_at, repo_id),
               first_seen
        FROM repos WHERE kind = '{kind}' AND repo_id NOT IN (SELECT repo_id FROM {keys})""")


# -- a step: one more complete snapshot ---------------------------------------------------------
def _step(con: Any, kind: str, previous: Snapshot, snap: Snapshot) -> None:
    """Apply `snap`, the series' next complete snapshot after `previous`, by the rules of
    `series._period_downloads_sql` taken one snapshot at a time."""
    force, last, opened, months, keys = (_t(n, kind) for n in ("force", "last", "open", "months", "keys"))
    month = date_literal(series.closes(snap))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _hc_carry_new AS {_in_force_sql(kind, previous.snapshot_id, snap.snapshot_id)}"
    )
    con.execute(f"DELETE FROM {force} WHERE k IN (SELECT k FROM _hc_carry_new)")
    con.execute(f"INSERT INTO {force} SELECT * FROM _hc_carry_new")
    con.execute("DROP TABLE _hc_carry_new")
    # Each repo present at `snap`: its increase since its previous row (LAG), whether it stalls, and, where it
    # ends a stall run, the share of the run's jump each member gets.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _hc_carry_step AS
        WITH cur AS (
            SELECT f.k, f.d30, f.at_now, f.likes, ky.created_at
            FROM {force} f JOIN {keys} ky ON ky.k = f.k
            WHERE NOT f.deleted
        ),
        d AS (
            SELECT c.*, COALESCE(l.open_n, 0) AS open_n, l.k IS NULL AS fresh, l.at_now AS last_at,
                   l.likes AS last_likes,
                   COALESCE(c.likes, 0) - COALESCE(l.likes, 0) AS likes_inc,
                   CASE WHEN c.at_now IS NOT NULL AND l.at_now IS NOT NULL
                             THEN CASE WHEN c.at_now > l.at_now THEN c.at_now - l.at_now ELSE 0 END
                        WHEN c.at_now IS NOT NULL AND l.k IS NULL
                             AND c.created_at >= CAST({date_literal(previous.taken_at)} AS TIMESTAMP)
                             THEN c.at_now
                   END AS diff
            FROM cur c LEFT JOIN {last} l ON l.k = c.k
        ),
        f AS (SELECT *, CASE WHEN diff = 0 AND COALESCE(d30, 0) > 0 THEN 1 ELSE 0 END AS stalled FROM d)
        SELECT k, d30 AS d30_raw, COALESCE(d30, 0) AS d30, at_now, likes, created_at, likes_inc, stalled,
               open_n, CASE WHEN stalled = 1 THEN open_n + 1 ELSE 0 END AS open_next,
               fresh OR at_now IS DISTINCT FROM last_at OR likes IS DISTINCT FROM last_likes
                   OR stalled = 1 OR open_n > 0 AS moved,
               COALESCE(diff, 0) AS run_total,
               -- a row ending a run holds 0 here: the run's share for each period is added below, whole
               CASE WHEN diff IS NULL THEN NULL WHEN stalled = 0 AND open_n > 0 THEN 0
                    ELSE diff * {series.SHARE_SCALE} END AS increase,
               CASE WHEN stalled = 0 AND open_n > 0 AND diff IS NOT NULL THEN 1 ELSE 0 END AS spread
        FROM f""")
    # The (repo, month) rows of the monthly table this step changes (`_finished_sql` reads the sums): a repo's
    # first row in the month, a row without a known increase or with one, likes gained, a new 30-day count
    # where the month is read from it, and a run's end (spread; its month is also one of its members' or new);
    # then the months of runs ending here. Most repos present change none of these on a given day, and
    # rewriting their rows was most of a day's refresh (`test_series_carry` pins each condition but spread).
    con.execute(f"""INSERT INTO _hc_carry_touched SELECT s.k, {month} FROM _hc_carry_step s
        LEFT JOIN {months} m ON m.k = s.k AND m.month = {month}
        WHERE m.k IS NULL OR s.increase IS NULL OR s.increase <> 0 OR s.spread = 1 OR s.likes_inc <> 0
           OR (m.n_known <> m.n_rows AND s.d30 IS DISTINCT FROM m.last_d30)""")
    con.execute(f"""INSERT INTO _hc_carry_touched SELECT o.k, o.month FROM {opened} o
        WHERE o.k IN (SELECT k FROM _hc_carry_step WHERE stalled = 0 AND open_n > 0)""")
    # This snapshot's row joins its month.
    con.execute(f"""UPDATE {months} m SET n_rows = m.n_rows + 1,
            n_known = m.n_known + CASE WHEN s.increase IS NULL THEN 0 ELSE 1 END,
            sum_inc = CASE WHEN s.increase IS NULL THEN m.sum_inc ELSE COALESCE(m.sum_inc, 0) + s.increase END,
            last_d30 = s.d30, any_spread = greatest(m.any_spread, s.spread), likes_sum = m.likes_sum + s.likes_inc
        FROM _hc_carry_step s WHERE m.k = s.k AND m.month = {month}""")
    con.execute(f"""INSERT INTO {months}
        SELECT s.k, {month}, 1, CASE WHEN s.increase IS NULL THEN 0 ELSE 1 END, s.increase, s.d30, s.spread,
               s.likes_inc
        FROM _hc_carry_step s
        WHERE NOT EXISTS (SELECT 1 FROM {months} m WHERE m.k = s.k AND m.month = {month})""")
    # The runs that end here: the members of each (stalled rows, held at 0, and this row when its increase is
    # known) share the run's jump; each month gets its members' part as one division, as the SQL does.
    ending = "(SELECT * FROM _hc_carry_step WHERE stalled = 0 AND open_n > 0)"
    con.execute(f"""UPDATE {months} m SET sum_inc = COALESCE(m.sum_inc, 0) + e.part, any_spread = 1
        FROM (
            SELECT w.k, w.month, {series.share_sql("any_value(s.run_total)", "any_value(s.open_n) + 1", "count(*)")} AS part
            FROM (SELECT o.k, o.month FROM {opened} o WHERE o.k IN (SELECT k FROM {ending})
                  UNION ALL SELECT k, {month} FROM {ending} WHERE increase IS NOT NULL) w
            JOIN {ending} s ON s.k = w.k
            GROUP BY w.k, w.month
        ) e
        WHERE m.k = e.k AND m.month = e.month""")
    con.execute(f"DELETE FROM {opened} WHERE k IN (SELECT k FROM {ending})")
    con.execute(f"INSERT INTO {opened} SELECT k, {snap.snapshot_id}, {month} FROM _hc_carry_step WHERE stalled = 1")
    # A stall joins its repo's open run; any other row ends the run, or had none. Only the rows that move are
    # written: rewriting every present repo's row (2.1M at Hub scale, keyed by its id) was a second a day.
    con.execute(f"DELETE FROM {last} WHERE k IN (SELECT k FROM _hc_carry_step WHERE moved)")
    con.execute(f"INSERT INTO {last} SELECT k, at_now, likes, open_next FROM _hc_carry_step WHERE moved")
    # the series' statistics at this snapshot, as `series.series_stats` gives them (appended by `_flush`)
    con.execute(f"""INSERT INTO {PENDING}
        SELECT k, created_at, {snap.snapshot_id}, d30_raw, at_now, likes FROM _hc_carry_step""")
    if kind == "model":
        _closer(con, kind, snap)
    con.execute("DROP TABLE _hc_carry_step")


def _flush(con: Any, kind: str) -> None:
    """Append the steps' series rows in one insert. Appended a snapshot at a time, each left an under-filled
    row group behind it, which DuckDB merges only at a checkpoint in a later process: after an ingest of 275
    days at 10%, the next command's first write spent 1.7-2.3 s merging them."""
    con.execute(f"INSERT INTO {_t('series', kind)} FROM {PENDING}")
    con.execute(f"DELETE FROM {PENDING}")


def _closer(con: Any, kind: str, snap: Snapshot) -> None:
    """A1's observations: this snapshot's rows at an age's distance from createdAt replace the kept row of their
    (model, age) where they are closer to it (`adoption.closer_sql`), or are the first."""
    closest = _t("closest", kind)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _hc_carry_seen AS
        SELECT s.k, a.age, a.days, {snap.snapshot_id} AS snapshot_id, s.at_now, s.d30_raw AS d30
        FROM _hc_carry_step s
        JOIN {adoption.age_days_sql()} a
          ON a.days = date_diff('day', CAST(s.created_at AS DATE), {date_literal(snap.taken_at)})
        WHERE s.created_at > {adoption.FLOOR}""")
    con.execute(f"""DELETE FROM {closest} c WHERE EXISTS (
        SELECT 1 FROM _hc_carry_seen n WHERE n.k = c.k AND n.age = c.age AND {adoption.closer_sql("c", "n")})""")
    con.execute(f"""INSERT INTO {closest} SELECT * FROM _hc_carry_seen n
        WHERE NOT EXISTS (SELECT 1 FROM {closest} c WHERE c.k = n.k AND c.age = n.age)""")
    con.execute("DROP TABLE _hc_carry_seen")


# -- the monthly table -----------------------------------------------------------------------------
def _finished_sql(kind: str, months: str | None = None) -> str:
    """The monthly table from the carried sums (`months`: those rows of them alone), with the columns and types
    of the metric's own SQL."""
    scale = series.SHARE_SCALE
    return f"""SELECT ky.repo_id, ky.author, m.month,
        CASE WHEN m.n_known = m.n_rows THEN CAST(ROUND(m.sum_inc / {scale}.0) AS BIGINT) ELSE m.last_d30 END AS downloads,
        CASE WHEN m.n_known <> m.n_rows THEN 'downloads_30d' WHEN m.any_spread = 1 THEN 'spread'
             ELSE 'all_time_diff' END AS method,
        CAST(m.likes_sum AS BIGINT) AS likes_gained
        FROM {months or _t("months", kind)} m JOIN {_t("keys", kind)} ky ON ky.k = m.k"""
