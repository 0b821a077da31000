"""How the command line shows long work: the one adapter from `hubcensus.progress.Progress` to rich's bars
on a terminal, and off a terminal (cron, CI logs) a line now and then with the time left; and the dim lines
an engine says while it opens, on a terminal only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from hubcensus.output import err_console, rich_console
from hubcensus.progress import Unit


class Bars:
    """The one place progress is drawn (`hubcensus.progress.Progress` in, rich bars out), on stderr and only
    on a terminal: piped or in a log, stderr stays the one error line.

    Each stage is a bar (a spinner when it is not counted) that gives way to the next one. `close()` ends
    the display before a command prints to stdout — rich would route stdout through a live display, onto
    stderr — and the next stage opens a new one. A crawl, hours long, keeps its bars on the terminal as
    its record (`kept=True`), with the rate and an ETA: a finished listing's bar stays, full at its count.
    A stage counted in bytes (a download) shows its size, speed and time left instead of items.
    """

    def __init__(self, *, kept: bool = False) -> None:
        self._kept = kept
        self._live: Any = None
        self._task: Any = None
        self._name = ""
        # Off a terminal, long work says how far it has got in a line now and then instead.
        self._lines = None if err_console.is_terminal else Periodic.from_environment()

    def __enter__(self) -> Bars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _display(self) -> Any:
        from rich import progress as rp
        from rich.text import Text

        class Rate(rp.ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f} items/s" if speed else "… items/s")

        class ByUnit(rp.ProgressColumn):
            """`items` for a stage counted in items, `nbytes` for one counted in bytes (None: nothing)."""

            def __init__(self, items: rp.ProgressColumn | None, nbytes: rp.ProgressColumn | None) -> None:
                super().__init__()
                self._by_unit = {"items": items, "bytes": nbytes}

            def render(self, task: Any) -> Any:
                column = self._by_unit[task.fields.get("unit", "items")]
                return column.render(task) if column is not None else Text("")

        # A download shows its size, speed and time left where counted work shows n/total and rate or time.
        size = ByUnit(rp.MofNCompleteColumn(), rp.DownloadColumn())
        if self._kept:
            columns = [rp.TextColumn("{task.description}"), rp.BarColumn(), size]
            columns += [ByUnit(Rate(), rp.TransferSpeedColumn()), rp.TimeRemainingColumn()]
        else:
            columns = [rp.SpinnerColumn(), rp.TextColumn("{task.description}"), rp.BarColumn(), size]
            columns += [ByUnit(rp.TimeElapsedColumn(), rp.TransferSpeedColumn())]
            columns += [ByUnit(None, rp.TimeRemainingColumn())]
        display = rp.Progress(*columns, console=rich_console(err_console), transient=not self._kept)
        display.start()
        return display

    def _current(self) -> Any:
        return next(t for t in self._live.tasks if t.id == self._task)

    def stage(self, name: str, total: int | None = None, unit: Unit = "items") -> None:
        if self._lines is not None:
            self._lines.stage(name, total, unit)
        if not err_console.is_terminal:
            return
        if self._live is None:
            self._live = self._display()
        if self._task is not None and self._kept:
            done = self._current().completed
            self._live.update(self._task, total=done, completed=done, description=self._name)
        elif self._task is not None:
            self._live.refresh()  # its last state, drawn once however quickly it went by
            self._live.remove_task(self._task)
        self._name, self._task = name, self._live.add_task(name, total=total, unit=unit)
        self._live.refresh()  # every stage is seen, not only those that outlast rich's refresh interval

    def advance(self, n: int = 1) -> None:
        if self._lines is not None:
            self._lines.advance(n)
        if self._task is None:
            return
        task = self._current()
        done = task.completed + n
        total = done if task.total is not None and done > task.total else task.total  # the work grew
        self._live.update(self._task, completed=done, total=total, description=self._name)

    def note(self, text: str) -> None:
        if self._lines is not None:
            self._lines.note(text)
        if self._task is not None:
            self._live.update(self._task, description=f"{self._name}: {text}")

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
        self._live = self._task = None


PROGRESS_SECONDS = 30.0  # how often long work off a terminal says how far it has got (HUBCENSUS_PROGRESS_SECONDS)


def _duration(seconds: float) -> str:
    seconds = max(int(round(seconds)), 0)
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _amount(n: float, unit: Unit) -> str:
    return f"{n / 1e6:,.1f} MB" if unit == "bytes" else f"{n:,.0f}"


class Periodic:
    """Progress as one line on stderr every `every` seconds, for long work a person does not watch (a cron
    job, a CI log): the stage, how much of it is done, the time it has taken and, when it is counted, about
    how long is left (at the stage's pace so far). Work shorter than `every` says nothing, so a quick
    command's stderr stays the one error line it may print.
    """

    def __init__(self, every: float, say: Callable[[str], None], clock: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._say = say
        self._clock = clock
        self._last = clock()
        self._name, self._total, self._unit, self._done, self._note = "", None, "items", 0, ""
        self._began = self._last

    @classmethod
    def from_environment(cls) -> Periodic | None:
        """Every `HUBCENSUS_PROGRESS_SECONDS` seconds (30 unless set; `off` for never), onto stderr."""
        setting = os.environ.get("HUBCENSUS_PROGRESS_SECONDS", "").strip().lower()
        if setting in ("off", "none", "never"):
            return None
        try:
            every = float(setting) if setting else PROGRESS_SECONDS
        except ValueError:
            every = PROGRESS_SECONDS
        return cls(every, lambda line: err_console.print(line, markup=False, highlight=False, soft_wrap=True))

    def stage(self, name: str, total: int | None = None, unit: Unit = "items") -> None:
        self._name, self._total, self._unit, self._done, self._note = name, total, unit, 0, ""
        self._began = self._clock()
        self._tick()

    def advance(self, n: int = 1) -> None:
        self._done += n
        if self._total is not None and self._done > self._total:  # the work grew
            self._total = self._done
        self._tick()

    def note(self, text: str) -> None:
        self._note = text
        self._tick()

    def line(self) -> str:
        """How far the current stage has got, in one line."""
        elapsed = self._clock() - self._began
        done = _amount(self._done, self._unit)
        if self._total:
            share = min(self._done / self._total, 1.0)
            text = (
                f"{self._name}: {done} of {_amount(self._total, self._unit)} ({share:.0%}), {_duration(elapsed)} so far"
            )
            if 0 < self._done < self._total:
                text += f", about {_duration(elapsed / self._done * (self._total - self._done))} left"
        else:
            text = f"{self._name}: {done} done, {_duration(elapsed)} so far"
        return text + (f" — {self._note}" if self._note else "")

    def _tick(self) -> None:
        now = self._clock()
        if now - self._last >= self._every:
            self._last = now
            self._say(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {self.line()}")


def say(message: str) -> None:
    """What an engine is doing while it opens (exporting, starting Spark), on stderr.

    Only on a terminal, like the progress bars: piped or in a log, stderr stays the one error line.
    """
    if err_console.is_terminal:
        err_console.print(message, markup=False, soft_wrap=True, style="dim")
