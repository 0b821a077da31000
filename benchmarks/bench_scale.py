"""The whole pipeline at Hub scale — ingest, enrich, every metric, the report — against what users do today.

    python benchmarks/bench_scale.py                      # one full-scale snapshot, vs pandas and vs bare DuckDB SQL
    python benchmarks/bench_scale.py --series 12          # and a year of monthly snapshots: size, series metrics, report
    python benchmarks/bench_scale.py --growth             # and the cost at 10%, 30%, 100%, 200% of Hub scale
    python benchmarks/bench_scale.py --scale 0.02         # a fiftieth of the Hub, for a quick look

Every measured step runs in its own process (see `bench_ingest.measure`), so its wall time includes the
interpreter start and imports, and its peak RSS is its own. Inputs come from the seeded synthetic Hub
(`bench_ingest.generate`, cached in --work). Stores and reports are written under --work.

What is measured, and the targets (issue: scale; full scale = 2.2M models, 550k datasets, 1M spaces):

1. One snapshot, stage by stage: `ingest --no-enrich` < 60 s, `enrich` < 30 s, every metric
   (`metric --all --json`, through the library) < 30 s, `report` (computed and written into a folder) < 60 s;
   peak RSS of each stage < 4 GiB.
2. `--series N` (N monthly full-scale snapshots): store size on disk < 3 GiB (N = 12), every metric
   whose context uses the series (SERIES_SPECS) < 120 s, the report over the series store < 60 s.
   The series store is kept in --work (keyed by the input's scale/seed/N) and reused by later runs,
   with the ingest and enrich figures of the run that built it.
3. Against a pandas notebook (skip with --skip-pandas): the headlines of C1, GEO1 and G1 computed the
   way a notebook does (pandas `read_parquet` of the snapshot files — only the needed columns — then
   groupby/merge with the shipped registry CSV), against hubcensus computing the same three metrics
   from the ingested, enriched store. Targets: hubcensus >= 5x faster and <= 1/4 of the memory, on
   the metrics-only figure; ingest+enrich+metrics is printed too. The two sets of figures are checked
   equal (floats to 1e-5 relative; hubcensus rounds to 6 significant digits) so the comparison is
   like for like. The store is as `enrich` leaves it, with its precomputed intermediates (each kind's
   statistics at the newest snapshot are read from disk, compressed, rather than rebuilt in memory).
   hubcensus runs twice: at the benchmark's memory limit (2 GB, the default) and under
   HUBCENSUS_MEMORY_LIMIT=160MB, a small machine's setting. pandas is a benchmark-only dependency
   (`pip install pandas`), not one of hubcensus's.
4. Against hand-written DuckDB SQL: the three metrics that take longest in the all-metrics run
   (timed by the notes compute_metrics gives its progress) are each run alone, in their own process, through
   hubcensus and as a direct minimal query over the same store computing the same headline
   (HAND_SQL; hand queries exist for A1, C1, C2, D1, GEO4, H1, S2 — the heaviest at full scale — and a heaviest
   metric without one is named as such; `--hand C1,H1` picks the metrics instead). The hand queries
   read the newest snapshot's statistics rows directly, which is exact for the one-snapshot store
   they run on. Target: hubcensus within 1.5x, on the in-process compute time (process start and
   imports excluded on both sides).
5. `--growth`: ingest, enrich, every metric at 10%, 30%, 100%, 200% of --scale, and the cost growth
   per doubling (a power-law fit over the four points: 2.0x per doubling is linear).

Sections print in the order 1, 3, 4, 2, 5 (the one-snapshot store first, then the series, then growth).
The machine's cores are shared with whatever else runs on it: timings are noisy, more so on a small
machine; rerun before reading much into a few seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_ingest import GIB, fmt_row, generate, measure

# Metrics whose context uses the series of snapshots (monthly downloads, the complete series, a year-ago snapshot).
SERIES_SPECS = ("A1", "A2", "A3", "C2", "GEO2", "GEO3", "POP1")
HEADLINE_SPECS = ("C1", "GEO1", "G1")
GROWTH = (0.1, 0.3, 1.0, 2.0)
RSS_TARGET = 4 * GIB
LOW_MEMORY = "160MB"  # the tight memory limit the pandas comparison also runs hubcensus under (128MB runs out)

# -- child code ----------------------------------------------------------------------------------
# Each is run by `measure` in a fresh interpreter; results other than time and RSS go to a JSON file.

INGEST = """
from hubcensus.cli import main
assert main(["ingest", {src!r}, "--db", {db!r}, "--no-enrich"]) == 0
"""

ENRICH = """
from hubcensus.cli import main
assert main(["enrich", "--db", {db!r}]) == 0
"""

METRICS = """
import json, time
from pathlib import Path
from hubcensus.engines.open import open_engine
from hubcensus.metrics.run import compute_metrics
from hubcensus.metrics.base import REGISTRY
from hubcensus.output import dumps
specs = {specs!r}
chosen = [m for m in REGISTRY.values() if m.spec in specs] if specs else None
assert specs is None or len(chosen) == len(specs), (specs, [m.spec for m in chosen])
marks = []
class Marks:  # a hubcensus.progress.Progress: each metric's note ("C1 download_concentration") marks its start
    def stage(self, name, total=None): pass
    def advance(self, n=1): pass
    def note(self, text): marks.append((text.split()[0], time.perf_counter()))
t0 = time.perf_counter()
with open_engine(Path({db!r})) as engine:
    docs = compute_metrics(engine, chosen, progress=Marks())
    text = dumps(docs)  # what `metric --all --json` prints
end = time.perf_counter()
per = {{s: (marks[i + 1][1] if i + 1 < len(marks) else end) - t for i, (s, t) in enumerate(marks)}}
Path({out!r}).write_text(json.dumps({{"compute": end - t0, "per_metric": per, "headlines": {{d["spec"]: d["headline"] for d in docs}}}}, default=str))
"""

REPORT = """
from pathlib import Path
from hubcensus.engines.open import open_engine
from hubcensus.metrics.run import compute_report_documents
from hubcensus.report import build_report
with open_engine(Path({db!r})) as engine:
    build_report(compute_report_documents(engine), Path({out!r}))
"""

HAND = """
import json, time, duckdb
from pathlib import Path
t0 = time.perf_counter()
con = duckdb.connect({db!r}, read_only=True)
con.execute("SET memory_limit = '{mem}'")
con.execute("SET enable_progress_bar = false")
rows = con.execute({sql!r}).fetchall()
Path({out!r}).write_text(json.dumps({{"compute": time.perf_counter() - t0, "rows": rows}}, default=str))
"""

# A notebook: read the snapshot's parquet with pandas (only the columns it needs), then groupby/merge.
# It follows the metric definitions (concentration.py, geography.py, growth.py, enrich/registry.py) to the letter.
PANDAS = r"""
import json, time
from pathlib import Path
import numpy as np
import pandas as pd
t0 = time.perf_counter()
snap = Path({snap!r})

