"""The monthly downloads estimate, on a series whose right answer is worked out by hand, on each engine."""

from __future__ import annotations

from pathlib import Path

from hubcensus.metrics import context
from hubcensus.metrics.series import monthly_downloads_sql as monthly_downloads
from tests.hubfiles import model, ts
from tests.metricstore import build, opened


def series(db: Path, engine: str, columns: str, order: str = "1") -> list[tuple]:
    """`SELECT columns FROM` the monthly series of the store at `db`, on `engine`, ordered."""
    with opened(db, engine) as runner:
        sql = f"SELECT {columns} FROM {monthly_downloads(context(runner))} m ORDER BY {order}"
        return runner.run(sql)[1]


def test_monthly_downloads_by_hand(tmp_path: Path, engine: str) -> None:
    def x(d30: int, at: int | None = None) -> dict:
        return model("a/x", d30, downloadsAllTime=at, createdAt=ts("2024-06-01T00:00:00"))

    def new(d30: int, at: int) -> dict:
        return model("b/new", d30, downloadsAllTime=at, createdAt=ts("2025-04-15T00:00:00"))

    snaps = {
        "2025-01-01": {"models": [x(10)]},  # closes Dec 2024: no all-time -> 30-day count 10
        "2025-02-01": {"models": [x(20)]},  # closes Jan: 20 (30-day)
        "2025-03-01": {"models": [x(30, 100)]},  # closes Feb: no all-time before -> 30-day count 30
        "2025-04-01": {"models": [x(40, 140)]},  # closes Mar: 140 - 100 = 40
        "2025-05-01": {"models": [x(50, 140), new(70, 70)]},  # Apr: x stalls (0 while 30-day is 50); b/new created
        #   after the Apr 1 snapshot: all 70 of its downloads are April's
        "2025-06-01": {"models": [x(60, 240), new(40, 100)]},  # May: x jumps 100, spread over Apr and May: 50 each;
        #   b/new 100 - 70 = 30
    }
    db = build(tmp_path, snaps)
    got = series(db, engine, "repo_id, CAST(month AS VARCHAR), downloads, method", "1, 2")
    assert got == [
        ("a/x", "2024-12-01", 10, "downloads_30d"),
        ("a/x", "2025-01-01", 20, "downloads_30d"),
        ("a/x", "2025-02-01", 30, "downloads_30d"),
        ("a/x", "2025-03-01", 40, "all_time_diff"),
        ("a/x", "2025-04-01", 50, "spread"),
        ("a/x", "2025-05-01", 50, "spread"),
        ("b/new", "2025-04-01", 70, "all_time_diff"),
        ("b/new", "2025-05-01", 30, "all_time_diff"),
    ]


def test_a_stall_not_yet_ended_stays_zero(tmp_path: Path, engine: str) -> None:
    def x(d30: int, at: int) -> dict:
        return model("a/x", d30, downloadsAllTime=at, createdAt=ts("2024-06-01T00:00:00"))

    db = build(tmp_path, {"2025-04-01": {"models": [x(5, 100)]}, "2025-05-01": {"models": [x(9, 100)]}})
    got = series(db, engine, "CAST(month AS VARCHAR), downloads, method")
    assert got == [("2025-03-01", 5, "downloads_30d"), ("2025-04-01", 0, "all_time_diff")]


def test_a_first_row_that_stalls_shares_the_jump_that_ends_it(tmp_path: Path, engine: str) -> None:
    # b/late is created after the April snapshot and first seen at 0 all-time downloads while its 30-day count
    # is positive: its first row is a stall (its whole count, 0, is April's), and June's jump of 80 ends the run.
    # The row after a stall is found by reading two rows back, and a repo's first row has no row before it.
    def late(d30: int, at: int) -> dict:
        return model("b/late", d30, downloadsAllTime=at, createdAt=ts("2025-04-20T00:00:00"))

    anchor = model("a/x", 5, downloadsAllTime=100, createdAt=ts("2024-06-01T00:00:00"))
    snaps = {
        "2025-04-01": {"models": [anchor]},
        "2025-05-01": {"models": [anchor, late(30, 0)]},
        "2025-06-01": {"models": [anchor, late(50, 80)]},
    }
    db = build(tmp_path, snaps)
    got = series(db, engine, "repo_id, CAST(month AS VARCHAR), downloads, method", "1, 2")
    assert [r for r in got if r[0] == "b/late"] == [
        ("b/late", "2025-04-01", 40, "spread"),
        ("b/late", "2025-05-01", 40, "spread"),
    ]


def test_several_snapshots_closing_a_month_sum_their_increases_and_likes(tmp_path: Path, engine: str) -> None:
    def x(d30: int, at: int, likes: int) -> dict:
        return model("a/x", d30, downloadsAllTime=at, likes=likes, createdAt=ts("2024-06-01T00:00:00"))

    snaps = {
        "2025-03-01": {"models": [x(30, 100, 5)]},  # closes Feb: first snapshot -> 30-day count 30; 5 likes gained
        "2025-04-01": {"models": [x(40, 140, 8)]},  # closes Mar: 140 - 100 = 40; 3 likes
        "2025-04-15": {"models": [x(20, 150, 9)]},  # closes Apr (the day before is Apr 14): 10 ...
        "2025-05-01": {"models": [x(35, 175, 12)]},  # ... closes Apr too: + 25 = 35; likes 12 - 8 = 4
    }
    db = build(tmp_path, snaps)
    got = series(db, engine, "CAST(month AS VARCHAR), downloads, method, likes_gained")
    assert got == [
        ("2025-02-01", 30, "downloads_30d", 5),
        ("2025-03-01", 40, "all_time_diff", 3),
        ("2025-04-01", 35, "all_time_diff", 4),
    ]


def test_likes_gained_follow_the_like_count_month_to_month(tmp_path: Path, engine: str) -> None:
    def x(likes: int) -> dict:
        return model("a/x", 1, likes=likes, createdAt=ts("2024-06-01T00:00:00"))

    db = build(
        tmp_path,
        {"2025-03-01": {"models": [x(4)]}, "2025-04-01": {"models": [x(10)]}, "2025-05-01": {"models": [x(7)]}},
    )
    got = series(db, engine, "CAST(month AS VARCHAR), likes_gained")
    assert got == [("2025-02-01", 4), ("2025-03-01", 6), ("2025-04-01", -3)]  # a like withdrawn is a negative gain
