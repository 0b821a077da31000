"""Metric SQL as Spark runs it: translated by sqlglot, and the `WITH` entries a statement names more than once
computed first.

Spark inlines every deterministic `WITH` entry at each place it is named, so a query that names an entry
three times computes it three times, and an entry named by entries that are themselves named several
times multiplies: D1's lineage counts, a few dozen lines of SQL, became a plan of some 1,900 shuffles
(28 s on the 3,000-model demo, against 2 s in DuckDB, which computes such an entry once). So each entry
the statement names more than once is cached as a temp table of its own before the statement runs,
and the statement reads that table. The SQL the metrics write, and so every figure, is unchanged: only
the order Spark computes it in is.

An entry that only renames columns of one table (`alive AS (SELECT * FROM _hc_alive_…)`) is left
inline: reading it costs what reading its table costs, and a copy would cost a job. A recursive
`WITH`, or an entry name that a nested `WITH` reuses, leaves the statement as it is.
"""

from __future__ import annotations

import functools
from typing import Any

from hubcensus.errors import UserError

INSTALL_SPARK = "pip install 'hubcensus[spark]'"
# Stands for the temp table of the statement's i-th cached entry until the engine names it.
PLACEHOLDER = "__hc_step_{}__"


def _sqlglot() -> Any:
    try:
        import sqlglot
    except ImportError:
        raise UserError(f"--engine spark needs sqlglot: {INSTALL_SPARK}") from None
    return sqlglot


def _untranslatable(exc: Exception, sql: str) -> AssertionError:
    return AssertionError(f"metric SQL has no Spark translation: {exc}\n{sql}")


@functools.lru_cache(maxsize=4096)
def to_spark(sql: str) -> str:
    """One query from the metrics' dialect (DuckDB) to Spark SQL; a construct with no translation is an error."""
    sqlglot = _sqlglot()
    from sqlglot.errors import ErrorLevel, SqlglotError

    try:
        out = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)
    except SqlglotError as exc:
        raise _untranslatable(exc, sql) from None
    if len(out) != 1:
        raise AssertionError(f"expected one statement, got {len(out)}:\n{sql}")
    return out[0]


@functools.lru_cache(maxsize=4096)
def spark_steps(sql: str) -> tuple[tuple[str, ...], str]:
    """(the cached entries' queries, in order; the statement), all in Spark SQL. The i-th entry's table is
    named `PLACEHOLDER.format(i)` in the entries after it and in the statement, for the engine to replace
    with a name of its own. With nothing to cache, the statement is `to_spark(sql)`."""
    sqlglot = _sqlglot()
    from sqlglot import exp
    from sqlglot.errors import ErrorLevel, SqlglotError

    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except SqlglotError as exc:
        raise _untranslatable(exc, sql) from None
    query = tree
    while isinstance(query, (exp.Subquery, exp.Paren)):
        query = query.this
    key = "with_" if "with_" in query.arg_types else "with"
    with_ = query.args.get(key)
    ctes = list(with_.expressions) if isinstance(with_, exp.With) else []
    cached = _named_twice(query, ctes) if ctes and not with_.args.get("recursive") else []

    if not cached:
        return (), to_spark(sql)

    def spark(node: exp.Expression) -> str:
        try:
            return node.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
        except SqlglotError as exc:
            raise _untranslatable(exc, sql) from None

    table_of = {name: PLACEHOLDER.format(i) for i, name in enumerate(cached)}
    for ref in list(query.find_all(exp.Table)):
        if _is_ref(ref) and ref.name in table_of:
            if not ref.alias:  # `FROM fam` then `fam.col`: the cached table goes by the entry's name
                ref.set("alias", exp.TableAlias(this=exp.to_identifier(ref.name)))
            ref.set("this", exp.to_identifier(table_of[ref.name]))
    inline = [c for c in ctes if c.alias not in table_of]
    steps = []
    for cte in ctes:
        if cte.alias in table_of:
            body = cte.this
            needs = _inline_needed(body, inline)
            if needs:
                steps.append(f"WITH {', '.join(spark(c) for c in needs)} SELECT * FROM ({spark(body)}) AS _step")
            else:
                steps.append(spark(body))
    query.set(key, None)
    kept = _inline_needed(query, inline)  # an entry only the cached ones named is computed there
    if kept:
        with_.set("expressions", kept)
        query.set(key, with_)
    return tuple(steps), spark(tree)


def _is_ref(table: Any) -> bool:
    """A table named without a schema or catalog: what a `WITH` entry's name can stand for."""
    return not table.args.get("db") and not table.args.get("catalog")


def _named_twice(query: Any, ctes: list[Any]) -> list[str]:
    """The entries of `ctes` that `query` names more than once, unless one is only a column renaming."""
    from sqlglot import exp

    names = {c.alias for c in ctes}
    top = {id(c) for c in ctes}
    if any(c.alias in names and id(c) not in top for c in query.find_all(exp.CTE)):
        return []  # a nested `WITH` reuses a name: which entry a reference means is left to Spark
    count = dict.fromkeys(names, 0)
    for ref in query.find_all(exp.Table):
        if _is_ref(ref) and ref.name in count:
            count[ref.name] += 1
    return [c.alias for c in ctes if count[c.alias] > 1 and not _renames_a_table(c.this, names)]


def _renames_a_table(body: Any, ctes: set[str]) -> bool:
    """`SELECT a, b AS c FROM t` (or from such a subquery over a table) with t not a `WITH` entry."""
    from sqlglot import exp

    if not isinstance(body, exp.Select):
        return False
    clauses = ("joins", "where", "group", "having", "qualify", "order", "limit", "distinct", "windows", "with_", "with")
    if any(body.args.get(c) for c in clauses):
        return False
    if not all(
        isinstance(e, (exp.Column, exp.Star)) or (isinstance(e, exp.Alias) and isinstance(e.this, exp.Column))
        for e in body.expressions
    ):
        return False
    source = body.args.get("from_") or body.args.get("from")
    inner = source.this if source is not None else None
    if isinstance(inner, exp.Table):
        return not (_is_ref(inner) and inner.name in ctes)
    if isinstance(inner, exp.Subquery):
        return _renames_a_table(inner.this, ctes)
    return False


def _inline_needed(body: Any, inline: list[Any]) -> list[Any]:
    """The inline entries `body` names, directly or through other inline entries, in their `WITH` order."""
    from sqlglot import exp

    by_name = {c.alias: c for c in inline}
    wanted: set[str] = set()
    todo = [body]
    while todo:
        node = todo.pop()
        for ref in node.find_all(exp.Table):
            if _is_ref(ref) and ref.name in by_name and ref.name not in wanted:
                wanted.add(ref.name)
                todo.append(by_name[ref.name].this)
    return [c for c in inline if c.alias in wanted]
