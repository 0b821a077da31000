"""Enrichment at Hub scale: lineage and families, parameter counts, attribution.

    python benchmarks/bench_enrich.py              # full scale: 2.2M models, 1 snapshot
    python benchmarks/bench_enrich.py --scale 0.1

Uses the inputs and the ingested store of `bench_ingest.py` (it runs that ingest first if the store is
not there). The baseline, measured in the same run, is DuckDB reading the model rows the enrichment
reads (ids, tags, card data, counts) and unnesting every tag once: the least any enrichment must do.
Target (issue: enrichment): 2.2M models with ~1M lineage edges enriched in under 30 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

from bench_ingest import GIB, fmt_row, generate, measure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hubcensus-bench")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {"HUBCENSUS_MEMORY_LIMIT": os.environ.get("HUBCENSUS_MEMORY_LIMIT", "2GB")}
    hub = generate(args.work, args.scale, 1)
    [snap] = sorted(p for p in hub.iterdir() if p.is_dir())
    base = args.work / f"enrich-input-{hub.name}.duckdb"
    if not base.exists():
        measure(
            textwrap.dedent(f"""
            from hubcensus.cli import main
            assert main(["ingest", {str(snap)!r}, "--db", {str(base)!r}, "--no-enrich"]) == 0
        """),
            env,
        )
    db = args.work / "enrich.duckdb"
    shutil.copy(base, db)
    baseline = measure(
        textwrap.dedent(f"""
        import duckdb
        con = duckdb.connect({str(db)!r}, read_only=True)
        con.execute("SET memory_limit = '{env["HUBCENSUS_MEMORY_LIMIT"]}'")
        con.execute("SELECT count(*), count(DISTINCT t) FROM (SELECT repo_id, unnest(tags) AS t, card_data FROM repos WHERE kind = 'model')").fetchall()
    """)
    )
    ours = measure(
        textwrap.dedent(f"""
        from hubcensus.cli import main
        assert main(["enrich", "--db", {str(db)!r}]) == 0
    """),
        env,
    )
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    models, edges = con.execute(
        "SELECT (SELECT count(*) FROM repos WHERE kind = 'model'), (SELECT count(*) FROM lineage)"
    ).fetchone()
    con.close()
    print(f"\nEnrichment at {args.scale:g}x Hub scale: {models:,} models, {edges:,} lineage edges")
    print(fmt_row("baseline: read + unnest tags", f"{baseline['seconds']:.1f} s", "(baseline)", None))
    print(
        fmt_row(
            "hubcensus enrich",
            f"{ours['seconds']:.1f} s",
            "< 30 s" if args.scale == 1 else "",
            ours["seconds"] < 30 if args.scale == 1 else None,
        )
    )
    print(fmt_row("  ratio to baseline", f"{ours['seconds'] / baseline['seconds']:.2f}x", "", None))
    print(fmt_row("  peak RSS", f"{ours['peak_rss'] / GIB:.2f} GiB", "", None))


if __name__ == "__main__":
    main()
