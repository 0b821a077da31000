"""Chapter: adoption — how far and how long models are used, by size (A1–A4).

Sizes are the enriched store's `model_sizes.params` (total parameters; a mixture of experts counts
all its experts), bucketed <1B, 1-9B, 10-99B, >=100B as `enrich.sizes` defines the buckets, except
that a quantization or adapter counts at its direct parent's size when that is larger (`SIZES_SQL`). A
model with no known size is left out of every size figure, and each metric says how much was left out.

Where a metric needs time, it uses the snapshot series: ages from `createdAt` and the snapshots'
dates (A1), and the monthly downloads estimate of `series.monthly_downloads` (A2, A3), whose
resolution is one month. With a single snapshot they degrade as each definition states, and say so.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from hubcensus.enrich.sizes import SIZE_BUCKETS, size_bucket_sql
from hubcensus.metrics.attribution import REDISTRIBUTOR_NOTE, group_of, organisation_account, redistributors_sql
from hubcensus.metrics.base import Context, Result, Snapshot, metric, share
from hubcensus.metrics.facts import FLOOR_PLUS_DAY
from hubcensus.metrics.series import (
    closes,
    closes_week,
    monthly_downloads,
    repo_keys,
    series_stats,
    week_of_sql,
    weekly_downloads,
)
from hubcensus.metrics.snapshots import alive_def, complete_or_as_of
from hubcensus.metrics.sql import (
    COLUMN,
    add_months,
    as_date,
    date_literal,
    downloads_field,
    month_range,
    month_start,
    stats_at,
    ts_literal,
    year_of,
)

BUCKETS = SIZE_BUCKETS  # <1B, 1-9B, 10-99B, >=100B
BUCKET_KEYS = {"<1B": "lt1b", "1-9B": "1_9b", "10-99B": "10_99b", ">=100B": "ge100b"}
AGES = (7, 14, 30, 60, 90, 180, 365)  # A1: the ages (days after release) ATOM reads adoption at
TOP_N = 10  # A1: the reference models, each (bucket, age)'s ten most downloaded (ATOM)
MIN_BUCKET_MODELS = 10  # A1: a ratio between two buckets needs at least this many models in each (else None)
MAX_TOLERANCE_DAYS = 15  # A1 (series): the snapshot for age d is within min(ceil(d/2), 15) days of createdAt + d
ROLLING_DAYS = 30  # the Hub's rolling `downloads` window: a model at most this old has its whole life in it
WEEKS_PER_MONTH = 4.35  # 365.25 / 12 / 7 = 4.348
FALL_FRACTION = 0.5  # engagement has ended when a month's downloads fall below half the peak month's
MIN_HISTORY_MONTHS = 3  # A2: a model needs its release month and at least 3 later months in the series
MIN_HISTORY_WEEKS = 13  # A2 (weekly): its release week and 13 later weeks (the 3 months above, 13 x 7 = 91 days)
WEEK_DAYS = 7  # A2 (weekly): complete snapshots at most this many days apart make a weekly series
MIN_ORIGINALS = 5  # A4: a major developer has at least this many original models of known size
POINTS_PER_DECADE = 10  # A4: a size point is round(10 x log10(params)), so sizes within ~12% are one point
SPAN = 3  # A4 headline: the share of major developers spanning at least 3 buckets (or 3 size points)
HEADLINE_YEARS = (2023, 2024, 2025)  # A3: the years the report published (827M → 20.8B)


def tolerance(age: int) -> int:
    """A1 (series): how far, in days, the snapshot used for age d may be from createdAt + d."""
    return min((age + 1) // 2, MAX_TOLERANCE_DAYS)


def age_days_sql() -> str:
    """(days, age): every day count within tolerance of an age. A1 (series) joins its observations to
    it on equality, where a join on the range would sort every observation."""
    rows = [f"SELECT {d} AS days, {a} AS age" for a in AGES for d in range(a - tolerance(a), a + tolerance(a) + 1)]
    return "(" + " UNION ALL ".join(rows) + ")"


def age_days(ctx: Context) -> str:
    return ctx.shared("_hc_age_days", age_days_sql())


def closest_at_age(ctx: Context) -> str:
    """(k, age, days, snapshot_id, at_now, d30): for each repo key and age, the observation A1 reads — the
    series row closest to createdAt + age within tolerance (ties: the earlier snapshot), with its all-time
    and raw 30-day counts. At most one row per (model, age), whatever the series' length; a new snapshot can
    only replace a row by a closer observation, which is how `series_carry` keeps this table from one enrich
    to the next without reading the series again (`closer_sql`)."""
    series = ctx.complete_series("model")
    return ctx.shared(
        f"_hc_a1_closest_{ctx.as_of.snapshot_id}",
        f"""(
            SELECT k, age, days, snapshot_id, at_now, d30 FROM (
                SELECT r.k, a.age, a.days, r.snapshot_id, r.at_now, r.d30,
                       ROW_NUMBER() OVER (PARTITION BY r.k, a.age ORDER BY abs(a.days - a.age), r.snapshot_id) AS pick
                FROM {series_stats(ctx, "model")} r
                JOIN ({_series_literal(series)}) s ON s.snapshot_id = r.snapshot_id
                JOIN {age_days(ctx)} a ON a.days = date_diff('day', CAST(r.created_at AS DATE), s.taken_at)
                WHERE r.created_at > {FLOOR}
            ) o WHERE pick = 1
        )""",
    )


def closer_sql(old: str, new: str) -> str:
    """Whether observation `new` of a (model, age) is the one A1 reads rather than `old`: the same order as
    `closest_at_age`'s ROW_NUMBER, so that the closest of a growing set is kept one snapshot at a time."""
    return (
        f"(abs({new}.days - {new}.age) < abs({old}.days - {old}.age) OR "
        f"(abs({new}.days - {new}.age) = abs({old}.days - {old}.age) AND {new}.snapshot_id < {old}.snapshot_id))"
    )


def yearly_downloads_def(ctx: Context) -> tuple[str, str]:
    """A3's weights over a series, as (table, SQL): (repo_id, year, w, months), each model's downloads per
    calendar year from the monthly estimate and how many of its months it sums. Its own intermediate, built
    only where A3's answer is not kept; `enrich` builds that answer from per-year sums it carries and moves by
    the months a day touched (`series_carry`), where grouping the months read every repo-month of the history
    each day."""
    return (
        f"_hc_a3_weights_{ctx.as_of.snapshot_id}",
        f"""(
            SELECT repo_id, {year_of("month")} AS year, sum(downloads) AS w, count(*) AS months
            FROM {monthly_downloads(ctx, "model")} md GROUP BY repo_id, {year_of("month")}
        )""",
    )


