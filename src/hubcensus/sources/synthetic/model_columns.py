"""The columns of models that do not change between snapshots (tags, pipeline, library, safetensors,
gguf, cardData), built chunk by chunk from the per-model arrays the model builder fills in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hubcensus.sources.synthetic.arrow import _cat, _lists, _take, _vocab
from hubcensus.sources.synthetic.curves import _by_year, _year_frac
from hubcensus.sources.synthetic.families import (
    _ARCH,
    _ARCHS,
    _CUSTOM_CODE_ARCHS,
    _FAM,
    _FAMILIES,
    _FAMILY_TAG,
    _RELATIONS,
    _fixed_arxiv_ids,
)
from hubcensus.sources.synthetic.model_bases import R_DERIVED, R_KERNEL
from hubcensus.sources.synthetic.orgs import _ORG_INDEX, _ORGS
from hubcensus.sources.synthetic.papers import _Papers
from hubcensus.sources.synthetic.sampling import _pick_rows, _rng
from hubcensus.sources.synthetic.vocabulary import (
    _CARD_TAGS,
    _DATASET_TAGS_POPULAR,
    _HW_TAGS,
    _LANGS,
    _LIBRARIES,
    _LICENSES,
    _LLM_PIPES,
    _PIPELINES,
    _SCIENCE_TAGS,
)

# Tag vocabulary of models (an index into it is what the static arrays hold).
_FORMAT_TAGS = ("safetensors", "pytorch", "gguf")
_QUANT_TAGS = (
    ("gguf", None),
    ("gptq", "4-bit"),
    ("awq", "4-bit"),
    ("4-bit", None),
    ("bitsandbytes", "4-bit"),
    ("fp8", "compressed-tensors"),
)
_COMPAT = (
    "custom_code",
    "conversational",
    "kernel",
    "kernels",
    "autotrain_compatible",
    "text-generation-inference",
    "endpoints_compatible",
    "region:us",
)


class _TagVocab:
    """All fixed tag strings in one Arrow array, with lookup tables from codes to positions."""

    def __init__(self, extra: Sequence[str] = ()) -> None:
        items: list[str] = []
        self.at: dict[str, int] = {}

        def add(s: str) -> int:
            if s not in self.at:
                self.at[s] = len(items)
                items.append(s)
            return self.at[s]

        self.lib = np.array([add(x) for x in _LIBRARIES] + [-1])
        self.fmt = np.array([add(x) for x in _FORMAT_TAGS])
        self.arch = np.array([add(x) for x in _ARCHS] + [-1])
        self.pipe = np.array([add(x) for x in _PIPELINES] + [-1])
        self.quant_a = np.array([add(a) for a, _ in _QUANT_TAGS] + [-1])
        self.quant_b = np.array([add(b) if b else -1 for _, b in _QUANT_TAGS] + [-1])
        self.fam = np.array([add(_FAMILY_TAG[f]) if f in _FAMILY_TAG else -1 for f in _FAMILIES] + [-1])
        self.hw = np.array([add(x) for x in _HW_TAGS] + [-1])
        self.sci = np.array([add(x) for x in _SCIENCE_TAGS] + [-1])
        self.lang = np.array([add(x) for x in _LANGS] + [-1])
        self.dataset = np.array([add("dataset:" + x) for x in _DATASET_TAGS_POPULAR] + [-1])
        self.arxiv = np.array([add("arxiv:" + x) for x in _fixed_arxiv_ids()] + [-1])
        self.license = np.array([add("license:" + x) for x in _LICENSES] + [-1])
        self.compat = {x: add(x) for x in _COMPAT}
        add("8-bit")
        self.extra = {x: add(x) for x in extra}
        self.items = _vocab(items)

    def inverse(self, table: np.ndarray) -> np.ndarray:
        """From a tag's position back to its code in `table` (-1 elsewhere; index -1 gives -1 too)."""
        inv = np.full(len(self.items) + 1, -1, dtype=np.int64)
        inv[table[:-1]] = np.arange(len(table) - 1)
        return inv


