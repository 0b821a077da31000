"""The README's main job, as a new user runs it: `hubcensus demo` end to end on a small Hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubcensus.cli import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--models", "3000"]) == 0
    return out


def test_demo_builds_a_year_of_snapshots(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo / "hubcensus.duckdb"
    assert main(["status", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["snapshots"]) == 12
    last = doc["snapshots"][-1]
    assert last["taken_at"] == "2026-03-01" and last["models"] == 3000 and last["datasets"] > 0 and last["papers"] > 0
    # statistics are stored as changes, so twelve snapshots cost far less than twelve copies
    assert doc["rows"]["repo_stats"] < 12 * sum(
        s["models"] + s["datasets"] + s["spaces"] for s in doc["snapshots"][-1:]
    )


def test_demo_is_enriched(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo / "hubcensus.duckdb"
    capsys.readouterr()
    assert main(["sql", "SELECT count(*) AS n FROM lineage", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["n"] > 500
    assert main(["tree", "Qwen/Qwen2.5-7B", "--db", str(db), "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert tree["root"] == "Qwen/Qwen2.5-7B" and tree["descendants"] > 0
    assert main(["who", "Qwen", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["country"] == "CN"


def test_demo_again_is_idempotent(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["demo", "--out", str(demo), "--models", "3000"]) == 0
    assert "12 already held" in capsys.readouterr().out
