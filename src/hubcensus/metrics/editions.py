"""Two editions of the report compared: every metric as of one date and as of a later one, the change
in each headline figure, and the rows that moved most (`hubcensus diff`, `hubcensus report --since`).

Both sides are the same definitions run on two contexts of one store, so a change is the difference of
what `metric --as-of` prints at each date. A date resolves as `--as-of` does: to the newest snapshot on
or before it; a date before the store's first snapshot is refused.

None-aware: a figure one side cannot give stays None, its change None, with `why` (the side that cannot
give it) and `reasons` (that side's notes, which say why); it is never read as 0.

Movers follow one rule for every metric's table, so a new metric needs nothing here:
- a row is told apart by its text columns (a country, an organisation, a family, a month, a size bucket),
  each dropped, right to left (tables lead with what a row is), where the others still tell the rows
  apart, so that an attribute that changes (a namespace's organisation, a month's method) does not turn
  one row into a new one and a gone one; a column whose values the two sides never share (the edition's
  own date) is left out; where the text columns do not tell rows apart, the other columns are added left
  to right until they do (S1's year);
- it moves by its main numeric column: the first one counting downloads, else the first numeric column
  outside the key; ranks are positions, never keys nor measures;
- movers are rows present on both sides whose measure is known on both; rows on one side only are
  listed apart (entered, left), since a table of the top N cannot say that a row it omits is 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import Any

from hubcensus.engines.protocol import Engine
from hubcensus.errors import UserError
from hubcensus.metrics.base import Context, Metric, Snapshot, context, data_source, snapshots
from hubcensus.metrics.run import ReportDocuments, compute_metrics
from hubcensus.progress import NO_PROGRESS, Progress

TOP_MOVERS = 5  # movers listed each way (up, down), and rows listed that entered or left a table
# A headline whose key names a rate or a share changes in points; its relative change would be a ratio of ratios.
_RATE_WORDS = ("share", "gini", "yoy", "growth", "ratio", "relative", "rank")


def edition_context(engine: Engine, day: dt.date, option: str) -> Context:
    """The context as of `day`, resolved as `--as-of` resolves (the newest snapshot on or before it); a
    one-line error naming `option` when the store holds no snapshot that early."""
    held = snapshots(engine)
    if held and not any(s.taken_at <= day for s in held):
        raise UserError(
            f"{option} {day}: the store holds no snapshot on or before that date (its first is {held[0].taken_at})"
        )
    return context(engine, day)


def check_order(before: Snapshot, after: Snapshot, start: dt.date, stop: dt.date, options: tuple[str, str]) -> None:
    """Refuse, in one line, two dates that are not in order or that resolve to the same snapshot."""
    if start >= stop:
        raise UserError(f"{options[0]} {start} is not before {options[1]} {stop}")
    if before.snapshot_id == after.snapshot_id:
        raise UserError(
            f"{options[0]} {start} and {options[1]} {stop} both resolve to the snapshot of {after.taken_at}: "
            "nothing to compare (`hubcensus status` lists the snapshots)"
        )


def diff_editions(
    engine: Engine,
    start: dt.date,
    stop: dt.date | None = None,
    metrics: Sequence[Metric] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Every metric (or those given) as of `start` and as of `stop` (default: the newest snapshot), compared."""
    shown = progress or NO_PROGRESS
    after_ctx = edition_context(engine, stop, "--to") if stop else context(engine)
    before_ctx = edition_context(engine, start, "--from")
    later = "--to" if stop else "the newest snapshot"
    check_order(before_ctx.as_of, after_ctx.as_of, start, stop or after_ctx.as_of.taken_at, ("--from", later))
    before = compute_metrics(engine, metrics, progress=shown, ctx=before_ctx)
    after = compute_metrics(engine, metrics, progress=shown, ctx=after_ctx)
    return compare_editions(before, after, (start, before_ctx), (stop or after_ctx.as_of.taken_at, after_ctx))


