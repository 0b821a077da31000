"""Ingesting one snapshot into the store, all or nothing.

The whole of one snapshot — staging the files, checking them, merging the latest state of every
repo, writing the statistics that changed — happens inside one transaction. A bad row, a corrupt
file, a full disk or Ctrl-C anywhere rolls the store back to exactly what it was.

Statistics are stored as changes: a repo gets a `repo_stats` row in a snapshot only where its
downloads, likes or trending score differ from what the previous snapshot of its kind said, and a
tombstone when it vanishes from a complete snapshot. A snapshot that arrives out of date order is
slotted in and the next snapshot's changes are recomputed against it, so the series reads the same
whatever order the files came in.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from hubcensus.errors import UserError
from hubcensus.killpoints import kill_point
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.store import in_force
from hubcensus.store import stages as snapshot_stages
from hubcensus.store.columns import SelectPlan, columns_for, key_column, plan_select, sql_type
from hubcensus.store.connection import Store
from hubcensus.store.inputs import KindInput, SnapshotInput
from hubcensus.store.schema import REPO_KINDS, snapshot_id_for
from hubcensus.store.state_merge import PendingMerges, merge_state
from hubcensus.store.validate import check_rows, check_snapshot_day, latest_day, quarantine_note, quoted

STAT_COLS = in_force.STAT_COLS
REPO_STATE_COLS = (
    "author",
    "created_at",
    "last_modified",
    "pipeline_tag",
    "library_name",
    "sdk",
    "tags",
    "card_data",
    "base_model_ids",
    "base_model_relation",
    "safetensors_params",
    "gguf_params",
    "num_parameters",
    "model_type",
    "linked_models",
    "linked_datasets",
)
PAPER_STATE_COLS = (
    "title",
    "published_at",
    "submitted_at",
    "upvotes",
    "num_comments",
    "organisation",
    "submitter_org",
    "authors",
)
AUTHOR_STATE_COLS = ("is_org", "verified", "fullname")


@dataclass
class KindResult:
    kind: str
    rows: int
    duplicates: int
    mapped: dict[str, str]
    missing: list[str]
    deleted: int = 0  # repos this complete listing marked deleted (absent from it, present before)
    quarantined: dict[str, int] = field(default_factory=dict)  # values left out by validation, by field and why


@dataclass
class IngestResult:
    snapshot_id: int
    taken_at: dt.date
    status: str  # "ingested" | "already held" | "refused" (ingest(keep_going=True) only: notes[0] says why)
    source_ref: str
    kinds: list[KindResult] = field(default_factory=list)
    stats_rows: int = 0
    notes: list[str] = field(default_factory=list)


def _relation(k: KindInput) -> str:
    files = "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in k.files) + "]"
    if k.format == "parquet":
        return f"read_parquet({files}, union_by_name = true, filename = true, file_row_number = true)"
    if k.format == "jsonl":
        return (
            f"(SELECT *, CAST(NULL AS BIGINT) AS file_row_number FROM read_json({files}, format = 'newline_delimited', "
            f"sample_size = -1, union_by_name = true, filename = true, maximum_object_size = 104857600))"
        )
    if k.format == "csv":
        return (
            # The quote is fixed: left to the sniffer, a lone `"` made it pick "no quoting" and an unterminated
            # quote was stored as part of the id.
            f"(SELECT *, CAST(NULL AS BIGINT) AS file_row_number FROM read_csv({files}, header = true, quote = '\"', "
            f"union_by_name = true, filename = true, sample_size = -1))"
        )
    raise AssertionError(k.format)


def _where(k: KindInput) -> str:
    return str(k.files[0]) if len(k.files) == 1 else f"{k.files[0].parent} ({len(k.files)} files)"


# What our own SQL can get wrong; any other DuckDB error while reading files is about the files.
_OUR_BUGS = (duckdb.BinderException, duckdb.ParserException, duckdb.CatalogException, duckdb.InternalException)
# Errors that are not the file's fault pass through unchanged: our bugs, and Ctrl-C during a read.
_NOT_THE_FILES = (*_OUR_BUGS, duckdb.InterruptException)


def _read_error(k: KindInput, exc: duckdb.Error) -> UserError:
    msg = " ".join(str(exc).split("\n")[0].split())
    return UserError(_shape_error(k) or f"{_where(k)}: cannot read {k.format} ({msg})")


def _shape_error(k: KindInput) -> str | None:
    """What is wrong with the files' shape, said exactly, when DuckDB could not read them or found no id
    column in them: an empty file, a JSONL line that is no object, a CSV row with more or fewer fields than
    the header, an unterminated quote. Runs only once a read has failed, so its Python loop costs nothing
    on good files."""
    for f in k.files:
        if f.stat().st_size < 4096 and not f.read_bytes().strip(b"\xef\xbb\xbf \t\r\n"):
            return f"{f}: the file is empty"
    if k.format == "jsonl":
        return _first_bad_json_line(k.files)
    if k.format == "csv":
        return _first_bad_csv_row(k.files)
    return None


def _first_bad_json_line(files: list[Path]) -> str | None:
    """DuckDB's JSON errors point near, not at, the line; find the exact one for the message."""
    for f in files:
        with f.open(encoding="utf-8-sig", errors="replace") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    return f"{f}: line {n}: not valid JSON ({exc.msg} at column {exc.colno})"
                except RecursionError:
                    return f"{f}: line {n}: JSON nested too deep to read"
                if not isinstance(obj, dict):
                    return f"{f}: line {n}: not a JSON object"
    return None


