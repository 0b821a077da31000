"""A2 at the finest resolution the snapshots allow (#17): a weekly series of complete snapshots carrying
downloadsAllTime gives A2 per week, counting only models first seen in their release week; without the
all-time counter (or with snapshots a month apart) A2 stays monthly. Numbers worked out by hand below."""

from __future__ import annotations

import datetime as dt
from itertools import accumulate
from pathlib import Path

import pytest

from hubcensus.metrics import REGISTRY
from tests.hubfiles import model, ts
from tests.metricstore import DUCKDB_ONLY, Run, build

# 16 Mondays: each snapshot closes the ISO week before it (2025-05-26 … 2025-09-08, 15 weeks apart).
MONDAYS = [dt.date(2025, 6, 2) + dt.timedelta(weeks=i) for i in range(16)]


def weekly(first: int, increments: list[int]) -> list[int | None]:
    """All-time counts per snapshot for a model present from snapshot `first`, gaining `increments` (the
    last one repeated to the end)."""
    steps = increments + [increments[-1]] * (len(MONDAYS) - first - len(increments))
    return [None] * first + list(accumulate(steps))


# repo -> (createdAt, first snapshot present, weekly increments, likes per snapshot or None)
MODELS = {
    # created Tue 06-03 (week of 06-02), first seen 06-09 (closes that week): week 0 = 100, then 300, 200,
    # 140 (< 150 = half the peak of 300) -> peak week 1, falls in week 3; from the peak: 2 weeks
    "x/p": ("2025-06-03", 1, [100, 300, 200, 140, 100], [10, 30, 32]),
    # created 06-10 (week of 06-09), first seen 06-16: 500, 400, 260, 251, 250 … never below 250: censored
    "x/q": ("2025-06-10", 2, [500, 400, 260, 251, 250], None),
    # created 06-04, seen from 06-09, never downloaded: counted apart
    "x/z": ("2025-06-04", 1, [0], None),
    # created 06-03 but first listed 06-23, two weeks later: its first count is not its release week's
    "x/late": ("2025-06-03", 3, [1000, 50], None),
    # created 05-28, in the series' first snapshot: nothing before it, so its first week's count is unknown
    "x/early": ("2025-05-28", 0, [300, 10], None),
    # released in the week of 06-16: after the last release week (09-08 - 13 weeks = 06-09)
    "x/s": ("2025-06-17", 3, [1000, 900], None),
    # released before the series
    "x/r": ("2025-01-01", 0, [10], None),
}


def snapshots(with_all_time: bool = True) -> dict[str, dict[str, list[dict]]]:
    # two monthly snapshots first (a month before the weekly run): A2 reads only the weekly run
    out = {
        day: {
            "models": [
                model("x/r", 10, downloadsAllTime=10 if with_all_time else None, createdAt=ts("2025-01-01T00:00:00"))
            ]
        }
        for day in ("2025-04-01", "2025-05-01")
    }
    for i, day in enumerate(MONDAYS):
        rows = []
        for repo, (created, first, incs, likes) in MODELS.items():
            counts = weekly(first, incs)
            if counts[i] is None:
                continue
            step = counts[i] - (counts[i - 1] or 0) if i else counts[i]
            like = 0 if likes is None else likes[min(i - first, len(likes) - 1)]
            rows.append(
                model(
                    repo,
                    step,
                    downloadsAllTime=counts[i] if with_all_time else None,
                    createdAt=ts(f"{created}T09:00:00"),
                    likes=like,
                )
            )
        out[day.isoformat()] = {"models": rows}
    return out


def assert_reads_as_the_weekly_series(where: Path, run: Run, denser: dict[str, dict[str, list[dict]]]) -> None:
    """`denser` (the weekly series with days added between its Mondays) gives A2 weekly, with the weekly series'
    own headline, rows and snapshots read."""
    plain = run(build(where / "weekly", snapshots()), "engagement_lifetime")
    dense = run(build(where / "denser", denser), "engagement_lifetime")
    assert dense["headline"]["resolution"] == "weekly"
    assert (dense["headline"], dense["rows"], dense["snapshots"]) == (
        plain["headline"],
        plain["rows"],
        plain["snapshots"],
    )


