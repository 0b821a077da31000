"""What the readers print on a terminal: numbers a person reads, tables that fit, and errors that say what to do."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.numbers import fit_table, human
from hubcensus.output import console
from tests.hubfiles import model, write_snapshot
from tests.worlds import Demo


@pytest.fixture
def width() -> Iterator[None]:
    """The terminal is 60 columns wide, whatever runs the tests."""
    before = console.width
    console.width = 60
    yield
    console.width = before


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("out")
    write_snapshot(
        root / "hub",
        "2026-01-01",
        models=[model("a/x", 5), model("b/y", 12_927_000)],
        datasets=[{"id": "d/z", "downloads": 1}],
    )
    write_snapshot(
        root / "hub",
        "2026-02-01",
        models=[model("a/x", 7), model("b/y", 12_927_000), model("c/w", 250)],
        datasets=[{"id": "d/z", "downloads": 1}],
    )
    path = root / "s.duckdb"
    assert main(["ingest", str(root / "hub"), "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("models", 12_927_000, "12,927,000"),
        ("total_downloads", 12927000.0, "12,927,000"),
        ("share_under_200", 0.4999, "50%"),
        ("downloads_share", 8.51113e-07, "0.000085%"),
        ("us_share", 0.042, "4.2%"),
        ("gini", 0.98876, "0.989"),
        ("models_yoy", 1.5432, "×1.54"),
        ("median_params_2024", 7_615_616_512, "7.62B"),
        ("peak_month_mean", 0.663748, "0.664"),
        ("some_value", 8.51113e-07, "8.51 × 10⁻⁷"),
        ("top_country", None, "—"),
        ("engaged", True, "yes"),
        ("top_countries", ["US", "CN"], "US, CN"),
    ],
)
def test_numbers_read_as_people_write_them(name: str, value: object, shown: str) -> None:
    assert human(name, value) == shown


def test_a_table_drops_columns_before_it_cuts_a_number() -> None:
    lines, dropped = fit_table(["label", "downloads", "models"], [["unattributed", 12_927_257, 3]], 24)
    assert dropped == ["models"]
    assert lines == ["label          downloads", "------------  ----------", "unattributed  12,927,257"]
    assert all(len(line) <= 24 for line in lines)


def test_metric_prints_caption_definition_and_formatted_headline(
    db: Path, width: None, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["metric", "C1", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:6] == [
        "C1 download_concentration — How concentrated downloads are",
        "  as of 2026-02-01",
        "",
        "  33% of 3 models have fewer than 200 downloads (downloads);",
        "  the 200 most downloaded take 100% of all downloads; the",
        "  top 0.01% take 100%; Gini coefficient 0.667.",
    ]
    assert lines[7] == "Definition" and lines[8].startswith("  Over every model present")
    at = lines.index("Headline")
    assert lines[at + 1 : at + 7] == [
        "  models             3",
        "  downloads_field    downloads",
        "  share_under_200    33%",
        "  top_200_share      100%",
        "  top_0_01pct_share  100%",
        "  gini               0.667",
    ]
    at = lines.index("Rows: 101, the first 15 shown (`--csv` prints them all)")
    assert lines[at + 1 : at + 4] == [
        "  models_share  downloads_share",
        "  ------------  ---------------",
        "            0%               0%",
    ]
    assert all(len(line) <= 60 for line in lines)


def test_metric_says_why_a_figure_is_absent_and_drops_columns_to_fit(
    db: Path, width: None, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["metric", "GEO1", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  top_country         — (not given by this store)" in lines
    assert "  total_downloads     12,927,257" in lines
    at = lines.index("Rows: 1")
    assert lines[at + 1 :] == [
        "  rank  label         bucket         downloads  share",
        "  ----  ------------  ------------  ----------  -----",
        "     1  unattributed  unattributed  12,927,257   100%",
        "  (not shown, to fit 60 columns: models; `--csv` prints",
        "  every column)",
    ]


def test_metric_csv_prints_every_row_and_column(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["metric", "GEO1", "--db", str(db), "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["rank", "label", "bucket", "downloads", "share", "models"]
    assert rows[1] == ["1", "unattributed", "unattributed", "12927257", "1.0", "3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["metric", "C1", "--all"], "error: C1 --all: name one metric or pass --all, not both"),
        (
            ["metric"],
            "error: name a metric (C1, or download_concentration), or pass --all for every one; --list names them",
        ),
        (
            ["metric", "--all", "--csv"],
            "error: --csv prints one metric's rows: name the metric (--json prints every metric)",
        ),
        (
            ["status", "--snapshot", "2026-03-01"],
            "error: --snapshot 2026-03-01: the store holds no snapshot of that date (it holds 2, 2026-01-01 … 2026-02-01)",
        ),
    ],
)
def test_reader_errors_say_what_to_do(
    db: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main([*args, "--db", str(db)]) == 2
    assert capsys.readouterr().err.strip() == message


def test_metric_list_is_in_report_order_one_line_each(width: None, capsys: pytest.CaptureFixture[str]) -> None:
    from hubcensus.metrics.run import ordered_metrics

    assert main(["metric", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ")]
    assert listed == [m.spec for m in ordered_metrics()]
    assert all(len(line) <= 60 for line in lines)
    assert lines[0] == "growth"


def test_status_is_one_line_per_snapshot(db: Path, width: None, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["status", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:6] == [
        "2 snapshot(s), 2026-01-01 … 2026-02-01",
        "  snapshot    stage        source  listing   models",
        "  ----------  -----------  ------  --------  ------",
        "  2026-01-01  precomputed  files   complete       2",
        "  2026-02-01  precomputed  files   complete       3",
    ]
    assert "←" not in "\n".join(lines)  # no column mapping unless asked
    assert lines[6] == "  (not shown, to fit 60 columns: datasets, spaces, papers;"


def test_status_shows_the_mapping_when_asked(db: Path, width: None, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--snapshot", "2026-02-01"]) == 0
    out = capsys.readouterr().out
    assert "2026-01-01  precomputed" not in out and "2026-02-01  precomputed" in out
    assert "  model: " in out and "repo_id←id" in out
    assert main(["status", "--db", str(db), "--verbose"]) == 0
    assert capsys.readouterr().out.count("  model: ") == 2


def test_demo_says_how_to_point_the_next_commands_at_its_store(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's next commands (`status`, `metric C1`) run as printed once the printed export is done."""
    lines = [line.strip() for line in demo.printed.splitlines()]
    export = f"export HUBCENSUS_DB={demo.db.resolve()}"
    assert export in lines
    following = lines[lines.index(export) + 1 : lines.index(export) + 3]
    assert following == ["hubcensus status", "hubcensus metric C1"]
    monkeypatch.setenv("HUBCENSUS_DB", export.split("=", 1)[1])
    for command in following:
        assert main(command.split()[1:]) == 0
    assert "C1 download_concentration" in capsys.readouterr().out


