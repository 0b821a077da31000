"""One question of one snapshot: hubcensus over its enriched store against the best peer an analyst has.

    pip install polars pandas      # benchmark-only: neither is a dependency of hubcensus
    python benchmarks/bench_peer.py --scale 0.1                  # 220k models (a tenth of the Hub)
    python benchmarks/bench_peer.py --scale 0.1 --specs GEO1 D1  # some of the questions
    python benchmarks/bench_peer.py                              # full scale: 2.2M models

The peers read the raw synthetic snapshot (the files `hubcensus generate` writes) and never import hubcensus:
- a polars notebook (`peer_polars.py`): lazy scans and expressions; the lineage closure an iterative join;
- an idiomatic pandas notebook (`peer_pandas.py`): vectorised, no Python per row or per group.
Both copy the metrics' rules from their `definition` text (`peer_rules.py`) and read the registry of who is
who that ships with hubcensus (`src/hubcensus/enrich/data/registry.csv`) as a CSV file, as an analyst doing
this honestly would. hubcensus answers `hubcensus metric X --json` over the store `ingest` + `enrich` built;
that one-time load is timed and printed apart. Every step is a whole process (`bench_ingest.measure`: wall
time from the interpreter's start, peak RSS its own, and its CPU time), and each notebook's headline keys are
checked equal to hubcensus's (floats to 1e-5 relative: hubcensus rounds to 6 significant digits) before any
of its times is printed.

The headline keys each notebook reproduces (all of them but where said):
- C1: every key (models, downloads_field, share_under_200, top_200_share, top_0_01pct_share, gini).
- G1: models, datasets, spaces, authors.
- GEO1: every key (downloads_field, models, total_downloads, top_countries, top_country, the US/CN/GB/DE/FR
  shares, no_base_share, unattributed_share). A namespace's label is its registry row's country (a row with
  no country: the no-base bucket), else the no-base bucket for a user account that is an organisation nowhere
  (authors listing, a repo's authorData, a paper's organisation), else unattributed. The registry is matched
  on the lower-cased name: hubcensus matches exactly, else case-insensitively when one row matches, which is
  the same while no two registry authors differ only in case (the notebooks check that and stop otherwise).
  The no-base bucket's split by registry kind is a note, not a headline key, and is not reproduced.
- D1: derivatives and derivatives_min5; for Qwen, Llama and DeepSeek the direct, transitive (`_lineage`,
  `_lineage_min5`, `_lineage_r1_year_min5`) and by-name (`_by_name`, `_by_name_min5`) counts; the developers'
  transitive counts (alibaba/google/meta_lineage, their ratio, top_developer and its count: registry parent
  company, else organisation, else namespace). Lineage is rebuilt from the snapshot's own fields: the
  `base_model:X` and `base_model:<relation>:X` tags and the card's top-level `base_model` (a string or a list);
  a reference that is not a repo id or says none is dropped, self-references (any case) are dropped, and a
  parent spelled in another case than the one model holding that id is matched to it. Not reproduced, and
  so refused or absent rather than approximated: hubcensus's cleaning of references written as URLs, quoted
  or bracketed text and its YAML reading of cards written as text (the synthetic snapshots hold none: enrich
  records no `cleaned` or `malformed` issue; the notebooks drop such references, so a snapshot with them
  would fail the equality check); the API's `baseModels` (the synthetic files have no such column); cycle
  breaking (a notebook stops with a message when the lineage has a cycle); and the relations of the edges,
  which no headline key reads. The pandas notebook finds the card's value with a regex (the first
  `"base_model":` key), the polars one with a JSON path.

Targets (issue 21): C1, G1 and GEO1 each no slower than polars and at no more memory (D1's figures are
printed for information); `metric --all` < 10 s and `report` < 15 s at full scale. On a machine shared with
other work the wall times grow with the load: the load average is printed with each question's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
from pathlib import Path
from typing import Any

from bench_ingest import GIB, fmt_row, generate, measure

SPECS = ("C1", "G1", "GEO1", "D1")
TARGETED = ("C1", "G1", "GEO1")  # issue 21: each no slower than the polars notebook, at no more memory
NOTEBOOKS = (("polars (lazy scan)", "peer_polars"), ("pandas (vectorised)", "peer_pandas"))
HERE = Path(__file__).resolve().parent

# A notebook as its own process: it imports its module (polars or pandas with it) and answers the question.
NOTEBOOK = r"""
import json, sys
sys.path.insert(0, {here!r})
from {module} import answer
open({out!r}, "w").write(json.dumps(answer({snap!r}, {specs!r})))
"""

# The command as the `hubcensus` script runs it; what it prints goes to `keep` (a file), or nowhere.
CLI = r"""
import contextlib, io
from hubcensus.cli import main
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    rc = main({argv!r})
assert rc == 0, rc
if {keep!r}:
    open({keep!r}, "w").write(printed.getvalue())
