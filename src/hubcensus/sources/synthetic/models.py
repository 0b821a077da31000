"""Models: the universe of models, built in named steps (the lineage in `model_lineage`, the
attributes in `model_attributes`, names in `model_names`), then popularity and download curves,
links to papers, the lifecycle, and what the spaces and the calibration read from it.

Who gets which download rank is what the popularity score models: base models of the labs
(attractiveness from `_GENERATIONS` × size preference × `_HEROES`), the redistributors'
quantisations, individuals' fine-tunes (a rising bonus from 2023, SPEC GEO3), and small task models
that pipelines pull every day. The ranks are mapped to the `_MODEL_DL_KNOTS` quantiles (curves).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from hubcensus.progress import Progress
from hubcensus.sources.synthetic.arrow import _cat, _dedupe
from hubcensus.sources.synthetic.config import GenerateConfig
from hubcensus.sources.synthetic.curves import (
    _MODEL_DL_KNOTS,
    _calibrated_amp,
    _curve_params,
    _Curves,
    _peak_realised,
    _shape_cum,
    _shape_total,
)
from hubcensus.sources.synthetic.families import _FAM, _FAMILIES, _PROFILE, _fixed_arxiv_ids
from hubcensus.sources.synthetic.model_attributes import _describe_originals, _family_tags, _inherit_from_roots
from hubcensus.sources.synthetic.model_bases import R_DERIVED, R_INDIVIDUAL, R_KERNEL, R_REAL_ORG, R_SMALL_ORG, _Base
from hubcensus.sources.synthetic.model_columns import _ModelStatic
from hubcensus.sources.synthetic.model_lineage import (
    _assign_authors,
    _assign_families,
    _assign_parents,
    _assign_quantisers,
    _assign_roles,
    _declare_lineage,
    _model_days,
    _ModelDraft,
    _place_models,
    _trace_roots,
)
from hubcensus.sources.synthetic.model_names import _model_names
from hubcensus.sources.synthetic.papers import _Papers
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.sampling import _rng
from hubcensus.sources.synthetic.schema import DAY_MS
from hubcensus.sources.synthetic.universe import _deletions, _renames, _Universe, _updates
from hubcensus.sources.synthetic.vocabulary import _LLM_PIPES, _PIPE_IX


@dataclass
class _ModelWorld:
    """Everything about models that later stages need: the universe to write, and what spaces and
    the calibration read (ids, popularity, lineage)."""

    uni: _Universe
    popularity: np.ndarray
    family: np.ndarray
    role: np.ndarray
    declared: np.ndarray
    parents: np.ndarray  # (n, 3)
    params: np.ndarray
    is_root_of: dict[str, np.ndarray]
    qwen_named: np.ndarray
    individual: np.ndarray


def _build_models(
    cfg: GenerateConfig, pool: _Pool, papers: _Papers, end_ms: int, progress: Progress | None
) -> _ModelWorld:
    """Draw every model up to the last snapshot. The steps run in a fixed order on four random
    streams (times, roles onwards, curves, lifecycle): each step reads what the earlier ones drew,
    so reordering them would change the output."""
    seed = cfg.seed
    n_del = int(round(cfg.models * 0.015)) if cfg.models >= 100 else 0
    d = _place_models(seed, cfg.models + n_del, pool, end_ms)
    rng = _rng(seed, "models", "roles")
    _assign_roles(d, rng, end_ms)
    z0 = _rng(seed, "models", "z0").normal(0.0, 1.0, d.n)
    day, day_start = _model_days(d.created)
    der = _assign_families(d, rng, day, day_start)
    _assign_quantisers(d, rng, pool, der)
    _assign_authors(d, rng, pool, der)
    der = _assign_parents(d, rng, pool, der, z0, day, day_start)
    root, depth = _trace_roots(d)
    _describe_originals(d, rng)
    _inherit_from_roots(d, rng, der, root)
    lineage = _declare_lineage(d, rng, der)
    names = _model_names(
        rng,
        pool,
        d.bases,
        d.base_pos,
        d.role,
        d.kind,
        d.quant,
        d.fam,
        d.author,
        d.parents,
        root,
        depth,
        d.pipe,
        d.params,
        d.created,
    )
    ids = _dedupe(_cat(pool.names.take(pa.array(d.author)), "/", names))
    fam_tag, qwen_named = _family_tags(d, rng, root, ids, lineage.declared)

    individual = ~pool.is_org[d.author]
    rng = _rng(seed, "models", "curves")
    curves, lifetime = _download_curves(d, rng, z0, der, root, individual, end_ms)
    arx_paper = _paper_links(rng, d.created, papers)

    rng = _rng(seed, "models", "lifecycle")
    deleted, renamed, old_ids, old_authors, updates = _model_lifecycle(
        d, rng, pool, ids, lineage.declared, n_del, end_ms
    )
    spec = _ModelStatic(
        ids=ids,
        created=d.created,
        role=d.role,
        fam=d.fam,
        kind=d.kind,
        quant=d.quant,
        parents=d.parents,
        declared=lineage.declared,
        plain_only=lineage.plain_only,
        card_rel_flag=lineage.card_rel,
        conflict=lineage.conflict,
        dirty=lineage.dirty,
        params=d.params,
        arch=d.arch,
        pipe=d.pipe,
        lib=d.lib,
        ctx=d.ctx,
        lic=d.lic,
        fam_tag=fam_tag,
        author=d.author,
        arx_paper=arx_paper,
        arx_fixed=_fixed_arxiv(d.bases, d.base_pos, d.n, root, rng),
        papers=papers,
        seed=seed,
        redistributed=d.redistributed,
        is_base=d.is_base,
        root=root,
    )
    uni = _Universe(
        "models",
        d.created,
        deleted,
        renamed,
        ids,
        old_ids,
        d.author,
        old_authors,
        updates,
        curves,
        True,
        spec.columns,
        stall_rate=0.006,
    )
    roots = {}
    for f in ("qwen", "llama", "deepseek", "mistral", "gemma"):
        roots[f] = d.is_base & (d.fam == _FAM[f]) & (d.parents[:, 0] < 0)
    return _ModelWorld(
        uni, lifetime, d.fam, d.role, lineage.declared, d.parents, d.params, roots, qwen_named, individual
    )


def _download_curves(
    d: _ModelDraft,
    rng: np.random.Generator,
    z0: np.ndarray,
    der: np.ndarray,
    root: np.ndarray,
    individual: np.ndarray,
    end_ms: int,
) -> tuple[_Curves, np.ndarray]:
    """Popularity and download curves: the score decides the download rank at the last snapshot (see
    the module docstring); evergreen repos (most bases, well-known models, some task models) keep a
    long tail. Returns the curves and each model's lifetime downloads (what spaces pick by)."""
    N, role, kind, is_base, attract, yf = d.n, d.role, d.kind, d.is_base, d.attract, d.yf
    hero_likes, created = d.hero_likes, d.created
    z = z0.copy()
    z[is_base] = 4.5 + 0.35 * z0[is_base] + 0.9 * np.log(np.maximum(attract[is_base], 1e-3))
    z[role == R_REAL_ORG] += 1.4
    z[role == R_SMALL_ORG] += 0.2
    z[role == R_INDIVIDUAL] -= 0.3
    z[role == R_KERNEL] += 0.8
    z[der] += np.array([0.0, -0.5, 0.25, -0.4])[kind[der]] - 0.2
    z[d.redistributed] += 1.0
    par = d.parents[der, 0]
    z[der] += np.where(is_base[par], 0.15 * np.log(np.maximum(attract[par], 1e-3)), 0.15 * z0[par])
    # independents hold a rising share of downloads (SPEC GEO3)
    z[individual & ~is_base] += 0.22 * np.clip(yf[individual & ~is_base] - 2023.0, 0, 3.0)
    encoder_like = np.array([_PROFILE[f] == "encoder" for f in _FAMILIES] + [False])[d.fam[root]]
    encoder_like |= (role != R_DERIVED) & ~np.isin(d.pipe, [_PIPE_IX[p] for p in _LLM_PIPES])
    # the dima806s and jonatasgrosmans of the Hub: individuals' small task models pulled by pipelines
    enc_ind = (role == R_DERIVED) & encoder_like & individual
    z[enc_ind] += 0.3 + 0.2 * np.clip(yf[enc_ind] - 2023.0, 0, 3.0)
    z[(role == R_DERIVED) & ~encoder_like] -= 0.3
    evergreen = rng.random(N) < np.where(
        is_base, 0.85, np.where(role == R_REAL_ORG, 0.25, np.where(encoder_like, 0.08, 0.03))
    )
    evergreen |= hero_likes > 0
    rho, tau, b, tau_long = _curve_params(rng, N, evergreen, encoder_like)
    tau[is_base] *= 1.6
    shape_end = _shape_cum((end_ms - created) / DAY_MS, rho, tau, b, tau_long)
    total = _shape_total(rho, tau, b, tau_long)
    score = z + np.log(_peak_realised(created, end_ms, rho, tau))
    amp = _calibrated_amp(score, _MODEL_DL_KNOTS, shape_end)
    lifetime = amp * total
    likes_final = 0.006 * lifetime**0.68 * np.exp(rng.normal(0, 0.6, N))
    likes_final = np.where(hero_likes > 0, hero_likes, likes_final)
    return _Curves(amp, rho, tau, b, tau_long, likes_final, rng.random(N)), lifetime


