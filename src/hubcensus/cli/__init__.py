"""The `hubcensus` command line: a thin layer over functions a user could import.

Each command parses its options, calls the library, and prints. Errors a user can fix arrive as
`UserError` and leave as one line on stderr with exit code 2; `HUBCENSUS_DEBUG=1` shows the
traceback instead.

A command pays only for what it uses: `main` imports the one module that defines the command named on
its command line (`COMMANDS`), and each command imports the library it needs inside its body, so
`hubcensus metric C1` never loads the report's templates, the lake, Spark or the Hub client.
Everything is registered for `--help`, an unknown command, and whoever reads `hubcensus.cli.app`.
"""

from __future__ import annotations

import copy
import importlib
import os
import sys
from typing import Annotated, Any

import typer

try:  # newer typer carries its own copy of click
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - older typer on plain click
    from click.exceptions import ClickException as _ClickException

from hubcensus import __version__
from hubcensus.cli import options
from hubcensus.errors import UserError
from hubcensus.interrupts import CtrlC, is_interrupt, line_for
from hubcensus.locks import set_command
from hubcensus.output import console, err_console

__all__ = ["COMMANDS", "app", "main"]

# The module that registers each command on the app (in the order `hubcensus --help` lists them).
COMMANDS: dict[str, tuple[str, ...]] = {
    "hubcensus.cli.loading": ("ingest", "enrich", "forget", "export", "generate", "demo", "pull", "update"),
    "hubcensus.cli.reading": ("tree", "registry", "who", "metric", "diff", "report", "serve", "status", "sql"),
}


def register(argv: list[str] | None = None) -> typer.Typer:
    """The app with the command `argv` names registered, or every command when `argv` names none of them
    (no arguments, `--help`, a typo: typer then lists them all or names the closest).

    The command named is the only one the app returned holds (a copy of the app; the app itself keeps them
    all): typer makes a click command of every command an app holds, evaluating each one's annotations, on
    every call, which for the nine reading commands was a tenth of `metric C1`'s time before its first SQL."""
    words = sys.argv[1:] if argv is None else argv
    first = next((w for w in words if not w.startswith("-")), None)
    wanted = [m for m, names in COMMANDS.items() if first in names] or list(COMMANDS)
    for module in wanted:
        importlib.import_module(module)  # each registers its commands on the app when first imported
    named = [c for c in options.app.registered_commands if _name(c) == first]
    if not named:
        return options.app
    alone = copy.copy(options.app)
    alone.registered_commands = named
    return alone


def _name(command: Any) -> str:
    """A registered command's name on the command line (`@app.command("metric")`, else the function's)."""
    return command.name or command.callback.__name__.replace("_", "-")


def __getattr__(name: str) -> Any:
    """`hubcensus.cli.app`: the app with every command registered (for the docs and `CliRunner`)."""
    if name == "app":
        return register([])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@options.app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        console.print(f"hubcensus {__version__}")
        raise typer.Exit()


def _interrupted_line(argv: list[str] | None) -> str:
    """The one line an interrupted command prints: what was kept, how to resume."""
    names = {_name(c) for c in options.app.registered_commands if c.callback}
    command = next((a for a in (sys.argv[1:] if argv is None else argv) if a in names), None)
    return line_for(command)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and map errors to exit codes (0 done, 1 found a problem, 2 bad input)."""
    debug = os.environ.get("HUBCENSUS_DEBUG") == "1"
    set_command(sys.argv[1:] if argv is None else list(argv))
    app = register(argv)
    try:
        with CtrlC():
            rv = app(args=argv, standalone_mode=False)
        if rv == 130 and CtrlC.seen and not CtrlC.said:  # typer's silent exit for a KeyboardInterrupt
            err_console.print(_interrupted_line(argv), markup=False, soft_wrap=True)
        return rv if isinstance(rv, int) else 0
    except UserError as exc:
        if debug:
            raise
        err_console.print(f"error: {exc}", markup=False, soft_wrap=True)
        return exc.exit_code
    except typer.Exit as exc:
        if exc.exit_code == 130 and CtrlC.seen and not CtrlC.said:
            err_console.print(_interrupted_line(argv), markup=False, soft_wrap=True)
        return exc.exit_code
    except _ClickException as exc:
        exc.show()
        return 2
    except (KeyboardInterrupt, typer.Abort, Exception) as exc:
        if not debug and is_interrupt(exc):
            err_console.print(_interrupted_line(argv), markup=False, soft_wrap=True)
            return 130
        if not isinstance(exc, Exception):
            raise
        # DuckDB out of memory is the user's setting to change, not a bug: one line, and the store is as it was
        # (every write is a transaction). Imported here so that commands that never open a store stay light.
        import duckdb

        if debug or not isinstance(exc, duckdb.OutOfMemoryException):
            raise
        limit = os.environ.get("HUBCENSUS_MEMORY_LIMIT", "2GB")
        where = "".join(f" {n}" for n in getattr(exc, "__notes__", []))
        err_console.print(
            f"error: DuckDB ran out of memory under HUBCENSUS_MEMORY_LIMIT={limit}{where}: raise it (or set "
            "HUBCENSUS_THREADS=1, which needs less); the store is as it was",
            markup=False,
            soft_wrap=True,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
