"""Shared test settings and the worlds several modules share, each built once per test session.

A world is built once per session (once per worker under pytest-xdist) and must stay as built: a test
that changes a store copies it first. The worlds:

- `demo`: `hubcensus demo` (`worlds.DEMO_MODELS` models, twelve snapshots, enriched, with its report);
- `real_db`: a store of the real Hub samples beside the project (skips where they are absent);
- `explorer_world`: the small hostile store `hubcensus serve` is tested on (`worlds.build_explorer_world`);
- `report_world` and `report`: the report's store and its report as of `worlds.AS_OF`.

The hand-worked metric tests take `run` (or `engine`), parametrised by engine: each runs on DuckDB
and on Spark, in one Spark session per worker (`spark`), started on first use and stopped at the end.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import metricstore, worlds
from tests.browser import browser  # noqa: F401  (registered here once: one Playwright per worker, for every browser test)

os.environ.setdefault("HUBCENSUS_MEMORY_LIMIT", "1GB")
# One Spark session per worker runs the metrics of hundreds of stores, one after another, where a user's
# command runs one store's; what Spark keeps of earlier queries adds up over the session, and at the
# default 2g the last whole-store comparisons ran out of driver heap building a broadcast. At 4g a late, small
# D1 comparison failed once inside Spark (the kept answers add statements to every store's metrics); 6g.
os.environ.setdefault("HUBCENSUS_SPARK_MEMORY", "6g")
os.environ.pop("HUBCENSUS_DB", None)
# Off a terminal, long work prints a progress line every 30 s: on a slow, shared machine a test's command may
# take that long, and its stderr must not depend on it. The tests of those lines set it themselves.
os.environ["HUBCENSUS_PROGRESS_SECONDS"] = "off"


@pytest.fixture(autouse=True)
def _ctrl_c_reaches_the_commands_a_test_starts() -> None:
    """A child inherits an ignored signal, and Python then leaves SIGINT ignored (hubcensus too: it respects a
    Ctrl-C its caller switched off). In a long test worker something switches it off (seen on the worker that
    ran the Spark and crawl tests first: SIGINT ignored, no test of ours doing it), after which every command a
    Ctrl-C test starts ran on through its SIGINT. Each test starts with the handler a terminal gives Python."""
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def real() -> Path:
    """The real Hub samples beside the project; tests that need them skip when they are absent."""
    if not worlds.REAL.is_dir():
        pytest.skip(f"real samples not found at {worlds.REAL}")
    return worlds.REAL


# -- engines ---------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The worker's one Spark session: every Spark engine of the session runs in it, none stops it.

    Starting Spark costs seconds; `open_engine` uses an active session as it is and leaves it running.
    No pyspark or no Java is an error here, not a skip: CI must prove the engines agree.
    """
    from hubcensus.engines.spark import spark_session

    session, started = spark_session()
    yield session
    if started:
        session.stop()


@pytest.fixture(params=metricstore.ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each engine in turn ("duckdb", "spark"); Spark's shared session is started on first use, and the
    Spark engine a test's store was registered in is closed after the test (its views are the session's)."""
    if request.param == "spark":
        request.getfixturevalue("spark")
    yield request.param
    metricstore.release()


@pytest.fixture
def run(engine: str) -> metricstore.Run:
    """`metricstore.run` on this test's engine: `run(db, name, as_of=None)` gives the metric's document."""
    return functools.partial(metricstore.run, engine=engine)


# -- the shared worlds -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> worlds.Demo:
    """`hubcensus demo` as a user runs it, built once; tests only read it (copy it to change it)."""
    return worlds.build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def demo_db(demo: worlds.Demo) -> Path:
    """The demo's store."""
    return demo.db


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the real samples (two model listings, a dataset listing, a top-models CSV, a lineage tree, a
    trending series), built once; skips when the samples are absent."""
    if not worlds.REAL.is_dir():
        pytest.skip(f"real samples not found at {worlds.REAL}")
    return worlds.build_real(tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def explorer_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The enriched store the explorer's tests (in-process and in a browser) explore."""
    return worlds.build_explorer_world(tmp_path_factory.mktemp("explorer-world"))


@pytest.fixture(scope="session")
def report_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The enriched store the report's tests (on disk and in a browser) build their report from."""
    return worlds.build_report_world(tmp_path_factory.mktemp("report-world"))


@pytest.fixture(scope="session")
def report(report_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of `report_world` as of its last snapshot, built once; tests only read it."""
    return worlds.write_report(report_world, tmp_path_factory.mktemp("report") / "out")