def _first_bad_csv_row(files: list[Path]) -> str | None:
    """The first CSV row whose field count differs from its header's, or an unterminated quote."""
    for f in files:
        with f.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            rows = csv.reader(fh, strict=True)
            try:
                header = next(rows, [])
                for row in rows:
                    if row and len(row) != len(header):
                        return f"{f}: line {rows.line_num}: {len(row)} fields where the header has {len(header)}"
            except csv.Error as exc:
                return f"{f}: line {rows.line_num}: not valid CSV ({exc})"
    return None


# What a store column of each type wants, for "field 'x' has a value that is not …".
_WANTED = {
    "TIMESTAMP": "a timestamp",
    "BOOLEAN": "true or false",
    "BIGINT": "a number",
    "DOUBLE": "a number",
    "VARCHAR[]": "a list of text",
}


def _probe(con: duckdb.DuckDBPyConnection, k: KindInput) -> tuple[str, SelectPlan, str]:
    """The plan for reading one kind's files, from their columns alone: a file that cannot be opened
    or has no id column is refused here, before anything is written (`precheck`)."""
    rel = _relation(k)
    con.execute("SELECT 1").fetchall()  # ends a result left half-read (`con.sql` would refuse to start)
    try:
        schema = con.sql(f"SELECT * FROM {rel} LIMIT 0").to_arrow_table().schema
    except duckdb.Error as exc:
        if isinstance(exc, _NOT_THE_FILES):
            raise
        raise _read_error(k, exc) from None
    plan = plan_select(k.kind, schema)
    key = key_column(k.kind)
    if key in plan.missing:
        looked = next(c.sources for c in columns_for(k.kind) if c.name == key)
        raise UserError(_shape_error(k) or f"{_where(k)}: no id column (looked for {', '.join(looked)})")
    return rel, plan, key


def precheck(store: Store, snap: SnapshotInput) -> None:
    """Refuse a snapshot whose files cannot be opened or lack an id column, or whose date is outside the
    Hub's lifetime, without writing anything: `ingest` runs it over every snapshot given before the first
    one commits."""
    if not snap.kinds:
        raise UserError(f"{snap.source_ref}: no known snapshot file here")
    if snap.taken_at is not None:
        check_snapshot_day(snap.taken_at, snap.source_ref)
    for k in snap.kinds:
        _probe(store.con, k)


@dataclass(frozen=True)
class KindFiles:
    """The files of one kind in a snapshot (of every format given), in order: a staged row's `_file` is its
    file's place here. A number rather than the path: the path on each of a full listing's 2.2M rows took
    0.2 GB of the 2 GB memory limit, and ordered like the paths, so ties still break the same way (`_dedupe`)."""

    paths: tuple[str, ...]
    shown: tuple[str, ...]  # the file to name in a message: the user's, for one flattened from API JSON

    @classmethod
    def of(cls, kinds: Sequence[KindInput], kind: str) -> KindFiles:
        shown: dict[str, str] = {}
        for k in kinds:
            if k.kind == kind:
                origin = k.origin or k.files
                shown.update({str(f): str(o) for f, o in zip(k.files, origin, strict=True)})
        paths = tuple(sorted(shown))
        return cls(paths, tuple(shown[p] for p in paths))

    def number_sql(self) -> str:
        """SQL for a row's `_file` from the reader's `filename` (which is the path as given)."""
        if len(self.paths) == 1:
            return "CAST(0 AS UINTEGER)"
        whens = " ".join("WHEN '" + p.replace("'", "''") + f"' THEN {i}" for i, p in enumerate(self.paths))
        return f"CAST(CASE filename {whens} END AS UINTEGER)"


