"""Opening a store: where it lives, its lock, its settings, its migrations.

DuckDB lets one process hold a database file for writing; a second process that tries gets an
IOException naming the lock holder. We turn that into a `StoreLockedError` that names the file and
the process, so a user running two ingests at once is told which one to wait for.
"""

from __future__ import annotations

import contextlib
import os
import re
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from hubcensus.errors import StoreLockedError, UserError
from hubcensus.locks import forget_holder, holder, record_holder
from hubcensus.store import precomputed, stages
from hubcensus.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "hubcensus.duckdb"


def default_db_path() -> Path:
    """`HUBCENSUS_DB` if set, else `./hubcensus.duckdb`."""
    return Path(os.environ.get("HUBCENSUS_DB") or DEFAULT_DB)


# Every connection hubcensus opens (the store's, a lake's), so that Ctrl-C can stop the query running on it:
# DuckDB polls for Python's signals only between chunks of work it may take minutes over, while
# `DuckDBPyConnection.interrupt` is seen at once (`interrupt_queries`, called by the CLI on SIGINT).
_OPEN: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def interrupt_queries() -> None:
    """Interrupt the query running on every connection hubcensus opened (safe from any thread).

    The query raises DuckDB's interrupt error, its transaction is rolled back, and so is a store's
    open transaction (the interrupted connection refuses further statements, so it is never committed)."""
    for con in list(_OPEN):
        with contextlib.suppress(duckdb.Error):
            con.interrupt()


def _settings(con: duckdb.DuckDBPyConnection) -> None:
    _OPEN.add(con)
    # Times are UTC everywhere; a user's local zone must never leak into a figure.
    con.execute("SET TimeZone = 'UTC'")
    # Memory and threads are bounded so that a Hub-scale ingest fits a small machine; DuckDB spills
    # the rest to disk. Both can be raised by the environment for bigger machines.
    con.execute(f"SET memory_limit = '{os.environ.get('HUBCENSUS_MEMORY_LIMIT', '2GB')}'")
    threads = os.environ.get("HUBCENSUS_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Insertion order is never relied on (every query orders explicitly), and keeping it costs memory.
    con.execute("SET preserve_insertion_order = false")
    # DuckDB draws its own progress bar on stdout when it takes the session for an interactive one (`python -c`,
    # a notebook): it would land inside `--json` output. hubcensus reports progress itself, on stderr.
    con.execute("SET enable_progress_bar = false")


# A user's SQL (`hubcensus sql`) runs with these: no file outside the store is read or written, no extension is
# installed or loaded, and (after our own settings) the configuration is locked so no `SET` can undo them.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
}


# A DuckDB file is a 12 KiB header (three 4 KiB headers) followed by whole blocks.
_FILE_HEADER = 3 * 4096


def _cut_short(con: duckdb.DuckDBPyConnection, path: Path) -> str | None:
    """Why the store file is too short for what it says it holds, or None. DuckDB opens a truncated file and
    fails only when a query reaches a missing block, in the middle of a command; the file's size against
    its block count finds that at the door, without reading the data."""
    if not path.exists() or path.stat().st_size <= _FILE_HEADER:
        return None
    size = path.stat().st_size
    block, used = con.execute("SELECT block_size, used_blocks FROM pragma_database_size()").fetchone()
    need = _FILE_HEADER + used * block
    if size < need:
        return f"cut short: {size:,} bytes where its {used:,} blocks need {need:,}"
    if (size - _FILE_HEADER) % block:
        return f"cut short: {size:,} bytes is not a whole number of {block:,}-byte blocks"
    return None


def _sandbox(allow_files: bool) -> dict[str, bool]:
    return {k: v for k, v in SANDBOX.items() if not (allow_files and k == "enable_external_access")}


def locked_message(path: Path, duckdb_message: str) -> str:
    """DuckDB's lock refusal as one line naming the hubcensus command that holds the store and its process id,
    and what to do; neither DuckDB's advice for its own shell nor the path of the Python interpreter."""
    found = re.search(r"\(PID (\d+)\)", duckdb_message)
    pid = int(found.group(1)) if found else None
    command = holder(path, pid) if pid is not None else None
    if command:
        who = f"`{command}` (PID {pid})"
    elif pid is not None:
        who = f"another program (PID {pid})"
    else:
        who = "another program"
    stop = f"stop it (Ctrl-C where it runs, or kill {pid})" if pid is not None else "stop it"
    return f"{path}: the store is locked by {who}; wait for it to finish, or {stop}, then run this again"


