"""Validation at the door (issue 16, `store/validate.py`): what is refused, what is quarantined and counted,
and the messages that used to mislead."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hubcensus.cli import main
from hubcensus.store.validate import COUNT_MAX, ID_MAX
from tests.hubfiles import dump_store, model, ts, write_jsonl, write_kind, write_snapshot


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store holding one snapshot, so that "unchanged" means something."""
    path = tmp_path / "store.duckdb"
    write_snapshot(tmp_path / "good", "2026-01-01", models=[model("a/x", 5), model("a/y", 7)])
    assert main(["ingest", str(tmp_path / "good" / "2026-01-01"), "--db", str(path), "--no-enrich"]) == 0
    return path


def refused(db: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    before = dump_store(db)
    capsys.readouterr()
    code = main(["ingest", *args, "--db", str(db), "--no-enrich"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith("error: ") and len(err.splitlines()) == 1, err
    assert dump_store(db) == before
    return err


def status_of(db: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


# -- refused ----------------------------------------------------------------------------------------
def test_an_id_with_a_nul_is_refused_naming_row_and_field(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kind(tmp_path / "2026-02-01", "models", [model("a/x", 1), model("a/b\x00c", 2)])
    err = refused(db, [str(tmp_path / "2026-02-01")], capsys)
    assert "models.parquet: row 2: field 'id' is not a Hub id: it holds a control character ('a/b\\x00c')" in err, err


def test_an_id_with_a_newline_in_jsonl_names_the_id(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_jsonl(tmp_path / "2026-02-01" / "models.jsonl", [{"id": "a/b\nc"}])
    err = refused(db, [str(tmp_path / "2026-02-01")], capsys)
    assert "the row with id 'a/b\\nc': field 'id' is not a Hub id" in err, err


def test_an_id_longer_than_any_the_hub_held_is_refused(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kind(tmp_path / "2026-02-01", "models", [model("a/" + "x" * 10_000, 1)])
    err = refused(db, [str(tmp_path / "2026-02-01")], capsys)
    assert f"is 10,002 characters long, longer than any id the Hub has held (at most {ID_MAX})" in err.replace(
        "10002", "10,002"
    ), err
    # ... while the longest real ids (257 characters in the 2022-07 listing) go in.
    write_kind(tmp_path / "2026-02-02", "models", [model("a/" + "x" * 255, 1)])
    assert main(["ingest", str(tmp_path / "2026-02-02"), "--db", str(db), "--no-enrich", "--partial"]) == 0


@pytest.mark.parametrize(
    ("day", "why"), [("9999-12-31", "is in the future"), ("0001-01-01", "is before the Hub existed")]
)
def test_a_snapshot_dated_outside_the_hubs_lifetime_is_refused(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str], day: str, why: str
) -> None:
    folder = write_snapshot(tmp_path, day, models=[model("a/x", 1)])
    err = refused(db, [str(folder)], capsys)
    assert f"snapshot date {day} {why}" in err and day in err, err


def test_a_complete_listing_of_no_rows_is_refused_even_first_and_insisted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.duckdb"
    empty = write_kind(tmp_path / "2026-03-01", "models", []).parent
    for extra in ([], ["--complete"]):
        assert main(["ingest", str(empty), "--db", str(db), "--no-enrich", *extra]) == 2
        assert "an empty listing is never the whole Hub" in capsys.readouterr().err
    assert not db.exists()
    assert main(["ingest", str(empty), "--db", str(db), "--no-enrich", "--partial"]) == 0  # listing nothing: harmless


# -- quarantined ------------------------------------------------------------------------------------
def test_out_of_range_values_are_left_out_counted_and_shown(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        model("a/x", -5),
        model("a/y", 2**63 - 1, likes=COUNT_MAX + 1),
        model("a/z", 3, createdAt=dt.datetime(1, 1, 1, tzinfo=dt.UTC)),
        model("a/w", 4, lastModified=dt.datetime(2026, 2, 3, tzinfo=dt.UTC)),  # two days after the snapshot
        model("a/v", 4, lastModified=dt.datetime(2026, 2, 2, 12, tzinfo=dt.UTC)),  # within the day's slack
    ]
    write_kind(tmp_path / "2026-02-01", "models", rows)
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "2026-02-01"), "--db", str(db), "--no-enrich"]) == 0
    assert "quarantined 5 values (left out, the rows kept)" in capsys.readouterr().out
    got = query(
        db,
        "SELECT repo_id, downloads_30d, likes FROM repo_stats WHERE snapshot_id = 20260201 AND repo_id IN "
        "('a/x', 'a/y') ORDER BY 1",
    )
    assert got == [("a/x", None, 0), ("a/y", None, None)]
    assert query(db, "SELECT repo_id FROM repos WHERE created_at IS NULL OR last_modified IS NULL ORDER BY 1") == [
        ("a/w",),
        ("a/z",),
    ]
    snap = next(s for s in status_of(db, capsys)["snapshots"] if s["snapshot_id"] == 20260201)
    assert snap["quarantined"] == 5
    assert snap["mapped"]["model"]["quarantined"] == {
        "createdAt: dated before 2016-01-01 or after 2026-02-02": 1,
        "downloads: below 0 or above 1e+12": 2,
        "lastModified: dated before 2016-01-01 or after 2026-02-02": 1,
        "likes: below 0 or above 1e+12": 1,
    }
    assert main(["status", "--db", str(db)]) == 0
    assert "values quarantined at ingest (left out, the rows kept): 2026-02-01 5" in capsys.readouterr().out
    assert main(["status", "--db", str(db), "--snapshot", "2026-02-01"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "5 values quarantined" in shown and "1 createdAt: dated before 2016-01-01" in shown, shown


def test_one_row_dated_2999_does_not_date_the_snapshot(tmp_path: Path, db: Path) -> None:
    path = write_jsonl(
        tmp_path / "models.jsonl",
        [
            {"id": "a/x", "lastModified": "2025-06-01T00:00:00Z"},
            {"id": "a/late", "lastModified": "2999-01-01T00:00:00Z"},
        ],
    )
    assert main(["ingest", str(path), "--db", str(db), "--no-enrich", "--partial"]) == 0
    assert query(db, "SELECT snapshot_id FROM snapshots ORDER BY 1") == [(20250601,), (20260101,)]
    assert query(db, "SELECT last_modified FROM repos WHERE repo_id = 'a/late'") == [(None,)]


def test_integer_timestamps_in_seconds_are_read_as_seconds(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "2026-02-01"
    folder.mkdir()
    pq.write_table(
        pa.table({"id": ["a/s", "a/ms"], "createdAt": [1_700_000_000, 1_700_000_000_000]}), folder / "models.parquet"
    )
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich", "--partial"]) == 0
    assert query(db, "SELECT repo_id, created_at FROM repos WHERE repo_id IN ('a/s', 'a/ms') ORDER BY 1") == [
        ("a/ms", dt.datetime(2023, 11, 14, 22, 13, 20)),
        ("a/s", dt.datetime(2023, 11, 14, 22, 13, 20)),
    ]


def test_two_formats_of_one_kind_with_other_types_go_in_together(tmp_path: Path, db: Path) -> None:
    folder = write_snapshot(tmp_path, "2026-02-01", models=[model("a/x", 5), model("a/y", 7)])
    (folder / "models.jsonl").write_text('{"id": "c/j", "downloads": 2.5, "createdAt": 1700000000, "likes": "3"}\n')
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich"]) == 0
    assert query(db, "SELECT rows FROM snapshot_kinds WHERE snapshot_id = 20260201") == [(3,)]
    assert query(
        db,
        "SELECT r.repo_id, s.downloads_30d, s.likes, year(r.created_at) FROM repos r JOIN repo_stats s "
        "USING (repo_id) WHERE s.snapshot_id = 20260201",
    ) == [("c/j", 3, 3, 2023)]  # 2.5 rounds half away from zero; seconds since 1970


# -- messages that misled ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("models.jsonl", '{"id": "a/b", "tags": 5}\n', "field 'tags' has a value that is not a list of text"),
        ("models.jsonl", '{"id": "a/b"}\n[1, 2]\n', "models.jsonl: line 2: not a JSON object"),
        ("models.csv", "id,downloads\na/b,1\na/c,2,3,4\n", "models.csv: line 3: 4 fields where the header has 2"),
        ("models.csv", 'id,downloads\na/b,1\n"a/c,2\na/d,3\n', "models.csv: line 4: not valid CSV"),
        ("models.jsonl", '{"id": "a", "x": ' + "[" * 2000 + "]" * 2000 + "}\n", "line 1: JSON nested too deep"),
        ("models.jsonl", "", "models.jsonl: the file is empty"),
    ],
)
def test_a_misshapen_file_gets_the_message_that_says_what_is_wrong(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str
) -> None:
    folder = tmp_path / "2026-02-01"
    folder.mkdir()
    (folder / name).write_text(text)
    assert expected in refused(db, [str(folder)], capsys)


def test_deep_api_json_is_one_line(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "models-2026-02-01.json"
    path.write_text('[{"id": "a/b", "x": ' + "[" * 2000 + "]" * 2000 + "}]")
    assert "models-2026-02-01.json: JSON nested too deep to read" in refused(db, [str(path)], capsys)


def test_a_symlink_loop_is_named(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_snapshot(tmp_path, "2026-02-01", models=[model("a/x", 1)])
    (folder / "again").symlink_to(folder)
    assert "again: a link back to a folder it is in (a loop)" in refused(db, [str(folder)], capsys)


def test_a_store_file_cut_short_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    for args in (["status"], ["metric", "--all", "--json"], ["sql", "SELECT 1"]):
        capsys.readouterr()
        assert main([*args, "--db", str(db)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "the store file is damaged (cut short" in err, err


def test_paper_dates_have_their_own_lifetimes(tmp_path: Path, db: Path) -> None:
    """A paper's arXiv date may predate the Hub (not arXiv); its day on the Hub's daily papers may not."""
    papers = [
        {
            "paper_id": "1706.03762",
            "paper_publishedAt": ts("2017-06-12"),
            "paper_submittedOnDailyAt": ts("2024-01-01"),
            "paper_upvotes": 5,
        },
        {"paper_id": "1301.03781", "paper_publishedAt": ts("2013-01-16"), "paper_submittedOnDailyAt": ts("2015-01-01")},
        {"paper_id": "9001.00001", "paper_publishedAt": ts("1985-01-01"), "paper_upvotes": -3},
    ]
    folder = write_snapshot(tmp_path, "2026-02-01", papers=papers)
    assert main(["ingest", str(folder), "--db", str(db), "--no-enrich"]) == 0
    assert query(db, "SELECT paper_id, year(published_at), year(submitted_at), upvotes FROM papers ORDER BY 1") == [
        ("1301.03781", 2013, None, None),
        ("1706.03762", 2017, 2024, 5),
        ("9001.00001", None, None, None),
    ]


def test_an_error_in_api_json_names_the_users_file(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "models-2026-02-01.json"
    path.write_text(json.dumps([{"id": "a/ok"}, {"id": "a/b\u0000c"}]))
    assert f"{path}: the row with id 'a/b\\x00c': field 'id' is not a Hub id" in refused(db, [str(path)], capsys)
    path.write_text(json.dumps([{"id": "a/ok"}, {"id": "a/" + "n" * 100, "downloads": "lots"}]))
    err = refused(db, [str(path)], capsys)
    assert f"{path}: the row with id 'a/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…': field 'downloads'" in err, err
