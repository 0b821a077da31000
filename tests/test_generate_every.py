"""`generate --every day|week|month`: the synthetic Hub as a daily (or weekly) history, the monthly one unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from hubcensus.cli import main
from hubcensus.errors import UserError
from hubcensus.sources.synthetic import GenerateConfig, snapshot_dates

SMALL = ["--models", "600", "--datasets", "100", "--spaces", "120", "--papers", "60", "--seed", "5"]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_month_is_the_default_byte_for_byte(tmp_path: Path) -> None:
    plain, monthly = tmp_path / "plain", tmp_path / "monthly"
    assert main(["generate", "--out", str(plain), "--snapshots", "3", *SMALL]) == 0
    assert main(["generate", "--out", str(monthly), "--snapshots", "3", "--every", "month", *SMALL]) == 0
    written = files(plain)
    assert sorted({name.split("/")[0] for name in written}) == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert files(monthly) == written


def test_snapshot_dates_per_cadence() -> None:
    end = dt.date(2026, 3, 1)
    assert snapshot_dates(GenerateConfig(snapshots=3, end=end, every="day")) == (
        dt.date(2026, 2, 27),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 1),
    )
    assert snapshot_dates(GenerateConfig(snapshots=3, end=end, every="week")) == (
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 22),
        dt.date(2026, 3, 1),
    )
    assert snapshot_dates(GenerateConfig(snapshots=3, end=end)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
    )
    with pytest.raises(UserError, match="every must be one of day, week, month"):
        GenerateConfig(every="hour")


def test_a_daily_history_ingests_as_daily_snapshots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Five days: five snapshot folders a day apart, counters that never fall, ingested as five snapshots."""
    hub, db = tmp_path / "hub", tmp_path / "daily.duckdb"
    assert main(["generate", "--out", str(hub), "--snapshots", "5", "--every", "day", *SMALL]) == 0
    days = sorted(p.name for p in hub.iterdir())
    assert days == [f"2026-02-{d:02d}" for d in (25, 26, 27, 28)] + ["2026-03-01"]
    totals = [
        dict(zip(*pq.read_table(hub / d / "models.parquet", columns=["id", "downloadsAllTime"]).to_pydict().values()))
        for d in days
    ]
    for a, b in zip(totals, totals[1:]):
        assert all(b[k] >= v for k, v in a.items() if k in b and v is not None and b[k] is not None)
    assert len(totals[-1]) == 600
    assert main(["ingest", str(hub), "--db", str(db), "--no-enrich"]) == 0
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--json"]) == 0
    held = json.loads(capsys.readouterr().out)["snapshots"]
    assert [s["taken_at"] for s in held] == days and {s["source"] for s in held} == {"synthetic"}


def test_bad_every_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--out", str(tmp_path / "x"), "--every", "fortnight", *SMALL]) == 2
    assert "--every fortnight: must be one of day, week, month" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
