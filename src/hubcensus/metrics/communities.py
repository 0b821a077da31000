"""Chapter: communities — the overlapping sub-ecosystems of the Hub (C2), how the datasets' task
categories grow (S1), and what science domains release month by month (S2).

A community is a set of models and datasets that share a language, a domain or a task. Membership is
by tags (and, for tasks, by a model's `pipeline_tag`), so one repo can belong to many communities:
overlap is the finding, not a defect. Every table here is a documented constant, so a reader can
disagree with one entry and recompute.

All three metrics read one snapshot (the newest complete one of each kind up to as-of), count repos
by `createdAt` and take tags from each repo's newest known state; repos deleted before that snapshot
cannot be seen. C2 also reads the monthly downloads series for its engagement figure. None uses
dataset downloads, so the September 2024 change in how dataset downloads are counted does not touch
them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.base import Context, Result, Snapshot, metric, share
from hubcensus.metrics.facts import CREATED_AT_FLOOR, FLOOR_MONTH, before_floor
from hubcensus.metrics.series import METHOD_NOTE, closes, monthly_downloads
from hubcensus.metrics.snapshots import complete_or_partial, present_sql, window_unseen
from hubcensus.metrics.sql import (
    add_months,
    as_date,
    created_sql,
    date_literal,
    month_range,
    month_start,
    quote,
    sql_list,
    tagged_repos,
    values_sql,
    year_of,
    year_windows,
)


def present(ctx: Context, kind: str) -> tuple[str | None, Snapshot | None, list[str]]:
    """Repos of `kind` in the newest complete snapshot of that kind up to as-of, else in the newest partial
    listing (said in a note): (repo_id, created_at, pipeline_tag)."""
    snap, notes = complete_or_partial(ctx, kind)
    if snap is None:
        return None, None, notes
    return present_sql(ctx, snap, "s.repo_id, s.created_at, s.pipeline_tag", kind), snap, notes


# The Hub's task vocabulary. Datasets state their tasks as `task_categories:<task>` tags; a source without
# tags whose task column the loader mapped to `pipeline_tag` (a comma-separated list, as in older dumps)
# is read against this list instead, for datasets that carry no such tag.
HUB_TASKS = (
    "any-to-any",
    "audio-classification",
    "audio-text-to-text",
    "audio-to-audio",
    "automatic-speech-recognition",
    "conversational",
    "depth-estimation",
    "document-question-answering",
    "feature-extraction",
    "fill-mask",
    "graph-ml",
    "image-classification",
    "image-feature-extraction",
    "image-segmentation",
    "image-text-to-text",
    "image-to-3d",
    "image-to-image",
    "image-to-text",
    "image-to-video",
    "keypoint-detection",
    "mask-generation",
    "multiple-choice",
    "object-detection",
    "other",
    "question-answering",
    "reinforcement-learning",
    "robotics",
    "sentence-similarity",
    "summarization",
    "table-question-answering",
    "table-to-text",
    "tabular-classification",
    "tabular-regression",
    "tabular-to-text",
    "text-classification",
    "text-generation",
    "text-ranking",
    "text-retrieval",
    "text-to-3d",
    "text-to-audio",
    "text-to-image",
    "text-to-speech",
    "text-to-video",
    "text2text-generation",
    "time-series-forecasting",
    "token-classification",
    "translation",
    "unconditional-image-generation",
    "video-classification",
    "video-text-to-text",
    "video-to-video",
    "visual-document-retrieval",
    "visual-question-answering",
    "voice-activity-detection",
    "zero-shot-classification",
    "zero-shot-image-classification",
    "zero-shot-object-detection",
)


def dataset_tasks_sql(datasets: str) -> str:
    """(repo_id, category) for the datasets of the subquery `datasets(repo_id, pipeline_tag)`: their
    `task_categories:` tags, else their comma-separated `pipeline_tag` read against `HUB_TASKS`."""
    vocab = values_sql(("category",), [(t,) for t in HUB_TASKS])
    return f"""(
        SELECT DISTINCT t.repo_id, substr(t.tag, 17) AS category
        FROM {datasets} d0 JOIN tags t ON t.kind = 'dataset' AND t.repo_id = d0.repo_id AND t.tag LIKE 'task_categories:%'
        UNION
        SELECT d1.repo_id, v.category
        FROM {datasets} d1 JOIN ({vocab}) v
          ON (',' || replace(d1.pipeline_tag, ' ', '') || ',') LIKE ('%,' || v.category || ',%')
        WHERE d1.pipeline_tag IS NOT NULL AND d1.repo_id NOT IN (
            SELECT repo_id FROM tags WHERE kind = 'dataset' AND tag LIKE 'task_categories:%')
    )"""


# -- C2 -----------------------------------------------------------------------------------------
# Languages: a repo belongs to a language's community when it carries the bare code (models' form)
# or `language:<code>` (datasets' form). The 20 most used natural-language codes on the Hub.
LANGUAGES = (
    "en",
    "zh",
    "fr",
    "es",
    "de",
    "ru",
    "ja",
    "ko",
    "ar",
    "pt",
    "it",
    "hi",
    "vi",
    "id",
    "tr",
    "nl",
    "pl",
    "fa",
    "th",
    "uk",
)
# Domains: (community, tags that place a repo in it), compared with the lower-cased tag.
DOMAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("robotics", ("robotics", "lerobot", "task_categories:robotics")),
    ("medical", ("medical", "clinical", "medicine", "healthcare", "biomedical", "radiology", "pathology")),
    ("biology", ("biology", "protein", "proteins", "genomics", "dna", "rna", "bioinformatics", "single-cell")),
    ("chemistry", ("chemistry", "molecules", "molecule", "molecular", "drug-discovery", "smiles", "cheminformatics")),
    (
        "climate & earth",
        ("climate", "weather", "earth-observation", "remote-sensing", "geospatial", "satellite-imagery"),
    ),
    ("materials & physics", ("materials-science", "materials", "physics", "astronomy", "astrophysics")),
    ("finance", ("finance", "financial")),
    ("legal", ("legal", "law")),
    ("code", ("code",)),
    ("math", ("math", "mathematics")),
)
MIN_MODELS = 10  # a community needs this many models to be counted in the headline
REUSE_MIN = 2.0  # sustained reuse: at least this many direct derivatives per base model …
LASTING_MIN = 0.5  # … and at least this share of its recent downloads going to models older than a year
MODEST_MAX = 0.01  # modest downloads: under 1% of every model's downloads in the window (and more than none)
WINDOW_MONTHS = 3  # lasting engagement: downloads over the last 3 months the snapshot series closes …
OLD_DAYS = 365  # … and the part of them going to models created more than this many days before the as-of date


# Every model and dataset, as `memberships_sql` reads them: a repo's communities follow from its own tags and task.
ALL_MODELS = tagged_repos("model", "repo_id, pipeline_tag, tags")
ALL_DATASETS = tagged_repos("dataset", "repo_id, pipeline_tag, tags")
TAGGED = "_hc_c2_tagged"  # the shared table of `memberships_sql` over every model and dataset


def memberships_sql(models: str = ALL_MODELS, datasets: str = ALL_DATASETS) -> str:
    """C2's memberships (ctype, community, kind, repo_id) of `models` and `datasets` (subqueries with repo_id,
    pipeline_tag and tags): a row per repo and community it belongs to. They depend on nothing but the repo's
    own tags and task, so one table serves every as-of date (C2 joins it with the repos present then), and
    `enrich` keeps it, updating the repos whose tags or task changed (`tag_carry`)."""
    domains = values_sql(("community", "tag"), [(d, t) for d, tags in DOMAINS for t in tags])
    domain_tags = sql_list(sorted({tag for _, tags in DOMAINS for tag in tags}))
    language_of = "CASE WHEN tag LIKE 'language:%' THEN substr(tag, 10) ELSE tag END"
    # a language's two spellings listed, so the filter compares each tag as it is before any is rewritten
    language_tags = sql_list([*LANGUAGES, *(f"language:{code}" for code in LANGUAGES)])
    return f"""(
        WITH pm AS {models},
        pd AS {datasets},
        pr AS (
            SELECT 'model' AS kind, repo_id, unnest(tags) AS tag FROM pm
            UNION ALL SELECT 'dataset' AS kind, repo_id, unnest(tags) AS tag FROM pd
        ),
        rt AS (
            SELECT t.kind, t.repo_id, t.tag FROM pr t
            WHERE t.tag IN ({language_tags}) OR lower(t.tag) IN ({domain_tags})
        ),
        dm AS ({domains})
        SELECT DISTINCT 'language' AS ctype, {language_of} AS community, kind, repo_id
        FROM rt WHERE tag IN ({language_tags})
        UNION ALL
        SELECT DISTINCT 'domain' AS ctype, dm.community, rt.kind, rt.repo_id FROM rt JOIN dm ON dm.tag = lower(rt.tag)
        UNION ALL
        -- one row per present model already: its task is its pipeline_tag
        SELECT 'task' AS ctype, pipeline_tag AS community, 'model' AS kind, repo_id FROM pm WHERE pipeline_tag IS NOT NULL
        UNION ALL
        SELECT DISTINCT 'task' AS ctype, category AS community, 'dataset' AS kind, repo_id FROM {dataset_tasks_sql("pd")} dt
    )"""


@metric(
    spec="C2",
    name="sub_ecosystems",
    title="Communities around a language, a domain or a task: size, reuse and lasting engagement",
    chapter="communities",
    published="Open source AI is a set of overlapping sub-ecosystems; niche communities show sustained reuse at modest downloads.",
    definition=(
        "Models and datasets present in the newest complete snapshot of their kind on or before the as-of date. "
        f"Communities: a language (the codes in `communities.LANGUAGES`: {', '.join(LANGUAGES)}), by the bare tag or "
        "`language:<code>`; a domain (`communities.DOMAINS`, a fixed tag table: robotics — robotics, LeRobot, "
        "task_categories:robotics; medical; biology; chemistry; climate & earth; materials & physics; finance; legal; "
        "code; math); a task — a model's `pipeline_tag`, a dataset's `task_categories:<task>`. A repo belongs to every "
        "community it matches (datasets' tasks as in S1). Size: models and datasets. Reuse: lineage edges whose parent is one of the community's "
        "models and whose child is a model present in the snapshot; `derivatives` = distinct children, `bases` = "
        "distinct parents, `derivatives_per_base` = derivatives / bases. Lasting engagement: the community models' "
        f"downloads over the last {WINDOW_MONTHS} months the snapshot series closes (the monthly estimate of "
        "`series.monthly_downloads`; one snapshot gives one month of 30-day counts, cross-sectional), and "
        f"`lasting_share` = the part of them going to models created more than {OLD_DAYS} days before the as-of date. "
        f"`download_share` = the community's part of every model's downloads in the same window. Thresholds: a "
        f"community counts in the headline from {MIN_MODELS} models; sustained reuse = derivatives_per_base >= "
        f"{REUSE_MIN} and lasting_share >= {LASTING_MIN}; modest downloads = 0 < download_share < {MODEST_MAX}. "
        "Overlap: of the models in at least one counted community, the share in two or more, and the share in "
        "communities of two or more types."
    ),
    headline_keys=(
        "communities",
        "language_communities",
        "domain_communities",
        "task_communities",
        "models_in_communities",
        "multi_community_share",
        "cross_type_share",
        "window_months",
        "sustained_communities",
        "modest_communities",
        "sustained_modest_communities",
        "sustained_modest",
    ),
    out_of_reach="Who the community's users are, and reuse that declares no base model (or happens off the Hub), are not in public metadata.",
)
def sub_ecosystems(ctx: Context) -> Result:
    models, msnap, notes = present(ctx, "model")
    if models is None or msnap is None:
        return Result({}, [], [], notes)
    datasets, dsnap, why = present(ctx, "dataset")
    notes += why
    if datasets is None:
        notes.append("communities count models only")
        datasets = "(SELECT CAST(NULL AS VARCHAR) AS repo_id, CAST(NULL AS TIMESTAMP) AS created_at, CAST(NULL AS VARCHAR) AS pipeline_tag WHERE 1 = 0)"
    # Built once per run, and only when a result below is not kept by the store: the tags are filtered to the
    # ones that can place a repo before they meet the present repos, and every query below reads the table.
    members_table = f"_hc_c2_members_{msnap.snapshot_id}_{dsnap.snapshot_id if dsnap else 0}"
    # each membership carries its repo's createdAt: the engagement below then needs no second join of the models
    members_sql = f"""(
        SELECT t.ctype, t.community, t.kind, t.repo_id, p.created_at FROM (SELECT * FROM {TAGGED}) t
        JOIN (SELECT 'model' AS kind, repo_id, created_at FROM {models} pm
              UNION ALL SELECT 'dataset' AS kind, repo_id, created_at FROM {datasets} pd) p
          ON p.kind = t.kind AND p.repo_id = t.repo_id
    )"""
    members = f"(SELECT * FROM {members_table})"
    needs = ((TAGGED, memberships_sql()), (members_table, members_sql))
    membership = f"WITH mem AS {members}, pm AS {models}"
    # Each answer below is kept (`Context.kept_rows`): a run whose answers the store keeps builds no membership table.
    sizes = ctx.kept_rows(
        "c2_sizes",
        f"""{membership}
        SELECT ctype, community, sum(CASE WHEN kind = 'model' THEN 1 ELSE 0 END) AS models,
               sum(CASE WHEN kind = 'dataset' THEN 1 ELSE 0 END) AS datasets
        FROM mem GROUP BY 1, 2
    """,
        needs=needs,
    )
    cutoff = dt.datetime.combine(ctx.as_of.taken_at - dt.timedelta(days=OLD_DAYS), dt.time())
    cut = f"TIMESTAMP '{cutoff.isoformat(sep=' ')}'"
    # distinct children and parents per community, each counted from its own grouped rows
    reuse = ctx.kept_rows(
        "c2_reuse",
        f"""{membership},
        e AS (
            SELECT mem.ctype, mem.community, l.child_id, l.parent_id,
                   CASE WHEN c.created_at >= {cut} THEN 1 ELSE 0 END AS recent
            FROM mem JOIN lineage l ON l.parent_id = mem.repo_id AND mem.kind = 'model'
            JOIN pm c ON c.repo_id = l.child_id
        ),
        kids AS (
            SELECT ctype, community, count(*) AS derivatives, sum(recent) AS derivatives_last_year
            FROM (SELECT ctype, community, child_id, max(recent) AS recent FROM e GROUP BY 1, 2, 3) k0 GROUP BY 1, 2
        ),
        parents AS (
            SELECT ctype, community, count(*) AS bases FROM (SELECT DISTINCT ctype, community, parent_id FROM e) p0 GROUP BY 1, 2
        )
        SELECT k.ctype, k.community, k.derivatives, p.bases, k.derivatives_last_year
        FROM kids k JOIN parents p ON p.ctype = k.ctype AND p.community = k.community
    """,
        needs=needs,
    )
    counted = {(r["ctype"], r["community"]) for r in sizes if int(r["models"]) >= MIN_MODELS}
    counted_sql = values_sql(("ctype", "community"), sorted(counted))
    [overlap] = ctx.kept_rows(
        "c2_overlap",
        f"""{membership},
        -- two or more types: the smallest and the largest differ (a distinct count would hash every pair)
        -- the counted communities joined, not tested pair by pair on every membership
        per AS (
            SELECT m.repo_id, count(*) AS n, min(m.ctype) AS t0, max(m.ctype) AS t1
            FROM mem m JOIN ({counted_sql}) c ON c.ctype = m.ctype AND c.community = m.community
            WHERE m.kind = 'model' GROUP BY m.repo_id
        )
        SELECT count(*) AS models, COALESCE(sum(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) AS multi,
               COALESCE(sum(CASE WHEN t0 <> t1 THEN 1 ELSE 0 END), 0) AS cross_type
        FROM per
    """,
        needs=needs,
    )
    # downloads over the last months the complete series closes
    md = monthly_downloads(ctx, "model")
    months = sorted({closes(s) for s in ctx.complete_series("model")})[-WINDOW_MONTHS:]
    dl: dict[tuple[str, str], dict[str, Any]] = {}
    hub_total = 0
    if md and months:
        in_months = ", ".join(date_literal(m) for m in months)
        engaged = ctx.kept_rows(
            "c2_engaged",
            f"""{membership},
            dl AS (SELECT repo_id, sum(downloads) AS d FROM {md} x WHERE month IN ({in_months}) GROUP BY repo_id)
            SELECT mem.ctype, mem.community, COALESCE(sum(dl.d), 0) AS downloads,
                   COALESCE(sum(CASE WHEN mem.created_at < {cut} THEN dl.d ELSE 0 END), 0) AS old
            FROM mem JOIN dl ON dl.repo_id = mem.repo_id AND mem.kind = 'model'
            GROUP BY 1, 2
        """,
            needs=needs,
        )
        for r in engaged:
            dl[(r["ctype"], r["community"])] = r
        hub_total = int(
            ctx.scalar(f"SELECT COALESCE(sum(downloads), 0) AS n FROM {md} x WHERE month IN ({in_months})") or 0
        )
        if len(months) < WINDOW_MONTHS:
            notes.append(
                f"the series closes {len(months)} month(s): the engagement window is shorter than {WINDOW_MONTHS} months"
            )
        if len(ctx.complete_series("model")) == 1:
            notes.append("one snapshot: downloads are its 30-day counts (cross-sectional)")
        notes.append(METHOD_NOTE)
    re_by = {(r["ctype"], r["community"]): r for r in reuse}
    rows: list[dict[str, Any]] = []
    for s in sizes:
        key = (s["ctype"], s["community"])
        rr, d = re_by.get(key), dl.get(key)
        derivatives, bases = (int(rr["derivatives"]), int(rr["bases"])) if rr else (0, 0)
        downloads = int(d["downloads"]) if d else 0
        lasting = share(int(d["old"]), downloads) if d else None
        dshare = share(downloads, hub_total) if months else None
        per_base = share(derivatives, bases)
        sustained = per_base is not None and per_base >= REUSE_MIN and lasting is not None and lasting >= LASTING_MIN
        modest = dshare is not None and 0 < dshare < MODEST_MAX
        rows.append(
            {
                "type": s["ctype"],
                "community": s["community"],
                "models": int(s["models"]),
                "datasets": int(s["datasets"]),
                "bases": bases,
                "derivatives": derivatives,
                "derivatives_per_base": per_base,
                "derivatives_last_year": int(rr["derivatives_last_year"]) if rr else 0,
                "downloads_window": downloads if months else None,
                "download_share": dshare,
                "lasting_share": lasting,
                "counted": key in counted,
                "sustained_reuse": sustained if key in counted else None,
                "modest_downloads": modest if key in counted else None,
            }
        )
    type_order = {"language": 0, "domain": 1, "task": 2}
    rows.sort(key=lambda r: (type_order[r["type"]], -r["models"], r["community"]))
    kept = [r for r in rows if r["counted"]]
    both = [r for r in kept if r["sustained_reuse"] and r["modest_downloads"]]
    n_models = int(overlap["models"])
    headline = {
        "communities": len(kept),
        "language_communities": sum(1 for r in kept if r["type"] == "language"),
        "domain_communities": sum(1 for r in kept if r["type"] == "domain"),
        "task_communities": sum(1 for r in kept if r["type"] == "task"),
        "models_in_communities": n_models,
        "multi_community_share": share(int(overlap["multi"]), n_models),
        "cross_type_share": share(int(overlap["cross_type"]), n_models),
        "window_months": len(months) if md else 0,
        "sustained_communities": sum(1 for r in kept if r["sustained_reuse"]) if md else None,
        "modest_communities": sum(1 for r in kept if r["modest_downloads"]) if md else None,
        "sustained_modest_communities": len(both) if md else None,
        "sustained_modest": [f"{r['type']}:{r['community']}" for r in both] if md else None,
    }
    sids = sorted({msnap.snapshot_id, *([dsnap.snapshot_id] if dsnap else [])})
    notes.append("tags are each repo's newest known state")
    return Result(headline, rows, sids, notes)


# -- S1 -----------------------------------------------------------------------------------------
ROBOTICS = "robotics"
TEXT_GENERATION = "text-generation"


@metric(
    spec="S1",
    name="dataset_category_growth",
    title="Datasets created per task category per year, and each category's rank",
    chapter="communities",
    published="Robotics datasets: 1,145 (2024) → 26,991 (2025), from rank 44 to rank 1; text generation about 5,000 in 2025.",
    definition=(
        "Datasets present in the newest complete snapshot of datasets on or before the as-of date, counted by the "
        "calendar year of `createdAt`, once in every category named by one of their `task_categories:<category>` tags "
        "(a dataset with several categories counts in each; datasets without such a tag are not counted, except that "
        "a source without tags whose task column became `pipeline_tag` is read against the Hub's task list, "
        "`communities.HUB_TASKS`). The newest partial listing stands in, with a note, when no complete one exists. Every "
        "dataset at the createdAt floor (created before March 2022) counts in 2022, so 2022 means '2022 and before', "
        "and a year before 2022 is not separable: its figures (headline or prior year) are None, not 0. "
        "A category's rank in a year: 1 + the number of categories with more datasets that year (ties share a rank), "
        "among the categories with at least one. The headline year is the calendar year before the as-of date's "
        "year, compared with the year before it. `robotics_lerobot_share`: the part of the headline year's robotics "
        "datasets that also carry the `LeRobot` tag. Downloads are not used (so the September 2024 change in how "
        "dataset downloads are counted does not apply); datasets deleted before the snapshot cannot be counted."
    ),
    headline_keys=(
        "year",
        "categories",
        "top_category",
        "robotics_datasets",
        "robotics_rank",
        "robotics_datasets_prior_year",
        "robotics_rank_prior_year",
        "robotics_lerobot_share",
        "text_generation_datasets",
        "text_generation_rank",
        "datasets_in_year",
    ),
    out_of_reach="Datasets deleted or made private before the snapshot, and the categories their authors did not tag, are not in public metadata.",
)
def dataset_category_growth(ctx: Context) -> Result:
    ds, snap, notes = present(ctx, "dataset")
    if ds is None or snap is None:
        return Result({}, [], [], notes)
    year = ctx.as_of.taken_at.year - 1
    base = f"""
        WITH pd AS {ds},
        cat AS (
            SELECT DISTINCT dt.category, pd.repo_id, {year_of(created_sql("pd.created_at"))} AS year,
                   CASE WHEN lt.repo_id IS NULL THEN 0 ELSE 1 END AS lerobot
            FROM pd JOIN {dataset_tasks_sql("pd")} dt ON dt.repo_id = pd.repo_id
            LEFT JOIN (SELECT DISTINCT repo_id FROM tags WHERE kind = 'dataset' AND lower(tag) = 'lerobot') lt ON lt.repo_id = pd.repo_id
            WHERE pd.created_at IS NOT NULL
        )"""
    data = ctx.kept_rows(
        "s1_categories",
        f"""{base},
        n AS (SELECT category, year, count(*) AS datasets, sum(lerobot) AS lerobot FROM cat GROUP BY 1, 2)
        SELECT category, year, datasets, lerobot, RANK() OVER (PARTITION BY year ORDER BY datasets DESC) AS rk
        FROM n ORDER BY year, rk, category
    """,
        "year, rk, category",
    )
    [counted] = ctx.kept_rows(
        "s1_in_year",
        f"""{base}
        SELECT count(DISTINCT repo_id) AS n FROM cat WHERE year = {year}
    """,
    )
    in_year = int(counted["n"] or 0)
    rows = [
        {"year": int(r["year"]), "category": r["category"], "datasets": int(r["datasets"]), "rank": int(r["rk"])}
        for r in data
    ]
    lerobot = {(r["category"], int(r["year"])): int(r["lerobot"]) for r in data}
    by = {(r["category"], r["year"]): r for r in rows}

    floor_year = CREATED_AT_FLOOR.year

    def get(cat: str, y: int, key: str) -> Any:
        if y < floor_year:
            return None  # folded into the floor year: not separable, not zero
        r = by.get((cat, y))
        return r[key] if r else (0 if key == "datasets" else None)

    year_rows = [r for r in rows if r["year"] == year]
    robotics = get(ROBOTICS, year, "datasets")
    headline = {
        "year": year,
        "categories": len(year_rows) if year >= floor_year else None,
        "top_category": year_rows[0]["category"] if year_rows else None,
        "robotics_datasets": robotics,
        "robotics_rank": get(ROBOTICS, year, "rank"),
        "robotics_datasets_prior_year": get(ROBOTICS, year - 1, "datasets"),
        "robotics_rank_prior_year": get(ROBOTICS, year - 1, "rank"),
        "robotics_lerobot_share": share(lerobot.get((ROBOTICS, year), 0), robotics),
        "text_generation_datasets": get(TEXT_GENERATION, year, "datasets"),
        "text_generation_rank": get(TEXT_GENERATION, year, "rank"),
        "datasets_in_year": in_year if year >= floor_year else None,
    }
    unseen = window_unseen(snap, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), f"the year {year}")
    if unseen:  # a year after the snapshot read: no dataset of it is listed, so nothing about it can be said
        notes.append(unseen)
        headline.update({k: None for k in headline if k != "year"})
    notes.append(
        f"headline year {year} vs {year - 1}; {CREATED_AT_FLOOR.year} includes every dataset at the createdAt floor"
    )
    for y in sorted({year, year - 1}):
        if y < floor_year:
            notes.append(
                f"{y} is not separable: datasets created before March 2022 all carry the createdAt floor and count "
                f"in {floor_year}, so {y}'s figures are None, not 0"
            )
    if year_rows and sum(1 for r in year_rows if r["rank"] == 1) > 1:
        notes.append(f"several categories tie for rank 1 in {year}; top_category names the first by name")
    return Result(headline, rows, [snap.snapshot_id], notes)


# -- S2 -----------------------------------------------------------------------------------------
# Science domains: (key, label, tags (lower-cased, exact), keywords in the repo id). A keyword is a
# regular-expression stem that must start a word of the lower-cased id (after the start, `/`, or any
# character that is not a letter or digit); `([^a-z]|$)` closes a stem that would otherwise swallow
# longer words ("med" must not match "medium" or "medusa").
SCIENCE: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "protein",
        "protein folding & structure",
        (
            "protein",
            "proteins",
            "protein-folding",
            "protein-structure",
            "protein-design",
            "protein-language-model",
            "alphafold",
            "antibody",
        ),
        (
            "protein",
            "protbert",
            "prott5",
            "prot_t5",
            "esm2",
            "esmfold",
            "esm-",
            "alphafold",
            "openfold",
            "boltz",
            "rosettafold",
            "proteinmpnn",
            "chai-1",
            "antibod",
        ),
    ),
    (
        "molecules",
        "molecules & chemistry",
        ("chemistry", "molecules", "molecule", "molecular", "smiles", "cheminformatics", "chemical"),
        ("molecul", "chem", "smiles", "molformer", "molt5", "selfies"),
    ),
    (
        "drug_discovery",
        "drug discovery",
        ("drug-discovery", "drug-design", "drug", "admet", "docking", "bioactivity"),
        ("drug", "admet", "docking", "ligand"),
    ),
    (
        "medicine",
        "medicine",
        ("medical", "clinical", "medicine", "healthcare", "biomedical", "radiology", "pathology", "health"),
        (
            "medic",
            "biomedic",
            "med([^a-z]|$)",
            "medgemma",
            "meditron",
            "medalpaca",
            "clinic",
            "radiolog",
            "patholog",
            "health",
        ),
    ),
    (
        "genomics",
        "genomics",
        ("genomics", "genomic", "dna", "rna", "genetics", "gene-expression", "single-cell"),
        ("dna", "rna([^a-z]|$)", "genom", "nucleotide", "hyenadna", "evo2", "single-cell", "scgpt"),
    ),
    (
        "materials",
        "materials",
        ("materials-science", "materials", "material-science", "crystal", "crystals"),
        ("material", "crystal", "matbench"),
    ),
    (
        "climate",
        "climate & earth",
        (
            "climate",
            "weather",
            "earth-observation",
            "remote-sensing",
            "satellite-imagery",
            "geospatial",
            "meteorology",
            "earth-science",
        ),
        ("climate", "weather", "era5", "satellite", "earth", "geospatial", "remote-sensing", "prithvi"),
    ),
    (
        "physics",
        "physics & astronomy",
        ("physics", "astronomy", "astrophysics", "particle-physics"),
        ("physic", "astro"),
    ),
)


def word_regex(stems: tuple[str, ...]) -> str:
    return "(^|[^a-z0-9])(" + "|".join(stems) + ")"


SCIENCE_HITS = "_hc_s2_science"  # the shared table of `science_sql` over every model and dataset


def science_sql(models: str = ALL_MODELS, datasets: str = ALL_DATASETS) -> str:
    """S2's science domains (domain, kind, repo_id) of `models` and `datasets` (subqueries with repo_id and tags):
    a row per repo and domain its tags or id place it in. Like `memberships_sql`, a function of the repo's own
    id and tags, whatever the date: kept by `enrich` and updated for the repos that changed (`tag_carry`)."""
    tag_table = values_sql(("domain", "tag"), [(key, t) for key, _, tags, _ in SCIENCE for t in tags])
    # one constant pattern per domain: a pattern read from a column would be compiled again for every row
    # (every id goes through one pattern naming all the stems; only the few that match meet each domain's)
    by_id = (
        f"SELECT dk.domain, c.kind, c.repo_id FROM cand c CROSS JOIN ({values_sql(('domain',), [(k,) for k, *_ in SCIENCE])}) dk "
        "WHERE CASE dk.domain "
        + " ".join(
            f"WHEN {quote(key)} THEN regexp_matches(c.lid, {quote(word_regex(stems))})" for key, _, _, stems in SCIENCE
        )
        + " ELSE false END"
    )
    any_stem = word_regex(tuple(s for _, _, _, stems in SCIENCE for s in stems))
    all_tags = sql_list(sorted({t for _, _, tags, _ in SCIENCE for t in tags}))
    return f"""(
        WITH pr AS (
            SELECT 'model' AS kind, repo_id, tags FROM {models} m UNION ALL SELECT 'dataset' AS kind, repo_id, tags FROM {datasets} d
        ),
        tt AS ({tag_table}),
        cand AS (
            SELECT kind, repo_id, lid FROM (SELECT kind, repo_id, lower(repo_id) AS lid FROM pr) p0
            WHERE regexp_matches(lid, {quote(any_stem)})
        ),
        domain_tags AS (
            SELECT kind, repo_id, lower(tag) AS tag FROM (SELECT kind, repo_id, unnest(tags) AS tag FROM pr) t
            WHERE lower(tag) IN ({all_tags})
        )
        SELECT tt.domain, t.kind, t.repo_id FROM domain_tags t JOIN tt ON tt.tag = t.tag
        UNION
        {by_id}
    )"""


@metric(
    spec="S2",
    name="science_releases",
    title="Releases per science domain per month",
    chapter="communities",
    published="Protein folding, molecules, drug discovery and medicine are growing.",
    definition=(
        "Models and datasets present in the newest complete snapshot of their kind on or before the as-of date, by "
        "the month of `createdAt` (every repo at the createdAt floor lands in March 2022, so the heatmap starts "
        "there). A repo belongs to a science domain when one of its tags is in the domain's tag list (exact, "
        "case-insensitive) or its id contains one of the domain's keywords at the start of a word (`communities.SCIENCE`: "
        "protein folding & structure — protein, ESM, AlphaFold, Boltz, …; molecules & chemistry — chemistry, molecules, "
        "SMILES, chem…; drug discovery — drug, ADMET, docking, ligand; medicine — medical, clinical, radiology, "
        "pathology, health, med; genomics — DNA, RNA, genom…; materials; climate & earth; physics & astronomy). A repo "
        "counts in every domain it matches, once per domain. Rows: (domain, month, releases, models, datasets) for "
        "every month from the first release of any domain to the as-of month, zeros included. `releases_last_12m` and "
        "`releases_prior_12m` add up the domains' releases (a repo in two domains counts twice). Headline: per domain, "
        "`<domain>_growth` = releases in the 12 complete months before the as-of month / releases in the 12 before "
        "(None when the earlier window has none, and for every domain when that window holds the createdAt floor's "
        "month), and which domains grow. The newest partial listing stands in, with a note, when no complete one exists."
    ),
    headline_keys=(
        "releases_last_12m",
        "releases_prior_12m",
        "growing_domains",
        "fastest_growing",
        *(f"{key}_growth" for key, *_ in SCIENCE),
    ),
    out_of_reach="Science work that names no domain in its tags or id is not found; keyword matches in ids are a heuristic, not a review.",
)
def science_releases(ctx: Context) -> Result:
    parts: list[str] = []
    sids: list[int] = []
    notes: list[str] = []
    for kind in ("model", "dataset"):
        sql, snap, why = present(ctx, kind)
        notes += why
        if sql is None or snap is None:
            continue
        sids.append(snap.snapshot_id)
        parts.append(f"SELECT '{kind}' AS kind, repo_id, created_at FROM {sql} p{kind[0]}")
    if not parts:
        return Result({}, [], [], notes)
    science = f"(SELECT * FROM {SCIENCE_HITS})"
    data = ctx.kept_rows(
        "s2_releases",
        f"""
        WITH pr AS ({" UNION ALL ".join(parts)}),
        hits AS (
            SELECT h.domain, pr.kind, pr.repo_id, pr.created_at
            FROM {science} h JOIN pr ON pr.kind = h.kind AND pr.repo_id = h.repo_id
        )
        SELECT domain, CASE WHEN created_at IS NULL THEN NULL ELSE {month_start(created_sql("created_at"))} END AS month,
               sum(CASE WHEN kind = 'model' THEN 1 ELSE 0 END) AS models,
               sum(CASE WHEN kind = 'dataset' THEN 1 ELSE 0 END) AS datasets
        FROM hits GROUP BY 1, 2
    """,
        needs=((SCIENCE_HITS, science_sql()),),
    )
    undated = sum(int(r["models"]) + int(r["datasets"]) for r in data if r["month"] is None)
    if undated:
        notes.append(f"{undated} domain releases have no createdAt in the source: left out of the monthly series")
    data = [r for r in data if r["month"] is not None]
    got = {(r["domain"], as_date(r["month"])): (int(r["models"]), int(r["datasets"])) for r in data}
    end = ctx.as_of.taken_at.replace(day=1)
    first = min((m for _, m in got), default=end)
    label = {key: lab for key, lab, _, _ in SCIENCE}
    rows = []
    for key, *_ in SCIENCE:
        for m in month_range(first, end):
            mo, da = got.get((key, m), (0, 0))
            rows.append(
                {"domain": key, "label": label[key], "month": m, "releases": mo + da, "models": mo, "datasets": da}
            )
    prior_start, last_start, stop = year_windows(ctx.as_of.taken_at)

    def total(key: str | None, lo: dt.date, hi: dt.date) -> int:
        return sum(r["releases"] for r in rows if (key is None or r["domain"] == key) and lo <= r["month"] < hi)

    growth = {key: share(total(key, last_start, stop), total(key, prior_start, last_start)) for key, *_ in SCIENCE}
    if before_floor(prior_start):
        growth = {key: None for key in growth}
        notes.append(f"the earlier window ({prior_start} on) holds the createdAt floor's month: no growth ratio")
    growing = sorted((k for k, g in growth.items() if g is not None and g > 1), key=lambda k: (-(growth[k] or 0), k))
    unseen = [w for sid in sorted(set(sids)) for w in [_unseen_after(ctx, sid, last_start, stop)] if w]
    if unseen:  # months after the snapshots read: unknown, not 0
        notes += unseen
        growth = {key: None for key in growth}
        growing = []
    headline: dict[str, Any] = {
        "releases_last_12m": None if unseen else total(None, last_start, stop),
        "releases_prior_12m": total(None, prior_start, last_start),
        "growing_domains": growing,
        "fastest_growing": growing[0] if growing else None,
        **{f"{k}_growth": g for k, g in growth.items()},
    }
    notes.append(
        f"last 12 months: {last_start} to {add_months(stop, -1)}; the 12 before from {prior_start}; a repo in several domains counts in each"
    )
    if first <= FLOOR_MONTH:
        notes.append("March 2022 holds every repo created before the createdAt floor")
    return Result(headline, rows, sorted(sids), notes)


def _unseen_after(ctx: Context, sid: int, start: dt.date, stop: dt.date) -> str | None:
    """The note when the snapshot `sid` was taken before the window [start, stop) closed."""
    return window_unseen(next(s for s in ctx.series if s.snapshot_id == sid), start, stop)
