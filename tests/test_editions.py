"""Two editions compared (`hubcensus diff`, `report --since`): on the demo (a synthetic Hub, twelve monthly
snapshots) and on a real daily series (every 30th file of the trending feature-extraction listings,
partial listings whose many figures cannot be given).

The diff is checked against what a user can check by hand: `metric --all --as-of` at both dates.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hubcensus.cli import main
from hubcensus.metrics.editions import is_rate, movers
from tests.worlds import AS_OF, HOSTILE, MARKUP, REAL, REPORT_DATES

FROM, TO = "2025-09-01", "2026-03-01"  # two of the demo's monthly snapshots
REAL_FROM, REAL_TO = "2024-12-01", "2026-05-07"  # the real series: between snapshots, and its last one


def run(*args: str) -> tuple[int, str]:
    """A command as a user runs it: its exit code and what it printed (module fixtures cannot take capsys)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def run_json(*args: str) -> Any:
    code, printed = run(*args, "--json")
    assert code == 0, printed
    return json.loads(printed)


@pytest.fixture(scope="module")
def real_series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An enriched store of every 30th daily file of the real trending series (25 partial listings)."""
    source = REAL / "trending-feature-extraction"
    if not source.is_dir():
        pytest.skip(f"real samples not found at {source}")
    tmp = tmp_path_factory.mktemp("real-series")
    series = tmp / "trending"
    series.mkdir()
    for f in sorted(source.glob("*.parquet"))[::30]:
        shutil.copy(f, series / f.name)
    db = tmp / "series.duckdb"
    assert main(["ingest", str(series), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def demo_diff(demo_db: Path) -> dict[str, Any]:
    return run_json("diff", "--from", FROM, "--to", TO, "--db", str(demo_db))


@pytest.fixture(scope="module")
def real_diff(real_series: Path) -> dict[str, Any]:
    return run_json("diff", "--from", REAL_FROM, "--to", REAL_TO, "--db", str(real_series))


def assert_diff_is_the_difference(diff: dict[str, Any], db: Path, start: str, stop: str) -> None:
    """Every figure of the diff is `metric --as-of` at each side, and its change their difference."""
    before = {d["metric"]: d for d in run_json("metric", "--all", "--as-of", start, "--db", str(db))}
    after = {d["metric"]: d for d in run_json("metric", "--all", "--as-of", stop, "--db", str(db))}
    assert [m["metric"] for m in diff["metrics"]] == list(after)
    compared = 0
    for m in diff["metrics"]:
        a, b = before[m["metric"]], after[m["metric"]]
        assert m["from"]["as_of"] == a["as_of"] and m["to"]["as_of"] == b["as_of"]
        assert m["from"]["snapshots"] == sorted(set(a["snapshots"])) and m["to"]["read_as_of"] == b["read_as_of"]
        assert [f["key"] for f in m["headline"]] == list(b["headline"])
        for f in m["headline"]:
            old, new = a["headline"][f["key"]], b["headline"][f["key"]]
            assert (f["from"], f["to"]) == (old, new), (m["metric"], f)
            numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (old, new))
            if numbers:
                assert f["change"] == pytest.approx(new - old, rel=1e-5, abs=1e-9), (m["metric"], f)
                if old and not is_rate(f["key"]):
                    assert f["relative"] == pytest.approx((new - old) / abs(old), rel=1e-4), (m["metric"], f)
                compared += 1
            else:
                assert f["change"] is None and f["relative"] is None
    assert compared > 10


def assert_none_sides_say_why(diff: dict[str, Any]) -> int:
    """A figure one side cannot give is None there, never 0, and names the date and the side's notes."""
    seen = 0
    for m in diff["metrics"]:
        for f in m["headline"]:
            if f["from"] is None or f["to"] is None:
                seen += 1
                assert f["change"] is None and f["relative"] is None
                dates = [s["as_of"] for s, v in ((m["from"], f["from"]), (m["to"], f["to"])) if v is None]
                assert all(f"not given as of {d}" in f["why"] for d in dates), f
                notes = [n for s, v in ((m["from"], f["from"]), (m["to"], f["to"])) if v is None for n in s["notes"]]
                assert f["reasons"] == (notes or ["its document gives no reason"])
            else:
                assert f["why"] is None
    return seen


def assert_movers_sorted(diff: dict[str, Any]) -> int:
    ranked = 0
    for m in diff["metrics"]:
        mv = m["movers"]
        ups, downs = [x["change"] for x in mv["up"]], [x["change"] for x in mv["down"]]
        assert ups == sorted(ups, reverse=True) and all(c > 0 for c in ups) and len(ups) <= 5
        assert downs == sorted(downs) and all(c < 0 for c in downs) and len(downs) <= 5
        for x in mv["up"] + mv["down"]:
            assert x["change"] == pytest.approx(x["to"] - x["from"], rel=1e-5)
            assert list(x["row"]) == mv["key"]
        ranked += len(ups) + len(downs)
    return ranked


