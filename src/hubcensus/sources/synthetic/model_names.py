"""Model names as people write them: bases from the tables, originals from word patterns, derived
models grown from their parent's name, level by level down the lineage trees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hubcensus.sources.synthetic.arrow import _cat, _choice, _num, _take, _vocab
from hubcensus.sources.synthetic.families import _FAMILIES, _PROFILE
from hubcensus.sources.synthetic.model_bases import R_DERIVED, R_INDIVIDUAL, R_KERNEL, R_REAL_ORG, R_SMALL_ORG, _Base
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.schema import _date_ms
from hubcensus.sources.synthetic.vocabulary import _PIPE_IX
from hubcensus.sources.synthetic.words import (
    _ADAPTER_WORDS,
    _COURSE_NAMES,
    _ENC_WORDS,
    _FT_WORDS,
    _KERNEL_NAMES,
    _MERGE_WORDS,
    _RL_NAMES,
    _STYLE_WORDS,
    _TASK_WORDS,
    _WORDS,
)

_SIZE_LABELS = ("30M", "60M", "125M", "350M", "500M", "1B", "1.5B", "3B", "7B", "8B", "13B", "32B", "70B")
_SIZE_VALUES = np.array([30e6, 60e6, 125e6, 350e6, 500e6, 1e9, 1.5e9, 3e9, 7e9, 8e9, 13e9, 32e9, 70e9])
_QUANT_SUFFIX = {
    0: ("GGUF", "GGUF", "GGUF", "Q4_K_M-GGUF", "i1-GGUF", "Q8_0-GGUF"),
    1: ("GPTQ", "GPTQ-Int4", "gptq-4bit"),
    2: ("AWQ",),
    3: ("4bit", "8bit", "mlx-4bit", "4bit-mlx"),
    4: ("bnb-4bit", "unsloth-bnb-4bit"),
    5: ("FP8", "FP8-Dynamic"),
}


class _Namer:
    """The random picks name patterns are made of, and the per-model arrays the patterns read. The
    picks share one stream, so the order in which patterns draw is part of the output."""

    def __init__(
        self,
        rng: np.random.Generator,
        pool: _Pool,
        params: np.ndarray,
        quant: np.ndarray,
        author: np.ndarray,
        parents: np.ndarray,
        created: np.ndarray,
        tok_vocab: pa.Array,
        tok_idx: np.ndarray,
    ) -> None:
        self.rng = rng
        self.pool = pool
        self.params = params
        self.quant = quant
        self.author = author
        self.parents = parents
        self.created = created
        self.tok_vocab = tok_vocab
        self.tok_idx = tok_idx  # per model: its root's size token, an index into tok_vocab
        self.words = _vocab(_WORDS)
        self.cap_words = pc.utf8_capitalize(self.words)

    def word(self, k: int, capital: bool = False) -> pa.Array:
        return _take(self.cap_words if capital else self.words, self.rng.integers(0, len(_WORDS), k))

    def one_of(self, items: Sequence[str], k: int) -> pa.Array:
        return _take(_vocab(items), self.rng.integers(0, len(items), k))

    def number(self, k: int) -> pa.Array:
        return _num(self.rng.integers(1, 100, k))

    def size_label(self, rows: np.ndarray) -> pa.Array:
        idx = np.searchsorted(_SIZE_VALUES, np.nan_to_num(self.params[rows], nan=125e6))
        return _take(_vocab(_SIZE_LABELS), np.clip(idx, 0, len(_SIZE_VALUES) - 1))

    def token_or_size(self, rows: np.ndarray) -> pa.Array:
        """The size token in the name of the model's root (`7B`), or else a label from its size."""
        tok = self.tok_vocab.take(pa.array(self.tok_idx[rows]))
        return pc.if_else(pc.greater(pc.utf8_length(tok), 0), tok, self.size_label(rows))


