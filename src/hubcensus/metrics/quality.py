"""The report's "Data quality" chapter: what the store holds, snapshot by snapshot, and what each metric
could not use. Computed here (report/ renders it) so a reader can tell "none" from "unknown" before
reading a figure: which downloads field each snapshot carries, the lineage edges and the references
that did not become edges, the share of downloads a curated registry row attributes, the months the
series skips, and every metric's notes.
"""

from __future__ import annotations

from typing import Any

from hubcensus.metrics.base import Context, data_source
from hubcensus.metrics.snapshots import complete_or_as_of, present_sql
from hubcensus.metrics.sql import COLUMN, add_months, downloads_field

CURATED = "curated"  # author_attribution.source of a registry row (shipped or the user's)


def data_quality(ctx: Context, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The chapter's document: `snapshots` (one row per snapshot), `lineage`, `attribution`, `gaps`,
    `metrics` (each metric's notes and how many of its headline values it could not give)."""
    stats = {
        (int(r["snapshot_id"]), r["kind"]): r
        for r in ctx.rows("""
            SELECT snapshot_id, kind, count(*) AS rows_written, count(downloads_30d) AS with_30d,
                   count(downloads_all_time) AS with_all_time
            FROM repo_stats GROUP BY 1, 2
        """)
    }
    snapshots = []
    for s in ctx.series:
        row = stats.get((s.snapshot_id, "model"))
        if row is None:
            field = None
        elif row["with_all_time"]:
            field = "downloadsAllTime"
        elif row["with_30d"]:
            field = "downloads (30 days)"
        else:
            field = "none"
        snapshots.append(
            {
                "date": s.taken_at,
                "complete": s.complete,
                "source": s.source,
                "kinds": ", ".join(sorted(s.kinds)),
                "model_rows": int(row["rows_written"]) if row else 0,
                "downloads_field": field,
            }
        )
    lineage = {
        r["decided_by"]: int(r["n"]) for r in ctx.rows("SELECT decided_by, count(*) AS n FROM lineage GROUP BY 1")
    }
    issues = {r["issue"]: int(r["n"]) for r in ctx.rows("SELECT issue, count(*) AS n FROM lineage_issues GROUP BY 1")}
    complete = [s.taken_at for s in ctx.complete_series("model")]
    gaps: list[str] = []
    for a, b in zip(complete, complete[1:]):
        missing = 0
        m = add_months(a.replace(day=1), 1)
        while m < b.replace(day=1):
            missing += 1
            m = add_months(m, 1)
        if missing:
            gaps.append(f"{missing} month(s) without a complete snapshot between {a} and {b}")
    attribution: dict[str, Any] = {"snapshot": None, "downloads_field": None, "curated_share": None}
    snap, _ = complete_or_as_of(ctx)
    if "model" in snap.kinds:
        field = downloads_field(ctx, snap.snapshot_id)
        [a] = ctx.rows(f"""
            SELECT COALESCE(sum(COALESCE(p.d, 0)), 0) AS total,
                   COALESCE(sum(CASE WHEN w.source = '{CURATED}' THEN COALESCE(p.d, 0) ELSE 0 END), 0) AS curated
            FROM {present_sql(ctx, snap, f"s.author, s.{COLUMN[field]} AS d")} p
            LEFT JOIN author_attribution w ON w.author = p.author
        """)
        total = int(a["total"] or 0)
        attribution = {
            "snapshot": snap.taken_at,
            "downloads_field": field,
            "curated_share": (int(a["curated"] or 0) / total) if total else None,
        }
    metrics = [
        {
            "spec": d["spec"],
            "title": d["title"],
            "read": d.get("read_as_of"),
            "not_given": sum(1 for v in d["headline"].values() if v is None),
            "headline_values": len(d["headline"]),
            "notes": d["notes"],
        }
        for d in docs
    ]
    return {
        "source": data_source(ctx.series),
        "snapshots": snapshots,
        "lineage": {"edges": sum(lineage.values()), "by_source": lineage, "issues": issues},
        "attribution": attribution,
        "gaps": gaps,
        "metrics": metrics,
    }
