"""The polars notebook: C1, G1, GEO1 and D1 over one raw synthetic snapshot, as an analyst fluent in polars
writes them (lazy scans and expressions; the lineage closure an iterative join until no new rows).

    python benchmarks/peer_polars.py SNAPSHOT_DIR C1 G1 GEO1 D1     # prints the headlines as JSON

It reads the files `hubcensus generate` writes (`models.parquet`, `authors.parquet`, …) and the registry CSV
that ships with hubcensus (`peer_rules.REGISTRY`), and never imports hubcensus. What each figure reproduces,
and what it leaves out, is said in `bench_peer`'s docstring.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import polars as pl

from peer_rules import (
    HEADLINE_FAMILIES,
    MAX_DEPTH,
    MIN_DOWNLOADS,
    NAMED_FAMILIES,
    NO_BASE,
    NO_NAMESPACE,
    NO_PARENT,
    R1_FROM,
    R1_TO,
    REGISTRY,
    RELATIONS,
    REPO_ID,
    UNATTRIBUTED,
    d1_headline,
    geo1_headline,
    name_pattern,
)


def namespace(repo_id: str = "id", author: str | None = "author") -> pl.Expr:
    """A repo's namespace: its author, else the part of its id before `/` (null for a bare id)."""
    parsed = pl.when(pl.col(repo_id).str.contains("/", literal=True)).then(pl.col(repo_id).str.split("/").list.first())
    return pl.coalesce(pl.col(author), parsed) if author else parsed


def downloads(models: pl.LazyFrame) -> tuple[str, pl.Expr]:
    """All-time downloads when the snapshot has them for any model (a model without counts 0), else 30-day."""
    has_all = "downloadsAllTime" in models.collect_schema().names() and bool(
        models.select(pl.col("downloadsAllTime").is_not_null().any()).collect().item()
    )
    field = "downloadsAllTime" if has_all else "downloads"
    return field, pl.col(field).fill_null(0).cast(pl.Int64)


def registry() -> pl.LazyFrame:
    """The registry, one row per lower-cased author (la). hubcensus matches a namespace to its row exactly,
    else case-insensitively when one row matches; with no two authors differing only in case (checked) that
    is one join on the lower-cased name."""
    reg = pl.scan_csv(REGISTRY, infer_schema=False).select(
        la=pl.col("author").str.strip_chars().str.to_lowercase(),
        country=pl.col("country").str.strip_chars().replace("", None),
        organisation=pl.col("organisation").str.strip_chars().replace("", None),
        parent_company=pl.col("parent_company").str.strip_chars().replace("", None),
    )
    dup = reg.group_by("la").len().filter(pl.col("len") > 1).collect()
    if dup.height:
        raise SystemExit(
            f"{REGISTRY}: authors differing only in case ({dup['la'][0]}): this notebook cannot match them"
        )
    return reg


def c1(snap: Path) -> dict[str, Any]:
    m = pl.scan_parquet(snap / "models.parquet")
    field, d = downloads(m)
    n = m.select(pl.len()).collect().item()
    k = max(1, round(n * 0.0001))
    desc = d.sort(descending=True)
    ranks = pl.int_range(1, pl.len() + 1).cast(pl.Float64)
    r = (
        m.select(
            total=d.sum(),
            under=(d < 200).sum(),
            top200=desc.head(200).sum(),
            topk=desc.head(k).sum(),
            weighted=(ranks * d.sort().cast(pl.Float64)).sum(),
        )
        .collect()
        .row(0, named=True)
    )
    return {
        "models": n,
        "downloads_field": field,
        "share_under_200": r["under"] / n,
        "top_200_share": r["top200"] / r["total"],
        "top_0_01pct_share": r["topk"] / r["total"],
        "gini": 2 * r["weighted"] / (n * r["total"]) - (n + 1) / n,
    }


def g1(snap: Path) -> dict[str, Any]:
    out, owners = {}, []
    for kind in ("models", "datasets", "spaces"):
        f = pl.scan_parquet(snap / f"{kind}.parquet").filter(pl.col("createdAt").is_not_null())
        out[kind] = f.select(pl.len()).collect().item()
        owners.append(f.select(ns=namespace()))
    out["authors"] = pl.concat(owners).select(pl.col("ns").drop_nulls().n_unique()).collect().item()
    return out


def user_accounts(snap: Path) -> pl.LazyFrame:
    """(ns) of the namespaces hubcensus takes for individuals outside the registry: a user account by the
    authors listing (or a repo's `authorData.type`) and an organisation nowhere — a paper's organisation
    counts as one."""
    flags = []
    if (snap / "authors.parquet").exists():
        a = pl.scan_parquet(snap / "authors.parquet")
        flags.append(a.select(ns=pl.col("name"), is_org=pl.col("type") == "org"))
    for kind in ("models", "datasets", "spaces"):
        f = pl.scan_parquet(snap / f"{kind}.parquet")
        if "authorData" in f.collect_schema().names():
            flags.append(f.select(ns=namespace(), is_org=pl.col("authorData").struct.field("type") == "org"))
    if (snap / "daily_papers.parquet").exists():
        p = pl.scan_parquet(snap / "daily_papers.parquet")
        flags.append(p.select(ns=pl.col("paper_organization").struct.field("name"), is_org=pl.lit(True)))
    return (
        pl.concat(flags)
        .drop_nulls("ns")
        .group_by("ns")
        .agg(user=(pl.col("is_org") == False).any() & ~(pl.col("is_org") == True).any())  # noqa: E712
        .filter("user")
        .select("ns")
    )