def namespace(df):
    # the ingest's rule: `author`, else the part of the id before '/'
    miss = df["author"].isna() & df["id"].str.contains("/", regex=False)
    if miss.any():
        df.loc[miss, "author"] = df.loc[miss, "id"].str.split("/", n=1).str[0]
    return df

models = namespace(pd.read_parquet(snap / "models.parquet", columns=["id", "author", "createdAt", "downloads", "downloadsAllTime"]))
datasets = namespace(pd.read_parquet(snap / "datasets.parquet", columns=["id", "author", "createdAt"]))
spaces = namespace(pd.read_parquet(snap / "spaces.parquet", columns=["id", "author", "createdAt"]))
for name, df in (("models", models), ("datasets", datasets), ("spaces", spaces)):
    assert df["id"].is_unique, f"{{name}}: duplicate ids (hubcensus's ingest would keep one; this notebook does not)"
out = {{}}

# G1: repos present in the snapshot with a createdAt; authors: distinct namespaces owning one
g1 = {{k: int(df["createdAt"].notna().sum()) for k, df in (("models", models), ("datasets", datasets), ("spaces", spaces))}}
owners = pd.concat([df.loc[df["createdAt"].notna(), "author"] for df in (models, datasets, spaces)])
g1["authors"] = int(owners.dropna().nunique())
out["G1"] = g1

# C1: downloadsAllTime when the snapshot carries it for any model, else the 30-day count; missing = 0
field = "downloadsAllTime" if models["downloadsAllTime"].notna().any() else "downloads"
d = models[field].fillna(0).astype("int64").to_numpy()
n, total = len(d), int(d.sum())
k = max(1, round(n * 0.0001))
asc = np.sort(d)
desc = asc[::-1]
ranks = np.arange(1, n + 1, dtype="float64")
out["C1"] = {{
    "models": n, "downloads_field": field,
    "share_under_200": float((d < 200).sum() / n),
    "top_200_share": float(desc[:200].sum() / total),
    "top_0_01pct_share": float(desc[:k].sum() / total),
    "gini": float(2 * (ranks * asc).sum() / (n * total) - (n + 1) / n),
}}

# GEO1: the namespace's country from the shipped registry (exact match, else a case-insensitive one that is
# unique); not in the registry: an individual (type 'user') is "no clear base", anything else unattributed.
reg = pd.read_csv({registry!r}, dtype=str, keep_default_na=False)  # keep_default_na: "NA" is Namibia, not NaN
reg = reg.apply(lambda c: c.str.strip())
reg["lower"] = reg["author"].str.lower()
ci = reg[~reg["lower"].duplicated(keep=False)].set_index("lower")
exact = reg.set_index("author")
people = pd.read_parquet(snap / "authors.parquet", columns=["name", "type"])
people = people.assign(is_org=people["type"].map({{"org": True, "user": False}})).groupby("name")["is_org"].agg(
    lambda s: None if s.isna().all() else bool(s.fillna(False).any()))
papers = pd.read_parquet(snap / "daily_papers.parquet", columns=["paper_organization"])
paper_orgs = set(o["name"] for o in papers["paper_organization"].dropna() if o.get("name"))
ns = pd.Series(models["author"].dropna().unique())
frame = pd.DataFrame({{"ns": ns}})
lower = frame["ns"].str.lower()
in_exact = frame["ns"].isin(exact.index)
frame["in_reg"] = in_exact | lower.isin(ci.index)
frame["country"] = frame["ns"].map(exact["country"]).where(in_exact, lower.map(ci["country"]))
is_org = frame["ns"].map(people)
is_org = is_org.where(~frame["ns"].isin(paper_orgs), True)
NO_BASE = "international / no clear base"
frame["label"] = np.where(frame["in_reg"], np.where(frame["country"].fillna("") != "", frame["country"], NO_BASE),
                          np.where(is_org.eq(False), NO_BASE, "unattributed"))
