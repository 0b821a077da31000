"""Which models changed since the last enrichment, by a fingerprint of the fields a derived table reads.

Lineage and parameter counts each keep, in a schema of their own, `inputs (repo_id, fp)` (DuckDB's 64-bit
`hash` of the fields they depend on, per model) and `meta (rules)` (a digest of the code holding their rules,
`rules_digest`). A new enrich compares the fingerprints now with the kept ones and works only on the models
whose fingerprint changed, arrived or left; a schema kept by other rules, or none, means building whole. A
changed model hashing like its old fields (about one chance in 10^19) would keep its old result until `--full`.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hubcensus.store.catalog import has_table


def rules_digest(*modules: Path, sql: Iterable[str] = ()) -> str:
    """The digest of a derived table's rules: the code of the modules holding them, without docstrings and
    comments (an edit of the explanation keeps what was derived), and `sql`, the statements they write for
    the table when a module holds far more than them (whitespace aside)."""
    parts = [code_of(m) for m in modules] + [" ".join(text.split()) for text in sql]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def code_of(module: Path) -> str:
    """A module's code as Python reads it: its syntax tree without docstrings (comments are not in it)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def fingerprint(con: Any, temp: str, fields: str, kind: str = "model") -> int:
    """Fill the temp table `temp (repo_id, fp)` with every repo of `kind`'s `hash(fields)` now; how many repos."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {temp} AS SELECT repo_id, hash({fields}) AS fp FROM repos WHERE kind = '{kind}'"
    )
    return int(con.execute(f"SELECT count(*) FROM {temp}").fetchone()[0])


def kept_by(con: Any, schema: str, digest: str) -> bool:
    """Whether `schema` keeps fingerprints made under these rules."""
    if not has_table(con, schema, "meta"):
        return False
    row = con.execute(f"SELECT rules FROM {schema}.meta").fetchone()
    return row is not None and row[0] == digest


def changed(con: Any, schema: str, now: str, out: str) -> int:
    """Fill the temp table `out (repo_id, moved)`: the models whose fingerprint in `now` differs from the kept
    one, `moved` when the model arrived or left. How many."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        SELECT coalesce(n.repo_id, o.repo_id) AS repo_id, o.repo_id IS NULL OR n.repo_id IS NULL AS moved
        FROM {now} n FULL JOIN {schema}.inputs o USING (repo_id)
        WHERE n.fp IS DISTINCT FROM o.fp
    """)
    return int(con.execute(f"SELECT count(*) FROM {out}").fetchone()[0])


def keep_all(con: Any, schema: str, now: str, digest: str) -> None:
    """Keep every fingerprint in `now`, made under the rules `digest` (after a whole build)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute(f"CREATE OR REPLACE TABLE {schema}.inputs AS SELECT repo_id, fp FROM {now}")
    con.execute(f"CREATE OR REPLACE TABLE {schema}.meta AS SELECT ? AS rules", [digest])


def keep_changed(con: Any, schema: str, now: str, changed_models: str) -> None:
    """Keep the fingerprints in `now` of the models in the temp table `changed_models` (after an update)."""
    which = f"(SELECT repo_id FROM {changed_models})"
    con.execute(f"DELETE FROM {schema}.inputs WHERE repo_id IN {which}")
    con.execute(f"INSERT INTO {schema}.inputs SELECT repo_id, fp FROM {now} WHERE repo_id IN {which}")