def geo1(snap: Path) -> dict[str, Any]:
    m = pl.scan_parquet(snap / "models.parquet")
    field, d = downloads(m)
    per_ns = m.group_by(ns=namespace()).agg(models=pl.len(), downloads=d.sum())
    users = user_accounts(snap).with_columns(user=pl.lit(True))
    labelled = (
        per_ns.with_columns(la=pl.col("ns").str.to_lowercase())
        .join(registry(), on="la", how="left")
        .join(users, on="ns", how="left")
        .with_columns(
            label=pl.when(pl.col("organisation").is_not_null())
            .then(pl.coalesce("country", pl.lit(NO_BASE)))
            .when(pl.col("user"))
            .then(pl.lit(NO_BASE))
            .otherwise(pl.lit(UNATTRIBUTED))
        )
        .group_by("label")
        .agg(pl.col("models").sum(), pl.col("downloads").sum())
        .collect()
    )
    labels = {r["label"]: (r["models"], r["downloads"]) for r in labelled.iter_rows(named=True)}
    return geo1_headline(labels, field)


def lineage_edges(m: pl.LazyFrame) -> pl.DataFrame:
    """(child, parent), one row per edge: the parents the tags and the card name, self-references dropped, a
    parent spelled in another case than the one model the snapshot holds matched to it."""
    rel = "|".join(RELATIONS)
    tags = (
        m.select(child="id", t=pl.col("tags").list.filter(pl.element().str.starts_with("base_model:")))
        .explode("t")
        .drop_nulls("t")
        .select(
            "child",
            parent=pl.when(pl.col("t").str.contains(f"^base_model:({rel}):"))
            .then(pl.col("t").str.extract(r"^base_model:[a-z]+:(.*)$", 1))
            .otherwise(pl.col("t").str.slice(11)),
        )
    )
    value = (
        m.filter(pl.col("cardData").str.contains("base_model", literal=True))
        .select(child="id", v=pl.col("cardData").str.json_path_match("$.base_model"))
        .drop_nulls("v")
    )
    card_lists = (
        value.filter(pl.col("v").str.starts_with("["))
        .select("child", parent=pl.col("v").str.json_decode(pl.List(pl.String)))
        .explode("parent")
    )
    card_ids = value.filter(
        ~pl.col("v").str.starts_with("[")
        & ~pl.col("v").str.contains("\n", literal=True)
        & ~pl.col("v").str.strip_chars_start().str.starts_with("base_model:")
    ).select("child", parent="v")
    cand = (
        pl.concat([tags, card_lists, card_ids])
        .filter(
            pl.col("parent").str.contains(REPO_ID)
            & ~pl.col("parent").str.to_lowercase().is_in(NO_PARENT)
            & (pl.col("child").str.to_lowercase() != pl.col("parent").str.to_lowercase())
        )
        .unique()
        .collect()  # read once: the three joins below each read it
        .lazy()
    )
    ids = m.select(parent="id")
    found = cand.join(ids, on="parent", how="semi")
    missing = cand.join(ids, on="parent", how="anti").with_columns(lp=pl.col("parent").str.to_lowercase())
    one_case = (
        m.select(fixed="id", lp=pl.col("id").str.to_lowercase())
        .join(missing.select("lp"), on="lp", how="semi")
        .group_by("lp")
        .agg(pl.col("fixed").min(), n=pl.len())
        .filter(pl.col("n") == 1)
    )
    fixed = missing.join(one_case, on="lp", how="left").select("child", parent=pl.coalesce("fixed", "parent"))
    return pl.concat([found, fixed]).unique().collect()


def descendants(edges: pl.DataFrame) -> pl.DataFrame:
    """(model, root): every model below each root (a node with no parent) at depth >= 1, by joining the edges
    onto the frontier until no new pair comes. Refuses a graph with a cycle: hubcensus breaks each one (the
    edge into its earliest-created member), which this notebook does not reproduce."""
    left = edges
    while True:  # peel edges whose parent has no parent left; what cannot be peeled is a cycle
        kept = left.join(left.select(parent="child").unique(), on="parent", how="semi")
        if kept.height == left.height:
            break
        left = kept
    if left.height:
        raise SystemExit(f"the lineage has cycles ({left.height} edges on or below them): not reproduced here")
    roots = edges.select(node="parent").unique().join(edges.select(node="child"), on="node", how="anti")
    frontier = edges.join(roots, left_on="parent", right_on="node", how="semi").select(model="child", root="parent")
    seen, depth = [frontier], 1
    while frontier.height:
        depth += 1
        if depth >= MAX_DEPTH:
            raise SystemExit(f"lineage deeper than {MAX_DEPTH}: hubcensus stops there, this notebook does not")
        # a pair met again deeper down (below a merge of two models of one root) is walked again, as hubcensus's
        # recursive walk does; the graph has no cycle, so the walk ends at the deepest model
        frontier = frontier.join(edges, left_on="model", right_on="parent").select(model="child", root="root").unique()
        seen.append(frontier)
    return pl.concat(seen).unique()


