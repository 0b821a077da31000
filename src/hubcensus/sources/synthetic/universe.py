"""A universe of repos of one kind and its snapshot writer.

* One *universe* per kind: every repo that ever exists up to the last snapshot date, with its true
  creation time, an optional deletion and rename time, and the parameters of its download curve.
  A snapshot is a filter of the universe (created <= date < deleted) plus counters evaluated at that
  date from closed-form curves. So a series of snapshots is consistent by construction (all-time
  counts never fall, a repo never appears before it is created) and nothing is simulated day by day.
* The universe is sorted by creation time and processed in chunks of 128k rows. The static columns
  of a chunk (tags, card, sizes) are built once and written to every snapshot file at once, so memory
  is bounded by a chunk, not by the number of snapshots, and the work does not grow with K.

The lifecycle shared by every kind (later pushes, deletions, renames) is drawn here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hubcensus.progress import Progress
from hubcensus.sources.synthetic.arrow import _cat, _take, _vocab
from hubcensus.sources.synthetic.curves import _Curves
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.sampling import _rng
from hubcensus.sources.synthetic.schema import _FLOOR_MS, _NEVER, _ROW_GROUP, _TS, DAY_MS, _date_ms, snapshot_schema


@dataclass
class _Universe:
    """Every repo of a kind up to the last snapshot, sorted by true creation time."""

    kind: str
    created: np.ndarray
    deleted: np.ndarray
    renamed: np.ndarray  # time the repo took its final id (<= created: always had it)
    ids: pa.Array
    old_ids: pa.Array  # id before the rename (equal to ids where never renamed)
    authors: np.ndarray
    old_authors: np.ndarray
    updates: np.ndarray  # (n, 3) later pushes, _NEVER = none
    curves: _Curves
    has_downloads: bool
    static: Callable[[int, int], dict[str, pa.Array]]
    stall_rate: float = 0.0

    @property
    def n(self) -> int:
        return len(self.created)


def _write_universe(
    uni: _Universe, pool: _Pool, dates: Sequence[dt.date], out: Path, seed: int, progress: Progress | None
) -> list[int]:
    """Write `uni` to every snapshot at once, chunk by chunk (static columns are built once per
    chunk and filtered per snapshot; counters are evaluated at each snapshot's date)."""
    dates_ms = [_date_ms(d) for d in dates]
    schemas = [snapshot_schema(uni.kind, d) for d in dates]
    writers = [
        pq.ParquetWriter(out / d.isoformat() / f"{uni.kind}.parquet", s, compression="zstd")
        for d, s in zip(dates, schemas)
    ]
    rows = [0] * len(dates)
    try:
        for lo in range(0, max(uni.n, 1), _ROW_GROUP):
            hi = min(uni.n, lo + _ROW_GROUP)
            if hi <= lo:
                break
            static: dict[str, pa.Array] | None = None
            for k, (t, schema) in enumerate(zip(dates_ms, schemas)):
                present = (uni.created[lo:hi] <= t) & (uni.deleted[lo:hi] > t)
                if not present.any():
                    continue
                if static is None:
                    static = uni.static(lo, hi)
                sel = lo + np.flatnonzero(present)
                cols = _dynamic_columns(
                    uni,
                    pool,
                    sel,
                    t,
                    dates_ms[k - 1] if k else t - 30 * DAY_MS,
                    _rng(seed, uni.kind, "stall", str(k), str(lo)),
                )
                mask = pa.array(present)
                for name, arr in static.items():
                    cols[name] = arr.filter(mask)
                table = pa.Table.from_arrays([cols[f.name] for f in schema], schema=schema)
                writers[k].write_table(table, row_group_size=_ROW_GROUP)
                rows[k] += len(sel)
            if progress:
                progress.advance(hi - lo)
    finally:
        for w in writers:
            w.close()
    return rows


def _dynamic_columns(
    uni: _Universe, pool: _Pool, sel: np.ndarray, t: int, t_prev: int, rng: np.random.Generator
) -> dict[str, pa.Array]:
    """The columns that change between snapshots: id (renames), counters, lastModified."""
    created = uni.created[sel]
    before_rename = uni.renamed[sel] > t
    ids = uni.ids.take(pa.array(sel))
    authors = uni.authors[sel]
    if before_rename.any():
        ids = pc.if_else(pa.array(before_rename), uni.old_ids.take(pa.array(sel)), ids)
        authors = np.where(before_rename, uni.old_authors[sel], authors)
    cols: dict[str, pa.Array] = {"id": ids, "author": pool.names.take(pa.array(authors))}
    if t < _FLOOR_MS:  # before the migration that set the floor, the files had no creation times
        cols["createdAt"] = pa.nulls(len(sel), _TS)
    else:
        cols["createdAt"] = pa.array(np.maximum(created, _FLOOR_MS), _TS)
    upd = uni.updates[sel]
    last = np.max(np.where(upd <= t, upd, created[:, None]), axis=1)
    cols["lastModified"] = pa.array(np.maximum(last, created), _TS)
    if uni.has_downloads:
        stalled = rng.random(len(sel)) < uni.stall_rate
        t_eff = np.where(stalled, t_prev, t)
        d30, total = uni.curves.downloads(sel, created, t_eff)
        cols["downloads"] = pa.array(d30)
        cols["downloadsAllTime"] = pa.array(total)
    likes, trend = uni.curves.likes(sel, created, t)
    cols["likes"] = pa.array(likes)
    cols["trendingScore"] = pa.array(trend)
    return cols


def _updates(rng: np.random.Generator, created: np.ndarray) -> np.ndarray:
    """Later pushes to a repo: one soon after creation, sometimes more months later."""
    n = len(created)
    upd = np.full((n, 3), _NEVER, dtype=np.int64)
    upd[:, 0] = created + (rng.exponential(2.0, n) * DAY_MS).astype(np.int64)
    later = rng.random(n) < 0.35
    upd[later, 1] = created[later] + (rng.exponential(120.0, later.sum()) * DAY_MS).astype(np.int64)
    much = rng.random(n) < 0.15
    upd[much, 2] = created[much] + (rng.exponential(400.0, much.sum()) * DAY_MS).astype(np.int64)
    return upd


def _deletions(
    rng: np.random.Generator, created: np.ndarray, n_del: int, end_ms: int, protected: np.ndarray
) -> np.ndarray:
    """Deletion times: `n_del` repos (not protected) vanish at a uniform time after creation."""
    deleted = np.full(len(created), _NEVER, dtype=np.int64)
    cand = np.flatnonzero(~protected & (created < end_ms - 2 * DAY_MS))
    if n_del <= 0 or len(cand) == 0:
        return deleted
    pick = rng.choice(cand, size=min(n_del, len(cand)), replace=False)
    c = created[pick]
    deleted[pick] = c + DAY_MS + (rng.random(len(pick)) * (end_ms - DAY_MS - c)).astype(np.int64)
    return deleted


def _renames(
    rng: np.random.Generator,
    pool: _Pool,
    kind: str,
    created: np.ndarray,
    ids: pa.Array,
    authors: np.ndarray,
    eligible: np.ndarray,
    end_ms: int,
    share: float,
) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """A few repos change id once (a new name, or moved out of a personal namespace): returns the
    time of the change, the id before it (equal to the id where nothing changed) and the namespace
    before it. Old ids never equal a current id, ignoring case."""
    n = len(created)
    renamed = created.copy()
    old_authors = authors.copy()
    pick = np.flatnonzero(eligible & (rng.random(n) < share))
    t = created[pick] + (rng.random(len(pick)) * (end_ms + 90 * DAY_MS - created[pick])).astype(np.int64)
    pick, t = pick[t < end_ms], t[t < end_ms]
    if not len(pick):
        return renamed, ids, old_authors
    renamed[pick] = t
    moved = rng.random(len(pick)) < 0.35
    old_authors[pick[moved]] = pool.users(rng, created[pick[moved]], kind)
    name = pc.list_element(pc.split_pattern(ids.take(pa.array(pick)), "/", max_splits=1), 1)
    suffix = _take(
        _vocab(("-test", "-v0", "-draft", "-wip", "-old", "-preview", "_exp", "-tmp")), rng.integers(0, 8, len(pick))
    )
    old = _cat(pool.names.take(pa.array(old_authors[pick])), "/", pc.if_else(pa.array(moved), name, _cat(name, suffix)))
    hits = pc.index_in(pc.utf8_lower(ids), value_set=pc.utf8_lower(old))
    clash = np.zeros(len(pick), dtype=bool)
    found = hits.drop_null().to_numpy(zero_copy_only=False)
    clash[found] = True
    old = pc.if_else(pa.array(clash), _cat(old, "-2"), old)
    index = np.arange(n)
    index[pick] = n + np.arange(len(pick))
    return renamed, pa.concat_arrays([ids, old]).take(pa.array(index)), old_authors