m = models[["author"]].assign(d=d).merge(frame[["ns", "label"]], left_on="author", right_on="ns", how="left")
m["label"] = m["label"].fillna("unattributed")
g = m.groupby("label")["d"].agg(["sum", "size"]).reset_index()
total_g = int(g["sum"].sum())
share = dict(zip(g["label"], g["sum"] / total_g))
countries = g[~g["label"].isin([NO_BASE, "unattributed"]) & (g["sum"] > 0)].sort_values(["sum", "label"], ascending=[False, True])
out["GEO1"] = {{
    "downloads_field": field, "models": int(g["size"].sum()), "total_downloads": total_g,
    "top_countries": list(countries["label"][:5]),
    **{{f"{{c.lower()}}_share": float(share.get(c, 0.0)) for c in ("US", "CN", "GB", "DE", "FR")}},
    "no_base_share": float(share.get(NO_BASE, 0.0)), "unattributed_share": float(share.get("unattributed", 0.0)),
}}
Path({out!r}).write_text(json.dumps({{"compute": time.perf_counter() - t0, "headlines": out}}))
"""

# -- hand-written DuckDB for the heaviest metrics -----------------------------------------------------
# Each is the least a user would write against the store to get the metric's main headline figure, with
# the same definition (a single, complete, newest snapshot). Keyed by SPEC id; `check` compares its first
# row against hubcensus's headline.
# The hand queries read the newest snapshot's `repo_stats` rows directly (the bench's store holds one snapshot,
# so that is every model present), where hubcensus takes each repo's latest statistics row up to as-of.


def _lit(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


def _values(rows: list[tuple[str, ...]], cols: str) -> str:
    return "(VALUES " + ", ".join("(" + ", ".join(_lit(v) for v in r) + ")" for r in rows) + f") v({cols})"


NEWEST = "(SELECT max(snapshot_id) FROM snapshots)"


def _present(kind: str, cols: str) -> str:
    return (
        f"(SELECT {cols} FROM repos r JOIN repo_stats s ON s.kind = '{kind}' AND s.repo_id = r.repo_id "
        f"AND s.snapshot_id = {NEWEST} AND NOT s.deleted WHERE r.kind = '{kind}')"
    )


def _close(pairs: list[tuple[str, Any, Any]]) -> str:
    bad = [f"{k}: hubcensus {a!r}, hand {b!r}" for k, a, b in pairs if not same(a, b)]
    return "; ".join(bad)


def hand_c1() -> dict[str, Any]:
    sql = f"""
        WITH m AS (SELECT COALESCE(downloads_all_time, 0) AS d FROM repo_stats
                   WHERE kind = 'model' AND snapshot_id = {NEWEST} AND NOT deleted),
        r AS (SELECT d, row_number() OVER (ORDER BY d DESC) AS rk, count(*) OVER () AS n FROM m)
        SELECT count(*) AS n, sum(d) AS total, count(*) FILTER (WHERE d < 200) AS under_200,
               sum(d) FILTER (WHERE rk <= 200) AS top_200,
               sum(d) FILTER (WHERE rk <= greatest(1, round(n * 0.0001))) AS top_k,
               sum(CAST(n + 1 - rk AS DOUBLE) * d) AS weighted
        FROM r
    """

    def check(h: dict[str, Any], rows: list) -> str:
        n, total, under, top200, topk, w = rows[0]
        n, total = int(n), int(total)
        return _close(
            [
                ("share_under_200", h["share_under_200"], int(under) / n),
                ("top_200_share", h["top_200_share"], int(top200) / total),
                ("top_0_01pct_share", h["top_0_01pct_share"], int(topk) / total),
                ("gini", h["gini"], 2 * float(w) / (n * total) - (n + 1) / n),
            ]
        )

    return {"sql": sql, "check": check, "what": "counts, one window; no Lorenz curve"}


def hand_d1() -> dict[str, Any]:
    from hubcensus.metrics.derivatives import GROUPS, HEADLINE_FAMILIES, NAMED_FAMILIES

    ns = "COALESCE({a}, NULLIF(regexp_extract({i}, '^([^/]+)/', 1), ''), '(no namespace)')"
    fam_case = " ".join(
        f"WHEN root_ns IN ({', '.join(_lit(x) for x in spaces)}) AND regexp_matches(lower(root_id), '(^|[^a-z0-9]){w}') THEN '{w}'"
        for w, _, spaces in NAMED_FAMILIES
        if w in HEADLINE_FAMILIES
    )
    words = [w for w, _, _ in NAMED_FAMILIES if w in HEADLINE_FAMILIES]
    flags = ", ".join(f"bool_or(regexp_matches(t, '(^|[^a-z0-9]){w}')) AS {w}" for w in words)
    by_name = " UNION ALL ".join(f"SELECT 'by_name:{w}', count(*) FILTER (WHERE {w}) FROM flags" for w in words)
    sql = f"""
        WITH alive AS {_present("model", f"r.repo_id, r.tags, {ns.format(a='r.author', i='r.repo_id')} AS ns")},
        fam AS (SELECT f.model_id, f.root_id FROM model_families f JOIN alive a ON a.repo_id = f.model_id WHERE f.depth >= 1),
        roots AS (
            SELECT DISTINCT f.root_id, {ns.format(a="r.author", i="f.root_id")} AS root_ns
            FROM fam f LEFT JOIN repos r ON r.kind = 'model' AND r.repo_id = f.root_id
        ),
        ci AS (SELECT lower(author) AS la, max(organisation) AS org, max(parent_company) AS parent FROM organisations
               GROUP BY 1 HAVING count(*) = 1),
        dev AS (
            SELECT rt.root_id, rt.root_ns, COALESCE(a.parent_company, a.organisation, ci.parent, ci.org, rt.root_ns) AS developer,
                   CASE {fam_case} END AS family
            FROM roots rt LEFT JOIN author_attribution a ON a.author = rt.root_ns LEFT JOIN ci ON ci.la = lower(rt.root_ns)
        ),
        per_dev AS (SELECT developer, count(DISTINCT model_id) AS n FROM fam JOIN dev USING (root_id) GROUP BY 1),
        flags AS (
            SELECT repo_id, {flags} FROM (
                SELECT repo_id, lower(repo_id) AS t FROM alive UNION ALL SELECT repo_id, lower(unnest(tags)) AS t FROM alive
            ) x WHERE {" OR ".join(f"t LIKE '%{w}%'" for w in words)} GROUP BY repo_id
        )
        SELECT 'developer:' || developer, n FROM per_dev WHERE developer IN ({", ".join(_lit(g) for g in GROUPS.values())})
        UNION ALL (SELECT 'top:' || developer, n FROM per_dev ORDER BY n DESC, developer LIMIT 1)
        UNION ALL SELECT 'lineage:' || family, count(DISTINCT model_id) FROM fam JOIN dev USING (root_id) WHERE family IS NOT NULL GROUP BY family
        UNION ALL {by_name}
        UNION ALL SELECT 'derivatives', count(*) FROM alive WHERE repo_id IN (SELECT child_id FROM lineage)
    """

    def check(h: dict[str, Any], rows: list) -> str:
        got = {k: int(v) for k, v in rows}
        top = next(k for k in got if k.startswith("top:"))
        pairs = [
            ("derivatives", h["derivatives"], got["derivatives"]),
            ("top_developer", h["top_developer"], top[4:]),
            ("top_developer_lineage", h["top_developer_lineage"], got[top]),
        ]
        pairs += [(f"{s}_lineage", h[f"{s}_lineage"], got.get(f"developer:{g}", 0)) for s, g in GROUPS.items()]
        pairs += [(f"{w}_lineage", h[f"{w}_lineage"], got.get(f"lineage:{w}", 0)) for w in words]
        pairs += [(f"{w}_by_name", h[f"{w}_by_name"], got.get(f"by_name:{w}", 0)) for w in words]
        return _close(pairs)

    return {"sql": sql, "check": check, "what": "lineage by developer, families, by name"}


def hand_c2() -> dict[str, Any]:
    from hubcensus.metrics.communities import (
        DOMAINS,
        LANGUAGES,
        LASTING_MIN,
        MIN_MODELS,
        MODEST_MAX,
        OLD_DAYS,
        REUSE_MIN,
    )

    langs = ", ".join(_lit(c) for c in LANGUAGES)
    domains = _values([(d, t) for d, tags in DOMAINS for t in tags], "community, tag")
    sql = f"""
        WITH pm AS {_present("model", "r.repo_id, r.created_at, r.pipeline_tag, r.tags")},
        pd AS {_present("dataset", "r.repo_id, r.tags")},
        rt AS (SELECT 'model' AS kind, repo_id, unnest(tags) AS tag FROM pm UNION ALL SELECT 'dataset', repo_id, unnest(tags) FROM pd),
        mem AS MATERIALIZED (
            SELECT DISTINCT 'language' AS ctype, regexp_replace(tag, '^language:', '') AS community, kind, repo_id
            FROM rt WHERE regexp_replace(tag, '^language:', '') IN ({langs})
            UNION ALL SELECT DISTINCT 'domain', v.community, kind, repo_id FROM rt JOIN {domains} ON v.tag = lower(rt.tag)
            UNION ALL SELECT DISTINCT 'task', pipeline_tag, 'model', repo_id FROM pm WHERE pipeline_tag IS NOT NULL
            UNION ALL SELECT DISTINCT 'task', substr(tag, 17), 'dataset', repo_id FROM rt WHERE kind = 'dataset' AND tag LIKE 'task_categories:%'
        ),
        counted AS (SELECT ctype, community FROM mem GROUP BY ALL HAVING count(*) FILTER (WHERE kind = 'model') >= {MIN_MODELS}),
        mm AS MATERIALIZED (SELECT ctype, community, repo_id FROM mem JOIN counted USING (ctype, community) WHERE kind = 'model'),
        per AS (SELECT repo_id, count(*) AS n, count(DISTINCT ctype) AS types FROM mm GROUP BY repo_id),
        reuse AS (
            SELECT ctype, community, count(DISTINCT l.child_id) AS derivatives, count(DISTINCT l.parent_id) AS bases
            FROM mm JOIN lineage l ON l.parent_id = mm.repo_id JOIN pm c ON c.repo_id = l.child_id GROUP BY ALL
        ),
        -- one snapshot: a month's downloads are its 30-day counts
        dl AS (SELECT repo_id, COALESCE(downloads_30d, 0) AS d FROM repo_stats WHERE kind = 'model' AND snapshot_id = {NEWEST} AND NOT deleted),
        eng AS (
            SELECT ctype, community, sum(d) AS downloads,
                   sum(d) FILTER (WHERE pm.created_at < CAST((SELECT max(taken_at) FROM snapshots) - INTERVAL {OLD_DAYS} DAY AS TIMESTAMP)) AS old
            FROM mm JOIN dl USING (repo_id) JOIN pm USING (repo_id) GROUP BY ALL
        )
        SELECT 'overlap' AS ctype, NULL AS community, count(*), count(*) FILTER (WHERE n >= 2), count(*) FILTER (WHERE types >= 2), NULL, NULL
        FROM per
        UNION ALL SELECT 'hub', NULL, sum(d), NULL, NULL, NULL, NULL FROM dl
        UNION ALL
        SELECT c.ctype, c.community, r.derivatives, r.bases, e.downloads, e.old, NULL
        FROM counted c LEFT JOIN reuse r USING (ctype, community) LEFT JOIN eng e USING (ctype, community)
    """

    def check(h: dict[str, Any], rows: list) -> str:
        [ov] = [r for r in rows if r[0] == "overlap"]
        [hub] = [r for r in rows if r[0] == "hub"]
        comm = [r for r in rows if r[0] not in ("overlap", "hub")]
        total = int(hub[2] or 0)
        sustained = modest = both = 0
        for _, _, der, bases, downloads, old, _ in comm:
            per_base = int(der or 0) / int(bases) if bases else None
            lasting = int(old or 0) / int(downloads) if downloads else None
            dshare = int(downloads or 0) / total if total else None
            s_ = per_base is not None and per_base >= REUSE_MIN and lasting is not None and lasting >= LASTING_MIN
            m_ = dshare is not None and 0 < dshare < MODEST_MAX
            sustained, modest, both = sustained + s_, modest + m_, both + (s_ and m_)
        n = int(ov[2])
        return _close(
            [
                ("communities", h["communities"], len(comm)),
                *(
                    (f"{t}_communities", h[f"{t}_communities"], sum(1 for r in comm if r[0] == t))
                    for t in ("language", "domain", "task")
                ),
                ("models_in_communities", h["models_in_communities"], n),
                ("multi_community_share", h["multi_community_share"], int(ov[3]) / n),
                ("cross_type_share", h["cross_type_share"], int(ov[4]) / n),
                ("sustained_communities", h["sustained_communities"], sustained),
                ("modest_communities", h["modest_communities"], modest),
                ("sustained_modest_communities", h["sustained_modest_communities"], both),
            ]
        )

    return {"sql": sql, "check": check, "what": "membership once; sizes, reuse, engagement"}


def hand_h1() -> dict[str, Any]:
    from hubcensus.metrics.hardware import KERNEL_HUB, KERNEL_LIBRARIES, KERNEL_TAGS, KERNELS_COMMUNITY, TARGETS
    from hubcensus.metrics.sql import year_windows

    table = _values(
        [(t, "tag", v) for t, _, tags, _ in TARGETS for v in tags]
        + [(t, "library", v) for t, _, _, libs in TARGETS for v in libs]
        + [(KERNEL_HUB, "tag", v) for v in KERNEL_TAGS]
        + [(KERNEL_HUB, "library", v) for v in KERNEL_LIBRARIES],
        "target, src, value",
    )
    sql_tmpl = f"""
        WITH m AS {_present("model", "r.repo_id, r.author, r.created_at, lower(r.library_name) AS lib, r.tags")},
        hits AS (
            SELECT v.target, x.repo_id, x.created_at FROM (SELECT repo_id, created_at, lower(unnest(tags)) AS tag FROM m) x
            JOIN {table} ON v.src = 'tag' AND v.value = x.tag
            UNION SELECT v.target, m.repo_id, m.created_at FROM m JOIN {table} ON v.src = 'library' AND v.value = m.lib
            UNION SELECT '{KERNEL_HUB}', repo_id, created_at FROM m WHERE author = '{KERNELS_COMMUNITY}'
        ),
        last AS (SELECT * FROM hits WHERE created_at >= TIMESTAMP '{{lo}}' AND created_at < TIMESTAMP '{{hi}}')
        SELECT target, count(*) FROM last GROUP BY target
        UNION ALL SELECT 'any', count(DISTINCT repo_id) FROM last WHERE target <> '{KERNEL_HUB}'
    """

    def make(as_of: Any) -> str:
        _, lo, hi = year_windows(as_of)
        return sql_tmpl.format(lo=lo.isoformat(), hi=hi.isoformat())

    def check(h: dict[str, Any], rows: list) -> str:
        got = {k: int(v) for k, v in rows}
        pairs = [(f"{t}_last_12m", h[f"{t}_last_12m"], got.get(t, 0)) for t, *_ in TARGETS]
        return _close(
            pairs
            + [
                ("any_target_last_12m", h["any_target_last_12m"], got.get("any", 0)),
                ("kernel_repos_last_12m", h["kernel_repos_last_12m"], got.get(KERNEL_HUB, 0)),
            ]
        )

    return {"sql": make, "check": check, "what": "tag/library matches, last 12 months"}


def hand_s2() -> dict[str, Any]:
    from hubcensus.metrics.communities import SCIENCE, word_regex
    from hubcensus.metrics.sql import year_windows

    tag_table = _values([(key, t.lower()) for key, _, tags, _ in SCIENCE for t in tags], "domain, tag")
    by_id = " UNION ".join(
        f"SELECT {_lit(key)} AS domain, kind, repo_id, created_at FROM pr WHERE regexp_matches(lower(repo_id), {_lit(word_regex(stems))})"
        for key, _, _, stems in SCIENCE
    )
    cols = "r.repo_id, r.created_at, r.tags"
    sql_tmpl = f"""
        WITH pr AS (
            SELECT 'model' AS kind, * FROM {_present("model", cols)} pm
            UNION ALL SELECT 'dataset' AS kind, * FROM {_present("dataset", cols)} pd
        ),
        hits AS (
            SELECT v.domain, x.kind, x.repo_id, x.created_at
            FROM (SELECT kind, repo_id, created_at, lower(unnest(tags)) AS tag FROM pr) x JOIN {tag_table} ON v.tag = x.tag
            UNION {by_id}
        )
        SELECT count(*) FILTER (WHERE created_at >= TIMESTAMP '{{lo}}' AND created_at < TIMESTAMP '{{hi}}') AS last_12m,
               count(*) FILTER (WHERE created_at >= TIMESTAMP '{{prior}}' AND created_at < TIMESTAMP '{{lo}}') AS prior_12m
        FROM hits
    """

    def make(as_of: Any) -> str:
        prior, lo, hi = year_windows(as_of)
        return sql_tmpl.format(prior=prior.isoformat(), lo=lo.isoformat(), hi=hi.isoformat())

    def check(h: dict[str, Any], rows: list) -> str:
        last, prior = rows[0]
        return _close(
            [
                ("releases_last_12m", h["releases_last_12m"], int(last)),
                ("releases_prior_12m", h["releases_prior_12m"], int(prior)),
            ]
        )

    return {"sql": make, "check": check, "what": "tag and id-keyword matches per domain, two 12-month windows"}


def hand_a1() -> dict[str, Any]:
    import statistics

    from hubcensus.enrich.sizes import size_bucket_sql
    from hubcensus.metrics.adoption import AGES, BUCKET_KEYS, FLOOR, SIZES_SQL

    age_case = " ".join(f"WHEN days >= {d} THEN '{d}'" for d in reversed(AGES))
    sql = f"""
        WITH m AS {_present("model", "r.repo_id, r.created_at, COALESCE(s.downloads_all_time, 0) AS d")},
        sized AS (
            SELECT m.*, {size_bucket_sql("z.params")} AS bucket,
                   date_diff('day', CAST(m.created_at AS DATE), (SELECT max(taken_at) FROM snapshots)) AS days
            FROM m JOIN {SIZES_SQL} z ON z.repo_id = m.repo_id
        ),
        pool AS (
            SELECT bucket, 'all' AS age, d FROM sized
            UNION ALL SELECT bucket, CASE {age_case} END, d FROM sized WHERE created_at > {FLOOR}
        ),
        top AS (SELECT bucket, age, d, row_number() OVER (PARTITION BY bucket, age ORDER BY d DESC) AS rk FROM pool)
        SELECT bucket, age, list(d ORDER BY rk) FROM top WHERE rk <= 10 AND age IS NOT NULL GROUP BY 1, 2
        UNION ALL SELECT 'count', CAST(count(*) AS VARCHAR), [count(z.repo_id)] FROM m LEFT JOIN {SIZES_SQL} z ON z.repo_id = m.repo_id
    """

    def check(h: dict[str, Any], rows: list) -> str:
        top = {(b, a): [int(x) for x in v] for b, a, v in rows if b != "count"}
        [(_, models, [n_sized])] = [r for r in rows if r[0] == "count"]
        med = lambda b, a="all": float(statistics.median(top[(b, a)])) if (b, a) in top else None  # noqa: E731
        tenth = lambda b, a="all": float(top[(b, a)][9]) if len(top.get((b, a), [])) >= 10 else None  # noqa: E731
        ratio = lambda x, y: x / y if x is not None and y else None  # noqa: E731
        pairs = [
            ("models_sized", h["models_sized"], int(n_sized)),
            ("models_unsized", h["models_unsized"], int(models) - int(n_sized)),
        ]
        pairs += [(f"median_top10_{k}", h[f"median_top10_{k}"], med(b)) for b, k in BUCKET_KEYS.items()]
        pairs += [
            ("tenth_1_9b", h["tenth_1_9b"], tenth("1-9B")),
            ("tenth_ge100b", h["tenth_ge100b"], tenth(">=100B")),
            ("ratio_1_9b_over_ge100b", h["ratio_1_9b_over_ge100b"], ratio(med("1-9B"), med(">=100B"))),
            ("ratio_1_9b_over_ge100b_v2", h["ratio_1_9b_over_ge100b_v2"], ratio(tenth("1-9B"), tenth(">=100B"))),
            (
                "ratio_1_9b_over_ge100b_at_90d",
                h["ratio_1_9b_over_ge100b_at_90d"],
                ratio(med("1-9B", "90"), med(">=100B", "90")),
            ),
            (
                "ratio_1_9b_over_ge100b_at_365d",
                h["ratio_1_9b_over_ge100b_at_365d"],
                ratio(med("1-9B", "365"), med(">=100B", "365")),
            ),
        ]
        return _close(pairs)

    return {"sql": sql, "check": check, "what": "sizes, one ROW_NUMBER per (bucket, age) group, cross-sectional"}


def hand_geo4() -> dict[str, Any]:
    from hubcensus.metrics.derivatives import REDISTRIBUTOR_NOTE

    ns = "COALESCE({a}, NULLIF(regexp_extract({i}, '^([^/]+)/', 1), ''), '(no namespace)')"
    sql = f"""
        WITH m AS {_present("model", f"r.repo_id, {ns.format(a='r.author', i='r.repo_id')} AS ns, COALESCE(s.downloads_all_time, 0) AS d, COALESCE(s.downloads_30d, 0) AS d30")},
        red AS (SELECT DISTINCT lower(author) AS la FROM organisations WHERE regexp_matches(lower(COALESCE(note, '')), '{REDISTRIBUTOR_NOTE}')),
        ci AS (SELECT lower(author) AS la, max(organisation) AS org, max(parent_company) AS parent FROM organisations
               GROUP BY 1 HAVING count(*) = 1),
        e AS (
            SELECT l.child_id, l.relation, m.ns AS cns, {ns.format(a="p.author", i="l.parent_id")} AS pns
            FROM lineage l JOIN m ON m.repo_id = l.child_id LEFT JOIN repos p ON p.kind = 'model' AND p.repo_id = l.parent_id
            WHERE l.relation IN ('quantized', 'adapter')
        ),
        devs AS (
            SELECT n.ns, COALESCE(a.parent_company, a.organisation, ci.parent, ci.org, n.ns) AS developer
            FROM (SELECT cns AS ns FROM e UNION SELECT pns FROM e) n
            LEFT JOIN author_attribution a ON a.author = n.ns LEFT JOIN ci ON ci.la = lower(n.ns)
        ),
        x AS (
            SELECT e.child_id, bool_or(e.relation = 'quantized') AS q, bool_or(e.relation = 'adapter') AS ad
            FROM e JOIN devs dc ON dc.ns = e.cns JOIN devs dp ON dp.ns = e.pns WHERE dc.developer <> dp.developer GROUP BY 1
        ),
        k AS (
            SELECT m.*, CASE WHEN red.la IS NOT NULL THEN 'redistributor' WHEN x.q THEN 'quantized' WHEN x.ad THEN 'adapter' END AS kind
            FROM m LEFT JOIN red ON red.la = lower(m.ns) LEFT JOIN x ON x.child_id = m.repo_id
        ),
        top AS (SELECT ns, sum(d) AS d FROM k WHERE kind IS NOT NULL GROUP BY ns ORDER BY d DESC, ns LIMIT 1)
        SELECT sum(d) FILTER (WHERE kind IS NOT NULL), sum(d30) FILTER (WHERE kind IS NOT NULL),
               sum(d) FILTER (WHERE kind = 'quantized'), sum(d) FILTER (WHERE kind = 'adapter'),
               sum(d) FILTER (WHERE kind = 'redistributor'), sum(d), sum(d30),
               count(*) FILTER (WHERE kind IS NOT NULL), count(DISTINCT ns) FILTER (WHERE kind IS NOT NULL),
               (SELECT ns FROM top), (SELECT d FROM top)
        FROM k
    """

    def check(h: dict[str, Any], rows: list) -> str:
        inter, inter30, quant, adapt, redis, total, total30, repos, names, top, top_d = rows[0]
        f = lambda v, w: int(v or 0) / int(w)  # noqa: E731
        return _close(
            [
                ("intermediary_share", h["intermediary_share"], f(inter, total)),
                ("intermediary_share_30d", h["intermediary_share_30d"], f(inter30, total30)),
                ("quantized_share", h["quantized_share"], f(quant, total)),
                ("adapter_share", h["adapter_share"], f(adapt, total)),
                ("redistributor_share", h["redistributor_share"], f(redis, total)),
                ("intermediary_repos", h["intermediary_repos"], int(repos)),
                ("intermediaries", h["intermediaries"], int(names)),
                ("top_intermediary", h["top_intermediary"], top),
                ("top_intermediary_share", h["top_intermediary_share"], f(top_d, total)),
            ]
        )

    return {"sql": sql, "check": check, "what": "intermediary kinds per model, shares of downloads"}


HAND_SQL: dict[str, Any] = {
    "A1": hand_a1,
    "C1": hand_c1,
    "C2": hand_c2,
    "D1": hand_d1,
    "GEO4": hand_geo4,
    "H1": hand_h1,
    "S2": hand_s2,
}


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def gib(b: float) -> str:
    return f"{b / GIB:.2f} GiB"


def secs(s: float) -> str:
    return f"{s:.1f} s"


def stage_rows(label: str, figures: dict[str, dict[str, float]], targets: dict[str, float | None], full: bool) -> None:
    print(f"\n{label}")
    for name, fig in figures.items():
        t = targets.get(name)
        print(
            fmt_row(
                name,
                secs(fig["seconds"]),
                f"< {t:g} s" if t and full else "",
                (fig["seconds"] < t) if t and full else None,
            )
        )
        print(fmt_row("  peak RSS", gib(fig["peak_rss"]), "< 4 GiB", fig["peak_rss"] < RSS_TARGET))


def pipeline(work: Path, src: Path, tag: str, env: dict[str, str], report: bool = True) -> dict[str, dict[str, Any]]:
    """Ingest, enrich, all metrics (and report) of `src` into a fresh store; each stage in its own process."""
    db = work / f"store-{tag}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    out: dict[str, dict[str, Any]] = {}
    out["ingest"] = measure(INGEST.format(src=str(src), db=str(db)), env)
    out["ingest"]["size"] = db.stat().st_size
    out["enrich"] = measure(ENRICH.format(db=str(db)), env)
    out["enrich"]["size"] = db.stat().st_size
    res = work / f"metrics-{tag}.json"
    out["all metrics"] = measure(METRICS.format(db=str(db), specs=None, out=str(res)), env)
    out["all metrics"].update(read(res))
    if report:
        folder = work / f"report-{tag}"
        shutil.rmtree(folder, ignore_errors=True)
        out["report"] = measure(REPORT.format(db=str(db), out=str(folder)), env)
    out["db"] = {"path": str(db)}
    return out


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-5, abs_tol=1e-9)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def compare(ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]) -> list[str]:
    """Every figure the notebook computed, beside hubcensus's; the ones that differ."""
    bad = []
    for spec, figs in theirs.items():
        for key, val in figs.items():
            if not same(ours[spec].get(key), val):
                bad.append(f"{spec}.{key}: hubcensus {ours[spec].get(key)!r}, pandas {val!r}")
    return bad


