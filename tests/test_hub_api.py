"""The live crawl end to end: the fake Hub (HF_ENDPOINT) → huggingface_hub's HTTP layer → a real store.

The central property: whatever stops a crawl — a network failure, Ctrl-C, `kill -9` — the crawl
resumed with `--resume` leaves a store identical, table by table and row by row, to the store an
uninterrupted crawl makes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hubcensus.cli import main
from hubcensus.errors import NetworkError, UserError
from hubcensus.net import RetryPolicy
from hubcensus.sources import hub_api
from hubcensus.sources.hub_api import crawl_hub
from hubcensus.store import Store
from tests.fakehub import (
    FakeHub,
    Waits,
    closed,
    rate_limited,
    rate_limited_until,
    server_error,
    serving,
    stall,
    truncated,
)

FAST = RetryPolicy(max_attempts=4, base_wait=0.01, max_wait=0.04, timeout=0.3, connect_timeout=0.3)
DAY = dt.date(2026, 3, 1)
ALL = ["models", "datasets", "spaces", "papers"]


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    # the server's page, whatever the client asks: several pages per listing
    with serving(monkeypatch, tmp_path, max_page_size=5) as server:
        yield server


def crawl(db: Path, *, kinds: list[str] = ALL, resume: bool = False, sleep: Any = None, **kw: Any) -> Any:
    kw.setdefault("today", DAY)
    kw.setdefault("policy", FAST)
    with Store.open(db) as store:
        return crawl_hub(store, kinds=kinds, resume=resume, sleep=sleep if sleep is not None else Waits(), **kw)


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every base table's rows, sorted: two stores are the same when their dumps are equal."""
    with Store.open(db, read_only=True) as store:
        names = [
            (schema, name)
            for schema, name in store.con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                "ORDER BY 1, 2"
            ).fetchall()
        ]
        # the store's own tables by their plain names; derived ones (the statistics in force now) by schema.name
        return {
            (name if schema == "main" else f"{schema}.{name}"): sorted(
                store.con.execute(f'SELECT * FROM "{schema}"."{name}"').fetchall(), key=repr
            )
            for schema, name in names
        }


DATA_TABLES = ("snapshots", "snapshot_kinds", "repos", "repo_stats", "papers", "authors")