class _NameColumn:
    """Names added group by group, with each model's position among them. A child's name reads its
    parent's, so the names added since the last `seal` are not readable yet: a level's groups are
    sealed together once the whole level is named."""

    def __init__(self, n: int) -> None:
        self.chunks: list[pa.Array] = []
        self.pos = np.full(n, -1, dtype=np.int64)
        self.size = 0
        self.combined = pa.chunked_array([], pa.string())

    def add(self, rows: np.ndarray, arr: pa.Array) -> None:
        if len(rows):
            self.chunks.append(arr)
            self.pos[rows] = self.size + np.arange(len(rows))
            self.size += len(rows)

    def seal(self) -> None:
        self.combined = pa.chunked_array(self.chunks, pa.string())

    def of(self, rows: np.ndarray) -> pa.Array:
        return self.combined.take(pa.array(self.pos[rows])).combine_chunks()


def _model_names(
    rng: np.random.Generator,
    pool: _Pool,
    bases: list[_Base],
    base_pos: np.ndarray,
    role: np.ndarray,
    kind: np.ndarray,
    quant: np.ndarray,
    fam: np.ndarray,
    author: np.ndarray,
    parents: np.ndarray,
    root: np.ndarray,
    depth: np.ndarray,
    pipe: np.ndarray,
    params: np.ndarray,
    created: np.ndarray,
) -> pa.Array:
    """Names as people write them: bases from the tables; derived names grow from their parent's
    name (`…-GGUF`, `…-lora`, `…-sft`), so the size in a base's name travels down the tree; level by
    level, since a child's name needs its parent's."""
    n = len(role)
    tok_vocab = _vocab([b.token for b in bases] + [""])
    tok_idx = np.full(n, len(bases), dtype=np.int64)
    if len(bases):
        tok_idx[base_pos] = np.arange(len(bases))
    tok_idx = tok_idx[root]
    nm = _Namer(rng, pool, params, quant, author, parents, created, tok_vocab, tok_idx)
    column = _NameColumn(n)
    _original_names(nm, column, bases, base_pos, role, pipe)
    column.seal()

    prof_of = np.array([_PROFILE[f] for f in _FAMILIES] + ["llm"])
    der = np.flatnonzero(role == R_DERIVED)
    for d in range(1, int(depth[der].max(initial=0)) + 1):
        level = der[depth[der] == d]
        new: list[tuple[np.ndarray, pa.Array]] = []
        for kd in range(4):
            for prof in ("llm", "encoder", "diffusion"):
                rows = level[(kind[level] == kd) & (prof_of[fam[level]] == prof)]
                if not len(rows):
                    continue
                names = _derived_names(nm, kd, prof, rows, column.of(parents[rows, 0]))
                new.append((rows, _shorten(nm, names)))
        for rows, names in new:
            column.add(rows, names)
        column.seal()
    return column.combined.take(pa.array(column.pos)).combine_chunks()


def _original_names(
    nm: _Namer, column: _NameColumn, bases: list[_Base], base_pos: np.ndarray, role: np.ndarray, pipe: np.ndarray
) -> None:
    """Names of the models that derive from no other: the bases' from the tables, course exercises
    for reinforcement learning, word patterns for people's and organisations' originals (people's
    more playful), and what the kernel does for kernels."""
    rng, W, V, num, size_label, add = nm.rng, nm.word, nm.one_of, nm.number, nm.size_label, column.add
    if len(bases):
        add(base_pos, _vocab([b.name for b in bases]))
    orig = np.flatnonzero(np.isin(role, (R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG)))
    rl = pipe[orig] == _PIPE_IX["reinforcement-learning"]
    add(orig[rl], V(_RL_NAMES, int(rl.sum())))
    people = orig[~rl & (role[orig] == R_INDIVIDUAL)]
    add(
        people,
        _choice(
            rng,
            len(people),
            (0.18, 0.3, 0.2, 0.17, 0.15),
            lambda ix: V(_COURSE_NAMES, len(ix)),
            lambda ix: _cat(W(len(ix)), "-", W(len(ix))),
            lambda ix: _cat(W(len(ix)), "-", V(_TASK_WORDS, len(ix))),
            lambda ix: _cat(W(len(ix)), "-", V(_TASK_WORDS, len(ix)), "-", num(len(ix))),
            lambda ix: _cat(W(len(ix), True), W(len(ix), True), "-", size_label(people[ix])),
        ),
    )
    orgs = orig[~rl & (role[orig] != R_INDIVIDUAL)]
    add(
        orgs,
        _choice(
            rng,
            len(orgs),
            (0.5, 0.5),
            lambda ix: _cat(W(len(ix)), "-", V(_TASK_WORDS, len(ix)), "-", size_label(orgs[ix])),
            lambda ix: _cat(W(len(ix), True), "-", num(len(ix))),
        ),
    )
    kern = np.flatnonzero(role == R_KERNEL)
    add(kern, V(_KERNEL_NAMES, len(kern)))


