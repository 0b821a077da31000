"""`hubcensus registry --check` (every problem of a registry file, one line each) and `--coverage` (how much of a
store's downloads the registry attributes, and the largest gaps), through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.enrich.fortune500 import load_companies
from hubcensus.enrich.registry import COLUMNS
from hubcensus.enrich.registry_check import lint
from tests.hubfiles import model, write_snapshot

HEADER = ",".join(COLUMNS)


def test_the_shipped_registry_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("registry ok")


BROKEN = f"""{HEADER}
acme,Acme,US,industry,startup,,,
acme,Acme again,US,industry,startup,,,
ACME-labs,Acme Labs,US,industry,startup,,,
acme-Labs,Acme Labs,US,industry,startup,,,
x1,X One,USA,industry,company,,,
x2,X Two,US,business,company,,,
x3,X Three,US,industry,megacorp,,,
x4,X Four,US,academia,startup,,,
jdoe,Jane Doe,GB,independent,individual,,,
x5,X Five,US,industry,company,,600,
x6,Not Meta,US,industry,company,,22,
x7,Walmart Global Tech,US,industry,company,,1,
x8,Red Hat,US,industry,company,IBM,68,
x9,Only,Three
,No author,US,industry,company,,,
"""


def test_a_broken_file_gives_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(BROKEN, encoding="utf-8")
    assert main(["registry", "--check", "--registry", str(mine)]) == 1
    lines = capsys.readouterr().out.splitlines()
    m = str(mine)
    assert lines == [
        f"{m}: line 3: author 'acme' repeats line 2",
        f"{m}: line 5: author 'acme-Labs' differs only in case from 'ACME-labs' (line 4); the Hub allows one of them",
        f"{m}: line 6: country 'USA' is not an ISO 3166-1 alpha-2 code",
        f"{m}: line 7: sector 'business' is not one of industry, academia, nonprofit, government, independent",
        f"{m}: line 8: kind 'megacorp' is not one of big_tech, startup, company, lab, university, community, individual",
        f"{m}: line 9: kind 'startup' with sector 'academia' (a startup is industry)",
        f"{m}: line 10: an individual has no country (got 'GB')",
        f"{m}: line 11: fortune500_rank '600' is not a rank from 1 to 500",
        f"{m}: line 12: fortune500_rank 22 is Meta Platforms, but neither organisation 'Not Meta' nor parent '' names it",
        f"{m}: line 15: 3 fields, expected 8 (quote fields that hold commas)",
        f"{m}: line 16: field 'author' is empty",
    ]


def test_lint_without_the_list_skips_the_alias_checks() -> None:
    text = f"{HEADER}\nx6,Not Meta,US,industry,company,,22,\n"
    assert lint(text, "t.csv") == []
    assert lint(text, "t.csv", load_companies()) != []


def test_a_wrong_header_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("author,org\nx,X\n", encoding="utf-8")
    assert main(["registry", "--check", "--registry", str(mine)]) == 1
    assert capsys.readouterr().out.splitlines() == [f"{mine}: line 1: header must be exactly {HEADER} (got author,org)"]


def _store(tmp_path: Path) -> Path:
    # Downloads: Qwen 600 (registry: CN), EleutherAI 200 (registry: blank country on purpose), someone 100
    # (a user account: the individual default), tum-university 50 (organisation named like a university:
    # inferred), mystery-corp 40 and other-org 10 (organisations without a row: unattributed). Total 1,000.
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[
            model("Qwen/Qwen3-8B", 500),
            model("qwen/lower-case-spelling", 100),  # matched case-insensitively
            model("EleutherAI/pythia", 200),
            model("someone/ft", 100),
            model("tum-university/m", 50),
            model("mystery-corp/m", 40),
            model("other-org/m", 10),
        ],
    )
    pq.write_table(
        pa.table(
            {
                "name": ["Qwen", "someone", "tum-university", "mystery-corp", "other-org"],
                "type": ["org", "user", "org", "org", "org"],
                "isVerified": [True, False, False, False, False],
            }
        ),
        folder / "authors.parquet",
    )
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    return db


def test_coverage_on_a_small_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store(tmp_path)
    capsys.readouterr()
    assert main(["registry", "--coverage", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["downloads"] == 1000
    assert (doc["curated"], doc["with_country"], doc["individuals"], doc["inferred"], doc["unattributed"]) == (
        800,
        600,
        100,
        50,
        50,
    )
    assert (doc["curated_share"], doc["country_share"]) == (0.8, 0.6)
    assert [(r["author"], r["downloads_30d"], r["default"]) for r in doc["largest"]] == [
        ("tum-university", 50, "inferred:name"),
        ("mystery-corp", 40, "unattributed"),
        ("other-org", 10, "unattributed"),
    ]
    # a user's row for mystery-corp covers it
    mine = tmp_path / "mine.csv"
    mine.write_text(f"{HEADER}\nmystery-corp,Mystery Corp,DE,industry,startup,,,\n", encoding="utf-8")
    assert main(["registry", "--coverage", "--db", str(db), "--registry", str(mine), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["curated"], doc["with_country"]) == (840, 640)
    # the table view names the figures and the list
    assert main(["registry", "--coverage", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "with a registry row (curated country and sector): 80.0%" in out and "mystery-corp" in out


def test_coverage_needs_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "--coverage", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no store here" in capsys.readouterr().err
