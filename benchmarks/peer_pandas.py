"""The pandas notebook: C1, G1, GEO1 and D1 over one raw synthetic snapshot, written the idiomatic way
(vectorised column operations, merges and group-bys; no Python function per row or per group; the lineage
closure an iterative merge until no new rows).

    python benchmarks/peer_pandas.py SNAPSHOT_DIR C1 G1 GEO1 D1     # prints the headlines as JSON

It reads the files `hubcensus generate` writes and the registry CSV that ships with hubcensus
(`peer_rules.REGISTRY`), and never imports hubcensus. D1 reads the models with pandas's Arrow-backed dtypes
(`dtype_backend="pyarrow"`), as a pandas user who has to explode 20M tags would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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

# A card's `base_model` value as JSON text: a string or a list of strings (the first such key in the card).
CARD_VALUE = r'"base_model"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])'
QUOTED = r'"((?:[^"\\]|\\.)*)"'


def namespace(ids: pd.Series, author: pd.Series | None = None) -> pd.Series:
    """A repo's namespace: its author, else the part of its id before `/` (missing for a bare id)."""
    parsed = ids.str.extract(r"^([^/]+)/", expand=False)
    return parsed if author is None else author.fillna(parsed)


def downloads_field(path: Path) -> str:
    """All-time downloads when the snapshot has them for any model, else the 30-day counts."""
    has = "downloadsAllTime" in pq.read_schema(path).names
    if has and pd.read_parquet(path, columns=["downloadsAllTime"])["downloadsAllTime"].notna().any():
        return "downloadsAllTime"
    return "downloads"


def registry() -> pd.DataFrame:
    """The registry, one row per lower-cased author (la): see `peer_polars.registry` for why one join does."""
    reg = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    for col in reg.columns:
        reg[col] = reg[col].str.strip()
    reg = reg.mask(reg == "")
    reg["la"] = reg["author"].str.lower()
    if reg["la"].duplicated().any():
        raise SystemExit(f"{REGISTRY}: authors differing only in case: this notebook cannot match them")
    return reg[["la", "country", "organisation", "parent_company"]]


def c1(snap: Path) -> dict[str, Any]:
    field = downloads_field(snap / "models.parquet")
    d = pd.read_parquet(snap / "models.parquet", columns=[field])[field].fillna(0).astype("int64").to_numpy()
    n, total = len(d), int(d.sum())
    k = max(1, round(n * 0.0001))
    asc = np.sort(d)
    desc = asc[::-1]
    return {
        "models": n,
        "downloads_field": field,
        "share_under_200": float((d < 200).sum() / n),
        "top_200_share": float(desc[:200].sum() / total),
        "top_0_01pct_share": float(desc[:k].sum() / total),
        "gini": float(2 * (np.arange(1, n + 1, dtype="float64") * asc).sum() / (n * total) - (n + 1) / n),
    }