def _stage(con: duckdb.DuckDBPyConnection, k: KindInput, name: str, latest: dt.date, files: KindFiles) -> KindResult:
    """Read one kind's files into temp table `name` with the store's columns; strict checks after, then
    validation at the door (`store/validate.py`: values after `latest` are left out, among others).
    `files`: the kind's files in the snapshot, `k`'s and those of the same kind in another format."""
    rel, plan, key = _probe(con, k)
    select = ",\n  ".join(plan.exprs)
    try:
        con.execute(
            f"CREATE TEMP TABLE {name} AS SELECT {select},\n  {files.number_sql()} AS _file, "
            f"file_row_number AS _row FROM {rel}"
        )
    except duckdb.Error as exc:
        if isinstance(exc, _NOT_THE_FILES):
            raise
        raise _read_error(k, exc) from None
    names = files.shown
    for flag, col, src in plan.checks:
        bad = con.execute(f"SELECT _file, _row, {key} FROM {name} WHERE {flag} LIMIT 1").fetchall()
        if bad:
            i, row, ident = bad[0]
            f = names[i]
            where = f"row {row + 1}" if row is not None else f"the row with id {quoted(str(ident))}"
            wanted = _WANTED.get(next(sql_type(c.type) for c in columns_for(k.kind) if c.name == col), "readable")
            raise UserError(f"{f}: {where}: field '{src}' has a value that is not {wanted}")
    empty = con.execute(f"SELECT _file, _row FROM {name} WHERE {key} IS NULL OR trim({key}) = '' LIMIT 1").fetchall()
    if empty:
        i, row = empty[0]
        f = names[i]
        raise UserError(f"{f}: {'row ' + str(row + 1) if row is not None else 'a row'}: empty id")
    quarantined = check_rows(con, name, k.kind, plan, latest, names)
    return KindResult(k.kind, 0, 0, plan.mapped, plan.missing, quarantined=quarantined)


def _dedupe(con: duckdb.DuckDBPyConnection, raw: str, out: str, kind: str, result: KindResult) -> list[str]:
    """Make `out` the listing's rows, one per key, and say what to drop when the snapshot is done (in order).

    `out` is a view over `raw` leaving out the rows that lose to another of the same key (none, nearly always):
    a copy of a full listing's rows, cards and tag lists and all, was 2.5-3 s of a full-scale day, and the few
    reads of the stage cost no more through a view. Rows without a row number (JSONL, CSV) cannot be named
    alone, so a listing where one of them loses is copied without the losers."""
    key = key_column(kind)
    cols = [c.name for c in columns_for(kind)]
    if kind in REPO_KINDS:
        # Namespaces are the part of the id before the slash when a source leaves `author` out.
        exprs = [
            "coalesce(author, CASE WHEN contains(repo_id, '/') THEN split_part(repo_id, '/', 1) END) AS author"
            if c == "author"
            else c
            for c in cols
        ]
    else:
        exprs = cols
    select = ", ".join(exprs)
    order = "last_modified DESC NULLS LAST, " if kind in REPO_KINDS else ""
    total, distinct = con.execute(f"SELECT count(*), count(DISTINCT {key}) FROM {raw}").fetchone()
    result.rows, result.duplicates = distinct, total - distinct
    if total == distinct:
        con.execute(f"CREATE TEMP VIEW {out} AS SELECT {select} FROM {raw}")
        return [f"VIEW {out}", f"TABLE {raw}"]
    # Only the rows of a repeated key are ranked: a listing of millions with a handful of repeats spent
    # most of its ingest writing every row out as text for the last tie-break below.
    losing = f"{raw}_losers"  # one per kind: each stays until the snapshot is done
    con.execute(
        f"CREATE TEMP TABLE _dup_keys AS SELECT {key} AS _dup_key FROM {raw} GROUP BY {key} HAVING count(*) > 1"
    )
    # JSONL and CSV rows carry no row number: the whole row, as text, breaks the last ties, so the same files
    # always keep the same copy.
    rank = (
        f"row_number() OVER (PARTITION BY {key} ORDER BY {order}_file DESC, _row DESC NULLS LAST, "
        f"CAST(struct_pack({', '.join(cols)}) AS VARCHAR) DESC)"
    )
    con.execute(
        f"CREATE TEMP TABLE {losing} AS SELECT {key} AS _dup_key, _file, _row FROM {raw} "
        f"SEMI JOIN _dup_keys d ON {raw}.{key} IS NOT DISTINCT FROM d._dup_key QUALIFY {rank} > 1"
    )
    con.execute("DROP TABLE _dup_keys")
    losers = f"ANTI JOIN {losing} l ON {raw}._file = l._file AND {raw}._row = l._row"
    if not con.execute(f"SELECT count(*) FROM {losing} WHERE _row IS NULL").fetchone()[0]:
        con.execute(f"CREATE TEMP VIEW {out} AS SELECT {select} FROM {raw} {losers}")
        return [f"VIEW {out}", f"TABLE {losing}", f"TABLE {raw}"]
    # a loser without a row number: the rows are copied, a repeated key's winner by the same ranking
    repeated = f"JOIN (SELECT DISTINCT _dup_key FROM {losing}) d ON {raw}.{key} IS NOT DISTINCT FROM d._dup_key"
    con.execute(
        f"CREATE TEMP TABLE {out} AS SELECT {select} FROM {raw} ANTI {repeated} "
        f"UNION ALL SELECT {select} FROM {raw} SEMI {repeated} QUALIFY {rank} = 1"
    )
    con.execute(f"DROP TABLE {losing}")
    con.execute(f"DROP TABLE {raw}")
    return [f"TABLE {out}"]


def _state_select(kind: str) -> str:
    """The repo state columns for one kind; fields that kind never has (a model's sdk) are NULL."""
    have = {c.name: c for c in columns_for(kind)}
    types = {c.name: c.type for k in REPO_KINDS for c in columns_for(k)}
    return ", ".join(c if c in have else f"CAST(NULL AS {sql_type(types[c])}) AS {c}" for c in REPO_STATE_COLS)


