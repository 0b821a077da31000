"""The docs that are generated from the code stay in step with it."""

from __future__ import annotations

from pathlib import Path

from hubcensus.clidoc import cli_reference

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_matches_the_commands() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == cli_reference(), "docs/cli.md is stale: run `python -m hubcensus.clidoc > docs/cli.md`"


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install . && hubcensus demo" in readme
    assert "scripts/test.sh" in readme
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec scripts/test.sh")


def test_metrics_reference_matches_the_registry() -> None:
    from hubcensus.metrics.doc import metrics_reference

    written = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert written == metrics_reference(), (
        "docs/metrics.md is stale: run `python -m hubcensus.metrics.doc > docs/metrics.md`"
    )
