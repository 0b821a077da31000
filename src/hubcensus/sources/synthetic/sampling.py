"""Random draws, vectorised, from independent seeded streams.

Determinism: each component draws from its own `numpy.random.default_rng` stream keyed by the seed
and a fixed label (crc32, not Python's randomised `hash`), and no wall clock is read; the parquet
writer is given fixed settings. Same config, same bytes. A change to one component's draws does not
reshuffle the others'.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np


def _rng(seed: int, *labels: str) -> np.random.Generator:
    """An independent random stream per component, keyed by labels (crc32: stable across runs,
    unlike Python's salted `hash`), so changing one component does not reshuffle the others."""
    words = [int(seed) & 0xFFFFFFFF, int(seed) >> 32] + [zlib.crc32(label.encode()) for label in labels]
    return np.random.default_rng(np.random.SeedSequence(words))


def _pick(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """n draws of indices with the given (unnormalised) weights."""
    w = np.asarray(weights, dtype=np.float64)
    cw = np.cumsum(w)
    return np.minimum(np.searchsorted(cw, rng.random(n) * cw[-1], side="right"), len(w) - 1)


def _pick_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) weight matrix; -1 where a row has no weight."""
    cw = np.cumsum(weights, axis=1)
    tot = cw[:, -1]
    r = rng.random(len(weights)) * tot
    out = (cw <= r[:, None]).sum(axis=1)
    out = np.minimum(out, weights.shape[1] - 1)
    return np.where(tot > 0, out, -1)


def _pick_by_day(rng: np.random.Generator, days: np.ndarray, table: np.ndarray) -> np.ndarray:
    """One draw per row from the weights of its day (`table` is days x choices): the rows' weights
    depend only on the day, so the cumulative weights are built once per day, not once per row,
    and a single searchsorted over (day + normalised cumulative) does every draw. -1 if no weight."""
    if len(days) == 0:
        return np.zeros(0, dtype=np.int64)
    k = table.shape[1]
    cum = np.cumsum(table, axis=1)
    tot = cum[:, -1:]
    norm = np.divide(cum, tot, out=np.zeros_like(cum), where=tot > 0)
    flat = (np.arange(len(table))[:, None] + norm).ravel()
    pick = np.searchsorted(flat, days + rng.random(len(days)), side="right") - days * k
    return np.where(tot[days, 0] > 0, np.clip(pick, 0, k - 1), -1)


def _prefix_pick(rng: np.random.Generator, members: np.ndarray, weights: np.ndarray, before: np.ndarray) -> np.ndarray:
    """For each position in `before`, one of the `members` (sorted indices) strictly below it, drawn
    with the members' weights (preferential attachment through a prefix sum); -1 when none."""
    if len(members) == 0:
        return np.full(len(before), -1, dtype=np.int64)
    cw = np.cumsum(weights.astype(np.float64))
    cnt = np.searchsorted(members, before, side="left")
    ok = cnt > 0
    lim = cw[np.maximum(cnt - 1, 0)]
    j = np.searchsorted(cw, rng.random(len(before)) * lim, side="right")
    j = np.minimum(j, np.maximum(cnt - 1, 0))
    return np.where(ok, members[j], -1)


def _stoch_round(x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Round with a fixed per-repo offset: unbiased, and monotone in x for the same repo, so counts
    evaluated at successive dates never go down."""
    return np.floor(np.maximum(x, 0.0) + u).astype(np.int64)
