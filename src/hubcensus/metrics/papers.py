"""Chapter: popularity — daily papers: whose papers collect the upvotes (POP2), and which papers release
models or datasets (POP3).

Which organisation a paper is "from". A daily paper carries two organisation fields:
`paper_organization.name` (store column `organisation`) — the Hub organisation that claimed the paper
on its page, i.e. the authors' affiliation as the Hub shows it — and `organization.name`
(`submitter_org`) — the organisation account of the person who posted it to Daily Papers. The second
is often a curator or a collaborator (a paper from one lab posted by a member of another), so it is
evidence of who *promoted* a paper, not of who wrote it. hubcensus counts `organisation` only; a paper
with a submitting organisation and no claiming one is left without an organisation, and how many such
papers there are is a headline (`submitter_only_papers`) so the reader sees what the choice leaves out.

An organisation's country, sector and Big Tech flag come from the registry exactly as for models
(`attribution.attribution_sql`: headquarters of the organisation, "international / no clear base", or
"unattributed" for organisations the registry does not know). Organisations are grouped as the
geography chapter groups them: the registry's parent company, else its organisation, else the
namespace (ByteDance = ByteDance + ByteDance-Seed + bytedance-research + …).

The store keeps each paper's newest known state only: upvotes are those of the newest snapshot that
listed the paper, even when the metric runs as of an earlier date (said in a note when it matters).
"""

from __future__ import annotations

import hashlib
from typing import Any

from hubcensus.metrics.attribution import BIG_TECH, UNATTRIBUTED, attribution_sql
from hubcensus.metrics.base import Context, Result, Snapshot, metric, share
from hubcensus.metrics.snapshots import complete_or_partial, newest_holding, present_sql
from hubcensus.metrics.sql import quote, tagged_repos

NO_ORG = "(no organisation)"
TOP_ORG_ROWS = 50  # organisation rows returned (the headline needs the top TOP_ORGS)
TOP_ORGS = 10  # POP2 headline: the share of the top 10 organisation groups, and the Big Tech among them
TOP_PAPERS = 100  # "high-impact" papers: the 100 most upvoted
BYTEDANCE = "ByteDance"  # the organisation group whose top papers the report singles out


def paper_snapshot(ctx: Context) -> tuple[Snapshot | None, list[str]]:
    """The newest snapshot holding daily papers up to as-of (the daily papers file lists every paper so far)."""
    snap = newest_holding(ctx, "paper")
    return snap, ([] if snap is not None else ["no snapshot holds daily papers"])


def papers_sql(snap: Snapshot) -> str:
    """Papers known at the snapshot: (paper_id, title, published_at, up, ns = the claiming organisation, submitter_org)."""
    return f"""(
        SELECT paper_id, title, published_at, COALESCE(upvotes, 0) AS up, organisation AS ns, submitter_org, state_snapshot
        FROM papers WHERE first_seen <= {snap.snapshot_id}
    )"""


def _later_state_note(ctx: Context, snap: Snapshot) -> list[str]:
    later = ctx.scalar(
        f"SELECT count(*) AS n FROM papers WHERE first_seen <= {snap.snapshot_id} AND state_snapshot > {snap.snapshot_id}"
    )
    if later:
        return [
            f"{int(later)} papers carry upvotes from a snapshot newer than {snap.taken_at} (papers keep their newest state only)"
        ]
    return []


