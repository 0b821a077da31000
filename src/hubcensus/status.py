"""What a store holds: its snapshots, what each one's files mapped to, the size of every table, and the
metrics' intermediates kept in it (`hubcensus.store.precomputed`)."""

from __future__ import annotations

import json
from typing import Any

from hubcensus.store import precomputed, stages
from hubcensus.store.catalog import has_table
from hubcensus.store.connection import Store

_PLURAL = {"model": "models", "dataset": "datasets", "space": "spaces", "paper": "papers", "author": "authors"}
TABLES = ("snapshots", "snapshot_kinds", "repos", "repo_stats", "papers", "authors")


def status(store: Store) -> dict[str, Any]:
    con = store.con
    snaps = con.execute(
        "SELECT snapshot_id, taken_at, source, source_ref, complete FROM snapshots ORDER BY snapshot_id"
    ).fetchall()
    kinds = con.execute("SELECT snapshot_id, kind, rows, duplicates, mapped FROM snapshot_kinds").fetchall()
    stage_of = stages.by_snapshot(con)
    out = []
    for sid, taken_at, source, ref, complete in snaps:
        entry: dict[str, Any] = {
            "snapshot_id": sid,
            "taken_at": taken_at.isoformat(),
            "stage": stage_of.get(sid, "ingested"),
            "source": source,
            "source_ref": ref,
            "complete": complete,
            "models": 0,
            "datasets": 0,
            "spaces": 0,
            "papers": 0,
            "quarantined": 0,  # values validation left out (store/validate.py); by field and why under mapped
            "mapped": {},
        }
        for ksid, kind, rows, dups, mapped in kinds:
            if ksid != sid:
                continue
            entry[_PLURAL[kind]] = rows
            info = json.loads(mapped)
            info["duplicates"] = dups
            entry["quarantined"] += sum(info.get("quarantined", {}).values())
            entry["mapped"][kind] = info
        out.append(entry)
    rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    return {
        "lineage_issues": lineage_issues(store),
        "store": str(store.path),
        "schema_version": store.schema_version(),
        "snapshots": out,
        "stale": stages.stale_warning(con, store.path),
        "rows": rows,
        "precomputed": [
            {**t, "built_at": t["built_at"].isoformat(sep=" ", timespec="seconds")} for t in precomputed.listing(con)
        ],
    }


def lineage_issues(store: Store) -> dict[str, int] | None:
    """What enrichment found wrong with the stated parents, by issue (`malformed` references the
    cleaning could not read as repo ids, cycles broken, parents outside the store…); None before the
    store is enriched, when nothing has looked yet (not "no issues")."""
    con = store.con
    if not has_table(con, "main", "lineage_issues"):
        return None
    counts = dict(con.execute("SELECT issue, count(*) FROM lineage_issues GROUP BY issue ORDER BY issue").fetchall())
    counts.setdefault("malformed", 0)
    return dict(sorted(counts.items()))


def mapping_lines(entry: dict[str, Any]) -> list[str]:
    """One readable line per kind: which source field each store column came from, what was absent."""
    lines: list[str] = []
    notes: list[str] = []
    for kind, info in sorted(entry["mapped"].items()):
        renamed = {k: v for k, v in info["mapped"].items() if k != v}
        parts = [f"{k}←{v}" for k, v in sorted(renamed.items())]
        line = f"{kind}: " + (", ".join(parts) if parts else "all fields under their store names")
        if info.get("missing"):
            line += f"; absent: {', '.join(info['missing'])}"
        if info.get("duplicates"):
            line += f"; {info['duplicates']} duplicate ids dropped"
        if info.get("quarantined"):
            line += (
                f"; {sum(info['quarantined'].values()):,} values quarantined (left out, the rows kept: see the note)"
            )
        lines.append(line)
        notes += [n for n in info.get("notes", []) if n not in notes]
    return lines + [f"note: {n}" for n in notes]
