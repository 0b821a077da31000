"""Calibration figures, measured on the universes as the last snapshot shows them, to compare with
the targets of SPEC (docs/synthetic-calibration.md lists them and how close the generator lands).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from hubcensus.sources.synthetic.curves import _year_frac
from hubcensus.sources.synthetic.datasets import _DATASET_CATEGORIES
from hubcensus.sources.synthetic.models import _ModelWorld
from hubcensus.sources.synthetic.schema import DAY_MS, _date_ms
from hubcensus.sources.synthetic.universe import _Universe


def _model_calibration(world: _ModelWorld, end_ms: int) -> dict[str, float]:
    """Figures to compare with SPEC, measured on the universe as the last snapshot shows it."""
    uni = world.uni
    present = (uni.created <= end_ms) & (uni.deleted > end_ms)
    rows = np.flatnonzero(present)
    if not len(rows):
        return {}
    _, total = uni.curves.downloads(rows, uni.created[rows], np.full(len(rows), end_ms))
    d = np.sort(total)[::-1].astype(np.float64)
    s = d.sum() or 1.0
    n = len(d)
    k = max(1, int(round(n * 1e-4)))
    asc = d[::-1]
    gini = float(1 - 2 * np.sum(np.cumsum(asc) / s) / n + 1 / n)
    out = {
        "models_share_under_200_all_time": float((d < 200).mean()),
        "models_top_0.01pct_share": float(d[:k].sum() / s),
        "models_top_200_share": float(d[:200].sum() / s),
        "models_gini_all_time": gini,
        "models_median_all_time": float(np.median(d)),
    }
    # lineage: declared descendants of each family's roots, transitively, each counted once (a
    # bit per family, pushed down the declared edges one level per round)
    par = world.parents
    edge = world.declared[:, None] & (par >= 0)
    fams = list(world.is_root_of)
    bits = np.zeros(len(par), dtype=np.int64)
    for i, f in enumerate(fams):
        bits[world.is_root_of[f]] |= 1 << i
    for _ in range(256):
        new = bits.copy()
        for col in range(3):
            new |= np.where(edge[:, col], bits[np.maximum(par[:, col], 0)], 0)
        if (new == bits).all():
            break
        bits = new
    for i, f in enumerate(fams):
        mine = (bits >> i) & 1 == 1
        out[f"lineage_descendants_{f}"] = float((mine & ~world.is_root_of[f] & present).sum())
    out["qwen_by_tag_or_name"] = float((world.qwen_named & present).sum())
    last_year = present & (uni.created > end_ms - 365 * DAY_MS)
    out["declared_share_last_12_months"] = float(world.declared[last_year].mean()) if last_year.any() else 0.0
    # download-weighted size per calendar year (SPEC A3), downloads within the year from the curves
    for year in (2023, 2025):
        t0, t1 = _date_ms(dt.date(year, 1, 1)), _date_ms(dt.date(year + 1, 1, 1))
        if t1 > end_ms:
            continue
        sel = np.flatnonzero((uni.created < t1) & np.isfinite(world.params))
        _, a1 = uni.curves.downloads(sel, uni.created[sel], np.full(len(sel), t1))
        _, a0 = uni.curves.downloads(sel, uni.created[sel], np.full(len(sel), t0))
        w = (a1 - a0).astype(np.float64)
        if w.sum() > 0:
            p = world.params[sel]
            out[f"dl_weighted_mean_params_{year}"] = float((w * p).sum() / w.sum())
            o = np.argsort(p)
            cw = np.cumsum(w[o])
            out[f"dl_weighted_median_params_{year}"] = float(p[o][np.searchsorted(cw, cw[-1] / 2)])
        ind = world.individual[sel]
        if w.sum() > 0:
            out[f"individual_download_share_{year}"] = float(w[ind].sum() / w.sum())
    return out


def _dataset_calibration(uni: _Universe, cats: np.ndarray, end_ms: int) -> dict[str, float]:
    """Robotics datasets per complete year and their rank among the task categories (SPEC S1), with
    text-generation for comparison."""
    out: dict[str, float] = {}
    present = (uni.created <= end_ms) & (uni.deleted > end_ms)
    year = np.floor(_year_frac(uni.created)).astype(np.int64)
    ncat = len(_DATASET_CATEGORIES) + 1
    for y in (2024, 2025):
        if _date_ms(dt.date(y + 1, 1, 1)) > end_ms:
            continue
        sel = present & (year == y)
        c = cats[sel]
        counts = np.bincount(c[c >= 0].astype(np.int64), minlength=ncat)
        out[f"robotics_datasets_{y}"] = float(counts[-1])
        out[f"robotics_rank_{y}"] = float(1 + (counts > counts[-1]).sum())
        out[f"text_generation_datasets_{y}"] = float(counts[0])
    return out
