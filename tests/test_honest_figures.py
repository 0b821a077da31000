"""Issue 17: figures honest about what the store holds.

On the session's store of the real samples (conftest.py's `real_db`, built by tests/worlds.py):
"cannot give" is None with a reason, captions say the downloads field, the months and the snapshot
actually read, and the report says whether its data is real or synthetic and has a Data quality
chapter. On a small store from a folder `hubcensus generate` marked synthetic, every document and
page says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hubcensus.cli import main
from hubcensus.report.captions import caption
from hubcensus.sources.snapshot_files import SYNTHETIC_MARKER
from tests.hubfiles import model
from tests.metricstore import build, run


@pytest.fixture(scope="module")
def real_report(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, Any]], Path]:
    """The session's real-samples store (tests/worlds.py), its documents by SPEC id, and its report."""
    db = real_db
    out = tmp_path_factory.mktemp("honest-report") / "out"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    docs = {d["spec"]: d for d in json.loads((out / "figures.json").read_text(encoding="utf-8"))}
    return docs, out


def test_no_input_at_all_is_none_with_the_reason(real_report: tuple[dict[str, dict[str, Any]], Path]) -> None:
    """The 2022 listings carry no tags, card data or baseModels, and the windows counted back from 2026 lie
    after them: G2, D1's lineage counts, H1, GEO4, P2, S1, S2 and G1's growth are None, each with its note."""
    docs, _ = real_report
    g2 = docs["G2"]
    assert set(g2["headline"].values()) == {None}
    assert any("end after the snapshot read (2022-10-01)" in n for n in g2["notes"])
    d1 = docs["D1"]["headline"]
    assert d1["qwen_direct"] is None and d1["qwen_lineage"] is None and d1["derivatives"] is None
    assert d1["llama_by_name"] == 18  # naming needs no lineage: still counted
    assert any("carry a base_model tag, card data" in n for n in docs["D1"]["notes"])
    h1 = docs["H1"]["headline"]
    assert h1["amd_last_12m"] is None and h1["cpu_last_12m"] is None and h1["kernel_repos"] is None
    geo4 = docs["GEO4"]["headline"]
    assert geo4["intermediary_share"] is None and geo4["quantized_share"] is None
    assert docs["P2"]["headline"]["big_tech_repos_last_12m"] is None
    assert docs["S1"]["headline"]["robotics_datasets"] is None and docs["S1"]["headline"]["year"] == 2025
    assert docs["S2"]["headline"]["releases_last_12m"] is None
    g1 = docs["G1"]["headline"]
    assert g1["models"] == 74_490 and g1["models_yoy"] is None and g1["datasets_yoy"] is None


def test_captions_say_what_the_store_holds(real_report: tuple[dict[str, dict[str, Any]], Path]) -> None:
    docs, out = real_report
    words = {spec: caption(d) for spec, d in docs.items()}
    # 30-day counts only: no "all-time downloads"
    assert docs["GEO1"]["headline"]["downloads_field"] == "downloads"
    assert "all-time" not in words["GEO1"] and "downloads of the last 30 days" in words["GEO1"]
    assert "all-time" not in words["GEO4"]
    # two sampled months with a gap, not "the last twelve months"
    assert "twelve" not in words["GEO2"] and "over the 2 months the series holds" in words["GEO2"]
    assert docs["GEO2"]["headline"]["missing_months"] == ["2022-07-01", "2022-08-01"]
    # one period is not compared with itself
    assert "from 75% in 2022 to 75% in 2022" not in words["GEO3"] and "went from" not in words["GEO3"]
    assert docs["GEO3"]["headline"]["industry_share_first"] is None
    # no growth "in a year" from snapshots read before the year
    assert "in a year" not in words["G1"]
    assert docs["POP1"]["headline"]["days_between"] == 92
    assert "Qwen has 0" not in words["D1"] and "by name; the lineage counts cannot be given" in words["D1"]
    # "as of" is the snapshot each metric read, not the newest partial listing
    assert docs["C1"]["read_as_of"] == "2022-10-01" and docs["C1"]["as_of"] == "2026-04-21"
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "| hubcensus, as of 2022-10-01 | 94% of 74,970 models" in md
    assert "hubcensus · as of 2022-10-01</span>94% of 74,970 models" in html