# -- POP2 ---------------------------------------------------------------------------------------
@metric(
    spec="POP2",
    name="paper_upvotes_by_org",
    title="Upvotes of daily papers by organisation and country",
    chapter="popularity",
    published=(
        "The most upvoted papers come from large US and Chinese organisations; Chinese big tech make up most of the "
        "top organisations; ByteDance has many high-impact papers."
    ),
    definition=(
        "Every daily paper listed in the newest snapshot holding daily papers on or before the as-of date (all papers "
        "since Daily Papers began, May 2023), with its `paper_upvotes` (the newest known count; missing = 0). A paper's "
        "organisation is `paper_organization.name`, the organisation that claimed the paper on its page; the submitting "
        "`organization.name` is not used, because a submitter is often a curator or a collaborator, not the authors' "
        "institution (papers with a submitter and no claiming organisation: `submitter_only_papers`). Organisations "
        "are grouped by the registry's parent company, else its organisation name, else the namespace; a group's "
        "country is that of its most upvoted namespace, and it is Big Tech when any of its namespaces is. Countries "
        "per paper follow its own organisation (registry headquarters; 'international / no clear base'; "
        "'unattributed' for organisations the registry does not know). Shares of upvotes by organisation and country "
        "are of the upvotes of papers that name an organisation (`org_upvote_share` = that part of all upvotes). "
        f"Ranks: by upvotes, ties by name. `cn_big_tech_in_top10`: groups among the top 10 that are Big Tech with "
        f"country CN. Top papers: the {TOP_PAPERS} most upvoted (ties by paper id); `bytedance_papers_in_top100` "
        f"counts those whose organisation group is {BYTEDANCE}. Rows: `view` = organisation (top {TOP_ORG_ROWS} "
        "groups) or country (every label), with papers, upvotes, upvote_share and rank."
    ),
    headline_keys=(
        "papers",
        "upvotes",
        "papers_with_org",
        "org_upvote_share",
        "submitter_only_papers",
        "top_org",
        "top_org_share",
        "top10_orgs_share",
        "us_share",
        "cn_share",
        "cn_big_tech_in_top10",
        "us_big_tech_in_top10",
        "bytedance_papers_in_top100",
        "cn_papers_in_top100",
        "us_papers_in_top100",
    ),
    out_of_reach="Who upvoted, and from where, is not public; papers never submitted to Daily Papers are not counted; affiliations beyond the one claiming organisation are not in the metadata.",
)
def paper_upvotes_by_org(ctx: Context) -> Result:
    snap, notes = paper_snapshot(ctx)
    if snap is None:
        return Result({}, [], [], notes)
    notes += _later_state_note(ctx, snap)
    base = f"""
        WITH p AS {papers_sql(snap)},
        who AS {attribution_sql("p")},
        pw AS (
            SELECT p.paper_id, p.up, p.ns, p.submitter_org, w.grp, w.kind,
                   CASE WHEN p.ns IS NULL THEN NULL ELSE COALESCE(w.label, '{UNATTRIBUTED}') END AS label
            FROM p LEFT JOIN who w ON w.ns = p.ns
        )"""
    [tot] = ctx.rows(f"""{base}
        SELECT count(*) AS papers, COALESCE(sum(up), 0) AS upvotes,
               COALESCE(sum(CASE WHEN ns IS NOT NULL THEN 1 ELSE 0 END), 0) AS papers_with_org,
               COALESCE(sum(CASE WHEN ns IS NOT NULL THEN up ELSE 0 END), 0) AS org_upvotes,
               COALESCE(sum(CASE WHEN ns IS NULL AND submitter_org IS NOT NULL THEN 1 ELSE 0 END), 0) AS submitter_only
        FROM pw
    """)
    papers, upvotes, org_up = int(tot["papers"]), int(tot["upvotes"]), int(tot["org_upvotes"])
    if not papers:
        return Result({"papers": 0, "upvotes": 0}, [], [snap.snapshot_id], notes + ["no daily papers"])
    groups = ctx.rows(f"""{base},
        by_ns AS (
            SELECT COALESCE(grp, ns) AS grp, ns, label, max(CASE WHEN kind = '{BIG_TECH}' THEN 1 ELSE 0 END) AS big_tech,
                   count(*) AS papers, sum(up) AS upvotes
            FROM pw WHERE ns IS NOT NULL GROUP BY 1, 2, 3
        ),
        first_ns AS (
            SELECT by_ns.*, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY upvotes DESC, papers DESC, ns) AS nr FROM by_ns
        )
        SELECT grp, max(CASE WHEN nr = 1 THEN label END) AS label, max(big_tech) AS big_tech,
               count(DISTINCT ns) AS namespaces, sum(papers) AS papers, sum(upvotes) AS upvotes
        FROM first_ns GROUP BY grp
        ORDER BY 6 DESC, grp
        LIMIT {TOP_ORG_ROWS}
    """)
    countries = ctx.rows(f"""{base}
        SELECT COALESCE(label, {quote(NO_ORG)}) AS label, count(*) AS papers, COALESCE(sum(up), 0) AS upvotes
        FROM pw GROUP BY 1 ORDER BY 3 DESC, 1
    """)
    [top] = ctx.rows(f"""{base},
        ranked AS (SELECT pw.*, ROW_NUMBER() OVER (ORDER BY up DESC, paper_id) AS rk FROM pw)
        SELECT COALESCE(sum(CASE WHEN grp = {quote(BYTEDANCE)} THEN 1 ELSE 0 END), 0) AS bytedance,
               COALESCE(sum(CASE WHEN label = 'CN' THEN 1 ELSE 0 END), 0) AS cn,
               COALESCE(sum(CASE WHEN label = 'US' THEN 1 ELSE 0 END), 0) AS us
        FROM ranked WHERE rk <= {TOP_PAPERS}
    """)
    rows: list[dict[str, Any]] = []
    for i, g in enumerate(groups, start=1):
        rows.append(
            {
                "view": "organisation",
                "rank": i,
                "name": g["grp"],
                "country": g["label"],
                "big_tech": bool(g["big_tech"]),
                "namespaces": int(g["namespaces"]),
                "papers": int(g["papers"]),
                "upvotes": int(g["upvotes"]),
                "upvote_share": share(int(g["upvotes"]), org_up),
            }
        )
    by_label: dict[str, int] = {}
    rank = 0
    for c in countries:
        is_org = c["label"] != NO_ORG
        rank += 1 if is_org else 0
        by_label[c["label"]] = int(c["upvotes"])
        rows.append(
            {
                "view": "country",
                "rank": rank if is_org else None,
                "name": c["label"],
                "country": c["label"] if is_org else None,
                "big_tech": None,
                "namespaces": None,
                "papers": int(c["papers"]),
                "upvotes": int(c["upvotes"]),
                "upvote_share": share(int(c["upvotes"]), org_up) if is_org else None,
            }
        )
    top10 = groups[:TOP_ORGS]
    headline = {
        "papers": papers,
        "upvotes": upvotes,
        "papers_with_org": int(tot["papers_with_org"]),
        "org_upvote_share": share(org_up, upvotes),
        "submitter_only_papers": int(tot["submitter_only"]),
        "top_org": groups[0]["grp"] if groups else None,
        "top_org_share": share(int(groups[0]["upvotes"]), org_up) if groups else None,
        "top10_orgs_share": share(sum(int(g["upvotes"]) for g in top10), org_up) if groups else None,
        "us_share": share(by_label.get("US", 0), org_up),
        "cn_share": share(by_label.get("CN", 0), org_up),
        "cn_big_tech_in_top10": sum(1 for g in top10 if g["big_tech"] and g["label"] == "CN"),
        "us_big_tech_in_top10": sum(1 for g in top10 if g["big_tech"] and g["label"] == "US"),
        "bytedance_papers_in_top100": int(top["bytedance"]),
        "cn_papers_in_top100": int(top["cn"]),
        "us_papers_in_top100": int(top["us"]),
    }
    if papers < TOP_PAPERS:
        notes.append(f"only {papers} papers: the 'top {TOP_PAPERS}' is every paper")
    return Result(headline, rows, [snap.snapshot_id], notes)


