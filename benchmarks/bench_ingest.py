"""Ingest at Hub scale, against a bare DuckDB copy of the same files, measured in the same run.

    python benchmarks/bench_ingest.py                 # one full-scale snapshot
    python benchmarks/bench_ingest.py --series 12     # and a year of monthly snapshots: size on disk
    python benchmarks/bench_ingest.py --scale 0.1     # a tenth of the Hub, for a quick look

Each measured step runs in its own process so that its peak RSS is its own. The baseline is what a
user gets for free: `CREATE TABLE AS SELECT * FROM read_parquet(...)` of every file into a fresh
DuckDB file, with the same memory limit and threads. Targets (issue: foundation): one snapshot of
2.2M models, 550k datasets, 1M spaces ingested in < 60 s, peak RSS < 3 GiB, within 3x of the
baseline; 12 monthly snapshots in < 3 GiB on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

FULL = {"models": 2_200_000, "datasets": 550_000, "spaces": 1_000_000, "papers": 40_000}
GIB = 1024**3

# The child's own peak RSS. On Linux that is VmHWM: getrusage's ru_maxrss survives exec, so a child
# forked from a big parent (one that just generated the synthetic input) would report the parent's size.
CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    t0 = time.perf_counter()
    exec(sys.argv[1])
    seconds = time.perf_counter() - t0
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print("RESULT " + json.dumps({"seconds": seconds, "peak_rss": peak}))
    """
)


def measure(code: str, env: dict[str, str] | None = None, timeout: float | None = None) -> dict[str, float] | None:
    """Run `code` in a fresh interpreter; its wall time and peak RSS, or None when it outlasts `timeout` seconds.

    The child leads its own process group so that a timeout stops what it started too (Spark's JVM), not only
    the interpreter: an orphaned JVM would go on taking the cores from every later step."""
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    # DuckDB's progress bar (queries over 2 s) writes to stdout without a newline: the result may share its line
    found = [line[line.index("RESULT ") :] for line in stdout.splitlines() if "RESULT " in line]
    if not found:
        sys.exit(f"benchmark step printed no result; stdout ends {stdout[-300:]!r}, stderr ends {stderr[-300:]!r}")
    return json.loads(found[-1][len("RESULT ") :])


def generate(out: Path, scale: float, snapshots: int, seed: int = 7, every: str = "month") -> Path:
    """Generate once and keep it: the files are an input of the benchmark, not what it measures. `every`: the
    snapshots' cadence (a daily history is kept under its own name)."""
    counts = {k: max(1, int(v * scale)) for k, v in FULL.items()}
    sizes = "-".join(str(v) for v in counts.values())
    name = f"hub-{sizes}-k{snapshots}" if every == "month" else f"daily-{sizes}-d{snapshots}"
    target = out / f"{name}-s{seed}"
    if (target / ".done").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    from hubcensus.sources.synthetic import GenerateConfig
    from hubcensus.sources.synthetic import generate as run

    cadence = "daily" if every == "day" else f"{every}ly"
    print(f"generating {counts} x {snapshots} {cadence} snapshot(s) into {target} …", flush=True)
    run(target, GenerateConfig(**counts, snapshots=snapshots, seed=seed, every=every))
    (target / ".done").write_text("ok")
    return target


def fmt_row(name: str, value: str, target: str, ok: bool | None) -> str:
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    return f"  {name:<34} {value:>14}   {target:<14} {mark}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of Hub scale (default 1.0)")
    ap.add_argument(
        "--series", type=int, default=0, help="also ingest this many monthly snapshots and report size on disk"
    )
    ap.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "hubcensus-bench", help="where inputs and stores go"
    )
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {"HUBCENSUS_MEMORY_LIMIT": os.environ.get("HUBCENSUS_MEMORY_LIMIT", "2GB")}

    hub = generate(args.work, args.scale, 1)
    [snap] = sorted(p for p in hub.iterdir() if p.is_dir())
    files = sorted(str(f) for f in snap.glob("*.parquet"))
    base_db, our_db = args.work / "baseline.duckdb", args.work / "hubcensus.duckdb"
    for p in (base_db, our_db):
        p.unlink(missing_ok=True)

    baseline = measure(
        textwrap.dedent(f"""
        import duckdb
        con = duckdb.connect({str(base_db)!r})
        con.execute("SET memory_limit = '{env["HUBCENSUS_MEMORY_LIMIT"]}'")
        for f in {files!r}:
            name = f.rsplit('/', 1)[1].split('.')[0]
            con.execute(f"CREATE TABLE {{name}} AS SELECT * FROM read_parquet('{{f}}')")
        con.close()
    """)
    )
    ours = measure(
        textwrap.dedent(f"""
        from hubcensus.cli import main
        rc = main(["ingest", {str(snap)!r}, "--db", {str(our_db)!r}, "--no-enrich"])
        assert rc == 0, rc
    """),
        env,
    )
    ratio = ours["seconds"] / baseline["seconds"]
    print(f"\nOne snapshot at {args.scale:g}x Hub scale ({snap.name}), this machine ({os.cpu_count()} cores):")
    print(fmt_row("bare DuckDB CTAS of the files", f"{baseline['seconds']:.1f} s", "(baseline)", None))
    print(fmt_row("  its peak RSS", f"{baseline['peak_rss'] / GIB:.2f} GiB", "", None))
    print(
        fmt_row(
            "hubcensus ingest",
            f"{ours['seconds']:.1f} s",
            "< 60 s" if args.scale == 1 else "",
            ours["seconds"] < 60 if args.scale == 1 else None,
        )
    )
    print(fmt_row("  its peak RSS", f"{ours['peak_rss'] / GIB:.2f} GiB", "< 3 GiB", ours["peak_rss"] < 3 * GIB))
    print(fmt_row("  ratio to baseline", f"{ratio:.2f}x", "<= 3x", ratio <= 3))
    print(fmt_row("  store size", f"{our_db.stat().st_size / GIB:.2f} GiB", "", None))
    print(fmt_row("  baseline file size", f"{base_db.stat().st_size / GIB:.2f} GiB", "", None))

    if args.series:
        hub = generate(args.work, args.scale, args.series)
        series_db = args.work / "series.duckdb"
        series_db.unlink(missing_ok=True)
        run = measure(
            textwrap.dedent(f"""
            from hubcensus.cli import main
            assert main(["ingest", {str(hub)!r}, "--db", {str(series_db)!r}, "--no-enrich"]) == 0
        """),
            env,
        )
        size = series_db.stat().st_size
        print(f"\n{args.series} monthly snapshots at {args.scale:g}x Hub scale:")
        print(
            fmt_row(
                "ingest of the series", f"{run['seconds']:.1f} s", f"({run['seconds'] / args.series:.1f} s each)", None
            )
        )
        print(fmt_row("  peak RSS", f"{run['peak_rss'] / GIB:.2f} GiB", "< 3 GiB", run["peak_rss"] < 3 * GIB))
        print(fmt_row("store size on disk", f"{size / GIB:.2f} GiB", "< 3 GiB", size < 3 * GIB))
        print(
            fmt_row(
                "  vs one snapshot x series", f"{size / max(1, our_db.stat().st_size * args.series):.2f}x", "", None
            )
        )


if __name__ == "__main__":
    main()
