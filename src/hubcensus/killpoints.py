"""Deterministic kill points for the crash-consistency tests: `HUBCENSUS_KILL_AT=<point>` ends the
process at once (`os._exit(137)`, as `kill -9` would: no cleanup, no rollback, no atexit) the first time
the code passes the named point; `<point>#N` at its N-th passage (the 3rd snapshot's commit, say).

The points sit between the stages, inside the ingest and enrichment transactions, and just before a
lake's manifest or a report's folder is swapped in: where an interruption is most likely to leave a
mix of old and new if a writer were not atomic. Unset (always, outside the tests) a point costs one
dictionary look-up.
"""

from __future__ import annotations

import os
import sys

ENV = "HUBCENSUS_KILL_AT"
EXIT_CODE = 137  # what a shell reports for a process ended by SIGKILL
_passed: dict[str, int] = {}


def kill_point(name: str) -> None:
    """End the process here if `HUBCENSUS_KILL_AT` names this point (and this passage of it)."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition("#")
    if point != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] == (int(nth) if nth else 1):
        sys.stdout.flush()
        os._exit(EXIT_CODE)