# -- POP3 ---------------------------------------------------------------------------------------
# Topics by keywords in the title (lower-cased). Each entry is a regular-expression fragment that must
# start a word (preceded by the start of the title or a character that is not a letter or digit), so a
# fragment is a word stem: `medic` matches "medical" and "medicine", not "biomedical" (listed apart).
# A paper counts in every topic it matches; a paper matching none is "other". No backslashes: the
# same text runs on Spark, whose string literals would read them as escapes.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "medical",
        (
            "medic",
            "biomedic",
            "clinic",
            "radiolog",
            "patholog",
            "health",
            "patient",
            "disease",
            "diagnos",
            "surgical",
            "surgery",
            "ehr([^a-z]|$)",
            "x-ray",
            "mri([^a-z]|$)",
            "hospital",
            "cancer",
            "tumo",
            "ophthalm",
            "dermatolog",
            "cardi",
        ),
    ),
    (
        "biology & chemistry",
        (
            "protein",
            "molecul",
            "drug",
            "genom",
            "gene([^a-z]|$)",
            "genes([^a-z]|$)",
            "dna",
            "rna([^a-z]|$)",
            "single-cell",
            "cell([^a-z]|$)",
            "cells([^a-z]|$)",
            "chemi",
            "biolog",
            "enzym",
            "antibod",
            "peptide",
        ),
    ),
    (
        "earth & physical science",
        (
            "material",
            "crystal",
            "weather",
            "climate",
            "physic",
            "astro",
            "quantum",
            "geospatial",
            "remote sensing",
            "satellite",
            "earth",
        ),
    ),
    (
        "robotics",
        (
            "robot",
            "manipulation",
            "locomotion",
            "humanoid",
            "embodied",
            "vision-language-action",
            "vla([^a-z]|$)",
            "grasp",
            "sim-to-real",
            "dexterous",
            "autonomous driving",
            "imitation learning",
            "demonstration",
        ),
    ),
    ("code", ("code([^a-z]|$)", "coding", "program", "software", "compiler", "repository-level", "agentic coding")),
    ("math", ("math", "theorem", "proof", "olympiad", "arithmetic", "geometr", "algebra")),
    (
        "vision",
        (
            "image",
            "visual",
            "vision",
            "segmentation",
            "detection",
            "depth",
            "3d([^a-z]|$)",
            "gaussian splatting",
            "pixel",
            "photo",
            "scene",
        ),
    ),
    ("video", ("video",)),
    (
        "speech & audio",
        (
            "speech",
            "audio",
            "voice",
            "tts([^a-z]|$)",
            "text-to-speech",
            "asr([^a-z]|$)",
            "music",
            "sound",
            "spoken",
            "acoustic",
        ),
    ),
    (
        "multimodal",
        ("multimodal", "multi-modal", "vision-language", "image-text", "mllm", "vlm", "document", "ocr([^a-z]|$)"),
    ),
    ("agents", ("agent", "tool-us", "tool us", "gui([^a-z]|$)", "web navigation")),
    ("reasoning", ("reason", "chain-of-thought", "test-time", "reward")),
    (
        "language models",
        (
            "language model",
            "llm",
            "pretrain",
            "pre-train",
            "instruction",
            "tokeniz",
            "tokenizer-free",
            "multilingual",
            "multi-lingual",
            "alignment",
            "preference",
            "embedding",
            "retriev",
            "chat",
        ),
    ),
    (
        "efficiency",
        (
            "quantiz",
            "speculative",
            "sparse",
            "mixture-of-experts",
            "moe([^a-z]|$)",
            "kv cache",
            "kv-cache",
            "efficien",
            "compression",
            "prun",
            "distill",
            "kernel",
        ),
    ),
)
OTHER_TOPIC = "other"
MIN_TOPIC_PAPERS = 10  # a topic ranks by its share of papers with artifacts only from this many papers


