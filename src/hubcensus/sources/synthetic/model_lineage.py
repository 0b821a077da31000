"""The lineage of models: when each model is created, what role it plays (a lab's base model, a
derivative, an original by a person or an organisation, a kernel), the family and kind of each
derivative, who publishes it, its parents, the root of its tree, and whether it declares its
lineage the way the Hub's tags and cards do.

The steps fill a `_ModelDraft` in place, in the order `models._build_models` calls them: each step
reads what the earlier ones drew, and the steps share one random stream, so their order is part of
the output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from hubcensus.sources.synthetic.curves import _MID_YEARS, _MODEL_GROWTH, _by_year, _growth_times, _year_frac
from hubcensus.sources.synthetic.families import (
    _ARCH,
    _FAM,
    _FAMILIES,
    _FAMILY_DEFAULT,
    _FAMILY_TREND,
    _KIND_PROFILE,
    _PROFILE,
    _QUANT_METHODS,
    _QUANT_TREND,
)
from hubcensus.sources.synthetic.model_bases import (
    R_BASE,
    R_DERIVED,
    R_INDIVIDUAL,
    R_KERNEL,
    R_REAL_ORG,
    R_SMALL_ORG,
    _Base,
    _plan_bases,
)
from hubcensus.sources.synthetic.orgs import _FINETUNER_ORGS, _ORGS, _REDISTRIBUTORS
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.sampling import _pick, _pick_by_day, _pick_rows, _prefix_pick, _rng
from hubcensus.sources.synthetic.schema import _NEVER, DAY_MS, _date_ms
from hubcensus.sources.synthetic.vocabulary import _LIB_IX, _LIC_IX, _PIPE_IX

_FULL_SCALE_MODELS = 2_200_000  # the scale the per-organisation release counts are written for
_KERNELS_FROM = dt.date(2025, 6, 10)  # kernel repos (the `kernels` library) appear from this day


@dataclass
class _ModelDraft:
    """The per-model arrays while the model universe is drawn: one row per model, sorted by creation
    time, with a placeholder (-1, 0 or NaN) where nothing is drawn yet. The steps below and in
    `model_attributes` fill them in place."""

    bases: list[_Base]  # the labs' own models, from the generations table
    base_pos: np.ndarray  # the row of each base
    created: np.ndarray
    yf: np.ndarray  # creation time as a fractional year
    yi: np.ndarray  # index of the creation year in the yearly tables (2019 … 2026)
    is_base: np.ndarray
    role: np.ndarray  # R_*
    fam: np.ndarray  # index into _FAMILIES
    kind: np.ndarray  # index into _RELATIONS, -1 for roots
    quant: np.ndarray  # index into _QUANT_METHODS, -1 none
    parents: np.ndarray  # (n, 3) rows of the parents, -1 none
    author: np.ndarray  # index into the pool
    params: np.ndarray
    arch: np.ndarray
    pipe: np.ndarray
    lib: np.ndarray
    ctx: np.ndarray
    lic: np.ndarray
    attract: np.ndarray
    hero_likes: np.ndarray
    redistributed: np.ndarray  # a redistributor's quantisation

    @property
    def n(self) -> int:
        return len(self.created)


def _place_models(seed: int, n: int, pool: _Pool, end_ms: int) -> _ModelDraft:
    """Every model's creation time: the labs' bases on their release days (at most 12% of the Hub, so
    a small Hub is not all base models), the rest along the growth curve. The bases' attributes are
    known from the tables and are filled in now, since their derivatives inherit them."""
    N = n
    bases = _plan_bases(end_ms, cap=int(N * 0.12))
    nb = len(bases)
    rng = _rng(seed, "models", "times")
    created = np.r_[
        np.array([b.ms for b in bases], dtype=np.int64),
        _growth_times(rng, N - nb, _MODEL_GROWTH, end_ms, _date_ms(dt.date(2018, 10, 1))),
    ]
    slot = np.r_[np.arange(nb), np.full(N - nb, -1)]
    order = np.argsort(created, kind="stable")
    created, slot = created[order], slot[order]
    yf = _year_frac(created)
    yi = np.clip(np.floor(yf).astype(np.int64) - 2019, 0, 7)
    is_base = slot >= 0
    base_pos = np.empty(nb, dtype=np.int64)
    base_pos[slot[is_base]] = np.flatnonzero(is_base)
    role = np.full(N, R_INDIVIDUAL, dtype=np.int8)
    role[is_base] = R_BASE
    d = _ModelDraft(
        bases=bases,
        base_pos=base_pos,
        created=created,
        yf=yf,
        yi=yi,
        is_base=is_base,
        role=role,
        fam=np.full(N, -1, dtype=np.int16),
        kind=np.full(N, -1, dtype=np.int8),
        quant=np.full(N, -1, dtype=np.int8),
        parents=np.full((N, 3), -1, dtype=np.int64),
        author=np.zeros(N, dtype=np.int64),
        params=np.full(N, np.nan),
        arch=np.full(N, -1, dtype=np.int16),
        pipe=np.full(N, -1, dtype=np.int16),
        lib=np.full(N, -1, dtype=np.int16),
        ctx=np.zeros(N, dtype=np.int64),
        lic=np.full(N, -1, dtype=np.int16),
        attract=np.zeros(N),
        hero_likes=np.zeros(N),
        redistributed=np.zeros(N, dtype=bool),
    )
    if nb:
        _fill_bases(d, pool)
    return d


def _fill_bases(d: _ModelDraft, pool: _Pool) -> None:
    """The bases' rows from the generations table (a GGUF the lab publishes itself is a gguf repo)."""
    bases, bp = d.bases, d.base_pos
    id_pos = {b.id: int(bp[i]) for i, b in enumerate(bases)}
    d.fam[bp] = [_FAM[b.family] for b in bases]
    d.author[bp] = [pool.real[b.org] for b in bases]
    d.params[bp] = [b.params for b in bases]
    d.arch[bp] = [_ARCH[b.arch] for b in bases]
    d.pipe[bp] = [_PIPE_IX[b.pipeline] for b in bases]
    d.lib[bp] = [_LIB_IX.get(b.library, -1) for b in bases]
    d.ctx[bp] = [b.ctx for b in bases]
    d.lic[bp] = [_LIC_IX[b.license] for b in bases]
    d.attract[bp] = [b.attract for b in bases]
    d.hero_likes[bp] = [b.likes for b in bases]
    d.quant[bp] = [b.quant for b in bases]
    d.kind[bp] = [b.relation for b in bases]
    d.parents[bp, 0] = [id_pos.get(b.parent, -1) if b.parent else -1 for b in bases]
    gguf_base = d.quant[bp] == 0
    d.lib[bp[gguf_base]] = _LIB_IX["gguf"]