def bucket_sql(col: str) -> str:
    """The size bucket of a parameter count, as `enrich.sizes` defines it (NULL for no count)."""
    return size_bucket_sql(col)


# Each model's size for the adoption figures: model_sizes.params, except that a quantization or an
# adapter counts at its direct parent's size when that is larger — 4-bit packing stores several
# parameters per element and an adapter's own weights are a sliver, but what runs is the base model. The
# parents' largest count is taken over the quantizations and adapters alone (a few hundred thousand edges at Hub
# scale) and joined to every sized model, rather than every sized model grouped by its id (model_sizes holds
# one row per model): a third of the time.
SIZES_SQL = """(
    SELECT z.repo_id, CASE WHEN b.params > z.params THEN b.params ELSE z.params END AS params
    FROM model_sizes z
    LEFT JOIN (
        SELECT l.child_id, max(p.params) AS params
        FROM lineage l JOIN model_sizes p ON p.repo_id = l.parent_id AND p.params > 0
        WHERE l.relation IN ('quantized', 'adapter')
        GROUP BY l.child_id
    ) b ON b.child_id = z.repo_id
    WHERE z.params > 0
)"""


def sizes(ctx: Context) -> str:
    """Each model's size as the metrics count it (`SIZES_SQL`), computed once per run."""
    return ctx.shared("_hc_sizes", SIZES_SQL)


FLOOR = ts_literal(FLOOR_PLUS_DAY)  # createdAt at or below: age unknown


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _series_literal(snaps: list[Snapshot]) -> str:
    return " UNION ALL ".join(
        f"SELECT {s.snapshot_id} AS snapshot_id, {date_literal(s.taken_at)} AS taken_at" for s in snaps
    )


def _month_index(expr: str) -> str:
    return f"({year_of(expr)} * 12 + CAST(EXTRACT(month FROM {expr}) AS INTEGER))"


# -- A1 -----------------------------------------------------------------------------------------
def _bucket_ratio(
    ref: dict[tuple[str, str], tuple[Any, Any]],
    bucket_models: dict[tuple[str, str], int],
    thin: list[str],
    age: str,
    version: int = 0,
) -> float | None:
    """A1's ratio of the 1-9B bucket's reference value to the >=100B bucket's at one age; None (with a note in
    `thin`, once) when either bucket holds fewer than MIN_BUCKET_MODELS models: a ratio of a handful says nothing."""
    small, big = ref.get(("1-9B", age), (None, None))[version], ref.get((">=100B", age), (None, None))[version]
    if small is None or not big:
        return None
    few = [
        f"{b} {bucket_models.get((b, age), 0)}"
        for b in ("1-9B", ">=100B")
        if bucket_models.get((b, age), 0) < MIN_BUCKET_MODELS
    ]
    if few:
        at = "all ages" if age == "all" else f"{age} days"
        note = f"ratio 1-9B / >=100B at {at} not given: fewer than {MIN_BUCKET_MODELS} models in a bucket ({', '.join(few)})"
        if note not in thin:
            thin.append(note)
        return None
    return small / big