def _derived_names(nm: _Namer, kd: int, prof: str, rows: np.ndarray, pn_all: pa.Array) -> pa.Array:
    """Names of the derivatives of one kind (finetune, adapter, quantized, merge) and one family
    profile, given their parents' names."""
    if kd == 0:
        return _finetune_names(nm, prof, rows, pn_all)
    if kd == 1:
        return _adapter_names(nm, prof, rows, pn_all)
    if kd == 2:
        return _quantized_names(nm, rows, pn_all)
    return _merge_names(nm, rows, pn_all)


def _finetune_names(nm: _Namer, prof: str, rows: np.ndarray, pn_all: pa.Array) -> pa.Array:
    """LLM fine-tunes mostly extend the parent's name with what was trained (`-sft`, `-ko`); encoder
    fine-tunes name the downstream task; diffusion fine-tunes a style."""
    rng, W, V, num, k = nm.rng, nm.word, nm.one_of, nm.number, len(rows)

    def pn(ix: np.ndarray) -> pa.Array:
        return pn_all.take(pa.array(ix))

    def tos(ix: np.ndarray) -> pa.Array:
        return nm.token_or_size(rows[ix])

    if prof == "llm":
        return _choice(
            rng,
            k,
            (0.4, 0.1, 0.22, 0.05, 0.13, 0.1),
            lambda ix: _cat(pn(ix), "-", V(_FT_WORDS, len(ix))),
            lambda ix: _cat(pn(ix), "-", V(_FT_WORDS, len(ix)), "-", V(_FT_WORDS, len(ix))),
            lambda ix: _cat(W(len(ix), True), "-", tos(ix)),
            lambda ix: V(("lora_model", "outputs", "model", "merged_model", "checkpoint-1000"), len(ix)),
            lambda ix: _cat(pn(ix), "_", V(_FT_WORDS, len(ix)), "_", num(len(ix))),
            lambda ix: _cat(W(len(ix), True), "-", pn(ix)),
        )
    if prof == "encoder":
        return _choice(
            rng,
            k,
            (0.7, 0.3),
            lambda ix: _cat(pn(ix), "-", V(_ENC_WORDS, len(ix))),
            lambda ix: _cat(pn(ix), "-", V(_ENC_WORDS, len(ix)), "-", num(len(ix))),
        )
    return _choice(
        rng,
        k,
        (0.4, 0.3, 0.3),
        lambda ix: _cat(pn(ix), "-", V(_STYLE_WORDS, len(ix))),
        lambda ix: _cat(W(len(ix), True), "-", V(_STYLE_WORDS, len(ix)), "-diffusion"),
        lambda ix: _cat("sd-", V(_STYLE_WORDS, len(ix)), "-model"),
    )


