"""`hubcensus tree MODEL`: one model's place in its family and the subtree below it.

`descendants` counts every model below MODEL through the whole lineage, each once, however many
paths lead to it. A descendant is counted under one relation in `by_relation`: the relation of
its own edge into the subtree; when it hangs under the subtree by edges of different relations
(rare: a merge of a fine-tune and a quantization), the first of merge, quantized, adapter,
finetune wins.
"""

from __future__ import annotations

from typing import Any

import duckdb

from hubcensus.errors import UserError
from hubcensus.store.catalog import has_table

_REL_ORDER = "CASE relation WHEN 'merge' THEN 0 WHEN 'quantized' THEN 1 WHEN 'adapter' THEN 2 ELSE 3 END"


def _require(con: duckdb.DuckDBPyConnection) -> None:
    if not has_table(con, "main", "lineage"):
        raise UserError("the store has no lineage yet: run `hubcensus enrich` first")


def resolve_model(con: duckdb.DuckDBPyConnection, model: str) -> str:
    """The model id as the store spells it (exact, else the one case-insensitive match)."""
    for sql in (
        "SELECT node FROM (SELECT model_id AS node FROM model_families) WHERE node = ? LIMIT 1",
        "SELECT DISTINCT model_id FROM model_families WHERE lower(model_id) = lower(?)",
    ):
        rows = con.execute(sql, [model]).fetchall()
        if len(rows) == 1:
            return rows[0][0]
    raise UserError(f"{model}: no such model in the store (nor among the parents its models name)")


def tree(con: duckdb.DuckDBPyConnection, model: str, top: int = 10) -> dict[str, Any]:
    _require(con)
    model = resolve_model(con, model)
    roots = con.execute(
        "SELECT root_id, depth FROM model_families WHERE model_id = ? ORDER BY depth, root_id", [model]
    ).fetchall()
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _sub AS
        WITH RECURSIVE walk(node, via, relation) AS (
            SELECT child_id, child_id, relation FROM lineage WHERE parent_id = $m
            UNION
            SELECT l.child_id, w.via, l.relation FROM walk w JOIN lineage l ON l.parent_id = w.node
        )
        SELECT node, via, relation FROM walk WHERE node <> $m
        """,
        {"m": model},
    )
    descendants = con.execute("SELECT count(DISTINCT node) FROM _sub").fetchone()[0]
    by_relation = dict(
        con.execute(
            f"SELECT relation, count(*) FROM (SELECT node, arg_min(relation, {_REL_ORDER}) AS relation FROM _sub GROUP BY node) "
            "GROUP BY relation ORDER BY relation"
        ).fetchall()
    )
    children = con.execute(
        f"""
        WITH latest AS (
            SELECT repo_id, arg_max(downloads_all_time, snapshot_id) AS all_time, arg_max(downloads_30d, snapshot_id) AS d30
            FROM repo_stats WHERE kind = 'model' AND NOT deleted GROUP BY repo_id
        ),
        direct AS (SELECT child_id, relation FROM lineage WHERE parent_id = $m),
        below AS (SELECT via, count(DISTINCT node) - 1 AS n FROM _sub GROUP BY via)
        SELECT d.child_id, d.relation, coalesce(b.n, 0) AS descendants, l.d30, l.all_time
        FROM direct d LEFT JOIN below b ON b.via = d.child_id LEFT JOIN latest l ON l.repo_id = d.child_id
        ORDER BY descendants DESC, coalesce(l.all_time, l.d30, 0) DESC, d.child_id
        LIMIT {int(top)}
        """,
        {"m": model},
    ).fetchall()
    n_children = con.execute("SELECT count(*) FROM lineage WHERE parent_id = ?", [model]).fetchone()[0]
    parents = con.execute(
        "SELECT parent_id, relation, decided_by FROM lineage WHERE child_id = ? ORDER BY parent_id", [model]
    ).fetchall()
    con.execute("DROP TABLE _sub")
    return {
        "model": model,
        "root": roots[0][0] if roots else model,
        "depth": roots[0][1] if roots else 0,
        "roots": [r[0] for r in roots],
        "parents": [{"model": p, "relation": r, "decided_by": d} for p, r, d in parents],
        "children": n_children,
        "descendants": descendants,
        "by_relation": by_relation,
        "top_children": [
            {"model": c, "relation": r, "descendants": n, "downloads_30d": d30, "downloads_all_time": at}
            for c, r, n, d30, at in children
        ],
    }