@DUCKDB_ONLY  # A2: tens of seconds of Spark CPU on a tiny store; A2's Spark run is checked once in test_engines
def test_a2_is_weekly_from_a_weekly_series_by_hand(tmp_path: Path, run: Run) -> None:
    doc = run(build(tmp_path, snapshots()), "engagement_lifetime")
    h = doc["headline"]
    assert (h["resolution"], h["released_from"], h["released_to"]) == ("weekly", "2025-05-26", "2025-06-09")
    # the weekly run alone is read, not the monthly snapshots before it
    assert doc["snapshots"][0] == "2025-06-02" and len(doc["snapshots"]) == 16
    # p and q count; z had no downloads; late, early, s and r do not count
    assert h["models"] == 2
    assert (h["peak_week_mean"], h["peak_within_1_week_share"]) == (0.5, 1.0)
    # in months too, converted at 4.35 weeks a month; a share peaking within a month cannot be given per week
    assert (h["peak_month_mean"], h["peak_within_1_month_share"]) == (pytest.approx(0.5 / 4.35, rel=1e-5), None)
    # p falls in week 3; q never falls: mean over p, median over 2 with q above all
    assert (h["lifetime_weeks_mean"], h["lifetime_weeks_median"]) == (3.0, 3.0)
    assert h["lifetime_months_mean"] == pytest.approx(3 / 4.35, rel=1e-5)
    assert (h["lifetime_weeks_mean_from_peak"], h["lifetime_weeks_median_from_peak"]) == (2.0, 2.0)
    assert h["censored_share"] == 0.5
    # likes: p gains 10, 20, 2, 0 … -> peak week 1, below 10 in week 2
    assert (h["likes_models"], h["likes_peak_week_mean"], h["likes_lifetime_weeks_mean"]) == (1, 1.0, 2.0)
    downloads = [r for r in doc["rows"] if r["signal"] == "downloads"]
    assert downloads == [
        {"signal": "downloads", "peak_week": 0, "fall_week": None, "observed_weeks": 13, "engaged": True, "models": 1},
        {"signal": "downloads", "peak_week": 0, "fall_week": None, "observed_weeks": 14, "engaged": False, "models": 1},
        {"signal": "downloads", "peak_week": 1, "fall_week": 3, "observed_weeks": 14, "engaged": True, "models": 1},
    ]
    assert any("1 counted model(s) had no downloads" in n for n in doc["notes"])
    assert "Weekly when" in REGISTRY["engagement_lifetime"].definition


@DUCKDB_ONLY  # A2: tens of seconds of Spark CPU on a tiny store
def test_a2_stays_monthly_without_the_all_time_counter(tmp_path: Path, run: Run) -> None:
    # The same weekly dates with 30-day counts only: a week cannot be told from a rolling 30-day count.
    doc = run(build(tmp_path, snapshots(with_all_time=False)), "engagement_lifetime")
    h = doc["headline"]
    assert h["resolution"] == "monthly" and h["peak_within_1_week_share"] is None
    assert len(doc["snapshots"]) == 18  # the whole complete series, monthly


def test_a2_weekly_chart_and_caption_count_in_weeks() -> None:
    from hubcensus.report.captions import _a2
    from hubcensus.report.charts import chart_spec

    rows = [
        {"signal": "downloads", "peak_week": 1, "fall_week": w, "observed_weeks": 14, "engaged": True, "models": 2}
        for w in (2, 4)
    ]
    h = dict.fromkeys(REGISTRY["engagement_lifetime"].headline_keys)
    h.update(resolution="weekly", peak_within_1_week_share=0.5, models=4, lifetime_weeks_mean=3.0)
    h.update(released_from="2025-05-26", released_to="2025-06-09")
    spec = chart_spec(
        {
            "metric": "engagement_lifetime",
            "spec": "A2",
            "title": "t",
            "as_of": "2025-09-15",
            "headline": h,
            "rows": rows,
        }
    )
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2", "3", "4"]
    assert spec["encoding"]["x"]["title"] == "weeks until below half the peak"
    assert "peak in the release week or the next for 50%" in _a2(h)


@DUCKDB_ONLY  # A2: tens of seconds of Spark CPU on a tiny store
def test_a2_reads_a_daily_run_one_snapshot_a_week(tmp_path: Path, run: Run) -> None:
    """Snapshots in mid-week as well (a Thursday between each two Mondays, counts half-way) change nothing: a
    week is read at the last snapshot closing it, so the document is the weekly series' own."""
    weekly_only = snapshots()
    denser = dict(weekly_only)
    for i, monday in enumerate(MONDAYS[:-1]):
        now, then = ({r["id"]: r for r in weekly_only[d.isoformat()]["models"]} for d in (monday, MONDAYS[i + 1]))
        rows = []
        for repo, row in then.items():
            before = now.get(repo, {}).get("downloadsAllTime") or 0
            rows.append({**row, "downloadsAllTime": before + (row["downloadsAllTime"] - before) // 2})
        denser[(monday + dt.timedelta(days=3)).isoformat()] = {"models": rows}
    assert_reads_as_the_weekly_series(tmp_path / "dense", run, denser)


@DUCKDB_ONLY  # A2: tens of seconds of Spark CPU on a tiny store
def test_a2_asks_for_the_all_time_counter_only_at_the_snapshots_it_reads(tmp_path: Path, run: Run) -> None:
    """A mid-week snapshot without downloadsAllTime is never read (a week is the difference between the
    snapshots closing it and the week before), so it leaves A2 weekly and its document the weekly series' own;
    a week-closing one without it cuts the run there, and what is left is too short to be weekly."""
    weekly_only = snapshots()

    def without_counter(rows: list[dict]) -> list[dict]:
        return [{**r, "downloadsAllTime": None} for r in rows]

    mid_week = dict(weekly_only)
    for monday in MONDAYS[:-1]:
        mid_week[(monday + dt.timedelta(days=3)).isoformat()] = {
            "models": without_counter(weekly_only[monday.isoformat()]["models"])
        }
    assert_reads_as_the_weekly_series(tmp_path / "mid-week", run, mid_week)

    cut = dict(weekly_only)
    closing = MONDAYS[3].isoformat()  # 12 weeks of the run are left after it: fewer than the 13 A2 follows
    cut[closing] = {"models": without_counter(weekly_only[closing]["models"])}
    doc = run(build(tmp_path / "cut", cut), "engagement_lifetime")
    assert doc["headline"]["resolution"] == "monthly"
