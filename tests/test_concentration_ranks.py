"""C1's rank figures (the top shares and the Lorenz curve) read from the few value groups its query returns agree
with the same figures taken from every model's count sorted in Python, whatever the number of models and ties:
the groups returned are exactly those holding a top or Lorenz rank, and none is missed."""

from __future__ import annotations

import random

import duckdb
import pytest

from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.metrics import concentration
from hubcensus.metrics.base import Context


def _counts(n: int, seed: int, tied: bool) -> list[int]:
    """`n` download counts: with many ties (0, a few round values) and a long tail, as the Hub's are; or all
    different, so that each rank is a group of its own (the 200th largest then holds no Lorenz rank)."""
    rng = random.Random(seed)
    if not tied:
        return rng.sample(range(10 * n), n)
    return [rng.choice([0, 0, 0, 1, 5, 199, 200, 1000, rng.randint(0, 10 ** rng.randint(1, 9))]) for _ in range(n)]


@pytest.mark.parametrize(
    ("n", "tied"), [(1, True), (2, True), (7, True), (99, True), (100, True), (101, True), (1999, True), (1000, False)]
)
def test_rank_figures_from_the_returned_groups_equal_those_of_every_model_sorted(n: int, tied: bool) -> None:
    counts = _counts(n, seed=n, tied=tied)
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest(?::BIGINT[]) AS d", [counts])
    groups = concentration._value_groups(Context(DuckDBEngine(con), None, []), "(SELECT d FROM t)")  # type: ignore[arg-type]
    ascending = sorted(counts)
    assert int(groups[0]["models"]) == n and int(groups[0]["total"]) == sum(counts)
    assert len(groups) <= concentration.TOP_K + concentration.PERCENTS
    assert concentration._top(groups, concentration.TOP_K, n) == sum(ascending[::-1][: concentration.TOP_K])
    assert concentration._top(groups, 1, n) == ascending[-1]
    lorenz = concentration._cumulative(groups, n)
    assert lorenz == {ra: sum(ascending[:ra]) for ra in concentration.lorenz_points(n).values()}