def _assign_roles(d: _ModelDraft, rng: np.random.Generator, end_ms: int) -> None:
    """Roles of everything that is not a base: a few kernels (from mid-2025), the real organisations'
    own releases (their yearly counts in _ORGS are written for the full-scale Hub, so they scale
    with it), then derivatives and small organisations' originals in rising shares."""
    role, created, yf, author = d.role, d.created, d.yf, d.author
    N = d.n
    others = np.flatnonzero(~d.is_base)
    kern_from = _date_ms(_KERNELS_FROM)
    elig = others[created[others] >= kern_from]
    n_k = min(len(elig), max(3 if N >= 2000 else 1, int(round(N * 3e-5)))) if len(elig) else 0
    if n_k:
        role[rng.choice(elig, n_k, replace=False)] = R_KERNEL
    scale = N / _FULL_SCALE_MODELS
    org_w = np.array([o[5] for o in _ORGS], dtype=np.float64)
    org_g = np.array([o[6] for o in _ORGS], dtype=np.float64)
    org_since = np.array([o[4] for o in _ORGS])
    for y in range(2018, 2027 + (dt.datetime.fromtimestamp(end_ms / 1000, dt.UTC).year - 2026)):
        slots = others[(np.floor(yf[others]) == y) & (role[others] == R_INDIVIDUAL)]
        w = np.where(org_since <= y, org_w * org_g ** (min(y, 2026) - 2025), 0.0)
        expected = scale * w.sum()
        k = min(len(slots) // 4, int(np.floor(expected + rng.random())))
        if k <= 0 or w.sum() <= 0:
            continue
        chosen = rng.choice(slots, k, replace=False)
        role[chosen] = R_REAL_ORG
        author[chosen] = _pick(rng, k, w)
    rest = others[role[others] == R_INDIVIDUAL]
    u = rng.random(len(rest))
    fam_p = _by_year(yf[rest], (0.3, 0.45, 0.5, 0.55, 0.6, 0.66, 0.7, 0.72))
    role[rest[u < fam_p]] = R_DERIVED
    role[rest[(u >= fam_p) & (u < fam_p + 0.07)]] = R_SMALL_ORG


def _model_days(created: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each model's day (counted from the first model's) and the start of every day in ms: weights
    that depend only on the day are built once per day, not once per model (`_pick_by_day`)."""
    N = len(created)
    day0 = int(created.min() // DAY_MS) if N else 0
    day = created // DAY_MS - day0
    n_days = int(day.max()) + 1 if N else 1
    day_start = (day0 + np.arange(n_days)) * DAY_MS
    return day, day_start


def _assign_families(d: _ModelDraft, rng: np.random.Generator, day: np.ndarray, day_start: np.ndarray) -> np.ndarray:
    """The family of each derivative, drawn with the families' activity on its day (a family only
    once its first base is out), and its kind by the family's profile and year. Returns the rows of
    the derivatives."""
    fam, kind, yi = d.fam, d.kind, d.yi
    der = np.flatnonzero(d.role == R_DERIVED)
    fam_first = np.full(len(_FAMILIES), _NEVER, dtype=np.int64)
    for b in d.bases:
        fam_first[_FAM[b.family]] = min(fam_first[_FAM[b.family]], b.ms)
    fam_first[_FAM["misc"]] = _date_ms(dt.date(2018, 10, 1))
    trend = np.array([_FAMILY_TREND.get(f, (_FAMILY_DEFAULT,) * 8) for f in _FAMILIES], dtype=np.float64)
    day_yf = _year_frac(day_start + DAY_MS // 2)
    w = np.stack([np.interp(day_yf, _MID_YEARS, trend[f]) for f in range(len(_FAMILIES))], axis=1)
    w *= fam_first[None, :] < day_start[:, None]
    f = _pick_by_day(rng, day[der], w)
    fam[der] = np.where(f < 0, _FAM["misc"], f)
    profiles = {p: np.array(v, dtype=np.float64) for p, v in _KIND_PROFILE.items()}
    for p, table in profiles.items():
        rows = der[np.isin(fam[der], [_FAM[f] for f in _FAMILIES if _PROFILE[f] == p])]
        cw = np.cumsum(table[yi[rows]], axis=1)
        kind[rows] = (cw < rng.random(len(rows))[:, None] * cw[:, -1:]).sum(axis=1)
    return der


def _assign_quantisers(d: _ModelDraft, rng: np.random.Generator, pool: _Pool, der: np.ndarray) -> None:
    """Who quantises: a share of the quantisations goes to the redistributors active at the time, with
    their methods; the rest get a method by the year's mix."""
    quant, author, redistributed, created = d.quant, d.author, d.redistributed, d.created
    q_rows = der[d.kind[der] == 2]
    p_red = _by_year(d.yf[q_rows], (0, 0, 0, 0, 0.4, 0.32, 0.24, 0.22))
    red = q_rows[rng.random(len(q_rows)) < p_red]
    r_from = np.array([_date_ms(dt.date.fromisoformat(r[1])) for r in _REDISTRIBUTORS])
    r_to = np.array([_date_ms(dt.date.fromisoformat(r[2])) for r in _REDISTRIBUTORS])
    rw = np.array([r[3] for r in _REDISTRIBUTORS])[None, :] * (
        (created[red, None] >= r_from[None, :]) & (created[red, None] < r_to[None, :])
    )
    who = _pick_rows(rng, rw)
    red, who = red[who >= 0], who[who >= 0]
    redistributed[red] = True
    author[red] = [pool.real[_REDISTRIBUTORS[w][0]] for w in who] if len(red) else []
    methods = [tuple(_QUANT_METHODS.index(m) for m in r[4]) for r in _REDISTRIBUTORS]
    for i, ms in enumerate(methods):
        sel = red[who == i]
        quant[sel] = np.array(ms)[rng.integers(0, len(ms), len(sel))]
    plain_q = q_rows[~redistributed[q_rows]]
    qt = np.array(_QUANT_TREND)[d.yi[plain_q]]
    cw = np.cumsum(qt, axis=1)
    quant[plain_q] = (cw < rng.random(len(plain_q))[:, None] * cw[:, -1:]).sum(axis=1)