def test_a_real_store_says_it_is_real_and_has_a_data_quality_chapter(
    real_report: tuple[dict[str, dict[str, Any]], Path],
) -> None:
    docs, out = real_report
    assert {d["source"] for d in docs.values()} == {"real"}
    html = (out / "index.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "Reproduced from public Hub metadata" in html and "synthetic" not in html.lower()
    assert "synthetic" not in md.lower()
    assert '<section class="methods" id="quality">' in html and "<h2>Data quality</h2>" in html
    assert "## 9. Data quality" in md
    assert "| 2022-10-01 | yes | files | model | 57,999 | downloads \\(30 days\\) |" in md
    assert "References that did not become edges: 68 external, 3 self\\_reference" in md
    assert "| G2 | 2022-10-01 | 7 of 7 |" in md


def test_a_synthetic_store_says_so_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder `hubcensus generate` wrote carries the marker; ingest records source "synthetic"; every document,
    figures.json, the cover and report.md say it, with why agreeing with the published column proves nothing."""
    snaps = {
        "2026-02-01": {"models": [model("org/a", 10, tags=["pytorch"]), model("org/b", 300, tags=["gguf"])]},
        "2026-03-01": {"models": [model("org/a", 20, tags=["pytorch"]), model("org/b", 400, tags=["gguf"])]},
    }
    # metricstore.build ingests after writing: mark the folders first by building into a pre-marked tree
    root = tmp_path / "hub"
    for day in snaps:
        (root / day).mkdir(parents=True)
        (root / day / SYNTHETIC_MARKER).write_text("synthetic\n")
    db = build(tmp_path, snaps)
    doc = run(db, "download_concentration")
    assert doc["source"] == "synthetic"
    out = tmp_path / "report"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    figures = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    assert {d["source"] for d in figures} == {"synthetic"}
    html = (out / "index.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "Reproduced from public Hub metadata" not in html
    assert "synthetic Hub" in html and "by construction" in html
    assert md.startswith("# State of Open Source on Hugging Face — measured on a synthetic Hub")
    assert "by construction" in md
    capsys.readouterr()
    assert main(["metric", "--all", "--json", "--db", str(db)]) == 0
    assert {d["source"] for d in json.loads(capsys.readouterr().out)} == {"synthetic"}


def test_generate_marks_its_folders(tmp_path: Path) -> None:
    from hubcensus.sources.snapshot_files import discover
    from hubcensus.sources.synthetic import GenerateConfig, generate

    generate(tmp_path, GenerateConfig(models=300, datasets=50, spaces=50, papers=20, snapshots=2, seed=5))
    snaps = discover(tmp_path)
    assert snaps and {s.source for s in snaps} == {"synthetic"}


def test_derivative_counts_are_labelled_the_same_on_every_page() -> None:
    """One vocabulary (facts.DERIVATIVE_COUNTS) labels the counts in the report, scorecards and explorer."""
    from hubcensus.metrics.facts import DERIVATIVE_COUNTS

    src = Path(__file__).resolve().parents[1] / "src" / "hubcensus"
    for page in ("report/templates/org.html.j2", "serve/templates/org.html", "serve/templates/model.html"):
        text = (src / page).read_text(encoding="utf-8")
        assert "deriv." in text or "deriv_short." in text, page
    # D1's "direct" and a scorecard's are one count (`direct_children_sql`), so one label
    assert set(DERIVATIVE_COUNTS) == {"direct", "lineage", "by_name"}
    h = {"qwen_direct": 98, "qwen_lineage": 303, "qwen_by_name": 513}
    doc = {"spec": "D1", "headline": {**dict.fromkeys(_D1_CAPTION_KEYS), **h}}
    words = caption(doc)
    assert f"Qwen has 98 {DERIVATIVE_COUNTS['direct']}, 303 {DERIVATIVE_COUNTS['lineage']}" in words
    assert f"513 {DERIVATIVE_COUNTS['by_name']}" in words


_D1_CAPTION_KEYS = (
    "llama_direct",
    "llama_lineage",
    "llama_by_name",
    "deepseek_direct",
    "deepseek_lineage",
    "deepseek_by_name",
    "top_developer",
    "top_developer_lineage",
    "alibaba_over_google_plus_meta",
)


def test_whole_lineage_reads_the_same_in_d1_and_the_scorecard(tmp_path: Path) -> None:
    """The label "whole-lineage derivatives" gives one number: D1's `qwen_lineage` and Qwen's scorecard `tree`."""
    from hubcensus.engines.duckdb_engine import DuckDBEngine
    from hubcensus.metrics import context
    from hubcensus.metrics.scorecards import scorecards
    from hubcensus.store import Store

    models = [
        model("Qwen/Qwen2.5-7B", 1000, tags=["text-generation"]),
        model("Qwen/Qwen2.5-7B-Instruct", 500, tags=["base_model:Qwen/Qwen2.5-7B"]),
        model("u/ft1", 10, tags=["base_model:Qwen/Qwen2.5-7B-Instruct"]),
        model("bartowski/ft1-GGUF", 3, tags=["base_model:quantized:u/ft1"]),
        model("u/other", 7, tags=["base_model:Qwen/Qwen2.5-7B"]),
    ]
    db = build(tmp_path, {"2026-03-01": {"models": models}})
    d1 = run(db, "derivatives_by_family")["headline"]
    with Store.open(db, read_only=True) as store:
        engine = DuckDBEngine(store.con)
        cards, _ = scorecards(engine, ctx=context(engine), authors=["Qwen"])
    [qwen] = [c for c in cards if c["author"] == "Qwen"]
    assert d1["qwen_lineage"] == qwen["derivatives"]["tree"] == 4


def test_a_figure_on_partial_listings_says_it_is_their_union(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no complete snapshot, the models "present" at the newest partial listing are every model any
    partial listing held (a partial listing marks none gone), each with its newest statistics: the note says
    so, naming how many listings and their dates, instead of calling it one partial listing."""
    from tests.hubfiles import write_snapshot

    db = tmp_path / "partial.duckdb"
    for day, rows in (("2024-01-01", [model("a/old", 500)]), ("2025-01-01", [model("b/new", 90)])):
        folder = write_snapshot(tmp_path / "hub", day, models=rows)
        assert main(["ingest", str(folder), "--partial", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["metric", "C1", "--json", "--db", str(db)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["headline"]["models"] == 2  # the union, which the note must own up to
    assert (
        "no complete snapshot of models: computed over the 2 partial listings from 2024-01-01 to 2025-01-01, "
        "each model with its newest statistics (a union of listings, not the Hub on one day)"
    ) in doc["notes"]


def test_direct_derivatives_read_the_same_in_d1_and_the_scorecard(tmp_path: Path) -> None:
    """ "Direct derivatives" is one count (`derivatives.direct_children_sql`): models one lineage edge below any
    of the owner's models, held or not. D1 counted one edge below the family's roots (it missed u/ft1, built on
    the Instruct model); the scorecard counted only children of models the store holds (it missed u/ft2,
    built on a Qwen model the store never saw). Both read 3 before, from different sets; both read 4 now."""
    from hubcensus.engines.duckdb_engine import DuckDBEngine
    from hubcensus.metrics import context
    from hubcensus.metrics.scorecards import scorecards
    from hubcensus.store import Store

    models = [
        model("Qwen/Qwen2.5-7B", 1000),
        model("Qwen/Qwen2.5-7B-Instruct", 500, tags=["base_model:Qwen/Qwen2.5-7B"]),
        model("u/ft1", 10, tags=["base_model:Qwen/Qwen2.5-7B-Instruct"]),
        model("u/ft2", 3, tags=["base_model:Qwen/Qwen3-unseen"]),
        model("bartowski/ft1-GGUF", 30, tags=["base_model:quantized:u/ft1"]),  # two edges below: not direct
        model("u/other", 7, tags=["base_model:Qwen/Qwen2.5-7B"]),
    ]
    db = build(tmp_path, {"2026-03-01": {"models": models}})
    d1 = run(db, "derivatives_by_family")
    with Store.open(db, read_only=True) as store:
        engine = DuckDBEngine(store.con)
        cards, _ = scorecards(engine, ctx=context(engine), authors=["Qwen"])
    [qwen] = [c for c in cards if c["author"] == "Qwen"]
    [ns_row] = [r for r in d1["rows"] if (r["level"], r["key"]) == ("namespace", "Qwen")]
    assert d1["headline"]["qwen_direct"] == ns_row["direct"] == qwen["derivatives"]["direct"] == 4
    assert ns_row["direct_min5"] == 3  # u/ft2 has 3 downloads, not more than 5
    assert sum(qwen["derivatives"]["by_relation"].values()) == 4
    assert qwen["derivatives"]["direct_by_others"] == 3  # all but Qwen's own Instruct model