def test_a_locked_store_names_the_hubcensus_command_holding_it(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer meeting `hubcensus serve` is told which command holds the store, its PID and what to do; not
    DuckDB's advice for its own shell, nor the path of the Python interpreter."""
    store = tmp_path / "held.duckdb"
    shutil.copy(db, store)
    serving = subprocess.Popen(
        [sys.executable, "-m", "hubcensus.cli", "serve", "--db", str(store), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert serving.stdout is not None and serving.stdout.readline().startswith("serving")
        capsys.readouterr()
        assert main(["enrich", "--db", str(store)]) == 2
        err = capsys.readouterr().err.strip()
    finally:
        serving.terminate()
        serving.wait(timeout=20)
    assert err == (
        f"error: {store}: the store is locked by `hubcensus serve --db {store} --port 0` (PID {serving.pid}); "
        f"wait for it to finish, or stop it (Ctrl-C where it runs, or kill {serving.pid}), then run this again"
    )


def test_a_command_that_closed_the_store_leaves_no_holder_behind(db: Path) -> None:
    assert main(["status", "--db", str(db), "--json"]) == 0
    assert not (db.parent / f".{db.name}.hubcensus-holder").exists()


def test_tree_on_a_leaf_ends_its_sentence(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["tree", "a/x", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines() == ["a/x: root a/x at depth 0", "  0 direct children, 0 descendants"]


def test_who_says_when_no_store_or_the_store_does_not_hold_the_author(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["who", "nobody-here", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"  not in the store {db}: it holds no repo under nobody-here"
    assert main(["who", "a", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  in the store: 1 repos under a"
    missing = tmp_path / "none.duckdb"
    assert main(["who", "Qwen", "--db", str(missing)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        f"  no store at {missing}: the registry alone answers (`--db FILE` or $HUBCENSUS_DB names a store)"
    )
    assert not missing.exists()


def test_generate_scales_the_other_kinds_with_models_and_keeps_calibration_for_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ["generate", "--out", str(tmp_path / "hub"), "--models", "400", "--snapshots", "1"]
    assert main([*args, "--spaces", "7"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:5] == [
        "  models: 400 rows at the last snapshot",
        "  datasets: 100 rows at the last snapshot",
        "  spaces: 7 rows at the last snapshot",
        "  daily_papers: 60 rows at the last snapshot",
    ]
    assert not [line for line in lines if "calibration:" in line]
    assert lines[-1].endswith("calibration figures: --verbose prints them)")
    assert main([*args, "--out", str(tmp_path / "again"), "--verbose"]) == 0
    assert len([line for line in capsys.readouterr().out.splitlines() if "calibration:" in line]) > 5


def test_generate_defaults_are_the_same_hub_as_before() -> None:
    """20,000 models, the default, still come with 5,000 datasets, 8,000 spaces and 3,000 papers."""
    from hubcensus.sources.synthetic import GenerateConfig

    assert GenerateConfig.scaled(20_000) == GenerateConfig()


def test_help_lists_each_command_in_a_whole_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    from typer.testing import CliRunner as TyperRunner

    from hubcensus.cli import app

    out = TyperRunner().invoke(app, ["--help"], env={"COLUMNS": "80"}, prog_name="hubcensus").output
    listed = out.split("Commands:\n", 1)[1].splitlines()
    assert listed and all(not line.rstrip().endswith("...") for line in listed)
    assert all(line.rstrip().endswith(".") for line in listed if line.startswith("  ") and line[2] != " ")


@pytest.mark.parametrize("command", ["ingest", "metric", "sql", "tree", "who", "generate", "registry", "status"])
def test_help_names_values_as_a_user_types_them(command: str) -> None:
    from typer.testing import CliRunner

    from hubcensus.cli import app

    out = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"}, prog_name="hubcensus").output
    assert "<" not in out.replace("<=", "") and "list[" not in out, out
    usage = out.splitlines()[0]
    assert "{" not in usage, usage


def test_writers_print_one_json_document_with_json(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ingest`, `enrich`, `export` and `report` take --json, as the readers do: one document, no lines."""
    write_snapshot(tmp_path / "hub", "2026-03-01", models=[model("a/x", 9), model("e/v", 300)])
    store = tmp_path / "w.duckdb"
    shutil.copy(db, store)
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(store), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    [snap] = doc["snapshots"]
    assert (snap["taken_at"], snap["status"], doc["refused"]) == ("2026-03-01", "ingested", [])
    assert {k["kind"]: k["rows"] for k in snap["kinds"]} == {"model": 2}
    assert doc["enriched"]["enrichment"]["attribution"] == {"unattributed": 5}

    assert main(["enrich", "--db", str(store), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"enriched"}

    assert main(["export", "--db", str(store), "--lake", str(tmp_path / "lake"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["lake"] == str((tmp_path / "lake").resolve()) and doc["snapshots"] == 3

    assert main(["report", "--db", str(store), "--out", str(tmp_path / "report"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["report"] == str((tmp_path / "report" / "index.html").resolve())
    assert "index.html" in doc["files"] and "report.md" in doc["files"]


def test_long_work_off_a_terminal_says_how_far_it_has_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a log (stderr not a terminal) a line now and then: the stage, how much is done, the time left."""
    monkeypatch.setenv("HUBCENSUS_PROGRESS_SECONDS", "0")
    for day in ("2026-01-01", "2026-02-01", "2026-03-01"):
        write_snapshot(tmp_path / "hub", day, models=[model("a/x", 5)])
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(tmp_path / "s.duckdb"), "--no-enrich"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(re.match(r"\[\d\d:\d\d:\d\d UTC\] \S", line) for line in lines), lines
    assert any(re.search(r": [\d,]+ of [\d,]+ \(\d+%\), \d+ s so far, about \d+ s left", line) for line in lines)


def test_progress_lines_estimate_the_time_left_at_the_stage_pace() -> None:
    from hubcensus.terminal import Periodic

    now = [0.0]
    said: list[str] = []
    lines = Periodic(30, said.append, clock=lambda: now[0])
    lines.stage("ingesting 4 snapshot(s)", total=100)
    now[0] = 10.0
    lines.advance(25)  # before 30 s: nothing said
    assert said == []
    now[0] = 40.0
    lines.advance(25)  # half done in 40 s: about 40 s left
    assert said[-1].endswith("ingesting 4 snapshot(s): 50 of 100 (50%), 40 s so far, about 40 s left")
    lines.stage("enriching")
    now[0] = 200.0
    lines.note("lineage")
    assert said[-1].endswith("enriching: 0 done, 3 min so far — lineage")


def test_quick_work_off_a_terminal_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--out", str(tmp_path / "hub"), "--models", "50", "--snapshots", "1"]) == 0
    assert capsys.readouterr().err == ""


def test_tree_lists_children_to_fit_the_terminal(
    demo_db: Path, width: None, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["tree", "Qwen/Qwen2.5-7B", "--db", str(demo_db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  child "))
    assert lines[at].split() == ["child", "relation", "descendants"]
    assert lines[at + 1].strip().startswith("-----")
    assert all(len(line) <= 60 for line in lines)
    assert "downloads_30d, downloads_all_time; `--json` prints every column)" in " ".join(
        line.strip() for line in lines
    )
