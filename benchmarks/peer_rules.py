"""The rules the peer notebooks (`peer_polars`, `peer_pandas`) apply, as an analyst would copy them from
`hubcensus metric GEO1` / `metric D1` (their `definition` text) into a notebook: data, not code of hubcensus.

The notebooks never import hubcensus; the one curated input they share with it is the registry of who is
who (`src/hubcensus/enrich/data/registry.csv`), read as a CSV file.
"""

from __future__ import annotations

from pathlib import Path

# The shipped registry, read as data by both notebooks.
REGISTRY = Path(__file__).resolve().parents[1] / "src" / "hubcensus" / "enrich" / "data" / "registry.csv"

# GEO1: the labels of the two buckets beside the countries, and the countries with a `<code>_share` headline.
NO_BASE = "international / no clear base"
UNATTRIBUTED = "unattributed"
HEADLINE_COUNTRIES = ("US", "CN", "GB", "DE", "FR")
TOP_COUNTRIES = 5

# D1: a family named by a word is the lineage roots in its namespaces whose id names the word (lower-cased,
# as a word or a word's prefix); by name, every model whose id or a tag names it.
NAMED_FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("qwen", "Qwen", ("Qwen",)),
    ("llama", "Llama", ("meta-llama",)),
    ("deepseek", "DeepSeek", ("deepseek-ai",)),
    ("gemma", "Gemma", ("google",)),
    ("mistral", "Mistral", ("mistralai",)),
)
HEADLINE_FAMILIES = ("qwen", "llama", "deepseek")
GROUPS = {"alibaba": "Alibaba Group", "google": "Alphabet", "meta": "Meta Platforms"}
MIN_DOWNLOADS = 5  # the `_min5` counts keep models with more than this many downloads
R1_FROM = (2025, 1, 20)  # DeepSeek-R1's release; its year is [R1_FROM, R1_TO)
R1_TO = (2026, 1, 20)
NO_NAMESPACE = "(no namespace)"  # a bare parent id such as `gpt2`

# Lineage as read from a listing: `base_model:X` and `base_model:<relation>:X` tags and the card's `base_model`
# (a string or a list); a reference that is not a repo id, or says none, names no parent.
RELATIONS = ("finetune", "adapter", "quantized", "merge")
REPO_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,95})?$"
NO_PARENT = ("none", "null", "~")
MAX_DEPTH = 64  # hubcensus walks the families to this depth


def name_pattern(word: str) -> str:
    """The family word in a lower-cased text: at its start or after a character that is not a letter or digit."""
    return f"(?:^|[^a-z0-9]){word}"


def geo1_headline(labels: dict[str, tuple[int, int]], field: str) -> dict[str, object]:
    """GEO1's headline from the notebook's result, one (models, downloads) per label (a few dozen labels)."""
    total = sum(d for _, d in labels.values())

    def share(label: str) -> float | None:
        return labels[label][1] / total if label in labels and total else (0.0 if total else None)

    countries = sorted(
        (lab for lab, (_, d) in labels.items() if lab not in (NO_BASE, UNATTRIBUTED) and d > 0),
        key=lambda lab: (-labels[lab][1], lab),
    )[:TOP_COUNTRIES]
    return {
        "downloads_field": field,
        "models": sum(n for n, _ in labels.values()),
        "total_downloads": total,
        "top_countries": countries,
        "top_country": countries[0] if countries else None,
        **{f"{c.lower()}_share": share(c) for c in HEADLINE_COUNTRIES},
        "no_base_share": share(NO_BASE),
        "unattributed_share": share(UNATTRIBUTED),
    }


def d1_headline(
    derivatives: tuple[int, int],
    families: dict[str, dict[str, int]],
    developers: dict[str, int],
    field: str,
) -> dict[str, object]:
    """D1's headline keys a notebook reproduces: `derivatives` (all, > 5 downloads), per headline family its
    counts (`direct`, `lineage`, `lineage_min5`, `lineage_r1_year_min5`, `by_name`, `by_name_min5`), and the
    transitive count per developer (registry parent company, else organisation, else namespace)."""
    out: dict[str, object] = {"derivatives": derivatives[0], "derivatives_min5": derivatives[1]}
    for word in HEADLINE_FAMILIES:
        for what in ("direct", "lineage", "by_name", "lineage_min5", "by_name_min5", "lineage_r1_year_min5"):
            out[f"{word}_{what}"] = families.get(word, {}).get(what, 0)
    for short, group in GROUPS.items():
        out[f"{short}_lineage"] = developers.get(group, 0)
    whole = out["google_lineage"] + out["meta_lineage"]  # type: ignore[operator]
    out["alibaba_over_google_plus_meta"] = out["alibaba_lineage"] / whole if whole else None  # type: ignore[operator]
    top = min(developers.items(), key=lambda kv: (-kv[1], kv[0]), default=None)
    out["top_developer"] = top[0] if top else None
    out["top_developer_lineage"] = top[1] if top else None
    out["downloads_field"] = field
    return out
