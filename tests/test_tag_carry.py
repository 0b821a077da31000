"""What tags say (D1's family-name flags, C2's memberships, S2's domains, H1's hardware tags, POP3's arXiv links),
updated day by day for the repos whose tags or task changed (`metrics.tag_carry`), equals the same tables built whole (`enrich --full`), row for row."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from hubcensus.cli import main
from tests.hubfiles import model, write_snapshot

TABLES = (
    "_hc_tagged.flags",
    "_hc_tagged.members",
    "_hc_tagged.science",
    "_hc_tagged_datasets.members",
    "_hc_tagged_datasets.science",
    "_hc_tagged.hardware",
    "_hc_tagged.papers",
    "_hc_tagged_datasets.papers",
)


def day1() -> tuple[list[dict], list[dict]]:
    models = [
        model("Qwen/Qwen2-7B", pipeline_tag="text-generation"),
        model("u/my-llama", tags=["llama", "en"]),
        model("u/x", tags=["medical", "language:fr", "GGUF", "arxiv:2401.00001v2"], pipeline_tag="fill-mask"),
        model("u/plain"),
        model("lab/esm-protein-small"),  # a science domain by its id
    ]
    datasets = [
        model("d/a", tags=["task_categories:robotics", "language:en", "arxiv:2402.00002"]),
        model("d/b"),
    ]
    return models, datasets


def day2() -> tuple[list[dict], list[dict]]:
    models, datasets = day1()
    rows = {r["id"]: r for r in models}
    rows["u/my-llama"] = model("u/my-llama", tags=["Mistral-finetune", "zh"])  # another family, another language
    del rows["u/x"]  # left the listing
    rows["u/new"] = model("u/new", tags=["QWEN", "cuda", "arXiv:2401.00001"])
    sets = {r["id"]: r for r in datasets}
    sets["d/b"] = model("d/b", tags=["task_categories:text-generation"])  # a task now
    return list(rows.values()), list(sets.values())


def day3() -> tuple[list[dict], list[dict]]:
    models, datasets = day2()
    rows = {r["id"]: r for r in models}
    rows["u/x"] = model("u/x", tags=["Legal"])  # back, with other tags
    rows["Qwen/Qwen2-7B"] = model("Qwen/Qwen2-7B", pipeline_tag="text2text-generation")
    return list(rows.values()), datasets


def tagged(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def full_build(db: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    full = tmp_path / "full.duckdb"
    shutil.copy(db, full)
    assert main(["enrich", "--full", "--db", str(full)]) == 0
    return tagged(full)


def test_each_day_updated_equals_a_full_build(tmp_path: Path) -> None:
    hub, db = tmp_path / "hub", tmp_path / "s.duckdb"
    for day, (models, datasets) in (("2026-01-01", day1()), ("2026-01-02", day2()), ("2026-01-03", day3())):
        write_snapshot(hub, day, models=models, datasets=datasets)
        assert main(["ingest", str(hub / day), "--db", str(db)]) == 0
        got = tagged(db)
        assert got == full_build(db, tmp_path), day
        members = {(c, community, k, r) for c, community, k, r in got["_hc_tagged.members"]}
        members |= {(c, community, k, r) for c, community, k, r in got["_hc_tagged_datasets.members"]}
        flags = {r[0]: r[1:] for r in got["_hc_tagged.flags"]}
        science = {tuple(r) for r in got["_hc_tagged.science"]}
        hardware = set(got["_hc_tagged.hardware"])
        papers = set(got["_hc_tagged.papers"]) | set(got["_hc_tagged_datasets.papers"])
        if day == "2026-01-01":
            assert hardware == {("u/x", "gguf")}
            assert papers == {("2401.00001", "model", "u/x"), ("2402.00002", "dataset", "d/a")}
            assert ("language", "fr", "model", "u/x") in members and ("domain", "medical", "model", "u/x") in members
            assert flags["u/my-llama"] == (0, 1, 0, 0, 0)  # (qwen, llama, deepseek, gemma, mistral)
            assert {("medicine", "model", "u/x"), ("protein", "model", "lab/esm-protein-small")} <= science
        if day == "2026-01-02":
            assert ("language", "zh", "model", "u/my-llama") in members and (
                "language",
                "en",
                "model",
                "u/my-llama",
            ) not in members
            assert flags["u/my-llama"] == (0, 1, 0, 0, 1) and flags["u/new"] == (1, 0, 0, 0, 0)  # its id names llama
            assert ("task", "text-generation", "dataset", "d/b") in members
            # u/x left the listing but its last state is held (a metric joins the present repos); u/new arrived
            assert hardware == {("u/x", "gguf"), ("u/new", "cuda")}
            assert ("2401.00001", "model", "u/new") in papers and ("2402.00002", "dataset", "d/a") in papers
        if day == "2026-01-03":
            assert ("domain", "legal", "model", "u/x") in members and ("language", "fr", "model", "u/x") not in members
            assert ("medicine", "model", "u/x") not in science
            assert ("task", "text2text-generation", "model", "Qwen/Qwen2-7B") in members
            assert ("u/x", "gguf") not in hardware and ("2401.00001", "model", "u/x") not in papers
