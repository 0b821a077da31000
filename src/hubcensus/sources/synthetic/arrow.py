"""Arrow column builders.

Everything is vectorised numpy/pyarrow: string columns are built with Arrow compute kernels from
vocabularies and index arrays, lists from (offsets, flat values). No Python loop runs per repo;
loops run over small things only (families, years, levels of a lineage tree, chunks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hubcensus.sources.synthetic.sampling import _pick


def _vocab(items: Sequence[str]) -> pa.Array:
    return pa.array(list(items), pa.string())


def _take(vocab: pa.Array, idx: np.ndarray) -> pa.Array:
    """vocab[idx] with idx < 0 as null."""
    idx = np.asarray(idx)
    return vocab.take(pa.array(idx.astype(np.int64), mask=idx < 0))


def _cat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation (null if any part is null)."""
    return pc.binary_join_element_wise(*parts, "")


def _num(values: np.ndarray, width: int = 0) -> pa.Array:
    s = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(s, width=width, padding="0") if width else s


def _lists(slots: np.ndarray, pool: pa.Array) -> pa.Array:
    """A list<string> column from an (n, k) matrix of indices into `pool` (-1 = no entry): the
    (offsets, flat values) form Arrow stores, with no Python object per element."""
    mask = slots >= 0
    offsets = np.zeros(len(slots) + 1, dtype=np.int32)
    np.cumsum(mask.sum(axis=1), out=offsets[1:])
    values = pool.take(pa.array(slots[mask].astype(np.int64)))
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _later_duplicates(lower: pa.Array) -> np.ndarray:
    """For each value, how many equal values come before it (0 for the first of each)."""
    codes = pc.dictionary_encode(lower).indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    sc = codes[order]
    first = np.r_[True, sc[1:] != sc[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(sc)), 0))
    rank = np.empty(len(sc), dtype=np.int64)
    rank[order] = np.arange(len(sc)) - start
    return rank


def _dedupe(ids: pa.Array) -> pa.Array:
    """Make ids unique ignoring case (the Hub does) by suffixing later duplicates with -2, -3, …

    One hash pass over everything; the suffixed ids can only collide with ids equal to them, so
    later passes look at those few rows only."""
    if len(ids) == 0:
        return ids
    rows = np.arange(len(ids))
    rank = _later_duplicates(pc.utf8_lower(ids))
    for _ in range(8):
        dup = rank > 0
        if not dup.any():
            return ids
        fix = rows[dup]
        new = _cat(ids.take(pa.array(fix)), "-", _num(rank[dup] + 1))
        index = np.arange(len(ids))
        index[fix] = len(ids) + np.arange(len(fix))
        ids = pa.concat_arrays([ids, new]).take(pa.array(index))
        lower_new = pc.utf8_lower(new)
        group = np.flatnonzero(pc.is_in(pc.utf8_lower(ids), value_set=lower_new).to_numpy(zero_copy_only=False))
        changed = np.isin(group, fix)
        group = np.r_[group[~changed], group[changed]]  # ids that were already fine keep their id
        rows = group
        rank = _later_duplicates(pc.utf8_lower(ids.take(pa.array(group))))
    raise AssertionError("could not make ids unique")


def _choice(
    rng: np.random.Generator, n: int, weights: Sequence[float], *builders: Callable[[np.ndarray], pa.Array]
) -> pa.Array:
    """Per row, one of several ways to build a string, chosen with the given weights. Each builder
    gets the positions of its rows and builds only those (string kernels are the costly part)."""
    if n == 0:
        return pa.array([], pa.string())
    which = _pick(rng, n, weights)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(builders) + 1))
    parts = [builders[i](order[bounds[i] : bounds[i + 1]]) for i in range(len(builders))]
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    return pa.concat_arrays([p.cast(pa.string()) for p in parts]).take(pa.array(inverse))
