"""What the store takes in: one snapshot's files per kind, with its date, source and completeness.

This is the store's input contract, so it lives with the store: every source (snapshot files, the
live crawl, a pull of the statistics history) produces `SnapshotInput`s, and the store never imports
a source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KindInput:
    kind: str
    files: list[Path]
    format: str  # parquet | jsonl | csv
    origin: list[Path] | None = None  # the user's files, when `files` are a flattened copy of them


@dataclass
class SnapshotInput:
    """One snapshot to ingest: its date (None: read it from the data), source and files per kind."""

    taken_at: dt.date | None
    source: str
    source_ref: str
    complete: bool
    kinds: list[KindInput] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The user said --complete: ingest even a listing that would mark most repos held as deleted.
    insist: bool = False
    # The last day its data may carry, when later than `taken_at`: a name giving only a month (`models-2023-03`)
    # dates the snapshot the 1st, yet its rows run to the month's end (validation leaves out later dates).
    until: dt.date | None = None
