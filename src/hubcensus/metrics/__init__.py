"""The report's findings as named, defined metrics (one module per chapter); see `base` for the contract.

Importing this package registers no metric: `REGISTRY` imports every chapter's module when first read
(`base.Registry`), and `REGISTRY.named` only the one asked for (`index`), so `hubcensus metric C1` loads
one chapter."""

from hubcensus.metrics.base import REGISTRY, Metric, context, run_metric

__all__ = ["REGISTRY", "Metric", "context", "run_metric"]
