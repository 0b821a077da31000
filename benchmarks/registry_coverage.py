"""How much of the real samples' downloads the registry attributes, and which namespaces it still misses.

    python benchmarks/registry_coverage.py                       # the shipped registry
    python benchmarks/registry_coverage.py --before OLD.csv      # a second registry side by side (e.g. from git)
    python benchmarks/registry_coverage.py --heavy               # every namespace with a >100k-download model
    python benchmarks/registry_coverage.py --missing 40          # the largest unattributed namespaces per sample

Why a script and not a test: the figures are a measurement of the registry against the real samples in
`../shared/data/real/` (not shipped, not copied), quoted in docs/registry.md; rerun it after adding rows.

How each sample is read (the same rules as docs/registry.md, "Coverage measured on the real samples"):
- the namespace is the `author` column where the sample has one, else the part of the id before `/`;
- namespace-less ("canonical") ids of 2022-07 (`bert-base-uncased`, `gpt2`, ...) are mapped to the namespaces they
  moved to in 2024 (`canonical_namespace`), the rest to `huggingface` as the Hub's API gave them then;
- a model listed several times (models-by-task, the trending series, the DeepSeek tree) counts once, at its highest
  `downloads`; downloads are the samples' 30-day counts.

A namespace is *attributed* when it has a registry row (matched exactly, else case-insensitively, as enrichment does):
the row gives a sector and a country, or a deliberately blank country (international / no clear base).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"
HEAVY = 100_000  # a model above this many 30-day downloads in any sample makes its namespace "heavy"

# Namespace-less ids moved to these namespaces in 2024 (docs/registry.md); checked in order, first prefix wins.
CANONICAL_MOVES: tuple[tuple[str, str], ...] = (
    ("bert-base-german-dbmdz-", "dbmdz"),
    ("bert-", "google-bert"),
    ("distil", "distilbert"),
    ("gpt2", "openai-community"),
    ("openai-gpt", "openai-community"),
    ("roberta-base-openai-detector", "openai-community"),
    ("roberta-large-openai-detector", "openai-community"),
    ("roberta-", "FacebookAI"),
    ("xlm-roberta-", "FacebookAI"),
    ("xlm-mlm-", "FacebookAI"),
    ("xlm-clm-", "FacebookAI"),
    ("albert-", "albert"),
    ("t5-", "google-t5"),
    ("xlnet-", "xlnet"),
    ("transfo-xl-", "transfo-xl"),
    ("camembert-", "almanach"),
    ("ctrl", "Salesforce"),
)


def canonical_namespace(model_id: str) -> str:
    """The namespace a namespace-less model id moved to in 2024, else `huggingface` (the API's author then)."""
    for prefix, ns in CANONICAL_MOVES:
        if model_id.startswith(prefix):
            return ns
    return "huggingface"


@dataclass(frozen=True)
class Sample:
    name: str
    sql: str  # (author, item, downloads): one row per distinct item


def samples(real: Path = REAL) -> list[Sample]:
    """The real samples as (author, item, downloads) queries; the trending series is one sample."""
    r = str(real)
    ns = "CASE WHEN contains({0}, '/') THEN split_part({0}, '/', 1) END"
    return [
        Sample(
            "models-2022-07",
            f"SELECT coalesce({ns.format('model')}, canonical(model)) AS author, model AS item, max(downloads) AS downloads "
            f"FROM '{r}/models-2022-07.parquet' GROUP BY ALL",
        ),
        Sample(
            "models-2022-10",
            f"SELECT author, modelId AS item, max(downloads) AS downloads FROM '{r}/models-2022-10.parquet' GROUP BY ALL",
        ),
        Sample(
            "datasets-2023-03",
            f"SELECT author, dataset_name AS item, max(downloads) AS downloads FROM '{r}/datasets-2023-03.parquet' GROUP BY ALL",
        ),
        Sample(
            "top-models-2025-03",
            f"SELECT split_part(model_id, '/', 1) AS author, model_id AS item, max(downloads) AS downloads "
            f"FROM read_csv_auto('{r}/top-models-2025-03.csv') GROUP BY ALL",
        ),
        Sample(
            "models-by-task-2025-03",
            f"SELECT split_part(model_id, '/', 1) AS author, model_id AS item, max(downloads) AS downloads "
            f"FROM read_csv_auto('{r}/models-by-task-2025-03.csv') GROUP BY ALL",
        ),
        Sample(
            "deepseek-r1-tree-2025-04",
            f"SELECT split_part(model_id, '/', 1) AS author, model_id AS item, "
            f"max(TRY_CAST(json_extract_string(TRY_CAST(metadata AS JSON), '$.downloads') AS BIGINT)) AS downloads "
            f"FROM read_csv_auto('{r}/deepseek-r1-tree-2025-04.csv') GROUP BY ALL",
        ),
        Sample(
            "trending-feature-extraction",
            f"SELECT coalesce(author, split_part(id, '/', 1)) AS author, id AS item, max(downloads) AS downloads "
            f"FROM read_parquet('{r}/trending-feature-extraction/*.parquet', union_by_name=true) GROUP BY ALL",
        ),
        Sample(
            "trending-api-2026",
            "SELECT split_part(item, '/', 1) AS author, item, max(downloads) AS downloads FROM trending_api GROUP BY ALL",
        ),
    ]


def trending_api(real: Path = REAL) -> list[tuple[str, int, str | None, str | None]]:
    """The three real trending listings (api-responses/trending-*.json): (id, downloads, type, fullname)."""
    out = []
    for path in sorted((real / "api-responses").glob("trending-*.json")):
        for item_id, item in json.loads(path.read_text(encoding="utf-8")).items():
            data = item.get("repoData", item)
            who = data.get("authorData") or {}
            out.append((item_id, int(data.get("downloads") or 0), who.get("type"), who.get("fullname")))
    return out


def connect(real: Path = REAL) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.create_function("canonical", canonical_namespace, ["VARCHAR"], "VARCHAR")
    con.execute("CREATE TABLE trending_api (item VARCHAR, downloads BIGINT, type VARCHAR, fullname VARCHAR)")
    con.executemany("INSERT INTO trending_api VALUES (?, ?, ?, ?)", trending_api(real))
    return con


def read_registry(text: str) -> dict[str, tuple[str, str]]:
    """author -> (country, sector) of a registry CSV's text (no validation: an old file may predate a rule)."""
    rows = csv.DictReader(io.StringIO(text))
    return {r["author"]: (r["country"] or "", r["sector"]) for r in rows}


def shipped_registry() -> dict[str, tuple[str, str]]:
    return read_registry((ROOT / "src/hubcensus/enrich/data/registry.csv").read_text(encoding="utf-8"))


def resolve(author: str | None, reg: dict[str, tuple[str, str]], lower: dict[str, str]) -> tuple[str, str] | None:
    """The registry row an author takes: exact spelling, else case-insensitive (as enrichment matches)."""
    if author is None:
        return None
    if author in reg:
        return reg[author]
    hit = lower.get(author.lower())
    return reg[hit] if hit else None


@dataclass
class Coverage:
    sample: str
    downloads: int
    attributed: int  # downloads of namespaces with a registry row (a sector; a country or a deliberate blank)
    with_country: int  # ... of which the row names a country
    authors: int
    authors_attributed: int
    missing: list[tuple[str, int]]  # unattributed namespaces, largest first

    def share(self, part: int) -> float:
        return part / self.downloads if self.downloads else 0.0


def author_downloads(con: duckdb.DuckDBPyConnection, sample: Sample) -> list[tuple[str | None, int]]:
    q = f"SELECT author, sum(coalesce(downloads, 0))::BIGINT FROM ({sample.sql}) GROUP BY 1 ORDER BY 2 DESC"
    return con.execute(q).fetchall()


def coverage(
    con: duckdb.DuckDBPyConnection, sample: Sample, reg: dict[str, tuple[str, str]], keep_missing: int = 20
) -> Coverage:
    lower = {a.lower(): a for a in reg}
    total = attributed = with_country = n_attr = 0
    missing: list[tuple[str, int]] = []
    rows = author_downloads(con, sample)
    for author, dl in rows:
        total += dl
        hit = resolve(author, reg, lower)
        if hit is None:
            missing.append((author or "(none)", dl))
            continue
        n_attr += 1
        attributed += dl
        if hit[0]:
            with_country += dl
    return Coverage(sample.name, total, attributed, with_country, len(rows), n_attr, missing[:keep_missing])


def heavy_authors(con: duckdb.DuckDBPyConnection, threshold: int = HEAVY) -> dict[str, tuple[int, str, str]]:
    """Every namespace with a model above `threshold` downloads in any model sample: author -> (max, item, sample)."""
    out: dict[str, tuple[int, str, str]] = {}
    for s in samples():
        if s.name.startswith("datasets"):
            continue
        q = f"SELECT author, item, downloads FROM ({s.sql}) WHERE downloads > {threshold} AND author IS NOT NULL"
        for author, item, dl in con.execute(q).fetchall():
            if author not in out or dl > out[author][0]:
                out[author] = (int(dl), item, s.name)
    return out


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def table(rows: Iterable[list[str]]) -> str:
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, help="a second registry CSV to compare with (e.g. git show REV:path)")
    ap.add_argument("--heavy", action="store_true", help=f"list namespaces with a model above {HEAVY:,} downloads")
    ap.add_argument("--missing", type=int, default=0, help="print the N largest unattributed namespaces per sample")
    args = ap.parse_args(argv)
    if not REAL.is_dir():
        print(f"real samples not found at {REAL}", file=sys.stderr)
        return 2
    con = connect()
    after = shipped_registry()
    before = read_registry(args.before.read_text(encoding="utf-8")) if args.before else None
    if args.heavy:
        lower = {a.lower(): a for a in after}
        heavy = heavy_authors(con)
        print(f"{len(heavy)} namespaces with a model above {HEAVY:,} downloads; not in the registry:")
        for author, (dl, item, sample) in sorted(heavy.items(), key=lambda kv: -kv[1][0]):
            if resolve(author, after, lower) is None:
                print(f"  {author}\t{dl:,}\t{item}\t{sample}")
        if before is not None:
            lower_b = {a.lower(): a for a in before}
            had = sum(1 for a in heavy if resolve(a, before, lower_b) is not None)
            print(f"before: {had} of {len(heavy)} in the registry")
        have = sum(1 for a in heavy if resolve(a, after, lower) is not None)
        print(f"now: {have} of {len(heavy)} in the registry")
        return 0
    head = ["sample", "downloads attributed", "of which with a country", "namespaces attributed"]
    if before is not None:
        head = ["sample", "attributed before", "after", "with a country before", "after", "namespaces before", "after"]
    lines = [head, ["---"] * len(head)]
    for s in samples():
        now = coverage(con, s, after, args.missing)
        if before is None:
            lines.append(
                [
                    s.name,
                    pct(now.share(now.attributed)),
                    pct(now.share(now.with_country)),
                    f"{now.authors_attributed:,} of {now.authors:,}",
                ]
            )
        else:
            old = coverage(con, s, before)
            lines.append(
                [
                    s.name,
                    pct(old.share(old.attributed)),
                    pct(now.share(now.attributed)),
                    pct(old.share(old.with_country)),
                    pct(now.share(now.with_country)),
                    f"{old.authors_attributed:,}",
                    f"{now.authors_attributed:,} of {now.authors:,}",
                ]
            )
        if args.missing:
            print(f"{s.name}: largest unattributed namespaces")
            for author, dl in now.missing:
                print(f"  {author}\t{dl:,}\t{pct(now.share(dl))}")
    print(table(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
