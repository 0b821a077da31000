"""The progress of `hubcensus pull` on a terminal: a bar of commits and a bar of bytes.

Apart from `hub_stats` because it is presentation, not the source: the library reports events
(`hub_stats.PullProgress`), this draws them with rich on stderr, and only on a terminal, so piped or
in a cron job's log the output stays the summary lines.

The byte total is not known before a commit's files are listed (one request per commit, made just
before its download, so that a pull of a long history does not fire hundreds of requests at once); it
is estimated as the bytes listed so far plus their average for every commit not yet listed, and so
sharpens as the pull goes on. The ETA is rich's, from that total and the recent rate.
"""

from __future__ import annotations

from typing import Any

from hubcensus.sources.hub_stats import Commit, CommitOutcome


class RichPullProgress:
    """Two bars on stderr: commits (done of chosen) with what is happening, and bytes with rate and ETA."""

    def __init__(self, console: Any, *, disable: bool | None = None) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self._commits_bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            disable=(not console.is_terminal) if disable is None else disable,
        )
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=(not console.is_terminal) if disable is None else disable,
        )
        self._group: Any = None
        self._console = console
        self._commits: Any = None
        self._bytes: Any = None
        self._total_commits = 0
        self._listed_bytes = 0
        self._listed = 0
        self._with_files = 0
        self._disabled = self._progress.disable

    def __enter__(self) -> RichPullProgress:
        if not self._disabled:
            from rich.console import Group
            from rich.live import Live

            self._group = Live(
                Group(self._commits_bar, self._progress), console=self._console, transient=True, refresh_per_second=8
            )
            self._group.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._group is not None:
            self._group.stop()

    # -- hub_stats.PullProgress
    def start(self, commits: int) -> None:
        self._total_commits = commits
        self._commits = self._commits_bar.add_task("commits", total=commits)
        self._bytes = self._progress.add_task("bytes", total=None)

    def commit(self, number: int, commit: Commit, nbytes: int) -> None:
        self._listed += 1
        self._listed_bytes += nbytes
        self._with_files += nbytes > 0  # a commit without the files asked for says nothing of the others' size
        average = self._listed_bytes / self._with_files if self._with_files else 0
        estimate = self._listed_bytes + average * (self._total_commits - self._listed)
        self._commits_bar.update(self._commits, description=f"{commit.day} ({commit.short})")
        self._progress.update(self._bytes, total=max(estimate, 1))

    def transferred(self, nbytes: int) -> None:
        if self._bytes is not None:
            self._progress.advance(self._bytes, nbytes)

    def finished(self, number: int, outcome: CommitOutcome) -> None:
        # Bytes that came from the Hub cache count as done too, so the ETA is about what is left to fetch.
        if self._bytes is not None and outcome.bytes > outcome.downloaded:
            self._progress.advance(self._bytes, outcome.bytes - outcome.downloaded)
        self._commits_bar.update(self._commits, completed=number)

    def waiting(self, seconds: float, reason: str) -> None:
        if self._commits is not None:
            self._commits_bar.update(self._commits, description=f"waiting {seconds:g}s: {reason}")

    def step(self, message: str) -> None:
        if self._commits is not None:
            self._commits_bar.update(self._commits, description=message)
        elif not self._disabled:
            self._console.print(message, markup=False, highlight=False, style="dim")
