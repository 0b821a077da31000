"""A scorecard per organisation: what it released, how much it is downloaded, who builds on it.

Scorecards are metrics per organisation: they read the same statistics in force, monthly series and
lineage as the findings, so they live beside them; the report and the explorer only render them
(the report names each one's page, `report.scorecards.org_file`).

Which organisations: every author with a row in the registry (shipped or the user's: source
`curated` or `user:<file>`) that owns at least one repo present in the as-of snapshot (the newest
complete snapshot of that kind on or before the as-of date). Authors attributed only by a default
rule (individuals, names that look academic) get no scorecard: a scorecard states a country and a
sector, and those come from a reviewed row, not a guess.

Everything is computed with a few set-based queries over all those organisations at once, in the
portable SQL dialect of the metrics (it runs on Spark through the same `Engine`), so the cost is
that of a few scans whatever the number of organisations: at Hub scale there are over a thousand.

- releases: repos per year of `createdAt` and kind (the createdAt floor puts every older repo in 2022);
- downloads: the models' downloads at the as-of snapshot (`downloadsAllTime` where it has it, else the
  30-day count), and per month from the shared monthly estimate (`metrics.series`);
- derivatives: its direct derivatives as D1 counts them (`derivatives.direct_children_sql`: models present at
  the as-of snapshot one lineage edge below any of its models, held or not), by relation, and every model
  below the family roots it owns
  (`model_families`), each counted once, with how many of those other authors made;
- lifetimes: for its models released early enough in the series, the months from release until a
  month's downloads fall below half the peak month's, as A2 (`engagement_lifetime`) defines it at monthly
  resolution (a scorecard stays monthly when A2 is weekly);
- sizes: its models' parameter counts (`model_sizes`), in quarter-decade bins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from hubcensus.metrics.adoption import FALL_FRACTION, monthly_window
from hubcensus.metrics.attribution import NO_BASE
from hubcensus.metrics.base import Context, Engine, context
from hubcensus.metrics.derivatives import direct_children_sql
from hubcensus.metrics.facts import FLOOR_PLUS_DAY
from hubcensus.metrics.series import monthly_downloads
from hubcensus.metrics.sql import (
    COLUMN,
    as_date,
    created_sql,
    date_literal,
    downloads_field,
    month_start,
    sql_list,
    stats_at,
    ts_literal,
    year_of,
)
from hubcensus.store.schema import REPO_KINDS

TOP_MODELS = 10  # a card lists its organisation's ten most downloaded models
# The registry rows someone reviewed (shipped or the user's): only their authors get a scorecard.
REGISTRY_SOURCES = "(source = 'curated' OR source LIKE 'user:%')"


def _month_index(expr: str) -> str:
    return f"({year_of(expr)} * 12 + CAST(EXTRACT(month FROM {expr}) AS INTEGER))"


# Engines' LOG10 differ in the last bit (Spark gives log10(1e9) = 8.999999999999998): a count exactly on a bin's
# edge (1B, 10M) must land in the bin it starts, on every engine. No integer lies this close to an edge otherwise.
BIN_EPSILON = 1e-9


def scorecards(
    engine: Engine, as_of: dt.date | None = None, ctx: Context | None = None, authors: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Every organisation's scorecard (sorted by author), and the queries that computed them.

    `authors` narrows the set (the local explorer asks for one); the queries stay set-based.
    Pass the `ctx` a metric run used to share its temp tables (the monthly series).
    """
    ctx = ctx or context(engine, as_of)
    ctx = Context(ctx.engine, ctx.as_of, ctx.series)  # a fresh query log
    wanted = ""
    if authors is not None:
        if not authors:
            return [], []
        wanted = " AND author IN (" + sql_list(sorted(set(authors))) + ")"
    model_snap = ctx.latest_complete("model")
    col = COLUMN[downloads_field(ctx, model_snap.snapshot_id)] if model_snap else "downloads_30d"
    repos = _org_repos(ctx, col, wanted)
    if repos is None:
        return [], []
    alive_models = None
    if model_snap:  # every model present at the as-of snapshot: the derivatives counted
        alive_models = ctx.shared(
            f"_hc_report_models_{model_snap.snapshot_id}",
            f"(SELECT s.repo_id, s.author FROM {stats_at(ctx, model_snap.snapshot_id)} s)",
        )

    cards = _cards(ctx, repos, col)
    _totals(ctx, cards, repos)
    monthly = monthly_downloads(ctx, "model")
    if monthly is not None:
        for r in ctx.rows(f"""
            SELECT o.author, m.month, sum(m.downloads) AS downloads
            FROM {monthly} m JOIN {repos} o ON o.repo_id = m.repo_id AND o.kind = 'model'
            GROUP BY 1, 2 ORDER BY 1, 2
        """):
            cards[r["author"]]["monthly_downloads"].append(
                {"month": as_date(r["month"]).isoformat(), "downloads": int(r["downloads"] or 0)}
            )
    _top_models(ctx, cards, repos, alive_models)
    if alive_models:
        _derivatives(ctx, cards, repos, alive_models)
    _sizes(ctx, cards, repos)
    if monthly is not None:
        _lifetimes(ctx, cards, repos, monthly)
    out = [cards[a] for a in sorted(cards, key=lambda a: (a.lower(), a))]
    return out, list(ctx.queries)


