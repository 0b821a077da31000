"""The metrics' intermediates that `enrich` keeps in the store: used when current, never when stale.

On the session's demo store (conftest.py's `demo_db`): a test that writes to it writes to a copy.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.engines.open import open_engine
from hubcensus.metrics import tag_carry
from hubcensus.metrics.base import context
from hubcensus.metrics.run import compute_metrics
from hubcensus.output import dumps
from hubcensus.store import Store, precomputed


def _copy(db: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy.duckdb"
    shutil.copy(db, dst)
    return dst


def _metrics(db: Path, as_of: dt.date | None = None) -> tuple[str, list[str]]:
    with open_engine(db) as engine:
        assert isinstance(engine, DuckDBEngine)
        text = dumps(compute_metrics(engine, as_of=as_of))
        return text, engine.reused


def test_enrich_keeps_the_intermediates_and_every_metric_reads_them(demo_db: Path, tmp_path: Path) -> None:
    with Store.open(demo_db, read_only=True) as store:
        kept = precomputed.usable(store.con)
    assert {"_hc_stats_model_", "_hc_monthly_model_", "_hc_hardware_hits_", "_hc_sizes"} <= {
        name.rstrip("0123456789_") + ("_" if name[-1].isdigit() else "") for name in kept
    }
    with_kept, reused = _metrics(demo_db)
    # what tags say is kept for the other dates: at the newest, the answers reading it are kept themselves
    assert set(reused) == set(kept) - set(tag_carry.TABLES), "every kept table is one a default run asks for"
    # The same figures, to the byte, from a store that keeps none.
    bare = _copy(demo_db, tmp_path)
    con = duckdb.connect(str(bare))
    precomputed.drop(con)
    con.close()
    without, reused_bare = _metrics(bare)
    assert reused_bare == []
    assert with_kept == without


def test_a_run_at_an_older_date_reads_what_tags_say_kept_for_every_date(demo_db: Path, tmp_path: Path) -> None:
    """D1's family-name flags and C2's memberships depend on no date: a run as of an older snapshot, which
    finds no kept answer, reads them instead of running the regexes over every tag, with the same figures."""
    with Store.open(demo_db, read_only=True) as store:
        [older] = store.con.execute("SELECT min(taken_at) FROM snapshots").fetchone()
    with_kept, reused = _metrics(demo_db, older)
    assert set(tag_carry.TABLES) <= set(reused)
    bare = _copy(demo_db, tmp_path)
    con = duckdb.connect(str(bare))
    precomputed.drop(con)
    con.close()
    without, reused_bare = _metrics(bare, older)
    assert reused_bare == [] and with_kept == without


def test_kept_answers_spare_a_run_their_large_inputs(demo_db: Path, tmp_path: Path) -> None:
    """The metrics whose answers are kept whole (`precompute.KEPT_ANSWERS`): the store keeps those answers
    but not the present models or C2's memberships they are computed from (written to the store those cost
    more than they save), and a run reading the answers builds neither; a store keeping nothing builds both."""
    transient = ("_hc_alive_", "_hc_c2_members_")
    with Store.open(demo_db, read_only=True) as store:
        kept = set(precomputed.usable(store.con))
    answers = {"_hc_geo4_", "_hc_d1_", "_hc_a1_", "_hc_a3_", "_hc_a4_", "_hc_c2_", "_hc_s1_", "_hc_s2_"}
    assert answers <= {m.group(0) for name in kept for m in [re.match(r"_hc_[a-z0-9]+_", name)] if m}
    assert not [name for name in kept if name.startswith(transient)]
    with open_engine(demo_db) as engine:
        assert isinstance(engine, DuckDBEngine)
        compute_metrics(engine)
        assert not [name for name in engine.materialized if name.startswith(transient)], engine.materialized
    bare = _copy(demo_db, tmp_path)
    con = duckdb.connect(str(bare))
    precomputed.drop(con)
    con.close()
    with open_engine(bare) as engine:
        compute_metrics(engine)
        built = {name for name in engine.materialized if name.startswith(transient)}
    assert {name.startswith("_hc_c2_members_") for name in built} == {True, False}


def test_a_kept_answer_is_named_by_what_it_reads_too(demo_db: Path) -> None:
    """The same answer SQL over an input defined otherwise (a newer hubcensus) is another table: a store
    keeping the old one is never read for it."""
    sql = "SELECT count(*) AS n FROM (SELECT * FROM _hc_test_input) i"
    answers = []
    for definition in ("(SELECT 1 AS x)", "(SELECT 1 AS x UNION ALL SELECT 2 AS x)"):
        with Store.open(demo_db, read_only=True) as store:
            engine = DuckDBEngine(store.con)
            [row] = context(engine).kept_rows("test", sql, needs=(("_hc_test_input", definition),))
            answers.append((row["n"], [t for t in engine.materialized if t.startswith("_hc_test_")]))
    assert [n for n, _ in answers] == [1, 2]
    assert answers[0][1] != answers[1][1] and all(len(names) == 2 for _, names in answers)


def test_any_write_to_the_store_drops_them(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    with Store.open(db) as store:
        assert precomputed.usable(store.con)
        with store.transaction() as con:
            con.execute("UPDATE repos SET pipeline_tag = 'text-generation' WHERE pipeline_tag IS NULL")
        assert precomputed.usable(store.con) == {}
        assert precomputed.listing(store.con) == []
    _, reused = _metrics(db)
    assert reused == []
    # enrich builds them again, current
    assert main(["enrich", "--db", str(db)]) == 0
    with Store.open(db, read_only=True) as store:
        assert precomputed.usable(store.con)
        assert all(t["current"] for t in precomputed.listing(store.con))


def test_a_failed_write_keeps_them(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    with Store.open(db) as store:
        before = precomputed.usable(store.con)
        with pytest.raises(RuntimeError), store.transaction() as con:
            con.execute("DELETE FROM repos")
            raise RuntimeError("interrupted")
        assert precomputed.usable(store.con) == before


def test_rows_changed_outside_hubcensus_are_noticed(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy(demo_db, tmp_path)
    con = duckdb.connect(str(db))  # a hand edit: five models' statistics replaced by other figures
    con.execute("CREATE TEMP TABLE edited AS SELECT * FROM repo_stats WHERE kind = 'model' LIMIT 5")
    con.execute("DELETE FROM repo_stats WHERE (repo_id, snapshot_id) IN (SELECT (repo_id, snapshot_id) FROM edited)")
    con.execute("UPDATE edited SET downloads_all_time = coalesce(downloads_all_time, 0) + 1000000")
    con.execute("INSERT INTO repo_stats SELECT * FROM edited")
    con.close()
    with Store.open(db, read_only=True) as store:
        assert precomputed.usable(store.con) == {}
        assert precomputed.listing(store.con) and not any(t["current"] for t in precomputed.listing(store.con))
    _, reused = _metrics(db)
    assert reused == []
    assert main(["status", "--db", str(db)]) == 0
    assert "out of date" in capsys.readouterr().out


def test_other_sql_for_a_kept_name_builds_its_own_table(demo_db: Path) -> None:
    with Store.open(demo_db, read_only=True) as store:
        name = next(n for n in precomputed.usable(store.con) if n.startswith("_hc_stats_model_"))
        engine = DuckDBEngine(store.con)
        engine.materialize(name, "(SELECT 'x' AS repo_id)")  # a changed definition, as a newer hubcensus might have
        assert engine.reused == []
        assert store.con.execute(f"SELECT * FROM {name}").fetchall() == [("x",)]


def test_the_lake_and_status_show_them_apart(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lake = tmp_path / "lake"
    assert main(["export", "--db", str(demo_db), "--lake", str(lake)]) == 0
    assert not [p for p in lake.rglob("*") if "_hc_" in p.name]
    capsys.readouterr()
    assert main(["status", "--db", str(demo_db), "--json"]) == 0
    import json

    doc = json.loads(capsys.readouterr().out)
    assert doc["precomputed"] and all(t["current"] for t in doc["precomputed"])
    with Store.open(demo_db, read_only=True) as store:  # each table's count is its rows
        held = {
            t["name"]: store.con.execute(f"SELECT count(*) FROM {precomputed.SCHEMA}.{t['name']}").fetchone()[0]
            for t in doc["precomputed"]
        }
    assert {t["name"]: t["rows"] for t in doc["precomputed"]} == held and any(held.values())
    assert main(["status", "--db", str(demo_db)]) == 0
    assert "precomputed intermediates:" in capsys.readouterr().out


def test_a_connection_that_shadows_the_data_reads_none(demo_db: Path) -> None:
    # The explorer's filters are temporary views named like the data tables: the same SQL reads other rows.
    with Store.open(demo_db, read_only=True) as store:
        cur = store.con.cursor()
        assert precomputed.usable(cur)
        cur.execute("CREATE TEMP VIEW repos AS SELECT * FROM main.repos WHERE author = 'nobody'")
        assert precomputed.usable(cur) == {}
        cur.close()
        assert precomputed.usable(store.con), "another cursor of the same store is unaffected"


class _Recording:
    """The store's own connection, with every statement sent through it noted."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.sent = con, []

    def execute(self, sql: str, *args: object) -> duckdb.DuckDBPyConnection:
        self.sent.append(sql)
        return self.con.execute(sql, *args)


def test_the_check_reads_the_catalog_not_the_data(demo_db: Path) -> None:
    """Opening a store for one question costs the same at any scale: deciding whether the kept tables are
    current reads DuckDB's catalog and the index of kept tables, never a data table's rows."""
    with Store.open(demo_db, read_only=True) as store:
        data_tables = [
            r[0]
            for r in store.con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
        ]
        recording = _Recording(store.con)
        assert precomputed.usable(recording)
    read = " ".join(recording.sent)
    assert data_tables and not [t for t in data_tables if re.search(rf"\b{t}\b", read)], recording.sent
    assert len(recording.sent) <= 4, recording.sent


def test_rows_added_outside_hubcensus_after_enrich_are_noticed(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path)
    with Store.open(db, read_only=True) as store:
        assert precomputed.usable(store.con)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO lineage_issues SELECT * FROM lineage_issues LIMIT 1")
    con.close()
    with Store.open(db, read_only=True) as store:
        assert precomputed.usable(store.con) == {}
