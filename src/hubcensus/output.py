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
import sys
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from rich.console import Console
from rich.table import Table

err_console = Console(stderr=True, highlight=False)
console = Console(highlight=False)


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
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else str(jsonable(v)) for v in r))
        console.print(table)
