"""Which module registers each metric, so that a question about one metric imports that metric's module only.

A metric is registered when its module is imported (`base.metric`); reading `base.REGISTRY` imports every
module listed here first, so the registry is whole whoever reads it. `hubcensus metric C1` instead asks
`base.REGISTRY.named("C1")`, which imports `concentration` alone: importing every chapter (and what they
import: the enrichment's rules, Fortune 500 lists) was a tenth of a one-metric run before its first SQL.

Written by hand, in the order the chapters were always registered (which is `REGISTRY`'s order);
`tests/test_metrics_index.py` checks it against the registry that importing every module under
`hubcensus.metrics` builds, so a metric added, renamed or moved without its line here fails there.
"""

from __future__ import annotations

# (SPEC id, name, the module that registers it)
METRICS: tuple[tuple[str, str, str], ...] = (
    ("A1", "relative_adoption", "hubcensus.metrics.adoption"),
    ("A2", "engagement_lifetime", "hubcensus.metrics.adoption"),
    ("A3", "downloaded_model_size", "hubcensus.metrics.adoption"),
    ("A4", "family_size_span", "hubcensus.metrics.adoption"),
    ("C2", "sub_ecosystems", "hubcensus.metrics.communities"),
    ("S1", "dataset_category_growth", "hubcensus.metrics.communities"),
    ("S2", "science_releases", "hubcensus.metrics.communities"),
    ("C1", "download_concentration", "hubcensus.metrics.concentration"),
    ("D1", "derivatives_by_family", "hubcensus.metrics.derivatives"),
    ("GEO4", "intermediary_share", "hubcensus.metrics.derivatives"),
    ("GEO1", "downloads_by_country", "hubcensus.metrics.geography.countries"),
    ("GEO2", "country_share_monthly", "hubcensus.metrics.geography.over_time"),
    ("GEO3", "developer_type_share", "hubcensus.metrics.geography.over_time"),
    ("P1", "fortune500_presence", "hubcensus.metrics.geography.presence"),
    ("P2", "bigtech_repo_growth", "hubcensus.metrics.geography.presence"),
    ("GEO6", "org_release_growth", "hubcensus.metrics.geography.releases"),
    ("GEO5", "trending_by_entity", "hubcensus.metrics.geography.trending"),
    ("G1", "hub_growth", "hubcensus.metrics.growth"),
    ("G2", "derivative_share", "hubcensus.metrics.growth"),
    ("H1", "hardware_targets", "hubcensus.metrics.hardware"),
    ("POP2", "paper_upvotes_by_org", "hubcensus.metrics.papers"),
    ("POP3", "papers_with_artifacts", "hubcensus.metrics.papers"),
    ("POP1", "most_liked", "hubcensus.metrics.popularity"),
)


def is_called(name: str, spec: str, metric_name: str) -> bool:
    """Whether `name`, as a user typed it, names the metric `metric_name` of SPEC id `spec`: its name, or its
    SPEC id in any case (`c1` is C1)."""
    return name in (metric_name, spec) or name.upper() == spec


def modules() -> list[str]:
    """Every module that registers a metric, each once, in registration order."""
    return list(dict.fromkeys(module for _, _, module in METRICS))


def modules_for(name: str) -> list[str]:
    """The module(s) registering the metric(s) `name` names (`is_called`); none for a name the index lacks."""
    return list(dict.fromkeys(module for spec, known, module in METRICS if is_called(name, spec, known)))


def order() -> dict[str, int]:
    """Each metric's place in registration order, by name."""
    return {known: i for i, (_, known, _) in enumerate(METRICS)}
