"""Chapter: how the Hub grows (G1) and how much of what is made derives from something else (G2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.base import Context, Result, metric, share
from hubcensus.metrics.snapshots import LINEAGE_INPUT, input_missing, present_sql, window_unseen
from hubcensus.metrics.sql import add_months, as_date, created_sql, month_range, month_start, year_windows

KINDS = ("model", "dataset", "space")
RELATIONS = ("finetune", "adapter", "quantized", "merge")  # G2's relation mix, in its rows' and headline's order
# G2: a model whose lineage edges differ takes the first of merge, quantized, adapter, finetune.
REL_PRIORITY = "CASE relation WHEN 'merge' THEN 0 WHEN 'quantized' THEN 1 WHEN 'adapter' THEN 2 ELSE 3 END"


def alive(ctx: Context, kind: str) -> tuple[str, int | None]:
    """Repos of `kind` present in the newest complete snapshot of that kind up to as-of."""
    snap = ctx.latest_complete(kind)
    if snap is None:
        return "", None
    sql = present_sql(ctx, snap, "s.repo_id, s.author, s.created_at", kind)
    return sql, snap.snapshot_id


@metric(
    spec="G1",
    name="hub_growth",
    title="Growth of public models, datasets, spaces and authors",
    chapter="growth",
    published="2025: 11M users, >2M public models, >500k public datasets; 13M users by March 2026; users, models and datasets close to doubling in a year.",
    definition=(
        "For each kind, the repos present in the newest complete snapshot of that kind on or before the as-of date, "
        "counted cumulatively by the month of their `createdAt` (a repo deleted before that snapshot is not counted: "
        "one snapshot cannot see it). Authors: distinct namespaces owning at least one such repo, by the month of "
        "their first one. The Hub's createdAt floor (2022-03-02) lumps every older repo into March 2022, so the series "
        "starts there. Year-over-year ratio: the cumulative count at the as-of month over the count twelve months "
        "earlier."
    ),
    headline_keys=(
        "models",
        "datasets",
        "spaces",
        "authors",
        "models_yoy",
        "datasets_yoy",
        "spaces_yoy",
        "authors_yoy",
        "since",
    ),
    out_of_reach="Registered users who never published a public repo (the report's 11M/13M users) are not in public metadata; private repos are not either.",
)
def hub_growth(ctx: Context) -> Result:
    per_month: dict[str, dict[dt.date, int]] = {}
    sids, parts, notes = [], [], []
    for kind in KINDS:
        sql, sid = alive(ctx, kind)
        if sql:
            sids.append(sid)
            parts.append(f"SELECT '{kind}' AS kind, repo_id, author, created_at FROM {sql} a_{kind}")
        else:
            notes.append(f"no complete snapshot of {kind}s: not counted")
    if not parts:
        return Result({}, [], [], notes)
    union = " UNION ALL ".join(parts)
    for r in ctx.rows(f"""
        SELECT kind, {month_start(created_sql("created_at"))} AS month, count(*) AS n
        FROM ({union}) u WHERE created_at IS NOT NULL GROUP BY 1, 2
        UNION ALL
        SELECT 'author' AS kind, {month_start(created_sql("first_at"))} AS month, count(*) AS n
        FROM (SELECT author, min(created_at) AS first_at FROM ({union}) u
              WHERE author IS NOT NULL AND created_at IS NOT NULL GROUP BY author) f GROUP BY 1, 2
    """):
        per_month.setdefault(r["kind"], {})[as_date(r["month"])] = int(r["n"])
    undated = ctx.scalar(f"SELECT count(*) AS n FROM ({union}) u WHERE created_at IS NULL")
    if undated:
        notes.append(f"{undated} repos have no createdAt in the source and are left out of the monthly series")
    end = ctx.as_of.taken_at.replace(day=1)
    start = min((min(v) for v in per_month.values() if v), default=end)
    rows: list[dict[str, Any]] = []
    totals: dict[str, dict[dt.date, int]] = {}
    for kind in (*KINDS, "author"):
        running, series = 0, {}
        for m in month_range(start, end):
            new = per_month.get(kind, {}).get(m, 0)
            running += new
            series[m] = running
            rows.append({"month": m, "kind": kind, "new": new, "cumulative": running})
        totals[kind] = series
    year_ago = add_months(end, -12)
    headline: dict[str, Any] = {}
    counted = {k for k in KINDS if alive(ctx, k)[1] is not None} | {"author"}
    for kind, key in (("model", "models"), ("dataset", "datasets"), ("space", "spaces"), ("author", "authors")):
        if kind not in counted:
            continue  # no snapshot of that kind: the store cannot say (None, not 0)
        now = totals[kind].get(end)
        before = totals[kind].get(year_ago)
        headline[key] = now
        read = ctx.latest_complete("model" if kind == "author" else kind)
        unseen = window_unseen(read, year_ago, end, f"the year to {end} ({kind}s)") if read else None
        if unseen:  # a ratio over months no snapshot listed is not growth: None, said
            notes.append(unseen)
            before = None
        headline[f"{key}_yoy"] = (now / before) if before else None
    headline["since"] = start
    return Result(headline, rows, sorted(set(sids)), notes)


@metric(
    spec="G2",
    name="derivative_share",
    title="Share of new models that build on another model",
    chapter="growth",
    published="Participation shifts from consuming models to making derivatives of them.",
    definition=(
        "Models present in the newest complete snapshot on or before the as-of date, by the month of `createdAt` "
        "(from March 2022, the createdAt floor). A model is a derivative when the lineage gives it at least one "
        "parent (tags `base_model:…`, card `base_model`, or the API's baseModels); its relation is that of its edges, "
        "and when its edges differ, the first of merge, quantized, adapter, finetune. Shares are of the month's new "
        "models. Headline: the share over the twelve complete months before the as-of month, the twelve before "
        "those, and the relation mix of the last twelve."
    ),
    headline_keys=(
        "new_models_last_12m",
        "derivative_share_last_12m",
        "derivative_share_prior_12m",
        "finetune_share_last_12m",
        "adapter_share_last_12m",
        "quantized_share_last_12m",
        "merge_share_last_12m",
    ),
    out_of_reach="Derivatives whose authors declare no base model cannot be told from original models.",
)
def derivative_share(ctx: Context) -> Result:
    sql, sid = alive(ctx, "model")
    if not sql:
        return Result({}, [], [], ["no complete snapshot of models"])
    data = ctx.rows(f"""
        SELECT {month_start(created_sql("a.created_at"))} AS month,
               COALESCE(d.relation, 'none') AS relation, count(*) AS n
        FROM {sql} a
        LEFT JOIN (SELECT child_id, min_by(relation, {REL_PRIORITY}) AS relation FROM lineage GROUP BY child_id) d
               ON d.child_id = a.repo_id
        WHERE a.created_at IS NOT NULL
        GROUP BY 1, 2
    """)
    by_month: dict[dt.date, dict[str, int]] = {}
    for r in data:
        by_month.setdefault(as_date(r["month"]), {})[r["relation"]] = int(r["n"])
    end = ctx.as_of.taken_at.replace(day=1)
    rows = []
    for m in month_range(min(by_month, default=end), end):
        c = by_month.get(m, {})
        new = sum(c.values())
        deriv = new - c.get("none", 0)
        rows.append(
            {
                "month": m,
                "new_models": new,
                "derivatives": deriv,
                "share": share(deriv, new),
                **{rel: c.get(rel, 0) for rel in RELATIONS},
            }
        )
    # The twelve complete months before the as-of month (which has barely begun), and the twelve before.
    prior_start, last_start, stop = year_windows(ctx.as_of.taken_at)
    last = [r for r in rows if last_start <= r["month"] < stop]
    prior = [r for r in rows if prior_start <= r["month"] < last_start]

    def tot(rs: list[dict], key: str) -> int:
        return sum(r[key] for r in rs)

    new_last = tot(last, "new_models")
    snap = next(s for s in ctx.series if s.snapshot_id == sid)
    missing = window_unseen(snap, last_start, stop) or input_missing(ctx, snap, LINEAGE_INPUT)
    if missing:  # no input at all: None with the reason, never "0% build on another model"
        keys = ("new_models_last_12m", "derivative_share_last_12m", "derivative_share_prior_12m")
        headline = {k: None for k in (*keys, *(f"{rel}_share_last_12m" for rel in RELATIONS))}
        return Result(headline, rows, [sid], [missing, "lineage reflects each model's newest known tags and card"])
    headline = {
        "new_models_last_12m": new_last,
        "derivative_share_last_12m": share(tot(last, "derivatives"), new_last),
        "derivative_share_prior_12m": share(tot(prior, "derivatives"), tot(prior, "new_models")),
        **{f"{rel}_share_last_12m": share(tot(last, rel), new_last) for rel in RELATIONS},
    }
    return Result(headline, rows, [sid] if sid else [], ["lineage reflects each model's newest known tags and card"])
