"""What to generate (`GenerateConfig`, checked when it is made, so a bad value fails before any
file is written), what was written (`GenerateSummary`), and the snapshot dates ending at
`config.end`, a month, a week or a day apart (`config.every`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hubcensus.errors import UserError

CADENCES = ("day", "week", "month")  # the spacings `generate --every` writes snapshots at


@dataclass(frozen=True)
class GenerateConfig:
    """What to generate. Counts are the repos present in the *last* snapshot (a few more exist
    earlier and are deleted on the way); the other snapshots are `every` month, week or day before `end`
    (a daily history is what a tracker run from cron keeps)."""

    models: int = 20_000
    datasets: int = 5_000
    spaces: int = 8_000
    papers: int = 3_000
    snapshots: int = 12
    end: dt.date = dt.date(2026, 3, 1)
    seed: int = 0
    every: str = "month"  # one of CADENCES: the spacing of the snapshots

    def __post_init__(self) -> None:
        for name in ("models", "datasets", "spaces", "papers", "seed"):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
                raise UserError(f"generate: {name} must be a non-negative integer, got {value!r}")
        if not isinstance(self.snapshots, int) or self.snapshots < 1:
            raise UserError(f"generate: snapshots must be a positive integer, got {self.snapshots!r}")
        if not isinstance(self.end, dt.date) or isinstance(self.end, dt.datetime):
            raise UserError(f"generate: end must be a date, got {self.end!r}")
        if self.every not in CADENCES:
            raise UserError(f"generate: every must be one of {', '.join(CADENCES)}, got {self.every!r}")
        if self.end < dt.date(2019, 6, 1):
            raise UserError(f"generate: end {self.end} is before the synthetic Hub starts (2019)")

    @classmethod
    def scaled(
        cls,
        models: int,
        *,
        datasets: int | None = None,
        spaces: int | None = None,
        papers: int | None = None,
        **rest: Any,
    ) -> GenerateConfig:
        """A Hub of `models` models whose other kinds keep the defaults' proportions to it (a quarter as many
        datasets, two fifths as many spaces, three twentieths as many papers), unless a count is given: a
        small Hub is small throughout, not 2,000 models beside 5,000 datasets."""
        base = cls()

        def scale(given: int | None, default: int) -> int:
            return given if given is not None else models * default // base.models

        return cls(
            models=models,
            datasets=scale(datasets, base.datasets),
            spaces=scale(spaces, base.spaces),
            papers=scale(papers, base.papers),
            **rest,
        )


@dataclass(frozen=True)
class GenerateSummary:
    """What `generate` wrote: the folder, the snapshot dates (oldest first), the rows per kind per
    snapshot (aligned with `dates`), and calibration figures measured on the last snapshot."""

    out: Path
    dates: tuple[dt.date, ...]
    rows: dict[str, tuple[int, ...]]
    calibration: dict[str, float] = field(default_factory=dict)


def snapshot_dates(config: GenerateConfig) -> tuple[dt.date, ...]:
    """The K snapshot dates, oldest first: `end` and the same day of the K-1 months before it, or the
    K-1 weeks or days before it (`config.every`)."""
    if config.every != "month":
        step = dt.timedelta(days=7 if config.every == "week" else 1)
        return tuple(config.end - k * step for k in range(config.snapshots - 1, -1, -1))
    out = []
    for k in range(config.snapshots - 1, -1, -1):
        month = config.end.month - 1 - k
        year = config.end.year + month // 12
        month = month % 12 + 1
        day = min(config.end.day, _days_in_month(year, month))
        out.append(dt.date(year, month, day))
    return tuple(out)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day
