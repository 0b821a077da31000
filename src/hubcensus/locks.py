"""A lock on a folder a command writes (the report's `--out`, the lake), so two runs never mix their files.

The lock is a file beside the folder (`.NAME.hubcensus-lock`) held with `flock`: the system releases it
when the process ends, even by kill -9, so a crashed run never leaves a stale lock. The holder writes its
process id into it, which the refusal names. Re-entrant within a process (a command may take it early,
before computing, and the writer again).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from hubcensus.errors import UserError

_HELD: set[str] = set()  # the folders this process holds the lock of


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
            who = fh.read().strip()
            raise UserError(
                f"{option} {folder}: another hubcensus {what} is being written there"
                + (f" (process {who})" if who else "")
                + "; wait for it to finish"
            ) from None
        fh.truncate(0)
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