@metric(
    spec="A1",
    name="relative_adoption",
    title="Relative adoption: downloads of the top-10 models of each size bucket, by age (ATOM)",
    chapter="adoption",
    published="The median top-10 model of 1–9B parameters is downloaded only ~4× more than the median top-10 model above 100B.",
    definition=(
        "Models present in the newest complete snapshot on or before the as-of date with a known parameter count "
        "(model_sizes.params, total parameters; a quantization or adapter takes its direct parent's count when that "
        "is larger), bucketed <1B, 1-9B, 10-99B, >=100B. As of the snapshot (all ages): "
        "each bucket's top 10 by downloads (`downloadsAllTime` when the snapshot has it, else the 30-day `downloads`; "
        "ties by id) and their median (v1 reference) and 10th value (v2 reference); headline ratio_1_9b_over_ge100b = "
        "the 1-9B median over the >=100B median. By age d in 7, 14, 30, 60, 90, 180, 365 days: with a series of two or "
        "more complete snapshots, a model's cumulative downloads at age d are read at the snapshot closest to "
        "createdAt + d within min(ceil(d/2), 15) days (ties: the earlier snapshot) — `downloadsAllTime` there, or the "
        "30-day count when the model is at most 30 days old there (its whole life is in the window), else unknown; "
        "with one snapshot the metric is cross-sectional: age = snapshot date - createdAt, a model is placed at the "
        "largest d not above its age (365 = a year or older) and its downloads are the snapshot's. Models created "
        "at the createdAt floor (2022-03-02) have no known age and appear only in the all-ages figures. At each "
        "(bucket, d) the top 10 by cumulative downloads at that age are the reference: relative adoption v1 = a "
        "model's downloads / their median (over fewer than 10 when the bucket has fewer), v2 = / the 10th (none with "
        "fewer than 10). A ratio between two buckets (ratio_1_9b_over_ge100b, at 90 and 365 days) is given only "
        f"when each bucket holds at least {MIN_BUCKET_MODELS} models with a count at that age (MIN_BUCKET_MODELS; "
        "all of the bucket's models, not only its top 10), else None with a note: a median over a handful of "
        "models is not a bucket's figure. The medians are reported whatever the bucket's size, each row with its "
        "bucket's `models`. Rows: the top-10 members of each (bucket, age) with their v1 and v2 values; age 'all' "
        "is the as-of ranking."
    ),
    headline_keys=(
        "mode",
        "downloads_field",
        "models_sized",
        "models_unsized",
        "median_top10_lt1b",
        "median_top10_1_9b",
        "median_top10_10_99b",
        "median_top10_ge100b",
        "tenth_1_9b",
        "tenth_ge100b",
        "ratio_1_9b_over_ge100b",
        "ratio_1_9b_over_ge100b_v2",
        "ratio_1_9b_over_ge100b_at_90d",
        "ratio_1_9b_over_ge100b_at_365d",
    ),
    out_of_reach="Downloads are file requests counted by the Hub, not deployments; use through APIs and inference providers outside the Hub is not public.",
)
def relative_adoption(ctx: Context) -> Result:
    snap, notes = complete_or_as_of(ctx)
    field = downloads_field(ctx, snap.snapshot_id)
    series = ctx.complete_series("model")
    mode = "series" if len(series) >= 2 else "cross-sectional"
    sized = f"""(
        SELECT s.repo_id, s.created_at, z.params, {bucket_sql("z.params")} AS bucket, COALESCE(s.{COLUMN[field]}, 0) AS d
        FROM {stats_at(ctx, snap.snapshot_id)} s JOIN {sizes(ctx)} z ON z.repo_id = s.repo_id
    )"""
    [count] = ctx.kept_rows(
        "a1_sized",
        f"""
        SELECT count(*) AS models, count(z.repo_id) AS sized
        FROM {stats_at(ctx, snap.snapshot_id)} s LEFT JOIN {sizes(ctx)} z ON z.repo_id = s.repo_id
    """,
    )
    if mode == "series":
        observed = f"""
            at_age AS (
                SELECT z.repo_id, z.params, z.bucket, CAST(c.age AS VARCHAR) AS age,
                       CASE WHEN c.at_now IS NOT NULL THEN c.at_now WHEN c.days <= {ROLLING_DAYS} THEN c.d30 END AS cum
                FROM {closest_at_age(ctx)} c
                JOIN {repo_keys(ctx, "model")} ky ON ky.k = c.k
                JOIN sized z ON z.repo_id = ky.repo_id
            )"""
    else:
        age_case = " ".join(f"WHEN days >= {d} THEN '{d}'" for d in reversed(AGES))
        observed = f"""
            aged AS (
                SELECT repo_id, params, bucket, d, date_diff('day', CAST(created_at AS DATE), {date_literal(snap.taken_at)}) AS days
                FROM sized WHERE created_at > {FLOOR}
            ),
            at_age AS (SELECT repo_id, params, bucket, CASE {age_case} END AS age, d AS cum FROM aged)"""
        notes.append(
            f"cross-sectional: one snapshot ({snap.taken_at}); a model's age is the snapshot date minus createdAt "
            "and its downloads are those at the snapshot, so each age compares models of that age today, not one model over time"
        )
    data = ctx.kept_rows(
        "a1_top",
        f"""
        WITH sized AS {sized},
        {observed},
        pool AS (
            SELECT repo_id, params, bucket, 'all' AS age, d AS cum FROM sized
            UNION ALL
            SELECT repo_id, params, bucket, age, cum FROM at_age WHERE age IS NOT NULL AND cum IS NOT NULL
        ),
        -- The top 10 per group without sorting every group: each group's 10th-largest value comes from the
        -- counts per distinct value, and only the rows at or above it are ranked.
        vals AS (SELECT bucket, age, cum, count(*) AS n FROM pool GROUP BY bucket, age, cum),
        run AS (
            SELECT bucket, age, cum,
                   sum(n) OVER (PARTITION BY bucket, age ORDER BY cum DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS above
            FROM vals
        ),
        cut AS (SELECT bucket, age, max(cum) AS tenth FROM run WHERE above >= {TOP_N} GROUP BY bucket, age),
        sizes_of AS (SELECT bucket, age, sum(n) AS models FROM vals GROUP BY bucket, age),
        ranked AS (
            SELECT p.repo_id, p.params, p.bucket, p.age, p.cum, g.models,
                   ROW_NUMBER() OVER (PARTITION BY p.bucket, p.age ORDER BY p.cum DESC, p.repo_id) AS rank
            FROM pool p JOIN sizes_of g ON g.bucket = p.bucket AND g.age = p.age
            LEFT JOIN cut c ON c.bucket = p.bucket AND c.age = p.age
            WHERE c.tenth IS NULL OR p.cum >= c.tenth
        )
        SELECT repo_id, params, bucket, age, cum, rank, models FROM ranked WHERE rank <= {TOP_N} ORDER BY bucket, age, rank
    """,
        "bucket, age, rank",
    )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in data:
        groups.setdefault((r["bucket"], r["age"]), []).append(r)
    ref: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    bucket_models: dict[tuple[str, str], int] = {key: int(members[0]["models"]) for key, members in groups.items()}
    thin: list[str] = []
    rows: list[dict[str, Any]] = []
    order = {b: i for i, b in enumerate(BUCKETS)}
    age_order = {"all": -1, **{str(d): d for d in AGES}}
    for key in sorted(groups, key=lambda k: (order.get(k[0], 9), age_order.get(k[1], 999))):
        members = groups[key]
        # Relative adoption (ATOM): v1 = downloads / the median of the reference models', v2 = / the 10th's.
        v1 = _median([float(m["cum"]) for m in members])
        v2 = float(members[TOP_N - 1]["cum"]) if len(members) >= TOP_N else None
        ref[key] = (v1, v2)
        for m in members:
            rows.append(
                {
                    "bucket": key[0],
                    "age_days": key[1],
                    "models": int(m["models"]),
                    "rank": int(m["rank"]),
                    "repo_id": m["repo_id"],
                    "params": int(m["params"]),
                    "downloads": int(m["cum"]),
                    "median_top10": v1,
                    "tenth": v2,
                    "relative_adoption_v1": (m["cum"] / v1) if v1 else None,
                    "relative_adoption_v2": (m["cum"] / v2) if v2 else None,
                }
            )

    def ratio(age: str, version: int = 0) -> float | None:
        return _bucket_ratio(ref, bucket_models, thin, age, version)

    headline: dict[str, Any] = {
        "mode": mode,
        "downloads_field": field,
        "models_sized": int(count["sized"]),
        "models_unsized": int(count["models"]) - int(count["sized"]),
    }
    for b in BUCKETS:
        headline[f"median_top10_{BUCKET_KEYS[b]}"] = ref.get((b, "all"), (None, None))[0]
    headline["tenth_1_9b"] = ref.get(("1-9B", "all"), (None, None))[1]
    headline["tenth_ge100b"] = ref.get((">=100B", "all"), (None, None))[1]
    headline["ratio_1_9b_over_ge100b"] = ratio("all")
    headline["ratio_1_9b_over_ge100b_v2"] = ratio("all", 1)
    headline["ratio_1_9b_over_ge100b_at_90d"] = ratio("90")
    headline["ratio_1_9b_over_ge100b_at_365d"] = ratio("365")
    notes.extend(thin)
    if field == "downloads":
        notes.append(
            "the snapshot has no downloadsAllTime: the all-ages figures (and, cross-sectionally, every age) use "
            "30-day downloads, a recent rate rather than a cumulative count"
        )
    if mode == "series":
        notes.append(
            f"series of {len(series)} complete snapshots; age-d downloads from the snapshot closest to createdAt + d "
            f"within {', '.join(f'{d}d: ±{tolerance(d)}' for d in AGES)} days"
        )
    return Result(
        headline, rows, [snap.snapshot_id] if mode == "cross-sectional" else [s.snapshot_id for s in series], notes
    )


