"""docs/metrics.md, rendered from the metric registry: every definition as the code states it.

`python -m hubcensus.metrics.doc > docs/metrics.md` regenerates it; a test fails when it drifts, so
the written definitions a reader disagrees with are the ones the code computes.
"""

from __future__ import annotations

from hubcensus.metrics import REGISTRY
from hubcensus.metrics.facts import finding_rank
from hubcensus.metrics.series import METHOD_NOTE


def metrics_reference() -> str:
    out = [
        "# Metrics\n",
        "Generated from the metric registry by `python -m hubcensus.metrics.doc > docs/metrics.md`; a test keeps it "
        "in step. `hubcensus metric NAME --json` prints one metric's headline, its tidy table, the snapshots and "
        "the SQL behind it.\n",
        f"Over-time metrics share one estimate of monthly downloads ({METHOD_NOTE}); see "
        "`src/hubcensus/metrics/series.py`.\n",
        "| spec | metric | chapter | title |",
        "|---|---|---|---|",
    ]
    ordered = sorted(REGISTRY.values(), key=lambda m: finding_rank(m.chapter, m.spec))
    out += [f"| {m.spec} | [`{m.name}`](#{m.name}) | {m.chapter} | {m.title} |" for m in ordered]
    for m in ordered:
        out += [
            "",
            f"## {m.name}",
            "",
            f"**{m.spec} — {m.title}** (chapter: {m.chapter})",
            "",
            f"- Published: {m.published}",
            f"- Definition: {m.definition}",
            f"- Headline keys: {', '.join(f'`{k}`' for k in m.headline_keys)}",
        ]
        if m.out_of_reach:
            out.append(f"- Out of reach of public metadata: {m.out_of_reach}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(metrics_reference(), end="")
