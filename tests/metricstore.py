"""Small enriched stores for metric tests: state the snapshots, get back a store to run metrics on, on either engine.

A hand-worked metric test builds its store with `build` and runs one metric with `run`, taken as the
`run` fixture (conftest.py), which is parametrised by engine: on "duckdb" the metric runs on the
store; on "spark" it runs on DuckDB and on Spark over a lake exported from the store, the two
documents must be the same but for `engine`, and the test checks its hand-worked numbers on Spark's.
So every hand-worked number is pinned on both engines, not only the demo's whole-suite comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.engines.open import open_engine
from hubcensus.engines.protocol import Engine
from hubcensus.lake import export_lake
from hubcensus.metrics import REGISTRY, context, run_metric
from hubcensus.pipeline import enrich
from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import write_kind, write_snapshot

ENGINES = ("duckdb", "spark")
ENGINE_KEYS = {"engine"}  # the only key of a metric document allowed to differ: which engine ran it

# For the few hand-worked tests whose Spark run costs CI too much (tens of seconds of Spark's own time
# for one metric on a tiny store: planning and a hundred small jobs, not data), DuckDB alone. Their
# metrics still run on Spark over the demo and the real samples, whole documents compared
# (tests/test_engines.py). Overrides the `engine` fixture's parameters.
DUCKDB_ONLY = pytest.mark.parametrize("engine", ["duckdb"], indirect=True)

Run = Callable[..., dict[str, Any]]  # run(db, name, as_of=None) -> the metric's document


def build(
    tmp_path: Path, snapshots: dict[str, dict[str, list[dict[str, Any]]]], authors: list[dict] | None = None
) -> Path:
    """`snapshots`: {"2026-03-01": {"models": [...], "datasets": [...]}}; returns the enriched store's path."""
    root = tmp_path / "hub"
    for day, kinds in snapshots.items():
        folder = write_snapshot(root, day, **kinds)
        if authors is not None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(authors), folder / "authors.parquet")
    db = tmp_path / "metrics.duckdb"
    with Store.open(db) as store:
        ingest(store, discover(root))
        enrich(store)
    return db


# The lake each store was last exported to, by the store's path and the state it was exported in: a
# test running several metrics on one store exports it once, and a store changed since is exported again.
_lakes: dict[Path, tuple[tuple[int, int], Path]] = {}


def _state(db: Path) -> tuple[int, int]:
    stat = db.stat()
    return stat.st_mtime_ns, stat.st_size


def lake_of(db: Path) -> Path:
    """The store at `db` as a parquet lake beside it, exported (incrementally) when the store has changed."""
    known = _lakes.get(db.resolve())
    if known and known[0] == _state(db):
        return known[1]
    lake = db.with_name(f"{db.stem}-lake")
    with Store.open(db, read_only=True) as store:
        export_lake(store.con, lake)
    _lakes[db.resolve()] = (_state(db), lake)
    return lake


class _Held:
    """The Spark engine over the last store asked for, kept open while that store stays as it was.

    Registering a lake costs Spark a job per table (seconds); a test that runs several metrics on one
    store registers it once, and shares the intermediates between them as one `metric --all` run does.
    """

    def __init__(self) -> None:
        self.key: tuple[Path, tuple[int, int], str] | None = None
        self.engine: Engine | None = None
        self._stack = ExitStack()

    def get(self, db: Path, engine: str) -> Engine:
        lake = lake_of(db)
        key = (lake, _state(db), engine)
        if key != self.key or self.engine is None:
            self.release()
            self.engine = self._stack.enter_context(open_engine(lake=lake, engine=engine))
            self.key = key
        else:  # which intermediates exist decides the queries a metric records: start as on a fresh engine
            self.engine.forget_intermediates()  # type: ignore[attr-defined]
        return self.engine

    def release(self) -> None:
        self.key, self.engine = None, None
        self._stack.close()


_held = _Held()
release = _held.release  # conftest.py's `engine` fixture calls it after each test


@contextmanager
def opened(db: Path, engine: str = "duckdb") -> Iterator[Engine]:
    """The store at `db` on `engine`: DuckDB on the store itself, Spark over its lake (in the worker's session)."""
    if engine == "duckdb":
        with Store.open(db, read_only=True) as store:
            yield DuckDBEngine(store.con)
        return
    yield _held.get(db, engine)


def _run_on(db: Path, name: str, as_of: dt.date | None, engine: str) -> dict[str, Any]:
    with opened(db, engine) as runner:
        return run_metric(REGISTRY[name], runner, ctx=context(runner, as_of))


def run(db: Path, name: str, as_of: dt.date | None = None, *, engine: str = "duckdb") -> dict[str, Any]:
    """The document of metric `name` on the store at `db`; on Spark, checked to be DuckDB's but for `engine`.

    A metric that refuses the store (an error) must refuse it on both engines, with the same kind of
    error; Spark's is raised, so the test checks its message.
    """
    if engine == "duckdb":
        return _run_on(db, name, as_of, "duckdb")
    outcomes: list[dict[str, Any] | Exception] = []
    for each in ("duckdb", engine):
        try:
            outcomes.append(_run_on(db, name, as_of, each))
        except Exception as exc:  # compared below: both engines must fail alike
            outcomes.append(exc)
    ours, theirs = outcomes
    if isinstance(ours, Exception) or isinstance(theirs, Exception):
        assert type(ours) is type(theirs), f"{name}: duckdb gave {ours!r}, {engine} gave {theirs!r}"
        assert isinstance(theirs, Exception)
        raise theirs
    assert ours["engine"] == "duckdb" and theirs["engine"] == engine
    assert differences([ours], [theirs]) == []
    return theirs


def differences(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[str]:
    """Each metric key whose value differs between two runs, named down to the headline key or first row."""
    found = []
    for a, b in zip(ours, theirs, strict=True):
        for key in sorted((set(a) | set(b)) - ENGINE_KEYS):
            if a.get(key) == b.get(key):
                continue
            if key == "headline":
                found += [
                    f"{a['spec']} headline {k}: {a[key].get(k)!r} vs {b[key].get(k)!r}"
                    for k in sorted(set(a[key]) | set(b[key]))
                    if a[key].get(k) != b[key].get(k)
                ]
            elif key == "rows":
                found.append(_first_row_difference(a["spec"], a[key], b[key]))
            else:
                found.append(f"{a['spec']} {key}: {str(a.get(key))[:200]} vs {str(b.get(key))[:200]}")
    return found


def _first_row_difference(spec: str, a: list[Any], b: list[Any]) -> str:
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    left = a[first] if first < len(a) else None
    right = b[first] if first < len(b) else None
    return f"{spec} rows ({len(a)} vs {len(b)}) first differ at {first}: {left} vs {right}"


__all__ = ["DUCKDB_ONLY", "ENGINES", "Run", "build", "differences", "lake_of", "opened", "release", "run", "write_kind"]
