"""The cost of one question before any SQL runs: process start to the metric engine's first statement.

    python benchmarks/bench_startup.py --db STORE            # `metric C1 --json`, 5 runs
    python benchmarks/bench_startup.py --db STORE --runs 9 G1

Each run is a fresh interpreter (`python -c`, as the `hubcensus` script starts one). The child wraps the
DuckDB engine's `materialize` and `run` (the first statement a metric sends to its engine) so that the
first call records the time; the parent notes the wall clock just before it starts the child, so the
figure includes the interpreter's own start, every import, option parsing and opening the store. The
child's CPU time at that moment (user + system, `os.times`) is printed beside it: on a machine shared
with other work the wall time grows with the load, the CPU time much less. Also printed: the heavy
third-party packages the process had imported by then. Target (issue: ahead of the best peer): < 0.1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time

TARGET = 0.1
HEAVY = ("pyspark", "jinja2", "huggingface_hub", "pyarrow", "numpy", "rich", "pydantic", "sqlglot", "starlette")

CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    from hubcensus.engines import duckdb_engine

    seen = {}

    def first(method):
        def wrapped(self, *args, **kwargs):
            if not seen:
                t = os.times()
                seen.update(at=time.time(), cpu=t.user + t.system,
                            heavy=sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY)))
            return method(self, *args, **kwargs)
        return wrapped

    duckdb_engine.DuckDBEngine.materialize = first(duckdb_engine.DuckDBEngine.materialize)
    duckdb_engine.DuckDBEngine.run = first(duckdb_engine.DuckDBEngine.run)
    from hubcensus.cli import main
    rc = main(ARGV)
    print("RESULT " + json.dumps({**seen, "rc": rc}), file=sys.stderr)
    """
)


def once(argv: list[str]) -> dict:
    code = CHILD.replace("HEAVY", repr(HEAVY)).replace("ARGV", repr(argv))
    start = time.time()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = next((x for x in proc.stderr.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        sys.exit(f"hubcensus {' '.join(argv)} failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    result = json.loads(line[len("RESULT ") :])
    if "at" not in result:
        sys.exit(f"hubcensus {' '.join(argv)} ran no metric SQL")
    return {"wall": result["at"] - start, "cpu": result["cpu"], "heavy": result["heavy"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("metric", nargs="?", default="C1")
    ap.add_argument("--db", required=True, help="an ingested, enriched store")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    argv = ["metric", args.metric, "--json", "--db", args.db]
    runs = [once(argv) for _ in range(args.runs)]
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    load = os.getloadavg()[0]
    print(f"hubcensus {' '.join(argv)}: process start to the engine's first SQL, median of {args.runs} runs")
    print(
        f"  wall {wall:.3f} s (min {min(r['wall'] for r in runs):.3f})   target < {TARGET} s   {'ok' if wall < TARGET else 'MISSED'}"
    )
    print(
        f"  CPU  {cpu:.3f} s (min {min(r['cpu'] for r in runs):.3f})   target < {TARGET} s   {'ok' if cpu < TARGET else 'MISSED'}"
    )
    print(f"  heavy packages imported by then: {', '.join(runs[0]['heavy']) or 'none'}")
    print(f"  load average {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
