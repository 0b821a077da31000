"""Lineage and parameter counts updated day by day from what the last build kept (`enrich.lineage_carry`,
`enrich.sizes`) equal a full build.

Each day below changes the graph the way real days do, and the tables an update leaves are compared, row for
row, with the same store enriched with `--full`: a parent that arrives under another case, a parent made
ambiguous by a second spelling, a cycle made and then undone, a model leaving (its children's parents `gone`
without their own fields changing), a malformed card mended, a model moved to another root with everything
below it, a base model given a count its quantization inherits, a snapshot slotted in before the others, a day
forgotten.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from hubcensus import pipeline
from hubcensus.cli import main
from hubcensus.enrich import fingerprints
from hubcensus.sources.snapshot_files import discover
from hubcensus.store import Store
from tests.hubfiles import model, ts, write_snapshot

TABLES = ("lineage", "lineage_issues", "model_families", "model_sizes")


def tag(*parents: str) -> dict:
    return {"tags": [f"base_model:{p}" for p in parents]}


def card(base: object) -> dict:
    return {"cardData": json.dumps({"base_model": base})}


def day1() -> list[dict]:
    return [
        model("org/R"),
        model("u/A", **tag("org/R")),
        model("u/A-GGUF", **tag("u/A")),
        model("u/B", **card("Org/Missing")),  # external until `org/missing` arrives
        model("u/C", **card("ORG/r")),  # case-fixed to org/R until a second spelling makes it ambiguous
        model("c/one", createdAt=ts("2024-03-01T00:00:00"), **tag("c/two")),
        model("c/two", createdAt=ts("2024-02-01T00:00:00"), **tag("c/one")),
        model("m/mal", **card("the base model of my paper")),  # malformed until mended
        model("d/1", **tag("org/R")),
        model("d/2", **tag("d/1")),
        model("d/3-7B", **tag("d/2")),
        model("g/gone"),
        model("u/G", **tag("g/gone")),
        model("u/X", **tag("ext/base")),  # an external parent another model names on day 3
        model("s/base-7B"),  # counted by its name; its quantization inherits the count
        model("s/small-AWQ", **tag("s/base-7B")),
        model("s/other", safetensors={"total": 1000}),
    ]


def day2() -> list[dict]:
    rows = {r["id"]: r for r in day1()}
    del rows["g/gone"]  # u/G's parent is gone; u/G itself is unchanged
    rows["u/A"] = model("u/A", **tag("org/R2"))  # u/A and u/A-GGUF move to another root
    rows["c/two"] = model("c/two", createdAt=ts("2024-02-01T00:00:00"))  # the cycle is undone
    rows["m/mal"] = model("m/mal", **card("org/R"))
    rows["s/base-7B"] = model("s/base-7B", safetensors={"total": 7_241_732_096})  # the AWQ inherits the new count
    rows["s/other"] = model("s/other")  # its count gone
    added = [model("org/R2"), model("org/missing"), model("ORG/R"), model("u/N-GGUF", **tag("d/3-7B"))]
    return [*rows.values(), *added]


def day3() -> list[dict]:
    rows = {r["id"]: r for r in day2()}
    rows["d/2"] = model("d/2", **tag("org/R2"))  # d/2, d/3-7B and u/N-GGUF change family
    added = [model("e/1", **tag("e/2")), model("e/2", **tag("e/1")), model("u/lora", library_name="peft", **tag("e/1"))]
    added.append(model("u/Y", **tag("ext/base")))
    return [*rows.values(), *added]


def tables(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def full_build(db: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    full = tmp_path / "full.duckdb"
    shutil.copy(db, full)
    assert main(["enrich", "--full", "--db", str(full)]) == 0
    return tables(full)


def add(db: Path, folder: Path) -> dict[str, int]:
    """Ingest one snapshot folder and enrich; the lineage counts of that enrich."""
    with Store.open(db) as store:
        done = list(pipeline.run(store, discover(folder)))
    return done[-1].enrichment.lineage


@pytest.fixture()
def hub(tmp_path: Path) -> Path:
    root = tmp_path / "hub"
    for day, rows in (("2026-01-01", day1()), ("2026-01-02", day2()), ("2026-01-03", day3())):
        write_snapshot(root, day, models=rows)
    write_snapshot(root, "2025-12-31", models=[*day1()[:4], model("late/x", **tag("ORG/R"))])
    return root


def test_each_day_updated_equals_a_full_build(hub: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = add(db, hub / "2026-01-01")
    assert first["models_read"] == first["models"] == 17
    assert tables(db) == full_build(db, tmp_path)
    assert first["cycle"] == 1 and first["malformed"] == 1 and first["case_fixed"] == 1

    second = add(db, hub / "2026-01-02")
    # read again: the 3 models whose fields changed and the 4 that arrived (g/gone left the listing, not the store)
    assert second["models_read"] == 7 and second["models"] == 21
    got = tables(db)
    assert got == full_build(db, tmp_path)
    issues = {(i, c, p) for i, c, p, _ in got["lineage_issues"]}
    assert ("gone", "u/G", "g/gone") in issues
    assert ("case_fixed", "u/B", "org/missing") in issues  # u/B did not change; a model arrived that it names
    assert ("external", "u/C", "ORG/r") in issues  # two models are spelled `org/r` now: no longer matched
    assert not any(i == "cycle" for i, *_ in issues)  # c/one's edge, dropped for the cycle, is back
    assert ("c/one", "c/two", "finetune", "default", True) in got["lineage"]
    assert ("u/A-GGUF", "org/R2", 2) in got["model_families"]
    assert ("s/small-AWQ", 7_241_732_096, None, "inherited", "s/base-7B") in got["model_sizes"]

    third = add(db, hub / "2026-01-03")
    assert third["models_read"] == 5
    got = tables(db)
    assert got == full_build(db, tmp_path)
    assert {m for m, r, _ in got["model_families"] if r == "org/R2"} >= {"d/2", "d/3-7B", "u/N-GGUF"}

    add(db, hub / "2025-12-31")  # a snapshot slotted in before the others
    assert tables(db) == full_build(db, tmp_path)
    assert main(["forget", "2026-01-02", "--db", str(db)]) == 0
    assert tables(db) == full_build(db, tmp_path)
    fourth = add(db, hub / "2026-01-02")  # forgotten and ingested again: fields go back to the newest day's
    assert tables(db) == full_build(db, tmp_path)
    assert fourth["models_read"] < fourth["models"]


def test_nothing_changed_reads_no_model_again(hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.duckdb"
    add(db, hub / "2026-01-01")
    capsys.readouterr()
    assert main(["enrich", "--db", str(db)]) == 0
    assert "read again: the 0 of 17 models changed since the last enrich" in capsys.readouterr().out
    with Store.open(db) as store:
        again = pipeline.enrich(store).enrichment.lineage
    assert again["models_read"] == 0 and again["models"] == 17
    assert tables(db) == full_build(db, tmp_path)


def test_a_store_kept_by_other_rules_is_built_whole(hub: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    add(db, hub / "2026-01-01")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE _hc_lineage.meta SET rules = 'another hubcensus'")
    second = add(db, hub / "2026-01-02")
    assert second["models_read"] == second["models"]
    assert tables(db) == full_build(db, tmp_path)


def test_the_rules_digest_follows_the_code_and_sql_not_their_explanation(tmp_path: Path) -> None:
    module = tmp_path / "rules.py"

    def digest(source: str, *sql: str) -> str:
        module.write_text(source, encoding="utf-8")
        return fingerprints.rules_digest(module, sql=sql)

    code = 'def rule(x):\n    """Why."""\n    return x + 1  # the one rule\n'
    kept = digest(code, "SELECT a FROM t")
    assert (
        digest(code.replace("Why.", "Why, said better.").replace("the one rule", "ours"), "SELECT a\n  FROM t") == kept
    )
    assert digest(code.replace("x + 1", "x + 2"), "SELECT a FROM t") != kept
    assert digest(code, "SELECT b FROM t") != kept