def family(ns: str, repo_id: str) -> pl.Expr:
    """The named family of a model (null for none): in one of the family's namespaces, its id naming the word."""
    expr = None
    for word, _, spaces in NAMED_FAMILIES:
        hit = pl.col(ns).is_in(spaces) & pl.col(repo_id).str.to_lowercase().str.contains(name_pattern(word))
        expr = (pl.when(hit) if expr is None else expr.when(hit)).then(pl.lit(word))
    return expr.otherwise(None)  # type: ignore[union-attr]


def d1(snap: Path) -> dict[str, Any]:
    m = pl.scan_parquet(snap / "models.parquet")
    field, d = downloads(m)
    edges = lineage_edges(m)
    pairs = descendants(edges).lazy()
    models = m.select("id", author=namespace(), d=d, created="createdAt")
    start = pl.datetime(*R1_FROM, time_zone="UTC")
    end = pl.datetime(*R1_TO, time_zone="UTC")
    big = pl.col("d") > MIN_DOWNLOADS
    in_r1 = big & (pl.col("created") >= start) & (pl.col("created") < end)
    # the namespace of a node: its author where the snapshot holds it, else its id's part before `/`
    owner = models.select(node="id", author="author")
    reg = registry()
    roots = (
        pairs.select(node="root")
        .unique()
        .join(owner, on="node", how="left")
        .with_columns(ns=pl.coalesce("author", namespace("node", None), pl.lit(NO_NAMESPACE)))
        .with_columns(fam=family("ns", "node"), la=pl.col("ns").str.to_lowercase())
        .join(reg, on="la", how="left")
        .select(root="node", fam="fam", developer=pl.coalesce("parent_company", "organisation", "ns"))
    )
    below = pairs.join(roots, on="root").join(models.rename({"id": "model"}), on="model")
    per_family = (
        below.filter(pl.col("fam").is_not_null())
        .unique(["fam", "model"])
        .group_by("fam")
        .agg(lineage=pl.len(), lineage_min5=big.sum(), lineage_r1_year_min5=in_r1.sum())
    )
    per_developer = below.unique(["developer", "model"]).group_by("developer").agg(n=pl.len()).collect()
    direct = (
        edges.lazy()
        .join(owner.rename({"node": "parent"}), on="parent", how="left")
        .with_columns(ns=pl.coalesce("author", namespace("parent", None), pl.lit(NO_NAMESPACE)))
        .with_columns(fam=family("ns", "parent"))
        .filter(pl.col("fam").is_not_null())
        .group_by("fam")
        .agg(direct=pl.col("child").n_unique())
    )
    named = m.select(
        text=pl.concat_str(
            pl.col("id"), pl.col("tags").list.join("\n").fill_null(""), separator="\n"
        ).str.to_lowercase(),
        d=d,
    )
    by_name = named.select(
        *(pl.col("text").str.contains(name_pattern(w)).sum().alias(f"{w}_by_name") for w in HEADLINE_FAMILIES),
        *(
            (pl.col("text").str.contains(name_pattern(w)) & (pl.col("d") > MIN_DOWNLOADS))
            .sum()
            .alias(f"{w}_by_name_min5")
            for w in HEADLINE_FAMILIES
        ),
    )
    children = edges.lazy().select(model="child").unique().join(models.rename({"id": "model"}), on="model")
    derivatives = children.select(n=pl.len(), big=big.sum())
    fam_rows, dir_rows, named_row, deriv = pl.collect_all([per_family, direct, by_name, derivatives])
    families: dict[str, dict[str, int]] = {w: {} for w in HEADLINE_FAMILIES}
    for r in fam_rows.iter_rows(named=True):
        families.setdefault(r.pop("fam"), {}).update(r)
    for r in dir_rows.iter_rows(named=True):
        families.setdefault(r["fam"], {})["direct"] = r["direct"]
    for w in HEADLINE_FAMILIES:
        families[w]["by_name"] = named_row[f"{w}_by_name"].item()
        families[w]["by_name_min5"] = named_row[f"{w}_by_name_min5"].item()
    developers = dict(per_developer.iter_rows())
    return d1_headline((deriv["n"].item(), deriv["big"].item()), families, developers, field)


QUESTIONS = {"C1": c1, "G1": g1, "GEO1": geo1, "D1": d1}


def answer(snap: Path, specs: list[str]) -> dict[str, Any]:
    """The headline of each spec asked, over the snapshot folder `snap`."""
    return {spec: QUESTIONS[spec](Path(snap)) for spec in specs}


if __name__ == "__main__":
    print(json.dumps(answer(Path(sys.argv[1]), sys.argv[2:])))
