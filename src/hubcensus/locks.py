"""Who holds what: a lock on a folder a command writes (the report's `--out`, the lake), so two runs never mix
their files, and the name of the hubcensus command holding a store, so a refusal can say which one it is.

The folder lock is a file beside the folder (`.NAME.hubcensus-lock`) held with `flock`: the system releases it
when the process ends, even by kill -9, so a crashed run never leaves a stale lock. The holder writes its
process id and command line into it, which the refusal names. Re-entrant within a process (a command may take
it early, before computing, and the writer again).

A store's lock is DuckDB's own, whose refusal names only the process id and the Python interpreter. Every
process that opens a store writes its id and command line beside it (`.NAME.hubcensus-holder`, `record_holder`);
`holder` reads it back for the id DuckDB names, so the refusal can say `hubcensus serve` rather than a path
to python.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

from hubcensus.errors import UserError

_HELD: set[str] = set()  # the folders this process holds the lock of

# What this process is, as a user typed it (`hubcensus serve --db hub.duckdb`): set by the command line's
# entry point; a library caller is named by its program.
_COMMAND: list[str] = []


def set_command(argv: list[str]) -> None:
    """Record the command line this process runs (`hubcensus` and its arguments)."""
    _COMMAND[:] = ["hubcensus", *argv]


def command_line() -> str:
    """This process's command, as the refusals of another one name it."""
    if _COMMAND:
        return shlex.join(_COMMAND)
    program = sys.argv[0] if sys.argv else ""
    return Path(program).name if program not in ("", "-c", "-m") else "a Python program"


def _holder_file(path: Path) -> Path:
    return path.parent / f".{path.name}.hubcensus-holder"


_OPENED: dict[str, int] = {}  # how many times this process has each store open


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, another user's
        return True
    return True


def _holders(path: Path) -> dict[int, str]:
    """The processes the holder file names (process id → command), those still running only."""
    found: dict[int, str] = {}
    with contextlib.suppress(OSError):
        for line in _holder_file(path).read_text(encoding="utf-8").splitlines():
            pid, _, command = line.partition("\t")
            if pid.isdigit() and command and _alive(int(pid)):
                found[int(pid)] = command
    return found


def _write_holders(path: Path, holders: dict[int, str]) -> None:
    with contextlib.suppress(OSError):
        if holders:
            _holder_file(path).write_text("".join(f"{p}\t{c}\n" for p, c in holders.items()), encoding="utf-8")
        else:
            _holder_file(path).unlink(missing_ok=True)


def record_holder(path: Path) -> None:
    """Say beside `path` (a store) that this process has it open, for a refusal elsewhere to name; a folder
    that cannot be written (a read-only store on a shared drive) only costs that name. Readers share a store,
    so the file names every process that has it open, one a line."""
    key = str(Path(path).absolute())
    _OPENED[key] = _OPENED.get(key, 0) + 1
    _write_holders(path, {**_holders(path), os.getpid(): command_line()})


def forget_holder(path: Path) -> None:
    """Take this process off the holder file once it has closed every copy of the store it opened."""
    key = str(Path(path).absolute())
    _OPENED[key] = _OPENED.get(key, 1) - 1
    if _OPENED[key] > 0:
        return
    del _OPENED[key]
    others = _holders(path)
    if others.pop(os.getpid(), None) is not None:
        _write_holders(path, others)


def holder(path: Path, pid: int) -> str | None:
    """The command process `pid` runs, when it is a hubcensus command that has `path` open; else None."""
    return _holders(path).get(pid)


@contextlib.contextmanager
def folder_lock(folder: Path, option: str, what: str) -> Iterator[None]:
    """Hold `folder`'s lock, or refuse in one line naming `option` (`--out`), `folder` and the holder."""
    folder = Path(folder)
    key = str(folder.absolute())
    if key in _HELD:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock
        yield
        return
    lock = folder.parent / f".{folder.name}.hubcensus-lock"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        fh = lock.open("a+", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{option} {folder}: cannot write there ({exc.strerror or exc})") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            pid, _, command = fh.read().strip().partition("\t")
            who = f"`{command}`, PID {pid}" if command else f"PID {pid}" if pid else ""
            raise UserError(
                f"{option} {folder}: another hubcensus {what} is being written there"
                + (f" ({who})" if who else "")
                + "; wait for it to finish, or stop it, then run this again"
            ) from None
        fh.truncate(0)
        fh.write(f"{os.getpid()}\t{command_line()}\n")
        fh.flush()
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
