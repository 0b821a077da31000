"""One way to print rows, whichever command produced them: a table on a terminal, JSON or CSV on request.

Every command that shows rows goes through `emit`, so `--json` and `--csv` mean the same thing
everywhere and scripts can rely on them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import decimal
import json
import os
import sys
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any


class _Console:
    """rich's `Console`, made on first use. Importing rich takes about as long as the question `metric C1
    --json` asks (~45 ms on a 2-core machine), and the commands that print JSON or CSV never draw with it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._made: Any = None

    def real(self) -> Any:
        """The rich `Console` itself, for what takes one (a live display)."""
        if self._made is None:
            from rich.console import Console

            self._made = Console(**self._options)
        return self._made

    @property
    def is_terminal(self) -> bool:
        """rich's answer; but a stream that is no terminal, in an environment that names none of the variables
        by which rich would call it one anyway, is no terminal, and that is answered without importing rich
        (every command's progress asks, piped or not)."""
        if self._made is None and not any(os.environ.get(v) for v in ("TTY_COMPATIBLE", "FORCE_COLOR")):
            stream = sys.stderr if self._options.get("stderr") else sys.stdout
            isatty = getattr(stream, "isatty", None)
            if isatty is None or not isatty():
                return False
        return bool(self.real().is_terminal)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self.real(), name, value)


def rich_console(console: Any) -> Any:
    """The rich `Console` behind `console` (one of this module's, or a rich one), for what needs rich's own."""
    return console.real() if isinstance(console, _Console) else console


err_console: Any = _Console(stderr=True, highlight=False)
console: Any = _Console(highlight=False)


def jsonable(value: Any) -> Any:
    """Values as JSON can hold them: dates as ISO text, decimals as numbers, paths as text, a result (a
    dataclass) as its fields, nested containers walked."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def dumps(doc: Any) -> str:
    return json.dumps(jsonable(doc), indent=2, ensure_ascii=False)


def emit(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str = "table", title: str | None = None
) -> None:
    if fmt == "json":
        print(dumps([dict(zip(columns, r)) for r in rows]))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in rows:
            w.writerow([json.dumps(jsonable(v)) if isinstance(v, (list, dict)) else jsonable(v) for v in r])
    else:
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else str(jsonable(v)) for v in r))
        console.print(table)