def changes_since(
    documents: ReportDocuments, since: dt.date, since_ctx: Context, ctx: Context, progress: Progress | None = None
) -> ReportDocuments:
    """The report's documents with its first chapter's diff: every metric as of `since` (`since_ctx`, from
    `edition_context`) compared with the documents already computed as of `ctx`; the later side is not
    computed twice."""
    check_order(since_ctx.as_of, ctx.as_of, since, ctx.as_of.taken_at, ("--since", "the report's as-of date"))
    before = compute_metrics(ctx.engine, progress=progress, ctx=since_ctx)
    diff = compare_editions(before, documents.metrics, (since, since_ctx), (ctx.as_of.taken_at, ctx))
    return dataclasses.replace(documents, changes=diff)


def compare_editions(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    start: tuple[dt.date, Context],
    stop: tuple[dt.date, Context],
) -> dict[str, Any]:
    """The diff document of two runs of the same metrics: (requested date, context) for each side."""
    by_name = {d["metric"]: d for d in before}
    missing = [d["metric"] for d in after if d["metric"] not in by_name]
    if missing:
        raise AssertionError(f"compare_editions: no earlier document of {', '.join(missing)}")
    return {
        "from": _side(*start),
        "to": _side(*stop),
        "source": data_source(stop[1].series),
        "rule": "each side resolves to the newest snapshot on or before its date, as `metric --as-of` does",
        "metrics": [compare_documents(by_name[d["metric"]], d) for d in after],
    }


def _side(day: dt.date, ctx: Context) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "as_of": ctx.as_of.taken_at.isoformat(),
        "snapshot_id": ctx.as_of.snapshot_id,
        "snapshots": len(ctx.series),
    }


