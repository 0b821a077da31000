"""The parquet lake: the store's tables as parquet files that DuckDB, Spark or anything else reads.

Layout (`hubcensus export --lake DIR`):

    DIR/_hubcensus.json                          the manifest: schema version, tables, columns, snapshots
    DIR/repos/part-0.parquet                     a table without snapshot_id: one folder, rewritten whole
    DIR/repo_stats/snapshot=2026-01-31/part-0.parquet   a table with snapshot_id: one folder per snapshot date

Tables with a `snapshot_id` are partitioned hive-style by the snapshot's date, and the column is
left out of the files (the folder name carries it), so years of snapshots grow the lake by one
folder per day and a reader can prune by date. Readers restore `snapshot_id` as the YYYYMMDD
integer the metrics expect. The store's views are not data: the manifest keeps their definitions
(the statements in `store/schema.py`) and each reader re-creates them.

Re-exporting is incremental and mirrors the store: the manifest keeps a fingerprint (row count and
a sum of row hashes) of every partition and every unpartitioned table, so an export writes only the
partitions and tables whose content changed (an out-of-order ingest re-diffs the next snapshot's
statistics, so an old partition can change too) and drops those the store no longer has.

Atomic: a lock beside the lake (`hubcensus.locks`) refuses a second export into it; every file is
written under a new name (`part-<run>.parquet`) beside the files of the lake in force, the manifest
lists the files of each table and partition (with their bytes), readers read exactly those, and the
manifest is replaced last, after which the files it no longer lists are removed: a reader sees the old
lake or the new one, never a mix. A re-export verifies each listed file (present, its size, its parquet
row count) rather than trusting the manifest, and rewrites what fails. Each unit written is recorded
in a journal (`_hubcensus.pending.json`) so that an interrupted export, a first one included, is
resumed by running it again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from hubcensus import __version__
from hubcensus.errors import UserError
from hubcensus.killpoints import kill_point
from hubcensus.locks import folder_lock
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.store.schema import MIGRATIONS, SCHEMA_VERSION, snapshot_day

MANIFEST = "_hubcensus.json"
FORMAT = "hubcensus-lake"
LAYOUT = 1  # the folder layout above; bumped only if it changes
PARTITION = "snapshot"  # the hive partition key: the snapshot's date, YYYY-MM-DD
# The store's own bookkeeping, not data a metric reads: the migration log, the crawl's checkpoints, and how far
# each snapshot is through the pipeline (which changes for every snapshot at each write: it would rewrite them all).
NOT_EXPORTED = frozenset({"schema_migrations", "crawl_runs", "crawl_cursors", "crawl_items", "snapshot_stages"})
_TMP = ".tmp-"
_OLD = ".old-"
PENDING = "_hubcensus.pending.json"  # the journal of an export under way: the units written so far


def view_definitions() -> dict[str, str]:
    """The store's views as the schema defines them: name -> SELECT, newest definition, in creation order."""
    views: dict[str, str] = {}
    for m in MIGRATIONS:
        for stmt in m.sql.split(";"):
            body = "\n".join(line.split("--", 1)[0] for line in stmt.strip().splitlines()).strip()
            hit = re.match(r"CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)\s+AS\s+(.*)", body, re.S | re.I)
            if hit:
                views[hit.group(1)] = " ".join(hit.group(2).split())
    return views


def snapshot_date(snapshot_id: int) -> str:
    return snapshot_day(snapshot_id).isoformat()


def _q(path: Path) -> str:
    """A path as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


# -- reading the manifest -------------------------------------------------------------------------
def parse_manifest(text: str, where: str) -> dict[str, Any]:
    """A manifest's content, checked: `where` names the file in the error a bad one raises."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise UserError(f"{where}: not a hubcensus lake manifest (invalid JSON: {exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("tables"), dict):
        raise UserError(f'{where}: not a hubcensus lake manifest (no "format": "{FORMAT}" with tables)')
    version, layout = doc.get("schema_version"), doc.get("layout")
    if not isinstance(version, int) or not isinstance(layout, int):
        raise UserError(f"{where}: manifest has no integer schema_version and layout")
    if version > SCHEMA_VERSION or layout > LAYOUT:
        raise UserError(
            f"{where}: lake written by a newer hubcensus (schema {version}, layout {layout}; this one understands "
            f"{SCHEMA_VERSION}, {LAYOUT}); upgrade hubcensus"
        )
    return doc


