"""How the command line shows long work on a terminal: the one adapter from `hubcensus.progress.Progress`
to rich's bars, and the dim lines an engine says while it opens. Nothing here is drawn off a terminal:
piped or in a log, stderr stays the one error line.
"""

from __future__ import annotations

from typing import Any

from hubcensus.output import err_console
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
        display = rp.Progress(*columns, console=err_console, transient=not self._kept)
        display.start()
        return display

    def _current(self) -> Any:
        return next(t for t in self._live.tasks if t.id == self._task)

    def stage(self, name: str, total: int | None = None, unit: Unit = "items") -> None:
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
        if self._task is None:
            return
        task = self._current()
        done = task.completed + n
        total = done if task.total is not None and done > task.total else task.total  # the work grew
        self._live.update(self._task, completed=done, total=total, description=self._name)

    def note(self, text: str) -> None:
        if self._task is not None:
            self._live.update(self._task, description=f"{self._name}: {text}")

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
        self._live = self._task = None


def say(message: str) -> None:
    """What an engine is doing while it opens (exporting, starting Spark), on stderr.

    Only on a terminal, like the progress bars: piped or in a log, stderr stays the one error line.
    """
    if err_console.is_terminal:
        err_console.print(message, markup=False, soft_wrap=True, style="dim")