def topic_regex(stems: tuple[str, ...]) -> str:
    return "(^|[^a-z0-9])(" + "|".join(stems) + ")"


def topics_sql(source: str) -> str:
    """(paper_id, topic) for every topic a title of `source(paper_id, t)` matches. One constant pattern per
    branch: a pattern read from a column would be compiled again for every row."""
    return " UNION ALL ".join(
        f"SELECT paper_id, {quote(t)} AS topic FROM {source} WHERE regexp_matches(t, {quote(topic_regex(s))})"
        for t, s in TOPICS
    )


def present_repos_sql(ctx: Context) -> tuple[str, list[int], list[str]]:
    """Models and datasets present at the newest snapshot of each kind up to as-of: (kind, repo_id)."""
    parts, sids, notes = [], [], []
    for kind in ("model", "dataset"):
        snap, why = complete_or_partial(ctx, kind)
        notes += why
        if snap is not None:
            sids.append(snap.snapshot_id)
            parts.append(present_sql(ctx, snap, f"'{kind}' AS kind, repo_id", kind, alias=f"s{kind[0]}", wrap=False))
    if not parts:
        return "(SELECT CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS VARCHAR) AS repo_id WHERE 1 = 0)", sids, notes
    return "(" + " UNION ALL ".join(parts) + ")", sids, notes


PAPER_REFS = "_hc_pop3_paper_refs"  # the shared table of `paper_refs_sql` over every model and dataset


def paper_refs_sql(models: str = tagged_repos("model"), datasets: str = tagged_repos("dataset")) -> str:
    """(paper_id, kind, repo_id): the papers each of `models` and `datasets` (subqueries with repo_id and tags)
    links to by an `arxiv:` tag, as the store's `paper_repos` reads them (case-insensitive, version dropped). A
    function of the repo's own tags, whatever the date: `enrich` keeps it, updating the repos whose tags changed
    (`tag_carry`), where reading every tag of the Hub was a second per date."""
    return f"""(
        SELECT DISTINCT regexp_replace(substr(tag, 7), 'v[0-9]+$', '') AS paper_id, kind, repo_id FROM (
            SELECT 'model' AS kind, repo_id, unnest(tags) AS tag FROM {models} m
            UNION ALL SELECT 'dataset' AS kind, repo_id, unnest(tags) AS tag FROM {datasets} d
        ) t WHERE lower(tag) LIKE 'arxiv:%'
    )"""


