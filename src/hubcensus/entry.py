"""The `hubcensus` console script: the command line, and Ctrl-C while it is still starting.

`cli.main` turns Ctrl-C into one line and exit 130, but only once it runs; importing the command line
takes a noticeable moment (typer, rich, DuckDB), and a Ctrl-C inside it would print Python's traceback.
This module imports nothing heavy, so the only window left is Python's own start-up.
"""

from __future__ import annotations

import importlib
import sys

STARTING = "interrupted while starting: nothing was done"


def run() -> None:
    """Import the command line, run it, and exit with its code."""
    try:
        cli = importlib.import_module("hubcensus.cli")
    except KeyboardInterrupt:
        sys.stderr.write(STARTING + "\n")
        sys.exit(130)
    sys.exit(cli.main())