def _org_repos(ctx: Context, col: str, wanted: str) -> str | None:
    """Every repo of the organisations present at the as-of snapshot of its kind, with its figures there:
    one shared table all the queries below read; None when no kind has a complete snapshot."""
    orgs_sql = f"(SELECT author FROM author_attribution WHERE {REGISTRY_SOURCES}{wanted})"
    parts = []
    for kind in REPO_KINDS:
        snap = ctx.latest_complete(kind)
        if snap is None:
            continue
        dl = f"s.{col}" if kind == "model" else "s.downloads_all_time"
        parts.append(
            f"SELECT '{kind}' AS kind, s.repo_id, s.author, s.created_at, s.pipeline_tag, "
            f"COALESCE({dl}, s.downloads_30d, 0) AS downloads, COALESCE(s.downloads_30d, 0) AS downloads_30d, "
            f"COALESCE(s.likes, 0) AS likes "
            f"FROM {stats_at(ctx, snap.snapshot_id, kind)} s WHERE s.author IN {orgs_sql}"
        )
    if not parts:
        return None
    tag = f"{ctx.as_of.snapshot_id}" + (f"_{hashlib.sha256(wanted.encode()).hexdigest()[:8]}" if wanted else "")
    return ctx.shared(f"_hc_report_org_repos_{tag}", "(" + " UNION ALL ".join(parts) + ")")


def _cards(ctx: Context, repos: str, col: str) -> dict[str, dict[str, Any]]:
    """Each organisation's registry row, with every figure at zero until the queries below fill it in."""
    cards: dict[str, dict[str, Any]] = {}
    for r in ctx.rows(f"""
        SELECT a.author, a.organisation, a.country, a.sector, a.kind, a.parent_company, a.big_tech,
               a.fortune500_rank, a.is_org, a.verified, a.source
        FROM author_attribution a WHERE a.author IN (SELECT DISTINCT author FROM {repos} o)
        ORDER BY a.author
    """):
        cards[r["author"]] = {
            **r,
            "country_label": r["country"] or NO_BASE,
            "big_tech": bool(r["big_tech"]),
            "downloads_field": "downloadsAllTime" if col == "downloads_all_time" else "downloads",
            "repos": dict.fromkeys(REPO_KINDS, 0),
            "downloads": 0,
            "downloads_30d": 0,
            "likes": 0,
            "dataset_downloads": 0,
            "releases": [],
            "monthly_downloads": [],
            "top_models": [],
            "sizes": [],
            "derivatives": {"direct": 0, "direct_by_others": 0, "tree": 0, "tree_by_others": 0, "by_relation": {}},
            "lifetime": {"models": 0, "fell": 0, "mean_months": None, "median_months": None, "hist": []},
        }
    _because(ctx, cards)
    return cards


def _totals(ctx: Context, cards: dict[str, dict[str, Any]], repos: str) -> None:
    """Repos, downloads and likes per kind; repos created per year."""
    for r in ctx.rows(f"""
        SELECT author, kind, count(*) AS repos, sum(downloads) AS downloads, sum(downloads_30d) AS downloads_30d, sum(likes) AS likes
        FROM {repos} o GROUP BY author, kind ORDER BY author, kind
    """):
        c = cards[r["author"]]
        c["repos"][r["kind"]] = int(r["repos"])
        if r["kind"] == "model":
            c["downloads"], c["downloads_30d"], c["likes"] = (
                int(r["downloads"]),
                int(r["downloads_30d"]),
                int(r["likes"]),
            )
        elif r["kind"] == "dataset":
            c["dataset_downloads"] = int(r["downloads"])
    for r in ctx.rows(f"""
        SELECT author, kind, {year_of(created_sql("created_at"))} AS year, count(*) AS repos
        FROM {repos} o WHERE created_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 3, 2
    """):
        cards[r["author"]]["releases"].append({"year": int(r["year"]), "kind": r["kind"], "repos": int(r["repos"])})