def _paper_links(rng: np.random.Generator, created: np.ndarray, papers: _Papers) -> np.ndarray:
    """Models that release a paper's artifacts (created within 60 days of it) carry its arxiv tag:
    the index of the paper per model, -1 for none."""
    arx_paper = np.full(len(created), -1, dtype=np.int64)
    if papers.n:
        want = np.repeat(np.arange(papers.n), papers.links_models)
        lo = np.searchsorted(created, papers.published[want])
        hi = np.searchsorted(created, papers.published[want] + 60 * DAY_MS)
        ok = hi > lo
        rows = lo[ok] + (rng.random(ok.sum()) * (hi[ok] - lo[ok])).astype(np.int64)
        arx_paper[rows] = want[ok]
    return arx_paper


def _model_lifecycle(
    d: _ModelDraft,
    rng: np.random.Generator,
    pool: _Pool,
    ids: pa.Array,
    declared: np.ndarray,
    n_del: int,
    end_ms: int,
) -> tuple[np.ndarray, np.ndarray, pa.Array, np.ndarray, np.ndarray]:
    """Deletions (never of a base, rarely of a model others declare as parent), renames (of leaves
    only, so declared parents stay findable) and later pushes; the authors are noted in the pool.
    Returns (deleted, renamed, old ids, old authors, updates)."""
    N, created, author, is_base = d.n, d.created, d.author, d.is_base
    has_child = np.zeros(N, dtype=bool)
    for col in range(3):
        p = d.parents[:, col]
        has_child[p[(p >= 0) & declared]] = True
    deleted = _deletions(rng, created, n_del, end_ms, is_base | (rng.random(N) < 0.3) & has_child)
    leaf = ~is_base & ~has_child & (d.role != R_KERNEL)
    renamed, old_ids, old_authors = _renames(rng, pool, "models", created, ids, author, leaf, end_ms, 0.004)
    pool.note(author, created)
    pool.note(old_authors, created)
    updates = _updates(rng, created)
    return deleted, renamed, old_ids, old_authors, updates


def _fixed_arxiv(
    bases: list[_Base], base_pos: np.ndarray, n: int, root: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Index into `_fixed_arxiv_ids()` of the paper a base model cites (derived models often keep it)."""
    vocab = _fixed_arxiv_ids()
    out = np.full(n, -1, dtype=np.int64)
    if len(bases):
        out[base_pos] = [vocab.index(b.arxiv) if b.arxiv else -1 for b in bases]
    keep = rng.random(n) < 0.35
    inherited = np.where(keep, out[root], -1)
    out = np.where(out >= 0, out, inherited)
    return out