# -- A2 -----------------------------------------------------------------------------------------
def _lifetime_sql(values: str, keys: str, first_month: dt.date, last_release: dt.date) -> str:
    """Per-model peak and fall, for each signal, from (repo_id, month, downloads, likes) of models released
    in [first_month, last_release], returned as a histogram (signal, k_peak, k_fall, k_last, models).
    Both signals come from one pass over the monthly series and one join with the releases, which
    also brings each model's integer key (`keys`, from `series.repo_keys`) for every grouping after it."""
    return f"""
        WITH v AS {values},
        released AS (
            SELECT repo_id, k, {month_start("created_at")} AS m0 FROM {keys} ky
            WHERE created_at > {FLOOR}
              AND {month_start("created_at")} >= {date_literal(first_month)}
              AND {month_start("created_at")} <= {date_literal(last_release)}
        ),
        obs AS (
            SELECT r.k AS id, {_month_index("v.month")} - {_month_index("r.m0")} AS k,
                   CAST(COALESCE(v.downloads, 0) AS DOUBLE) AS d, CAST(COALESCE(v.likes, 0) AS DOUBLE) AS l
            FROM v JOIN released r ON r.repo_id = v.repo_id WHERE v.month >= r.m0
        ),{_PEAK_FALL_SQL}"""


def _weekly_lifetime_sql(values: str, keys: str, weeks: list[dt.date], last_release: dt.date) -> str:
    """`_lifetime_sql` per week, from (k, week, downloads, likes) over the weekly series whose closed weeks
    are `weeks`, k from `series.repo_keys`. A model counts only when its first week in the series is its
    release week (week 0: the ISO week of createdAt) with a known count there: seen within a week of
    release, created after the snapshot before (so its first all-time count is all its downloads). A week
    without a known count (NULL downloads) is not an observation of the downloads signal. Weeks are
    numbered from a literal table of the series' weeks, joined on equality: no date arithmetic for the
    engines to disagree on."""
    index = " UNION ALL ".join(f"SELECT {date_literal(w)} AS week, {i} AS i" for i, w in enumerate(weeks))
    week0 = week_of_sql("created_at")
    return f"""
        WITH v AS {values},
        wk AS ({index}),
        released AS (
            SELECT ky.k, wk.i AS i0 FROM {keys} ky JOIN wk ON wk.week = {week0}
            WHERE ky.created_at > {FLOOR} AND {week0} <= {date_literal(last_release)}
        ),
        seen AS (
            SELECT r.k AS id, wk.i - r.i0 AS k, v.downloads, v.likes
            FROM v JOIN released r ON r.k = v.k JOIN wk ON wk.week = v.week
        ),
        first_seen AS (
            SELECT id FROM seen GROUP BY id
            HAVING min(k) = 0 AND max(CASE WHEN k = 0 AND downloads IS NOT NULL THEN 1 ELSE 0 END) = 1
        ),
        obs AS (
            SELECT s.id, s.k, CAST(s.downloads AS DOUBLE) AS d, CAST(COALESCE(s.likes, 0) AS DOUBLE) AS l FROM seen s
            JOIN first_seen f ON f.id = s.id
        ),{_PEAK_FALL_SQL}"""


# The peak and the fall per model of both signals from `obs` (id, k, d, l): downloads `d` (NULL where a period has no
# count: not an observation of that signal) and likes `l`, returned as a histogram per signal. Both signals ride the
# same row (one column each) rather than one row per signal: the model's rows are grouped three times, not six, and
# on an integer key alone (a signal named by string made every grouping and join carry a string).
# Ties at the peak: the earliest period. Shared by both resolutions.
_PEAK_FALL_SQL = f"""
        per AS (
            SELECT id, max(d) AS d_peak, max(l) AS l_peak, max(CASE WHEN d IS NOT NULL THEN k END) AS d_last,
                   max(k) AS l_last
            FROM obs GROUP BY id
        ),
        pk AS (
            SELECT o.id, min(CASE WHEN o.d = p.d_peak THEN o.k END) AS d_k_peak,
                   min(CASE WHEN o.l = p.l_peak THEN o.k END) AS l_k_peak,
                   max(p.d_peak) AS d_peak, max(p.l_peak) AS l_peak, max(p.d_last) AS d_last, max(p.l_last) AS l_last
            FROM obs o JOIN per p ON p.id = o.id
            GROUP BY o.id
        ),
        fall AS (
            SELECT o.id,
                   min(CASE WHEN o.k > p.d_k_peak AND o.d < {FALL_FRACTION} * p.d_peak THEN o.k END) AS d_k_fall,
                   min(CASE WHEN o.k > p.l_k_peak AND o.l < {FALL_FRACTION} * p.l_peak THEN o.k END) AS l_k_fall,
                   -- the peak's columns ride along (one row per model on both sides): no join of pk and fall after
                   max(p.d_k_peak) AS d_k_peak, max(p.l_k_peak) AS l_k_peak, max(p.d_peak) AS d_peak,
                   max(p.l_peak) AS l_peak, max(p.d_last) AS d_last, max(p.l_last) AS l_last
            FROM obs o JOIN pk p ON p.id = o.id
            GROUP BY o.id
        ),
        sides AS (
            SELECT 'downloads' AS signal, d_k_peak AS k_peak, d_k_fall AS k_fall, d_last AS k_last,
                   CASE WHEN d_peak > 0 THEN 1 ELSE 0 END AS engaged
            FROM fall
            UNION ALL
            SELECT 'likes' AS signal, l_k_peak AS k_peak, l_k_fall AS k_fall, l_last AS k_last,
                   CASE WHEN l_peak > 0 THEN 1 ELSE 0 END AS engaged
            FROM fall
        )
        SELECT signal, k_peak, k_fall, k_last, engaged, count(*) AS models
        FROM sides
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 4, 5
    """


