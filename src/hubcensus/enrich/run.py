"""`hubcensus enrich`: rebuild every derived table from the store, in one transaction.

Enrichment reads `repos`, `authors`, `papers` and the registry, and writes `lineage`,
`lineage_issues`, `model_families`, `model_sizes`, `organisations`, `fortune500` and
`author_attribution`. It is a pure function of those inputs, so running it twice gives the same
tables, and a failure leaves the previous enrichment in place. What comes after it (the metrics'
intermediates kept in the store) is not its business: `hubcensus.pipeline` runs that step inside
the same transaction, through `enrichment`, which leaves the transaction open for the caller's block.

A user's registry files are kept in the store (`user_registry`) the first time they are given,
so a later `ingest` that re-enriches keeps the user's overrides without being told again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hubcensus.enrich.fortune500 import build_fortune500
from hubcensus.enrich.lineage import build_lineage
from hubcensus.enrich.registry import RegistryRow, build_attribution, load_registry, merge_registry
from hubcensus.enrich.sizes import build_sizes
from hubcensus.errors import UserError
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.store import stages
from hubcensus.store.catalog import has_table
from hubcensus.store.connection import Store

USER_REGISTRY_DDL = "CREATE TABLE IF NOT EXISTS user_registry (position INTEGER, name VARCHAR, text VARCHAR)"


@dataclass
class EnrichResult:
    lineage: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    attribution: dict[str, int] = field(default_factory=dict)
    user_registries: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def registry_for(store: Store, files: list[Path] | None) -> tuple[list[RegistryRow], list[str]]:
    """The merged registry: the shipped one with the user's files (given now, or kept from before)."""
    if files:
        return load_registry(files), [str(f) for f in files]
    kept = (
        store.con.execute("SELECT name, text FROM user_registry ORDER BY position").fetchall()
        if has_table(store.con, "main", "user_registry")
        else []
    )
    rows = merge_registry([(text, f"{name} (kept in the store)", f"user:{Path(name).name}") for name, text in kept])
    return rows, [name for name, _ in kept]


@contextmanager
def enrichment(
    store: Store, registry_files: list[Path] | None = None, progress: Progress | None = None, full: bool = False
) -> Iterator[EnrichResult]:
    """Enrich inside a transaction that stays open for the caller's block, which then commits with the
    enrichment or not at all (the pipeline keeps the metrics' intermediates of this data this way).
    Lineage is updated from what the last enrichment kept, for the models that changed; `full` builds it whole."""
    shown = progress or NO_PROGRESS
    if store.read_only:
        raise UserError(f"{store.path}: opened read-only; enrichment writes tables")
    result = EnrichResult()
    registry, result.user_registries = registry_for(store, registry_files)
    con = store.con
    shown.stage("enriching")
    with store.transaction():
        if registry_files:
            con.execute(USER_REGISTRY_DDL)
            con.execute("DELETE FROM user_registry")
            for i, f in enumerate(registry_files):
                con.execute("INSERT INTO user_registry VALUES (?, ?, ?)", [i, str(f), f.read_text(encoding="utf-8")])
        t = time.perf_counter()
        shown.note("lineage and families")
        result.lineage = build_lineage(con, full=full)
        result.seconds["lineage"] = time.perf_counter() - t
        t = time.perf_counter()
        shown.note("parameter counts")
        result.sizes = build_sizes(con, full=full)
        result.seconds["sizes"] = time.perf_counter() - t
        t = time.perf_counter()
        shown.note("who made what")
        result.attribution = build_attribution(con, registry)
        build_fortune500(con)  # the 500 companies and the namespaces matched to them (reads author_attribution)
        result.seconds["attribution"] = time.perf_counter() - t
        stages.mark_enriched(con)
        yield result


def enrich(store: Store, registry_files: list[Path] | None = None, progress: Progress | None = None) -> EnrichResult:
    """Enrichment alone, committed as it ends."""
    with enrichment(store, registry_files, progress) as result:
        return result
