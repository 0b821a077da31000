"""Are the metric documents byte-identical before and after a change? Save them once, check them after.

A refactor that must not change behaviour is held to this: the demo store and a store of the real samples
(`../shared/data/real`) each answer `hubcensus metric --all --json`, and the files must match to the byte.

    python benchmarks/same_documents.py --save /tmp/docs-before     # on the commit before the change
    python benchmarks/same_documents.py --check /tmp/docs-before    # after it: exit 1 on any difference

Both stores are built from scratch in a temporary folder with the `hubcensus` on PATH (so run it from the
environment the change is installed in). The real-samples store is built the way the test suite builds it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"


def hubcensus(*args: str) -> str:
    done = subprocess.run(["hubcensus", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"hubcensus {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return done.stdout


def real_store(work: Path) -> Path:
    """The real samples as one store: the same files, order and options as the test suite's store."""
    db = work / "real.duckdb"
    series = work / "trending"
    series.mkdir()
    for f in sorted((REAL / "trending-feature-extraction").glob("*.parquet"))[::60]:
        shutil.copy(f, series / f.name)
    for path, extra in [
        (REAL / "models-2022-07.parquet", ["--complete"]),
        (REAL / "models-2022-10.parquet", ["--complete"]),
        (REAL / "datasets-2023-03.parquet", ["--complete"]),
        (REAL / "top-models-2025-03.csv", []),
        (REAL / "deepseek-r1-tree-2025-04.csv", ["--kind", "model"]),
        (series, []),
    ]:
        hubcensus("ingest", str(path), "--db", str(db), *extra)
    return db


def documents(work: Path) -> dict[str, str]:
    """{name: the JSON text of `metric --all --json`} for each store."""
    demo = work / "demo"
    hubcensus("demo", "--out", str(demo), "--models", "4000")
    docs = {"demo": hubcensus("metric", "--all", "--json", "--db", str(demo / "hubcensus.duckdb"))}
    if REAL.is_dir():
        docs["real"] = hubcensus("metric", "--all", "--json", "--db", str(real_store(work)))
    else:
        print(f"real samples not found at {REAL}: only the demo is compared", file=sys.stderr)
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the documents into this folder")
    group.add_argument("--check", type=Path, help="compare with the documents saved in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hubcensus-docs-") as tmp:
        docs = documents(Path(tmp))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, text in docs.items():
            (args.save / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"saved {', '.join(docs)} into {args.save}")
        return 0
    differ = 0
    for name, text in docs.items():
        before = (args.check / f"{name}.json").read_text(encoding="utf-8")
        if before == text:
            print(f"{name}: byte-identical ({len(text):,} bytes)")
            continue
        # The order of the findings may change on purpose; each finding's document may not.
        old_docs = {d["metric"]: d for d in json.loads(before)}
        new_docs = {d["metric"]: d for d in json.loads(text)}
        changed = sorted(
            m for m in old_docs.keys() | new_docs.keys() if _text(old_docs.get(m)) != _text(new_docs.get(m))
        )
        if not changed:
            print(f"{name}: every document byte-identical; only their order differs:")
            print(f"    before: {' '.join(d['spec'] for d in json.loads(before))}")
            print(f"    after:  {' '.join(d['spec'] for d in json.loads(text))}")
            continue
        differ += 1
        print(f"{name}: {len(changed)} document(s) differ: {', '.join(changed)}")
        for m in changed[:3]:
            lines = difflib.unified_diff(
                _text(old_docs.get(m)).splitlines(),
                _text(new_docs.get(m)).splitlines(),
                "before",
                "after",
                n=1,
                lineterm="",
            )
            for line in list(lines)[:30]:
                print("   ", line[:200])
    return 1 if differ else 0


def _text(doc: dict | None) -> str:
    """A document as the JSON text it is printed as (key order kept), or "" for a missing one."""
    return "" if doc is None else json.dumps(doc, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    raise SystemExit(main())
