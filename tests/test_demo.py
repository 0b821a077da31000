"""The README's main job, as a new user runs it: `hubcensus demo` end to end on a small Hub.

The demo is the session's (conftest.py's `demo`, `worlds.DEMO_MODELS` models), built once for every
module that reads it; what it printed is kept with it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hubcensus.cli import main
from tests.worlds import DEMO_MODELS, Demo


def test_demo_builds_a_year_of_snapshots(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", str(demo_db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["snapshots"]) == 12
    last = doc["snapshots"][-1]
    assert (
        last["taken_at"] == "2026-03-01"
        and last["models"] == DEMO_MODELS
        and last["datasets"] > 0
        and last["papers"] > 0
    )
    # statistics are stored as changes, so twelve snapshots cost far less than twelve copies
    assert doc["rows"]["repo_stats"] < 12 * sum(
        s["models"] + s["datasets"] + s["spaces"] for s in doc["snapshots"][-1:]
    )


def test_demo_is_enriched(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sql", "SELECT count(*) AS n FROM lineage", "--db", str(demo_db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["n"] > 500
    assert main(["tree", "Qwen/Qwen2.5-7B", "--db", str(demo_db), "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert tree["root"] == "Qwen/Qwen2.5-7B" and tree["descendants"] > 0
    assert main(["who", "Qwen", "--db", str(demo_db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["country"] == "CN"


def test_demo_again_is_idempotent(demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    again = tmp_path / "demo"
    shutil.copytree(demo.folder, again)  # the session's demo stays as built
    capsys.readouterr()
    assert main(["demo", "--out", str(again), "--models", str(DEMO_MODELS)]) == 0
    assert "12 already held" in capsys.readouterr().out


def test_the_demo_says_its_figures_come_from_a_synthetic_hub(demo: Demo) -> None:
    """The one line of figures the demo prints is the one a hurried reader quotes: it says they are synthetic."""
    [figures] = [line for line in demo.printed.splitlines() if "metrics; e.g." in line]
    assert "a synthetic Hub" in figures and "proves nothing" in figures
