"""What the explorer knows how to answer, over one read-only store: metric documents per filter
set, the filter bar's values, search, a model's lineage and facts, an organisation's scorecard.

Each filter set gets a `Slice`: a cursor of its own with the shadowing temp views of
`hubcensus.serve.filters` and a metric context over the date range. The metrics materialize
shared temp tables (`_hc_monthly_*`) per cursor, so a slice is kept for the next metric of the
same filters; a few slices are kept (least recently used out), and computed documents are cached
by (metric, filters) so going back to a view costs nothing. A slice is used by one thread at a
time (its lock): DuckDB cursors are not for sharing across threads.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import duckdb

from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.enrich.registry import explain
from hubcensus.errors import UserError
from hubcensus.metrics.attribution import NO_BASE
from hubcensus.metrics.base import REGISTRY, Context, Metric, context, run_metric
from hubcensus.metrics.run import ordered_metrics
from hubcensus.metrics.snapshots import complete_or_partial
from hubcensus.metrics.sql import stats_at
from hubcensus.report.labels import headline_label
from hubcensus.serve.filters import (
    NONE,
    FilterError,
    Filters,
    apply_filters,
    base_schema,
    facets,
    namespace_sql,
    parse_filters,
)
from hubcensus.store import Store
from hubcensus.store.schema import REPO_KINDS

SLICES = 4  # filter sets whose cursors (and materialized series) are kept
DOCS = 256  # metric documents kept
SEARCH_LIMIT = 25


class Slice:
    """One filter set's view of the store: its own cursor, shadowing views, and metric context."""

    def __init__(self, store: Store, filters: Filters) -> None:
        self.filters = filters
        self.lock = threading.Lock()
        self.store = store
        self.cur: duckdb.DuckDBPyConnection | None = None
        self.engine: DuckDBEngine | None = None
        self.ctx: Context | None = None
        self.kept: dict[str, int] = {}
        self.closed = False
        self.evicted = False

    def open(self) -> None:
        """Set up on first use (under the lock), so creating a slice never blocks the others."""
        if self.cur is not None:
            return
        cur = self.store.con.cursor()
        try:
            self.kept = apply_filters(cur, self.filters)
            self.engine = DuckDBEngine(cur)
            try:
                self.ctx = context(self.engine, self.filters.until, self.filters.since)
            except UserError as exc:
                raise FilterError(str(exc)) from None
        except BaseException:
            cur.close()
            raise
        self.cur = cur

    def close(self) -> None:
        self.closed = True
        if self.cur is not None:
            self.cur.close()  # drops its temp views and tables with it
            self.cur = None


def find_metric(name: str) -> Metric | None:
    for m in REGISTRY.values():
        if name in (m.name, m.spec) or name.upper() == m.spec:
            return m
    return None