# -- the demo ------------------------------------------------------------------------------------------
def test_demo_diff_is_the_difference_of_two_as_of_runs(demo_diff: dict[str, Any], demo_db: Path) -> None:
    assert demo_diff["from"]["as_of"] == FROM and demo_diff["to"]["as_of"] == TO
    assert demo_diff["source"] == "synthetic"
    assert_diff_is_the_difference(demo_diff, demo_db, FROM, TO)


def test_demo_diff_none_sides_and_movers(demo_diff: dict[str, Any]) -> None:
    assert assert_none_sides_say_why(demo_diff) > 0  # GEO3's first period cannot be given in 2025-09
    assert assert_movers_sorted(demo_diff) > 20
    geo1 = next(m for m in demo_diff["metrics"] if m["spec"] == "GEO1")["movers"]
    # countries: told apart by their label (the bucket column is not needed), moved by their downloads
    assert geo1["key"] == ["label"] and geo1["by"] == "downloads"
    assert geo1["up"][0]["row"] == {"label": "US"}


def test_diff_dates_resolve_as_as_of_does(demo_db: Path) -> None:
    """A date between snapshots reads the newest snapshot on or before it, as `metric --as-of` does."""
    doc = run_json("diff", "G1", "--from", "2025-09-20", "--to", "2026-02-27", "--db", str(demo_db))
    assert (doc["from"]["date"], doc["from"]["as_of"]) == ("2025-09-20", "2025-09-01")
    assert (doc["to"]["date"], doc["to"]["as_of"]) == ("2026-02-27", "2026-02-01")
    assert [m["spec"] for m in doc["metrics"]] == ["G1"]
    # --to defaults to the newest snapshot
    assert run_json("diff", "G1", "--from", FROM, "--db", str(demo_db))["to"]["as_of"] == TO


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2010-01-01"], "--from 2010-01-01: the store holds no snapshot on or before that date"),
        (["--from", TO, "--to", FROM], f"--from {TO} is not before --to {FROM}"),
        (["--from", "2026-03-02", "--to", "2026-03-09"], "both resolve to the snapshot of 2026-03-01"),
        (["--from", "yesterday"], "--from 'yesterday': expected a date"),
    ],
)
def test_diff_refuses_dates_in_one_line(
    demo_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["diff", "G1", *args, "--db", str(demo_db)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_diff_text_reads_in_a_terminal(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "GEO1", "--from", FROM, "--to", TO, "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert "2025-09-01 → 2026-03-01" in out and "GEO1 downloads_by_country" in out
    assert "read 2025-09-01 (as of 2025-09-01) → read 2026-03-01 (as of 2026-03-01)" in out
    assert "us_share: " in out and " points)" in out
    assert "up by downloads: US +" in out


def test_report_since_opens_with_what_changed(
    demo_db: Path, demo_diff: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert main(["report", "--db", str(demo_db), "--out", str(out), "--since", FROM]) == 0
    # changes.json is the diff document `hubcensus diff --json` prints, from the since date to the as-of one
    assert json.loads((out / "changes.json").read_text(encoding="utf-8")) == demo_diff
    md = (out / "report.md").read_text(encoding="utf-8")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:2] == [f"## 1. What changed since {FROM}", "## 2. Growth"]
    g1 = next(f for m in demo_diff["metrics"] if m["spec"] == "G1" for f in m["headline"] if f["key"] == "models")
    assert f"- Models: {g1['from']:,} → {g1['to']:,} \\(\\+{g1['change']:,}" in md
    html = (out / "index.html").read_text(encoding="utf-8")
    assert f"<h2>What changed since {FROM}</h2>" in html and html.index('id="changes"') < html.index('id="ch-growth"')
    assert f"--since {FROM}</code>" in html
    # without --since: no such chapter, no changes.json (the demo's own report)
    plain = demo_db.parent
    assert not (plain / "changes.json").exists()
    assert "What changed" not in (plain / "report.md").read_text(encoding="utf-8")


def test_report_since_before_the_store_is_refused_before_writing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "never"
    assert main(["report", "--db", str(demo_db), "--out", str(out), "--since", "2010-01-01"]) == 2
    assert "--since 2010-01-01: the store holds no snapshot" in capsys.readouterr().err
    assert not out.exists()


# -- the real series -----------------------------------------------------------------------------------
def test_real_series_diff_is_the_difference(real_diff: dict[str, Any], real_series: Path) -> None:
    assert real_diff["from"]["as_of"] == "2024-11-28" and real_diff["to"]["as_of"] == REAL_TO
    assert real_diff["source"] == "real"
    assert_diff_is_the_difference(real_diff, real_series, REAL_FROM, REAL_TO)


def test_real_series_none_sides_and_movers(real_diff: dict[str, Any]) -> None:
    """Partial listings of 30-day counts: most series figures cannot be given; those stay None with reasons."""
    assert assert_none_sides_say_why(real_diff) > 20
    assert assert_movers_sorted(real_diff) > 0
    growth = next(m for m in real_diff["metrics"] if m["spec"] == "G1")
    assert all(f["from"] is None and f["to"] is None and f["reasons"] for f in growth["headline"])
    assert growth["movers"]["why"] == "the table is empty on both sides"


def test_real_series_report_since(real_series: Path, real_diff: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "report"
    code, printed = run("report", "--db", str(real_series), "--out", str(out), "--since", REAL_FROM)
    assert code == 0, printed
    assert json.loads((out / "changes.json").read_text(encoding="utf-8")) == real_diff
    assert f"## 1. What changed since {REAL_FROM}" in (out / "report.md").read_text(encoding="utf-8")


# -- the movers' rule, by hand -------------------------------------------------------------------------
def test_movers_rule_on_hand_made_tables() -> None:
    # S1-like: a category alone does not tell rows apart, its year does; the rank is neither key nor measure
    before = [
        {"year": 2024, "category": "a", "datasets": 10, "rank": 1},
        {"year": 2025, "category": "a", "datasets": 5, "rank": 2},
        {"year": 2025, "category": "b", "datasets": 7, "rank": 1},
        {"year": 2025, "category": "gone", "datasets": 1, "rank": 3},
    ]
    after = [
        {"year": 2024, "category": "a", "datasets": 10, "rank": 1},
        {"year": 2025, "category": "a", "datasets": 9, "rank": 2},
        {"year": 2025, "category": "b", "datasets": 3, "rank": 3},
        {"year": 2025, "category": "c", "datasets": 12, "rank": 1},
    ]
    mv = movers(before, after)
    assert mv["key"] == ["category", "year"] and mv["by"] == "datasets"
    assert mv["up"] == [{"row": {"category": "a", "year": 2025}, "from": 5, "to": 9, "change": 4}]
    assert mv["down"] == [{"row": {"category": "b", "year": 2025}, "from": 7, "to": 3, "change": -4}]
    assert mv["entered"] == [{"row": {"category": "c", "year": 2025}, "value": 12}] and mv["entered_count"] == 1
    assert mv["left"] == [{"row": {"category": "gone", "year": 2025}, "value": 1}] and mv["left_count"] == 1
    # an attribute that changes (an organisation, a flag) does not make one row a new one and a gone one
    before = [{"ns": "a", "org": "X", "big": False, "repos": 2}, {"ns": "b", "org": "X", "big": True, "repos": 5}]
    after = [{"ns": "a", "org": "Y", "big": True, "repos": 3}, {"ns": "b", "org": "X", "big": True, "repos": 5}]
    mv = movers(before, after)
    assert mv["key"] == ["ns"] and mv["up"] == [{"row": {"ns": "a"}, "from": 2, "to": 3, "change": 1}]
    assert mv["entered"] == [] and mv["left"] == []
    # the edition's own date (no value shared by the two sides) does not tell rows apart: the model does
    before = [{"date": "2025-09-01", "model": "m1", "likes": 3}, {"date": "2025-09-01", "model": "m2", "likes": 1}]
    after = [{"date": "2026-03-01", "model": "m1", "likes": 4}, {"date": "2026-03-01", "model": "m3", "likes": 9}]
    mv = movers(before, after)
    assert mv["key"] == ["model"] and [x["row"] for x in mv["up"]] == [{"model": "m1"}]
    assert [x["row"] for x in mv["entered"]] == [{"model": "m3"}] and [x["row"] for x in mv["left"]] == [
        {"model": "m2"}
    ]
    # a column counting downloads is the measure wherever it stands; a None measure is no mover
    rows = [{"label": "x", "models": 1, "downloads": 10}, {"label": "y", "models": 2, "downloads": None}]
    later = [{"label": "x", "models": 1, "downloads": 4}, {"label": "y", "models": 9, "downloads": 50}]
    mv = movers(rows, later)
    assert mv["by"] == "downloads" and mv["up"] == [] and [x["row"] for x in mv["down"]] == [{"label": "x"}]
    # only the five largest each way, largest first
    many = [{"k": str(i), "v": 0} for i in range(8)]
    mv = movers(many, [{"k": str(i), "v": i} for i in range(8)])
    assert [x["change"] for x in mv["up"]] == [7, 6, 5, 4, 3, 2][:5]
    # rows no column tells apart have no movers, and say so
    assert movers([{"k": "a", "v": 1}] * 2, [{"k": "a", "v": 2}])["why"] == (
        "the table's rows cannot be told apart on each side"
    )


def test_report_since_escapes_hub_markup(report_world: Path, tmp_path: Path) -> None:
    """A mover named by a Hub string (the report world's hostile namespace) is text in the page and the Markdown."""
    out = tmp_path / "report"
    since = REPORT_DATES[0]  # before the hostile model was a year old: it enters POP1's "year ago" list
    code, printed = run("report", "--db", str(report_world), "--out", str(out), "--as-of", AS_OF, "--since", since)
    assert code == 0, printed
    assert HOSTILE in (out / "changes.json").read_text(encoding="utf-8")  # the markup reached the chapter's data
    index = (out / "index.html").read_text(encoding="utf-8")
    chapter = index[index.index('id="changes"') : index.index('id="ch-growth"')]
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in chapter
    md = (out / "report.md").read_text(encoding="utf-8")
    for bad in MARKUP:
        assert bad not in index and bad not in md, bad