def _stats_as_of(kind: str, sid: int) -> str:
    fields = ", ".join(STAT_COLS)
    return (
        f"SELECT repo_id, s.* FROM (SELECT repo_id, arg_max(struct_pack({fields}, deleted), snapshot_id) AS s "
        f"FROM repo_stats WHERE kind = '{kind}' AND snapshot_id <= {sid} GROUP BY repo_id) WHERE NOT s.deleted"
    )


def _listed_stats(stage: str) -> str:
    """(repo_id, statistics…) of the repos a listing's stage holds: what `_diff` and `_write_changes` compare."""
    return f"SELECT repo_id, {', '.join(STAT_COLS)} FROM {stage}"


def _write_changes(
    con: duckdb.DuckDBPyConnection, kind: str, sid: int, new: str, old: str | None, complete: bool
) -> None:
    """Rows of `new` (repo_id + stats) that differ from `old`; tombstones for what `new` lost."""
    if old is None:
        cols = ", ".join(STAT_COLS)
        con.execute(
            f"INSERT INTO repo_stats (snapshot_id, kind, repo_id, {cols}, deleted) "
            f"SELECT {sid}, '{kind}', repo_id, {cols}, false FROM ({new})"
        )
        return
    _write_diff(con, kind, sid, _diff(con, kind, new, old), complete)


def _diff(con: duckdb.DuckDBPyConnection, kind: str, new: str, old: str) -> str:
    """What `new` (repo_id + stats) changes against `old`, in one pass over both, as a temporary table: a row
    per repo whose statistics differ or that `old` lacks (`gone` false, with `new`'s statistics), and one per
    repo `new` lacks (`gone` true). The deletion guard counts it; `_write_diff` writes it."""
    changed = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in STAT_COLS)
    table = f"_diff_{kind}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS "
        f"SELECT COALESCE(n.repo_id, o.repo_id) AS repo_id, n.repo_id IS NULL AS gone, "
        f"{', '.join('n.' + c for c in STAT_COLS)} "
        f"FROM ({new}) n FULL JOIN ({old}) o ON n.repo_id = o.repo_id "
        f"WHERE n.repo_id IS NULL OR o.repo_id IS NULL OR {changed}"
    )
    return table


def _write_diff(con: duckdb.DuckDBPyConnection, kind: str, sid: int, diff: str, complete: bool) -> None:
    """Write `_diff`'s rows at `sid`: the changed statistics, and (a complete listing) the tombstones; then drop it."""
    cols = ", ".join(STAT_COLS)
    con.execute(
        f"INSERT INTO repo_stats (snapshot_id, kind, repo_id, {cols}, deleted) "
        f"SELECT {sid}, '{kind}', repo_id, {cols}, false FROM {diff} WHERE NOT gone"
    )
    if complete:
        con.execute(
            f"INSERT INTO repo_stats (snapshot_id, kind, repo_id, deleted) "
            f"SELECT {sid}, '{kind}', repo_id, true FROM {diff} WHERE gone"
        )
    con.execute(f"DROP TABLE {diff}")


def _neighbour(
    con: duckdb.DuckDBPyConnection, kind: str, sid: int, *, later: bool, complete_only: bool = False
) -> int | None:
    op = ">" if later else "<"
    row = con.execute(
        f"SELECT k.snapshot_id FROM snapshot_kinds k JOIN snapshots s USING (snapshot_id) "
        f"WHERE k.kind = ? AND k.snapshot_id {op} ? {'AND s.complete' if complete_only else ''} "
        f"ORDER BY k.snapshot_id {'ASC' if later else 'DESC'} LIMIT 1",
        [kind, sid],
    ).fetchall()
    return row[0][0] if row else None


def _in_force_before(con: duckdb.DuckDBPyConnection, kind: str, sid: int, newest: bool) -> str | None:
    """The statistics in force just before `sid` (None when no earlier snapshot holds `kind`). For a snapshot
    after every one held (`newest`, the daily case) they are the statistics in force now (`in_force`, one row
    per repo), read where they are; otherwise finding them scans the kind's whole statistics history, done
    once into a temporary table (`_held_{kind}`) that the diff and the guard's count both read."""
    if _neighbour(con, kind, sid, later=False) is None:
        return None
    if newest:
        in_force.ensure(con)
        return in_force.now_sql(kind)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _held_{kind} AS {_stats_as_of(kind, sid - 1)}")
    return f"SELECT * FROM _held_{kind}"


