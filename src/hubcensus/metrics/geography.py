"""Chapter: where models come from — downloads by country and sector (GEO1–GEO3), who makes the
trending new models (GEO5), how fast organisations release (GEO6), Fortune 500 presence (P1) and
Big Tech's repositories over time (P2).

Every figure here stands on the registry (`author_attribution`, built by `enrich`): a repo belongs
to its namespace (the `author` column; the part of the id before `/` when the source gave none),
and a namespace's country and sector are those of the organisation behind it, not of the uploader.
Three labels are kept apart throughout, because they mean different things:

- an ISO country code — the organisation's headquarters;
- "international / no clear base" (`NO_BASE`) — a namespace the registry or its defaults give a
  sector but deliberately no country: individuals, distributed online communities, international
  bodies, and organisations whose names say university/lab (`inferred:name`, no country known);
- "unattributed" — a namespace with neither (an organisation not in the registry, an account of
  unknown type, a repo with no namespace at all). Shown as such, never folded into a country.

An organisation *group* is the registry's parent company when it names one, else its organisation,
else (not in the registry) the namespace itself; that is what makes Qwen + Alibaba-NLP + DAMO-NLP-SG
one group (Alibaba Group), google + deepmind another (Alphabet), facebook + meta-llama a third
(Meta Platforms) — the same rule as the derivatives chapter's "developer".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.enrich.registry import NO_BASE
from hubcensus.metrics.base import Context, Result, Snapshot, metric, share
from hubcensus.metrics.series import METHOD_NOTE, monthly_downloads
from hubcensus.metrics.sql import (
    COLUMN,
    CREATED_AT_FLOOR,
    as_date,
    downloads_field,
    month_range,
    month_start,
    quote,
    stats_at,
    year_of,
)

UNATTRIBUTED = "unattributed"
OTHER_COUNTRIES = "other countries"
INDIVIDUALS = "individual users"  # every individual's account, taken together as one entity (GEO5)
SECTORS = ("industry", "academia", "nonprofit", "government", "independent", UNATTRIBUTED)
HEADLINE_COUNTRIES = ("US", "CN", "GB", "DE", "FR")
TOP_COUNTRIES_MONTHLY = 10  # GEO2 rows: the ten countries with the most downloads over the series, the rest pooled
TRENDING_N = 100  # GEO5: the top 100 trending models created in the last TRENDING_WINDOW_DAYS days
TRENDING_WINDOW_DAYS = 365
TOP_ORGS = 50  # GEO6 rows: the 50 organisation groups releasing most in the headline year (+ the named ones)
NAMED_GROUPS = {"baidu": "Baidu", "bytedance": "ByteDance", "tencent": "Tencent", "meta": "Meta Platforms"}
FORTUNE_500 = 500
NVIDIA = "NVIDIA"

# The createdAt floor as a period: every repo created before March 2022 carries ~2022-03-02T23:29:04Z.
FLOOR_END = dt.datetime(CREATED_AT_FLOOR.year, CREATED_AT_FLOOR.month, CREATED_AT_FLOOR.day) + dt.timedelta(days=1)
FLOOR_PERIOD = f"<={CREATED_AT_FLOOR.date().isoformat()}"


def ts_literal(moment: dt.datetime | dt.date) -> str:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    return f"TIMESTAMP '{moment.isoformat(sep=' ')}'"


def who_sql(namespaces: str) -> str:
    """Who each namespace of the subquery `namespaces(ns)` is, with the labels every metric here uses.

    Columns: ns, organisation, grp (organisation group), country, sector, kind, is_org, verified,
    label (country | NO_BASE | UNATTRIBUTED), sector_label (sector | UNATTRIBUTED), maker
    (big_tech | startup | other organisation | individual | UNATTRIBUTED) and account
    (organisation | individual | unknown). `author_attribution` answers for every namespace the store
    holds a repo, author or paper of; a namespace it does not know (a lineage root outside the store)
    falls back on a registry row matched case-insensitively, else is unattributed.
    """
    pick = "CASE WHEN a.author IS NOT NULL THEN a.{0} ELSE o.{0} END"
    return f"""(
        SELECT ns, organisation, COALESCE(parent_company, organisation, ns) AS grp, country, sector, kind, is_org, verified,
               -- a sector inferred from a name says nothing of a base: such namespaces are unattributed here
               CASE WHEN country IS NOT NULL THEN country
                    WHEN sector IS NULL OR inferred THEN '{UNATTRIBUTED}' ELSE {quote(NO_BASE)} END AS label,
               COALESCE(sector, '{UNATTRIBUTED}') AS sector_label,
               CASE WHEN kind = 'big_tech' THEN 'big_tech'
                    WHEN kind = 'startup' THEN 'startup'
                    WHEN kind = 'individual' THEN 'individual'
                    WHEN kind IS NOT NULL THEN 'other organisation'
                    ELSE '{UNATTRIBUTED}' END AS maker,
               CASE WHEN is_org = true THEN 'organisation' WHEN is_org = false THEN 'individual'
                    WHEN kind = 'individual' THEN 'individual' WHEN kind IS NOT NULL THEN 'organisation'
                    ELSE 'unknown' END AS account
        FROM (
            SELECT n.ns, {pick.format("organisation")} AS organisation, {pick.format("parent_company")} AS parent_company,
                   {pick.format("country")} AS country, {pick.format("sector")} AS sector, {pick.format("kind")} AS kind,
                   a.is_org, a.verified, COALESCE(a.source LIKE 'inferred%', false) AS inferred
            FROM (SELECT DISTINCT ns FROM {namespaces} n0 WHERE ns IS NOT NULL) n
            LEFT JOIN author_attribution a ON a.author = n.ns
            LEFT JOIN (
                SELECT lower(author) AS la, max(organisation) AS organisation, max(parent_company) AS parent_company,
                       max(country) AS country, max(sector) AS sector, max(kind) AS kind
                FROM organisations GROUP BY lower(author) HAVING count(*) = 1
            ) o ON o.la = lower(n.ns)
        ) w0
    )"""


def model_snapshot(ctx: Context, kind: str = "model") -> tuple[Snapshot | None, list[str]]:
    """The newest complete snapshot of `kind` up to as-of; else the newest partial one, said in a note."""
    snap = ctx.latest_complete(kind)
    if snap is not None:
        return snap, []
    partial = [s for s in ctx.series if kind in s.kinds]
    if partial:
        return partial[-1], [f"no complete snapshot of {kind}s: computed on a partial listing ({partial[-1].taken_at})"]
    return None, [f"no snapshot holds {kind}s"]


def present_models(ctx: Context, snap: Snapshot, col: str) -> str:
    """Models present at the snapshot: (repo_id, ns, created_at, d = the chosen downloads, missing = 0)."""
    return f"""(
        SELECT s.repo_id, s.author AS ns, s.created_at, COALESCE(s.{col}, 0) AS d FROM {stats_at(ctx, snap.snapshot_id)} s
    )"""


def _label_rank(rows: list[dict[str, Any]], key: str = "downloads") -> list[dict[str, Any]]:
    rows.sort(key=lambda r: (-(r[key] or 0), r["label"]))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return rows


def bucket_of(label: str) -> str:
    return "no_base" if label == NO_BASE else UNATTRIBUTED if label == UNATTRIBUTED else "country"


# -- GEO1 ---------------------------------------------------------------------------------------
@metric(
    spec="GEO1",
    name="downloads_by_country",
    title="Downloads by the developer's country",
    chapter="geography",
    published=(
        "US and China top; UK, Germany and France second tier; the no-clear-base bucket about half of all downloads "
        "(Longpre et al. 2025, the year to Aug 2025: ~23.8% international/online, China 17.1%, USA 15.8%)."
    ),
    definition=(
        "Over every model present in the newest complete snapshot on or before the as-of date (the newest partial "
        "listing when no complete one exists, with a note). Each model's downloads are `downloadsAllTime` when that "
        "snapshot carries the field for any model (a model without it counts 0), else the rolling 30-day `downloads` "
        "(headline `downloads_field` says which); all-time counts are cumulative since each model's release, so this "
        "is the stock of downloads, not a year's flow (GEO2 gives the last twelve months). A model's country is its "
        "namespace's organisation's headquarters from the registry (`author_attribution.country`). Namespaces with a "
        "sector and no country — individuals, online communities, international bodies, and organisations inferred "
        "academic from their name — form the explicit 'international / no clear base' bucket; namespaces with neither "
        "(organisations not in the registry, accounts of unknown type, ids with no namespace) are 'unattributed'. "
        "Both are rows of their own and part of the denominator. Rows: one per label with downloads, share of all "
        "downloads, models, rank (by downloads, ties by label). Headline: the five largest countries (buckets "
        "excluded), the shares of US, CN, GB, DE, FR, the no-base bucket and unattributed."
    ),
    headline_keys=(
        "downloads_field",
        "models",
        "total_downloads",
        "top_countries",
        "top_country",
        "us_share",
        "cn_share",
        "gb_share",
        "de_share",
        "fr_share",
        "no_base_share",
        "unattributed_share",
    ),
    out_of_reach="Where downloaders are is not public: this is the makers' geography, not the users'.",
)
def downloads_by_country(ctx: Context) -> Result:
    snap, notes = model_snapshot(ctx)
    if snap is None:
        return Result({}, [], [], notes)
    field = downloads_field(ctx, snap.snapshot_id)
    # Summed per namespace first: `who` then meets one row per namespace, not one per model, which at Hub
    # scale is a quarter of the rows and most of the query's memory.
    data = ctx.rows(f"""
        WITH m AS (
            SELECT p.ns, count(*) AS models, COALESCE(sum(p.d), 0) AS downloads
            FROM {present_models(ctx, snap, COLUMN[field])} p GROUP BY p.ns
        ),
        who AS {who_sql("m")}
        SELECT COALESCE(w.label, '{UNATTRIBUTED}') AS label,
               CASE WHEN w.label = {quote(NO_BASE)} THEN COALESCE(w.kind, '') ELSE '' END AS no_base_part,
               sum(m.models) AS models, COALESCE(sum(m.downloads), 0) AS downloads
        FROM m LEFT JOIN who w ON w.ns = m.ns
        GROUP BY 1, 2
    """)
    merged: dict[str, dict[str, Any]] = {}
    parts: dict[str, int] = {}
    for r in data:
        row = merged.setdefault(
            r["label"], {"label": r["label"], "bucket": bucket_of(r["label"]), "models": 0, "downloads": 0}
        )
        row["models"] += int(r["models"])
        row["downloads"] += int(r["downloads"])
        if r["no_base_part"]:
            parts[r["no_base_part"]] = parts.get(r["no_base_part"], 0) + int(r["downloads"])
    rows = _label_rank(list(merged.values()))
    total = sum(r["downloads"] for r in rows)
    for r in rows:
        r["share"] = share(r["downloads"], total)
    rows = [{k: r[k] for k in ("rank", "label", "bucket", "downloads", "share", "models")} for r in rows]
    by = {r["label"]: r for r in rows}
    countries = [r["label"] for r in rows if r["bucket"] == "country" and r["downloads"] > 0][:5]
    headline: dict[str, Any] = {
        "downloads_field": field,
        "models": sum(r["models"] for r in rows),
        "total_downloads": total,
        "top_countries": countries,
        "top_country": countries[0] if countries else None,
        **{
            f"{c.lower()}_share": (share(by[c]["downloads"], total) if c in by else (0.0 if total else None))
            for c in HEADLINE_COUNTRIES
        },
        "no_base_share": share(by.get(NO_BASE, {}).get("downloads", 0), total),
        "unattributed_share": share(by.get(UNATTRIBUTED, {}).get("downloads", 0), total),
    }
    if parts and total:
        split = ", ".join(
            f"{k} {share(v, total):.1%}" for k, v in sorted(parts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        notes.append(f"the no-base bucket by registry kind (share of all downloads): {split}")
    return Result(headline, rows, [snap.snapshot_id], notes)


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


def _series_by(ctx: Context, group_expr: str) -> list[dict[str, Any]] | None:
    """(month, grp, downloads, methods) from the monthly downloads estimate, grouped by an expression over `w`."""
    by_ns = monthly_by_namespace(ctx)
    if by_ns is None:
        return None
    return ctx.rows(f"""
        WITH m AS {by_ns},
        who AS {who_sql("m")}
        SELECT m.month, {group_expr} AS grp, COALESCE(sum(m.downloads), 0) AS downloads,
               sum(m.by_30d) AS by_30d, sum(m.repo_months) AS repo_months
        FROM m LEFT JOIN who w ON w.ns = m.ns
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
        "With one snapshot the series is that snapshot's one month of 30-day counts."
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
    ),
    out_of_reach="Downloads by the downloader's location are not public; a month's downloads are estimated from counters sampled at snapshots.",
)
def country_share_monthly(ctx: Context) -> Result:
    data = _series_by(ctx, f"COALESCE(w.label, '{UNATTRIBUTED}')")
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
    window = [m for m in months if last and (last.year * 12 + last.month) - (m.year * 12 + m.month) < 12]
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
        "period, last = the newest), and `view` says which. Shares are of all downloads of the period."
    ),
    headline_keys=GEO3_KEYS,
    out_of_reach="Who inside an organisation made a model, and where individuals work, are not public; individuals count as independent.",
)
def developer_type_share(ctx: Context) -> Result:
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    snaps = ctx.complete_series("model")
    # view 1: per calendar year of download
    series = _series_by(ctx, f"COALESCE(w.sector_label, '{UNATTRIBUTED}')")
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
    snap, snap_notes = model_snapshot(ctx)
    per_period: dict[str, dict[str, int]] = {}
    if snap is not None:
        field = downloads_field(ctx, snap.snapshot_id)
        for r in ctx.rows(f"""
            WITH m AS {present_models(ctx, snap, COLUMN[field])},
            who AS {who_sql("m")}
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
    for which, period in (("first", first), ("last", last)):
        sec = table.get(period, {}) if period else {}
        tot = sum(sec.values())
        for s in SECTORS:
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
        for s in SECTORS
    ]


# -- GEO5 ---------------------------------------------------------------------------------------
GEO5_VIEWS = ("entity", "maker", "account", "country_made", "country_origin")


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
    snap, notes = model_snapshot(ctx)
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
                   COALESCE(rr.author, NULLIF(regexp_extract(f.root_id, '^([^/]+)/', 1), '')) AS root_ns,
                   ROW_NUMBER() OVER (PARTITION BY f.model_id
                                      ORDER BY f.depth, COALESCE(rd.downloads_all_time, rd.downloads_30d, 0) DESC, f.root_id) AS rn
            FROM model_families f JOIN best ON best.repo_id = f.model_id
            LEFT JOIN repos rr ON rr.kind = 'model' AND rr.repo_id = f.root_id
            LEFT JOIN st rd ON rd.repo_id = f.root_id
        ),
        root AS (SELECT model_id, root_id, root_ns FROM fam WHERE rn = 1),
        names AS (SELECT ns FROM best UNION SELECT root_ns AS ns FROM root),
        who AS {who_sql("names")}
        SELECT best.rk, best.repo_id, best.trending_score, COALESCE(root.root_id, best.repo_id) AS root_id,
               COALESCE(w.maker, '{UNATTRIBUTED}') AS maker, COALESCE(w.account, 'unknown') AS account,
               COALESCE(w.grp, best.ns, '(no namespace)') AS grp,
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
    for view, key in (
        ("entity", "entity"),
        ("maker", "maker"),
        ("account", "account"),
        ("country_made", "made"),
        ("country_origin", "origin"),
    ):
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


# -- GEO6 ---------------------------------------------------------------------------------------
def _not_individual(w: str = "w") -> str:
    """A namespace that is not a person's account (registry kind individual, or not in the registry and a user)."""
    return f"NOT (COALESCE({w}.kind, '') = 'individual' OR ({w}.kind IS NULL AND {w}.is_org = false))"


@metric(
    spec="GEO6",
    name="org_release_growth",
    title="Models released per organisation per year",
    chapter="geography",
    published="Baidu 0 (2024) → 100+ (2025); ByteDance and Tencent ×8–9; Meta/Facebook a large share of US releases.",
    definition=(
        "Models only (datasets and spaces are not counted). The models present in the newest complete snapshot on or "
        "before the as-of date, by the calendar year of `createdAt` (a model deleted before that snapshot cannot be "
        "seen; every model at the createdAt floor, i.e. created before March 2022, counts in 2022). Per organisation "
        "group: the registry's parent company, else its organisation, else (not in the registry) the namespace — so "
        "Baidu = baidu + PaddlePaddle, ByteDance = ByteDance + ByteDance-Seed + bytedance-research + depth-anything, "
        "Tencent = tencent + TencentARC + Tencent-Hunyuan + …, Meta Platforms = facebook + meta-llama + FacebookAI. "
        "Individuals' accounts (registry kind individual, or a user account outside the registry) are not "
        "organisations and are left out; accounts of unknown type outside the registry count under their namespace. "
        "The headline year is the last complete calendar year before the as-of date, compared with the year before "
        "it; `*_yoy` = releases(year) / releases(year − 1), None when the earlier year has none. "
        "`meta_share_of_us_releases`: Meta Platforms' models / models of every namespace whose country is US in the "
        "headline year. Rows: every year from the first to the as-of year (zeros included) for the top "
        f"{TOP_ORGS} groups by releases in the headline year, plus the named groups."
    ),
    headline_keys=(
        "year",
        "baidu_releases",
        "baidu_releases_prev",
        "baidu_yoy",
        "bytedance_releases",
        "bytedance_releases_prev",
        "bytedance_yoy",
        "tencent_releases",
        "tencent_releases_prev",
        "tencent_yoy",
        "meta_releases",
        "us_releases",
        "meta_share_of_us_releases",
        "top_org",
        "top_org_releases",
        "org_releases",
    ),
    out_of_reach="Private and deleted repositories are not in public metadata; releases under personal accounts of an organisation's staff are not attributed to it.",
)
def org_release_growth(ctx: Context) -> Result:
    snap = ctx.latest_complete("model")
    if snap is None:
        return Result({}, [], [], ["no complete snapshot of models: a partial listing cannot count releases"])
    year = ctx.as_of.taken_at.year - 1
    floor_year = CREATED_AT_FLOOR.year
    data = ctx.rows(f"""
        WITH m AS {present_models(ctx, snap, "downloads_30d")},
        who AS {who_sql("m")}
        SELECT COALESCE(w.grp, m.ns) AS grp, {year_of("m.created_at")} AS year, count(*) AS releases,
               COALESCE(sum(CASE WHEN w.country = 'US' THEN 1 ELSE 0 END), 0) AS us_releases
        FROM m LEFT JOIN who w ON w.ns = m.ns
        WHERE m.ns IS NOT NULL AND m.created_at IS NOT NULL AND {_not_individual()}
        GROUP BY 1, 2
    """)
    per: dict[str, dict[int, int]] = {}
    us: dict[int, int] = {}
    for r in data:
        y = max(int(r["year"]), floor_year)
        per.setdefault(r["grp"], {})[y] = per.get(r["grp"], {}).get(y, 0) + int(r["releases"])
        us[y] = us.get(y, 0) + int(r["us_releases"])

    def n(grp: str, y: int) -> int:
        return per.get(grp, {}).get(y, 0)

    def yoy(grp: str, y: int) -> float | None:
        return share(n(grp, y), n(grp, y - 1))

    ranked = sorted(per, key=lambda g: (-n(g, year), g))
    rank_of = {g: i for i, g in enumerate(ranked, start=1) if n(g, year)}
    chosen = list(dict.fromkeys([g for g in ranked[:TOP_ORGS] if g in rank_of] + list(NAMED_GROUPS.values())))
    first = min((y for v in per.values() for y in v), default=year)
    last = ctx.as_of.taken_at.year
    rows = [
        {"organisation": g, "year": y, "releases": n(g, y), "yoy": yoy(g, y), "rank_headline_year": rank_of.get(g)}
        for g in chosen
        for y in range(first, last + 1)
    ]
    headline: dict[str, Any] = {"year": year}
    notes = [
        f"headline year {year} vs {year - 1}; {floor_year} includes every model at the createdAt floor (created before March 2022)"
    ]
    if year <= floor_year:
        notes.append(f"{year} is not after the createdAt floor: releases per year cannot be told apart, no headline")
        return Result(headline, rows, [snap.snapshot_id], notes)
    for short, grp in NAMED_GROUPS.items():
        if short == "meta":
            continue
        headline.update(
            {
                f"{short}_releases": n(grp, year),
                f"{short}_releases_prev": n(grp, year - 1),
                f"{short}_yoy": yoy(grp, year),
            }
        )
    headline["meta_releases"] = n(NAMED_GROUPS["meta"], year)
    headline["us_releases"] = us.get(year, 0)
    headline["meta_share_of_us_releases"] = share(headline["meta_releases"], headline["us_releases"])
    top = ranked[0] if ranked and n(ranked[0], year) else None
    headline["top_org"] = top
    headline["top_org_releases"] = n(top, year) if top else None
    headline["org_releases"] = sum(n(g, year) for g in per)
    return Result(headline, rows, [snap.snapshot_id], notes)


# -- P1 -----------------------------------------------------------------------------------------
@metric(
    spec="P1",
    name="fortune500_presence",
    title="Fortune 500 companies with a verified Hub organisation",
    chapter="geography",
    published="More than 30% of Fortune 500 companies have a verified organisation on the Hub.",
    definition=(
        "The shipped `fortune500` table (Fortune 500, 2025 list) gives each listed company's main Hub namespace, "
        "matched by hand from the organisation's name and the models it publishes (docs/registry.md). A company "
        "counts when that namespace is an author in the store's `authors` table, compared case-insensitively (the Hub "
        "forbids two namespaces differing only in case, so every spelling is the same account), whose `isVerified` "
        "flag, from the organisation overview, is true; an author whose flag the store never saw (no overview) is "
        "found but not verified. `share_of_500` = those companies / 500. The shipped list is partial (only "
        "the ranks known with confidence, about 50 companies), so the share is a lower bound on the true figure, "
        "not an estimate of it; `share_of_listed` is of the companies the list holds. A second count, "
        "`companies_verified_any_namespace`, also accepts any other verified namespace the registry gives the same "
        "Fortune rank (e.g. a company's research org). Verified flags are the store's latest known state of each "
        "author, not as of an earlier snapshot."
    ),
    headline_keys=(
        "companies_listed",
        "companies_with_namespace",
        "companies_found",
        "companies_verified",
        "share_of_500",
        "share_of_listed",
        "companies_verified_any_namespace",
        "share_of_500_any_namespace",
        "authors_with_verified_flag",
    ),
    out_of_reach="Which Hub organisations a company runs is not declared in public metadata; the match to the Fortune list is curated, and the list shipped is partial.",
)
def fortune500_presence(ctx: Context) -> Result:
    known = int(ctx.scalar("SELECT count(*) AS n FROM authors WHERE verified IS NOT NULL") or 0)
    data = ctx.rows("""
        WITH au AS (
            SELECT lower(author) AS la,
                   COALESCE(min(CASE WHEN verified IS NOT NULL THEN author END), min(author)) AS author,
                   max(CASE WHEN verified THEN 1 ELSE 0 END) AS verified,
                   max(CASE WHEN verified IS NULL THEN 0 ELSE 1 END) AS flagged
            FROM authors GROUP BY lower(author)
        ),
        other AS (
            SELECT fortune500_rank AS rank, max(CASE WHEN verified THEN 1 ELSE 0 END) AS verified
            FROM author_attribution WHERE fortune500_rank IS NOT NULL GROUP BY fortune500_rank
        )
        SELECT f.rank, f.company, f.hub_namespace, au.author AS matched, au.verified, au.flagged,
               COALESCE(o.verified, 0) AS other_verified
        FROM fortune500 f
        LEFT JOIN au ON au.la = lower(f.hub_namespace)
        LEFT JOIN other o ON o.rank = f.rank
        ORDER BY f.rank, f.company
    """)
    rows = []
    for r in data:
        found = r["matched"] is not None
        verified = (bool(r["verified"]) if r["flagged"] else None) if found else False
        rows.append(
            {
                "rank": r["rank"],
                "company": r["company"],
                "hub_namespace": r["hub_namespace"],
                "found": found,
                "matched_as": r["matched"],
                "verified": verified,
                "verified_any_namespace": bool(verified) or bool(r["other_verified"]),
            }
        )
    notes = ["the shipped Fortune 500 list is partial (docs/registry.md): the share is a lower bound"]
    if not known:
        notes.append(
            "no author in the store carries a verified flag (no organisation overviews): the verified counts cannot be given"
        )
    verified = sum(1 for r in rows if r["verified"]) if known else None
    any_ns = sum(1 for r in rows if r["verified_any_namespace"]) if known else None
    headline = {
        "companies_listed": len(rows),
        "companies_with_namespace": sum(1 for r in rows if r["hub_namespace"]),
        "companies_found": sum(1 for r in rows if r["found"]),
        "companies_verified": verified,
        "share_of_500": share(verified, FORTUNE_500),
        "share_of_listed": share(verified, len(rows)),
        "companies_verified_any_namespace": any_ns,
        "share_of_500_any_namespace": share(any_ns, FORTUNE_500),
        "authors_with_verified_flag": known,
    }
    return Result(headline, rows, [ctx.as_of.snapshot_id], notes)


# -- P2 -----------------------------------------------------------------------------------------
REPO_KINDS = ("model", "dataset", "space")


@metric(
    spec="P2",
    name="bigtech_repo_growth",
    title="Repositories created per month by each Big Tech organisation",
    chapter="geography",
    published="A strong increase over time; NVIDIA the strongest contributor.",
    definition=(
        "Models, datasets and spaces present in the newest complete snapshot of each kind on or before the as-of date "
        "(a kind without a complete snapshot is left out, with a note), whose namespace the registry marks "
        "`kind=big_tech` (Alphabet, Meta, Microsoft, Amazon, Apple, NVIDIA, Alibaba, Tencent, Baidu, ByteDance, "
        "Huawei), grouped by organisation group (parent company, else organisation: NVIDIA = nvidia + Deci). Counted "
        "by the month of `createdAt`; repos at the createdAt floor (created before March 2022) all fall in March 2022, "
        "where the series starts. Rows: month × group with new repos (and per kind) and the cumulative count. "
        f"Last 12 months: created on or after the as-of date minus {TRENDING_WINDOW_DAYS} days; prior 12 months: "
        "the 365 days before that. `top_org_last_12m`: the group with most repos created in the last 12 months "
        "(ties by name)."
    ),
    headline_keys=(
        "top_org_last_12m",
        "top_org_repos_last_12m",
        "top_org_share_last_12m",
        "nvidia_repos_last_12m",
        "nvidia_rank_last_12m",
        "big_tech_repos_last_12m",
        "big_tech_repos_prior_12m",
        "big_tech_yoy",
        "big_tech_repos",
        "since",
    ),
    out_of_reach="Private repositories, and work by Big Tech staff under personal accounts, are not visible.",
)
def bigtech_repo_growth(ctx: Context) -> Result:
    parts, sids, notes = [], [], []
    for kind in REPO_KINDS:
        snap = ctx.latest_complete(kind)
        if snap is None:
            notes.append(f"no complete snapshot of {kind}s: not counted")
            continue
        sids.append(snap.snapshot_id)
        parts.append(
            f"SELECT '{kind}' AS kind, s.author AS ns, s.created_at FROM {stats_at(ctx, snap.snapshot_id, kind)} s "
            f"WHERE s.created_at IS NOT NULL"
        )
    if not parts:
        return Result({}, [], [], notes)
    day = ctx.as_of.taken_at
    start, prior = day - dt.timedelta(days=TRENDING_WINDOW_DAYS), day - dt.timedelta(days=2 * TRENDING_WINDOW_DAYS)
    dated = f"x.created_at >= {ts_literal(FLOOR_END)}"  # repos at the createdAt floor cannot be placed in a window
    if prior < FLOOR_END.date():
        notes.append(
            "the 12-month windows reach back before the createdAt floor: repos at the floor are left out of them"
        )
    floor = ts_literal(CREATED_AT_FLOOR)
    data = ctx.rows(f"""
        WITH x AS ({" UNION ALL ".join(parts)}),
        who AS {who_sql("x")}
        SELECT w.grp, x.kind, {month_start(f"CASE WHEN x.created_at < {floor} THEN {floor} ELSE x.created_at END")} AS month,
               count(*) AS n,
               sum(CASE WHEN x.created_at >= {ts_literal(start)} AND {dated} THEN 1 ELSE 0 END) AS last_12m,
               sum(CASE WHEN x.created_at >= {ts_literal(prior)} AND x.created_at < {ts_literal(start)} AND {dated}
                        THEN 1 ELSE 0 END) AS prior_12m
        FROM x JOIN who w ON w.ns = x.ns
        WHERE w.kind = 'big_tech'
        GROUP BY 1, 2, 3
    """)
    per: dict[str, dict[dt.date, dict[str, int]]] = {}
    last12: dict[str, int] = {}
    prior12 = 0
    for r in data:
        cell = per.setdefault(r["grp"], {}).setdefault(as_date(r["month"]), {})
        cell[r["kind"]] = cell.get(r["kind"], 0) + int(r["n"])
        last12[r["grp"]] = last12.get(r["grp"], 0) + int(r["last_12m"])
        prior12 += int(r["prior_12m"])
    end = day.replace(day=1)
    first = min((m for v in per.values() for m in v), default=end)
    rows: list[dict[str, Any]] = []
    months = month_range(first, end)
    for grp in sorted(per):
        running = 0
        for m in months:
            cell = per[grp].get(m, {})
            new = sum(cell.values())
            running += new
            rows.append(
                {
                    "month": m,
                    "organisation": grp,
                    "new": new,
                    "cumulative": running,
                    **{f"{k}s": cell.get(k, 0) for k in REPO_KINDS},
                }
            )
    ranked = sorted(last12, key=lambda g: (-last12[g], g))
    total12 = sum(last12.values())
    top = ranked[0] if ranked and last12[ranked[0]] else None
    headline = {
        "top_org_last_12m": top,
        "top_org_repos_last_12m": last12[top] if top else None,
        "top_org_share_last_12m": share(last12[top], total12) if top else None,
        "nvidia_repos_last_12m": last12.get(NVIDIA, 0),
        "nvidia_rank_last_12m": (1 + sum(1 for v in last12.values() if v > last12[NVIDIA]))
        if last12.get(NVIDIA)
        else None,
        "big_tech_repos_last_12m": total12,
        "big_tech_repos_prior_12m": prior12,
        "big_tech_yoy": share(total12, prior12),
        "big_tech_repos": sum(sum(c.values()) for v in per.values() for c in v.values()),
        "since": first if per else None,
    }
    return Result(headline, rows, sorted(set(sids)), notes)