def _weekly_series(ctx: Context, snaps: list[Snapshot]) -> list[Snapshot] | None:
    """The complete snapshots A2 reads per week: the last one closing each week (`_one_per_week`) of the longest
    run ending at the newest one whose snapshots are at most a week apart, cut after the newest of them lacking
    `downloadsAllTime` (a week is an all-time difference between week-closing snapshots; the 30-day count cannot
    give one, and a day between them is never read), when what is left closes the release week and the 13 weeks
    after; else None (A2 is then monthly). Whether they carry the counter is asked only of a run long enough in
    dates, so a monthly series costs no query, and only of the week-closing snapshots: over a year of days,
    asking all of them was a scan of every day's statistics for one in seven."""
    run = snaps[-1:]
    for s in reversed(snaps[:-1]):
        if (run[0].taken_at - s.taken_at).days > WEEK_DAYS:
            break
        run.insert(0, s)

    def long_enough(r: list[Snapshot]) -> bool:
        return len(r) > 1 and closes_week(r[-1]) - closes_week(r[0]) >= dt.timedelta(weeks=MIN_HISTORY_WEEKS)

    if not long_enough(run):
        return None
    run = _one_per_week(run)
    ids = ", ".join(str(s.snapshot_id) for s in run)
    counted = ctx.rows(
        f"SELECT snapshot_id, count(downloads_all_time) AS n FROM repo_stats "
        f"WHERE kind = 'model' AND snapshot_id IN ({ids}) GROUP BY snapshot_id"
    )
    carry = {int(r["snapshot_id"]) for r in counted if r["n"]}
    # the run ends at its newest snapshot: the newest one lacking the counter cuts it there
    for i in range(len(run) - 1, -1, -1):
        if run[i].snapshot_id not in carry:
            run = run[i + 1 :]
            break
    return run if long_enough(run) else None


def _one_per_week(run: list[Snapshot]) -> list[Snapshot]:
    """The last snapshot closing each week: a week's figure is the all-time difference between week-closing
    snapshots, so a daily run is read at one snapshot in seven and costs what a weekly one does."""
    last = {closes_week(s): s for s in run}
    return [last[w] for w in sorted(last)]


