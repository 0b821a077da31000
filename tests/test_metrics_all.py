"""Every metric, run on the demo and on a store of the real samples: each completes, in sane ranges."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from hubcensus.cli import main
from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.metrics import REGISTRY, context, run_metric
from hubcensus.metrics.base import CHAPTERS
from hubcensus.store import Store
from tests.worlds import DEMO_MODELS

SPEC_IDS = {
    "G1",
    "G2",
    "C1",
    "C2",
    "P1",
    "P2",
    "GEO1",
    "GEO2",
    "GEO3",
    "GEO4",
    "GEO5",
    "GEO6",
    "POP1",
    "POP2",
    "POP3",
    "D1",
    "A1",
    "A2",
    "A3",
    "A4",
    "H1",
    "S1",
    "S2",
}


def test_every_spec_metric_is_registered_once() -> None:
    assert {m.spec for m in REGISTRY.values()} == SPEC_IDS
    assert len(REGISTRY) == len(SPEC_IDS)
    for m in REGISTRY.values():
        assert m.chapter in CHAPTERS
        assert len(m.definition) > 150, f"{m.name}: a definition precise enough to disagree with"
        assert m.published and m.headline_keys and m.title


def run_all(db: Path) -> list[dict[str, Any]]:
    with Store.open(db, read_only=True) as store:
        engine = DuckDBEngine(store.con)
        ctx = context(engine)
        return [run_metric(m, engine, ctx=ctx) for m in REGISTRY.values()]


def check_sane(doc: dict[str, Any]) -> None:
    name = doc["metric"]
    assert list(doc["headline"]) == list(REGISTRY[name].headline_keys)
    # a metric that ran no query had nothing to compute from, and must say why
    assert doc["queries"] or doc["notes"], f"{name}: no query recorded and no note"
    json.dumps(doc)  # everything is JSON
    for key, value in doc["headline"].items():
        if isinstance(value, float):
            assert math.isfinite(value), (name, key, value)
            if "share" in key or key == "gini":
                assert -1e-9 <= value <= 1 + 1e-9, (name, key, value)
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and any(w in key for w in ("models", "downloads", "count", "releases"))
        ):
            assert value >= 0, (name, key, value)
    for row in doc["rows"]:
        for key, value in row.items():
            if isinstance(value, float) and "share" in key:
                assert -1e-9 <= value <= 1 + 1e-9, (name, key, value)


def test_all_metrics_on_the_demo(demo_db: Path) -> None:
    docs = {d["metric"]: d for d in run_all(demo_db)}
    for doc in docs.values():
        check_sane(doc)
    c1 = docs["download_concentration"]["headline"]
    assert c1["models"] == DEMO_MODELS and c1["downloads_field"] == "downloadsAllTime"
    assert 0.35 <= c1["share_under_200"] <= 0.65  # the generator is calibrated to about half
    assert docs["hub_growth"]["headline"]["models_yoy"] > 1
    assert docs["downloads_by_country"]["headline"]["top_countries"][:2] in (["US", "CN"], ["CN", "US"])


def test_all_metrics_on_the_real_samples(real_db: Path) -> None:
    docs = {d["metric"]: d for d in run_all(real_db)}
    for doc in docs.values():
        check_sane(doc)
    # as of the newest snapshot (the trending series), concentration is computed on the newest complete one
    c1 = docs["download_concentration"]
    assert c1["snapshots"] == ["2022-10-01"] and c1["headline"]["downloads_field"] == "downloads"
    assert c1["headline"]["models"] > 70_000


def test_metric_cli_all_json_and_as_of(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["metric", "--all", "--json", "--db", str(demo_db)]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) == len(SPEC_IDS)
    for doc in docs:
        assert {"metric", "spec", "title", "definition", "as_of", "snapshots", "headline", "rows"} <= set(doc)
    assert main(["metric", "C1", "--as-of", "2025-09-15", "--db", str(demo_db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == "2025-09-01" and doc["snapshots"] == ["2025-09-01"]
    assert main(["metric", "--list"]) == 0
    assert "download_concentration" in capsys.readouterr().out
    assert main(["metric", "nope", "--db", str(demo_db)]) == 2


def test_every_metric_query_transpiles_to_spark(demo_db: Path) -> None:
    """Every metric query parses as DuckDB SQL and sqlglot has a Spark translation for all of it.

    This catches SQL only DuckDB can express; that both engines give the same figures needs Spark
    itself, and is the Spark engine's test to make.
    """
    import sqlglot  # part of the test extra (hubcensus[spark]): a missing one fails here
    from sqlglot.errors import ErrorLevel

    for doc in run_all(demo_db):
        for sql in doc["queries"]:
            body = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
            out = sqlglot.transpile(body, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)
            assert out and out[0].strip(), doc["metric"]