def _record_stats(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    sid: int,
    stage: str,
    complete: bool,
    replace: bool = False,
    diff: str | None = None,
) -> None:
    """Write this snapshot's statistics rows, and re-diff the next complete snapshot if this one
    slots in beneath it (an out-of-order ingest).

    A complete snapshot writes the repos whose statistics differ from those in force just before
    it, and tombstones for repos it no longer lists. A partial listing (a trending page, a top-1000
    list) writes every repo it lists, changed or not: it is small, "listed in this snapshot" is then
    a plain filter, and no later snapshot's rows ever depend on what it left out.

    `replace`: the snapshot is held and this listing is merged into it; the rows it already has for
    the repos listed here give way to this listing's (one row per repo and snapshot). `diff`: for a complete
    listing with an earlier one, what it changes against the statistics in force just before `sid` (`_diff`).
    """
    nxt = _neighbour(con, kind, sid, later=True, complete_only=True)
    if nxt:  # freeze what the next complete snapshot said before this one slots in beneath it
        con.execute(f"CREATE TEMP TABLE _next_state AS {_stats_as_of(kind, nxt)}")
    if replace:
        con.execute(
            f"DELETE FROM repo_stats WHERE snapshot_id = ? AND kind = ? AND repo_id IN (SELECT repo_id FROM {stage})",
            [sid, kind],
        )
    if diff is not None:
        _write_diff(con, kind, sid, diff, complete)
    else:
        _write_changes(con, kind, sid, _listed_stats(stage), None, complete)
    if nxt:
        con.execute(f"CREATE TEMP TABLE _before_next AS {_stats_as_of(kind, nxt - 1)}")
        con.execute("DELETE FROM repo_stats WHERE kind = ? AND snapshot_id = ?", [kind, nxt])
        _write_changes(con, kind, nxt, "SELECT * FROM _next_state", "SELECT * FROM _before_next", True)
        con.execute("DROP TABLE _next_state")
        con.execute("DROP TABLE _before_next")


def _date_from_data(con: duckdb.DuckDBPyConnection, stages: dict[str, str]) -> dt.date | None:
    parts = []
    for kind, t in stages.items():
        if kind in REPO_KINDS:
            parts.append(f"SELECT max(greatest(last_modified, created_at)) AS t FROM {t}")
        elif kind == "paper":
            parts.append(f"SELECT max(greatest(published_at, submitted_at)) AS t FROM {t}")
    if not parts:
        return None
    latest = con.execute(f"SELECT max(t) FROM ({' UNION ALL '.join(parts)})").fetchone()[0]
    return latest.date() if latest else None


def fingerprint(snap: SnapshotInput) -> str:
    """The content of a snapshot's files: sha256 over each file's kind and sha256, in sorted order.

    The user's own files count (not a flattened copy), so the same download ingested twice, under any
    name or path, is recognised as already held, and a different file for the same date is not."""
    parts = []
    for k in snap.kinds:
        for f in k.origin or k.files:
            h = hashlib.sha256()
            with Path(f).open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            parts.append(f"{k.kind}\t{h.hexdigest()}")
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


def _held_same(con: duckdb.DuckDBPyConnection, sid: int, fp: str, source_ref: str) -> bool:
    """Whether snapshot `sid` already holds these files (by fingerprint; by path for a snapshot
    ingested before fingerprints were kept)."""
    prints = [
        r[0] for r in con.execute("SELECT fingerprint FROM snapshot_sources WHERE snapshot_id = ?", [sid]).fetchall()
    ]
    if prints:
        return fp in prints
    ref = con.execute("SELECT source_ref FROM snapshots WHERE snapshot_id = ?", [sid]).fetchone()[0]
    return ref == source_ref


# Below this many repos held, a listing that drops most of them is a trial or a hand-built store, not a Hub
# wiped by an extract: the guard would only get in the way. An empty listing is refused at any size.
GUARD_MIN_HELD = 100


def _guard_deletions(kind: str, rows: int, snap: SnapshotInput, held: int, gone: int) -> None:
    """Refuse a complete listing that would mark more than half of the `held` repos as deleted (`gone`): far
    more likely an extract taken for the whole Hub than half the Hub gone in one step (`--complete` insists).

    A complete listing of no rows is refused always, `--complete` or not, first snapshot or not: the Hub
    is never empty, so it is a failed export, and taken as the whole Hub it would delete every repo held
    (or, slotted before later snapshots, say the Hub had none)."""
    if rows == 0:
        raise UserError(
            f"{snap.source_ref}: taken as a complete listing, its 0 {kind}s would mark {held:,} of the {held:,} "
            f"{kind}s held as deleted; an empty listing is never the whole Hub — refused (pass --partial if it "
            "lists only some)"
        )
    if not snap.insist and gone * 2 > held and held >= GUARD_MIN_HELD:
        raise UserError(
            f"{snap.source_ref}: taken as a complete listing, its {rows:,} {kind}s would mark {gone:,} of the "
            f"{held:,} {kind}s held as deleted; refused (pass --complete to insist, or --partial if it lists only some)"
        )