def _top_models(ctx: Context, cards: dict[str, dict[str, Any]], repos: str, alive_models: str | None) -> None:
    """Its most downloaded models, each with its size and its direct children present at the as-of snapshot."""
    # the top models first, then the children of those only (counting every parent's read the whole lineage)
    below = f"JOIN {alive_models} k ON k.repo_id = l.child_id " if alive_models else ""
    for r in ctx.rows(f"""
        WITH top AS (
            SELECT * FROM (
                SELECT o.author, o.repo_id, o.downloads, o.likes, z.params, o.pipeline_tag, o.created_at,
                       ROW_NUMBER() OVER (PARTITION BY o.author ORDER BY o.downloads DESC, o.repo_id) AS rn
                FROM {repos} o
                LEFT JOIN model_sizes z ON z.repo_id = o.repo_id
                WHERE o.kind = 'model'
            ) t0 WHERE rn <= {TOP_MODELS}
        ),
        children AS (
            SELECT l.parent_id, count(*) AS children FROM lineage l {below}
            WHERE l.parent_id IN (SELECT repo_id FROM top) GROUP BY l.parent_id
        )
        SELECT t.author, t.repo_id, t.downloads, t.likes, t.params, t.pipeline_tag, t.created_at,
               COALESCE(c.children, 0) AS children
        FROM top t LEFT JOIN children c ON c.parent_id = t.repo_id
        ORDER BY t.author, t.rn
    """):
        cards[r["author"]]["top_models"].append(
            {
                "repo_id": r["repo_id"],
                "downloads": int(r["downloads"]),
                "likes": int(r["likes"]),
                "params": None if r["params"] is None else int(r["params"]),
                "pipeline_tag": r["pipeline_tag"],
                "created": None if r["created_at"] is None else as_date(r["created_at"]).isoformat(),
                "children": int(r["children"]),
            }
        )


def _sizes(ctx: Context, cards: dict[str, dict[str, Any]], repos: str) -> None:
    """Its models' parameter counts in quarter-decade bins (`BIN_EPSILON` keeps an edge in the bin it starts)."""
    for r in ctx.rows(f"""
        SELECT o.author, CAST(FLOOR(LOG10(z.params) * 4 + {BIN_EPSILON}) AS INTEGER) AS bin, count(*) AS models
        FROM {repos} o JOIN model_sizes z ON z.repo_id = o.repo_id
        WHERE o.kind = 'model' AND z.params > 0 GROUP BY 1, 2 ORDER BY 1, 2
    """):
        b = int(r["bin"])
        cards[r["author"]]["sizes"].append(
            {"bin": b, "from": round(10 ** (b / 4)), "to": round(10 ** ((b + 1) / 4)), "models": int(r["models"])}
        )


def _because(ctx: Context, cards: dict[str, dict[str, Any]]) -> None:
    """Which registry file and line attributes each organisation (as `hubcensus who` explains it)."""
    rows = ctx.rows(f"SELECT author, source, line, note FROM organisations WHERE {REGISTRY_SOURCES} ORDER BY author")
    exact = {r["author"]: r for r in rows}
    lower: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        lower.setdefault(r["author"].lower(), []).append(r)
    for author, c in cards.items():
        row = exact.get(author) or (
            lower.get(author.lower(), [None])[0] if len(lower.get(author.lower(), [])) == 1 else None
        )
        if row is None:
            c["because"], c["note"] = None, None
            continue
        origin = "registry.csv (shipped)" if row["source"] == "curated" else str(row["source"]).split(":", 1)[1]
        c["because"] = f"{origin} line {row['line']}" + (f" (as {row['author']!r})" if row["author"] != author else "")
        c["note"] = row["note"]


