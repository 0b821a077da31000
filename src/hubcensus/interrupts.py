"""Ctrl-C, wherever it lands: one line saying what was kept and how to go on, and exit 130.

Every write is a transaction (a snapshot, an enrichment), the lake and the report are swapped in whole, and
the other commands only read: so what an interrupted command kept depends on the command alone.
"""

from __future__ import annotations

from typing import Any

import typer

from hubcensus.output import err_console

# What an interrupted command kept and how to go on, by command: every write is a transaction (a snapshot,
# an enrichment), the lake and the report are swapped in whole, and the rest only read.
_READS_ONLY = "interrupted: nothing was changed (this command only reads)"
_INTERRUPTED = {
    "ingest": "interrupted: the snapshots ingested before it are kept and the unfinished one (with the small ones "
    "sharing its transaction) was rolled back; run the same command again to finish (snapshots already held are "
    "skipped, and the enrichment is redone if it was cut short)",
    "enrich": "interrupted: what it had not committed was rolled back (the enrichment, or, once that was kept, the "
    "metrics' intermediates built after it); run `hubcensus enrich` again to finish",
    "forget": "interrupted: either the snapshot is still held or it is gone and the rest awaits enrichment; "
    "run the same command again, or `hubcensus enrich` if it says the date is not held",
    "report": "interrupted: the previous report (if any) is untouched, nothing new was swapped in; run the same "
    "command again",
    "export": "interrupted: the lake still reads as it did before this export; run the same command again to "
    "finish it (what was written is verified and kept)",
    "demo": "interrupted: the snapshots ingested so far are kept; run the same command again to finish",
    "generate": "interrupted: the synthetic Hub is unfinished; run the same command again",
    "update": "interrupted: the snapshots ingested so far are kept; run the same command again to continue",
    "pull": "interrupted: the snapshots ingested so far are kept; run the same command again to continue",
}


def line_for(command: str | None) -> str:
    """The one line an interrupted `command` prints: what was kept, how to resume."""
    return _INTERRUPTED.get(command or "", _READS_ONLY)


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C however it arrives: Python's KeyboardInterrupt, click's Abort (which wraps it), or DuckDB's
    interrupted query (DuckDB catches the SIGINT itself during a query and raises an error instead)."""
    if isinstance(exc, KeyboardInterrupt | typer.Abort):
        return True
    import duckdb

    if isinstance(exc, duckdb.InterruptException):
        return True
    return isinstance(exc, RuntimeError) and str(exc).startswith("Query interrupted")


class CtrlC:
    """Ctrl-C while a command runs (`with CtrlC() as ctrl_c:` in `main`, from the main thread only).

    Two things the defaults get wrong. Python only notes a SIGINT until the running C call returns, and
    DuckDB looks for it only between chunks of work that can take minutes: so a thread woken through
    `signal.set_wakeup_fd` calls `DuckDBPyConnection.interrupt` on every open connection, and the query
    stops at once. And typer turns KeyboardInterrupt into a silent exit 130: so our SIGINT handler notes
    `seen` before raising it, and `main` prints the one line (unless a command said its own, `said`)."""

    seen = False
    said = False

    def __enter__(self) -> CtrlC:
        import signal
        import socket
        import threading

        type(self).seen = type(self).said = False
        self._active = threading.current_thread() is threading.main_thread()
        if not self._active:
            return self
        from hubcensus.store.connection import interrupt_queries

        reader, self._writer = socket.socketpair()
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handler = signal.getsignal(signal.SIGINT)

        def on_sigint(signum: int, frame: Any) -> None:
            type(self).seen = True
            raise KeyboardInterrupt

        if self._previous_handler is signal.default_int_handler:  # not when SIGINT is ignored, or a test's own
            signal.signal(signal.SIGINT, on_sigint)

        def watch() -> None:
            with reader:
                while data := reader.recv(64):  # b"" once the writer is closed: the command is over
                    if signal.SIGINT in data:
                        interrupt_queries()

        threading.Thread(target=watch, name="hubcensus-ctrl-c", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._active:
            signal.signal(signal.SIGINT, self._previous_handler)
            signal.set_wakeup_fd(self._previous_fd)
            self._writer.close()


def say_interrupted(line: str) -> None:
    """A command's own line for Ctrl-C (what it kept, how to resume): `main` then adds none."""
    CtrlC.said = True
    err_console.print(line, markup=False, soft_wrap=True)