def build_series(work: Path, scale: float, n: int, env: dict[str, str]) -> tuple[Path, Path, dict[str, Any], str]:
    """The store of `n` monthly snapshots, ingested and enriched; kept in `work` with its figures and reused."""
    series_hub = generate(work, scale, n)
    sdb = work / f"series-{series_hub.name}.duckdb"
    meta = work / f"series-{series_hub.name}.json"
    if meta.exists() and sdb.exists():
        return series_hub, sdb, read(meta), " (store, its ingest and enrich figures from an earlier run, reused)"
    sdb.unlink(missing_ok=True)
    built = {"ingest": measure(INGEST.format(src=str(series_hub), db=str(sdb)), env)}
    built["ingest"]["size"] = sdb.stat().st_size
    built["enrich"] = measure(ENRICH.format(db=str(sdb)), env)
    built["enrich"]["size"] = sdb.stat().st_size
    meta.write_text(json.dumps(built))
    return series_hub, sdb, built, ""


def growth(work: Path, scale: float, fractions: list[float], one: dict[str, Any], env: dict[str, str]) -> None:
    """Ingest, enrich, all metrics at each fraction of `scale` (1.0 is `one`, already measured); a row as each ends."""
    stages = ("ingest", "enrich", "all metrics")
    print(f"\n5. Cost with scale (one snapshot each; 100% = {scale:g}x Hub scale):")
    print(f"  {'scale':>6} " + " ".join(f"{s + ' s':>13} {'RSS GiB':>8}" for s in stages), flush=True)
    points: list[tuple[float, dict[str, Any]]] = []
    for f in fractions:
        if f == 1:
            res = one
        else:
            g = generate(work, scale * f, 1)
            [gsnap] = sorted(p for p in g.iterdir() if p.is_dir())
            res = pipeline(work, gsnap, f"growth-{g.name}", env, report=False)
            Path(res["db"]["path"]).unlink(missing_ok=True)  # the big ones take disk space; the figures are kept
        points.append((f, res))
        print(
            f"  {f * 100:>5.0f}% "
            + " ".join(f"{res[s]['seconds']:>13.1f} {res[s]['peak_rss'] / GIB:>8.2f}" for s in stages),
            flush=True,
        )
    if len(points) < 2:
        return
    xs = [math.log2(f) for f, _ in points]
    print("  growth per doubling (power-law fit over the points; 2.0x = linear):")
    for s in stages:
        for what in ("seconds", "peak_rss"):
            ys = [math.log2(res[s][what]) for _, res in points]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            print(f"    {s:<12} {'time' if what == 'seconds' else 'peak RSS':<9} {2**slope:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of Hub scale (default 1.0)")
    ap.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hubcensus-bench",
        help="where inputs, stores and reports go",
    )
    ap.add_argument(
        "--series", type=int, default=0, help="also ingest this many monthly snapshots: size, series metrics, report"
    )
    ap.add_argument(
        "--growth", action="store_true", help="also time ingest, enrich, metrics at 10%%, 30%%, 100%%, 200%% of --scale"
    )
    ap.add_argument(
        "--growth-at",
        default=",".join(f"{f:g}" for f in GROWTH),
        help="the fractions of --scale --growth measures (default %(default)s)",
    )
    ap.add_argument("--skip-pandas", action="store_true", help="leave out the comparison with a pandas notebook")
    ap.add_argument(
        "--hand",
        help="compare these metrics (SPEC ids, comma-separated) with hand-written SQL instead of the three heaviest",
    )
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {"HUBCENSUS_MEMORY_LIMIT": os.environ.get("HUBCENSUS_MEMORY_LIMIT", "2GB")}
    full = args.scale == 1
    print(
        f"hubcensus bench_scale: --scale {args.scale:g}, {os.cpu_count()} cores, memory limit {env['HUBCENSUS_MEMORY_LIMIT']}, "
        f"work {args.work} (shared machine: timings are noisy)",
        flush=True,
    )

    # 1. one snapshot, stage by stage --------------------------------------------------------------
    hub = generate(args.work, args.scale, 1)
    [snap] = sorted(p for p in hub.iterdir() if p.is_dir())
    one = pipeline(args.work, snap, f"one-{hub.name}", env)
    db = Path(one["db"]["path"])
    heads = one["all metrics"]["headlines"]
    stage_rows(
        f"1. One snapshot at {args.scale:g}x Hub scale ({heads['G1']['models']:,} models, {heads['G1']['datasets']:,} datasets, "
        f"{heads['G1']['spaces']:,} spaces), each stage in its own process:",
        {k: one[k] for k in ("ingest", "enrich", "all metrics", "report")},
        {"ingest": 60, "enrich": 30, "all metrics": 30, "report": 60},
        full,
    )
    print(fmt_row("  store size (enriched)", gib(one["enrich"]["size"]), "", None))
    per = one["all metrics"]["per_metric"]
    ranked = sorted(per.items(), key=lambda kv: -kv[1])
    print("  per metric, in the all-metrics run (a shared intermediate is charged to the first metric that builds it):")
    print("    " + ", ".join(f"{s} {t:.1f}s" for s, t in ranked))

    # 3. against a pandas notebook -------------------------------------------------------------------
    if not args.skip_pandas:
        registry = Path(__file__).resolve().parents[1] / "src" / "hubcensus" / "enrich" / "data" / "registry.csv"
        pres, hres = args.work / "pandas.json", args.work / "headline-metrics.json"
        theirs = measure(PANDAS.format(snap=str(snap), registry=str(registry), out=str(pres)))
        theirs.update(read(pres))
        ours = measure(METRICS.format(db=str(db), specs=list(HEADLINE_SPECS), out=str(hres)), env)
        ours.update(read(hres))
        bad = compare(ours["headlines"], theirs["headlines"])
        upstream = one["ingest"]["seconds"] + one["enrich"]["seconds"]
        with_ingest = upstream + ours["seconds"]
        peak_all = max(one["ingest"]["peak_rss"], one["enrich"]["peak_rss"], ours["peak_rss"])
        speed, speed_all = theirs["seconds"] / ours["seconds"], theirs["seconds"] / with_ingest
        mem = ours["peak_rss"] / theirs["peak_rss"]
        print(
            f"\n3. Headlines of {', '.join(HEADLINE_SPECS)}: a pandas notebook over the snapshot's parquet vs hubcensus over its store"
        )
        print(fmt_row("pandas read_parquet + groupby/merge", secs(theirs["seconds"]), "(baseline)", None))
        print(fmt_row("  its peak RSS", gib(theirs["peak_rss"]), "", None))
        print(fmt_row("hubcensus, metrics only", secs(ours["seconds"]), "", None))
        print(fmt_row("  speed-up over pandas", f"{speed:.1f}x", ">= 5x", speed >= 5))
        print(fmt_row("  its peak RSS", gib(ours["peak_rss"]), "", None))
        print(fmt_row("  memory vs pandas", f"{mem:.2f}x", "<= 0.25x", mem <= 0.25))
        # The same three under a tight memory limit: what a small machine gets (DuckDB spills past the limit).
        tight = {**env, "HUBCENSUS_MEMORY_LIMIT": LOW_MEMORY}
        low = measure(METRICS.format(db=str(db), specs=list(HEADLINE_SPECS), out=str(hres)), tight)
        low.update(read(hres))
        bad += [f"(memory limit {LOW_MEMORY}) {line}" for line in compare(low["headlines"], theirs["headlines"])]
        print(fmt_row(f"hubcensus, HUBCENSUS_MEMORY_LIMIT={LOW_MEMORY}", secs(low["seconds"]), "", None))
        print(
            fmt_row(
                "  speed-up over pandas",
                f"{theirs['seconds'] / low['seconds']:.1f}x",
                ">= 5x",
                theirs["seconds"] / low["seconds"] >= 5,
            )
        )
        print(fmt_row("  its peak RSS", gib(low["peak_rss"]), "", None))
        low_mem = low["peak_rss"] / theirs["peak_rss"]
        print(fmt_row("  memory vs pandas", f"{low_mem:.2f}x", "<= 0.25x", low_mem <= 0.25))
        print(fmt_row("hubcensus, ingest+enrich+metrics", secs(with_ingest), "", None))
        print(fmt_row("  speed-up over pandas", f"{speed_all:.2f}x", "(info)", None))
        print(fmt_row("  peak RSS of its stages", gib(peak_all), "", None))
        print(fmt_row("  memory vs pandas", f"{peak_all / theirs['peak_rss']:.2f}x", "(info)", None))
        print(fmt_row("in-process compute: pandas", secs(theirs["compute"]), "", None))
        print(fmt_row("in-process compute: hubcensus", secs(ours["compute"]), "", None))
        n = sum(len(v) for v in theirs["headlines"].values())
        print(
            f"  figures compared: {n}; " + ("all equal (floats to 1e-5 relative)" if not bad else f"{len(bad)} DIFFER:")
        )
        for line in bad:
            print("    " + line)
        for spec, figs in theirs["headlines"].items():
            print(
                f"    {spec}: "
                + ", ".join(f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}" for k, v in figs.items())
            )

    # 4. against hand-written DuckDB SQL for the heaviest metrics -------------------------------------
    heaviest = args.hand.split(",") if args.hand else [s for s, _ in ranked[:3]]
    import datetime as dt

    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        as_of = con.execute("SELECT max(taken_at) FROM snapshots").fetchone()[0]
    assert isinstance(as_of, dt.date)
    print(
        f"\n4. {'Chosen' if args.hand else 'The three heaviest'} metrics in the all-metrics run ({', '.join(heaviest)}), each alone in its own process,"
        f" vs a hand-written DuckDB query for its headline (in-process compute time):"
    )
    for spec in heaviest:
        hand = HAND_SQL[spec]() if spec in HAND_SQL else None
        res = args.work / f"alone-{spec}.json"
        alone = measure(METRICS.format(db=str(db), specs=[spec], out=str(res)), env)
        alone.update(read(res))
        print(fmt_row(f"{spec} hubcensus alone", secs(alone["compute"]), f"(process {secs(alone['seconds'])})", None))
        if hand is None:
            print(fmt_row(f"  no hand-written query for {spec}", "", "", None))
            continue
        hres = args.work / f"hand-{spec}.json"
        sql = hand["sql"](as_of) if callable(hand["sql"]) else hand["sql"]
        base = measure(HAND.format(db=str(db), mem=env["HUBCENSUS_MEMORY_LIMIT"], sql=sql, out=str(hres)))
        base.update(read(hres))
        ratio = alone["compute"] / base["compute"]
        print(fmt_row("  hand-written DuckDB", secs(base["compute"]), f"(process {secs(base['seconds'])})", None))
        print(fmt_row("  ratio", f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5))
        bad = hand["check"](alone["headlines"][spec], base["rows"])
        print(f"    hand query: {hand['what']}; same headline: " + ("yes" if not bad else "NO: " + bad))

    # 2. a series of monthly snapshots ---------------------------------------------------------------
    if args.series:
        series_hub, sdb, built, cached = build_series(args.work, args.scale, args.series, env)
        sres = args.work / "series-metrics.json"
        sm = measure(METRICS.format(db=str(sdb), specs=list(SERIES_SPECS), out=str(sres)), env)
        sm.update(read(sres))
        folder = args.work / f"report-series-{series_hub.name}"
        shutil.rmtree(folder, ignore_errors=True)
        rep = measure(REPORT.format(db=str(sdb), out=str(folder)), env)
        k12 = args.series == 12 and full
        print(f"\n2. {args.series} monthly snapshots at {args.scale:g}x Hub scale{cached}:")
        print(
            fmt_row(
                "ingest of the series",
                secs(built["ingest"]["seconds"]),
                f"({built['ingest']['seconds'] / args.series:.1f} s each)",
                None,
            )
        )
        print(
            fmt_row("  peak RSS", gib(built["ingest"]["peak_rss"]), "< 4 GiB", built["ingest"]["peak_rss"] < RSS_TARGET)
        )
        print(
            fmt_row(
                "  store size, ingested",
                gib(built["ingest"]["size"]),
                "< 3 GiB" if k12 else "",
                built["ingest"]["size"] < 3 * GIB if k12 else None,
            )
        )
        print(fmt_row("enrich", secs(built["enrich"]["seconds"]), "", None))
        print(
            fmt_row("  peak RSS", gib(built["enrich"]["peak_rss"]), "< 4 GiB", built["enrich"]["peak_rss"] < RSS_TARGET)
        )
        print(
            fmt_row(
                "  store size, enriched",
                gib(built["enrich"]["size"]),
                "< 3 GiB" if k12 else "",
                built["enrich"]["size"] < 3 * GIB if k12 else None,
            )
        )
        print(
            fmt_row(
                f"series metrics ({len(SERIES_SPECS)})",
                secs(sm["seconds"]),
                "< 120 s" if k12 else "",
                sm["seconds"] < 120 if k12 else None,
            )
        )
        print(fmt_row("  peak RSS", gib(sm["peak_rss"]), "< 4 GiB", sm["peak_rss"] < RSS_TARGET))
        print("    " + ", ".join(f"{s} {t:.1f}s" for s, t in sorted(sm["per_metric"].items(), key=lambda kv: -kv[1])))
        print(
            fmt_row(
                "report over the series",
                secs(rep["seconds"]),
                "< 60 s" if k12 else "",
                rep["seconds"] < 60 if k12 else None,
            )
        )
        print(fmt_row("  peak RSS", gib(rep["peak_rss"]), "< 4 GiB", rep["peak_rss"] < RSS_TARGET))

    # 5. growth with scale -----------------------------------------------------------------------------
    if args.growth:
        growth(args.work, args.scale, [float(x) for x in args.growth_at.split(",")], one, env)
    print(f"\nfinished {time.strftime('%Y-%m-%d %H:%M:%S')}")


if __name__ == "__main__":
    main()