def _summarise(hist: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean/median peak month and lifetime from the histogram; a model never seen to fall is censored
    (longer than its observed months): excluded from the mean, counted above every value for the median.
    Lifetimes are counted from the release month (`life_*`) and from the peak month (`after_peak_*`)."""
    engaged = [h for h in hist if h["engaged"]]
    n = sum(int(h["models"]) for h in engaged)
    out: dict[str, Any] = {"models": n, "zero": sum(int(h["models"]) for h in hist if not h["engaged"])}
    keys = ("peak_mean", "peak_early", "censored", "life_mean", "life_median", "after_peak_mean", "after_peak_median")
    if not n:
        return out | dict.fromkeys(keys)
    out["peak_mean"] = sum(int(h["k_peak"]) * int(h["models"]) for h in engaged) / n
    out["peak_early"] = sum(int(h["models"]) for h in engaged if int(h["k_peak"]) <= 1) / n
    fell = [(int(h["k_peak"]), int(h["k_fall"]), int(h["models"])) for h in engaged if h["k_fall"] is not None]
    n_fell = sum(c for _, _, c in fell)
    out["censored"] = (n - n_fell) / n
    for key, span in (("life", lambda p, f: f), ("after_peak", lambda p, f: f - p)):
        spans = [(span(p, f), c) for p, f, c in fell]
        out[f"{key}_mean"] = sum(v * c for v, c in spans) / n_fell if n_fell else None
        out[f"{key}_median"] = _censored_median(spans, n)
    return out


def _censored_median(spans: list[tuple[int, int]], n: int) -> float | None:
    """The median of n values of which `spans` (value, count) are observed and the rest lie above them all:
    defined while fewer than half are censored."""
    run = 0
    for v, c in sorted(spans):
        run += c
        if run >= n / 2:
            return float(v)
    return None


@metric(
    spec="A2",
    name="engagement_lifetime",
    title="Engagement lifetime: when downloads peak after release, and how long until they fall below half the peak",
    chapter="adoption",
    published="Engagement peaks right after release; mean engagement lasts about 6 weeks (Choksi et al., FAccT 2025).",
    definition=(
        "Resolution: the finest the complete snapshots allow. Weekly when the complete snapshots up to the as-of "
        f"date end in a run at most {WEEK_DAYS} days apart whose week-closing snapshots each carry downloadsAllTime "
        f"(the newest one without it cuts the run), that closes at least {MIN_HISTORY_WEEKS} ISO weeks after its "
        "first (a weekly or daily series; series.weekly_downloads: a "
        "week's downloads are the all-time increase since the previous week's, read at the last snapshot closing "
        "each week (a daily run is read one snapshot in seven, and a day in between need not carry the counter), "
        "a snapshot closing the week of the day before it; "
        "a rolling 30-day count cannot give a week, so a week without an all-time increase is not an "
        "observation); the run alone is read. Otherwise monthly (series.monthly_downloads over the "
        "complete snapshots; weeks = months x 4.35). The headline's `resolution` says which. Monthly: models "
        "released (createdAt, after the 2022-03-02 "
        "floor) from the first month of the series' latest run of consecutive months (a month the series holds "
        "no row for, between snapshots, cannot be followed through: a fall would land on the next observed month) "
        "to 3 calendar months before its last month (counted on the calendar, "
        "not as the 3rd-last month the series holds), so that the release "
        "month (month 0, partial) and 3 later calendar months lie within the series; None when that run spans "
        "fewer than 3 calendar months after its first. Weekly: models released from the run's first week to "
        f"{MIN_HISTORY_WEEKS} weeks before its last, counted only when first seen in their release week (week 0, "
        "the ISO week of createdAt, partial), with all their downloads there (created after the run's previous "
        "snapshot): observed within one step of release, so a peak is not the week a model entered the listing. "
        "Per model: the peak period (months, or weeks, after the release period; ties: the earliest) and the "
        "lifetime: the first period after the peak whose downloads are below "
        f"{FALL_FRACTION} x the peak period's, counted in periods from the release period (and, `_from_peak`, from "
        "the peak). Means of peaks and lifetimes are given in both units, converted at 4.35 weeks a month; the share "
        "peaking in the release period or the next only in the resolution's own (`peak_within_1_week_share` is "
        "None at monthly resolution, `peak_within_1_month_share` at weekly). A model never seen below "
        "that is censored: left out of the mean lifetime, counted as longer than every observed lifetime in the "
        "median (defined while fewer than half are censored). Models with no downloads in any observed period are "
        "counted apart. Likes: the same with likes gained per period (the increase of the like count between the "
        "last complete snapshots closing consecutive periods; the release period gains all its likes)."
    ),
    headline_keys=(
        "resolution",
        "fraction",
        "released_from",
        "released_to",
        "models",
        "peak_month_mean",
        "peak_within_1_month_share",
        "peak_week_mean",
        "peak_within_1_week_share",
        "lifetime_months_mean",
        "lifetime_weeks_mean",
        "lifetime_weeks_median",
        "lifetime_weeks_mean_from_peak",
        "lifetime_weeks_median_from_peak",
        "censored_share",
        "likes_models",
        "likes_peak_month_mean",
        "likes_peak_week_mean",
        "likes_lifetime_weeks_mean",
        "likes_lifetime_weeks_median",
    ),
    out_of_reach="Use after download (how long a model keeps running once fetched) is not public; only download counts and likes are.",
)
def engagement_lifetime(ctx: Context) -> Result:
    snaps = ctx.complete_series("model")
    weekly = _weekly_series(ctx, snaps) if snaps else None
    if weekly is not None:
        return _weekly_lifetime(ctx, weekly)
    base = {"resolution": "monthly", "fraction": FALL_FRACTION}
    # likes gained per month come with the monthly series (one pass over the snapshots for both)
    table = monthly_downloads(ctx, "model") if snaps else None
    window = monthly_window(ctx, table)
    if window.first is None:
        return Result(base, [], [s.snapshot_id for s in snaps], window.notes)
    first, last_release, gap_note = window.first, window.last_release, window.notes
    monthly = f"(SELECT repo_id, month, downloads, likes_gained AS likes FROM {table} md)"
    hist = ctx.rows(_lifetime_sql(monthly, repo_keys(ctx, "model"), first, last_release))
    d, k = (
        _summarise([h for h in hist if h["signal"] == "downloads"]),
        _summarise([h for h in hist if h["signal"] == "likes"]),
    )
    weeks = lambda m: m * WEEKS_PER_MONTH if m is not None else None  # noqa: E731
    headline = {
        **base,
        "released_from": first,
        "released_to": last_release,
        "peak_month_mean": d["peak_mean"],
        "peak_within_1_month_share": d["peak_early"],
        "peak_week_mean": weeks(d["peak_mean"]),
        "lifetime_months_mean": d["life_mean"],
        "likes_peak_month_mean": k["peak_mean"],
        "likes_peak_week_mean": weeks(k["peak_mean"]),
        **_lifetimes(d, k, weeks),
    }
    notes = [
        "resolution is monthly: a lifetime of 1 month (4.35 weeks) means the month after release already fell below half the peak",
        f"{d['zero']} released model(s) had no downloads in any observed month and are left out",
        *gap_note,
    ]
    return Result(headline, _lifetime_rows(hist, "month"), [s.snapshot_id for s in snaps], notes)


@dataclass(frozen=True)
class MonthlyWindow:
    """The months A2 (and the scorecards' lifetimes) can follow a model through: releases from `first` to
    `last_release`; None with the reason in `notes` when the series cannot give one."""

    first: dt.date | None
    last_release: dt.date | None
    notes: list[str]


def monthly_window(ctx: Context, table: str | None) -> MonthlyWindow:
    """The release months A2 reads: from the start of the series' latest run of consecutive months to 3
    calendar months before its end.

    The last release month is counted on the calendar from the series' end, not as a position in the list
    of months held. A month the series holds no row for (between two snapshots the next one's month holds
    the whole interval, or with 30-day counts nothing at all) cannot be followed through: a fall would land
    on the next observed month, so only the latest run of consecutive months is read."""
    months = sorted({closes(s) for s in ctx.complete_series("model")})
    need = f"at least {MIN_HISTORY_MONTHS + 1} calendar months are needed"
    if not months or table is None or add_months(months[-1], -MIN_HISTORY_MONTHS) < months[0]:
        span = f"{months[0]:%Y-%m} to {months[-1]:%Y-%m}" if months else "no month"
        return MonthlyWindow(
            None,
            None,
            [
                f"the series covers {span}: {need} (a release month and {MIN_HISTORY_MONTHS} later calendar "
                "months within the series)"
            ],
        )
    first, last_release = months[0], add_months(months[-1], -MIN_HISTORY_MONTHS)
    unseen = _months_unseen(ctx, table, first, months[-1])
    if not unseen:
        return MonthlyWindow(first, last_release, [])
    first = add_months(unseen[-1], 1)
    gap = ", ".join(f"{m:%Y-%m}" for m in unseen)
    if last_release < first:
        return MonthlyWindow(
            None,
            None,
            [
                f"the monthly series has no month for {gap}: a lifetime cannot be followed through months the "
                f"series never saw, and its latest run of consecutive months ({first:%Y-%m} to {months[-1]:%Y-%m}) "
                f"is shorter: {need}"
            ],
        )
    return MonthlyWindow(
        first,
        last_release,
        [f"the monthly series has no month for {gap}: read from {first:%Y-%m}, its latest run of consecutive months"],
    )


def _months_unseen(ctx: Context, table: str, first: dt.date, last: dt.date) -> list[dt.date]:
    """The calendar months from `first` to `last` for which the monthly series holds no row. With all-time
    counts a gap between snapshots is spread over its months (an estimate the series states); with 30-day
    counts only, the months between two snapshots are simply not there."""
    held = {as_date(r["month"]) for r in ctx.rows(f"SELECT DISTINCT month FROM {table} md")}
    return [m for m in month_range(first, last) if m not in held]


def _weekly_lifetime(ctx: Context, run: list[Snapshot]) -> Result:
    """A2 per week over `run` (`_weekly_series`)."""
    weeks = sorted({closes_week(s) for s in run})
    last_release = weeks[-1] - dt.timedelta(weeks=MIN_HISTORY_WEEKS)
    # only the models released from the run's first week to `last_release` can count (`released` below): the
    # others' weeks are never read
    weekly = weekly_downloads(ctx, run, released=(weeks[0], last_release))
    values = f"(SELECT k, week, downloads, likes_gained AS likes FROM {weekly} wd)"
    hist = ctx.rows(_weekly_lifetime_sql(values, repo_keys(ctx, "model"), weeks, last_release))
    d, k = (
        _summarise([h for h in hist if h["signal"] == "downloads"]),
        _summarise([h for h in hist if h["signal"] == "likes"]),
    )
    months = lambda w: w / WEEKS_PER_MONTH if w is not None else None  # noqa: E731
    headline = {
        "resolution": "weekly",
        "fraction": FALL_FRACTION,
        "released_from": weeks[0],
        "released_to": last_release,
        "peak_week_mean": d["peak_mean"],
        "peak_within_1_week_share": d["peak_early"],
        "peak_month_mean": months(d["peak_mean"]),
        "lifetime_months_mean": months(d["life_mean"]),
        "likes_peak_week_mean": k["peak_mean"],
        "likes_peak_month_mean": months(k["peak_mean"]),
        **_lifetimes(d, k, lambda w: w),
    }
    notes = [
        "resolution is weekly (ISO weeks, from Monday): a lifetime of 1 week means the week after the release week "
        "already fell below half the peak",
        "only models first seen in their release week, with all their downloads there, count: a model first seen "
        "later would peak in the week it entered the listing",
        f"{d['zero']} counted model(s) had no downloads in any observed week and are left out",
    ]
    return Result(headline, _lifetime_rows(hist, "week"), [s.snapshot_id for s in run], notes)


def _lifetimes(d: dict[str, Any], k: dict[str, Any], weeks: Any) -> dict[str, Any]:
    """The headline's counts and lifetimes in weeks (`weeks` converts a lifetime in periods) from
    `_summarise` of the downloads (`d`) and the likes (`k`)."""
    return {
        "models": d["models"],
        "lifetime_weeks_mean": weeks(d["life_mean"]),
        "lifetime_weeks_median": weeks(d["life_median"]),
        "lifetime_weeks_mean_from_peak": weeks(d["after_peak_mean"]),
        "lifetime_weeks_median_from_peak": weeks(d["after_peak_median"]),
        "censored_share": d["censored"],
        "likes_models": k["models"],
        "likes_lifetime_weeks_mean": weeks(k["life_mean"]),
        "likes_lifetime_weeks_median": weeks(k["life_median"]),
    }


def _lifetime_rows(hist: list[dict[str, Any]], unit: str) -> list[dict[str, Any]]:
    """The histogram as rows, in the resolution's unit (`peak_month` or `peak_week`, …)."""
    return [
        {
            "signal": h["signal"],
            f"peak_{unit}": int(h["k_peak"]),
            f"fall_{unit}": None if h["k_fall"] is None else int(h["k_fall"]),
            f"observed_{unit}s": int(h["k_last"]),
            "engaged": bool(h["engaged"]),
            "models": int(h["models"]),
        }
        for signal in ("downloads", "likes")
        for h in hist
        if h["signal"] == signal
    ]


# -- A3 -----------------------------------------------------------------------------------------
@metric(
    spec="A3",
    name="downloaded_model_size",
    title="Download-weighted size of the models people download, per year",
    chapter="adoption",
    published="Download-weighted mean 827M parameters (2023) → 20.8B (2025); median 326M → 406M.",
    definition=(
        "With two or more complete snapshots: for each calendar year, each model's weight is its downloads in that "
        "year's months (series.monthly_downloads, summed; only the months the series covers), its size "
        "model_sizes.params (total parameters; a quantization or adapter takes its direct parent's count when that "
        "is larger: what runs is the base model). Mean = sum(weight x params) / sum(weight); median = the smallest "
        "size at which the models up to that size hold at least half the year's weight. With one snapshot it "
        "degrades: each model's weight is its downloads at the snapshot (`downloadsAllTime` when it has the field, "
        "else the 30-day `downloads`) and its year is its createdAt year (2022 includes every model created before "
        "the March 2022 createdAt floor) — the size of what was downloaded, by when it was made. Models of unknown "
        "size are left out; sized_share says what share of the year's downloads had a size."
    ),
    headline_keys=(
        "mode",
        "mean_params_2023",
        "median_params_2023",
        "mean_params_2024",
        "median_params_2024",
        "mean_params_2025",
        "median_params_2025",
        "latest_year",
        "mean_params_latest",
        "median_params_latest",
        "sized_share_latest",
    ),
    out_of_reach="Which files of a repo were downloaded (one quantization or all shards) is not public: a download counts the repo, not the bytes.",
)
def downloaded_model_size(ctx: Context) -> Result:
    snaps = ctx.complete_series("model")
    needs: tuple[tuple[str, str], ...] = ()
    if len(snaps) >= 2:
        mode = "monthly series"
        table, sql = yearly_downloads_def(ctx)
        weights, needs = f"(SELECT * FROM {table})", ((table, sql),)
        used = [s.snapshot_id for s in snaps]
        notes = [f"weights: downloads per calendar year from the monthly estimate over {len(snaps)} complete snapshots"]
    else:
        snap, partial = complete_or_as_of(ctx)
        field = downloads_field(ctx, snap.snapshot_id)
        mode = "creation year, one snapshot"
        weights = f"""(
            SELECT s.repo_id, {year_of("s.created_at")} AS year, COALESCE(s.{COLUMN[field]}, 0) AS w, 1 AS months
            FROM {stats_at(ctx, snap.snapshot_id)} s WHERE s.created_at IS NOT NULL
        )"""
        used = [snap.snapshot_id]
        notes = partial + [
            f"one snapshot ({snap.taken_at}): weights are {field} at the snapshot, years are creation "
            "years — not the downloads made in each year"
        ]
    data = ctx.kept_rows(
        "a3_years",
        f"""
        WITH w AS {weights},
        tot AS (SELECT year, sum(w) AS all_w, max(months) AS months FROM w GROUP BY year),
        sized AS (
            -- one row per (year, size): the weighted median is where the running sum over sizes crosses half
            SELECT w.year, z.params, sum(w.w) AS w, count(*) AS n
            FROM w JOIN {sizes(ctx)} z ON z.repo_id = w.repo_id WHERE w.w > 0
            GROUP BY w.year, z.params
        ),
        ranked AS (
            SELECT year, params, w, n,
                   sum(w) OVER (PARTITION BY year ORDER BY params ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
                   sum(w) OVER (PARTITION BY year) AS total
            FROM sized
        ),
        agg AS (
            SELECT year, sum(n) AS models, sum(w) AS sized_w,
                   sum(CAST(w AS DOUBLE) * params) / sum(w) AS mean_params,
                   min(CASE WHEN 2 * cum >= total THEN params END) AS median_params
            FROM ranked GROUP BY year
        )
        SELECT t.year, t.months, t.all_w, a.models, a.sized_w, a.mean_params, a.median_params
        FROM tot t LEFT JOIN agg a ON a.year = t.year
        ORDER BY t.year
    """,
        "year",
        needs,
    )
    rows = [
        {
            "year": int(r["year"]),
            "months_covered": int(r["months"]) if mode == "monthly series" else None,
            "models": int(r["models"] or 0),
            "downloads": int(r["all_w"] or 0),
            "sized_share": share(int(r["sized_w"] or 0), int(r["all_w"] or 0)),
            "mean_params": r["mean_params"],
            "median_params": int(r["median_params"]) if r["median_params"] is not None else None,
        }
        for r in data
    ]
    by_year = {r["year"]: r for r in rows}
    headline: dict[str, Any] = {"mode": mode}
    for y in HEADLINE_YEARS:
        headline[f"mean_params_{y}"] = by_year.get(y, {}).get("mean_params")
        headline[f"median_params_{y}"] = by_year.get(y, {}).get("median_params")
    latest = next((r for r in reversed(rows) if r["mean_params"] is not None), None)
    headline["latest_year"] = latest["year"] if latest else None
    headline["mean_params_latest"] = latest["mean_params"] if latest else None
    headline["median_params_latest"] = latest["median_params"] if latest else None
    headline["sized_share_latest"] = latest["sized_share"] if latest else None
    return Result(headline, rows, used, notes)


# -- A4 -----------------------------------------------------------------------------------------
@metric(
    spec="A4",
    name="family_size_span",
    title="How many sizes a major developer's original models span",
    chapter="adoption",
    published="Most major developers release model families across sizes.",
    definition=(
        "Models present in the newest complete snapshot on or before the as-of date that are originals (no parent "
        "in the lineage) with a known parameter count. A developer is the registry's parent company, else "
        "organisation, else the namespace, of the model's namespace; individuals (registry kind `individual`, or "
        "user accounts) are not developers here, nor are redistributors — namespaces whose registry note says they "
        f"redistribute others' models (case-insensitive regex `{REDISTRIBUTOR_NOTE}`, as GEO4 reads it: "
        "mlx-community, unsloth, QuantFactory, lmstudio-community, …), whose repos without a declared base are "
        "conversions, not originals. A major developer has at least "
        f"{MIN_ORIGINALS} such originals. Its span: the distinct size buckets (<1B, 1-9B, 10-99B, >=100B) and the "
        "distinct size points, a size point being round(10 x log10(params)) — sizes within about 12% of each other "
        "are one point (7.2B, 7.6B and 8.0B are one; 1.5B and 3B are two). Headline: the share of major developers "
        "spanning at least 3 buckets, at least 3 size points, and either."
    ),
    headline_keys=(
        "major_developers",
        "min_originals",
        "share_3plus_buckets",
        "share_3plus_sizes",
        "share_3plus_either",
        "share_2plus_buckets",
        "median_size_points",
    ),
    out_of_reach="Sizes of models that publish neither safetensors/GGUF metadata nor a config are unknown; a family's unreleased sizes are not public.",
)
def family_size_span(ctx: Context) -> Result:
    snap, notes = complete_or_as_of(ctx)
    flags = ", ".join(f"max(CASE WHEN bucket = '{b}' THEN 1 ELSE 0 END) AS has_{BUCKET_KEYS[b]}" for b in BUCKETS)
    alive_table, alive_query = alive_def(ctx, snap, "downloads_30d")
    data = ctx.kept_rows(
        "a4_developers",
        f"""
        WITH alive AS (SELECT * FROM {alive_table}),
        originals AS (
            SELECT a.repo_id, a.ns, z.params, {bucket_sql("z.params")} AS bucket,
                   CAST(ROUND({POINTS_PER_DECADE} * log10(z.params)) AS INTEGER) AS point
            FROM alive a JOIN {sizes(ctx)} z ON z.repo_id = a.repo_id
            WHERE a.repo_id NOT IN (SELECT child_id FROM lineage)
        ),
        owners AS (
            SELECT o.*, {group_of("o.ns", "aa")} AS developer
            FROM originals o LEFT JOIN author_attribution aa ON aa.author = o.ns
            WHERE {organisation_account("aa")} AND lower(o.ns) NOT IN (SELECT la FROM {redistributors_sql()} rd)
        )
        SELECT developer, count(*) AS originals, count(DISTINCT bucket) AS buckets, count(DISTINCT point) AS size_points,
               min(params) AS smallest, max(params) AS largest, {flags}
        FROM owners GROUP BY developer
        HAVING count(*) >= {MIN_ORIGINALS}
        ORDER BY count(DISTINCT point) DESC, count(*) DESC, developer
    """,
        "size_points DESC, originals DESC, developer",
        ((alive_table, alive_query),),
    )
    n = len(data)
    rows = [
        {
            "developer": r["developer"],
            "originals": int(r["originals"]),
            "buckets": int(r["buckets"]),
            "size_points": int(r["size_points"]),
            "smallest": int(r["smallest"]),
            "largest": int(r["largest"]),
            **{f"has_{BUCKET_KEYS[b]}": bool(r[f"has_{BUCKET_KEYS[b]}"]) for b in BUCKETS},
        }
        for r in data
    ]
    headline = {
        "major_developers": n,
        "min_originals": MIN_ORIGINALS,
        "share_3plus_buckets": share(sum(r["buckets"] >= SPAN for r in rows), n),
        "share_3plus_sizes": share(sum(r["size_points"] >= SPAN for r in rows), n),
        "share_3plus_either": share(sum(r["buckets"] >= SPAN or r["size_points"] >= SPAN for r in rows), n),
        "share_2plus_buckets": share(sum(r["buckets"] >= 2 for r in rows), n),
        "median_size_points": _median([float(r["size_points"]) for r in rows]),
    }
    if not n:
        notes.append(f"no developer has {MIN_ORIGINALS} original models of known size in this snapshot")
    return Result(headline, rows, [snap.snapshot_id], notes + [f"{sum(1 for _ in rows)} major developers listed"])
