"""The report's findings as named, defined metrics (one module per chapter); see `base` for the contract."""

from hubcensus.metrics import adoption, communities, concentration, derivatives, geography, growth, hardware, papers, popularity  # noqa: F401  (registers the metrics)
from hubcensus.metrics.base import REGISTRY, DuckDBEngine, Metric, context, run_metric

__all__ = ["REGISTRY", "DuckDBEngine", "Metric", "context", "run_metric"]