def _assign_authors(d: _ModelDraft, rng: np.random.Generator, pool: _Pool, der: np.ndarray) -> None:
    """Authors of the derivatives the redistributors did not take (mostly individuals, some small
    organisations, a few real fine-tuning organisations) and of the originals and kernels."""
    role, author, created = d.role, d.author, d.created
    people = der[~d.redistributed[der]]
    r = rng.random(len(people))
    ind = people[r < 0.88]
    author[ind] = pool.users(rng, created[ind], "models")
    so = people[(r >= 0.88) & (r < 0.97)]
    author[so] = pool.small_orgs(rng, created[so], "models")
    ro = people[r >= 0.97]
    author[ro] = [pool.real[_FINETUNER_ORGS[i]] for i in rng.integers(0, len(_FINETUNER_ORGS), len(ro))]
    # originals
    sel = np.flatnonzero(role == R_INDIVIDUAL)
    author[sel] = pool.users(rng, created[sel], "models")
    sel = np.flatnonzero(role == R_SMALL_ORG)
    author[sel] = pool.small_orgs(rng, created[sel], "models")
    sel = np.flatnonzero(role == R_KERNEL)
    ks = rng.random(len(sel)) < 0.85
    author[sel[ks]] = pool.real["kernels-community"]
    author[sel[~ks]] = pool.users(rng, created[sel[~ks]], "models")