@dataclass
class _ModelStatic:
    """Builds the columns of models that do not change between snapshots, for a chunk of rows."""

    ids: pa.Array
    created: np.ndarray
    role: np.ndarray
    fam: np.ndarray
    kind: np.ndarray
    quant: np.ndarray
    parents: np.ndarray
    declared: np.ndarray
    plain_only: np.ndarray
    card_rel_flag: np.ndarray
    conflict: np.ndarray
    dirty: np.ndarray
    params: np.ndarray
    arch: np.ndarray
    pipe: np.ndarray
    lib: np.ndarray
    ctx: np.ndarray
    lic: np.ndarray
    fam_tag: np.ndarray
    author: np.ndarray
    arx_paper: np.ndarray
    arx_fixed: np.ndarray
    papers: _Papers
    seed: int
    redistributed: np.ndarray
    is_base: np.ndarray
    root: np.ndarray

    def __post_init__(self) -> None:
        self.voc = _TagVocab()
        self.paper_tags = _cat("arxiv:", self.papers.ids) if self.papers.n else pa.array([], pa.string())
        self.pool_head = pa.concat_arrays([self.voc.items, self.paper_tags])
        self.rel_prefix = _vocab([f"base_model:{x}:" for x in _RELATIONS])
        q = '"'
        self.card_license = _vocab([f", {q}license{q}: {q}{x}{q}" for x in _LICENSES] + [""])
        self.card_rel = _vocab([f", {q}base_model_relation{q}: {q}{x}{q}" for x in _RELATIONS] + [""])
        self.card_lib = _vocab([f", {q}library_name{q}: {q}{x}{q}" for x in _LIBRARIES] + [""])
        self.card_pipe = _vocab([f", {q}pipeline_tag{q}: {q}{x}{q}" for x in _PIPELINES] + [""])
        self.card_lang = _vocab([f", {q}language{q}: [{q}{x}{q}]" for x in _LANGS] + [""])
        self.card_tags = _vocab([f", {q}tags{q}: {x}" for x in _CARD_TAGS] + [""])
        self.card_ds = _vocab([f", {q}datasets{q}: [{q}{x}{q}]" for x in _DATASET_TAGS_POPULAR] + [""])
        real = {o[0]: i for i, o in enumerate(_ORGS)}
        self.hw_author = np.full(len(_ORGS), -1, dtype=np.int64)
        for name, tag in (
            ("amd", "rocm"),
            ("OpenVINO", "openvino"),
            ("onnx-community", "onnx"),
            ("Xenova", "onnx"),
            ("apple", "coreml"),
            ("nvidia", "tensorrt"),
            ("Intel", "openvino"),
            ("qualcomm", "npu"),
            ("kernels-community", "cuda"),
        ):
            self.hw_author[real[name]] = _HW_TAGS.index(tag)

    def columns(self, lo: int, hi: int) -> dict[str, pa.Array]:
        """The static columns of rows lo..hi. Tags are slots of a (rows, 31) matrix of positions in one
        pool of strings (the fixed vocabulary, the papers' arxiv tags, then this chunk's lineage tags),
        so the list column is built in one pass. Each step fills its slots drawing from the chunk's
        own stream, in a fixed order."""
        rng = _rng(self.seed, "models", "static", str(lo))
        r = np.arange(lo, hi)
        yf = _year_frac(self.created[r])
        S = np.full((hi - lo, 31), -1, dtype=np.int64)
        fmt, no_weights = self._format_tags(rng, r, yf, S)
        self._hardware_tags(rng, r, yf, S)
        self._science_tags(rng, r, yf, S)
        self._compat_tags(rng, r, S)
        has_card = self._language_and_paper_tags(rng, r, yf, S)
        texts, dyn = self._lineage_tags(r, S)
        self._hub_tags(rng, r, yf, S)
        tags = _lists(S, pa.concat_arrays([self.pool_head] + dyn))
        params, quant, kind, pipe = self.params[r], self.quant[r], self.kind[r], self.pipe[r]
        safetensors = self._safetensors(rng, r, params, fmt, quant, kind, pipe, no_weights, yf)
        gguf = self._gguf(r)
        card = self._card(rng, r, has_card, texts, S)
        return {
            "tags": tags,
            "pipeline_tag": _take(_vocab(_PIPELINES), pipe),
            "library_name": _take(_vocab(_LIBRARIES), self.lib[r]),
            "safetensors": safetensors,
            "gguf": gguf,
            "cardData": card,
        }

    def _format_tags(
        self, rng: np.random.Generator, r: np.ndarray, yf: np.ndarray, S: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Slots 0–6: library, weight format, architecture, task, quantisation and family tags.
        Returns the format of each row (0 safetensors, 1 pickle, 2 gguf) and whether the repo holds
        no weights at all (reinforcement-learning agents, sklearn, kernels): safetensors reads both."""
        voc = self.voc
        m = len(r)
        quant, lib, arch, pipe = self.quant[r], self.lib[r], self.arch[r], self.pipe[r]
        is_gguf = quant == 0
        # formats: GGUF repos, old pickles, safetensors for most
        old_pickle = (yf < 2023.3) & (rng.random(m) < 0.55)
        fmt = np.where(is_gguf, 2, np.where(old_pickle, 1, 0))
        no_weights = np.isin(
            lib, [_LIBRARIES.index(x) for x in ("stable-baselines3", "ml-agents", "sklearn", "kernels")]
        )
        S[:, 0] = voc.lib[lib]
        S[:, 1] = np.where(no_weights | (is_gguf & (lib == _LIBRARIES.index("gguf"))), -1, voc.fmt[fmt])
        S[:, 2] = voc.arch[arch]
        S[:, 3] = voc.pipe[pipe]
        S[:, 4] = np.where(is_gguf, -1, voc.quant_a[np.where(quant >= 0, quant, len(_QUANT_TAGS))])
        S[:, 5] = voc.quant_b[np.where(quant >= 0, quant, len(_QUANT_TAGS))]
        mlx4 = quant == 3
        S[mlx4, 4] = np.where(rng.random(int(mlx4.sum())) < 0.7, voc.at["4-bit"], voc.at["8-bit"])
        S[:, 6] = voc.fam[np.where(self.fam_tag[r] >= 0, self.fam_tag[r], len(_FAMILIES))]
        return fmt, no_weights

    def _hardware_tags(self, rng: np.random.Generator, r: np.ndarray, yf: np.ndarray, S: np.ndarray) -> None:
        """Slots 7–8: hardware, from the author's platform, or a rising share of everyone (SPEC H1)."""
        voc = self.voc
        m = len(r)
        author, lib = self.author[r], self.lib[r]
        real_author = author < len(_ORGS)
        hw_a = np.where(real_author, self.hw_author[np.minimum(author, len(_ORGS) - 1)], -1)
        hw_a = np.where((hw_a == _HW_TAGS.index("tensorrt")) & (rng.random(m) < 0.7), -1, hw_a)
        hw_p = np.stack(
            [
                _by_year(yf, t)
                for t in (
                    (0, 0, 0, 0, 0, 0.002, 0.005, 0.007),  # mlx (besides MLX quants)
                    (0, 0, 0.001, 0.002, 0.003, 0.005, 0.007, 0.008),  # openvino
                    (0.005, 0.006, 0.008, 0.01, 0.012, 0.015, 0.015, 0.015),  # onnx
                    (0, 0, 0, 0, 0.0005, 0.002, 0.006, 0.009),  # rocm
                    (0, 0, 0, 0, 0.0003, 0.001, 0.003, 0.005),  # amd
                    (0.001, 0.001, 0.002, 0.002, 0.003, 0.004, 0.005, 0.006),  # cuda
                    (0, 0, 0, 0.0005, 0.001, 0.001, 0.0015, 0.002),  # tensorrt
                    (0, 0, 0.0005, 0.001, 0.001, 0.001, 0.001, 0.001),  # coreml
                    (0, 0, 0, 0, 0.0002, 0.001, 0.002, 0.003),  # ascend
                    (0, 0, 0, 0, 0.0002, 0.0008, 0.0015, 0.002),  # npu
                    (0, 0, 0, 0, 0.0002, 0.0005, 0.001, 0.0015),  # metal
                )
            ],
            axis=1,
        )
        hw_r = _pick_rows(rng, np.c_[hw_p, 1 - hw_p.sum(axis=1)])
        hw_r = np.where(hw_r == len(_HW_TAGS), -1, hw_r)
        S[:, 7] = voc.hw[np.where(hw_a >= 0, hw_a, np.where(hw_r >= 0, hw_r, len(_HW_TAGS)))]
        S[author == _ORG_INDEX["amd"], 8] = voc.at["amd"]
        S[(lib == _LIBRARIES.index("mlx")) & (S[:, 7] == voc.at["mlx"]), 7] = -1

    def _science_tags(self, rng: np.random.Generator, r: np.ndarray, yf: np.ndarray, S: np.ndarray) -> None:
        """Slot 9, science (SPEC S2): a small, growing share; protein/molecules/drug discovery/medical
        rise; the biology families (ESM, Evo) are always protein models."""
        m = len(r)
        sci_p = _by_year(yf, (0.004, 0.005, 0.006, 0.008, 0.011, 0.015, 0.02, 0.022))
        sci_fam = np.isin(self.fam[self.root[r]], [_FAM["esm"], _FAM["evo"]])
        has_sci = (rng.random(m) < sci_p) | sci_fam
        sci_w = np.stack(
            [
                _by_year(yf, t)
                for t in (
                    (3, 3, 3, 3, 3, 3, 3, 3),
                    (2, 2, 2, 2, 2, 2.5, 3, 3),
                    (1, 1, 1.5, 2, 2.5, 3.5, 4.5, 5),
                    (3, 3, 3, 3.5, 4, 5, 6, 6),
                    (0.3, 0.3, 0.5, 0.8, 1, 1.6, 2.4, 2.8),
                    (0.5, 0.5, 0.7, 1, 1.3, 1.8, 2.3, 2.5),
                    (0.5, 0.5, 0.8, 1, 1.5, 2.2, 3, 3.3),
                    (0.5, 0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.3),
                    (0.3, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.1),
                    (0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.7, 0.7),
                )
            ],
            axis=1,
        )
        sci = _pick_rows(rng, sci_w)
        sci = np.where(sci_fam, _SCIENCE_TAGS.index("protein"), sci)
        S[:, 9] = np.where(has_sci, self.voc.sci[sci], -1)

    def _compat_tags(self, rng: np.random.Generator, r: np.ndarray, S: np.ndarray) -> None:
        """Slots 10–13: kernel repos, architectures that need custom code, and chat models (the labs'
        derived checkpoints such as instruct variants, and about half of the derived LLMs)."""
        voc = self.voc
        m = len(r)
        role, kind, arch = self.role[r], self.kind[r], self.arch[r]
        llm = np.isin(self.pipe[r], [_PIPELINES.index(p) for p in _LLM_PIPES])
        kern = role == R_KERNEL
        S[kern, 10] = voc.compat["kernel"]
        S[kern & (rng.random(m) < 0.7), 11] = voc.compat["kernels"]
        S[np.isin(arch, [_ARCH[a] for a in _CUSTOM_CODE_ARCHS]), 12] = voc.compat["custom_code"]
        chat = llm & ((self.is_base[r] & (kind == 0)) | ((role == R_DERIVED) & (rng.random(m) < 0.55)))
        S[chat, 13] = voc.compat["conversational"]

    def _language_and_paper_tags(
        self, rng: np.random.Generator, r: np.ndarray, yf: np.ndarray, S: np.ndarray
    ) -> np.ndarray:
        """Slots 14–19: languages of text models, a popular training dataset, the paper a model
        releases artifacts for, the paper its base cites, and the carbon-emissions paper of the
        default card template. Returns which rows have a card (the template needs one)."""
        voc = self.voc
        m = len(r)
        role, kind, pipe, lib = self.role[r], self.kind[r], self.pipe[r], self.lib[r]
        text = ~np.isin(
            pipe,
            [
                _PIPELINES.index(p)
                for p in (
                    "image-classification",
                    "object-detection",
                    "image-segmentation",
                    "reinforcement-learning",
                    "tabular-classification",
                    "text-to-image",
                )
            ],
        )
        lang1 = np.where(rng.random(m) < 0.6, 0, rng.integers(1, len(_LANGS), m))
        S[:, 14] = np.where(text & (rng.random(m) < 0.55), voc.lang[lang1], -1)
        S[:, 15] = np.where((S[:, 14] >= 0) & (rng.random(m) < 0.12), voc.lang[rng.integers(1, len(_LANGS), m)], -1)
        S[S[:, 15] == S[:, 14], 15] = -1
        ds = (role == R_DERIVED) & np.isin(kind, (0, 1)) & (rng.random(m) < 0.18)
        S[:, 16] = np.where(ds, voc.dataset[rng.integers(0, len(_DATASET_TAGS_POPULAR), m)], -1)
        nv = len(voc.items)
        S[:, 17] = np.where(self.arx_paper[r] >= 0, nv + self.arx_paper[r], -1)
        S[:, 18] = voc.arxiv[np.where(self.arx_fixed[r] >= 0, self.arx_fixed[r], len(voc.arxiv) - 1)]
        has_card = self.is_base[r] | (rng.random(m) < _by_year(yf, (0.6, 0.6, 0.65, 0.7, 0.8, 0.88, 0.9, 0.9)))
        template = has_card & (yf > 2022.2) & (yf < 2025.0) & (lib == 0) & (rng.random(m) < 0.1)
        S[:, 19] = np.where(template, voc.arxiv[len(voc.arxiv) - 2], -1)
        S[S[:, 19] == S[:, 18], 19] = -1
        return has_card

    def _lineage_tags(self, r: np.ndarray, S: np.ndarray) -> tuple[list[tuple[pa.Array, np.ndarray]], list[pa.Array]]:
        """Slots 20–25, lineage: base_model:X for each parent, then base_model:<relation>:X (the Hub
        writes both; older repos only the first). These strings are the chunk's own, so they go after
        the fixed pool. Returns the parent texts (the card reuses them) and the new strings."""
        texts = self._parent_texts(r)
        kind = self.kind[r]
        dyn: list[pa.Array] = []
        offset = len(self.pool_head)
        for k, (text, has) in enumerate(texts):
            idx = np.flatnonzero(has)
            t = text.take(pa.array(idx))
            S[idx, 20 + k] = offset + np.arange(len(idx))
            dyn.append(_cat("base_model:", t))
            offset += len(idx)
            rel_idx = idx[~self.plain_only[r][idx]]
            S[rel_idx, 23 + k] = offset + np.arange(len(rel_idx))
            dyn.append(_cat(_take(self.rel_prefix, np.maximum(kind[rel_idx], 0)), text.take(pa.array(rel_idx))))
            offset += len(rel_idx)
        return texts, dyn

    def _hub_tags(self, rng: np.random.Generator, r: np.ndarray, yf: np.ndarray, S: np.ndarray) -> None:
        """Slots 26–30: the licence and the tags the Hub adds itself (autotrain, TGI and endpoints
        compatibility for transformers repos, the region)."""
        voc = self.voc
        m = len(r)
        lib = self.lib[r]
        llm = np.isin(self.pipe[r], [_PIPELINES.index(p) for p in _LLM_PIPES])
        S[:, 26] = voc.license[np.where(self.lic[r] >= 0, self.lic[r], len(_LICENSES))]
        tf = lib == 0
        S[tf & (yf < 2025) & (rng.random(m) < 0.8), 27] = voc.compat["autotrain_compatible"]
        S[llm & tf & (rng.random(m) < 0.7), 28] = voc.compat["text-generation-inference"]
        S[np.isin(lib, (0, 1, 5)) & (rng.random(m) < 0.9), 29] = voc.compat["endpoints_compatible"]
        S[:, 30] = voc.compat["region:us"]

    def _gguf(self, r: np.ndarray) -> pa.Array:
        """The gguf struct of GGUF repos with a known size: total parameters, architecture, context."""
        params = self.params[r]
        g_mask = ~((self.quant[r] == 0) & np.isfinite(params))
        return pa.StructArray.from_arrays(
            [
                pa.array(np.nan_to_num(params).astype(np.int64)),
                _take(_vocab(_ARCHS), self.arch[r]),
                pa.array(np.where(self.ctx[r] > 0, self.ctx[r], 4096)),
            ],
            names=["total", "architecture", "context_length"],
            mask=pa.array(g_mask),
        )

    def _parent_texts(self, r: np.ndarray) -> list[tuple[pa.Array, np.ndarray]]:
        """The parent ids as the repo writes them, with the dirt of real cards: a self-reference,
        a parent that does not exist, a parent id in the wrong case."""
        out = []
        for k in range(3):
            p = self.parents[r, k]
            has = (p >= 0) & self.declared[r]
            text = self.ids.take(pa.array(np.maximum(p, 0), mask=~has))
            if k == 0:
                d = self.dirty[r]
                if (d > 0).any():
                    own = self.ids.take(pa.array(r))
                    lower = pc.utf8_lower(text)
                    other_case = pc.if_else(pc.equal(lower, text), pc.utf8_upper(text), lower)
                    text = pc.if_else(pa.array(d == 1), own, text)
                    text = pc.if_else(pa.array(d == 2), _cat(text, "-private"), text)
                    text = pc.if_else(pa.array(d == 3), other_case, text)
            out.append((text, has))
        return out

    def _safetensors(
        self,
        rng: np.random.Generator,
        r: np.ndarray,
        params: np.ndarray,
        fmt: np.ndarray,
        quant: np.ndarray,
        kind: np.ndarray,
        pipe: np.ndarray,
        no_weights: np.ndarray,
        yf: np.ndarray,
    ) -> pa.Array:
        """Parameter counts by dtype as the Hub reports them: packed integer counts for 4-bit quants
        (so a GPTQ 7B shows ~1B 'parameters'), the adapter's own weights for LoRA repos."""
        m = len(r)
        has = np.isfinite(params) & (fmt == 0) & ~no_weights & (rng.random(m) < 0.93)
        p = np.nan_to_num(params)
        diffusion = np.isin(pipe, [_PIPELINES.index(x) for x in ("text-to-image", "image-to-image", "text-to-video")])
        main_key = np.where(yf < 2023.5, np.where(rng.random(m) < 0.8, 0, 2), np.where(rng.random(m) < 0.8, 1, 2))
        v1 = p.copy()
        v2 = np.zeros(m)
        k2 = np.full(m, -1)
        packed = np.isin(quant, (1, 2, 3))
        key1 = np.where(packed, np.where(quant == 3, 4, 3), main_key)
        v1 = np.where(packed, p / 8, v1)
        v2 = np.where(packed, p * 0.03, v2)
        k2 = np.where(packed, np.where(quant == 3, 1, 2), k2)
        bnb = quant == 4
        key1, v1, v2, k2 = (
            np.where(bnb, 5, key1),
            np.where(bnb, p / 2, v1),
            np.where(bnb, p * 0.03, v2),
            np.where(bnb, 1, k2),
        )
        fp8 = quant == 5
        key1, v1, v2, k2 = (
            np.where(fp8, 6, key1),
            np.where(fp8, p * 0.97, v1),
            np.where(fp8, p * 0.03, v2),
            np.where(fp8, 1, k2),
        )
        adapter = (kind == 1) & (self.role[r] == R_DERIVED)
        v1 = np.where(adapter, p * np.where(diffusion, 0.02, 0.004), v1)
        k2 = np.where(adapter, -1, k2)
        old_enc = (main_key == 0) & (p < 1e9) & (rng.random(m) < 0.2) & ~packed & ~adapter
        k2, v2 = np.where(old_enc, 7, k2), np.where(old_enc, 512, v2)
        v1 = np.maximum(np.round(v1), 1).astype(np.int64)
        v2 = np.round(v2).astype(np.int64)
        second = has & (k2 >= 0)
        counts = has.astype(np.int64) + second
        offsets = np.zeros(m + 1, dtype=np.int32)
        np.cumsum(counts, out=offsets[1:])
        keys = np.stack([key1, k2], axis=1)
        vals = np.stack([v1, v2], axis=1)
        sel = np.stack([has, second], axis=1)
        dtypes = _vocab(("F32", "BF16", "F16", "I32", "U32", "U8", "F8_E4M3", "I64"))
        params_map = pa.MapArray.from_arrays(pa.array(offsets), dtypes.take(pa.array(keys[sel])), pa.array(vals[sel]))
        total = np.where(has, v1 + np.where(second, v2, 0), 0)
        return pa.StructArray.from_arrays(
            [params_map, pa.array(total)], names=["parameters", "total"], mask=pa.array(~has)
        )

    def _card(
        self,
        rng: np.random.Generator,
        r: np.ndarray,
        has_card: np.ndarray,
        texts: list[tuple[pa.Array, np.ndarray]],
        S: np.ndarray,
    ) -> pa.Array:
        """The card's YAML header as JSON: licence, base_model (a string or a list), sometimes the
        relation (and, rarely, one that disagrees with the tags), library, task, languages, tags.
        Fixed pieces come from pre-built vocabularies, so only base_model needs concatenation."""
        m = len(r)

        def piece(vocab: pa.Array, idx: np.ndarray, cond: np.ndarray) -> pa.Array:
            return _take(vocab, np.where(cond & (idx >= 0), idx, len(vocab) - 1))

        lic = self.lic[r]
        kind = np.maximum(self.kind[r], 0)
        parts = [piece(self.card_license, lic, np.ones(m, bool))]
        (t0, h0), (t1, h1), (t2, h2) = texts
        base = pa.array([""] * m, pa.string())
        idx = np.flatnonzero(h0)
        if len(idx):
            as_list = (h1 | h2 | (rng.random(m) < 0.3))[idx]
            first = _cat('"', t0.take(pa.array(idx)), '"')
            more = [
                pc.if_else(pa.array(h[idx]), _cat(', "', pc.fill_null(t.take(pa.array(idx)), ""), '"'), "")
                for t, h in ((t1, h1), (t2, h2))
            ]
            value = pc.if_else(pa.array(as_list), _cat("[", first, more[0], more[1], "]"), first)
            pos = np.full(m, len(idx), dtype=np.int64)
            pos[idx] = np.arange(len(idx))
            base = pa.concat_arrays([_cat(', "base_model": ', value), pa.array([""], pa.string())]).take(pa.array(pos))
        parts.append(base)
        card_rel = np.where(self.conflict[r], (kind + 2) % 4, kind)
        parts.append(piece(self.card_rel, card_rel, self.card_rel_flag[r] & h0))
        parts.append(piece(self.card_lib, self.lib[r], rng.random(m) < 0.4))
        parts.append(piece(self.card_pipe, self.pipe[r], rng.random(m) < 0.3))
        lang_code = self.voc.inverse(self.voc.lang)[S[:, 14]]
        parts.append(piece(self.card_lang, lang_code, S[:, 14] >= 0))
        llm = np.isin(self.pipe[r], [_PIPELINES.index(p) for p in _LLM_PIPES])
        ct = np.where(
            llm,
            np.array([0, 1, 3, 4, 8, 9, 10, 11, 14, 15])[rng.integers(0, 10, m)],
            np.array([1, 4, 13])[rng.integers(0, 3, m)],
        )
        ct = np.where(
            self.kind[r] == 3,
            2,
            np.where(self.kind[r] == 1, 5, np.where(self.quant[r] == 0, 6, np.where(self.quant[r] == 3, 7, ct))),
        )
        parts.append(piece(self.card_tags, ct, rng.random(m) < 0.35))
        ds_code = self.voc.inverse(self.voc.dataset)[S[:, 16]]
        parts.append(piece(self.card_ds, ds_code, S[:, 16] >= 0))
        body = _cat(*parts)
        card = _cat("{", pc.utf8_slice_codeunits(body, 2), "}")
        return pc.if_else(pa.array(has_card), card, pa.nulls(m, pa.string()))
