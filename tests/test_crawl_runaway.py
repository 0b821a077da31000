"""A crawl whose pagination loops or never ends stops with one clear error instead of crawling for ever."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubcensus.cli import main
from hubcensus.errors import UserError
from hubcensus.net import RetryPolicy
from hubcensus.sources.hub_api import RUNAWAY_FACTOR, RUNAWAY_SLACK_PAGES, crawl_hub
from hubcensus.store import Store
from tests.fakehub import FakeHub, Waits, serving

FAST = RetryPolicy(max_attempts=2, base_wait=0.01, max_wait=0.02, timeout=2, connect_timeout=2)
PAGE = 5


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    with serving(monkeypatch, tmp_path, max_page_size=PAGE) as server:
        yield server


def _crawl(db: Path, day: dt.date, kinds: list[str]) -> None:
    with Store.open(db) as store:
        crawl_hub(store, kinds=kinds, resume=False, today=day, policy=FAST, sleep=Waits())


def test_a_next_link_that_repeats_stops_the_crawl(hub: FakeHub, tmp_path: Path) -> None:
    hub.pagination = "repeat"
    with pytest.raises(UserError, match="next link repeats a page already fetched") as err:
        _crawl(tmp_path / "s.duckdb", dt.date(2026, 3, 1), ["models"])
    assert "--restart" in str(err.value)
    assert hub.pages_served <= 2


def test_a_listing_far_beyond_its_size_stops_the_crawl(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _crawl(db, dt.date(2026, 3, 1), ["models"])  # a complete listing: the size to judge the next one by
    with Store.open(db, read_only=True) as store:
        (models,) = store.con.execute("SELECT count(*) FROM repos WHERE kind = 'model'").fetchone()
    hub.pagination = "endless"
    hub.clear()
    served = hub.pages_served
    with pytest.raises(UserError, match="far beyond its size") as err:
        _crawl(db, dt.date(2026, 3, 2), ["models"])
    assert f"{models:,} of 2026-03-01" in str(err.value)
    pages = hub.pages_served - served
    assert pages <= (RUNAWAY_FACTOR * models + RUNAWAY_SLACK_PAGES * PAGE) // PAGE + 2


def test_the_cli_says_it_in_one_line(hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hub.pagination = "repeat"
    assert main(["ingest", "--hub", "--kinds", "models", "--db", str(tmp_path / "s.duckdb")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: GET ") and len(err.splitlines()) == 1
    assert "loops" in err