def read_manifest(lake: Path) -> dict[str, Any]:
    """The manifest of the lake at `lake`, for reading: it must exist, and match this hubcensus's schema."""
    if not lake.exists():
        raise UserError(f"{lake}: no such lake (write one with `hubcensus export --lake {lake}`)")
    if not lake.is_dir():
        raise UserError(f"{lake}: not a lake (a lake is a folder; this is a file)")
    path = lake / MANIFEST
    if not path.is_file():
        raise UserError(
            f"{lake}: not a hubcensus lake (no {MANIFEST} manifest; write one with `hubcensus export --lake {lake}`)"
        )
    doc = parse_manifest(path.read_text(encoding="utf-8"), str(path))
    check_readable(doc, str(path))
    for name, table in doc["tables"].items():
        folder = lake / name
        if not folder.is_dir():
            raise UserError(f"{folder}: missing, though {MANIFEST} lists table {name}; re-export the lake")
        for f in files_of(doc, name):
            if not (lake / f).is_file():
                raise UserError(f"{lake / f}: missing, though {MANIFEST} lists it; re-export the lake")
        for day in table.get("partitions") or {}:
            if not (folder / f"{PARTITION}={day}").is_dir():
                raise UserError(
                    f"{folder / f'{PARTITION}={day}'}: missing, though {MANIFEST} lists it; re-export the lake"
                )
    return doc


def check_readable(doc: dict[str, Any], where: str) -> None:
    """A lake the metrics can run on: this schema version, holding snapshots."""
    if doc["schema_version"] < SCHEMA_VERSION:
        raise UserError(
            f"{where}: lake has store schema {doc['schema_version']}, older than this hubcensus's {SCHEMA_VERSION}; "
            "re-export it with `hubcensus export --lake`"
        )
    if not doc.get("snapshots"):
        raise UserError(f"{where}: the lake holds no snapshot")


