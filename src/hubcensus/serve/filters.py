"""The explorer's filters, applied where the data is rather than in the browser.

A filter set (date range, country, sector, organisation, family, task) becomes a DuckDB cursor on
the read-only store in which TEMP VIEWs named `repos`, `repo_stats` and `papers` shadow the base
tables for unqualified names. Every metric then runs unchanged on that cursor and computes its
figures over the filtered Hub: the persistent views built on those tables (`tags`, `paper_repos`,
`repo_stats_dense`) resolve their table names when queried, so they follow the shadows too. Temp
objects live in one cursor only, so filter sets never see each other's, and the store file is
never written.

What each filter keeps:
- country / sector / organisation follow the namespace's attribution exactly as the geography
  chapter labels it (`metrics.attribution.attribution_sql`, the same SQL): an ISO code, `none`
  (international / no clear base) or `unattributed`; a sector or `unattributed`; a namespace,
  registry organisation or parent company.
  They keep the repos of matching namespaces and the papers of matching organisations.
- family keeps the models below a lineage root (a root id such as `Qwen/Qwen2.5-7B`, or a root
  namespace such as `Qwen` for every root in it), the roots included; task keeps models whose
  `pipeline_tag` is the task and datasets tagged `task_categories:<task>`. Repos with no family or
  task (spaces; datasets for a family) drop out, and papers are kept only when linked to a kept repo.
- the date range ends the series at `to` (the as-of date) and starts it at `from`
  (`hubcensus.metrics.base.context(since=...)`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import duckdb

from hubcensus.enrich.registry import ISO_COUNTRIES
from hubcensus.errors import UserError, parse_date
from hubcensus.metrics.attribution import NO_BASE, SECTOR_LABELS, UNATTRIBUTED, attribution_sql, namespace_of
from hubcensus.metrics.sql import quote

NONE = "none"  # the country value for "international / no clear base"
PARAMS = ("from", "to", "country", "sector", "org", "family", "task")


class FilterError(UserError):
    """A filter value the store cannot answer for: the explorer's 400."""