def g1(snap: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    owners = []
    for kind in ("models", "datasets", "spaces"):
        f = pd.read_parquet(snap / f"{kind}.parquet", columns=["id", "author", "createdAt"])
        f = f[f["createdAt"].notna()]
        out[kind] = len(f)
        owners.append(namespace(f["id"], f["author"]))
    out["authors"] = int(pd.concat(owners).dropna().nunique())
    return out


def user_accounts(snap: Path) -> pd.Index:
    """The namespaces hubcensus takes for individuals outside the registry: a user account by the authors
    listing (or a repo's `authorData.type`) and an organisation nowhere — a paper's organisation counts as one."""
    flags = []
    if (snap / "authors.parquet").exists():
        a = pd.read_parquet(snap / "authors.parquet", columns=["name", "type"])
        flags.append(
            pd.DataFrame({"ns": a["name"], "org": a["type"] == "org", "user": a["type"].notna() & (a["type"] != "org")})
        )
    for kind in ("models", "datasets", "spaces"):
        path = snap / f"{kind}.parquet"
        if "authorData" in pq.read_schema(path).names:
            f = pd.read_parquet(path, columns=["id", "author", "authorData"])
            t = f["authorData"].str.get("type")
            flags.append(
                pd.DataFrame(
                    {"ns": namespace(f["id"], f["author"]), "org": t == "org", "user": t.notna() & (t != "org")}
                )
            )
    if (snap / "daily_papers.parquet").exists():
        p = pd.read_parquet(snap / "daily_papers.parquet", columns=["paper_organization"])
        org = p["paper_organization"].str.get("name")
        flags.append(pd.DataFrame({"ns": org, "org": True, "user": False}))
    per_ns = pd.concat(flags).dropna(subset=["ns"]).groupby("ns")[["org", "user"]].any()
    return per_ns.index[per_ns["user"] & ~per_ns["org"]]


def geo1(snap: Path) -> dict[str, Any]:
    field = downloads_field(snap / "models.parquet")
    m = pd.read_parquet(snap / "models.parquet", columns=["id", "author", field])
    m = pd.DataFrame({"ns": namespace(m["id"], m["author"]), "d": m[field].fillna(0).astype("int64")})
    per_ns = m.groupby("ns", dropna=False)["d"].agg(models="size", downloads="sum").reset_index()
    per_ns["la"] = per_ns["ns"].str.lower()
    per_ns = per_ns.merge(registry(), on="la", how="left")
    per_ns["label"] = np.select(
        [per_ns["organisation"].notna(), per_ns["ns"].isin(user_accounts(snap))],
        [per_ns["country"].fillna(NO_BASE), NO_BASE],
        UNATTRIBUTED,
    )
    by = per_ns.groupby("label")[["models", "downloads"]].sum()
    labels = {lab: (int(r.models), int(r.downloads)) for lab, r in by.iterrows()}  # a few dozen labels
    return geo1_headline(labels, field)


def lineage_edges(m: pd.DataFrame) -> pd.DataFrame:
    """(child, parent), one row per edge: see `peer_polars.lineage_edges` (the same rules)."""
    tags = m["tags"].explode().dropna()
    tags = tags[tags.str.startswith("base_model:")]
    # `base_model:<relation>:X` loses its relation, then `base_model:X` its prefix (a replace runs in Arrow's
    # kernels where an extract would run Python's `re` per tag)
    parent = tags.str.replace(f"^base_model:(?:{'|'.join(RELATIONS)}):", "base_model:", regex=True).str.slice(11)
    from_tags = pd.DataFrame({"child": m.loc[tags.index, "id"], "parent": parent})
    cards = m.loc[m["cardData"].str.contains("base_model", regex=False, na=False), ["id", "cardData"]]
    value = cards["cardData"].str.extract(CARD_VALUE)[0].dropna()
    listed = value[value.str.startswith("[")].str.extractall(QUOTED)[0].droplevel("match")
    single = value[~value.str.startswith("[")].str.slice(1, -1)
    from_card = pd.concat([listed, single])
    from_card = pd.DataFrame({"child": cards.loc[from_card.index, "id"], "parent": from_card})
    # Arrow strings (pd.ArrowDtype), as the models were read: `isin` and the merges stay in Arrow's kernels
    cand = pd.concat([from_tags, from_card], ignore_index=True).astype(pd.ArrowDtype(pa.string()))
    cand = cand[
        cand["parent"].str.contains(REPO_ID)
        & ~cand["parent"].str.lower().isin(NO_PARENT)
        & (cand["child"].str.lower() != cand["parent"].str.lower())
    ].drop_duplicates()
    ids = m["id"]
    missing = ~cand["parent"].isin(ids)
    lp = cand.loc[missing, "parent"].str.lower()
    low = pd.DataFrame({"lp": ids.str.lower(), "id": ids})
    low = low[low["lp"].isin(lp)]
    one = low.groupby("lp")["id"].agg(["min", "size"])
    one = one.loc[one["size"] == 1, "min"]
    cand.loc[missing, "parent"] = lp.map(one).fillna(cand.loc[missing, "parent"])
    return cand.drop_duplicates().reset_index(drop=True)


def descendants(edges: pd.DataFrame) -> pd.DataFrame:
    """(model, root) at depth >= 1: see `peer_polars.descendants` (the same rules, the same refusals)."""
    left = edges
    while True:
        kept = left[left["parent"].isin(left["child"])]
        if len(kept) == len(left):
            break
        left = kept
    if len(left):
        raise SystemExit(f"the lineage has cycles ({len(left)} edges on or below them): not reproduced here")
    roots = edges.loc[~edges["parent"].isin(edges["child"]), "parent"]
    frontier = edges.loc[edges["parent"].isin(roots)].rename(columns={"child": "model", "parent": "root"})
    seen, depth = [frontier], 1
    while len(frontier):
        depth += 1
        if depth >= MAX_DEPTH:
            raise SystemExit(f"lineage deeper than {MAX_DEPTH}: hubcensus stops there, this notebook does not")
        step = frontier.merge(edges, left_on="model", right_on="parent")[["child", "root"]]
        frontier = step.rename(columns={"child": "model"}).drop_duplicates()
        seen.append(frontier)
    return pd.concat(seen, ignore_index=True).drop_duplicates()


def family(ns: pd.Series, repo_id: pd.Series) -> pd.Series:
    """The named family of each model (missing for none): in the family's namespaces, its id naming the word."""
    low = repo_id.str.lower()
    hits = [
        (ns.isin(spaces) & low.str.contains(name_pattern(word))).to_numpy(dtype=bool, na_value=False)
        for word, _, spaces in NAMED_FAMILIES
    ]
    return pd.Series(np.select(hits, [w for w, _, _ in NAMED_FAMILIES], None), index=ns.index)


def d1(snap: Path) -> dict[str, Any]:
    path = snap / "models.parquet"
    field = downloads_field(path)
    m = pd.read_parquet(path, columns=["id", "author", "tags", "cardData", "createdAt", field], dtype_backend="pyarrow")
    m["author"] = namespace(m["id"], m["author"])
    m["d"] = m[field].fillna(0).astype("int64")
    edges = lineage_edges(m)
    pairs = descendants(edges)
    owner = m.set_index("id")["author"]
    reg = registry().set_index("la")

    def ns_of(node: pd.Series) -> pd.Series:
        return node.map(owner).fillna(namespace(node)).fillna(NO_NAMESPACE)

    roots = pd.DataFrame({"root": pairs["root"].unique()})
    roots["ns"] = ns_of(roots["root"])
    roots["fam"] = family(roots["ns"], roots["root"])
    la = roots["ns"].str.lower()
    roots["developer"] = la.map(reg["parent_company"]).fillna(la.map(reg["organisation"])).fillna(roots["ns"])
    flags = m.set_index("id")[["d", "createdAt"]]
    below = pairs.merge(roots, on="root").join(flags, on="model")
    below["big"] = below["d"] > MIN_DOWNLOADS
    start, end = pd.Timestamp(*R1_FROM, tz="UTC"), pd.Timestamp(*R1_TO, tz="UTC")
    below["r1"] = below["big"] & (below["createdAt"] >= start) & (below["createdAt"] < end)
    fam = below.dropna(subset=["fam"]).drop_duplicates(["fam", "model"])
    per_family = fam.groupby("fam").agg(
        lineage=("model", "size"), lineage_min5=("big", "sum"), lineage_r1_year_min5=("r1", "sum")
    )
    per_developer = below.drop_duplicates(["developer", "model"]).groupby("developer").size()
    direct = edges.assign(fam=family(ns_of(edges["parent"]), edges["parent"])).dropna(subset=["fam"])
    direct = direct.groupby("fam")["child"].nunique()
    # by name: the lower-cased id or any tag naming the word; a cheap case-insensitive test first
    words = "|".join(w for w in HEADLINE_FAMILIES)
    tags = m["tags"].explode().dropna()
    tags = tags[tags.str.contains(words, case=False)].str.lower()
    ids = m.loc[m["id"].str.contains(words, case=False), "id"].str.lower()
    families: dict[str, dict[str, int]] = {}
    for w in HEADLINE_FAMILIES:  # three words
        pat = name_pattern(w)
        hit = pd.Index(np.union1d(tags.index[tags.str.contains(pat)], ids.index[ids.str.contains(pat)]))
        counts = per_family.loc[w] if w in per_family.index else pd.Series(0, index=per_family.columns)
        families[w] = {
            "direct": int(direct.get(w, 0)),
            **{k: int(v) for k, v in counts.items()},
            "by_name": len(hit),
            "by_name_min5": int((m.loc[hit, "d"] > MIN_DOWNLOADS).sum()),
        }
    children = flags.loc[edges["child"].unique(), "d"]
    developers = {k: int(v) for k, v in per_developer.items()}
    return d1_headline((len(children), int((children > MIN_DOWNLOADS).sum())), families, developers, field)


QUESTIONS = {"C1": c1, "G1": g1, "GEO1": geo1, "D1": d1}


def answer(snap: Path, specs: list[str]) -> dict[str, Any]:
    """The headline of each spec asked, over the snapshot folder `snap`."""
    return {spec: QUESTIONS[spec](Path(snap)) for spec in specs}


if __name__ == "__main__":
    print(json.dumps(answer(Path(sys.argv[1]), sys.argv[2:])))
