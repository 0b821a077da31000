"""GEO1: downloads by the country of the organisation behind each model's namespace.

The figure is a stock: all-time downloads where the snapshot has them (else 30-day counts), over the
models present at one snapshot; GEO2 (`over_time`) gives the monthly flow.
"""

from __future__ import annotations

from typing import Any

from hubcensus.metrics.attribution import NO_BASE, UNATTRIBUTED, attribution_sql, bucket_of
from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.snapshots import complete_or_partial, present_models
from hubcensus.metrics.sql import COLUMN, downloads_field, quote

HEADLINE_COUNTRIES = ("US", "CN", "GB", "DE", "FR")  # each has its `<code>_share` in the headline
TOP_COUNTRIES = 5  # `top_countries`: the five largest countries (buckets excluded)


def _label_rank(rows: list[dict[str, Any]], key: str = "downloads") -> list[dict[str, Any]]:
    rows.sort(key=lambda r: (-(r[key] or 0), r["label"]))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return rows


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
        "sector and no country — individuals, online communities, international bodies — form the explicit "
        "'international / no clear base' bucket; namespaces with neither (organisations not in the registry, accounts "
        "of unknown type, ids with no namespace) are 'unattributed', and so are organisations whose academic sector "
        "is only inferred from their name (`inferred:name`: a sector guessed from a name says nothing of a base). "
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
    snap, notes = complete_or_partial(ctx)
    if snap is None:
        return Result({}, [], [], notes)
    field = downloads_field(ctx, snap.snapshot_id)
    # Summed per namespace first: the registry then meets one row per namespace, not one per model, which at
    # Hub scale is a quarter of the rows and most of the query's memory. The sums are labelled where they lie
    # (`carry`; a NULL namespace is unattributed), not joined back to the labels of their distinct namespaces.
    data = ctx.rows(f"""
        WITH m AS (
            SELECT p.ns, count(*) AS models, COALESCE(sum(p.d), 0) AS downloads
            FROM {present_models(ctx, snap, COLUMN[field])} p GROUP BY p.ns
        )
        SELECT w.label,
               CASE WHEN w.label = {quote(NO_BASE)} THEN COALESCE(w.kind, '') ELSE '' END AS no_base_part,
               sum(w.models) AS models, COALESCE(sum(w.downloads), 0) AS downloads
        FROM {attribution_sql("m", carry=("models", "downloads"))} w
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
    countries = [r["label"] for r in rows if r["bucket"] == "country" and r["downloads"] > 0][:TOP_COUNTRIES]
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
