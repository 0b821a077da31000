"""The report's findings as named, defined metrics (one module per chapter); see `base` for the contract."""

# importing each chapter's module registers its metrics
from hubcensus.metrics import (  # noqa: F401
    adoption,
    communities,
    concentration,
    derivatives,
    geography,
    growth,
    hardware,
    papers,
    popularity,
)
from hubcensus.metrics.base import REGISTRY, Metric, context, run_metric

__all__ = ["REGISTRY", "Metric", "context", "run_metric"]
