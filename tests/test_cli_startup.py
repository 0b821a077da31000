"""A question pays only for what it asks: `hubcensus metric C1 --json` imports neither the commands that
write, nor the report, the lake, Spark, the Hub client, pyarrow nor rich (what start-up cost before its first SQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hubcensus.metrics import index

NOT_FOR_A_METRIC = (
    "pyspark",
    "jinja2",
    "huggingface_hub",
    "pyarrow",
    "sqlglot",
    "starlette",
    "hubcensus.cli.loading",
    "hubcensus.report",
    "hubcensus.lake",
    "hubcensus.enrich.run",  # the enrichment itself: a metric reads a rule or two of the package, not this
    "hubcensus.enrich.lineage",
    "rich",  # JSON is printed, not drawn: the terminal's library is for people at a terminal
)

CHILD = """
import json, sys
from hubcensus.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _run(*argv: str) -> tuple[str, dict]:
    # off a terminal, as a script asks (rich would be asked whether a forced colour makes one)
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    proc = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, timeout=300, env=env)
    return proc.stdout, json.loads(proc.stderr.strip().splitlines()[-1])


def test_one_metric_imports_only_what_it_needs(demo_db: Path) -> None:
    out, seen = _run("metric", "C1", "--json", "--db", str(demo_db))
    assert seen["rc"] == 0 and json.loads(out)["spec"] == "C1"
    loaded = [m for m in NOT_FOR_A_METRIC if m in seen["modules"]]
    assert loaded == [], f"imported for `metric C1 --json`: {loaded}"


@pytest.mark.parametrize(
    ("spec", "module"),
    [("C1", "hubcensus.metrics.concentration"), ("GEO1", "hubcensus.metrics.geography.countries")],
)
def test_one_metric_imports_its_own_chapter_only(demo_db: Path, spec: str, module: str) -> None:
    out, seen = _run("metric", spec, "--json", "--db", str(demo_db))
    assert seen["rc"] == 0 and json.loads(out)["spec"] == spec
    chapters = [m for m in index.modules() if m in seen["modules"]]
    assert chapters == [module], f"chapters imported for `metric {spec} --json`: {chapters}"


def test_help_still_names_every_command() -> None:
    out, seen = _run("--help")
    assert seen["rc"] == 0
    from hubcensus.cli import COMMANDS

    listed = out.split("Commands:", 1)[1]
    assert all(f"  {name} " in listed or f"  {name}\n" in listed for names in COMMANDS.values() for name in names)


def test_the_app_that_runs_a_command_holds_that_command_alone_and_leaves_the_app_whole() -> None:
    # typer makes a click command of every command an app holds on each call: a question pays for its own only
    from hubcensus.cli import COMMANDS, _name, options, register

    running = register(["metric", "C1", "--json"])
    assert [_name(c) for c in running.registered_commands] == ["metric"]
    register(["--help"])
    every = sorted(_name(c) for c in options.app.registered_commands)
    assert every == sorted(name for names in COMMANDS.values() for name in names)
