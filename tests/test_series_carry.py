"""The monthly downloads series extended day by day (`metrics.series_carry`) equals the one rebuilt from the
whole history (`enrich --full`), and the one a metric run computes for itself: every metric document, to the byte.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from hubcensus.cli import main
from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.metrics import series, series_carry
from hubcensus.metrics.base import context
from hubcensus.metrics.series import closes, monthly_downloads
from hubcensus.store import Store
from tests.hubfiles import model, ts, write_snapshot
from tests.metricstore import build

SMALL = ["--models", "500", "--datasets", "60", "--spaces", "60", "--papers", "30", "--seed", "11"]
DAYS = 40  # 2026-01-21 … 2026-03-01: two month boundaries


def documents(db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["metric", "--all", "--json", "--db", str(db)]) == 0
    return capsys.readouterr().out


def ingest(db: Path, hub: Path, days: list[str], *extra: str) -> None:
    staging = db.parent / f"stage-{days[0]}-{len(days)}"
    staging.mkdir()
    for day in days:
        (staging / day).symlink_to(hub / day)
    assert main(["ingest", str(staging), "--db", str(db), *extra]) == 0


def table_rows(db: Path, *tables: str) -> dict[str, list[tuple]]:
    """Every row of each table, in order."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


def tagged(db: Path) -> dict[str, list[tuple]]:
    """Every row `metrics.tag_carry` keeps, table by table."""
    return table_rows(db, "_hc_tagged.flags", "_hc_tagged.members", "_hc_tagged.science", "_hc_tagged_datasets.members")


def monthly(db: Path) -> dict[str, list[tuple]]:
    """The carried monthly table, its sums per namespace and per (repo, year), and each repo's last row with
    the members of its open stall run counted (by repo id: the integer keys are the store's own)."""
    rows = table_rows(db, "_hc_carry.monthly_model", "_hc_carry.by_ns_model", "_hc_carry.years_model")
    with duckdb.connect(str(db), read_only=True) as con:
        rows["last"] = con.execute(
            "SELECT ky.repo_id, l.* EXCLUDE (k) FROM _hc_carry.last_model l "
            "JOIN _hc_carry.keys_model ky USING (k) ORDER BY ALL"
        ).fetchall()
    return rows


def carried(db: Path) -> tuple[int, int]:
    """(snapshots the carried series holds, how many it held when last rebuilt from the whole history)."""
    with duckdb.connect(str(db), read_only=True) as con:
        doc = json.loads(con.execute("SELECT doc FROM _hc_carry.meta WHERE kind = 'model'").fetchone()[0])
    return len(doc["series"]), doc["rebuilt_with"]


def rebuilt(db: Path) -> Path:
    """A copy of `db` beside it, enriched with `--full`: its carry rebuilt from the whole history."""
    full = db.with_name(f"{db.stem}-full.duckdb")
    shutil.copy(db, full)
    assert main(["enrich", "--full", "--db", str(full)]) == 0
    return full


def fed_a_day_at_a_time(tmp_path: Path, days: list[dt.date], day_models: Callable[[int], list[dict]]) -> Path:
    """A store of hand-made daily snapshots (`day_models(i)`: day i's models): the first two ingested together,
    then one `ingest` a day, as a tracker feeds it."""
    root = tmp_path / "hub"
    for i, day in enumerate(days):
        write_snapshot(root, day.isoformat(), models=day_models(i))
    db = tmp_path / "daily.duckdb"
    ingest(db, root, [d.isoformat() for d in days[:2]])
    for day in days[2:]:
        ingest(db, root, [day.isoformat()])
    return db


@pytest.fixture(scope="module")
def daily_hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hub = tmp_path_factory.mktemp("carry") / "hub"
    assert main(["generate", "--out", str(hub), "--snapshots", str(DAYS), "--every", "day", *SMALL]) == 0
    return hub