def data_of(d: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {t: d[t] for t in DATA_TABLES}


@pytest.fixture
def reference(hub: FakeHub, tmp_path: Path) -> dict[str, list[tuple]]:
    """The store an uninterrupted crawl of the fake Hub makes."""
    db = tmp_path / "reference.duckdb"
    crawl(db)
    hub.clear()
    return dump(db)


# -- an uninterrupted crawl -------------------------------------------------------------------------
def test_crawl_pages_every_listing_into_one_snapshot(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "hub.duckdb"
    result = crawl(db)
    assert result.status == "ingested" and result.snapshot_id == 20260301
    assert {k.kind: k.rows for k in result.kinds} == {
        "model": len(hub.data.models),
        "dataset": len(hub.data.datasets),
        "space": len(hub.data.spaces),
        "paper": len(hub.data.papers),
    }
    # Several pages per listing, each asked with the expand[] fields the store maps.
    model_reqs = [r for r in hub.requests if r.path == "/api/models"]
    assert len(model_reqs) == -(-len(hub.data.models) // 5)
    expand = [v for k, v in model_reqs[0].query if k == "expand[]"]
    assert set(expand) == set(hub_api.EXPAND["model"])
    assert all(dict(r.query).get("cursor") for r in model_reqs[1:])
    with Store.open(db, read_only=True) as store:
        con = store.con
        row = con.execute(
            "SELECT r.author, r.created_at, s.downloads_30d, s.downloads_all_time, r.safetensors_params, r.tags, r.model_type "
            "FROM repos r JOIN repo_stats s USING (kind, repo_id) WHERE r.repo_id = 'google-bert/bert-base-uncased'"
        ).fetchone()
        bert = next(m for m in hub.data.models if m["id"] == "google-bert/bert-base-uncased")
        assert row == (
            "google-bert",
            dt.datetime(2022, 3, 2, 23, 29, 4),
            bert["downloads"],
            bert["downloadsAllTime"],
            110106428,
            bert["tags"],
            "bert",
        )
        assert con.execute(
            "SELECT base_model_ids, base_model_relation, safetensors_params FROM repos WHERE repo_id = 'deepset/roberta-base-squad2'"
        ).fetchone() == (["FacebookAI/roberta-base"], "finetune", 124057092)
        gguf = con.execute(
            "SELECT base_model_ids, base_model_relation, gguf_params FROM repos WHERE repo_id = 'unsloth/Qwen3.5-27B-GGUF'"
        ).fetchone()
        assert gguf == (["Qwen/Qwen3.5-27B"], "quantized", 26895998464)
        # card_data is the card the API sent, not padded with other cards' keys.
        card = con.execute("SELECT card_data FROM repos WHERE repo_id = 'google-bert/bert-base-uncased'").fetchone()[0]
        assert json.loads(card) == bert["cardData"]
        space = con.execute(
            "SELECT sdk, linked_models FROM repos WHERE kind = 'space' ORDER BY repo_id LIMIT 1"
        ).fetchone()
        assert space[0] in ("gradio", "streamlit", "docker", "static") and space[1]
        papers = con.execute(
            "SELECT paper_id, upvotes, organisation, authors, submitted_at FROM papers ORDER BY paper_id"
        ).fetchall()
        assert [p[0] for p in papers] == sorted(p["paper"]["id"] for p in hub.data.papers)
        bert_paper = next(p for p in papers if p[0] == "1810.04805")
        assert bert_paper[2] == "google-bert" and bert_paper[3] and bert_paper[4] is not None
        assert con.execute("SELECT count(*) FROM paper_repos WHERE paper_id = '1810.04805'").fetchone()[0] >= 1
        # The snapshot says where it came from; the crawl's record stays, its staging is gone.
        assert con.execute("SELECT source, source_ref, complete FROM snapshots").fetchall() == [("hub", hub.url, True)]
        assert con.execute("SELECT files FROM snapshot_kinds WHERE kind = 'model'").fetchone()[0] == [
            f"{hub.url}/api/models"
        ]
        assert con.execute("SELECT status, snapshot_id FROM crawl_runs").fetchall() == [("done", 20260301)]
        assert con.execute("SELECT count(*) FROM crawl_items").fetchone()[0] == 0
        assert con.execute("SELECT bool_and(finished), max(next_url) FROM crawl_cursors").fetchone() == (True, None)


def test_faults_are_ridden_out_and_leave_the_same_store(hub: FakeHub, tmp_path: Path, reference: dict) -> None:
    hub.inject("/api/models", 1, rate_limited(2), rate_limited_until(2))
    hub.inject("/api/models", 3, server_error(500), server_error(502))
    hub.inject("/api/datasets", 0, stall(1.0), truncated())
    hub.inject("/api/spaces", 2, server_error(503), closed())
    hub.inject("/api/daily_papers", 0, rate_limited(1))
    waits = Waits()
    db = tmp_path / "faulty.duckdb"
    crawl(db, sleep=waits)
    assert waits[0] == 2.0 and 0.1 <= waits[1] <= 2.0  # Retry-After: seconds, then an HTTP date
    assert waits[2:] == [0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 1.0]
    assert dump(db) == reference


# -- interrupted crawls ---------------------------------------------------------------------------
def test_exhausted_retries_leave_the_store_unchanged_and_resumable(
    hub: FakeHub, tmp_path: Path, reference: dict
) -> None:
    db = tmp_path / "hub.duckdb"
    with Store.open(db):
        pass
    before = dump(db)
    hub.inject("/api/models", 3, *[server_error(503)] * 4)
    with pytest.raises(NetworkError) as err:
        crawl(db)
    msg = str(err.value)
    assert "\n" not in msg and "HTTP 503" in msg and f"{hub.url}/api/models" in msg and "--resume" in msg
    after = dump(db)
    assert data_of(after) == data_of(before)  # no snapshot, no repo, no statistic
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT status FROM crawl_runs").fetchall() == [("running",)]
        cur = store.con.execute(
            "SELECT pages_done, items_done, finished, next_url FROM crawl_cursors WHERE kind = 'model'"
        ).fetchone()
        assert cur[:3] == (3, 15, False) and "cursor=" in cur[3]
        assert store.con.execute("SELECT count(*) FROM crawl_items").fetchone()[0] == 15
    hub.clear()
    result = crawl(db, resume=True)
    assert result.status == "ingested"
    assert dump(db) == reference
    assert [r.page for r in hub.requests if r.path == "/api/models"][0] == 3  # picked up at the cursor


def test_failure_in_a_later_listing_resumes_to_the_identical_store(
    hub: FakeHub, tmp_path: Path, reference: dict
) -> None:
    db = tmp_path / "hub.duckdb"
    hub.die_after(len(hub.data.models) // 5 + 3, how="close")  # models done, datasets part way
    with pytest.raises(NetworkError, match="broke mid-response|Server disconnected"):
        crawl(db)
    hub.revive()
    with Store.open(db, read_only=True) as store:
        done = dict(store.con.execute("SELECT kind, finished FROM crawl_cursors").fetchall())
        assert done == {"model": True, "dataset": False, "space": False, "paper": False}
    crawl(db, resume=True)
    assert dump(db) == reference


def test_ctrl_c_mid_page_then_resume(hub: FakeHub, tmp_path: Path, reference: dict) -> None:
    """Ctrl-C while a retry waits (between fetching and committing a page): nothing half-written."""
    db = tmp_path / "hub.duckdb"

    def interrupting_sleep(seconds: float) -> None:
        raise KeyboardInterrupt

    hub.inject("/api/spaces", 1, server_error(503))
    with pytest.raises(KeyboardInterrupt):
        crawl(db, sleep=interrupting_sleep)
    crawl(db, resume=True)
    assert dump(db) == reference


def test_interrupt_inside_the_final_ingest_rolls_back_to_a_resumable_crawl(
    hub: FakeHub, tmp_path: Path, reference: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the last instant — the snapshot written, the staging deleted, not yet committed —
    leaves neither: the crawl is still staged, and --resume writes the snapshot without refetching."""
    real = hub_api.ingest_snapshot

    def ingest_then_interrupt(store, snap, *, inside):  # type: ignore[no-untyped-def]
        def inside_then_interrupt(con, sid):  # type: ignore[no-untyped-def]
            inside(con, sid)
            raise KeyboardInterrupt

        return real(store, snap, inside=inside_then_interrupt)

    monkeypatch.setattr(hub_api, "ingest_snapshot", ingest_then_interrupt)
    db = tmp_path / "hub.duckdb"
    with pytest.raises(KeyboardInterrupt):
        crawl(db)
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0
        assert store.con.execute("SELECT status FROM crawl_runs").fetchall() == [("running",)]
        assert store.con.execute("SELECT count(*) FROM crawl_items").fetchone()[0] == sum(
            len(x) for x in (hub.data.models, hub.data.datasets, hub.data.spaces, hub.data.papers)
        )
    monkeypatch.setattr(hub_api, "ingest_snapshot", real)
    hub.clear()
    crawl(db, resume=True)
    assert hub.requests == []  # every listing was already staged
    assert dump(db) == reference


def test_unfinished_crawl_needs_resume_or_restart(hub: FakeHub, tmp_path: Path, reference: dict) -> None:
    db = tmp_path / "hub.duckdb"
    hub.inject("/api/models", 2, *[server_error(503)] * 4)
    with pytest.raises(NetworkError):
        crawl(db)
    with pytest.raises(UserError, match="unfinished crawl.*--resume.*--restart"):
        crawl(db)
    result = crawl(db, restart=True)
    assert result.status == "ingested" and any("discarded" in n for n in result.notes)
    got = dump(db)
    assert data_of(got) == data_of(reference)
    assert [r[-2] for r in got["crawl_runs"]] == ["discarded", "done"]


def test_resume_against_another_endpoint_is_refused(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "hub.duckdb"
    hub.inject("/api/models", 1, *[server_error(503)] * 4)
    with pytest.raises(NetworkError):
        crawl(db)
    with pytest.raises(UserError, match="unfinished crawl is of"):
        crawl(db, resume=True, endpoint="http://127.0.0.1:9")


def _kill_after_pages(hub: FakeHub, db: Path, pages: int, sig: int) -> subprocess.CompletedProcess:
    """Start `hubcensus ingest --hub` in a subprocess; the fake Hub holds request `pages + 1`, and then
    the process gets `sig` — so it dies mid-crawl, at a known checkpoint."""
    hub.die_after(pages, how="stall")
    env = {k: v for k, v in os.environ.items() if k != "HUBCENSUS_DEBUG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hubcensus.cli", "ingest", "--hub", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert hub.stalled.wait(60), "the crawl never reached the stalled page"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        hub.revive()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_kill_9_mid_crawl_then_resume_gives_the_identical_store(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "killed.duckdb"
    done = _kill_after_pages(hub, db, 4, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    with Store.open(db, read_only=True) as store:
        day = store.con.execute("SELECT snapshot_date FROM crawl_runs WHERE status = 'running'").fetchone()[0]
        assert store.con.execute("SELECT pages_done FROM crawl_cursors WHERE kind = 'model'").fetchone()[0] == 4
        assert store.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0
    hub.clear()
    assert main(["ingest", "--hub", "--resume", "--no-enrich", "--db", str(db)]) == 0
    assert [r.page for r in hub.requests if r.path == "/api/models"][0] == 4
    ref = tmp_path / "reference.duckdb"
    with Store.open(ref) as store:
        crawl_hub(store, kinds=ALL, resume=False, today=day)  # the same date the killed run recorded
    assert dump(db) == dump(ref)


def test_ctrl_c_of_the_cli_says_how_to_resume(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "interrupted.duckdb"
    done = _kill_after_pages(hub, db, 2, signal.SIGINT)
    assert done.returncode == 130
    assert "--resume" in done.stderr and "Traceback" not in done.stderr
    hub.clear()
    assert main(["ingest", "--hub", "--db", str(db)]) == 2  # unfinished: must say --resume
    assert main(["ingest", "--hub", "--resume", "--db", str(db)]) == 0


# -- the rest of the contract ---------------------------------------------------------------------
def test_cli_ingest_hub_with_limit(hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.duckdb"
    assert main(["ingest", "--hub", "--db", str(db), "--kinds", "models,papers", "--limit", "7"]) == 0
    out = capsys.readouterr().out
    assert "ingested 7 models, 5 papers" in out
    assert "models: stopped at --limit 7" in out
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT source, complete FROM snapshots").fetchall() == [("hub", False)]
        assert dict(store.con.execute("SELECT kind, stop_reason FROM crawl_cursors").fetchall()) == {
            "model": "limit",
            "paper": "end",
        }
    assert len([r for r in hub.requests if r.path == "/api/models"]) == 2  # pages of 5, then 2 of the next 5
    assert main(["ingest", "--hub", "--db", str(db), "--kinds", "models"]) == 0  # same day: already held
    assert "already held" in capsys.readouterr().out


def test_a_rerun_of_a_held_crawl_finishes_its_stages(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crawl ingested but not enriched (here --no-enrich; a kill does the same) is enriched by the next
    `ingest --hub` of the day, which finds the snapshot held (issue 16)."""
    db = tmp_path / "cli.duckdb"
    crawl = ["ingest", "--hub", "--db", str(db), "--kinds", "models", "--limit", "7"]
    assert main([*crawl, "--no-enrich"]) == 0
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT stage FROM snapshot_stages").fetchall() == [("ingested",)]
    capsys.readouterr()
    assert main(crawl) == 0
    out = capsys.readouterr().out
    assert "already held" in out and "enriched:" in out
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT stage FROM snapshot_stages").fetchall() == [("precomputed",)]


def test_cli_errors_are_one_line(hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.duckdb"
    assert main(["ingest", "--hub", "--db", str(db), "--kinds", "models,weights"]) == 2
    assert capsys.readouterr().err.strip().startswith("error: --kinds 'weights'")
    hub.require_token = "hf_secret"
    assert main(["ingest", "--hub", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "HTTP 401" in err and f"{hub.url}/api/models" in err


class Recorder:
    """A `hubcensus.progress.Progress` that keeps every call: ("stage", name, total), ("advance", n), ("note", text)."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def stage(self, name: str, total: int | None = None, unit: str = "items") -> None:
        self.events.append(("stage", name, total))

    def advance(self, n: int = 1) -> None:
        self.events.append(("advance", n))

    def note(self, text: str) -> None:
        self.events.append(("note", text))


def test_progress_estimates_totals_from_the_previous_snapshot(hub: FakeHub, tmp_path: Path) -> None:
    db = tmp_path / "hub.duckdb"
    first = Recorder()
    crawl(db, kinds=["models"], progress=first)
    assert first.events[0] == ("stage", "models", None)  # nothing to estimate from: no ETA
    second = Recorder()
    hub.inject("/api/models", 1, rate_limited(1))
    crawl(db, kinds=["models"], progress=second, today=DAY + dt.timedelta(days=1))
    n = len(hub.data.models)
    assert second.events[0] == ("stage", f"models (ETA from {DAY}'s {n:,})", n)
    assert ("note", "waiting 1s: HTTP 429 Too Many Requests (Retry-After: 1s)") in second.events
    writing = second.events.index(("stage", f"writing the snapshot of {DAY + dt.timedelta(days=1)}", 1))
    advanced = [e[1] for e in second.events[:writing] if e[0] == "advance"]
    assert [sum(advanced[: i + 1]) for i in range(len(advanced))] == [5, 10, 15, 20, 25, 30, n]


def test_a_listing_that_moves_while_crawled_is_deduplicated(hub: FakeHub, tmp_path: Path) -> None:
    """A repo created mid-crawl pushes every later item down a place: the last item of page 1 comes
    again on page 2. The snapshot holds it once and says so."""
    new = dict(hub.data.models[0], id="newcomer/fresh-model", _id="f" * 24)

    def shift(path: str, page: int) -> None:
        if path == "/api/models" and page == 1 and hub.data.models[0]["id"] != new["id"]:
            hub.data.models.insert(0, new)

    hub.on_page = shift
    db = tmp_path / "hub.duckdb"
    result = crawl(db, kinds=["models"])
    assert result.kinds[0].rows == len(hub.data.models) - 1  # the newcomer came after its page: unseen
    assert any("1 item(s) listed twice" in n for n in result.notes)


def test_paper_listing_that_ignores_p_stops(hub: FakeHub, tmp_path: Path) -> None:
    hub.ignore_page_param = True
    result = crawl(tmp_path / "hub.duckdb", kinds=["papers"], page_size=2)
    assert result.kinds[0].rows == 2
    assert any("papers: stopped at page 2" in n for n in result.notes)


def test_paper_listing_is_bounded(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub_api, "PAPERS_MAX_PAGES", 2)
    result = crawl(tmp_path / "hub.duckdb", kinds=["papers"], page_size=2)
    assert result.kinds[0].rows == 4
    assert any("stopped after 2 pages" in n for n in result.notes)
