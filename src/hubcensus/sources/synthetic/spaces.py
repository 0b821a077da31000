"""Spaces: demos with an SDK, likes, and the models and datasets they use (popular ones more)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from hubcensus.sources.synthetic.arrow import _cat, _choice, _dedupe, _lists, _take, _vocab
from hubcensus.sources.synthetic.config import GenerateConfig
from hubcensus.sources.synthetic.curves import (
    _SPACE_GROWTH,
    _by_year,
    _calibrated_amp,
    _curve_params,
    _Curves,
    _growth_times,
    _shape_cum,
    _shape_total,
    _year_frac,
)
from hubcensus.sources.synthetic.orgs import _ORGS
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.sampling import _pick, _pick_rows, _prefix_pick, _rng
from hubcensus.sources.synthetic.schema import DAY_MS, _date_ms
from hubcensus.sources.synthetic.universe import _deletions, _renames, _Universe, _updates
from hubcensus.sources.synthetic.words import _TASK_WORDS, _WORDS

_SDKS = ("gradio", "streamlit", "docker", "static")
# Likes at the last snapshot against the probit of the popularity quantile: (z, log10 likes).
_SPACE_LIKES_KNOTS = (
    (-5.0, -3.0),
    (0.0, -0.3),
    (1.28, 0.8),
    (2.33, 1.7),
    (3.09, 2.5),
    (3.72, 3.2),
    (4.75, 4.0),
    (6.0, 4.5),
)


def _build_spaces(
    cfg: GenerateConfig,
    pool: _Pool,
    end_ms: int,
    model_ids: pa.Array,
    model_created: np.ndarray,
    model_pop: np.ndarray,
    dataset_ids: pa.Array,
    dataset_created: np.ndarray,
    dataset_pop: np.ndarray,
) -> _Universe:
    """Spaces (demos) with an SDK, likes, and the models and datasets they use (popular ones more)."""
    seed = cfg.seed
    n_del = int(round(cfg.spaces * 0.015)) if cfg.spaces >= 100 else 0
    N = cfg.spaces + n_del
    rng = _rng(seed, "spaces", "plan")
    created = _growth_times(rng, N, _SPACE_GROWTH, end_ms, _date_ms(dt.date(2021, 10, 1)))
    yf = _year_frac(created)
    r = rng.random(N)
    author = pool.users(rng, created, "spaces")
    small = (r >= 0.88) & (r < 0.96)
    author[small] = pool.small_orgs(rng, created[small], "spaces")
    real = r >= 0.96
    author[real] = _pick(rng, int(real.sum()), np.array([o[5] for o in _ORGS], dtype=np.float64) + 2.0)
    sdk = np.zeros(N, dtype=np.int64)
    sdk_w = np.stack(
        [
            _by_year(yf, t)
            for t in (
                (0.75,) * 3 + (0.74, 0.7, 0.66, 0.62, 0.6),
                (0.15,) * 3 + (0.14, 0.11, 0.08, 0.06, 0.05),
                (0.05,) * 3 + (0.06, 0.12, 0.19, 0.25, 0.28),
                (0.05,) * 8,
            )
        ],
        axis=1,
    )
    sdk = _pick_rows(rng, sdk_w)

    def v(items: Sequence[str], n: int) -> pa.Array:
        return _take(_vocab(items), rng.integers(0, len(items), n))

    names = _choice(
        rng,
        N,
        (0.35, 0.25, 0.1, 0.15, 0.15),
        lambda ix: _cat(v(_WORDS, len(ix)), "-", v(_WORDS, len(ix))),
        lambda ix: _cat(v(_WORDS, len(ix)), "-", v(_TASK_WORDS, len(ix))),
        lambda ix: _cat("chat-with-", v(_WORDS, len(ix))),
        lambda ix: _cat(v(_WORDS, len(ix)), "-demo"),
        lambda ix: _cat(v(("gradio-", "streamlit-", "my-", "test-", ""), len(ix)), v(_WORDS, len(ix))),
    )
    ids = _dedupe(_cat(pool.names.take(pa.array(author)), "/", names))
    refs = np.full((N, 3), -1, dtype=np.int64)
    if len(model_created):
        before = np.searchsorted(model_created, created, side="left")
        nm = _pick(rng, N, (0.4, 0.4, 0.15, 0.05))
        members = np.arange(len(model_created))
        w = np.maximum(model_pop, 1.0) ** 0.8
        for j in range(3):
            pick = _prefix_pick(rng, members, w, before)
            refs[:, j] = np.where(nm > j, pick, -1)
        refs[:, 1] = np.where(refs[:, 1] == refs[:, 0], -1, refs[:, 1])
        refs[:, 2] = np.where((refs[:, 2] == refs[:, 0]) | (refs[:, 2] == refs[:, 1]), -1, refs[:, 2])
    drefs = np.full((N, 2), -1, dtype=np.int64)
    if len(dataset_created):
        before = np.searchsorted(dataset_created, created, side="left")
        nd = _pick(rng, N, (0.7, 0.22, 0.08))
        members = np.arange(len(dataset_created))
        w = np.maximum(dataset_pop, 1.0) ** 0.8
        for j in range(2):
            drefs[:, j] = np.where(nd > j, _prefix_pick(rng, members, w, before), -1)
        drefs[:, 1] = np.where(drefs[:, 1] == drefs[:, 0], -1, drefs[:, 1])
    z = rng.normal(0, 1, N) + np.where(real, 1.5, 0.0)
    rho, tau, b, tau_long = _curve_params(rng, N, rng.random(N) < 0.05)
    total = _shape_total(rho, tau, b, tau_long)
    frac = np.clip(_shape_cum((end_ms - created) / DAY_MS, rho, tau, b, tau_long) / total, 1e-6, 1.0)
    score = z + 0.5 * np.log(frac)
    likes_at_end = _calibrated_amp(score, _SPACE_LIKES_KNOTS, np.ones(N))
    curves = _Curves(np.zeros(N), rho, tau, b, tau_long, likes_at_end / np.sqrt(frac), rng.random(N))
    rng = _rng(seed, "spaces", "lifecycle")
    deleted = _deletions(rng, created, n_del, end_ms, np.zeros(N, bool))
    renamed, old_ids, old_authors = _renames(rng, pool, "spaces", created, ids, author, ~real, end_ms, 0.004)
    pool.note(author, created)
    pool.note(old_authors, created)
    mcp = yf > 2025.3
    seed_ = seed

    def static(lo: int, hi: int) -> dict[str, pa.Array]:
        srng = _rng(seed_, "spaces", "static", str(lo))
        m = hi - lo
        rr = np.arange(lo, hi)
        tag_pool = _vocab(list(_SDKS) + ["region:us", "mcp-server", "agent", "leaderboard"])
        S = np.full((m, 3), -1, dtype=np.int64)
        S[:, 0] = sdk[rr]
        extra = np.where(mcp[rr] & (srng.random(m) < 0.07), 5, np.where(srng.random(m) < 0.01, 7, -1))
        extra = np.where((extra < 0) & (yf[rr] > 2025) & (srng.random(m) < 0.02), 6, extra)
        S[:, 1] = extra
        S[:, 2] = 4
        return {
            "tags": _lists(S, tag_pool),
            "sdk": _take(_vocab(_SDKS), sdk[rr]),
            "models": _lists(refs[rr], model_ids),
            "datasets": _lists(drefs[rr], dataset_ids),
        }

    return _Universe(
        "spaces",
        created,
        deleted,
        renamed,
        ids,
        old_ids,
        author,
        old_authors,
        _updates(rng, created),
        curves,
        False,
        static,
    )
