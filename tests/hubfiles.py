"""Build small snapshot folders from code, in the Hub statistics files' format, for tests.

Each test states the few repos it needs as dicts; this module fills in the rest with the arrow
types the real files use, so a test reads as the situation it pins down.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from hubcensus.sources.synthetic import SCHEMAS  # the file format, stated once (docs/snapshot-format.md)

UTC = dt.UTC


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def model(repo_id: str, downloads: int = 0, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": repo_id,
        "author": repo_id.split("/")[0] if "/" in repo_id else None,
        "createdAt": ts("2024-01-01T00:00:00"),
        "lastModified": ts("2024-01-02T00:00:00"),
        "downloads": downloads,
        "likes": 0,
        "tags": [],
    }
    row.update(fields)
    return row


def write_kind(folder: Path, stem: str, rows: list[dict[str, Any]], *, drop: tuple[str, ...] = ()) -> Path:
    """Write `stem`.parquet with the real files' schema, leaving out the columns in `drop`."""
    folder.mkdir(parents=True, exist_ok=True)
    schema = SCHEMAS[stem]
    schema = pa.schema([f for f in schema if f.name not in drop])
    cols = {}
    for f in schema:
        cols[f.name] = pa.array([r.get(f.name) for r in rows], type=f.type)
    path = folder / f"{stem}.parquet"
    pq.write_table(pa.table(cols, schema=schema), path)
    return path


def write_snapshot(
    root: Path,
    day: str,
    *,
    models: list[dict] | None = None,
    datasets: list[dict] | None = None,
    spaces: list[dict] | None = None,
    papers: list[dict] | None = None,
) -> Path:
    folder = root / day
    for stem, rows in (("models", models), ("datasets", datasets), ("spaces", spaces), ("daily_papers", papers)):
        if rows is not None:
            write_kind(folder, stem, rows)
    return folder


MONTHS = [dt.date(2025, m, 1).isoformat() for m in range(1, 13)]


def monthly(root: Path, i: int) -> Path:
    """Month `i` (0-11) of a small growing Hub: one more model each month, and a fine-tune of the first
    model seen only that month (so forgetting or re-ordering a month shows in every table)."""
    rows = [model(f"org{j}/m{j}", 10 * (i + 1) + j) for j in range(i + 2)]
    rows.append(model(f"tuner/ft{i}", 1, tags=["base_model:org0/m0"]))
    return write_snapshot(root, MONTHS[i], models=rows)


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps(it, default=str) + "\n")
    return path


def dump_store(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two stores are the same store when these are equal."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        # Every schema's: the precomputed intermediates are part of the store too (keyed `_hc_precomputed.name`;
        # their index without `built_at`, which says when, not what).
        out = {}
        for schema, table in con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1, 2"
        ).fetchall():
            key = table if schema == "main" else f"{schema}.{table}"
            cols = "* EXCLUDE (built_at)" if key == "_hc_precomputed.tables" else "*"
            out[key] = sorted(con.execute(f'SELECT {cols} FROM "{schema}"."{table}"').fetchall(), key=repr)
        return out
    finally:
        con.close()
