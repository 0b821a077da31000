"""What a model is: task, library, architecture, size and licence. Originals draw theirs by year;
derivatives inherit their root's (the size in a base's name travels down the tree), with the changes
the Hub shows: adapters of LLMs are peft repos, quantisations take their method's library, fine-tunes
of a masked-language model serve a downstream task. The family tags the Hub writes come last, since
they read the model's id.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hubcensus.sources.synthetic.families import _ARCH, _ARCHS, _FAM, _FAMILIES, _FAMILY_TAG
from hubcensus.sources.synthetic.model_bases import R_BASE, R_INDIVIDUAL, R_KERNEL, R_REAL_ORG, R_SMALL_ORG
from hubcensus.sources.synthetic.model_lineage import _ModelDraft
from hubcensus.sources.synthetic.sampling import _pick
from hubcensus.sources.synthetic.vocabulary import (
    _LIB_IX,
    _LIC_IX,
    _LICENSES,
    _LLM_PIPES,
    _ORIGINAL_ARCH,
    _ORIGINAL_LICENSES,
    _ORIGINAL_PARAMS,
    _ORIGINAL_TASKS,
    _PIPE_IX,
    _PIPELINES,
)


def _describe_originals(d: _ModelDraft, rng: np.random.Generator) -> None:
    """Originals (models of no known family): task by year, then library, architecture and size by
    task (lognormal around the task's median; some repos state no size), and licence; kernels are
    Apache-licensed `kernels` repos."""
    pipe, lib, arch, params, lic = d.pipe, d.lib, d.arch, d.params, d.lic
    orig = np.flatnonzero(np.isin(d.role, (R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG)))
    tasks = list(_ORIGINAL_TASKS)
    tw = np.array([_ORIGINAL_TASKS[t] for t in tasks], dtype=np.float64).T  # (8, tasks)
    cw = np.cumsum(tw[d.yi[orig]], axis=1)
    t_i = (cw < rng.random(len(orig))[:, None] * cw[:, -1:]).sum(axis=1)
    t_code = np.array([_PIPE_IX[t] if t else -1 for t in tasks])[t_i]
    pipe[orig] = t_code
    lib[orig] = _original_library(rng, t_code)
    for t, archs in _ORIGINAL_ARCH.items():
        sel = orig[t_code == _PIPE_IX[t]]
        arch[sel] = np.array([_ARCH[a] for a in archs])[rng.integers(0, len(archs), len(sel))]
    med = np.array([_ORIGINAL_PARAMS.get(_PIPELINES[c], 0.11) if c >= 0 else 0.11 for c in range(-1, len(_PIPELINES))])
    params[orig] = med[t_code + 1] * 1e9 * np.exp(rng.normal(0, 1.0, len(orig)))
    no_size = np.isin(t_code, [_PIPE_IX["reinforcement-learning"], _PIPE_IX["tabular-classification"]]) | (
        rng.random(len(orig)) < 0.15
    )
    params[orig[no_size]] = np.nan
    lic[orig] = _pick(rng, len(orig), _ORIGINAL_LICENSES)
    lic[orig[lic[orig] == len(_LICENSES) - 1]] = -1
    sel = np.flatnonzero(d.role == R_KERNEL)
    lib[sel] = _LIB_IX["kernels"]
    lic[sel] = _LIC_IX["apache-2.0"]


def _original_library(rng: np.random.Generator, t_code: np.ndarray) -> np.ndarray:
    """The library of originals: mostly transformers or none, some plain pytorch, keras or onnx, and the
    library a task implies (stable-baselines3 for agents, sklearn for tables, diffusers, lerobot…)."""
    n = len(t_code)
    out = np.where(rng.random(n) < 0.7, _LIB_IX["transformers"], -1)
    r = rng.random(n)
    out = np.where(
        r < 0.08, _LIB_IX["pytorch"], np.where(r < 0.12, _LIB_IX["keras"], np.where(r < 0.14, _LIB_IX["onnx"], out))
    )
    rl = t_code == _PIPE_IX["reinforcement-learning"]
    out[rl] = np.array([_LIB_IX["stable-baselines3"], _LIB_IX["ml-agents"], _LIB_IX["pytorch"]])[
        _pick(rng, int(rl.sum()), (0.6, 0.25, 0.15))
    ]
    out[t_code == _PIPE_IX["tabular-classification"]] = _LIB_IX["sklearn"]
    out[t_code == _PIPE_IX["text-to-image"]] = _LIB_IX["diffusers"]
    out[t_code == _PIPE_IX["robotics"]] = _LIB_IX["lerobot"]
    img = (t_code == _PIPE_IX["image-classification"]) & (rng.random(n) < 0.2)
    out[img] = _LIB_IX["timm"]
    st = (t_code == _PIPE_IX["feature-extraction"]) & (rng.random(n) < 0.5)
    out[st] = _LIB_IX["sentence-transformers"]
    return out


def _inherit_from_roots(d: _ModelDraft, rng: np.random.Generator, der: np.ndarray, root: np.ndarray) -> None:
    """Derived: inherit from the root (base or original); adapters of LLMs use peft."""
    params, arch, pipe, lib, ctx, lic, kind, quant = d.params, d.arch, d.pipe, d.lib, d.ctx, d.lic, d.kind, d.quant
    for arr in (params, arch, pipe, lib, ctx, lic):
        arr[der] = arr[root[der]]
    keep_lic = rng.random(len(der)) < 0.8
    lic[der[~keep_lic]] = _pick(rng, int((~keep_lic).sum()), _ORIGINAL_LICENSES)
    lic[der[lic[der] == len(_LICENSES) - 1]] = -1
    ad = der[kind[der] == 1]
    llm_ad = ad[np.isin(pipe[ad], [_PIPE_IX[p] for p in _LLM_PIPES])]
    lib[llm_ad] = _LIB_IX["peft"]
    qd = der[kind[der] == 2]
    lib[qd[quant[qd] == 0]] = np.where(rng.random(int((quant[qd] == 0).sum())) < 0.75, _LIB_IX["gguf"], -1)
    lib[qd[quant[qd] == 3]] = _LIB_IX["mlx"]
    lib[qd[np.isin(quant[qd], (1, 2, 4, 5))]] = _LIB_IX["transformers"]
    # fine-tunes of a masked-language model are for a downstream task, not fill-mask
    fm = der[(pipe[der] == _PIPE_IX["fill-mask"]) & (kind[der] != 2)]
    tasks = np.array(
        [
            _PIPE_IX[t]
            for t in (
                "text-classification",
                "token-classification",
                "question-answering",
                "fill-mask",
                "feature-extraction",
                "sentence-similarity",
            )
        ]
    )
    pipe[fm] = tasks[_pick(rng, len(fm), (0.45, 0.2, 0.1, 0.1, 0.08, 0.07))]
    pipe[der[rng.random(len(der)) < 0.04]] = -1


def _family_tags(
    d: _ModelDraft, rng: np.random.Generator, root: np.ndarray, ids: pa.Array, declared: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Family tags without lineage (the Hub writes `qwen`, `llama`… for a model's architecture family,
    declared or not), and which models a search for Qwen finds by tag, name or architecture (a
    calibration figure)."""
    fam, role, arch = d.fam, d.role, d.arch
    fam_tag = np.full(d.n, -1, dtype=np.int16)
    tag_fams = [f for f in _FAMILIES if f in _FAMILY_TAG]
    is_tag_fam = np.isin(fam[root], [_FAM[f] for f in tag_fams]) & (role != R_KERNEL)
    chance = np.where(role == R_BASE, 0.5, np.where(declared, 0.25, 0.55))
    with_tag = is_tag_fam & (rng.random(d.n) < chance)
    fam_tag[with_tag] = fam[root[with_tag]]
    qwen_named = (fam[root] == _FAM["qwen"]) | pc.match_substring(ids, "qwen", ignore_case=True).to_numpy(
        zero_copy_only=False
    )
    qwen_named |= np.isin(arch[root], [_ARCH[a] for a in _ARCHS if a.startswith("qwen")])
    return fam_tag, qwen_named
