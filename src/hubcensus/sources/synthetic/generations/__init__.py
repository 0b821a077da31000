"""The model generations the labs released: the roots of the synthetic Hub's lineage trees.

One tuple per generation: (family, org, release date, architecture, pipeline, library, context
length, licence, name of the base variant, name of the instruct variant ({s} = size token), sizes as
"token:billions,…", org-published quantisations of the instruct variant, attractiveness, arXiv id,
explicit parents "org/name,…" aligned with the sizes (distillations of another family)).

The table is long, so its rows live in five modules, in the order they were written. The order
matters: families and architectures are numbered in order of first appearance, and those numbers
key random draws and tag vocabularies, so `_GENERATIONS` joins the parts in this fixed order.
"""

from hubcensus.sources.synthetic.generations import (
    classic,
    deepseek_to_glm,
    llama_mistral_qwen,
    other_labs,
    specialists,
)

_GENERATIONS: tuple[tuple, ...] = (
    classic.GENERATIONS
    + llama_mistral_qwen.GENERATIONS
    + deepseek_to_glm.GENERATIONS
    + other_labs.GENERATIONS
    + specialists.GENERATIONS
)