def _assign_parents(
    d: _ModelDraft,
    rng: np.random.Generator,
    pool: _Pool,
    der: np.ndarray,
    z0: np.ndarray,
    day: np.ndarray,
    day_start: np.ndarray,
) -> np.ndarray:
    """Parents of the derivatives, family by family: a base of the family (by attractiveness, fading
    with age) or an earlier member (preferential attachment), and two or three parents for merges.
    A redistributor quantises a given model once; a derivative left without a parent becomes an
    original. Returns the rows of the derivatives that remain."""
    role, fam, kind, quant, parents = d.role, d.fam, d.kind, d.quant, d.parents
    author, created, redistributed, is_base = d.author, d.created, d.redistributed, d.is_base
    attract, hero_likes = d.attract, d.hero_likes
    N = d.n
    originals = np.flatnonzero(np.isin(role, (R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG)))
    p_from_base = np.array([0.72, 0.85, 0.6, 0.15])
    for f_i, f_name in enumerate(_FAMILIES):
        kids = der[fam[der] == f_i]
        if not len(kids):
            continue
        fb = np.flatnonzero(is_base & (fam == f_i))
        if f_name == "misc":
            members, mw = originals, np.exp(0.9 * z0[originals])
        else:
            members = kids[np.isin(kind[kids], (0, 3))]
            mw = np.exp(0.9 * z0[members])
        from_base = rng.random(len(kids)) < np.where(redistributed[kids], 0.85, p_from_base[np.maximum(kind[kids], 0)])
        base_any = np.full(len(kids), -1, dtype=np.int64)
        if len(fb):
            # weights of each base by the child's day: attractiveness, a year's fading and a launch
            # boost; quantisers favour the released checkpoints, others avoid the labs' own quants
            age = (day_start[:, None] - created[None, fb]) / DAY_MS
            pos_age = np.maximum(age, 0.0)
            # well-known models (many likes) draw derivatives beyond their downloads: DeepSeek-R1's
            # tree had ~300 direct children within three months (real sample, 2025-04)
            pull = attract[fb] * (1.0 + hero_likes[fb] / 1000.0)
            w = pull[None, :] * (age > 0) * np.exp(-pos_age / 365.0) * (1 + 2.0 * np.exp(-pos_age / 30.0))
            is_q = kind[kids] == 2
            for sel, factor in ((is_q, 0.05), (~is_q, 0.1)):
                table = w * np.where(quant[fb] >= 0, factor, 1.0)[None, :]
                pick = _pick_by_day(rng, day[kids[sel]], table)
                base_any[sel] = np.where(pick >= 0, fb[np.maximum(pick, 0)], -1)
        chosen = np.where(from_base, base_any, -1)
        need = np.flatnonzero(chosen < 0)
        mem = _prefix_pick(rng, members, mw, kids[need])
        chosen[need] = np.where(mem >= 0, mem, base_any[need])
        parents[kids, 0] = chosen
        merges = np.flatnonzero(kind[kids] == 3)
        for col, p_extra in ((1, 1.0), (2, 0.3)):
            extra = merges[rng.random(len(merges)) < p_extra]
            cand = _prefix_pick(rng, members, mw, kids[extra])
            dup = (cand == parents[kids[extra], 0]) | (cand == parents[kids[extra], 1])
            parents[kids[extra], col] = np.where(dup, -1, cand)
    # A redistributor quantises a given model once: repeats go to individual users instead.
    red_rows = np.flatnonzero(redistributed)
    if len(red_rows):
        key = author[red_rows] * (N + 1) + parents[red_rows, 0]
        _, first_idx = np.unique(key, return_index=True)
        repeat = np.ones(len(red_rows), dtype=bool)
        repeat[first_idx] = False
        again = red_rows[repeat]
        redistributed[again] = False
        author[again] = pool.users(rng, created[again], "models")
    orphan = der[parents[der, 0] < 0]
    role[orphan] = R_INDIVIDUAL
    fam[orphan] = -1
    kind[orphan] = -1
    quant[orphan] = -1
    redistributed[orphan] = False
    author[orphan] = pool.users(rng, created[orphan], "models")
    der = np.flatnonzero(role == R_DERIVED)
    assert (parents[der, 0] < der).all()
    return der


