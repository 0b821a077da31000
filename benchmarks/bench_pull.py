"""What one pulled day costs at Hub scale: bytes, and seconds to download, ingest and enrich.

    python benchmarks/bench_pull.py                 # one full-scale synthetic day (2.2M models, …)
    python benchmarks/bench_pull.py --scale 0.1     # a tenth of the Hub, for a quick look

The day is `hubcensus generate`'s full-scale snapshot (cached by `bench_ingest.generate`), served as one
commit of a statistics repo by the loopback Hub of the tests (`tests/fakestats.py`: paths-info, resolve
with a CDN redirect, the bytes from disk). `hubcensus.sources.hub_stats.pull` fetches it through the
real huggingface_hub client and ingests it; `enrich` then runs once, as `hubcensus pull` does. Each
step runs in its own process, so its peak RSS is its own.

Download seconds here are a loopback's, i.e. the client's own cost; over a real link a day costs its
bytes divided by the bandwidth (the table gives 100 Mbit/s and 1 Gbit/s). The synthetic files carry
only the columns hubcensus reads, so they are smaller than the Hub's own, which carry more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_ingest import CHILD, GIB, generate
from tests.fakestats import FakeStats, StatsCommit

FILES = ("models.parquet", "datasets.parquet", "spaces.parquet", "daily_papers.parquet")

PULL = """
from hubcensus.sources.hub_stats import pull
from hubcensus.store import Store
with Store.open({db!r}) as store:
    r = pull(store, every="day")
assert r.ingested == 1, r.summary()
print("PULL " + json.dumps({{"download": r.download_seconds, "ingest": r.ingest_seconds, "bytes": r.bytes_downloaded}}))
"""
ENRICH = """
from hubcensus.pipeline import enrich
from hubcensus.store import Store
with Store.open({db!r}) as store:
    enrich(store)
"""


# The machine is shared: wall seconds depend on what else runs, CPU seconds (every thread's) much less.
CPU = """
import resource
_u = resource.getrusage(resource.RUSAGE_SELF)
print("CPU " + json.dumps({"cpu": _u.ru_utime + _u.ru_stime}))
"""


def run(code: str, env: dict[str, str]) -> tuple[dict, dict]:
    """`code` in a fresh interpreter: its wall time, peak RSS and CPU seconds, and what it printed after `PULL `."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, code + CPU], capture_output=True, text=True, env={**os.environ, **env}
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    found = {}
    for tag in ("RESULT ", "PULL ", "CPU "):
        lines = [line[line.index(tag) :] for line in proc.stdout.splitlines() if tag in line]
        found[tag] = json.loads(lines[-1][len(tag) :]) if lines else {}
    return {**found["RESULT "], **found["CPU "]}, found["PULL "]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of Hub scale (default 1.0)")
    ap.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "hubcensus-bench", help="where inputs and stores go"
    )
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    [snap] = sorted(p for p in generate(args.work, args.scale, 1).iterdir() if p.is_dir())
    load0 = os.getloadavg()[0]
    day = dt.date.fromisoformat(snap.name)
    files = {name: snap / name for name in FILES}
    commit = StatsCommit(
        dt.datetime(day.year, day.month, day.day, 6, tzinfo=dt.UTC), {**files, "README.md": b"# stats\n"}
    )
    db = args.work / f"pull-{args.scale:g}.duckdb"
    hf_home = args.work / f"hf-home-{args.scale:g}"
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    with FakeStats([commit]) as hub:
        env = {
            "HF_ENDPOINT": hub.url,
            "HF_HOME": str(hf_home),
            "NO_PROXY": "127.0.0.1,localhost",
            "HUBCENSUS_MEMORY_LIMIT": os.environ.get("HUBCENSUS_MEMORY_LIMIT", "2GB"),
        }
        pulled, parts = run(PULL.format(db=str(db)), env)
    enriched, _ = run(ENRICH.format(db=str(db)), env)
    size = sum(f.stat().st_size for f in files.values())
    print(f"one pulled day at scale {args.scale:g} ({snap.name}): {size / 1e9:.3f} GB in {len(files)} files")
    print(f"  load average: {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} cores)")
    for name, f in files.items():
        print(f"  {name:<22} {f.stat().st_size / 1e6:>9.1f} MB")
    print(f"  download (loopback)    {parts['download']:>9.1f} s   {size / 1e6 / parts['download']:.0f} MB/s")
    print(f"  ingest                 {parts['ingest']:>9.1f} s")
    for name, step in (("pull, whole process", pulled), ("enrich (once a pull)", enriched)):
        print(
            f"  {name:<22} {step['seconds']:>9.1f} s   {step['cpu']:.1f} CPU s   peak RSS {step['peak_rss'] / GIB:.2f} GiB"
        )
    for label, rate in (("100 Mbit/s", 12.5e6), ("1 Gbit/s", 125e6)):
        print(f"  download at {label:<10} {size / rate:>9.1f} s")
    print(f"  store after the pull   {db.stat().st_size / 1e9:>9.2f} GB")


if __name__ == "__main__":
    main()