def _record_kind(
    con: duckdb.DuckDBPyConnection, sid: int, res: KindResult, files: list[str], notes: list[str], merging: bool
) -> None:
    """The snapshot_kinds row of one kind; a listing merged into a held snapshot adds to its row."""
    mapped = {"mapped": res.mapped, "missing": res.missing, "notes": notes, "quarantined": res.quarantined}
    old = con.execute(
        "SELECT files, mapped FROM snapshot_kinds WHERE snapshot_id = ? AND kind = ?", [sid, res.kind]
    ).fetchall()
    if not (merging and old):
        con.execute(
            "INSERT INTO snapshot_kinds VALUES (?, ?, ?, ?, ?, ?)",
            [sid, res.kind, res.rows, res.duplicates, files, json.dumps(mapped, sort_keys=True)],
        )
        return
    complete = con.execute("SELECT complete FROM snapshots WHERE snapshot_id = ?", [sid]).fetchone()[0]
    listed = (
        f"SELECT count(*) FROM ({_stats_as_of(res.kind, sid)})"
        if complete
        else f"SELECT count(*) FROM repo_stats WHERE snapshot_id = {sid} AND kind = '{res.kind}' AND NOT deleted"
    )
    before = json.loads(old[0][1] or "{}")
    before["notes"] = [*before.get("notes", []), *notes]
    held = before.get("quarantined", {})
    before["quarantined"] = {w: held.get(w, 0) + res.quarantined.get(w, 0) for w in {*held, *res.quarantined}}
    con.execute(
        f"UPDATE snapshot_kinds SET rows = ({listed}), duplicates = duplicates + ?, files = list_concat(files, ?), "
        "mapped = ? WHERE snapshot_id = ? AND kind = ?",
        [res.duplicates, files, json.dumps(before, sort_keys=True), sid, res.kind],
    )


def _teller(snap: SnapshotInput, progress: Progress | None) -> Callable[[str], None]:
    """Progress notes that name the snapshot, since several are ingested under one stage (`ingest`)."""
    label = snap.taken_at.isoformat() if snap.taken_at else Path(snap.source_ref).name
    shown = progress or NO_PROGRESS
    return lambda text: shown.note(f"{label}: {text}")


def _held_before(store: Store, snap: SnapshotInput, fp: str) -> IngestResult | None:
    """The "already held" result of a dated snapshot whose files the store holds, before any work."""
    if not snap.kinds:
        raise UserError(f"{snap.source_ref}: no known snapshot file here")
    if snap.taken_at is not None:
        check_snapshot_day(snap.taken_at, snap.source_ref)
        held_sid = snapshot_id_for(snap.taken_at)
        if store.has_snapshot(held_sid) and _held_same(store.con, held_sid, fp, snap.source_ref):
            return _already_held(store, snap.taken_at, snap)
    return None


def ingest_snapshot(
    store: Store,
    snap: SnapshotInput,
    *,
    progress: Progress | None = None,
    inside: Callable[[duckdb.DuckDBPyConnection, int], None] | None = None,
) -> IngestResult:
    """Ingest one snapshot in its own transaction. `inside(con, snapshot_id)` runs in the same transaction
    just before the commit (the live crawl clears its checkpoint there, so rows and cursor move together)."""
    fp = fingerprint(snap)
    held = _held_before(store, snap, fp)
    if held is not None:
        return held
    with store.transaction():
        result = _ingest_open(store, snap, fp, _teller(snap, progress), inside)
    kill_point("ingest:committed")
    return result