def _trace_roots(d: _ModelDraft) -> tuple[np.ndarray, np.ndarray]:
    """The root of each model's tree (itself for a non-derivative) and its depth below it."""
    N = d.n
    root = np.arange(N)
    depth = np.zeros(N, dtype=np.int64)
    active = d.role == R_DERIVED
    while active.any():  # one step up per round: as many rounds as the deepest tree
        depth[active] += 1
        root[active] = d.parents[root[active], 0]
        active &= d.role[root] == R_DERIVED
    return root, depth


@dataclass
class _Declared:
    """How models declare their lineage: at all (`declared`), only with the plain `base_model:X` tag,
    with the relation in the card (rarely one that conflicts with the tags), and the dirt of real
    cards (`dirty`: 1 self-reference, 2 parent that does not exist, 3 parent id in other case)."""

    declared: np.ndarray
    plain_only: np.ndarray
    card_rel: np.ndarray
    conflict: np.ndarray
    dirty: np.ndarray


def _declare_lineage(d: _ModelDraft, rng: np.random.Generator, der: np.ndarray) -> _Declared:
    """Which models declare their parents: the labs' own derivatives always, others in a share that
    rose from almost none to most (redistributors nearly always, from 2024)."""
    N, yf, kind = d.n, d.yf, d.kind
    declared = np.zeros(N, dtype=bool)
    declared[d.is_base & (d.parents[:, 0] >= 0)] = True
    p_decl = _by_year(yf[der], (0.0, 0.0, 0.03, 0.1, 0.38, 0.66, 0.8, 0.82))
    p_decl = np.where(d.redistributed[der] & (yf[der] >= 2024), 0.96, p_decl)
    declared[der] = rng.random(len(der)) < p_decl
    # Older repos often carry only the plain `base_model:X` tag (the relation form came later).
    plain_only = declared & (rng.random(N) < np.where(yf < 2024.5, 0.3, 0.03))
    card_rel = declared & (rng.random(N) < np.where(np.isin(kind, (1, 2, 3)), 0.35, 0.08))
    conflict = card_rel & (rng.random(N) < 0.01)
    dirty = np.zeros(N, dtype=np.int8)
    dec_der = der[declared[der]]
    if len(dec_der):
        n_d = max(1, int(round(len(dec_der) * 0.0008))) if len(dec_der) >= 30 else 0
        picks = rng.choice(dec_der, min(len(dec_der), 3 * n_d), replace=False)
        for code, part in zip((1, 2, 3), np.array_split(picks, 3)):
            dirty[part] = code
    return _Declared(declared, plain_only, card_rel, conflict, dirty)
