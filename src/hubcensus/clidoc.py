"""The CLI reference in docs/cli.md, rendered from the commands' own --help.

`python -m hubcensus.clidoc > docs/cli.md` regenerates it; a test fails when the file and the
commands drift apart, so the reference can never describe options that no longer exist.
"""

from __future__ import annotations

import os

from typer.testing import CliRunner

from hubcensus.cli import app


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(
        app,
        [*args, "--help"],
        env={"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"},
        color=False,
        prog_name="hubcensus",
    )
    return result.output.rstrip() + "\n"


def cli_reference() -> str:
    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
    parts = [
        "# Command reference\n",
        "Generated from `--help` by `python -m hubcensus.clidoc > docs/cli.md`; a test keeps it in step.\n",
        "```text\n" + _help([]) + "```\n",
    ]
    for name in names:
        parts.append(f"## hubcensus {name}\n\n```text\n{_help([name])}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    os.environ.setdefault("COLUMNS", "100")
    print(cli_reference(), end="")