"""


def timed(code: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """`bench_ingest.measure` (wall time, peak RSS), and the CPU time the process used (user + system): on a
    machine shared with other work the wall time grows with the load, the CPU time much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = measure(code, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {**figures, "cpu": cpu}


def hubcensus(argv: list[str], env: dict[str, str], keep: Path | None = None) -> dict[str, Any]:
    """`hubcensus ARGV` in its own process: wall time, CPU time and peak RSS (and what it printed, into `keep`)."""
    return timed(CLI.format(argv=argv, keep=str(keep) if keep else ""), env)


def peer(module: str, snap: Path, spec: str, out: Path) -> dict[str, Any]:
    """A notebook (`peer_polars` or `peer_pandas`) answering `spec` in its own process: its headline (written to
    `out`), wall time, CPU time and peak RSS."""
    figures = timed(NOTEBOOK.format(here=str(HERE), module=module, out=str(out), snap=str(snap), specs=[spec]))
    return {**figures, "headlines": json.loads(out.read_text())}


def same(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    bad = []
    for key, val in theirs.items():
        mine = ours.get(key)
        if isinstance(val, float):
            ok = isinstance(mine, int | float) and abs(mine - val) <= 1e-5 * max(1.0, abs(val))
        else:
            ok = mine == val
        if not ok:
            bad.append(f"{key}: hubcensus {mine!r}, peer {val!r}")
    return bad


def compare(spec: str, snap: Path, db: Path, work: Path, env: dict[str, str]) -> None:
    """One question: hubcensus over its store, then each notebook over the raw files, each notebook's headline
    checked equal to hubcensus's before any of its times is printed."""
    ours_out = work / f"peer-ours-{spec}.json"
    ours = hubcensus(["metric", spec, "--json", "--db", str(db)], env, ours_out)
    headline = json.loads(ours_out.read_text())["headline"]
    target = spec in TARGETED
    print(f"\n{spec}: one question, whole processes (load average {os.getloadavg()[0]:.1f})")
    print(fmt_row(f"hubcensus metric {spec} --json", f"{ours['seconds']:.2f} s", "", None))
    print(fmt_row("  its CPU time", f"{ours['cpu']:.2f} s", "", None))
    print(fmt_row("  its peak RSS", f"{ours['peak_rss'] / 2**20:.0f} MiB", "", None))
    for name, module in NOTEBOOKS:
        res = peer(module, snap, spec, work / f"peer-{module}-{spec}.json")
        theirs = res["headlines"][spec]
        bad = same(headline, theirs)
        if bad:
            raise SystemExit(f"{spec}: {name} disagrees with hubcensus: {'; '.join(bad)}")
        aim = target and module == "peer_polars"
        mark = "hubcensus <= it" if aim else "(info)"
        print(
            fmt_row(
                f"{name} over the raw parquet",
                f"{res['seconds']:.2f} s",
                mark,
                ours["seconds"] <= res["seconds"] if aim else None,
            )
        )
        print(fmt_row("  its CPU time", f"{res['cpu']:.2f} s", mark, ours["cpu"] <= res["cpu"] if aim else None))
        print(
            fmt_row(
                "  its peak RSS",
                f"{res['peak_rss'] / 2**20:.0f} MiB",
                mark,
                ours["peak_rss"] <= res["peak_rss"] if aim else None,
            )
        )
        print(fmt_row(f"  same headline ({len(theirs)} keys)", "yes", "", None))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of Hub scale (default 1.0: 2.2M models)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hubcensus-bench")
    ap.add_argument("--specs", nargs="+", choices=SPECS, default=list(SPECS), help="the questions (default: all)")
    ap.add_argument("--skip-report", action="store_true", help="leave out `metric --all` and `report`")
    args = ap.parse_args()
    try:
        import pandas  # noqa: F401
        import polars  # noqa: F401
    except ImportError:
        raise SystemExit("the peers need polars and pandas: pip install polars pandas (benchmark-only)") from None
    args.work.mkdir(parents=True, exist_ok=True)
    env = {"HUBCENSUS_MEMORY_LIMIT": os.environ.get("HUBCENSUS_MEMORY_LIMIT", "2GB")}
    hub = generate(args.work, args.scale, 1)
    [snap] = sorted(p for p in hub.iterdir() if p.is_dir())
    db = args.work / f"peer-{hub.name}.duckdb"
    kept = db.with_suffix(".load.json")  # the one-time load of the store, kept for later runs over it
    if not db.exists() or not kept.exists():
        db.unlink(missing_ok=True)
        kept.write_text(json.dumps(hubcensus(["ingest", str(snap), "--db", str(db)], env)))
    load = json.loads(kept.read_text())
    print(
        f"\nOne snapshot at {args.scale:g}x Hub scale ({snap.name}); {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} (other work shares the machine)"
    )
    print(fmt_row("one-time load: ingest + enrich", f"{load['seconds']:.1f} s", "(once per snapshot)", None))
    print(fmt_row("  its peak RSS", f"{load['peak_rss'] / GIB:.2f} GiB", "", None))
    full = args.scale == 1
    for spec in args.specs:
        compare(spec, snap, db, args.work, env)
    if args.skip_report:
        return
    every = hubcensus(["metric", "--all", "--json", "--db", str(db)], env)
    report = hubcensus(["report", "--db", str(db), "--out", str(args.work / "peer-report")], env)
    print(f"\nEvery metric and the report (targets at full scale; load average {os.getloadavg()[0]:.1f})")
    print(
        fmt_row("metric --all --json", f"{every['seconds']:.1f} s", "< 10 s", every["seconds"] < 10 if full else None)
    )
    print(fmt_row("  its peak RSS", f"{every['peak_rss'] / GIB:.2f} GiB", "", None))
    print(fmt_row("report", f"{report['seconds']:.1f} s", "< 15 s", report["seconds"] < 15 if full else None))
    print(fmt_row("  its peak RSS", f"{report['peak_rss'] / GIB:.2f} GiB", "", None))


if __name__ == "__main__":
    main()