def _ingest_open(
    store: Store,
    snap: SnapshotInput,
    fp: str,
    say: Callable[[str], None],
    inside: Callable[[duckdb.DuckDBPyConnection, int], None] | None = None,
    folds: PendingMerges | None = None,
) -> IngestResult:
    """The work of one snapshot inside a transaction the caller holds open (one snapshot's, or a batch's:
    then its state rows are queued on the batch's `folds`, which the batch folds in before it commits)."""
    con = store.con
    own_folds = folds is None
    folds = folds if folds is not None else PendingMerges(con, defer=False)
    latest = max(latest_day(snap.taken_at), latest_day(snap.until)) if snap.until else latest_day(snap.taken_at)
    results: list[KindResult] = []
    stages: dict[str, str] = {}
    for k in snap.kinds:
        say(f"reading {k.kind}s from {_where(k)}")
        raw, name = f"_raw_{k.kind}", f"_stage_{k.kind}"
        files = KindFiles.of(snap.kinds, k.kind)
        if k.kind in stages:  # the same kind in two formats: read both, then treat as one
            more = _stage(con, k, raw + "2", latest, files)
            con.execute(f"INSERT INTO _raw_{k.kind}_all BY NAME SELECT * FROM {raw}2")
            con.execute(f"DROP TABLE {raw}2")
            res = next(r for r in results if r.kind == k.kind)
            for why, n in more.quarantined.items():
                res.quarantined[why] = res.quarantined.get(why, 0) + n
            continue
        res = _stage(con, k, raw, latest, files)
        con.execute(f"ALTER TABLE {raw} RENAME TO _raw_{k.kind}_all")
        stages[k.kind] = name
        results.append(res)
    dropping = [d for res in results for d in _dedupe(con, f"_raw_{res.kind}_all", stages[res.kind], res.kind, res)]
    kill_point("ingest:staged")
    notes = list(snap.notes)
    notes += [f"{res.kind}s: {quarantine_note(res.quarantined)}" for res in results if res.quarantined]
    day = snap.taken_at
    if day is None:
        day = _date_from_data(con, stages)
        if day is None:
            raise UserError(f"{snap.source_ref}: cannot tell the snapshot's date; pass --date YYYY-MM-DD")
        check_snapshot_day(day, snap.source_ref)
        notes.append(f"date {day} taken from the newest timestamp in the data")
        if store.has_snapshot(snapshot_id_for(day)) and _held_same(con, snapshot_id_for(day), fp, snap.source_ref):
            raise _Held(day)
    sid = snapshot_id_for(day)
    merging = store.has_snapshot(sid)
    complete = snap.complete and not merging
    if merging:
        # A different file for a date held: its rows join that snapshot as a partial listing (nothing is
        # marked deleted). A kind the held snapshot lacks cannot join a complete one: it would pass for complete.
        ref, held_complete = con.execute(
            "SELECT source_ref, complete FROM snapshots WHERE snapshot_id = ?", [sid]
        ).fetchone()
        held_kinds = {
            r[0] for r in con.execute("SELECT kind FROM snapshot_kinds WHERE snapshot_id = ?", [sid]).fetchall()
        }
        lacking = sorted(k for k in stages if k in REPO_KINDS and k not in held_kinds)
        if held_complete and lacking:
            raise UserError(
                f"{snap.source_ref}: snapshot {day} is held (from {ref}) as a complete listing without "
                f"{', '.join(k + 's' for k in lacking)}; these files cannot join it — give them another --date"
            )
        notes.append(
            f"snapshot {day} is already held (from {ref}) with different files: merged into it as a partial "
            f"listing (nothing marked deleted)"
        )
    repo_kinds = [k for k in stages if k in REPO_KINDS]
    if repo_kinds:
        say("merging repos")
        union = " UNION ALL ".join(
            f"SELECT '{k}' AS kind, repo_id, {_state_select(k)} FROM {stages[k]}" for k in repo_kinds
        )
        scope = "kind IN (" + ", ".join(f"'{k}'" for k in repo_kinds) + ")"
        folds.add("repos", ("kind", "repo_id"), REPO_STATE_COLS, union, sid, scope)
        for k in repo_kinds:
            res = next(r for r in results if r.kind == k)
            # after every snapshot holding this kind, and not merged into a held one: the statistics in force
            # now are those before it, and its rows then bring them up to date
            newest = not merging and _neighbour(con, k, sid, later=True) is None
            held = _in_force_before(con, k, sid, newest) if complete else None
            diff, n_held, gone = None, 0, 0
            if held:  # one pass over the listing and what it follows: the guard counts it, the write writes it
                diff = _diff(con, k, _listed_stats(stages[k]), held)
                n_held, gone = con.execute(
                    f"SELECT (SELECT count(*) FROM ({held})), count(*) FILTER (WHERE gone) FROM {diff}"
                ).fetchone()
                con.execute(f"DROP TABLE IF EXISTS _held_{k}")
            if complete:
                _guard_deletions(k, res.rows, snap, n_held, gone)
            say(f"recording changed statistics of {k}s")
            _record_stats(con, k, sid, stages[k], complete, replace=merging, diff=diff)
            if newest:
                in_force.advance(con, k, sid)
            else:  # rows rewritten beneath later ones, or in place: rebuilt when next needed
                in_force.forget(con)
            if complete:  # a merged listing marks nothing deleted; the tombstones at `sid` are the held one's
                res.deleted = gone
    if "paper" in stages:
        say("merging papers")
        merge_state(con, "papers", ("paper_id",), PAPER_STATE_COLS, f"SELECT * FROM {stages['paper']}", sid)
    author_sources = [
        f"SELECT author, author_type = 'org' AS is_org, author_verified AS verified, author_fullname AS fullname "
        f"FROM {stages[k]} WHERE author IS NOT NULL"
        for k in (*repo_kinds, "author")
        if k in stages
    ]
    if author_sources:
        say("merging authors")
        authors = (
            f"SELECT author, bool_or(is_org) AS is_org, bool_or(verified) AS verified, max(fullname) AS fullname "
            f"FROM ({' UNION ALL '.join(author_sources)}) GROUP BY author"
        )
        folds.add("authors", ("author",), AUTHOR_STATE_COLS, authors, sid, fill_nulls=True)
    if not merging:
        con.execute(
            "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?)", [sid, day, snap.source, snap.source_ref, snap.complete]
        )
    con.execute("INSERT INTO snapshot_sources VALUES (?, ?, ?, ?)", [sid, fp, snap.source_ref, complete])
    snapshot_stages.mark_ingested(con, sid)
    files_by_kind: dict[str, list[str]] = {}
    for k in snap.kinds:
        files_by_kind.setdefault(k.kind, []).extend(str(f) for f in (k.origin or k.files))
    for res in results:
        _record_kind(con, sid, res, files_by_kind[res.kind], notes, merging)
    stats_rows = con.execute("SELECT count(*) FROM repo_stats WHERE snapshot_id = ?", [sid]).fetchone()[0]
    for what in dropping:
        con.execute(f"DROP {what}")
    if own_folds:
        folds.flush()
    if inside:
        inside(con, sid)
    kill_point("ingest:before-commit")
    return IngestResult(sid, day, "ingested", snap.source_ref, results, stats_rows, notes)


