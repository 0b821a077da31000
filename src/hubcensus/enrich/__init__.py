"""Enrichment: lineage and families, parameter counts, and who made what (`hubcensus.enrich.run`).

Nothing is imported here: a metric reads a rule or two of this package (a size bucket, the registry's
no-base list) and should not pay for importing the enrichment itself at start-up.
"""