def paper_links(ctx: Context) -> tuple[str, list[int], list[str]]:
    """(paper_id, has_model, has_dataset): each paper that a present model or dataset links to by its arxiv
    tag, with the snapshots the present repos come from and notes. Reading every repo's tags for arXiv
    links is the costly part of POP3, and each of its queries needs it: once per run."""
    present, sids, notes = present_repos_sql(ctx)
    links = ctx.shared(
        f"_hc_paper_links_{hashlib.sha256(present.encode()).hexdigest()[:12]}",  # one per set of snapshots
        f"""(
            SELECT regexp_replace(pr.paper_id, 'v[0-9]+$', '') AS paper_id,
                   max(CASE WHEN pr.kind = 'model' THEN 1 ELSE 0 END) AS has_model,
                   max(CASE WHEN pr.kind = 'dataset' THEN 1 ELSE 0 END) AS has_dataset
            FROM {PAPER_REFS} pr JOIN {present} r ON r.kind = pr.kind AND r.repo_id = pr.repo_id
            GROUP BY 1
        )""",
        needs=((PAPER_REFS, paper_refs_sql()),),
    )
    return links, sids, notes


@metric(
    spec="POP3",
    name="papers_with_artifacts",
    title="Daily papers that release models or datasets, by topic",
    chapter="popularity",
    published="Medical papers are prominent among papers that release artifacts; Big Tech's papers rarely do.",
    definition=(
        "Every daily paper listed in the newest snapshot holding daily papers on or before the as-of date. A paper "
        "releases artifacts when at least one model or dataset present in the newest snapshot of its kind (complete "
        "preferred) carries the tag `arxiv:<paper id>` (the Hub's link from a repo to a paper; a version suffix such "
        "as v2 is ignored; spaces do not count). Topics are assigned by keywords in the title, case-insensitive, each "
        "keyword a word stem that must start a word; a paper counts in every topic it matches, 'other' when none (the "
        "lists are `papers.TOPICS`: medical — medic, biomedic, clinic, radiolog, patholog, health, patient, disease, "
        "diagnos, surgery, EHR, MRI, X-ray, hospital, cancer, tumo(u)r, ophthalm, dermatolog, cardi; biology & "
        "chemistry — protein, molecul, drug, genom, gene(s), DNA, RNA, cell(s), chemi, biolog, enzym, antibod, peptide; "
        "earth & physical science; robotics; code; math; vision; video; speech & audio; multimodal; agents; reasoning; "
        "language models; efficiency). Per topic: papers, papers with artifacts, their share, papers with models, with "
        f"datasets. `top_topic_by_share` and `medical_rank` rank topics of at least {MIN_TOPIC_PAPERS} papers by that "
        "share (ties by name; 'other' excluded). Big Tech: papers whose claiming organisation "
        "(`paper_organization.name`, as in POP2) is Big Tech in the registry; `big_tech_share_of_artifact_papers` = "
        "their part of all papers with artifacts; artifact rates of Big Tech's papers and of every other paper."
    ),
    headline_keys=(
        "papers",
        "papers_with_artifacts",
        "artifact_share",
        "papers_with_models",
        "papers_with_datasets",
        "top_topic_by_share",
        "top_topic_share",
        "medical_papers",
        "medical_with_artifacts",
        "medical_artifact_share",
        "medical_rank",
        "big_tech_papers",
        "big_tech_share_of_artifact_papers",
        "big_tech_artifact_share",
        "other_artifact_share",
    ),
    out_of_reach="Artifacts released elsewhere (GitHub, Zenodo, a lab's site) or on the Hub without an arxiv tag are not linked; topics come from titles, not from the papers' text.",
)
def papers_with_artifacts(ctx: Context) -> Result:
    snap, notes = paper_snapshot(ctx)
    if snap is None:
        return Result({}, [], [], notes)
    links, sids, why = paper_links(ctx)
    notes += why
    base = f"""
        WITH p AS {papers_sql(snap)},
        who AS {attribution_sql("p")},
        links AS {links},
        pa AS (
            SELECT p.paper_id, lower(COALESCE(p.title, '')) AS t,
                   CASE WHEN w.kind = '{BIG_TECH}' THEN 1 ELSE 0 END AS big_tech,
                   COALESCE(l.has_model, 0) AS has_model, COALESCE(l.has_dataset, 0) AS has_dataset,
                   CASE WHEN l.paper_id IS NULL THEN 0 ELSE 1 END AS has_art
            FROM p LEFT JOIN who w ON w.ns = p.ns LEFT JOIN links l ON l.paper_id = p.paper_id
        ),
        topics AS ({topics_sql("pa")}),
        pt AS (
            SELECT pa.paper_id, pa.big_tech, pa.has_model, pa.has_dataset, pa.has_art, COALESCE(tp.topic, '{OTHER_TOPIC}') AS topic
            FROM pa LEFT JOIN topics tp ON tp.paper_id = pa.paper_id
        )"""
    [tot] = ctx.rows(f"""{base}
        SELECT count(*) AS papers, COALESCE(sum(has_art), 0) AS with_art, COALESCE(sum(has_model), 0) AS with_models,
               COALESCE(sum(has_dataset), 0) AS with_datasets, COALESCE(sum(big_tech), 0) AS bt,
               COALESCE(sum(big_tech * has_art), 0) AS bt_art
        FROM pa
    """)
    papers = int(tot["papers"])
    if not papers:
        return Result({"papers": 0}, [], [snap.snapshot_id, *sids], notes + ["no daily papers"])
    data = ctx.rows(f"""{base}
        SELECT topic, count(*) AS papers, sum(has_art) AS with_art, sum(has_model) AS with_models,
               sum(has_dataset) AS with_datasets, sum(big_tech) AS big_tech, sum(big_tech * has_art) AS big_tech_art
        FROM pt GROUP BY topic ORDER BY topic
    """)
    rows = [
        {
            "topic": r["topic"],
            "papers": int(r["papers"]),
            "with_artifacts": int(r["with_art"]),
            "artifact_share": share(int(r["with_art"]), int(r["papers"])),
            "with_models": int(r["with_models"]),
            "with_datasets": int(r["with_datasets"]),
            "big_tech_papers": int(r["big_tech"]),
            "big_tech_with_artifacts": int(r["big_tech_art"]),
        }
        for r in data
    ]
    ranked = sorted(
        (r for r in rows if r["topic"] != OTHER_TOPIC and r["papers"] >= MIN_TOPIC_PAPERS),
        key=lambda r: (-(r["artifact_share"] or 0), r["topic"]),
    )
    for i, r in enumerate(ranked, start=1):
        r["rank"] = i
    order = {t: i for i, (t, _) in enumerate(TOPICS)}
    rows.sort(key=lambda r: (order.get(r["topic"], len(order)), r["topic"]))
    for r in rows:
        r.setdefault("rank", None)
    med = next((r for r in rows if r["topic"] == "medical"), None)
    with_art, bt, bt_art = int(tot["with_art"]), int(tot["bt"]), int(tot["bt_art"])
    headline = {
        "papers": papers,
        "papers_with_artifacts": with_art,
        "artifact_share": share(with_art, papers),
        "papers_with_models": int(tot["with_models"]),
        "papers_with_datasets": int(tot["with_datasets"]),
        "top_topic_by_share": ranked[0]["topic"] if ranked else None,
        "top_topic_share": ranked[0]["artifact_share"] if ranked else None,
        "medical_papers": med["papers"] if med else 0,
        "medical_with_artifacts": med["with_artifacts"] if med else 0,
        "medical_artifact_share": med["artifact_share"] if med else None,
        "medical_rank": med["rank"] if med else None,
        "big_tech_papers": bt,
        "big_tech_share_of_artifact_papers": share(bt_art, with_art),
        "big_tech_artifact_share": share(bt_art, bt),
        "other_artifact_share": share(with_art - bt_art, papers - bt),
    }
    if med and med["rank"] is None:
        notes.append(f"medical has fewer than {MIN_TOPIC_PAPERS} papers: not ranked")
    return Result(headline, rows, sorted({snap.snapshot_id, *sids}), notes)