class _Held(Exception):
    def __init__(self, day: dt.date) -> None:
        self.day = day


def _already_held(store: Store, day: dt.date, snap: SnapshotInput) -> IngestResult:
    sid = snapshot_id_for(day)
    ref = store.con.execute("SELECT source_ref FROM snapshots WHERE snapshot_id = ?", [sid]).fetchone()[0]
    return IngestResult(
        sid, day, "already held", snap.source_ref, notes=[f"snapshot {day} is already in the store (from {ref})"]
    )


# Small snapshots go in several to a transaction: for a daily listing of ~150 rows, opening and committing a
# transaction (and dropping the intermediates each write does) costs more than its rows. A batch is all or
# nothing; when one of its snapshots is refused, the batch is rolled back and taken again one snapshot per
# transaction, so what landed and what was refused are exactly what one transaction per snapshot gives.
BATCH_BYTES = 16 << 20
BATCH_SNAPSHOTS = 64


def _batches(snaps: list[SnapshotInput], refused: set[int]) -> list[list[int]]:
    """Consecutive snapshots grouped while their files add up to at most `BATCH_BYTES`; a big one is alone."""
    out: list[list[int]] = []
    batch: list[int] = []
    size = 0
    for i, snap in enumerate(snaps):
        n = 0 if i in refused else sum(Path(f).stat().st_size for k in snap.kinds for f in k.files)
        if batch and (size + n > BATCH_BYTES or len(batch) >= BATCH_SNAPSHOTS):
            out.append(batch)
            batch, size = [], 0
        batch.append(i)
        size += n
    if batch:
        out.append(batch)
    return out


def _ingest_together(store: Store, snaps: list[SnapshotInput], progress: Progress) -> list[IngestResult]:
    """Several snapshots in one transaction, each keeping its own id, rows and result; all or nothing."""
    out: list[IngestResult] = []
    with store.transaction():
        folds = PendingMerges(store.con)
        for snap in snaps:
            fp = fingerprint(snap)
            held = _held_before(store, snap, fp)
            out.append(
                held if held is not None else _ingest_open(store, snap, fp, _teller(snap, progress), None, folds)
            )
        folds.flush()
    for r in out:
        if r.status == "ingested":
            kill_point("ingest:committed")
    return out


def ingest(
    store: Store, snaps: list[SnapshotInput], *, progress: Progress | None = None, keep_going: bool = False
) -> list[IngestResult]:
    """Ingest snapshots in date order; each lands whole or not at all (small ones share a transaction).

    `keep_going` (a folder of unrelated files): a snapshot refused for what its files hold is a
    "refused" result naming the reason, and the others still go in; otherwise the refusal is raised."""
    shown = progress or NO_PROGRESS
    refused: dict[int, IngestResult] = {}
    for i, snap in enumerate(snaps):  # every file opened before the first commit
        try:
            precheck(store, snap)
        except UserError as exc:
            if not keep_going:
                raise
            refused[i] = IngestResult(0, snap.taken_at, "refused", snap.source_ref, notes=[str(exc)])  # type: ignore[arg-type]
    shown.stage(f"ingesting {len(snaps)} snapshot(s)", total=len(snaps))
    out: list[IngestResult] = []
    for batch in _batches(snaps, set(refused)):
        todo = [i for i in batch if i not in refused]
        together: dict[int, IngestResult] = {}
        if len(todo) > 1:
            try:
                together = dict(zip(todo, _ingest_together(store, [snaps[i] for i in todo], shown), strict=True))
            except (UserError, _Held):
                together = {}  # rolled back: taken again one at a time, which names what landed and why not
        for i in batch:
            out.append(
                together[i] if i in together else _ingest_alone(store, snaps[i], refused.get(i), out, shown, keep_going)
            )
            shown.advance()
    return out


def _ingest_alone(
    store: Store,
    snap: SnapshotInput,
    refused: IngestResult | None,
    out: list[IngestResult],
    shown: Progress,
    keep_going: bool,
) -> IngestResult:
    """One snapshot in its own transaction, with `ingest`'s handling of a refusal (`out`: what went before)."""
    if refused is not None:
        return refused
    try:
        return ingest_snapshot(store, snap, progress=shown)
    except _Held as held:
        return _already_held(store, held.day, snap)
    except UserError as exc:
        if not keep_going:
            landed = [str(r.taken_at) for r in out if r.status == "ingested"]
            if landed:
                raise UserError(
                    f"{exc} — stopped there; ingested before it (kept): {', '.join(landed)}; "
                    "run the same command again once fixed"
                ) from None
            raise
        return IngestResult(0, snap.taken_at, "refused", snap.source_ref, notes=[str(exc)])  # type: ignore[arg-type]
