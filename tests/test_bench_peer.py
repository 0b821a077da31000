"""The peer benchmark's notebooks (benchmarks/peer_polars.py, peer_pandas.py) give hubcensus's headlines.

`bench_peer.py` prints no time before a notebook's headline equals hubcensus's; these tests run that check on
a tiny generated snapshot (2,000 models), so a change to a metric's rules or to a notebook that makes them
disagree is caught here rather than at the end of a full-scale run. Skipped when polars or pandas (benchmark-
only dependencies) are not installed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("polars")
pytest.importorskip("pandas")

from hubcensus.cli import main
from hubcensus.sources.synthetic import GenerateConfig, generate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_peer
import peer_pandas
import peer_polars

NOTEBOOKS = [peer_polars, peer_pandas]
# The headline keys each notebook must give (bench_peer's docstring says why these).
KEYS = {
    "C1": {"models", "downloads_field", "share_under_200", "top_200_share", "top_0_01pct_share", "gini"},
    "G1": {"models", "datasets", "spaces", "authors"},
    "GEO1": {
        "downloads_field",
        "models",
        "total_downloads",
        "top_countries",
        "top_country",
        "us_share",
        "cn_share",
        "gb_share",
        "de_share",
        "fr_share",
        "no_base_share",
        "unattributed_share",
    },
    "D1": {
        "derivatives",
        "derivatives_min5",
        *(
            f"{fam}_{what}"
            for fam in ("qwen", "llama", "deepseek")
            for what in ("direct", "lineage", "by_name", "lineage_min5", "by_name_min5", "lineage_r1_year_min5")
        ),
        "alibaba_lineage",
        "google_lineage",
        "meta_lineage",
        "alibaba_over_google_plus_meta",
        "top_developer",
        "top_developer_lineage",
        "downloads_field",
    },
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the snapshot's folder of raw files, the store `ingest` built from it)."""
    root = tmp_path_factory.mktemp("peer")
    generate(root / "hub", GenerateConfig(models=2000, datasets=400, spaces=600, papers=200, snapshots=1, seed=7))
    [snap] = sorted(p for p in (root / "hub").iterdir() if p.is_dir())
    db = root / "store.duckdb"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["ingest", str(snap), "--db", str(db)]) == 0
    return snap, db


def headline(db: Path, spec: str) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["metric", spec, "--json", "--db", str(db)]) == 0
    return json.loads(out.getvalue())["headline"]


@pytest.mark.parametrize("spec", bench_peer.SPECS)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda m: m.__name__)
def test_the_notebook_gives_hubcensus_headline(tiny: tuple[Path, Path], notebook: ModuleType, spec: str) -> None:
    snap, db = tiny
    ours = headline(db, spec)
    theirs = notebook.answer(snap, [spec])[spec]
    assert set(theirs) == KEYS[spec]
    assert bench_peer.same(ours, theirs) == []


def test_the_tiny_snapshot_has_what_d1_counts(tiny: tuple[Path, Path]) -> None:
    """The comparison above means something only if the families it compares have derivatives."""
    d1 = headline(tiny[1], "D1")
    assert d1["qwen_lineage"] > 0 and d1["qwen_direct"] > 0 and d1["llama_lineage"] > 0
    assert d1["alibaba_lineage"] > 0 and d1["meta_lineage"] > 0


def test_a_headline_that_differs_is_named() -> None:
    ours = {"models": 10, "us_share": 0.5, "top_country": "US"}
    assert bench_peer.same(ours, {"models": 10, "us_share": 0.5000001, "top_country": "US"}) == []
    assert bench_peer.same(ours, {"models": 11, "us_share": 0.51, "top_country": "CN"}) == [
        "models: hubcensus 10, peer 11",
        "us_share: hubcensus 0.5, peer 0.51",
        "top_country: hubcensus 'US', peer 'CN'",
    ]


def test_the_notebooks_refuse_a_lineage_cycle() -> None:
    """hubcensus breaks a cycle at its earliest-created member; the notebooks do not, so they must say so
    rather than count a different tree."""
    import pandas as pd
    import polars as pl

    rows = {"child": ["a/x", "a/y", "a/z"], "parent": ["a/root", "a/z", "a/y"]}
    with pytest.raises(SystemExit, match="cycles"):
        peer_polars.descendants(pl.DataFrame(rows))
    with pytest.raises(SystemExit, match="cycles"):
        peer_pandas.descendants(pd.DataFrame(rows))
    chain = {"child": ["a/x", "a/y"], "parent": ["a/root", "a/x"]}
    expect = {("a/x", "a/root"), ("a/y", "a/root")}
    assert set(peer_polars.descendants(pl.DataFrame(chain)).iter_rows()) == expect
    assert set(peer_pandas.descendants(pd.DataFrame(chain)).itertuples(index=False, name=None)) == expect