def _derivatives(ctx: Context, cards: dict[str, dict[str, Any]], repos: str, alive: str) -> None:
    """Who builds on it: direct derivatives (D1's definition, `derivatives.direct_children_sql`: one edge
    below any of its models) by relation, and the whole tree below its roots, each split by maker."""
    # the organisations' direct derivatives, found once (a pass over every lineage edge) for the two counts below
    direct_sql = f"""(
        SELECT e.parent_ns AS author, e.relation, e.child_id, k.author AS child_author
        FROM {direct_children_sql(alive)} e JOIN {alive} k ON k.repo_id = e.child_id
        WHERE e.parent_ns IN (SELECT DISTINCT author FROM {repos})
    )"""
    direct = ctx.shared(f"_hc_report_direct_{hashlib.sha256(direct_sql.encode()).hexdigest()[:12]}", direct_sql)
    for r in ctx.rows(f"""
        SELECT author, relation, count(DISTINCT child_id) AS children FROM {direct} e
        GROUP BY 1, 2 ORDER BY 1, 2
    """):
        cards[r["author"]]["derivatives"]["by_relation"][r["relation"]] = int(r["children"])
    for r in ctx.rows(f"""
        SELECT author, count(DISTINCT child_id) AS children,
               count(DISTINCT CASE WHEN child_author IS NULL OR child_author <> author THEN child_id END) AS by_others
        FROM {direct} e
        GROUP BY 1 ORDER BY 1
    """):
        d = cards[r["author"]]["derivatives"]
        d["direct"], d["direct_by_others"] = int(r["children"]), int(r["by_others"])
    for r in ctx.rows(f"""
        SELECT p.author, count(DISTINCT f.model_id) AS descendants,
               count(DISTINCT CASE WHEN k.author IS NULL OR k.author <> p.author THEN f.model_id END) AS by_others
        FROM model_families f JOIN {repos} p ON p.kind = 'model' AND p.repo_id = f.root_id
        JOIN {alive} k ON k.repo_id = f.model_id
        WHERE f.depth > 0
        GROUP BY 1 ORDER BY 1
    """):
        d = cards[r["author"]]["derivatives"]
        d["tree"], d["tree_by_others"] = int(r["descendants"]), int(r["by_others"])


def _lifetimes(ctx: Context, cards: dict[str, dict[str, Any]], repos: str, monthly: str) -> None:
    # A2's monthly window, by A2's own rule (`monthly_window`)
    window = monthly_window(ctx, monthly)
    if window.first is None or window.last_release is None:
        return
    first, last_release = window.first, window.last_release
    floor = ts_literal(FLOOR_PLUS_DAY)
    rows = ctx.rows(f"""
        WITH released AS (
            SELECT repo_id, author, {month_start("created_at")} AS m0 FROM {repos} o
            WHERE kind = 'model' AND created_at > {floor}
              AND {month_start("created_at")} >= {date_literal(first)} AND {month_start("created_at")} <= {date_literal(last_release)}
        ),
        obs AS (
            SELECT r.author, m.repo_id, {_month_index("m.month")} - {_month_index("r.m0")} AS k, CAST(COALESCE(m.downloads, 0) AS DOUBLE) AS v
            FROM {monthly} m JOIN released r ON r.repo_id = m.repo_id WHERE m.month >= r.m0
        ),
        per AS (SELECT author, repo_id, max(v) AS peak FROM obs GROUP BY author, repo_id),
        pk AS (SELECT o.repo_id, min(o.k) AS k_peak FROM obs o JOIN per p ON p.repo_id = o.repo_id AND o.v = p.peak GROUP BY o.repo_id),
        fall AS (
            SELECT o.repo_id, min(o.k) AS k_fall FROM obs o
            JOIN per p ON p.repo_id = o.repo_id JOIN pk ON pk.repo_id = o.repo_id
            WHERE o.k > pk.k_peak AND o.v < {FALL_FRACTION} * p.peak GROUP BY o.repo_id
        )
        SELECT p.author, f.k_fall, count(*) AS models
        FROM per p LEFT JOIN fall f ON f.repo_id = p.repo_id
        WHERE p.peak > 0
        GROUP BY 1, 2 ORDER BY 1, 2
    """)
    for r in rows:
        lt = cards[r["author"]]["lifetime"]
        lt["hist"].append({"months": None if r["k_fall"] is None else int(r["k_fall"]), "models": int(r["models"])})
    for c in cards.values():
        lt = c["lifetime"]
        hist = lt["hist"]
        n = sum(h["models"] for h in hist)
        fell = [(h["months"], h["models"]) for h in hist if h["months"] is not None]
        n_fell = sum(m for _, m in fell)
        lt["hist"] = sorted(hist, key=lambda h: (h["months"] is None, h["months"] or 0))
        lt.update(models=n, fell=n_fell, released_from=first.isoformat(), released_to=last_release.isoformat())
        lt["mean_months"] = round(sum(k * m for k, m in fell) / n_fell, 3) if n_fell else None
        run, median = 0, None
        for k, m in sorted(fell):
            run += m
            if run >= n / 2:
                median = float(k)
                break
        lt["median_months"] = median
