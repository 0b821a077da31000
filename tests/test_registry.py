"""The registry's file format, overrides, and the attribution rules for authors it does not list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.enrich.fortune500 import load_companies
from hubcensus.enrich.registry import (
    COLUMNS,
    ISO_COUNTRIES,
    KINDS,
    SECTORS,
    load_registry,
    parse_registry,
)
from hubcensus.errors import UserError
from tests.hubfiles import model, write_snapshot

HEADER = ",".join(COLUMNS)


def parse(body: str) -> list:
    return parse_registry(HEADER + "\n" + body, "test.csv", "user:test.csv")


def test_a_good_row() -> None:
    [row] = parse('Qwen,"Alibaba Cloud, Qwen team",CN,industry,big_tech,Alibaba Group,,renamed from x\n')
    assert (row.author, row.organisation, row.country, row.sector, row.kind) == (
        "Qwen",
        "Alibaba Cloud, Qwen team",
        "CN",
        "industry",
        "big_tech",
    )
    assert row.fortune500_rank is None and row.line == 2


@pytest.mark.parametrize(
    "body, message",
    [
        ("x,X,USA,industry,company,,,\n", "line 2: field 'country' = 'USA'"),
        ("x,X,US,business,company,,,\n", "line 2: field 'sector' = 'business'"),
        ("x,X,US,industry,megacorp,,,\n", "line 2: field 'kind' = 'megacorp'"),
        ("x,X,US,industry,company,,501,\n", "line 2: field 'fortune500_rank' = '501'"),
        ("x,X,US,industry,company,,first,\n", "field 'fortune500_rank' = 'first'"),
        ("x,X,US,industry,company\n", "line 2: 5 fields, expected 8"),
        (",X,US,industry,company,,,\n", "line 2: field 'author' is empty"),
        ("x,,US,industry,company,,,\n", "field 'organisation' is empty"),
        (
            "x,X,US,industry,company,,,\ny,Y,FR,academia,university,,,\nx,X2,US,industry,company,,,\n",
            "line 4: author 'x' repeats line 2",
        ),
    ],
)
def test_a_broken_row_is_an_error_naming_the_line(body: str, message: str) -> None:
    with pytest.raises(UserError, match="^test.csv: ") as err:
        parse(body)
    assert message in str(err.value)


def test_wrong_header() -> None:
    with pytest.raises(UserError, match="line 1: header must be exactly"):
        parse_registry("author,org,country\n", "test.csv", "user")


def test_shipped_registry_is_valid_and_substantial() -> None:
    rows = load_registry()
    assert len(rows) >= 500
    assert all(r.sector in SECTORS and r.kind in KINDS for r in rows)
    assert all(not r.country or r.country in ISO_COUNTRIES for r in rows)
    by = {r.author: r for r in rows}
    # a few facts a wrong row would move headlines with
    for author, country, kind in [
        ("Qwen", "CN", "big_tech"),
        ("meta-llama", "US", "big_tech"),
        ("facebook", "US", "big_tech"),
        ("deepseek-ai", "CN", None),
        ("mistralai", "FR", None),
        ("google", "US", "big_tech"),
        ("nvidia", "US", "big_tech"),
        ("microsoft", "US", "big_tech"),
    ]:
        assert by[author].country == country, author
        if kind:
            assert by[author].kind == kind, author
    for quantizer in ("TheBloke", "bartowski"):
        assert by[quantizer].country == "" and by[quantizer].sector == "independent"


def test_shipped_fortune500_list() -> None:
    rows = load_companies()
    ranks = [r.rank for r in rows]
    # The whole 2025 list, each rank once (docs/registry.md names the source)
    assert sorted(ranks) == list(range(1, 501))
    assert any(r.hub_namespace == "nvidia" for r in rows)


def test_user_registry_overrides_and_extends(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(HEADER + "\nQwen,Somebody Else,SG,academia,lab,,,test override\nmy-lab,My Lab,DE,academia,lab,,,\n")
    rows = {r.author: r for r in load_registry([mine])}
    assert rows["Qwen"].country == "SG" and rows["Qwen"].source == "user:mine.csv"
    assert rows["my-lab"].organisation == "My Lab"


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "s.duckdb"
    folder = write_snapshot(
        tmp_path / "hub",
        "2026-01-01",
        models=[
            model("Qwen/Qwen3-8B", 100),
            model("someone/ft", 5),
            model("acme-ai/m", 3),
            model("tum-university/m", 2),
            model("mystery/m", 1),
        ],
    )
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "name": ["Qwen", "someone", "acme-ai", "tum-university"],
                "type": ["org", "user", "org", "org"],
                "isVerified": [True, False, False, False],
            }
        ),
        folder / "authors.parquet",
    )
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    return db


def test_attribution_rules_for_every_author(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store(tmp_path)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    got = {
        r[0]: r[1:]
        for r in con.execute("SELECT author, country, sector, kind, source FROM author_attribution").fetchall()
    }
    con.close()
    assert got["Qwen"] == ("CN", "industry", "big_tech", "curated")
    assert got["someone"] == (None, "independent", "individual", "default:user")
    assert got["acme-ai"] == (None, None, None, "unattributed")
    assert got["tum-university"] == (None, "academia", "university", "inferred:name")
    assert got["mystery"] == (None, None, None, "unattributed")


def test_who_explains_its_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store(tmp_path)
    capsys.readouterr()
    assert main(["who", "qwen", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["country"] == "CN" and doc["source"] == "curated" and "registry.csv (shipped) line" in doc["because"]
    assert main(["who", "someone", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "international / no clear base" in out and "default:user" in out
    assert main(["who", "acme-ai", "--db", str(db)]) == 0
    assert "unattributed" in capsys.readouterr().out


def test_user_registry_is_kept_for_later_enrichment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _store(tmp_path)
    mine = tmp_path / "mine.csv"
    mine.write_text(HEADER + "\nacme-ai,ACME AI,FR,industry,startup,,,a user's row\n")
    assert main(["enrich", "--db", str(db), "--registry", str(mine)]) == 0
    assert main(["enrich", "--db", str(db)]) == 0  # no --registry: the kept one still applies
    capsys.readouterr()
    assert (
        main(
            [
                "sql",
                "SELECT country, source FROM author_attribution WHERE author = 'acme-ai'",
                "--db",
                str(db),
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == [{"country": "FR", "source": "user:mine.csv"}]


def _attribution(db: Path) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM author_attribution ORDER BY author").fetchall()


def test_attribution_written_by_difference_is_the_one_built_whole(tmp_path: Path) -> None:
    """Enrich writes only the attribution rows that changed; the table must be the one a store without it builds."""
    import duckdb

    db = _store(tmp_path)
    mine = tmp_path / "mine.csv"
    mine.write_text(HEADER + "\nacme-ai,ACME AI,FR,industry,startup,,,a user's row\n")
    assert main(["enrich", "--db", str(db), "--registry", str(mine)]) == 0
    by_difference = _attribution(db)
    assert ("acme-ai", "ACME AI", "FR") in [r[:3] for r in by_difference]
    # the same store with the table gone, then with a table of other columns (an older hubcensus): built whole
    for ddl in ("DROP TABLE author_attribution", "ALTER TABLE author_attribution ADD COLUMN older INTEGER"):
        with duckdb.connect(str(db)) as con:
            con.execute(ddl)
        assert main(["enrich", "--db", str(db)]) == 0
        assert _attribution(db) == by_difference


def test_broken_user_registry_leaves_the_store_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.hubfiles import dump_store

    db = _store(tmp_path)
    before = dump_store(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nacme-ai,ACME AI,France,industry,startup,,,\n")
    capsys.readouterr()
    assert main(["enrich", "--db", str(db), "--registry", str(bad)]) == 2
    assert "bad.csv: line 2: field 'country' = 'France'" in capsys.readouterr().err
    assert dump_store(db) == before


def test_registry_command_dumps_the_merged_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "--json", "--db", str(tmp_path / "none.duckdb")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {*COLUMNS, "source"}
    assert any(r["author"] == "Qwen" for r in rows)
