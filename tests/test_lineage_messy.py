"""Parent references as real cards write them (#17): cleaned like a careful reader would, what is still
not a repo id set aside as `malformed` (never a node), and a cycle broken by one edge."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.enrich.lineage import build_lineage
from hubcensus.sources.snapshot_files import discover
from hubcensus.status import status
from hubcensus.store import Store
from hubcensus.store.ingest import ingest
from tests.hubfiles import model, ts, write_snapshot
from tests.worlds import REAL


def store_with(tmp_path: Path, models: list[dict]) -> Store:
    write_snapshot(tmp_path / "hub", "2026-01-01", models=models)
    store = Store.open(tmp_path / "s.duckdb")
    ingest(store, discover(tmp_path / "hub" / "2026-01-01"))
    with store.transaction():
        build_lineage(store.con)
    return store


def edges(store: Store) -> list[tuple]:
    return store.con.execute("SELECT child_id, parent_id, parent_known FROM lineage ORDER BY 1, 2").fetchall()


def issues(store: Store, kind: str) -> list[tuple]:
    return store.con.execute(
        "SELECT child_id, parent_id, detail FROM lineage_issues WHERE issue = ? ORDER BY 1, 2, 3", [kind]
    ).fetchall()


def card(base: object) -> str:
    return json.dumps({"base_model": base})


@pytest.mark.parametrize(
    "written",
    [
        "- Qwen/Qwen2.5-7B",  # YAML list written as text
        "-Qwen/Qwen2.5-7B",
        "['Qwen/Qwen2.5-7B']",  # a Python list printed
        '["Qwen/Qwen2.5-7B"]',
        "'Qwen/Qwen2.5-7B'",
        '"Qwen/Qwen2.5-7B"',
        "https://huggingface.co/Qwen/Qwen2.5-7B",
        "https://huggingface.co/Qwen/Qwen2.5-7B/tree/main",
        "https://huggingface.co/Qwen/Qwen2.5-7B/blob/main/config.json",
        "huggingface.co/Qwen/Qwen2.5-7B",
        "https://hf.co/Qwen/Qwen2.5-7B",
        "Qwen/Qwen2.5-7B/",
        "  Qwen/Qwen2.5-7B \n",
        "qwen/qwen2.5-7b",  # another case than the id the store holds
        "- 'https://huggingface.co/qwen/Qwen2.5-7B/'",  # all at once
    ],
)
def test_a_messy_reference_is_read_as_the_model_it_names(tmp_path: Path, written: str) -> None:
    s = store_with(tmp_path, [model("Qwen/Qwen2.5-7B"), model("u/ft", cardData=card(written))])
    assert edges(s) == [("u/ft", "Qwen/Qwen2.5-7B", True)]
    assert issues(s, "malformed") == []
    nodes = {r[0] for r in s.con.execute("SELECT model_id FROM model_families").fetchall()}
    assert nodes == {"Qwen/Qwen2.5-7B", "u/ft"}  # no `- Qwen/…` or `['Qwen/…']` phantom root


def test_a_list_written_as_text_gives_each_parent(tmp_path: Path) -> None:
    models = [model("a/one"), model("b/two")]
    for i, written in enumerate(["- a/one\n- b/two", "['a/one', 'b/two']", '["a/one","b/two"]']):
        models.append(model(f"u/m{i}", cardData=card(written)))
    s = store_with(tmp_path, models)
    assert edges(s) == [(f"u/m{i}", p, True) for i in range(3) for p in ("a/one", "b/two")]
    rels = s.con.execute("SELECT DISTINCT relation FROM lineage").fetchall()
    assert rels == [("merge",)]


def test_references_in_a_list_and_in_the_api_are_cleaned_too(tmp_path: Path) -> None:
    s = store_with(
        tmp_path,
        [
            model("a/one"),
            model("u/x", cardData=card(["- a/one ", "https://huggingface.co/a/one"])),
            model("u/y", tags=["base_model:https://huggingface.co/a/one"]),
        ],
    )
    assert edges(s) == [("u/x", "a/one", True), ("u/y", "a/one", True)]
    assert ("u/x", "a/one", "written as - a/one ") in issues(s, "cleaned")


def test_an_empty_list_states_no_parent(tmp_path: Path) -> None:
    s = store_with(tmp_path, [model("u/x", cardData=card("[]")), model("u/y", cardData=card([]))])
    assert edges(s) == []
    assert issues(s, "malformed") == []


@pytest.mark.parametrize(
    "written", ["see the paper", "https://github.com/org/repo", "Qwen 2.5 7B", "a/b/c/d", "['a/b c']"]
)
def test_what_is_still_not_a_repo_id_is_malformed_and_never_a_node(tmp_path: Path, written: str) -> None:
    s = store_with(tmp_path, [model("a/b"), model("u/x", cardData=card(written))])
    assert edges(s) == []
    assert issues(s, "malformed") == [("u/x", None, written)]
    nodes = {r[0] for r in s.con.execute("SELECT model_id FROM model_families").fetchall()}
    assert nodes == {"a/b", "u/x"}


def test_malformed_references_are_counted_in_status(tmp_path: Path) -> None:
    s = store_with(
        tmp_path,
        [model("a/b"), model("u/x", cardData=card("see the paper")), model("u/y", cardData=card("- a/b"))],
    )
    doc = status(s)
    assert doc["lineage_issues"]["malformed"] == 1
    assert doc["lineage_issues"]["cleaned"] == 1


def test_status_of_a_store_never_enriched_says_nothing_was_looked_at(tmp_path: Path) -> None:
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/b")])
    with Store.open(tmp_path / "s.duckdb") as s:
        ingest(s, discover(tmp_path / "hub" / "2026-01-01"))
        assert status(s)["lineage_issues"] is None


def test_a_three_model_cycle_loses_one_edge_into_its_earliest_member(tmp_path: Path) -> None:
    # a -> b -> c -> a (child -> parent); b was created first, so b is the original: its edge from a goes.
    s = store_with(
        tmp_path,
        [
            model("x/a", createdAt=ts("2024-03-01T00:00:00"), tags=["base_model:x/b"]),
            model("x/b", createdAt=ts("2024-01-01T00:00:00"), tags=["base_model:x/c"]),
            model("x/c", createdAt=ts("2024-02-01T00:00:00"), tags=["base_model:x/a"]),
            model("x/d", createdAt=ts("2024-04-01T00:00:00"), tags=["base_model:x/a"]),
        ],
    )
    assert [(c, p) for c, p, _ in issues(s, "cycle")] == [("x/b", "x/c")]
    assert edges(s) == [("x/a", "x/b", True), ("x/c", "x/a", True), ("x/d", "x/a", True)]
    roots = s.con.execute("SELECT DISTINCT root_id FROM model_families").fetchall()
    assert roots == [("x/b",)]


def test_two_loops_through_one_model_lose_one_edge_each(tmp_path: Path) -> None:
    # a <-> b and a <-> c: a is the earliest, so both edges into a go and b, c hang under it.
    s = store_with(
        tmp_path,
        [
            model("x/a", createdAt=ts("2024-01-01T00:00:00"), tags=["base_model:x/b", "base_model:x/c"]),
            model("x/b", createdAt=ts("2024-02-01T00:00:00"), tags=["base_model:x/a"]),
            model("x/c", createdAt=ts("2024-03-01T00:00:00"), tags=["base_model:x/a"]),
        ],
    )
    assert [(c, p) for c, p, _ in issues(s, "cycle")] == [("x/a", "x/b"), ("x/a", "x/c")]
    assert edges(s) == [("x/b", "x/a", True), ("x/c", "x/a", True)]


@pytest.mark.skipif(not (REAL / "deepseek-r1-tree-2025-04.csv").exists(), reason="real samples absent")
def test_real_deepseek_tree_with_its_references_written_messily(tmp_path: Path, capsys) -> None:
    """The real tree, its `base_model` tags rewritten in the shapes real cards use: the same tree comes out."""
    csv.field_size_limit(1 << 30)
    src = REAL / "deepseek-r1-tree-2025-04.csv"
    db_clean, db_messy = tmp_path / "clean.duckdb", tmp_path / "messy.duckdb"
    assert main(["ingest", str(src), "--kind", "model", "--db", str(db_clean)]) == 0

    shapes = [
        lambda p: f"- {p}",
        lambda p: f"['{p}']",
        lambda p: f"https://huggingface.co/{p}/tree/main",
        lambda p: f" {p.upper()}/ ",
        lambda p: f'"{p}"',
    ]
    with src.open(newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    rewritten = 0
    for i, row in enumerate(rows):
        if not row["metadata"].startswith("{"):
            continue
        meta = json.loads(row["metadata"])
        tags = []
        for t in meta.get("tags") or []:
            if t.startswith("base_model:") and t.count(":") == 1:
                t = "base_model:" + shapes[i % len(shapes)](t[len("base_model:") :])
                rewritten += 1
            tags.append(t)
        meta["tags"] = tags
        row["metadata"] = json.dumps(meta)
    assert rewritten > 250
    messy = tmp_path / "deepseek-r1-tree-2025-04.csv"
    with messy.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    assert main(["ingest", str(messy), "--kind", "model", "--db", str(db_messy)]) == 0
    capsys.readouterr()

    def tree_of(db: Path) -> tuple[list[tuple], dict[str, int]]:
        with Store.open(db, read_only=True) as s:
            e = s.con.execute("SELECT child_id, parent_id FROM lineage ORDER BY 1, 2").fetchall()
            return e, status(s)["lineage_issues"]

    clean_edges, clean_issues = tree_of(db_clean)
    messy_edges, messy_issues = tree_of(db_messy)
    assert len(clean_edges) > 250
    assert messy_edges == clean_edges
    assert messy_issues["malformed"] == 0 == clean_issues["malformed"]
    assert messy_issues["cleaned"] > 0
    assert main(["tree", "deepseek-ai/DeepSeek-R1", "--json", "--db", str(db_messy)]) == 0
    messy_tree = json.loads(capsys.readouterr().out)
    assert main(["tree", "deepseek-ai/DeepSeek-R1", "--json", "--db", str(db_clean)]) == 0
    assert messy_tree == json.loads(capsys.readouterr().out)


def test_a_cycle_under_a_root_loses_one_edge_too(tmp_path: Path) -> None:
    # x/a also names an outside parent r/root, so the cycle a -> b -> c -> a hangs under a root: it is still
    # a cycle. a is the earliest member: its edge from c goes, and a keeps r/root.
    s = store_with(
        tmp_path,
        [
            model("x/a", createdAt=ts("2024-01-01T00:00:00"), tags=["base_model:x/c", "base_model:r/root"]),
            model("x/b", createdAt=ts("2024-02-01T00:00:00"), tags=["base_model:x/a"]),
            model("x/c", createdAt=ts("2024-03-01T00:00:00"), tags=["base_model:x/b"]),
        ],
    )
    assert [(c, p) for c, p, _ in issues(s, "cycle")] == [("x/a", "x/c")]
    assert edges(s) == [("x/a", "r/root", False), ("x/b", "x/a", True), ("x/c", "x/b", True)]
    depth = dict(s.con.execute("SELECT model_id, depth FROM model_families WHERE root_id = 'r/root'").fetchall())
    assert depth == {"r/root": 0, "x/a": 1, "x/b": 2, "x/c": 3}


def test_status_prints_the_malformed_count(tmp_path: Path, capsys) -> None:
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/b"), model("u/x", cardData=card("see the paper"))])
    db = tmp_path / "cli.duckdb"
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["status", "--db", str(db)]) == 0
    assert "lineage issues: malformed 1" in capsys.readouterr().out


# -- cards written as YAML text --------------------------------------------------------------------
@pytest.mark.parametrize(
    "card_data",
    [
        "base_model:\n- a/one\n- b/two\nlicense: mit",  # the card's YAML as it was written, not JSON
        json.dumps("base_model:\n- a/one\n- b/two\nlicense: mit"),  # the same YAML as a JSON string
        "---\nlicense: mit\nbase_model: [a/one, 'b/two']\n---\n# A model\nIt mentions base_model: x/y in prose.",
        card("base_model:\n- a/one\n- b/two"),  # a JSON card whose value repeats its own key
        card("base_model:\n  - https://huggingface.co/a/one\n  - b/two/"),  # and is messy inside
        card("a/one\nb/two"),  # a block of one id a line (YAML would fold it into one)
    ],
)
def test_a_card_written_as_yaml_text_gives_its_parents(tmp_path: Path, card_data: str) -> None:
    s = store_with(tmp_path, [model("a/one"), model("b/two"), model("u/m", cardData=card_data)])
    assert edges(s) == [("u/m", "a/one", True), ("u/m", "b/two", True)]
    assert issues(s, "malformed") == []


def test_a_yaml_text_card_states_its_relation_and_sets_aside_what_is_no_id(tmp_path: Path) -> None:
    models = [
        model("a/one"),
        model("u/quant", cardData="base_model: a/one\nbase_model_relation: quantized\n"),
        model("u/odd", cardData="base_model:\n- my model v2\n"),  # not a repo id: malformed, never a node
        model("u/prose", cardData="license: mit\ntags: [base_model-free]\n"),  # mentions it, names no base
    ]
    s = store_with(tmp_path, models)
    rels = s.con.execute("SELECT child_id, parent_id, relation, decided_by FROM lineage").fetchall()
    assert rels == [("u/quant", "a/one", "quantized", "card")]
    assert issues(s, "malformed") == [("u/odd", None, "my model v2")]


def test_a_yaml_text_card_fills_in_only_where_the_tags_name_no_parent(tmp_path: Path) -> None:
    # The Hub writes base_model tags from the card after checking it: where it tagged a parent, the tags
    # are its reading of the card, and the card's extra names (here b/two) are not taken.
    text = "base_model:\n- a/one\n- b/two\n"
    models = [
        model("a/one"),
        model("b/two"),
        model("u/tagged", tags=["base_model:a/one"], cardData=text),
        model("u/untagged", cardData=text),
    ]
    s = store_with(tmp_path, models)
    assert edges(s) == [
        ("u/tagged", "a/one", True),
        ("u/untagged", "a/one", True),
        ("u/untagged", "b/two", True),
    ]
