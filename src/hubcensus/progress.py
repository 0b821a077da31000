"""How far long-running work has got: one protocol that every such library function reports through.

Ingesting, enriching, crawling the Hub, exporting a lake, building a report and generating a synthetic
Hub each take an optional `Progress` and tell it three things: a stage begins (with its count when the
work is counted, and what it counts: items, or bytes for a download), units of it are done, and what the
stage is doing right now. The library never draws:
the CLI turns these calls into bars on a terminal, a test records them, and a caller who passes nothing
gets `NO_PROGRESS`. One shape for all of them means one adapter, wherever the work comes from.

This module imports nothing of hubcensus, so every layer (the store at the bottom included) may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

# What a stage's units are: things done (repos, files, metrics), or bytes transferred (a download, drawn
# with its size, speed and time left).
Unit = Literal["items", "bytes"]


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None, unit: Unit = "items") -> None:
        """A stage begins, and the one before it is over; `total` counts its units (None: not counted),
        which are `unit`s."""

    def advance(self, n: int = 1) -> None:
        """`n` more units of the current stage are done; a count past `total` means the work grew."""

    def note(self, text: str) -> None:
        """What the current stage is doing now (a file it reads, a wait and why), until the next note or unit."""


class NoProgress:
    """Progress that goes nowhere: what a library caller who did not ask for any gets."""

    def stage(self, name: str, total: int | None = None, unit: Unit = "items") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, text: str) -> None:
        pass


NO_PROGRESS: Progress = NoProgress()


class Lines:
    """Progress as lines of text, for a caller that logs rather than draws: each note is said as one line
    with the stage's count so far and its name (Spark says this way how its export of a store to a lake is going)."""

    def __init__(self, say: Callable[[str], None], prefix: str = "") -> None:
        self._say = say
        self._prefix = prefix
        self._name = ""
        self._total: int | None = None
        self._done = 0

    def stage(self, name: str, total: int | None = None, unit: Unit = "items") -> None:
        self._name, self._total, self._done = name, total, 0

    def advance(self, n: int = 1) -> None:
        self._done += n

    def note(self, text: str) -> None:
        total = "?" if self._total is None else self._total
        self._say(f"{self._prefix}({self._done}/{total}): {self._name}: {text}")