@dataclass(frozen=True)
class Filters:
    since: dt.date | None = None  # `from`
    until: dt.date | None = None  # `to`: the as-of date
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    family: str | None = None
    task: str | None = None

    @property
    def by_namespace(self) -> bool:
        return any((self.country, self.sector, self.org))

    @property
    def by_repo(self) -> bool:
        return any((self.family, self.task))

    @property
    def restricts(self) -> bool:
        """Whether the filters narrow the set of repos (the date range alone only moves the series)."""
        return self.by_namespace or self.by_repo

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (the shareable form)."""
        out = {}
        for name, f in zip(PARAMS, fields(self)):
            v = getattr(self, f.name)
            if v is not None:
                out[name] = v.isoformat() if isinstance(v, dt.date) else v
        return out

    def key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


def parse_filters(params: Mapping[str, str], con: duckdb.DuckDBPyConnection, allow: tuple[str, ...] = ()) -> Filters:
    """Filters from query parameters, each checked against the store; a bad one is a one-line FilterError.

    Empty values mean "no filter" (what a form's blank select sends). Parameters other than the
    filters and `allow` are refused, so a misspelt filter is not silently ignored.
    """
    unknown = sorted(set(params) - set(PARAMS) - set(allow))
    if unknown:
        raise FilterError(f"unknown parameter {unknown[0]!r} (filters: {', '.join(PARAMS)})")
    raw = {k: (params.get(k) or "").strip() or None for k in PARAMS}
    since, until = parse_date(raw["from"], "from", FilterError), parse_date(raw["to"], "to", FilterError)
    if since and until and since > until:
        raise FilterError(f"from {since} is after to {until}")
    out = Filters(
        since, until, _country(raw["country"]), _sector(raw["sector"]), raw["org"], raw["family"], raw["task"]
    )
    if (since or until) and not con.execute(
        "SELECT 1 FROM snapshots WHERE taken_at >= coalesce($s, taken_at) AND taken_at <= coalesce($u, taken_at) LIMIT 1",
        {"s": since, "u": until},
    ).fetchall():
        raise FilterError(
            f"from {since or 'the first snapshot'} to {until or 'the newest snapshot'}: the store holds no snapshot in that range"
        )
    if out.org is not None and not _exists(
        con,
        "SELECT 1 FROM author_attribution WHERE author = $v OR lower(author) = lower($v) OR organisation = $v "
        "OR parent_company = $v LIMIT 1",
        out.org,
    ):
        raise FilterError(f"org {out.org!r}: no such namespace, organisation or parent company in the store")
    if out.family is not None and not _exists(
        con,
        "SELECT 1 FROM model_families WHERE depth = 0 AND (model_id = $v OR split_part(model_id, '/', 1) = $v) LIMIT 1",
        out.family,
    ):
        raise FilterError(f"family {out.family!r}: no lineage root or root namespace of that name in the store")
    if out.task is not None and not _exists(
        con,
        "SELECT 1 FROM repos WHERE kind = 'model' AND pipeline_tag = $v "
        "UNION ALL SELECT 1 FROM repos WHERE kind = 'dataset' AND list_contains(tags, 'task_categories:' || $v) LIMIT 1",
        out.task,
    ):
        raise FilterError(f"task {out.task!r}: no model has that pipeline tag and no dataset that task category")
    return out


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    if value.lower() in (NONE, NO_BASE):
        return NONE
    if value.lower() == UNATTRIBUTED:
        return UNATTRIBUTED
    if value.upper() in ISO_COUNTRIES:
        return value.upper()
    raise FilterError(
        f"country {value!r}: expected an ISO 3166 code (US, CN…), {NONE!r} ({NO_BASE}) or {UNATTRIBUTED!r}"
    )


def _sector(value: str | None) -> str | None:
    if value is None or value in SECTOR_LABELS:
        return value
    raise FilterError(f"sector {value!r}: expected one of {', '.join(SECTOR_LABELS)}")


def _exists(con: duckdb.DuckDBPyConnection, sql: str, value: str) -> bool:
    return bool(con.execute(sql, {"v": value}).fetchall())


# -- the namespaces' attribution, labelled as the geography chapter labels it ------------------------
def namespace_sql(base: str) -> str:
    """(ns, country_label, sector_label, organisation, parent_company) for every namespace of a repo,
    an author or a paper's organisation: the metrics' attribution (`metrics.attribution`), read from the
    base tables of catalog.schema `base` (a filtered cursor shadows `repos` and `papers`), with the
    filters' `none` for "international / no clear base"."""
    names = f"""(
            SELECT {namespace_of("repo_id", "author")} AS ns FROM {base}.repos
            UNION SELECT author FROM {base}.authors
            UNION SELECT organisation FROM {base}.papers
        )"""
    return f"""
        SELECT ns, CASE WHEN label = {quote(NO_BASE)} THEN '{NONE}' ELSE label END AS country_label, sector_label,
               organisation, parent_company
        FROM {attribution_sql(names, schema=base, parent_company=True)} w
    """


def base_schema(con: duckdb.DuckDBPyConnection) -> str:
    """The store's own schema, qualified by catalog: what a shadowing view reads from."""
    db = con.execute("SELECT current_database()").fetchone()[0]
    return '"' + db.replace('"', '""') + '".main'


def apply_filters(cur: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, int]:
    """Create the shadowing temp views for `f` on `cur` (a cursor of its own); returns what was kept."""
    if not f.restricts:
        return {}
    base = base_schema(cur)
    params: dict[str, str] = {}
    conds = []
    if f.by_namespace:
        ns_conds = []
        for col, value in (("country_label", f.country), ("sector_label", f.sector)):
            if value is not None:
                params[col] = value
                ns_conds.append(f"{col} = ${col}")
        if f.org is not None:
            params["org"] = f.org
            ns_conds.append("(ns = $org OR organisation = $org OR parent_company = $org OR lower(ns) = lower($org))")
        cur.execute(
            f"CREATE TEMP TABLE _hc_keep_ns AS SELECT ns FROM ({namespace_sql(base)}) w WHERE {' AND '.join(ns_conds)}",
            params,
        )
        # A repo with no namespace at all (legacy ids such as `gpt2`) is unattributed, in no organisation.
        no_ns = f.org is None and f.country in (None, UNATTRIBUTED) and f.sector in (None, UNATTRIBUTED)
        ns = namespace_of("r.repo_id", "r.author")
        conds.append(f"({ns} IN (SELECT ns FROM _hc_keep_ns)" + (f" OR {ns} IS NULL)" if no_ns else ")"))
    repo_params: dict[str, str] = {}
    if f.family is not None:
        repo_params["family"] = f.family
        conds.append(
            f"(r.kind = 'model' AND r.repo_id IN (SELECT model_id FROM {base}.model_families "
            "WHERE root_id = $family OR split_part(root_id, '/', 1) = $family))"
        )
    if f.task is not None:
        repo_params["task"] = f.task
        conds.append(
            "((r.kind = 'model' AND r.pipeline_tag = $task) "
            "OR (r.kind = 'dataset' AND list_contains(r.tags, 'task_categories:' || $task)))"
        )
    cur.execute(
        f"CREATE TEMP TABLE _hc_keep AS SELECT r.kind, r.repo_id FROM {base}.repos r WHERE {' AND '.join(conds)}",
        repo_params or None,
    )
    cur.execute(
        f"CREATE TEMP VIEW repos AS SELECT r.* FROM {base}.repos r SEMI JOIN _hc_keep k ON k.kind = r.kind AND k.repo_id = r.repo_id"
    )
    cur.execute(
        f"CREATE TEMP VIEW repo_stats AS SELECT s.* FROM {base}.repo_stats s SEMI JOIN _hc_keep k ON k.kind = s.kind AND k.repo_id = s.repo_id"
    )
    paper_conds = []
    if f.by_namespace:
        paper_conds.append("p.organisation IN (SELECT ns FROM _hc_keep_ns)")
    if f.by_repo:
        # paper_repos reads `tags`, which reads the shadowing `repos`: links to kept repos only.
        paper_conds.append("p.paper_id IN (SELECT paper_id FROM paper_repos)")
    cur.execute(f"CREATE TEMP VIEW papers AS SELECT p.* FROM {base}.papers p WHERE {' AND '.join(paper_conds)}")
    kept = cur.execute("SELECT kind, count(*) FROM _hc_keep GROUP BY kind").fetchall()
    return {k: int(n) for k, n in kept}


# -- what the filter bar offers -----------------------------------------------------------------
TOP_ORGS = 300
TOP_FAMILIES = 60


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The values each filter can take in this store, most used first, with how many models each holds."""
    base = base_schema(con)
    dates = [
        r[0].isoformat() for r in con.execute(f"SELECT taken_at FROM {base}.snapshots ORDER BY taken_at").fetchall()
    ]
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _hc_facet_ns AS
        SELECT w.*, COALESCE(m.models, 0) AS models FROM ({namespace_sql(base)}) w
        LEFT JOIN (SELECT author AS ns, count(*) AS models FROM {base}.repos WHERE kind = 'model' GROUP BY 1) m USING (ns)
    """)
    countries = con.execute(
        "SELECT country_label, sum(models) AS n FROM _hc_facet_ns GROUP BY 1 ORDER BY n DESC, country_label"
    ).fetchall()
    sectors = dict(con.execute("SELECT sector_label, sum(models) FROM _hc_facet_ns GROUP BY 1").fetchall())
    # Organisations: a registry parent company or organisation covers all its namespaces; then namespaces.
    orgs = con.execute(f"""
        SELECT name, sum(models) AS n FROM (
            SELECT parent_company AS name, models FROM _hc_facet_ns WHERE parent_company IS NOT NULL
            UNION ALL SELECT organisation, models FROM _hc_facet_ns WHERE organisation IS NOT NULL
                      AND organisation IS DISTINCT FROM parent_company
            UNION ALL SELECT ns, models FROM _hc_facet_ns WHERE models > 0
        ) GROUP BY name ORDER BY n DESC, name LIMIT {TOP_ORGS}
    """).fetchall()
    families = con.execute(f"""
        SELECT root_id, count(*) - 1 AS n FROM {base}.model_families GROUP BY root_id HAVING count(*) > 1
        ORDER BY n DESC, root_id LIMIT {TOP_FAMILIES}
    """).fetchall()
    family_ns = con.execute(f"""
        SELECT split_part(root_id, '/', 1) AS ns, count(*) - count(DISTINCT root_id) AS n FROM {base}.model_families
        WHERE root_id LIKE '%/%' GROUP BY 1 HAVING count(DISTINCT root_id) > 1 AND n > 0 ORDER BY n DESC, ns LIMIT {TOP_FAMILIES}
    """).fetchall()
    tasks = con.execute(f"""
        SELECT task, sum(n) AS n FROM (
            SELECT pipeline_tag AS task, count(*) AS n FROM {base}.repos WHERE kind = 'model' AND pipeline_tag IS NOT NULL GROUP BY 1
            UNION ALL
            SELECT substr(tag, 17), count(*) FROM (SELECT unnest(tags) AS tag FROM {base}.repos WHERE kind = 'dataset')
            WHERE tag LIKE 'task_categories:%' GROUP BY 1
        ) GROUP BY task ORDER BY n DESC, task
    """).fetchall()
    con.execute("DROP TABLE _hc_facet_ns")
    return {
        "dates": dates,
        "country": [{"value": c, "label": NO_BASE if c == NONE else c, "models": int(n)} for c, n in countries],
        "sector": [{"value": s, "label": s, "models": int(sectors.get(s) or 0)} for s in SECTOR_LABELS],
        "org": [{"value": o, "label": o, "models": int(n)} for o, n in orgs],
        "family": [{"value": ns, "label": f"{ns} (every root)", "models": int(n)} for ns, n in family_ns]
        + [{"value": r, "label": r, "models": int(n)} for r, n in families],
        "task": [{"value": t, "label": t, "models": int(n)} for t, n in tasks],
    }
