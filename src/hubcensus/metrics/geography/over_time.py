"""GEO2 and GEO3: downloads over time by the country (GEO2) and the sector (GEO3) of the organisation
behind each model's namespace.

Both read the one monthly downloads estimate (`series.monthly_downloads`), summed per namespace
first (`monthly_by_namespace`, shared) so the attribution meets one row per (month, namespace)
rather than one per repo-month. GEO3 also has a cross-sectional view, by the models' creation year,
for a store with fewer than two complete snapshots.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.attribution import NO_BASE, SECTOR_LABELS, UNATTRIBUTED, attribution_sql, bucket_of
from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.facts import CREATED_AT_FLOOR, FLOOR_END
from hubcensus.metrics.series import METHOD_NOTE, monthly_downloads
from hubcensus.metrics.snapshots import complete_or_partial, present_models
from hubcensus.metrics.sql import COLUMN, as_date, downloads_field, month_range, ts_literal, year_of

OTHER_COUNTRIES = "other countries"
TOP_COUNTRIES_MONTHLY = 10  # GEO2 rows: the ten countries with the most downloads over the series, the rest pooled
LAST_MONTHS = 12  # GEO2 `*_share_last_12m`: the last twelve months of the series
# GEO3: every repo at the createdAt floor (created before March 2022) is one period.
FLOOR_PERIOD = f"<={CREATED_AT_FLOOR.date().isoformat()}"


# -- GEO2 ---------------------------------------------------------------------------------------
def monthly_by_namespace(ctx: Context) -> str | None:
    """(month, ns, downloads, by_30d, repo_months): the monthly downloads estimate summed per namespace.
    GEO2 and GEO3 group the same series by namespace first (shared), so `who` meets one row per
    (month, namespace) rather than one per repo-month. None without a series."""
    md = monthly_downloads(ctx, "model")
    if md is None:
        return None
    return ctx.shared(
        f"_hc_monthly_by_ns_model_{ctx.as_of.snapshot_id}",
        f"""(
        SELECT md.month, md.author AS ns, sum(md.downloads) AS downloads,
               sum(CASE WHEN md.method = 'downloads_30d' THEN 1 ELSE 0 END) AS by_30d, count(*) AS repo_months
        FROM {md} md
        GROUP BY 1, 2
    )""",
    )


def _monthly_by_label(ctx: Context) -> str | None:
    """(month, label, sector_label, downloads, by_30d, repo_months): the namespace sums labelled once for both
    GEO2 (by `label`) and GEO3 (by `sector_label`), so the attribution meets the namespaces once per run, not
    once per metric. None without a series."""
    by_ns = monthly_by_namespace(ctx)
    if by_ns is None:
        return None
    return ctx.shared(
        f"_hc_monthly_by_label_model_{ctx.as_of.snapshot_id}",
        f"""(
        WITH m AS {by_ns},
        who AS {attribution_sql("m")}
        SELECT m.month, COALESCE(w.label, '{UNATTRIBUTED}') AS label,
               COALESCE(w.sector_label, '{UNATTRIBUTED}') AS sector_label,
               COALESCE(sum(m.downloads), 0) AS downloads, sum(m.by_30d) AS by_30d, sum(m.repo_months) AS repo_months
        FROM m LEFT JOIN who w ON w.ns = m.ns
        GROUP BY 1, 2, 3
    )""",
    )


def _series_by(ctx: Context, column: str) -> list[dict[str, Any]] | None:
    """(month, grp, downloads, by_30d, repo_months) from the monthly downloads estimate, grouped by `column` of
    `_monthly_by_label` (label or sector_label)."""
    labelled = _monthly_by_label(ctx)
    if labelled is None:
        return None
    return ctx.rows(f"""
        SELECT t.month, t.{column} AS grp, sum(t.downloads) AS downloads, sum(t.by_30d) AS by_30d,
               sum(t.repo_months) AS repo_months
        FROM {labelled} t
        GROUP BY 1, 2
    """)


@metric(
    spec="GEO2",
    name="country_share_monthly",
    title="Monthly download share by country, and when China passes the US",
    chapter="geography",
    published="China passed the US in monthly and overall downloads; Chinese models 41% of downloads in the past year.",
    definition=(
        "Downloads per model per month from the series of complete snapshots up to the as-of date, estimated the one "
        "way every over-time metric does (`series.monthly_downloads`: differences of `downloadsAllTime` between "
        "consecutive snapshots, a stalled counter's jump spread over the stalled months, else the 30-day count at the "
        "snapshot that closes the month; each row says whether its month used 30-day counts), attributed to the "
        "country of the model's namespace as in GEO1 (with the 'international / no clear base' and 'unattributed' "
        "buckets in every denominator). A month's share = the label's downloads that month / all models' downloads "
        "that month. Rows: every month, for the ten countries with the most downloads over the whole series, the "
        "other countries pooled, and the two buckets. `cn_passes_us_month`: the first month from which China's share "
        "is strictly above the US's in that month and every later month of the series, provided some earlier month "
        "had it at or below (None when China is never above in the last month, or above throughout — then "
        "`cn_above_us_throughout` is true). `cn_first_above_us_month`: the first month China is above at all. "
        "`*_share_last_12m`: the label's downloads over the last twelve months of the series (ending with the month "
        "the newest complete snapshot closes) / all downloads in those months — download-weighted, not a mean of monthly shares. "
        "With one snapshot the series is that snapshot's one month of 30-day counts. `months_last_12m`: how many "
        "months of those twelve the series holds; `missing_months`: the months between its first and last it does not."
    ),
    headline_keys=(
        "months",
        "first_month",
        "last_month",
        "cn_passes_us_month",
        "cn_first_above_us_month",
        "cn_above_us_throughout",
        "cn_share_last_month",
        "us_share_last_month",
        "cn_share_last_12m",
        "us_share_last_12m",
        "no_base_share_last_12m",
        "unattributed_share_last_12m",
        "months_from_30d_counts",
        "months_last_12m",
        "missing_months",
    ),
    out_of_reach="Downloads by the downloader's location are not public; a month's downloads are estimated from counters sampled at snapshots.",
)
def country_share_monthly(ctx: Context) -> Result:
    data = _series_by(ctx, "label")
    if data is None:
        return Result({}, [], [], ["no complete snapshot of models: no monthly series"])
    snaps = ctx.complete_series("model")
    per: dict[dt.date, dict[str, int]] = {}
    thirty: dict[dt.date, tuple[int, int]] = {}
    for r in data:
        m = as_date(r["month"])
        per.setdefault(m, {})[r["grp"]] = int(r["downloads"])
        a, b = thirty.get(m, (0, 0))
        thirty[m] = (a + int(r["by_30d"]), b + int(r["repo_months"]))
    months = sorted(per)
    notes = [METHOD_NOTE]
    if len(snaps) == 1:
        notes.append("one complete snapshot: the series is one month of 30-day counts (cross-sectional)")
    totals_by_label: dict[str, int] = {}
    for m in months:
        for label, d in per[m].items():
            totals_by_label[label] = totals_by_label.get(label, 0) + d
    countries = sorted(
        (lbl for lbl in totals_by_label if bucket_of(lbl) == "country"), key=lambda lbl: (-totals_by_label[lbl], lbl)
    )
    shown = set(countries[:TOP_COUNTRIES_MONTHLY]) | {"US", "CN"}
    order = [c for c in countries if c in shown] + [c for c in ("US", "CN") if c not in totals_by_label]
    rows: list[dict[str, Any]] = []
    month_share: dict[dt.date, dict[str, float | None]] = {}
    for m in months:
        total = sum(per[m].values())
        by_30d, n = thirty[m]
        method = "downloads_30d" if by_30d == n else "all_time_diff" if by_30d == 0 else "mixed"
        other = sum(d for lbl, d in per[m].items() if bucket_of(lbl) == "country" and lbl not in shown)
        month_share[m] = {}
        for label in (*order, OTHER_COUNTRIES, NO_BASE, UNATTRIBUTED):
            d = other if label == OTHER_COUNTRIES else per[m].get(label, 0)
            month_share[m][label] = share(d, total)
            rows.append(
                {
                    "month": m,
                    "label": label,
                    "bucket": bucket_of(label),
                    "downloads": d,
                    "share": share(d, total),
                    "month_method": method,
                }
            )
    above = [
        (month_share[m]["CN"] or 0) > (month_share[m]["US"] or 0) and month_share[m]["CN"] is not None for m in months
    ]
    passes = None
    if above and above[-1]:
        i = len(above) - 1
        while i > 0 and above[i - 1]:
            i -= 1
        passes = months[i] if i > 0 else None
    last = months[-1] if months else None
    window = [m for m in months if last and (last.year * 12 + last.month) - (m.year * 12 + m.month) < LAST_MONTHS]
    w_total = sum(sum(per[m].values()) for m in window)

    def last_12(label: str) -> float | None:
        return share(sum(per[m].get(label, 0) for m in window), w_total)

    headline = {
        "months": len(months),
        "first_month": months[0] if months else None,
        "last_month": last,
        "cn_passes_us_month": passes,
        "cn_first_above_us_month": next((m for m, a in zip(months, above) if a), None),
        "cn_above_us_throughout": bool(above) and all(above),
        "cn_share_last_month": month_share[last]["CN"] if last else None,
        "us_share_last_month": month_share[last]["US"] if last else None,
        "cn_share_last_12m": last_12("CN"),
        "us_share_last_12m": last_12("US"),
        "no_base_share_last_12m": last_12(NO_BASE),
        "unattributed_share_last_12m": last_12(UNATTRIBUTED),
        "months_from_30d_counts": sum(1 for m in months if thirty[m][0] == thirty[m][1]),
        # what "the last twelve months" actually holds: captions name these rather than twelve
        "months_last_12m": len(window),
        "missing_months": [m for m in month_range(months[0], last) if m not in per] if last else [],
    }
    return Result(headline, rows, [s.snapshot_id for s in snaps], notes)


# -- GEO3 ---------------------------------------------------------------------------------------
GEO3_KEYS = (
    "view",
    "first_period",
    "last_period",
    "months_first",
    "months_last",
    "industry_share_first",
    "industry_share_last",
    "independent_share_first",
    "independent_share_last",
    "academia_share_last",
    "nonprofit_share_last",
    "government_share_last",
    "unattributed_share_last",
)


def _period_sql(expr: str) -> str:
    """Creation year as text; everything at the createdAt floor is one period, FLOOR_PERIOD."""
    return (
        f"CASE WHEN {expr} IS NULL THEN 'unknown' WHEN {expr} < {ts_literal(FLOOR_END)} THEN '{FLOOR_PERIOD}' "
        f"ELSE CAST({year_of(expr)} AS VARCHAR) END"
    )


@metric(
    spec="GEO3",
    name="developer_type_share",
    title="Share of downloads by developer sector, per year",
    chapter="geography",
    published="Industry ~70% of downloads before 2022 → ~37% in 2025; independent/unaffiliated developers 17% → 39%.",
    definition=(
        "Sectors are the registry's (`author_attribution.sector`): industry, academia, nonprofit, government, "
        "independent (individuals and volunteer communities), plus 'unattributed' for namespaces the registry cannot "
        "place. Two views, both in the rows (`view`). `downloads_per_year`: the monthly downloads estimate "
        "(`series.monthly_downloads`, over the complete snapshots up to the as-of date) summed per calendar year of "
        "the month downloaded, split by the sector of the model's namespace; `months` says how many months of the "
        "year the series covers. `by_creation_year` (cross-sectional): the models present in the newest complete "
        "snapshot, their downloads as in GEO1 (`downloadsAllTime` where the snapshot has it, else 30-day), grouped by "
        "the year of the model's `createdAt`; every model at the createdAt floor (created before March 2022) is one "
        f"period '{FLOOR_PERIOD}'. The headline uses `downloads_per_year` when the series has at least two complete "
        "snapshots — first period = the oldest year in the series, last period = the newest year the series covers "
        "all twelve months of (else the newest year, partial) — and `by_creation_year` otherwise (first = the oldest "
        "period, last = the newest), and `view` says which. Shares are of all downloads of the period. When the first period is the last (one year of data), the `_first` keys are None: a period is not compared with itself."
    ),
    headline_keys=GEO3_KEYS,
    out_of_reach="Who inside an organisation made a model, and where individuals work, are not public; individuals count as independent.",
)
def developer_type_share(ctx: Context) -> Result:
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    snaps = ctx.complete_series("model")
    # view 1: per calendar year of download
    series = _series_by(ctx, "sector_label")
    per_year: dict[str, dict[str, int]] = {}
    months_in: dict[str, set[dt.date]] = {}
    for r in series or []:
        m = as_date(r["month"])
        y = str(m.year)
        per_year.setdefault(y, {})[r["grp"]] = per_year.get(y, {}).get(r["grp"], 0) + int(r["downloads"])
        months_in.setdefault(y, set()).add(m)
    for y in sorted(per_year):
        rows += _sector_rows("downloads_per_year", y, per_year[y], len(months_in[y]))
    # view 2: cross-sectional by creation year
    snap, snap_notes = complete_or_partial(ctx)
    per_period: dict[str, dict[str, int]] = {}
    if snap is not None:
        field = downloads_field(ctx, snap.snapshot_id)
        for r in ctx.rows(f"""
            WITH m AS {present_models(ctx, snap, COLUMN[field])},
            who AS {attribution_sql("m")}
            SELECT {_period_sql("m.created_at")} AS period, COALESCE(w.sector_label, '{UNATTRIBUTED}') AS sector,
                   COALESCE(sum(m.d), 0) AS downloads
            FROM m LEFT JOIN who w ON w.ns = m.ns
            GROUP BY 1, 2
        """):
            per_period.setdefault(r["period"], {})[r["sector"]] = int(r["downloads"])
        notes.append(f"by_creation_year: {field} at {snap.taken_at}")
    periods = sorted(per_period, key=lambda p: (p == "unknown", p != FLOOR_PERIOD, p))
    for p in periods:
        rows += _sector_rows("by_creation_year", p, per_period[p], None)
    if len(snaps) >= 2 and per_year:
        view = "downloads_per_year"
        years = sorted(per_year)
        full = [y for y in years if len(months_in[y]) == 12]
        first, last = years[0], (full[-1] if full else years[-1])
        table = per_year
        months_first, months_last = len(months_in[first]), len(months_in[last])
        notes.append(METHOD_NOTE)
    else:
        view = "by_creation_year"
        dated = [p for p in periods if p != "unknown"]
        first, last = (dated[0], dated[-1]) if dated else (None, None)
        table = per_period
        months_first = months_last = None
        notes += snap_notes + [
            "fewer than two complete snapshots: the headline is cross-sectional, by the models' creation year"
        ]
    headline: dict[str, Any] = {
        "view": view,
        "first_period": first,
        "last_period": last,
        "months_first": months_first,
        "months_last": months_last,
    }
    if first is not None and first == last:  # one period: nothing to compare it with
        notes.append(f"one period ({last}) only: no change from a first period to a last can be given")
        first = headline["first_period"] = headline["months_first"] = None
    for which, period in (("first", first), ("last", last)):
        sec = table.get(period, {}) if period else {}
        tot = sum(sec.values())
        for s in SECTOR_LABELS:
            if f"{s}_share_{which}" in GEO3_KEYS:
                headline[f"{s}_share_{which}"] = share(sec.get(s, 0), tot)
    return Result(headline, rows, [s.snapshot_id for s in snaps] or ([snap.snapshot_id] if snap else []), notes)


def _sector_rows(view: str, period: str, sectors: dict[str, int], months: int | None) -> list[dict[str, Any]]:
    total = sum(sectors.values())
    return [
        {
            "view": view,
            "period": period,
            "sector": s,
            "downloads": sectors.get(s, 0),
            "share": share(sectors.get(s, 0), total),
            "months": months,
        }
        for s in SECTOR_LABELS
    ]