def _adapter_names(nm: _Namer, prof: str, rows: np.ndarray, pn_all: pa.Array) -> pa.Array:
    """Diffusion LoRAs are named after a style, often without the parent; other adapters extend the
    parent's name or keep the trainer's default (`lora_model`)."""
    rng, W, V, k = nm.rng, nm.word, nm.one_of, len(rows)

    def pn(ix: np.ndarray) -> pa.Array:
        return pn_all.take(pa.array(ix))

    if prof == "diffusion":
        return _choice(
            rng,
            k,
            (0.35, 0.25, 0.2, 0.2),
            lambda ix: _cat(V(_STYLE_WORDS, len(ix)), "-lora"),
            lambda ix: _cat(W(len(ix)), "-", V(_STYLE_WORDS, len(ix)), "-lora"),
            lambda ix: _cat("lora-", V(_STYLE_WORDS, len(ix))),
            lambda ix: _cat(pn(ix), "-", V(_STYLE_WORDS, len(ix)), "-lora"),
        )
    return _choice(
        rng,
        k,
        (0.55, 0.12, 0.15, 0.18),
        lambda ix: _cat(pn(ix), "-", V(_ADAPTER_WORDS, len(ix))),
        lambda ix: V(("lora_model", "adapter", "outputs"), len(ix)),
        lambda ix: _cat(W(len(ix)), "-", V(_ADAPTER_WORDS, len(ix))),
        lambda ix: _cat(pn(ix), "-", V(_FT_WORDS, len(ix)), "-", V(_ADAPTER_WORDS, len(ix))),
    )


def _quantized_names(nm: _Namer, rows: np.ndarray, pn_all: pa.Array) -> pa.Array:
    """The parent's name with the method's suffix (`-GGUF`, `-4bit`); bartowski's repos from late
    2024 carry the parent's author too."""
    k = len(rows)
    q_start = np.cumsum([0] + [len(_QUANT_SUFFIX[i]) for i in range(6)])
    q_vocab = _vocab([x for i in range(6) for x in _QUANT_SUFFIX[i]])
    bartowski_from = _date_ms(dt.date(2024, 10, 1))
    q = np.maximum(nm.quant[rows], 0)
    sfx = _take(q_vocab, q_start[q] + (nm.rng.random(k) * np.diff(q_start)[q]).astype(np.int64))
    names = _cat(pn_all, "-", sfx)
    bart = np.flatnonzero((nm.author[rows] == nm.pool.real["bartowski"]) & (nm.created[rows] >= bartowski_from))
    if len(bart):  # bartowski's newer naming: <author>_<name>-GGUF
        flag = np.zeros(k, dtype=bool)
        flag[bart] = True
        p_author = nm.pool.names.take(pa.array(nm.author[nm.parents[rows, 0]]))
        names = pc.if_else(pa.array(flag), _cat(p_author, "_", pn_all, "-GGUF"), names)
    return names


def _merge_names(nm: _Namer, rows: np.ndarray, pn_all: pa.Array) -> pa.Array:
    """Merges: two made-up words with the size and the merge method, or the parent's name with it."""
    rng, W, V = nm.rng, nm.word, nm.one_of

    def pn(ix: np.ndarray) -> pa.Array:
        return pn_all.take(pa.array(ix))

    def tos(ix: np.ndarray) -> pa.Array:
        return nm.token_or_size(rows[ix])

    return _choice(
        rng,
        len(rows),
        (0.6, 0.4),
        lambda ix: _cat(W(len(ix), True), "-", W(len(ix), True), "-", tos(ix), "-", V(_MERGE_WORDS, len(ix))),
        lambda ix: _cat(pn(ix), "-", V(_MERGE_WORDS, len(ix))),
    )


def _shorten(nm: _Namer, names: pa.Array) -> pa.Array:
    """Names grown over many levels get long: over 90 characters, a fresh short name replaces them."""
    long = np.flatnonzero(pc.greater(pc.utf8_length(names), 90).to_numpy(zero_copy_only=False))
    if len(long):
        k = len(names)
        W, num = nm.word, nm.number
        flag = np.zeros(k, dtype=bool)
        flag[long] = True
        short = _cat(W(k, True), "-", W(k, True), "-", num(k))
        names = pc.if_else(pa.array(flag), short, names)
    return names
