"""The labs' own models, expanded from the generations table: the base and instruct variant of each
size and the labs' own quantisations, with the parent links between them; and the roles a model
can have in the synthetic Hub.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hubcensus.sources.synthetic.families import _HEROES
from hubcensus.sources.synthetic.generations import _GENERATIONS
from hubcensus.sources.synthetic.schema import DAY_MS, _date_ms
from hubcensus.sources.synthetic.vocabulary import _LLM_PIPES

# Roles of models: a lab's own model (from the tables), a derivative of another model, an original
# by a person, by a small organisation or by a real organisation, a kernel.
R_BASE, R_DERIVED, R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG, R_KERNEL = range(6)
# A size in a model's name (`7B`, `82M`, `8x7B`): such a token is what derivatives' names carry on.
_SIZE_TOKEN = re.compile(r"(\d+(\.\d+)?[BbMmTt](?![a-z])|\d+x\d+[Bb])")


@dataclass
class _Base:
    """One of the labs' own models: a variant of one size of a generation."""

    name: str
    org: str
    ms: int
    family: str
    arch: str
    pipeline: str
    library: str
    ctx: int
    license: str
    params: float
    token: str
    variant: int  # 0 base, 1 instruct/chat, 2 the organisation's own quantisation
    parent: str | None
    relation: int  # index into _RELATIONS, -1 for roots
    attract: float
    arxiv: str
    quant: int  # index into _QUANT_METHODS, -1 none
    likes: float  # final likes of a well-known model (0: derived from downloads)

    @property
    def id(self) -> str:
        return f"{self.org}/{self.name}"


def _size_pref(params_b: float, pipeline: str) -> float:
    """How much more a size is used: mid sizes win for LLMs (SPEC A1: the top 1–9B models are
    downloaded about 4x the top >=100B ones)."""
    if pipeline not in _LLM_PIPES:
        return 1.0
    return 1.0 if params_b < 1 else 1.0 if params_b < 10 else 0.35 if params_b < 100 else 0.45


def _plan_bases(end_ms: int, cap: int) -> list[_Base]:
    """The labs' own models from _GENERATIONS released before the end, at most `cap` of them (the
    most attractive, with their parents) so a small Hub is not all base models."""
    rows: list[_Base] = []
    for g in _GENERATIONS:
        fam, org, date, arch, pipe, lib, ctx, lic, bfmt, ifmt, sizes, quants, attract, arxiv, parents = g
        day = _date_ms(dt.date.fromisoformat(date)) + 15 * 3600 * 1000
        plist = parents.split(",") if parents else []
        for si, item in enumerate(sizes.split(",")):
            tok, billions = item.rsplit(":", 1)
            params = float(billions) * 1e9
            t0 = day + si * 7 * 60 * 1000
            tag_tok = tok if _SIZE_TOKEN.search(tok or "") else ""
            explicit = plist[si] if si < len(plist) else None
            pref = _size_pref(float(billions), pipe)
            both = bfmt is not None and ifmt is not None
            base_id = None
            if bfmt is not None:
                name = bfmt.format(s=tok)
                mult = _HEROES.get(f"{org}/{name}", (1.0, 0.0))
                rows.append(
                    _Base(
                        name,
                        org,
                        t0,
                        fam,
                        arch,
                        pipe,
                        lib,
                        ctx,
                        lic,
                        params,
                        tag_tok,
                        0,
                        explicit,
                        0 if explicit else -1,
                        attract * pref * (0.6 if both else 1.0) * mult[0],
                        arxiv,
                        -1,
                        mult[1],
                    )
                )
                base_id = f"{org}/{name}"
            inst_id = None
            if ifmt is not None:
                name = ifmt.format(s=tok)
                mult = _HEROES.get(f"{org}/{name}", (1.0, 0.0))
                parent = base_id or explicit
                rows.append(
                    _Base(
                        name,
                        org,
                        t0 + 3600_000,
                        fam,
                        arch,
                        pipe,
                        lib,
                        ctx,
                        lic,
                        params,
                        tag_tok,
                        1,
                        parent,
                        0 if parent else -1,
                        attract * pref * mult[0],
                        arxiv,
                        -1,
                        mult[1],
                    )
                )
                inst_id = f"{org}/{name}"
            top = inst_id or base_id
            for qi, q in enumerate(quants.split(",") if quants else []):
                method = {"GGUF": 0, "GPTQ-Int4": 1, "AWQ": 2, "FP8": 5}[q]
                rows.append(
                    _Base(
                        f"{top.split('/', 1)[1]}-{q}",
                        org,
                        t0 + 2 * DAY_MS + qi * 3600_000,
                        fam,
                        arch,
                        pipe,
                        lib,
                        ctx,
                        lic,
                        params,
                        tag_tok,
                        2,
                        top,
                        2,
                        attract * pref * 0.3,
                        arxiv,
                        method,
                        0.0,
                    )
                )
    rows = [r for r in rows if r.ms <= end_ms - 2 * 3600_000]
    by_id = {r.id: r for r in rows}
    kept: dict[str, _Base] = {}
    for r in sorted(rows, key=lambda r: r.ms):
        if r.parent is None or r.parent in kept:
            kept[r.id] = r
    rows = list(kept.values())
    if len(rows) > cap:
        chosen: dict[str, _Base] = {}
        for r in sorted(rows, key=lambda r: (-r.attract, r.ms, r.id)):
            chain = []
            node: _Base | None = r
            while node is not None and node.id not in chosen:
                chain.append(node)
                node = by_id.get(node.parent) if node.parent else None
            if len(chosen) + len(chain) > cap:
                continue
            for c in chain:
                chosen[c.id] = c
        rows = list(chosen.values())
    return sorted(rows, key=lambda r: (r.ms, r.id))