def test_a_daily_history_extended_day_by_day_gives_the_documents_of_a_full_rebuild(
    daily_hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = sorted(p.name for p in daily_hub.iterdir())
    db = tmp_path / "daily.duckdb"
    ingest(db, daily_hub, days[:25])  # the first enrich rebuilds: there is nothing carried yet
    assert carried(db) == (25, 25)
    for i in range(25, 31):  # one day at a time, across the February boundary
        ingest(db, daily_hub, days[i : i + 1])
        assert carried(db) == (i + 1, 25), "a new day extends the series, it does not rebuild it"
    ingest(db, daily_hub, days[31:])  # nine days in one ingest: nine steps, across the March boundary
    assert carried(db) == (DAYS, 25)

    full = rebuilt(db)
    assert carried(full) == (DAYS, DAYS)
    bare = tmp_path / "bare.duckdb"  # no kept intermediates: every metric computes its own
    shutil.copy(db, bare)
    with duckdb.connect(str(bare)) as con:
        con.execute("DROP SCHEMA _hc_precomputed CASCADE")

    # the carried monthly table and its sums, row for row: a day rewrites only the rows it changes
    assert monthly(db) == monthly(full)
    extended = documents(db, capsys)
    assert '"A1"' in extended and '"G2"' in extended
    assert extended == documents(full, capsys)
    # what tags say (D1's family names, C2's memberships), updated for the repos whose tags changed, as rebuilt
    assert tagged(db) == tagged(full)
    assert extended == documents(bare, capsys)


def series_by_repo(db: Path) -> list[tuple]:
    """The carried series' statistics at every snapshot, by repo id (the integer keys are the store's own)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT ky.repo_id, s.* EXCLUDE (k) FROM _hc_carry.series_model s "
            "JOIN _hc_carry.keys_model ky USING (k) ORDER BY ALL"
        ).fetchall()


@pytest.mark.parametrize("flush_rows", [1, 10**9], ids=["appended-after-every-day", "appended-once"])
def test_several_days_stepped_in_one_ingest_append_the_series_rows_a_rebuild_gives(
    daily_hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flush_rows: int
) -> None:
    # the steps' rows wait in a temporary table and are appended together (so many days leave few under-filled
    # row groups): appended whenever it holds FLUSH_ROWS, and once after the last step
    monkeypatch.setattr(series_carry, "FLUSH_ROWS", flush_rows)
    days = sorted(p.name for p in daily_hub.iterdir())
    db = tmp_path / "steps.duckdb"
    ingest(db, daily_hub, days[:5])
    ingest(db, daily_hub, days[5:14])
    assert carried(db) == (14, 5)
    full = rebuilt(db)
    stepped = series_by_repo(db)
    assert len({r[2] for r in stepped}) == 14
    assert stepped == series_by_repo(full)


def closest(db: Path) -> list[tuple]:
    """A1's carried observations: (k, age, days, snapshot_id, at_now, d30) per model and age."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM _hc_carry.closest_model ORDER BY k, age").fetchall()


def test_a1_reads_an_age_between_two_snapshots_at_the_earlier_one_extended_as_rebuilt(
    daily_hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # every other day: createdAt + age often falls between two snapshots as close as each other
    days = sorted(p.name for p in daily_hub.iterdir())[::2]
    db = tmp_path / "alternate.duckdb"
    ingest(db, daily_hub, days[:8])
    for i in range(8, len(days)):
        ingest(db, daily_hub, days[i : i + 1])
    assert carried(db) == (len(days), 8)
    full = rebuilt(db)

    kept = closest(db)
    assert kept == closest(full)
    newest = max(r[3] for r in kept)
    # ties were there to break: an age read the day before it, at a snapshot with a later one as close
    assert any(r[2] == r[1] - 1 and r[3] != newest for r in kept)
    assert documents(db, capsys) == documents(full, capsys)


def test_a_day_inserted_before_the_carried_ones_rebuilds_the_series(
    daily_hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = sorted(p.name for p in daily_hub.iterdir())[:16]
    db = tmp_path / "gap.duckdb"
    ingest(db, daily_hub, days[:10] + days[11:])
    assert carried(db) == (15, 15)
    ingest(db, daily_hub, days[10:11])  # out of order: the carry no longer describes the history
    assert carried(db) == (16, 16)
    full = rebuilt(db)
    assert documents(db, capsys) == documents(full, capsys)
    assert main(["forget", days[12], "--db", str(db)]) == 0  # a day taken out: rebuilt too
    assert carried(db) == (15, 15)
    full = rebuilt(db)
    assert documents(db, capsys) == documents(full, capsys)


def test_an_ingest_that_rebuilds_the_series_says_why_and_one_that_extends_it_says_nothing(
    daily_hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = sorted(p.name for p in daily_hub.iterdir())[:6]
    db = tmp_path / "why.duckdb"
    said = "the monthly downloads series was rebuilt"
    ingest(db, daily_hub, days[:2] + days[3:5], "--json")  # the first build: nothing to explain
    first = json.loads(capsys.readouterr().out)["enriched"]["series"]
    assert first == {"rebuilt": True, "why": None, "snapshots": 4, "rederived": 0}
    ingest(db, daily_hub, days[5:6])
    assert said not in capsys.readouterr().out
    ingest(db, daily_hub, days[2:3])  # out of order
    out = capsys.readouterr().out
    assert f"{said} from all 6 snapshots in " in out
    assert "not extended: a snapshot was added before the last one it carried" in out
    assert main(["enrich", "--full", "--json", "--db", str(db)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["enriched"]["series"] == {
        "rebuilt": True,
        "why": "`enrich --full` and `forget` rebuild it whole",
        "snapshots": 6,
        "rederived": 0,
    }


def test_a_new_hubcensus_keeps_the_carry_while_its_estimate_writes_the_same_sql(
    daily_hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = sorted(p.name for p in daily_hub.iterdir())[:7]
    db = tmp_path / "kept.duckdb"
    ingest(db, daily_hub, days[:5])
    assert carried(db) == (5, 5)
    written = series._increase_sql
    # other code writing the same SQL (a refactor, an edit of A2 or of a docstring): the day is a step
    monkeypatch.setattr(series, "_increase_sql", lambda *parts: written(*parts))
    ingest(db, daily_hub, days[5:6])
    assert carried(db) == (6, 5)
    # the increase written otherwise: the carry was kept under other rules, and is rebuilt
    monkeypatch.setattr(series, "_increase_sql", lambda *parts: f"({written(*parts)})")
    ingest(db, daily_hub, days[6:7])
    assert carried(db) == (7, 7)


# A model whose counter stalls for two days and then moves by one, over and over (a real pattern of a model
# downloaded about once in three days): each run of three intervals shares one download, a third each, and
# February's thirds add up to exactly 8.5 (runs cross the month's edges), which rounds to 9. Added as floating
# point the thirds came to 8.4999…, and the month said 8.
PATTERN_START = dt.date(2026, 1, 27)
# (day of the month, 30-day downloads, all-time downloads) where either changes; the days between carry them on
CHANGES = [
    ((1, 27), 10, 406),
    ((1, 30), 10, 407),
    ((2, 2), 9, 407),
    ((2, 3), 10, 408),
    ((2, 6), 10, 409),
    ((2, 8), 9, 409),
    ((2, 9), 10, 410),
    ((2, 11), 9, 410),
    ((2, 12), 10, 411),
    ((2, 14), 9, 411),
    ((2, 15), 10, 412),
    ((2, 17), 9, 412),
    ((2, 18), 10, 413),
    ((2, 20), 9, 413),
    ((2, 21), 10, 414),
    ((2, 23), 9, 414),
    ((2, 24), 10, 415),
    ((2, 26), 9, 415),
    ((2, 28), 10, 416),
]


def exact_months(days: list[tuple[dt.date, int, int]]) -> dict[dt.date, Fraction]:
    """The definition of `series` in exact fractions, written out again: increases since the previous day,
    a zero with a positive 30-day count a stall, a run of stalls and the jump ending it sharing it evenly."""
    rows = []
    for i, (day, d30, total) in enumerate(days):
        diff = None if i == 0 else max(total - days[i - 1][2], 0)
        rows.append((day, diff, diff == 0 and d30 > 0))
    shares: dict[dt.date, Fraction] = {}
    run: list[tuple[dt.date, int | None]] = []
    for day, diff, stalled in rows:
        run.append((day, diff))
        if not stalled:
            total = sum(d for _, d in run if d is not None)
            for member, d in run:
                shares[member] = Fraction(total, len(run)) if d is not None else Fraction(0)
            run = []
    for member, _ in run:  # a run not ended yet holds its zeros
        shares[member] = Fraction(0)
    months: dict[dt.date, Fraction] = {}
    for day, _, _ in rows:
        month = (day - dt.timedelta(days=1)).replace(day=1)
        months[month] = months.get(month, Fraction(0)) + shares[day]
    return months


def test_a_month_of_shared_thirds_that_adds_up_to_a_half_rounds_up(tmp_path: Path) -> None:
    changes = {dt.date(2026, *md): (d30, total) for md, d30, total in CHANGES}
    series, state, day = [], changes[PATTERN_START], PATTERN_START
    while day <= max(changes):
        state = changes.get(day, state)
        series.append((day, *state))
        day += dt.timedelta(days=1)
    exact = exact_months(series)
    february = dt.date(2026, 2, 1)
    assert exact[february] == Fraction(17, 2)  # the case this test is about
    snapshots = {
        day.isoformat(): {
            "models": [
                model(
                    "someone/thrice-a-week",
                    d30,
                    downloadsAllTime=total,
                    createdAt=ts("2025-06-01T00:00:00"),
                    pipeline_tag="text-generation",
                )
            ]
        }
        for day, d30, total in series
    }
    db = build(tmp_path, snapshots)
    with Store.open(db, read_only=True) as store:
        ctx = context(DuckDBEngine(store.con))
        table = monthly_downloads(ctx)
        assert table is not None
        got = {r["month"]: r["downloads"] for r in ctx.rows(f"SELECT month, downloads FROM {table} t")}
    assert closes(ctx.series[-1]) == february
    assert got[february] == 9  # 8.5, rounded half away from zero as every month is


def test_a_day_rewrites_the_monthly_rows_it_changes_and_only_those_as_a_rebuild_would(tmp_path: Path) -> None:
    # Each model changes something else from day to day, or nothing: a day's refresh rewrites the (repo, month)
    # rows whose figures move, and the ones it leaves must be the ones a rebuild writes alike.
    days = [dt.date(2026, 1, 28) + dt.timedelta(days=i) for i in range(8)]  # across the February boundary

    def day_models(i: int) -> list[dict]:
        created = ts("2025-06-01T00:00:00")
        return [
            model("a/flat", 0, downloadsAllTime=100, createdAt=created),  # nothing moves, a new month begins
            model("b/liked", 0, downloadsAllTime=50, likes=i, createdAt=created),  # likes alone move
            model("c/no-counter", 5 + i, downloadsAllTime=None, createdAt=created),  # 30-day counts alone
            # the counter missing one day inside February: from then the month is read from its 30-day count
            model("d/gap", 0, downloadsAllTime=None if i == 6 else 70, createdAt=created),
            # January read from its 30-day count from the first day (no increase before it), which moves daily
            model("g/thirty-day-month", 7 + i, downloadsAllTime=70, createdAt=created),
            model("e/stall", 5, downloadsAllTime=10 if i < 5 else 13, createdAt=created),  # a run, then its jump
            model("f/grows", 3, downloadsAllTime=20 + 3 * i, createdAt=created),
        ]

    db = fed_a_day_at_a_time(tmp_path, days, day_models)
    assert carried(db) == (len(days), 2)
    full = rebuilt(db)
    assert monthly(db) == monthly(full)


def test_a_repo_recreated_or_moved_to_another_author_is_re_derived_alone_as_a_rebuild_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A repo deleted and created again under its id comes back with a new createdAt, which the estimate reads
    # (a repo's first row counts its whole counter when it was created since the snapshot before; A1's ages
    # run from it); an author field can change too (namespace sums). Found in a store fed one day at a time,
    # such a day rebuilt the whole carry (twice a day's time at Hub scale): now those repos alone are derived
    # again from their carried history, and everything else is stepped as on any day.
    days = [dt.date(2026, 1, 26) + dt.timedelta(days=i) for i in range(10)]  # across the February boundary
    first = ts("2025-12-27T00:00:00")  # day 0 is its 30th day: A1's ages 30 and 60 are read in this history

    def day_models(i: int) -> list[dict]:
        rows = [
            model("a/steady", 4, downloadsAllTime=100 + 2 * i, createdAt=first, likes=i // 3),
            # first listed on day 2; from day 7 (February) listed with a createdAt between days 1 and 2, so that
            # its first row, in January, counts its whole counter as a rebuild reads it
            model(
                "b/recreated",
                5,
                downloadsAllTime=40 + i,
                createdAt=first if i < 7 else ts("2026-01-27T12:00:00"),
            ),
            # stalled over days 2-6 (its open run carried), then created again on day 5 with a new createdAt
            model(
                "c/stalled",
                3,
                downloadsAllTime=30 if 2 <= i <= 6 else 27 + i,
                createdAt=first if i < 5 else ts("2025-12-20T00:00:00"),
            ),
            # the author field changes on day 6 (its namespace sums move from one author to the other)
            model("d/moved", 2, downloadsAllTime=10 + i, createdAt=first, author="d" if i < 6 else "elsewhere"),
            model("elsewhere/native", 1, downloadsAllTime=5 + i, createdAt=first),
        ]
        return rows if i >= 2 else [r for r in rows if r["id"] != "b/recreated"]

    db = fed_a_day_at_a_time(tmp_path, days, day_models)
    assert carried(db) == (len(days), 2), "a recreated or moved repo is re-derived, not the whole carry"
    full = rebuilt(db)
    assert carried(full) == (len(days), len(days))
    assert monthly(db) == monthly(full)
    assert series_by_repo(db) == series_by_repo(full)
    by_repo = "SELECT ky.repo_id, c.* EXCLUDE (k) FROM _hc_carry.closest_model c JOIN _hc_carry.keys_model ky USING (k)"
    kept = table_rows(db, f"({by_repo})")
    assert kept == table_rows(full, f"({by_repo})")
    # A1 observes the repos whose ages fall in this history: the recreated one's counted from its new createdAt
    assert {r[0] for r in kept[f"({by_repo})"]} >= {"a/steady", "c/stalled"}
    # January's figure of the recreated repo is read from its first row now: the day rewrote a closed month
    january = [r for r in monthly(db)["_hc_carry.monthly_model"] if r[0] == "b/recreated" and r[2].month == 1]
    assert january and january[0][4] == "all_time_diff"
    assert documents(db, capsys) == documents(full, capsys)