class Store:
    """A hubcensus store: one DuckDB file holding every snapshot ingested into it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        create: bool = True,
        sandboxed: bool = False,
        allow_files: bool = False,
    ) -> Store:
        """Open (or create) the store at `path`.

        `sandboxed` (read-only stores only) is for SQL a user types: DuckDB's access to files, extensions and
        settings is switched off, so the query can read the store and nothing else, and change nothing;
        `allow_files` gives it back files (`read_csv`, `COPY … TO`), still without extensions or settings."""
        path = Path(path) if path is not None else default_db_path()
        assert read_only or not sandboxed, "a sandboxed store is read-only"
        if not path.exists():
            if read_only or not create:
                raise UserError(f"{path}: no such store (run `hubcensus ingest` or `hubcensus demo` first)")
            if path.parent and not path.parent.exists():
                raise UserError(f"{path}: folder {path.parent} does not exist")
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=_sandbox(allow_files) if sandboxed else {})
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreLockedError(locked_message(path, msg)) from None
            raise UserError(f"{path}: cannot open the store ({msg.splitlines()[0]})") from None
        except duckdb.Error as exc:
            raise UserError(f"{path}: not a hubcensus store or a damaged one ({str(exc).splitlines()[0]})") from None
        cut = _cut_short(con, path)
        if cut:
            con.close()
            raise UserError(
                f"{path}: the store file is damaged ({cut}); restore a copy or rebuild it with `hubcensus ingest`"
            )
        _settings(con)
        record_holder(path)
        if sandboxed:
            con.execute("SET lock_configuration = true")
        store = cls(con, path, read_only)
        current = store.schema_version()  # once per open: every command pays for it before its first question
        if read_only and current < SCHEMA_VERSION:
            # A store written by an older hubcensus: upgrade it once (a transaction), then read.
            con.close()
            cls.open(path, read_only=False, create=False).close()
            return cls.open(path, read_only=True, sandboxed=sandboxed, allow_files=allow_files)
        store._migrate(current)
        return store

    def close(self) -> None:
        self.con.close()
        forget_holder(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations --------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The newest migration applied to the store; 0 for a file none was (a new store, or not ours).

        The version table is read directly, a missing one meaning 0: one statement over a few rows, where
        asking `information_schema` first cost ~10 ms of DuckDB binding its views, on every command. Outside a
        transaction only (as `open` and `status` ask): inside one, DuckDB's refusal of a missing table aborts it."""
        try:
            row = self.con.execute("SELECT coalesce(max(version), 0) FROM main.schema_migrations").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0])

    def _migrate(self, current: int) -> None:
        """Bring the store from version `current` (`schema_version`, read once by `open`) to `SCHEMA_VERSION`,
        in one transaction."""
        if current > SCHEMA_VERSION:
            raise UserError(
                f"{self.path}: store schema version {current} is newer than this hubcensus understands "
                f"({SCHEMA_VERSION}); upgrade hubcensus"
            )
        if current == SCHEMA_VERSION:
            return
        if self.read_only:
            raise UserError(
                f"{self.path}: store schema is at version {current}; open it once for writing to upgrade it"
            )
        with self.transaction():
            if current == 0:
                self.con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL)")
            for m in MIGRATIONS:
                if m.version > current:
                    self.con.execute(m.sql)
                    self.con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [m.version, m.name])

    # -- transactions ------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: any exception rolls back every statement issued inside.

        Every write may change what the precomputed intermediates were built from, so each one drops
        them first (the rollback restores them); `enrich` builds them again."""
        self.con.execute("BEGIN TRANSACTION")
        precomputed.drop(self.con)
        stages.intermediates_dropped(self.con)
        try:
            yield self.con
        except BaseException:
            # the transaction may already be gone (e.g. interrupted during COMMIT): keep the first error
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def commit_so_far(self) -> None:
        """Inside `transaction()`: commit what it has written and go on in a new transaction, which the
        block's end commits (or an exception rolls back) as before. For work that comes in two parts of
        which the first stands on its own (`pipeline.enrich`): DuckDB holds a transaction's uncommitted
        rows in memory, and a first part's rows left the second less room under the memory limit."""
        self.con.execute("COMMIT")
        self.con.execute("BEGIN TRANSACTION")

    # -- small queries everyone needs --------------------------------------------------------
    def snapshot_ids(self) -> list[int]:
        return [r[0] for r in self.con.execute("SELECT snapshot_id FROM snapshots ORDER BY snapshot_id").fetchall()]

    def has_snapshot(self, snapshot_id: int) -> bool:
        return bool(
            self.con.execute("SELECT count(*) FROM snapshots WHERE snapshot_id = ?", [snapshot_id]).fetchone()[0]
        )