def compare_documents(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """One metric's two documents compared: each headline figure, the movers of its table, what each side read."""
    return {
        "metric": after["metric"],
        "spec": after["spec"],
        "title": after["title"],
        "chapter": after["chapter"],
        "from": _read(before),
        "to": _read(after),
        "headline": [
            compare_figure(k, before["headline"].get(k), after["headline"].get(k), before, after)
            for k in after["headline"]
        ],
        "movers": movers(before["rows"], after["rows"]),
    }


def _read(doc: dict[str, Any]) -> dict[str, Any]:
    """What one side read: its as-of date, the snapshot its figures come from, every snapshot, its notes."""
    return {
        "as_of": doc["as_of"],
        "read_as_of": doc.get("read_as_of"),
        "snapshots": sorted(set(doc["snapshots"])),
        "notes": doc["notes"],
    }


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _round(v: float) -> float | int:
    """Differences of rounded figures, kept to the documents' 6 significant digits (no 0.30000000000000004)."""
    return v if isinstance(v, int) else float(f"{v:.6g}")


def is_rate(key: str) -> bool:
    """Whether a headline key names a share, a rate, a rank or a year: its change is read as is, not relatively."""
    return any(w in key for w in _RATE_WORDS) or key == "year" or key.endswith("_year")


def compare_figure(key: str, old: Any, new: Any, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """One headline figure at both dates: the change (absolute; relative where meaningful), or why there is none."""
    out: dict[str, Any] = {"key": key, "from": old, "to": new, "change": None, "relative": None, "why": None}
    if old is None or new is None:
        sides = [doc for doc, v in ((before, old), (after, new)) if v is None]
        out["why"] = " and ".join(f"not given as of {doc['as_of']}" for doc in sides)
        out["reasons"] = [n for doc in sides for n in doc["notes"]] or ["its document gives no reason"]
        return out
    if _number(old) and _number(new):
        out["change"] = _round(new - old)
        if old != 0 and not is_rate(key) and math.isfinite(old):
            out["relative"] = _round((new - old) / abs(old))
        return out
    out["changed"] = old != new  # a name, a month, a list: it changed or it did not
    return out


# -- movers ------------------------------------------------------------------------------------------
def _is_rank(col: str) -> bool:
    return col == "rank" or col.startswith("rank_") or col.endswith("_rank")


def table_shape(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> tuple[list[str], str | None]:
    """(the key columns, the measure column or None) of a metric's table, by the module's rule."""
    rows = before + after
    cols = [c for c in dict.fromkeys(k for r in rows for k in r) if not _is_rank(c)]
    numeric = [c for c in cols if all(_number(r.get(c)) or r.get(c) is None for r in rows)]
    numeric = [c for c in numeric if any(r.get(c) is not None for r in rows)]  # an empty column is no measure
    text = [c for c in cols if c not in numeric and all(isinstance(r.get(c), str) or r.get(c) is None for r in rows)]

    def apart(key: list[str]) -> bool:
        return bool(key) and _unique(before, key) and _unique(after, key)

    # a column whose values the two sides never share (the edition's own date) cannot match a row to itself
    shared = [c for c in text if {r.get(c) for r in before} & {r.get(c) for r in after} or not (before and after)]
    key = next((k for k in (shared, text) if apart(k)), None)
    if key is not None:
        for c in reversed(list(key)):  # the fewest text columns, dropped right to left, that still tell rows apart
            fewer = [k for k in key if k != c]
            if apart(fewer):
                key = fewer
    else:
        key = extended = list(text)
        for c in (c for c in cols if c not in text):  # then the other columns, left to right (S1: the year)
            extended = [*extended, c]
            if apart(extended):
                key = extended
                break
    rest = [c for c in numeric if c not in key]
    measure = next((c for c in rest if "downloads" in c), rest[0] if rest else None)
    return key, measure


def _key_of(row: dict[str, Any], key: list[str]) -> str:
    return json.dumps([row.get(c) for c in key], sort_keys=True, default=str)


def _unique(rows: list[dict[str, Any]], key: list[str]) -> bool:
    return len({_key_of(r, key) for r in rows}) == len(rows)


def movers(before: list[dict[str, Any]], after: list[dict[str, Any]], top: int = TOP_MOVERS) -> dict[str, Any]:
    """The rows of a metric's table that moved most between the two sides (the module's rule)."""
    key, measure = table_shape(before, after)
    out: dict[str, Any] = {"key": key, "by": measure, "up": [], "down": [], "entered": [], "left": [], "why": None}
    if not before and not after:
        out["why"] = "the table is empty on both sides"
        return out
    if measure is None:
        out["why"] = "the table has no numeric column to compare"
        return out
    if not (_unique(before, key) and _unique(after, key)):
        out["why"] = "the table's rows cannot be told apart on each side"
        return out
    old = {_key_of(r, key): r for r in before}
    new = {_key_of(r, key): r for r in after}

    def label(r: dict[str, Any]) -> dict[str, Any]:
        return {c: r.get(c) for c in key}

    moved = []
    for k, r in new.items():
        if k in old and _number(old[k].get(measure)) and _number(r.get(measure)):
            change = _round(r[measure] - old[k][measure])
            if change:
                moved.append({"row": label(r), "from": old[k][measure], "to": r[measure], "change": change})
    moved.sort(key=lambda m: _key_of(m["row"], key))  # ties in a change keep one order, whatever the engine
    out["up"] = sorted((m for m in moved if m["change"] > 0), key=lambda m: -m["change"])[:top]
    out["down"] = sorted((m for m in moved if m["change"] < 0), key=lambda m: m["change"])[:top]

    def only(side: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        rows = [{"row": label(r), "value": r.get(measure)} for k, r in side.items() if k not in other]
        return sorted(rows, key=lambda m: -(m["value"] if _number(m["value"]) else -math.inf))[:top]

    out["entered"], out["left"] = only(new, old), only(old, new)
    out["entered_count"] = sum(1 for k in new if k not in old)
    out["left_count"] = sum(1 for k in old if k not in new)
    return out