def columns(doc: dict[str, Any], table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a lake table's columns, in the store's order, snapshot_id included."""
    return [(c["name"], c["type"]) for c in doc["tables"][table]["columns"]]


def partitioned(doc: dict[str, Any], table: str) -> bool:
    return doc["tables"][table].get("partitioned_by") == PARTITION


def files_of(doc: dict[str, Any], table: str) -> list[str]:
    """The parquet files of a lake table, relative to the lake, as its manifest lists them ([] for a lake
    written before manifests listed files: a reader then reads every file of the table's folder)."""
    entry = doc["tables"][table]
    units = list((entry.get("partitions") or {}).values()) if entry.get("partitioned_by") else [entry]
    return [f for u in units for f in u.get("files", [])]


# -- exporting ------------------------------------------------------------------------------------
@dataclass
class ExportResult:
    lake: Path
    snapshots: int = 0
    tables: int = 0
    written: list[str] = field(default_factory=list)  # table or table/snapshot=DATE written this time
    removed: list[str] = field(default_factory=list)  # partitions or tables the store no longer has
    unchanged: int = 0  # partitions and tables already up to date
    seconds: float = 0.0


def _store_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
        "WHERE t.table_type = 'BASE TABLE' AND t.table_schema = 'main' AND t.table_catalog = current_database() "
        "ORDER BY c.table_name, c.ordinal_position"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, col, typ in rows:
        if table not in NOT_EXPORTED:
            out.setdefault(table, []).append((col, typ))
    return out


def _fingerprints(
    con: duckdb.DuckDBPyConnection, table: str, cols: list[tuple[str, str]]
) -> dict[str | None, dict[str, Any]]:
    """{snapshot date (None for an unpartitioned table): {rows, fingerprint}}: what changed needs rewriting."""
    names = [c for c, _ in cols]
    digest = f"coalesce(CAST(sum(hash({', '.join(names)})) AS VARCHAR), '0')"
    if "snapshot_id" in names:
        rows = con.execute(f"SELECT snapshot_id, count(*), {digest} FROM {table} GROUP BY snapshot_id").fetchall()
        return {snapshot_date(sid): {"rows": n, "fingerprint": fp} for sid, n, fp in rows}
    n, fp = con.execute(f"SELECT count(*), {digest} FROM {table}").fetchone()  # type: ignore[misc]
    return {None: {"rows": n, "fingerprint": fp}}


def _clean_leftovers(folder: Path) -> None:
    """Temporary folders an interrupted export of an earlier hubcensus left at the lake's root."""
    for p in [*folder.glob(f"{_TMP}*"), *folder.glob(f"{_OLD}*")]:
        shutil.rmtree(p) if p.is_dir() else p.unlink()


def _lake_for_writing(lake: Path) -> dict[str, Any] | None:
    """The lake's manifest as an export starts from it: the manifest in force with what an interrupted
    export recorded in its journal on top (None for a new or empty folder); refuses anything else."""
    if lake.exists() and not lake.is_dir():
        raise UserError(f"{lake}: not a folder; --lake names a folder to write the lake into")
    if not lake.exists():
        if not lake.parent.is_dir():
            raise UserError(f"{lake}: folder {lake.parent} does not exist")
        lake.mkdir()
        return None
    path, pending = lake / MANIFEST, lake / PENDING
    doc = parse_manifest(path.read_text(encoding="utf-8"), str(path)) if path.is_file() else None
    if doc is None and not pending.is_file():
        if any(p for p in lake.iterdir() if not p.name.startswith((_TMP, _OLD))):
            raise UserError(f"{lake}: not empty and not a hubcensus lake (no {MANIFEST}); choose a new or empty folder")
        return None
    if pending.is_file():
        try:
            journal = json.loads(pending.read_text(encoding="utf-8"))
        except ValueError:
            journal = {}  # torn by a kill: the verification below decides what is kept
        base = doc or {"tables": {}}
        tables = {t: dict(e) for t, e in base.get("tables", {}).items()}
        for table, units in (journal.get("tables") or {}).items():
            entry = tables.setdefault(table, {"columns": units.get("columns")})
            if units.get("columns") != entry.get("columns"):
                entry = tables[table] = {"columns": units.get("columns")}
            if "partitions" in units:
                entry["partitioned_by"] = PARTITION
                entry["partitions"] = {**(entry.get("partitions") or {}), **units["partitions"]}
            elif "whole" in units:
                entry.update(units["whole"], partitioned_by=None)
        doc = {**base, "tables": tables}
    return doc


def _verified(lake: Path, unit: dict[str, Any] | None, want: dict[str, Any]) -> bool:
    """Whether the lake holds `want` (rows and fingerprint) for a unit, judged by its files, not only the
    manifest: each listed file is there, of the size the manifest recorded, with the rows it says."""
    if not unit or {k: unit.get(k) for k in ("rows", "fingerprint")} != want:
        return False
    files, sizes = unit.get("files"), unit.get("bytes")
    if not files or not isinstance(sizes, list) or len(sizes) != len(files):
        return False  # a lake written before manifests listed files: rewrite it once
    rows = 0
    for f, size in zip(files, sizes, strict=True):
        path = lake / f
        try:
            if path.stat().st_size != size:
                return False
            rows += pq.ParquetFile(path).metadata.num_rows
        except (OSError, pa.ArrowException):
            return False
    return rows == want["rows"]


def _write_journal(lake: Path, journal: dict[str, Any]) -> None:
    tmp = lake / f"{_TMP}{PENDING}"
    tmp.write_text(json.dumps(journal, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, lake / PENDING)


def _remove_unlisted(lake: Path, manifest: dict[str, Any]) -> list[str]:
    """After the manifest is in force: every parquet file and folder of the lake it does not list goes
    (superseded files, a kill's half-written ones, dropped partitions and tables); what was removed."""
    listed = {f for t in manifest["tables"] for f in files_of(manifest, t)}
    removed: list[str] = []
    for child in sorted(lake.iterdir()):
        if child.name.startswith(("_", ".")) or not child.is_dir():
            continue
        if child.name not in manifest["tables"]:
            shutil.rmtree(child)
            removed.append(child.name)
            continue
        for f in sorted(child.rglob("*.parquet")):
            if f.relative_to(lake).as_posix() not in listed:
                f.unlink()
        for d in sorted((d for d in child.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)):
            if not any(d.iterdir()):
                d.rmdir()
    return removed


def export_lake(con: duckdb.DuckDBPyConnection, lake: Path, progress: Progress | None = None) -> ExportResult:
    """Write (or bring up to date) the parquet lake at `lake` from the store open on `con`."""
    with folder_lock(Path(lake), "--lake", "export"):
        return _export_locked(con, Path(lake), progress)


def _export_locked(con: duckdb.DuckDBPyConnection, lake: Path, progress: Progress | None) -> ExportResult:
    t0 = time.perf_counter()
    shown = progress or NO_PROGRESS
    old = _lake_for_writing(lake)
    _clean_leftovers(lake)
    sids = [r[0] for r in con.execute("SELECT snapshot_id FROM snapshots ORDER BY snapshot_id").fetchall()]
    if not sids:
        raise UserError(
            "the store holds no snapshot yet: nothing to export (run `hubcensus ingest` or `hubcensus demo` first)"
        )
    days = [snapshot_date(s) for s in sids]
    tables = _store_tables(con)
    result = ExportResult(lake, snapshots=len(sids), tables=len(tables))
    old_tables: dict[str, Any] = (old or {}).get("tables", {})
    run = f"{time.time_ns():x}"  # this export's files: new names beside those of the lake in force
    journal: dict[str, Any] = {"tables": {}}
    _write_journal(lake, journal)  # from here on, the folder is a hubcensus lake being written

    # Plan: which partitions and whole tables the lake's files do not hold as the store has them.
    entries: dict[str, dict[str, Any]] = {}
    todo: list[tuple[str, str | None]] = []  # (table, date) partitions; (table, None) unpartitioned tables
    shown.stage("comparing", total=len(tables))
    for table, cols in sorted(tables.items()):
        shown.note(table)
        prints = _fingerprints(con, table, cols)
        before = old_tables.get(table, {})
        columns = [{"name": c, "type": t} for c, t in cols]
        same_columns = before.get("columns") == columns
        entry: dict[str, Any] = {"columns": columns}
        if "snapshot_id" in {c for c, _ in cols}:
            parts = {d: prints.get(d, {"rows": 0, "fingerprint": "0"}) for d in days}  # every snapshot has a file
            had = before.get("partitions", {}) if same_columns and before.get("partitioned_by") == PARTITION else {}
            entry |= {"partitioned_by": PARTITION, "rows": sum(p["rows"] for p in parts.values()), "partitions": {}}
            for d in days:
                if _verified(lake, had.get(d), parts[d]):
                    entry["partitions"][d] = had[d]
                else:
                    entry["partitions"][d] = dict(parts[d])
                    todo.append((table, d))
            result.removed.extend(f"{table}/{PARTITION}={d}" for d in had if d not in parts)
        else:
            entry |= {"partitioned_by": None, **prints[None]}
            if same_columns and _verified(lake, before, prints[None]):
                entry |= {"files": before["files"], "bytes": before["bytes"]}
            else:
                todo.append((table, None))
        entries[table] = entry
        shown.advance()
    result.unchanged = sum(len(days) if e["partitioned_by"] else 1 for e in entries.values()) - len(todo)

    shown.stage("writing", total=len(todo))
    for table, day in todo:
        cols = tables[table]
        if day is None:
            rel = f"{table}/part-{run}.parquet"
            select = f"SELECT {', '.join(c for c, _ in cols)} FROM {table}"
            what = table
        else:
            rel = f"{table}/{PARTITION}={day}/part-{run}.parquet"
            data_cols = ", ".join(c for c, _ in cols if c != "snapshot_id")
            select = f"SELECT {data_cols} FROM {table} WHERE snapshot_id = {int(day.replace('-', ''))}"
            what = f"{table}/{PARTITION}={day}"
        shown.note(what)
        (lake / rel).parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({select}) TO {_q(lake / rel)} (FORMAT parquet, COMPRESSION zstd)")
        files = {"files": [rel], "bytes": [(lake / rel).stat().st_size]}
        units = journal["tables"].setdefault(table, {"columns": entries[table]["columns"]})
        if day is None:
            entries[table] |= files
            units["whole"] = {k: entries[table][k] for k in ("rows", "fingerprint", "files", "bytes")}
        else:
            entries[table]["partitions"][day] |= files
            units.setdefault("partitions", {})[day] = entries[table]["partitions"][day]
        _write_journal(lake, journal)
        kill_point("export:unit-written")
        result.written.append(what)
        shown.advance()
    result.removed.extend(sorted(set(old_tables) - set(entries)))

    manifest = {
        "format": FORMAT,
        "layout": LAYOUT,
        "schema_version": SCHEMA_VERSION,
        "written_by": f"hubcensus {__version__}",
        "partition_key": f"{PARTITION}: the snapshot's date (YYYY-MM-DD); snapshot_id = that date as the integer YYYYMMDD",
        "snapshots": days,
        "tables": entries,
        "views": view_definitions(),
    }
    tmp_manifest = lake / f"{_TMP}{MANIFEST}"
    tmp_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    kill_point("export:before-manifest-swap")
    os.replace(tmp_manifest, lake / MANIFEST)  # the new lake is in force from here
    kill_point("export:after-manifest-swap")
    _remove_unlisted(lake, manifest)
    (lake / PENDING).unlink(missing_ok=True)
    result.seconds = time.perf_counter() - t0
    return result


# -- DuckDB over a lake ---------------------------------------------------------------------------
def lake_select(doc: dict[str, Any], table: str, *, spark: bool = False) -> list[str]:
    """The SELECT list that gives back a lake table as the store has it (snapshot_id restored from the folder)."""
    out = []
    for name, _typ in columns(doc, table):
        if name == "snapshot_id" and partitioned(doc, table):
            day = f"CAST({PARTITION} AS DATE)"
            out.append(
                f"CAST(date_format({day}, 'yyyyMMdd') AS INT) AS snapshot_id"
                if spark
                else f"CAST(strftime({day}, '%Y%m%d') AS INTEGER) AS snapshot_id"
            )
        else:
            out.append(name)
    return out


def open_duckdb_lake(lake: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose tables are views over the lake's parquet, with the store's views on top."""
    from hubcensus.store.connection import _settings

    doc = read_manifest(lake)
    con = duckdb.connect(":memory:")
    _settings(con)
    for table in doc["tables"]:
        folder = (lake / table).resolve()
        listed = files_of(doc, table)  # exactly the manifest's files: never a half-written export's
        if partitioned(doc, table):
            where = (
                "[" + ", ".join(_q(lake.resolve() / f) for f in listed) + "]"
                if listed
                else _q(folder / "*" / "*.parquet")
            )
            src = f"read_parquet({where}, hive_partitioning = true, hive_types = {{'{PARTITION}': VARCHAR}})"
        else:
            where = (
                "[" + ", ".join(_q(lake.resolve() / f) for f in listed) + "]" if listed else _q(folder / "*.parquet")
            )
            src = f"read_parquet({where})"
        con.execute(f"CREATE VIEW {table} AS SELECT {', '.join(lake_select(doc, table))} FROM {src}")
    for name, sql in doc["views"].items():
        con.execute(f"CREATE VIEW {name} AS {sql}")
    return con
