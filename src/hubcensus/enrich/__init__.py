"""Enrichment: lineage and families, parameter counts, and who made what."""

from hubcensus.enrich.run import EnrichResult, enrich

__all__ = ["EnrichResult", "enrich"]
