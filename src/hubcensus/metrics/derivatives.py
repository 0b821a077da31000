"""Chapter: who builds on whom — derivatives per base family (D1) and the intermediaries between
makers and users (GEO4).

Both metrics look at one snapshot: the newest complete one on or before the as-of date (a partial
listing only when no complete one exists, and the metric says so). Lineage is the enriched store's
`lineage` (one edge per child and parent, with a decided relation) and `model_families` (every
model with each root it descends from), so the families are as the newest tags and cards state them.

Who a namespace belongs to follows the registry (`attribution.developer_sql`: `author_attribution`,
else a registry row matched case-insensitively for a namespace the store holds no repo of). A
namespace's *developer* is its organisation's parent company when the registry names one, else its
organisation, else the namespace itself: that is what makes Qwen, Alibaba-NLP and DAMO-NLP-SG one
developer (Alibaba Group) and google and deepmind another (Alphabet). Unattributed namespaces stand
for themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.attribution import (
    NO_NAMESPACE,
    REDISTRIBUTOR_NOTE,
    developer_sql,
    namespace_of,
    redistributors_sql,
)
from hubcensus.metrics.base import Context, Result, Snapshot, metric, share
from hubcensus.metrics.snapshots import LINEAGE_INPUT, alive_def, alive_sql, complete_or_as_of, input_missing
from hubcensus.metrics.sql import COLUMN, date_literal, downloads_field, sql_list, tagged_repos

# A family named by a word: its lineage roots are the roots in its namespaces whose id names the
# word, and "by name" counts every model whose id or any tag names it. "Names" is case-insensitive,
# as a word or a word's prefix: the word preceded by the start of the text or by a character that is
# not a letter or digit (so `Qwen2.5-7B`, `base_model:Qwen/…`, `my-qwen-ft` and the tag `qwen2`
# match; `aqwen` does not; `llama` also matches the architecture tag `llama` that many non-Meta
# models carry — that over-reach is what the by-name count is).
NAMED_FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("qwen", "Qwen", ("Qwen",)),
    ("llama", "Llama", ("meta-llama",)),
    ("deepseek", "DeepSeek", ("deepseek-ai",)),
    ("gemma", "Gemma", ("google",)),
    ("mistral", "Mistral", ("mistralai",)),
)
HEADLINE_FAMILIES = ("qwen", "llama", "deepseek")
# The developers the report compares (registry parent companies).
GROUPS = {"alibaba": "Alibaba Group", "google": "Alphabet", "meta": "Meta Platforms"}
MIN_DOWNLOADS = 5  # ATOM counts a derivative only with more than 5 downloads
R1_RELEASE = dt.date(2025, 1, 20)  # DeepSeek-R1's release: "one year after" is [R1, R1 + R1_YEAR)
R1_YEAR = dt.timedelta(days=365)
TOP_ROWS = 50  # rows: the top 50 developers and root namespaces (D1), the top 50 intermediary namespaces (GEO4)


def name_pattern(word: str) -> str:
    return f"(^|[^a-z0-9]){word}"


def direct_children_sql(present: str, carry: str = "") -> str:
    """The direct derivatives, one definition for D1 and the scorecards: a row per lineage edge whose child
    is in `present` (a subquery with `repo_id`: the models present at the snapshot read), as (child_id,
    parent_id, relation, parent_ns). `parent_ns` is the parent's namespace (its author where the store holds
    it, else the id's part before `/`; NO_NAMESPACE for a bare id such as `gpt2`), whether or not the
    parent is itself still present: a model is a direct derivative of a namespace, a developer or a family
    when one of the parents it names is one of theirs. Counted per owner, each child once (`count(DISTINCT)`).
    `carry`: columns of `present` (alias `k`) each row also takes, rather than a caller joining it again.
    """
    return f"""(
        SELECT l.child_id, l.parent_id, l.relation, {namespace_of("l.parent_id", "r.author", NO_NAMESPACE)} AS parent_ns{carry}
        FROM lineage l JOIN {present} k ON k.repo_id = l.child_id
        LEFT JOIN repos r ON r.kind = 'model' AND r.repo_id = l.parent_id
    )"""


def _family_case(ns: str, repo_id: str) -> str:
    """The named family a model belongs to as SQL (NULL for none): in one of the family's namespaces, its id
    naming the family word."""
    whens = " ".join(
        f"WHEN {ns} IN ({sql_list(spaces)}) AND regexp_matches(lower({repo_id}), '{name_pattern(word)}') THEN '{label}'"
        for word, label, spaces in NAMED_FAMILIES
    )
    return f"CASE {whens} END"


# -- D1 -----------------------------------------------------------------------------------------
_D1_KEYS = tuple(
    f"{fam}_{what}"
    for fam in HEADLINE_FAMILIES
    for what in ("direct", "lineage", "by_name", "lineage_min5", "by_name_min5", "lineage_r1_year_min5")
)


def _by_level(source: str, cols: str, family: str, developer: str, namespace: str) -> str:
    """The rows of `source` once per level D1 counts at, each under its key (an expression over `source`); a
    row whose key is NULL (no named family) counts at none of that level."""
    return " UNION ALL ".join(
        f"SELECT * FROM (SELECT '{level}' AS level, {key} AS key, {cols} FROM {source}) WHERE key IS NOT NULL"
        for level, key in (("family", family), ("developer", developer), ("namespace", namespace))
    )


def _family_counts_sql(alive: str, r1_end: dt.date) -> str:
    """D1's counts per (level, key): the named families, the developers and the root namespaces, from the
    present models `alive` and `model_families`."""
    r1_from, r1_to = f"CAST({date_literal(R1_RELEASE)} AS TIMESTAMP)", f"CAST({date_literal(r1_end)} AS TIMESTAMP)"
    wanted = sql_list(list(GROUPS.values()))
    min5 = f"CASE WHEN d > {MIN_DOWNLOADS} THEN 1 ELSE 0 END"
    r1 = f"CASE WHEN d > {MIN_DOWNLOADS} AND created_at >= {r1_from} AND created_at < {r1_to} THEN 1 ELSE 0 END"
    parent_family = _family_case("parent_ns", "parent_id")
    # Each model counts once per key however many of the key's roots (or parents) it descends from. Most
    # models have one root and one parent: theirs are summed per root (per parent) and then per key, a grouping
    # of the roots; only the models with several are reduced to one row per (level, key, model) first. Grouping
    # every model by (level, key, model) was most of D1 at Hub scale.
    return f"""
        WITH alive AS {alive},
        fam AS (
            SELECT f.model_id, f.root_id, a.d, a.ns AS child_ns, a.created_at
            FROM model_families f JOIN alive a ON a.repo_id = f.model_id
            WHERE f.depth >= 1
        ),
        roots AS (
            SELECT DISTINCT f.root_id, {namespace_of("f.root_id", "r.author", NO_NAMESPACE)} AS root_ns
            FROM fam f LEFT JOIN repos r ON r.kind = 'model' AND r.repo_id = f.root_id
        ),
        -- direct derivatives (`direct_children_sql`): one edge below any model of the key, each child once
        direct_edges AS (
            SELECT e.child_id, e.parent_id, e.parent_ns, e.d FROM {direct_children_sql("alive", ", k.d")} e
        ),
        names AS (
            SELECT root_ns AS ns FROM roots UNION SELECT child_ns AS ns FROM fam
            UNION SELECT parent_ns AS ns FROM direct_edges
        ),
        who AS {developer_sql("names")},
        rinfo AS (
            SELECT rt.root_id, rt.root_ns, wr.developer AS root_dev, wr.organisation AS root_org, {_family_case("rt.root_ns", "rt.root_id")} AS family
            FROM roots rt JOIN who wr ON wr.ns = rt.root_ns
        ),
        several_roots AS (SELECT model_id FROM fam GROUP BY model_id HAVING count(*) > 1),
        edges AS (
            SELECT fam.model_id, fam.root_id, fam.d, fam.created_at, ri.root_ns, ri.root_dev, ri.family,
                   CASE WHEN wc.developer <> ri.root_dev THEN 1 ELSE 0 END AS outside,
                   fam.model_id IN (SELECT model_id FROM several_roots) AS shared
            FROM fam JOIN rinfo ri ON ri.root_id = fam.root_id
            JOIN who wc ON wc.ns = fam.child_ns
        ),
        per_root AS (
            SELECT root_id, family, root_dev, root_ns, count(*) AS n, sum(outside) AS n_outside,
                   sum({min5}) AS n_min5, sum({r1}) AS n_r1
            FROM edges WHERE NOT shared GROUP BY root_id, family, root_dev, root_ns
        ),
        shared_keyed AS ({_by_level("edges WHERE shared", "model_id, d, created_at, outside", "family", "root_dev", "root_ns")}),
        per_model AS (
            SELECT level, key, max(outside) AS outside, max(d) AS d, max(created_at) AS created_at
            FROM shared_keyed GROUP BY level, key, model_id
        ),
        keyed AS (
            {_by_level("per_root", "n, n_outside, n_min5, n_r1", "family", "root_dev", "root_ns")}
            UNION ALL SELECT level, key, 1 AS n, outside AS n_outside, {min5} AS n_min5, {r1} AS n_r1 FROM per_model
        ),
        several_parents AS (SELECT child_id FROM direct_edges GROUP BY child_id HAVING count(*) > 1),
        direct_who AS (
            SELECT e.*, w.developer, e.child_id IN (SELECT child_id FROM several_parents) AS shared
            FROM direct_edges e LEFT JOIN who w ON w.ns = e.parent_ns
        ),
        per_parent AS (
            SELECT parent_id, parent_ns, developer, count(*) AS n, sum({min5}) AS n_min5
            FROM direct_who WHERE NOT shared GROUP BY parent_id, parent_ns, developer
        ),
        -- a child of several parents once per key: a grouped pass over those children alone
        shared_direct AS (
            SELECT level, key, child_id, max(d) AS d FROM (
                {_by_level("direct_who WHERE shared", "child_id, d", parent_family, "developer", "parent_ns")}
            ) dk GROUP BY level, key, child_id
        ),
        direct_keyed AS (
            {_by_level("per_parent", "n, n_min5", parent_family, "developer", "parent_ns")}
            UNION ALL SELECT level, key, 1 AS n, {min5} AS n_min5 FROM shared_direct
        ),
        direct_counts AS (
            SELECT level, key, CAST(sum(n) AS BIGINT) AS direct, sum(n_min5) AS direct_min5
            FROM direct_keyed GROUP BY level, key
        ),
        counts AS (
            SELECT level, key, CAST(sum(n) AS BIGINT) AS transitive, sum(n_outside) AS transitive_outside,
                   sum(n_min5) AS transitive_min5, sum(n_r1) AS transitive_r1_year_min5
            FROM keyed GROUP BY level, key
        ),
        root_keys AS (
            SELECT 'family' AS level, family AS key, root_dev, CAST(NULL AS VARCHAR) AS root_org FROM rinfo WHERE family IS NOT NULL
            UNION ALL SELECT 'developer' AS level, root_dev AS key, root_dev, CAST(NULL AS VARCHAR) AS root_org FROM rinfo
            UNION ALL SELECT 'namespace' AS level, root_ns AS key, root_dev, root_org FROM rinfo
        ),
        per_key AS (
            SELECT c.level, c.key, k.developer, k.organisation, k.roots, COALESCE(dc.direct, 0) AS direct, c.transitive,
                   c.transitive_outside, COALESCE(dc.direct_min5, 0) AS direct_min5, c.transitive_min5,
                   c.transitive_r1_year_min5
            FROM counts c JOIN (
                SELECT level, key, max(root_dev) AS developer, max(root_org) AS organisation, count(*) AS roots
                FROM root_keys GROUP BY level, key
            ) k ON k.level = c.level AND k.key = c.key
            LEFT JOIN direct_counts dc ON dc.level = c.level AND dc.key = c.key
        )
        SELECT * FROM (
            SELECT p.*, ROW_NUMBER() OVER (PARTITION BY level ORDER BY transitive DESC, key) AS rank
            FROM per_key p
        ) ranked
        WHERE level = 'family' OR rank <= {TOP_ROWS} OR (level = 'developer' AND key IN ({wanted}))
        ORDER BY CASE level WHEN 'family' THEN 0 WHEN 'developer' THEN 1 ELSE 2 END, rank
    """


# Every model, as `name_flags_sql` reads them: the table is a function of each model's own id and tags.
ALL_MODELS = tagged_repos("model")
NAME_FLAGS = "_hc_d1_name_flags"  # the shared table of `name_flags_sql` over every model


def name_flags_sql(models: str = ALL_MODELS) -> str:
    """(repo_id, f_qwen, f_llama, …): for each of `models` (a subquery with repo_id and tags) whose id or any tag
    mentions a family word, whether it names it (D1's by-name rule); models mentioning none are absent. It
    depends on nothing but the model's own id and tags, so one table serves every as-of date, and `enrich`
    keeps it, updating the models whose tags changed (`tag_carry`)."""
    flag_cols = ", ".join(
        f"MAX(CASE WHEN regexp_matches(x.t, '{name_pattern(word)}') THEN 1 ELSE 0 END) AS f_{word}"
        for word, _, _ in NAMED_FAMILIES
    )
    # A cheap filter before the regexes: one case-insensitive pass over the raw text (lower-casing every
    # tag first costs more than the match).
    words = "|".join(word for word, _, _ in NAMED_FAMILIES)
    mentions = f"regexp_matches({{}}, '(?i)({words})')"
    return f"""(
        WITH m AS {models},
        texts AS (
            SELECT repo_id, lower(repo_id) AS t FROM m WHERE {mentions.format("repo_id")}
            UNION ALL
            SELECT repo_id, lower(tag) AS t FROM (SELECT repo_id, unnest(tags) AS tag FROM m) g
            WHERE {mentions.format("g.tag")}
        )
        SELECT x.repo_id, {flag_cols} FROM texts x GROUP BY x.repo_id
    )"""


def _by_name_sql(alive: str, flags: str) -> str:
    """D1's by-name counts: the present models whose id or any tag names each family word (one row), from
    `name_flags_sql`'s table `flags`."""
    sums = ", ".join(
        f"COALESCE(SUM(f_{w}), 0) AS {w}, COALESCE(SUM(CASE WHEN d > {MIN_DOWNLOADS} THEN f_{w} ELSE 0 END), 0) AS {w}_min5"
        for w, _, _ in NAMED_FAMILIES
    )
    return f"""
        WITH alive AS {alive}
        SELECT {sums} FROM alive a JOIN {flags} f ON f.repo_id = a.repo_id
    """


@metric(
    spec="D1",
    name="derivatives_by_family",
    title="Derivatives per base family and per developer: direct, through the whole tree, and by name",
    chapter="derivatives",
    published=(
        "Qwen: > 113,000 derivatives through lineage and > 200,000 counting every model that tags Qwen (Spring 2026); "
        "Alibaba more derivatives than Google and Meta together; one year after DeepSeek-R1: Qwen 113k+, Llama ~27k, "
        "DeepSeek ~6k."
    ),
    definition=(
        "Over the models present in the newest complete snapshot on or before the as-of date. A family is the set of "
        "lineage roots (models with no parent, possibly external: named by a child but not held) grouped three ways: "
        "by the root's namespace; by the root's developer (the registry's parent company, else organisation, else the "
        "namespace: Qwen + Alibaba-NLP + DAMO… = Alibaba Group; google + deepmind = Alphabet; facebook + meta-llama = "
        "Meta Platforms); and by name for Qwen, Llama, DeepSeek, Gemma, Mistral (roots in Qwen / meta-llama / "
        "deepseek-ai / google / mistralai whose id names the word). Three counts, each model once per family: "
        "`direct` — models one lineage edge below any model of the family (a model in its namespaces naming the "
        "word), of the developer or of the namespace, held or not (the same count as a scorecard's; it can exceed "
        "`transitive` for a namespace whose models descend from others' roots); `transitive` (the headline `_lineage`) — every model below a "
        "family root at any depth (model_families, depth >= 1; a model below roots of two families counts in both); "
        "`by_name` — every present model whose id or any tag names the family word, case-insensitively, as a word or "
        "a word's prefix (regex `(^|[^a-z0-9])qwen` on the lower-cased id and tags; this includes the family's own "
        "originals and any model with the architecture tag, e.g. `llama`). No minimum download count applies to "
        "these; the `_min5` counts keep only models with more than 5 downloads (ATOM's rule), downloads being "
        "`downloadsAllTime` at the snapshot when it has the field, else the 30-day `downloads`. `_r1_year_min5`: "
        "transitive derivatives with > 5 downloads created from 2025-01-20 (DeepSeek-R1) to 2026-01-19. "
        "`transitive_outside` (rows): those whose own developer differs from the family's. Headline "
        "`alibaba_over_google_plus_meta`: Alibaba Group's transitive count over Alphabet's + Meta Platforms'."
    ),
    headline_keys=(
        "derivatives",
        "derivatives_min5",
        *_D1_KEYS,
        "alibaba_lineage",
        "google_lineage",
        "meta_lineage",
        "alibaba_over_google_plus_meta",
        "top_developer",
        "top_developer_lineage",
        "downloads_field",
    ),
    out_of_reach="Derivatives whose authors declare no base model (no base_model tag or card field) are invisible to lineage; private derivatives are not public.",
)
def derivatives_by_family(ctx: Context) -> Result:
    snap, notes = complete_or_as_of(ctx)
    field = downloads_field(ctx, snap.snapshot_id)
    # The three answers are kept (`Context.kept_rows`): the present models they read are built only when one is not.
    alive_table, alive_query = alive_def(ctx, snap, COLUMN[field])
    alive, needs = f"(SELECT * FROM {alive_table})", ((alive_table, alive_query),)
    r1_end = R1_RELEASE + R1_YEAR
    grouped = ctx.kept_rows(
        "d1_families",
        _family_counts_sql(alive, r1_end),
        "CASE level WHEN 'family' THEN 0 WHEN 'developer' THEN 1 ELSE 2 END, rank",
        needs,
    )
    flags = f"(SELECT * FROM {NAME_FLAGS})"
    [named] = ctx.kept_rows("d1_by_name", _by_name_sql(alive, flags), needs=((NAME_FLAGS, name_flags_sql()), *needs))
    [total] = ctx.kept_rows(
        "d1_total",
        f"""
        WITH alive AS {alive}
        SELECT count(*) AS derivatives, COALESCE(sum(CASE WHEN d > {MIN_DOWNLOADS} THEN 1 ELSE 0 END), 0) AS derivatives_min5
        FROM alive a WHERE a.repo_id IN (SELECT child_id FROM lineage)
    """,
        needs=needs,
    )

    label_of = {label: word for word, label, _ in NAMED_FAMILIES}
    rows: list[dict[str, Any]] = []
    fam_rows: dict[str, dict[str, Any]] = {}
    for r in grouped:
        row = {
            k: r[k]
            for k in (
                "level",
                "key",
                "developer",
                "organisation",
                "roots",
                "direct",
                "transitive",
                "transitive_outside",
            )
        }
        word = label_of.get(r["key"]) if r["level"] == "family" else None
        row["by_name"] = int(named[word]) if word else None
        row.update({k: r[k] for k in ("direct_min5", "transitive_min5")})
        row["by_name_min5"] = int(named[f"{word}_min5"]) if word else None
        row["transitive_r1_year_min5"] = r["transitive_r1_year_min5"]
        rows.append(row)
        if word:
            fam_rows[word] = row
    # A named family nobody derives from still has a by-name count: give it a row.
    for word, label, _ in NAMED_FAMILIES:
        if word not in fam_rows:
            row = {
                "level": "family",
                "key": label,
                "developer": None,
                "organisation": None,
                "roots": 0,
                "direct": 0,
                "transitive": 0,
                "transitive_outside": 0,
                "by_name": int(named[word]),
                "direct_min5": 0,
                "transitive_min5": 0,
                "by_name_min5": int(named[f"{word}_min5"]),
                "transitive_r1_year_min5": 0,
            }
            fam_rows[word] = row
            rows.insert(len(fam_rows) - 1, row)
    dev = {r["key"]: int(r["transitive"]) for r in grouped if r["level"] == "developer"}
    headline: dict[str, Any] = {
        "derivatives": int(total["derivatives"]),
        "derivatives_min5": int(total["derivatives_min5"]),
    }
    for word in HEADLINE_FAMILIES:
        f = fam_rows[word]
        headline.update(
            {
                f"{word}_direct": f["direct"],
                f"{word}_lineage": f["transitive"],
                f"{word}_by_name": f["by_name"],
                f"{word}_lineage_min5": f["transitive_min5"],
                f"{word}_by_name_min5": f["by_name_min5"],
                f"{word}_lineage_r1_year_min5": f["transitive_r1_year_min5"],
            }
        )
    for short, group in GROUPS.items():
        headline[f"{short}_lineage"] = dev.get(group, 0)
    headline["alibaba_over_google_plus_meta"] = share(
        headline["alibaba_lineage"], headline["google_lineage"] + headline["meta_lineage"]
    )
    top = next((r for r in grouped if r["level"] == "developer"), None)
    headline["top_developer"] = top["key"] if top else None
    headline["top_developer_lineage"] = int(top["transitive"]) if top else None
    headline["downloads_field"] = field
    if ctx.as_of.taken_at < r1_end:
        notes.append(
            f"the year after DeepSeek-R1 ends {r1_end}: the `_r1_year` counts as of {snap.taken_at} cover only part of it"
        )
    missing = input_missing(ctx, snap, LINEAGE_INPUT)
    if missing:  # lineage counts from no lineage input are unknown, not 0 ("Qwen 0 derivatives"); by name stays
        notes.append(missing)
        headline.update(
            {k: None for k in headline if k != "downloads_field" and not k.endswith(("_by_name", "_by_name_min5"))}
        )
    notes.append(
        f"rows: the named families, then the top {TOP_ROWS} developers and root namespaces by transitive count"
    )
    return Result(headline, rows, [snap.snapshot_id], notes)


# -- GEO4 ---------------------------------------------------------------------------------------
@metric(
    spec="GEO4",
    name="intermediary_share",
    title="Intermediaries: downloads of repos that quantize, adapt or redistribute another developer's model",
    chapter="derivatives",
    published="Intermediaries steer a meaningful share of what users run.",
    definition=(
        "Over the models present in the newest complete snapshot on or before the as-of date. A model is an "
        "intermediary repo when (a) its namespace is a redistributor: a registry row whose note says so "
        f"(case-insensitive regex `{REDISTRIBUTOR_NOTE}` — TheBloke, bartowski, mradermacher, unsloth, mlx-community, "
        "QuantFactory, lmstudio-community, second-state, …; every model of such a namespace counts, with or without "
        "a declared base), or else (b) it has a lineage edge with relation `quantized` (kind quantized) or `adapter` "
        "(kind adapter) to a parent of another developer (developer = the registry's parent company, else "
        "organisation, else the namespace; a parent with no namespace, e.g. `gpt2`, is another developer). A model "
        "matching both (a) and (b) is a redistributor's; quantized wins over adapter. Fine-tunes and merges by "
        "others are not intermediaries. intermediary_share: their downloads / all models' downloads, downloads being "
        "`downloadsAllTime` when the snapshot has the field, else the 30-day `downloads`; intermediary_share_30d: "
        "the same with the 30-day `downloads` (what users run now). Rows: per intermediary namespace, the top "
        f"{TOP_ROWS} by downloads."
    ),
    headline_keys=(
        "intermediary_share",
        "intermediary_share_30d",
        "quantized_share",
        "adapter_share",
        "redistributor_share",
        "intermediary_repos",
        "intermediaries",
        "top_intermediary",
        "top_intermediary_share",
        "downloads_field",
    ),
    out_of_reach="Downloads through mirrors, inference providers and re-hosts outside the Hub, and private redistribution, are not in Hub metadata.",
)
def intermediary_share(ctx: Context) -> Result:
    snap, notes = complete_or_as_of(ctx)
    field = downloads_field(ctx, snap.snapshot_id)
    alive_table, alive_query = alive_def(ctx, snap, COLUMN[field])
    alive = f"(SELECT * FROM {alive_table})"
    data = ctx.kept_rows(
        "geo4_intermediaries",
        f"""
        WITH redistributors AS {redistributors_sql()},
        -- the redistributors' namespaces as spelled in the store: lower-cased once per namespace, not per model
        redistributor_ns AS (
            SELECT n.ns FROM (SELECT DISTINCT ns FROM {alive} a0) n JOIN redistributors rd ON rd.la = lower(n.ns)
        ),
        edges AS (
            SELECT l.child_id, l.relation, a.ns AS child_ns, {namespace_of("l.parent_id", "p.author", NO_NAMESPACE)} AS parent_ns
            FROM lineage l JOIN {alive} a ON a.repo_id = l.child_id
            LEFT JOIN repos p ON p.kind = 'model' AND p.repo_id = l.parent_id
            WHERE l.relation IN ('quantized', 'adapter')
        ),
        -- who is asked only of the namespaces an answer needs: both ends of the edges
        names AS (SELECT child_ns AS ns FROM edges UNION SELECT parent_ns AS ns FROM edges),
        who AS {developer_sql("names")},
        cross_dev AS (
            SELECT e.child_id,
                   max(CASE WHEN e.relation = 'quantized' THEN 1 ELSE 0 END) AS q,
                   max(CASE WHEN e.relation = 'adapter' THEN 1 ELSE 0 END) AS ad
            FROM edges e JOIN who wc ON wc.ns = e.child_ns JOIN who wp ON wp.ns = e.parent_ns
            WHERE wc.developer <> wp.developer
            GROUP BY e.child_id
        ),
        kinds AS (
            SELECT a.repo_id, a.ns, a.d, a.d30,
                   CASE WHEN rn.ns IS NOT NULL THEN 'redistributor'
                        WHEN c.q = 1 THEN 'quantized' WHEN c.ad = 1 THEN 'adapter' END AS kind
            FROM {alive} a
            LEFT JOIN redistributor_ns rn ON rn.ns = a.ns
            LEFT JOIN cross_dev c ON c.child_id = a.repo_id
        ),
        totals AS (SELECT COALESCE(sum(d), 0) AS total, COALESCE(sum(d30), 0) AS total30 FROM kinds),
        per_ns AS (
            SELECT k.ns, count(*) AS repos,
                   sum(CASE WHEN kind = 'quantized' THEN 1 ELSE 0 END) AS quantized_repos,
                   sum(CASE WHEN kind = 'adapter' THEN 1 ELSE 0 END) AS adapter_repos,
                   sum(CASE WHEN kind = 'redistributor' THEN 1 ELSE 0 END) AS redistributor_repos,
                   sum(d) AS downloads, sum(d30) AS downloads_30d,
                   sum(CASE WHEN kind = 'quantized' THEN d ELSE 0 END) AS quantized_downloads,
                   sum(CASE WHEN kind = 'adapter' THEN d ELSE 0 END) AS adapter_downloads,
                   sum(CASE WHEN kind = 'redistributor' THEN d ELSE 0 END) AS redistributor_downloads
            FROM kinds k WHERE kind IS NOT NULL GROUP BY k.ns
        ),
        ranked AS (
            SELECT p.*, ROW_NUMBER() OVER (ORDER BY p.downloads DESC, p.ns) AS rank,
                   count(*) OVER () AS intermediaries,
                   sum(p.repos) OVER () AS all_repos,
                   sum(p.downloads) OVER () AS all_downloads, sum(p.downloads_30d) OVER () AS all_downloads_30d,
                   sum(p.quantized_downloads) OVER () AS all_quantized, sum(p.adapter_downloads) OVER () AS all_adapter,
                   sum(p.redistributor_downloads) OVER () AS all_redistributor
            FROM per_ns p
        ),
        -- only the rows the table shows are looked up and returned; the totals came with every row above
        top AS (SELECT * FROM ranked WHERE rank <= {TOP_ROWS})
        SELECT t0.*, w.developer, w.organisation, t.total, t.total30
        FROM top t0 CROSS JOIN totals t
        LEFT JOIN {developer_sql("top")} w ON w.ns = t0.ns
        ORDER BY t0.rank
    """,
        "rank",
        ((alive_table, alive_query),),
    )
    if not data:
        alive = alive_sql(ctx, snap, COLUMN[field])  # built here if the kept answer spared it
        [t] = ctx.rows(f"SELECT COALESCE(sum(d), 0) AS total, COALESCE(sum(d30), 0) AS total30 FROM {alive} a")
        zero = lambda whole: 0.0 if whole else None  # noqa: E731
        headline = {
            "intermediary_share": zero(t["total"]),
            "intermediary_share_30d": zero(t["total30"]),
            "quantized_share": zero(t["total"]),
            "adapter_share": zero(t["total"]),
            "redistributor_share": zero(t["total"]),
            "intermediary_repos": 0,
            "intermediaries": 0,
            "top_intermediary": None,
            "top_intermediary_share": None,
            "downloads_field": field,
        }
        return Result(headline, [], [snap.snapshot_id], _without_lineage(ctx, snap, headline, notes))
    first = data[0]
    total, total30 = int(first["total"] or 0), int(first["total30"] or 0)
    headline = {
        "intermediary_share": share(int(first["all_downloads"] or 0), total),
        "intermediary_share_30d": share(int(first["all_downloads_30d"] or 0), total30),
        "quantized_share": share(int(first["all_quantized"] or 0), total),
        "adapter_share": share(int(first["all_adapter"] or 0), total),
        "redistributor_share": share(int(first["all_redistributor"] or 0), total),
        "intermediary_repos": int(first["all_repos"]),
        "intermediaries": int(first["intermediaries"]),
        "top_intermediary": first["ns"],
        "top_intermediary_share": share(int(first["downloads"] or 0), total),
        "downloads_field": field,
    }
    rows = [
        {
            "namespace": r["ns"],
            "developer": r["developer"],
            "organisation": r["organisation"],
            "repos": int(r["repos"]),
            "quantized_repos": int(r["quantized_repos"]),
            "adapter_repos": int(r["adapter_repos"]),
            "redistributor_repos": int(r["redistributor_repos"]),
            "downloads": int(r["downloads"] or 0),
            "share": share(int(r["downloads"] or 0), total),
            "downloads_30d": int(r["downloads_30d"] or 0),
            "share_30d": share(int(r["downloads_30d"] or 0), total30),
        }
        for r in data[:TOP_ROWS]
    ]
    notes.append(f"rows: the top {TOP_ROWS} of {headline['intermediaries']} intermediary namespaces by downloads")
    return Result(headline, rows, [snap.snapshot_id], _without_lineage(ctx, snap, headline, notes))


def _without_lineage(ctx: Context, snap: Snapshot, headline: dict[str, Any], notes: list[str]) -> list[str]:
    """GEO4 on a snapshot whose models carry no lineage input: quantizations and adapters of others cannot be
    told, so every share that counts them is None (the redistributors, known by namespace, still count)."""
    missing = input_missing(ctx, snap, LINEAGE_INPUT)
    if missing:
        notes.append(missing)
        headline.update({k: None for k in headline if k not in ("redistributor_share", "downloads_field")})
    elif not headline["intermediary_repos"]:
        notes.append("no intermediary repo in this snapshot")
    return notes