def chart_for(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The report's chart of a metric document (hubcensus.report.charts), None when it draws none."""
    from hubcensus.report.charts import chart_spec

    return chart_spec(doc)


class Explorer:
    def __init__(self, store: Store, slices: int = SLICES, docs: int = DOCS) -> None:
        self.store = store
        self.max_slices, self.max_docs = slices, docs
        self._lock = threading.Lock()  # guards the two caches below
        self._slices: OrderedDict[tuple, Slice] = OrderedDict()
        self._docs: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        self._page_lock = threading.Lock()  # pages (search, model, org) share one plain cursor
        self._page = store.con.cursor()
        self._base = base_schema(self._page)
        self._prepared: set[str] = set()
        self._as_of: dict[str, int] = {}  # the snapshot whose statistics the pages show, per kind (`_prepare`)
        self._facets: dict[str, Any] | None = None
        self._registry: list | None = None
        self._page_ctx: Context | None = None

    def close(self) -> None:
        with self._lock:
            for s in self._slices.values():
                try:
                    if s.cur is not None:
                        s.cur.interrupt()  # a metric still computing stops now rather than after its query
                except Exception:
                    pass
                with s.lock:
                    s.close()
            self._slices.clear()
        with self._page_lock:
            self._page.close()

    # -- filters and metrics -------------------------------------------------------------------
    def filters(self, params: Mapping[str, str], allow: tuple[str, ...] = ()) -> Filters:
        with self._page_lock:
            return parse_filters(params, self._page, allow)

    def facets(self) -> dict[str, Any]:
        with self._page_lock:
            if self._facets is None:
                self._facets = facets(self._page)
            return self._facets

    def metrics(self) -> list[Metric]:
        return ordered_metrics()

    def _slice(self, f: Filters) -> Slice:
        key = f.key()
        with self._lock:
            s = self._slices.get(key)
            if s is not None and not s.closed:
                self._slices.move_to_end(key)
                return s
            s = self._slices[key] = Slice(self.store, f)
            while len(self._slices) > self.max_slices:
                _, old = self._slices.popitem(last=False)
                if old.lock.acquire(blocking=False):
                    old.close()
                    old.lock.release()
                else:
                    old.evicted = True  # whoever is computing on it closes it when done
            return s

    def metric(self, m: Metric, f: Filters) -> dict[str, Any]:
        """{metric doc, chart spec, filters, kept}: computed on the filters' slice, or from the cache."""
        key = (m.name, f.key())
        while True:
            with self._lock:
                hit = self._docs.get(key)
                if hit is not None:
                    self._docs.move_to_end(key)
                    return hit
            s = self._slice(f)
            with s.lock:
                if s.closed:
                    continue  # evicted before we got it: take a fresh one
                with self._lock:
                    hit = self._docs.get(key)  # computed by someone else while we waited
                if hit is None:
                    s.open()
                    assert s.engine is not None and s.ctx is not None
                    doc = run_metric(m, s.engine, ctx=s.ctx)
                    hit = self._answer(doc, f, s.kept)
                    with self._lock:
                        self._docs[key] = hit
                        while len(self._docs) > self.max_docs:
                            self._docs.popitem(last=False)
                if s.evicted:
                    s.close()
            return hit

    def _answer(self, doc: dict[str, Any], f: Filters, kept: dict[str, int]) -> dict[str, Any]:
        if f.since is not None and doc["rows"] and "month" in doc["rows"][0]:
            # Months before the range are still computed (a cumulative count needs them) but not shown.
            first = f.since.replace(day=1).isoformat()
            shown = [r for r in doc["rows"] if not (isinstance(r.get("month"), str) and r["month"] < first)]
            if len(shown) < len(doc["rows"]):
                doc = {
                    **doc,
                    "rows": shown,
                    "notes": [*doc["notes"], f"rows before {first[:7]} hidden by the date filter"],
                }
        labels = {k: headline_label(k) for k in doc["headline"]}  # the tiles say what the report says
        return {"doc": doc, "chart": chart_for(doc), "labels": labels, "filters": f.query(), "kept": kept}

    # -- pages: shared helpers -------------------------------------------------------------------
    def _prepare(self, name: str) -> None:
        """Per-store tables the pages look things up in, built once on the page cursor."""
        if name in self._prepared:
            return
        b = self._base
        if name == "present":
            # The repos present at the as-of snapshot of their kind, with the statistics in force there: what
            # the metrics and the scorecards read (`stats_at`), so a page's figures agree with them.
            page = self._context()
            ctx = Context(page.engine, page.as_of, page.series)  # its own query log, not the page context's
            for kind in REPO_KINDS:
                snap = complete_or_partial(ctx, kind)[0]
                if snap is not None:
                    self._as_of[kind] = snap.snapshot_id
            parts = [
                f"SELECT '{kind}' AS kind, s.repo_id, s.downloads_all_time AS all_time, s.downloads_30d AS d30, "
                f"s.likes FROM {stats_at(ctx, sid, kind)} s"
                for kind, sid in self._as_of.items()
            ] or [
                "SELECT kind, repo_id, downloads_all_time AS all_time, downloads_30d AS d30, likes FROM repo_stats WHERE false"
            ]
            self._page.execute(f"CREATE OR REPLACE TEMP TABLE _hc_present AS {' UNION ALL '.join(parts)}")
        elif name == "ns":
            self._prepare("present")
            self._page.execute(f"""
                CREATE OR REPLACE TEMP TABLE _hc_ns AS
                SELECT w.*, COALESCE(c.models, 0) AS models, COALESCE(c.datasets, 0) AS datasets,
                       COALESCE(c.spaces, 0) AS spaces, COALESCE(c.downloads, 0) AS downloads
                FROM ({namespace_sql(b)}) w LEFT JOIN (
                    SELECT r.author AS ns, count(*) FILTER (WHERE r.kind = 'model') AS models,
                           count(*) FILTER (WHERE r.kind = 'dataset') AS datasets,
                           count(*) FILTER (WHERE r.kind = 'space') AS spaces,
                           sum(COALESCE(l.all_time, l.d30, 0)) FILTER (WHERE r.kind = 'model') AS downloads
                    FROM {b}.repos r JOIN _hc_present l ON l.kind = r.kind AND l.repo_id = r.repo_id
                    GROUP BY r.author
                ) c USING (ns)
            """)
        self._prepared.add(name)

    def _context(self) -> Context:
        """The metrics' context on the page cursor, as of the newest snapshot: its shared tables (the statistics
        in force) serve every page and scorecard."""
        if self._page_ctx is None:
            self._page_ctx = context(DuckDBEngine(self._page))
        return self._page_ctx

    def _rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self._page.execute(sql, params or None)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    # -- search ----------------------------------------------------------------------------------
    def search(self, q: str, limit: int = SEARCH_LIMIT) -> dict[str, Any]:
        """Models and organisations whose name holds `q` (case-insensitive): prefix matches first, then by downloads."""
        q = q.strip()
        if not q:
            return {"q": q, "models": [], "orgs": []}
        with self._page_lock:
            self._prepare("ns")
            models = self._rows(
                f"""
                SELECT r.repo_id, r.author, r.pipeline_tag, l.all_time AS downloads_all_time, l.d30 AS downloads_30d, l.likes,
                       CASE WHEN lower(r.repo_id) = lower($q) THEN 0
                            WHEN starts_with(lower(r.repo_id), lower($q))
                              OR starts_with(lower(split_part(r.repo_id, '/', 2)), lower($q)) THEN 1 ELSE 2 END AS match_
                FROM {self._base}.repos r LEFT JOIN _hc_present l ON l.kind = r.kind AND l.repo_id = r.repo_id
                WHERE r.kind = 'model' AND contains(lower(r.repo_id), lower($q))
                ORDER BY match_, COALESCE(l.all_time, l.d30, 0) DESC, r.repo_id LIMIT {int(limit)}
            """,
                {"q": q},
            )
            orgs = self._rows(
                f"""
                SELECT ns AS author, organisation, parent_company, country_label, sector_label, models, datasets, spaces, downloads,
                       CASE WHEN lower(ns) = lower($q) THEN 0 WHEN starts_with(lower(ns), lower($q))
                            OR starts_with(lower(COALESCE(organisation, '')), lower($q)) THEN 1 ELSE 2 END AS match_
                FROM _hc_ns
                WHERE contains(lower(ns), lower($q)) OR contains(lower(COALESCE(organisation, '')), lower($q))
                   OR contains(lower(COALESCE(parent_company, '')), lower($q))
                ORDER BY match_, downloads DESC, models DESC, ns LIMIT {int(limit)}
            """,
                {"q": q},
            )
        for o in orgs:
            o["who"] = _who(o)
        return {"q": q, "models": models, "orgs": orgs}

    # -- a model -----------------------------------------------------------------------------------
    def model(self, model_id: str) -> dict[str, Any] | None:
        """A model's facts and its place in the lineage; None when neither the store nor its lineage knows it."""
        from hubcensus.enrich.tree import tree

        b = self._base
        with self._page_lock:
            self._prepare("ns")
            found = self._rows(
                f"SELECT repo_id FROM {b}.repos WHERE kind = 'model' AND repo_id = $m", {"m": model_id}
            ) or self._rows(
                f"SELECT repo_id FROM {b}.repos WHERE kind = 'model' AND lower(repo_id) = lower($m)", {"m": model_id}
            )
            if len(found) > 1:
                found = []
            try:
                doc = tree(self._page, found[0]["repo_id"] if found else model_id, top=30)
            except UserError:
                return None
            mid = doc["model"]
            repo = self._rows(
                f"""
                SELECT r.repo_id, r.author, r.created_at, r.last_modified, r.pipeline_tag, r.library_name, r.tags, r.card_data,
                       r.base_model_relation, r.model_type, r.first_seen, r.last_seen,
                       l.all_time AS downloads_all_time, l.d30 AS downloads_30d, l.likes,
                       l.repo_id IS NULL AND r.last_seen < {self._as_of.get("model", 0)} AS deleted
                FROM {b}.repos r LEFT JOIN _hc_present l ON l.kind = r.kind AND l.repo_id = r.repo_id
                WHERE r.kind = 'model' AND r.repo_id = $m
            """,
                {"m": mid},
            )
            history = self._rows(
                f"""
                SELECT s.taken_at, d.downloads_30d, d.downloads_all_time, d.likes
                FROM {b}.repo_stats_dense d JOIN {b}.snapshots s USING (snapshot_id)
                WHERE d.kind = 'model' AND d.repo_id = $m ORDER BY s.taken_at
            """,
                {"m": mid},
            )
            size = self._rows(
                f"SELECT params, active_params, source, from_id FROM {b}.model_sizes WHERE repo_id = $m", {"m": mid}
            )
            ns = (
                (repo[0]["author"] if repo and repo[0]["author"] else mid.split("/")[0]) if "/" in mid or repo else None
            )
            who = self._rows("SELECT * FROM _hc_ns WHERE ns = $n", {"n": ns}) if ns else []
            papers = self._rows(
                f"""
                SELECT p.paper_id, p.title, p.published_at, p.upvotes FROM {b}.paper_repos pr JOIN {b}.papers p USING (paper_id)
                WHERE pr.kind = 'model' AND pr.repo_id = $m ORDER BY p.upvotes DESC NULLS LAST, p.paper_id
            """,
                {"m": mid},
            )
            edges = self._rows(
                f"""
                WITH RECURSIVE up(child_id, parent_id, relation, depth) AS (
                    SELECT child_id, parent_id, relation, 1 FROM {b}.lineage WHERE child_id = $m
                    UNION
                    SELECT l.child_id, l.parent_id, l.relation, u.depth + 1 FROM up u JOIN {b}.lineage l ON l.child_id = u.parent_id
                    WHERE u.depth < 64
                )
                SELECT DISTINCT child_id, parent_id, relation FROM up ORDER BY child_id, parent_id
            """,
                {"m": mid},
            )
            held = {
                r["repo_id"]
                for r in self._rows(
                    f"SELECT repo_id FROM {b}.repos WHERE kind = 'model' AND repo_id IN (SELECT unnest($ids))",
                    {"ids": [c["model"] for c in doc["top_children"]] + [e["parent_id"] for e in edges] + [mid]},
                )
            }
        facts = repo[0] if repo else None
        if facts is not None:
            facts["card"] = _card(facts.pop("card_data"))
        return {
            **doc,
            "facts": facts,
            "held": mid in held,
            "path": _path_to_root(mid, doc["root"], edges),
            "held_ids": sorted(held),
            "history": history,
            "size": size[0] if size else None,
            "who": _who(who[0]) if who else None,
            "papers": papers,
        }

    # -- an organisation -------------------------------------------------------------------------
    def org(self, author: str) -> dict[str, Any] | None:
        """An organisation's (or user's) scorecard: who it is and why, what it released, how much it
        is downloaded and built on, its papers. None when the store knows no such namespace."""
        b = self._base
        with self._page_lock:
            self._prepare("ns")
            row = self._rows("SELECT * FROM _hc_ns WHERE ns = $a", {"a": author}) or self._rows(
                "SELECT * FROM _hc_ns WHERE lower(ns) = lower($a)", {"a": author}
            )
            if len(row) != 1:
                return None
            ns = row[0]["ns"]
            if self._registry is None:
                from hubcensus.enrich.run import registry_for

                self._registry = registry_for(_ReadStore(self._page), None)[0]
            who = explain(self._page, ns, self._registry)
            totals = self._rows(
                "SELECT sum(downloads) AS downloads, count(*) FILTER (WHERE downloads > $d) + 1 AS rank, "
                "count(*) FILTER (WHERE models > 0) AS namespaces FROM _hc_ns",
                {"d": row[0]["downloads"]},
            )[0]
            stats = self._rows(
                f"""
                SELECT r.kind, count(*) AS repos, sum(COALESCE(l.all_time, 0)) AS downloads_all_time,
                       sum(COALESCE(l.d30, 0)) AS downloads_30d, sum(COALESCE(l.likes, 0)) AS likes
                FROM {b}.repos r JOIN _hc_present l ON l.kind = r.kind AND l.repo_id = r.repo_id
                WHERE r.author = $a GROUP BY r.kind ORDER BY r.kind DESC
            """,
                {"a": ns},
            )
            top = self._rows(
                f"""
                SELECT r.repo_id, r.pipeline_tag, r.created_at, l.all_time AS downloads_all_time, l.d30 AS downloads_30d, l.likes,
                       (SELECT count(*) FROM {b}.model_families f WHERE f.root_id = r.repo_id AND f.depth > 0) AS derivatives
                FROM {b}.repos r JOIN _hc_present l ON l.kind = r.kind AND l.repo_id = r.repo_id
                WHERE r.kind = 'model' AND r.author = $a
                ORDER BY COALESCE(l.all_time, l.d30, 0) DESC, r.repo_id LIMIT 15
            """,
                {"a": ns},
            )
            releases = self._rows(
                f"""
                SELECT CAST(EXTRACT(year FROM created_at) AS INTEGER) AS year,
                       count(*) FILTER (WHERE kind = 'model') AS models, count(*) FILTER (WHERE kind = 'dataset') AS datasets,
                       count(*) FILTER (WHERE kind = 'space') AS spaces
                FROM {b}.repos WHERE author = $a AND created_at IS NOT NULL GROUP BY 1 ORDER BY 1
            """,
                {"a": ns},
            )
            card = self._scorecard(ns)
            derivs = self._rows(
                f"""
                WITH below AS (
                    SELECT DISTINCT f.model_id FROM {b}.model_families f
                    WHERE f.depth > 0 AND split_part(f.root_id, '/', 1) = $a
                )
                SELECT COALESCE(r.author, split_part(b.model_id, '/', 1)) AS maker, count(*) AS models
                FROM below b LEFT JOIN {b}.repos r ON r.kind = 'model' AND r.repo_id = b.model_id
                GROUP BY 1 ORDER BY models DESC, maker
            """,
                {"a": ns},
            )
            papers = self._rows(
                f"""
                SELECT paper_id, title, published_at, upvotes FROM {b}.papers WHERE organisation = $a
                ORDER BY upvotes DESC NULLS LAST, paper_id
            """,
                {"a": ns},
            )
            siblings = self._rows(
                """
                SELECT ns, models, downloads FROM _hc_ns
                WHERE ns <> $a AND ((organisation IS NOT NULL AND organisation = $o) OR (parent_company IS NOT NULL AND parent_company = $p))
                ORDER BY downloads DESC, ns LIMIT 20
            """,
                {"a": ns, "o": row[0]["organisation"], "p": row[0]["parent_company"]},
            )
        total = totals["downloads"] or 0
        derivatives = sum(d["models"] for d in derivs)
        by_others = sum(d["models"] for d in derivs if d["maker"] != ns)
        return {
            "author": ns,
            "who": who,
            "label": _who(row[0]),
            "repos": {s["kind"]: s for s in stats},
            "downloads": row[0]["downloads"],
            "download_share": (row[0]["downloads"] / total) if total else None,
            "rank": totals["rank"] if row[0]["models"] else None,
            "namespaces": totals["namespaces"],
            "top_models": top,
            "releases": releases,
            "derivatives": derivatives,
            "derivatives_by_others": by_others,
            "derivative_makers": derivs[:15],
            "papers": papers[:15],
            "papers_count": len(papers),
            "paper_upvotes": sum(p["upvotes"] or 0 for p in papers),
            "siblings": siblings,
            "card": card,
            "charts": _card_charts(card, ns, releases),
        }

    def _scorecard(self, author: str) -> dict[str, Any] | None:
        """The report's scorecard of a registry organisation (hubcensus.metrics.scorecards), on the page
        cursor; None for a namespace the registry does not describe (the report makes none for it)."""
        from hubcensus.metrics.scorecards import scorecards

        ctx = self._context()
        engine = ctx.engine
        cards, _ = scorecards(engine, ctx=ctx, authors=[author])
        for table in [t for t in engine.materialized if t.startswith("_hc_report_org_repos_")]:
            self._page.execute(f"DROP TABLE IF EXISTS {table}")  # one per organisation asked: do not let them pile up
            del engine.materialized[table]
        return cards[0] if cards else None


class _ReadStore:
    """Enough of a Store for `registry_for` (it reads the user's kept registries)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con


def _card_charts(card: dict[str, Any] | None, author: str, releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The scorecard's charts (hubcensus.report.charts.scorecard_specs); a namespace with no registry
    card still gets its releases chart, from the same shape of data."""
    from hubcensus.report.charts import scorecard_specs

    if card is None:
        long = [
            {"year": r["year"], "kind": k, "repos": r[f"{k}s"]}
            for r in releases
            for k in ("model", "dataset", "space")
            if r[f"{k}s"]
        ]
        card = {"author": author, "releases": long, "monthly_downloads": [], "sizes": [], "lifetime": {"hist": []}}
    return scorecard_specs(card)


def _who(row: Mapping[str, Any]) -> dict[str, Any]:
    label = row.get("country_label")
    return {
        "country": NO_BASE if label == NONE else label,
        "country_value": label,
        "sector": row.get("sector_label"),
        "organisation": row.get("organisation"),
        "parent_company": row.get("parent_company"),
    }


def _card(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        card = json.loads(text)
    except ValueError:
        return {"(unparsed)": text}
    return card if isinstance(card, dict) else {"(card)": card}


def _path_to_root(model: str, root: str, edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chain from `root` down to `model` (the first path found), each step with the relation into it."""
    parents: dict[str, list[tuple[str, str]]] = {}
    for e in edges:
        parents.setdefault(e["child_id"], []).append((e["parent_id"], e["relation"]))
    # Breadth-first upward from the model until the root: the shortest chain.
    prev: dict[str, tuple[str, str] | None] = {model: None}
    frontier = [model]
    while frontier and root not in prev:
        nxt = []
        for node in frontier:
            for parent, rel in parents.get(node, []):
                if parent not in prev:
                    prev[parent] = (node, rel)
                    nxt.append(parent)
        frontier = nxt
    if root not in prev:
        return [{"model": model, "relation": None}]
    chain, node, rel_in = [], root, None
    while node is not None:
        chain.append({"model": node, "relation": rel_in})
        step = prev[node]
        if step is None:
            break
        node, rel_in = step
    return chain
