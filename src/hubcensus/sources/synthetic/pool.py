"""Authors: every namespace that can own a repo (the real organisations, synthetic users and small
organisations joining over time), who owns which repo, and the authors file of each snapshot (an
author exists from its first repo on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hubcensus.sources.synthetic.arrow import _cat, _num, _take, _vocab
from hubcensus.sources.synthetic.config import GenerateConfig
from hubcensus.sources.synthetic.curves import _MODEL_GROWTH, _growth_times
from hubcensus.sources.synthetic.orgs import _FORTUNE500_ORGS, _ORGS
from hubcensus.sources.synthetic.sampling import _rng
from hubcensus.sources.synthetic.schema import _NEVER, _ROW_GROUP, SCHEMAS, _date_ms
from hubcensus.sources.synthetic.words import _FIRST, _LAST, _ORG_SUFFIX, _WORDS


class _Pool:
    """Every namespace: the real organisations of _ORGS, synthetic users `user-000123` and small
    organisations `org-00042`. Users and orgs join over time (growth like the Hub's); a repo is
    assigned to one who has joined, with heavy-tailed activity (a few upload thousands)."""

    def __init__(self, cfg: GenerateConfig, end_ms: int) -> None:
        rng = _rng(cfg.seed, "pool")
        self.seed = cfg.seed
        named = _ORGS + _FORTUNE500_ORGS  # the Fortune 500 organisations own no repo: they only join the pool
        self.real = {o[0]: i for i, o in enumerate(named)}
        nr = len(named)
        nu = max(50, int(0.30 * cfg.models + 0.35 * cfg.datasets + 0.5 * cfg.spaces))
        no = max(10, int(0.02 * (cfg.models + cfg.datasets + cfg.spaces)))
        self.u0, self.o0 = nr, nr + nu
        self.n = nr + nu + no
        uw, ow = max(6, len(str(nu))), max(5, len(str(no)))
        names = [
            _vocab([o[0] for o in named]),
            _cat("user-", _num(np.arange(1, nu + 1), uw)),
            _cat("org-", _num(np.arange(1, no + 1), ow)),
        ]
        self.names = pa.concat_arrays(names)
        self.is_org = np.r_[np.array([o[2] == "org" for o in named]), np.zeros(nu, bool), np.ones(no, bool)]
        self.verified = np.r_[np.array([o[3] for o in named]), np.zeros(nu, bool), rng.random(no) < 0.02]
        first, last = _vocab(_FIRST), _vocab(_LAST)
        user_full = _cat(
            _take(first, rng.integers(0, len(_FIRST), nu)), " ", _take(last, rng.integers(0, len(_LAST), nu))
        )
        user_full = pc.if_else(pa.array(rng.random(nu) < 0.55), user_full, names[1])
        org_full = _cat(
            pc.utf8_capitalize(_take(_vocab(_WORDS), rng.integers(0, len(_WORDS), no))),
            " ",
            _take(_vocab(_ORG_SUFFIX), rng.integers(0, len(_ORG_SUFFIX), no)),
        )
        self.fullname = pa.concat_arrays([_vocab([o[1] for o in named]), user_full, org_full])
        start = _date_ms(dt.date(2018, 10, 1))
        self.user_join = _growth_times(rng, nu, _MODEL_GROWTH, end_ms, start)
        self.user_join[0] = start
        self.org_join = _growth_times(rng, no, _MODEL_GROWTH, end_ms, start)
        self.org_join[0] = start
        self.first_seen = np.full(self.n, _NEVER, dtype=np.int64)
        for i, o in enumerate(_FORTUNE500_ORGS, start=len(_ORGS)):  # listed from their first year, repos or not
            self.first_seen[i] = _date_ms(dt.date(o[4], 1, 1))
        self._weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _cum(self, kind: str, who: str) -> np.ndarray:
        key = f"{kind}:{who}"
        if key not in self._weights:
            rng = _rng(self.seed, "pool-weights", key)
            size = self.o0 - self.u0 if who == "user" else self.n - self.o0
            w = (1.0 - rng.random(size)) ** (-1.0 / 1.25)  # Pareto: a few heavy uploaders
            self._weights[key] = np.cumsum(w)
        return self._weights[key]

    def users(self, rng: np.random.Generator, t_ms: np.ndarray, kind: str) -> np.ndarray:
        return self.u0 + self._pick(rng, t_ms, self.user_join, self._cum(kind, "user"))

    def small_orgs(self, rng: np.random.Generator, t_ms: np.ndarray, kind: str) -> np.ndarray:
        return self.o0 + self._pick(rng, t_ms, self.org_join, self._cum(kind, "org"))

    @staticmethod
    def _pick(rng: np.random.Generator, t_ms: np.ndarray, join: np.ndarray, cw: np.ndarray) -> np.ndarray:
        j = np.maximum(np.searchsorted(join, t_ms, side="right"), 1)
        idx = np.searchsorted(cw, rng.random(len(t_ms)) * cw[j - 1], side="right")
        return np.minimum(idx, j - 1)

    def note(self, authors: np.ndarray, t_ms: np.ndarray) -> None:
        """Record that these namespaces own a repo from t on (an author exists from its first repo)."""
        np.minimum.at(self.first_seen, np.asarray(authors, dtype=np.int64), np.asarray(t_ms, dtype=np.int64))


def _write_authors(pool: _Pool, dates: Sequence[dt.date], out: Path) -> list[int]:
    """The authors file of each snapshot: every namespace that owns a repo by then, so it is written
    last, once every kind has noted its authors. Returns the rows per snapshot."""
    rows = []
    types = pc.if_else(pa.array(pool.is_org), pa.scalar("org"), pa.scalar("user"))
    for d in dates:
        sel = pa.array(np.flatnonzero(pool.first_seen <= _date_ms(d)))
        table = pa.Table.from_arrays(
            [pool.names.take(sel), types.take(sel), pa.array(pool.verified).take(sel), pool.fullname.take(sel)],
            schema=SCHEMAS["authors"],
        )
        pq.write_table(table, out / d.isoformat() / "authors.parquet", compression="zstd", row_group_size=_ROW_GROUP)
        rows.append(len(sel))
    return rows
