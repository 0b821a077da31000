"""`hubcensus pull` and `update` end to end: the fake statistics repo (HF_ENDPOINT) → the real huggingface_hub
client → a real store.

The central property, as for the live crawl: whatever stops a pull — a cut transfer, a 500, a 429, Ctrl-C,
`kill -9` — running it again leaves a store identical, table by table and row by row, to the store an
uninterrupted pull makes; and a commit already held is never fetched again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hubcensus.cli import main
from hubcensus.errors import NetworkError
from hubcensus.net import RetryPolicy
from hubcensus.sources.hub_stats import Commit, choose, pull
from hubcensus.store import Store
from tests.fakestats import FakeStats, StatsCommit, Waits, hold, rate_limited, server_error, serving, truncated
from tests.hubfiles import dump_store, model, ts, write_kind

FAST = RetryPolicy(max_attempts=4, base_wait=0.01, max_wait=0.04, timeout=5, connect_timeout=5)
UTC = dt.UTC


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def _files(
    folder: Path,
    n: int,
    *,
    kinds: tuple[str, ...] = ("models", "datasets", "spaces", "daily_papers"),
    drop: tuple[str, ...] = (),
) -> dict[str, bytes]:
    """One commit's parquet files in the Hub's format; `n` moves the statistics so every day differs."""
    rows = {
        "models": [
            model("Qwen/Qwen3-8B", 1000 + 10 * n, downloadsAllTime=50_000 + 100 * n, likes=7, tags=["text-generation"]),
            model(
                "unsloth/Qwen3-8B-GGUF",
                300 + n,
                downloadsAllTime=9_000 + 10 * n,
                tags=["gguf", "base_model:Qwen/Qwen3-8B", "base_model:quantized:Qwen/Qwen3-8B"],
            ),
            model("meta-llama/Llama-3.1-8B", 2000 + n, downloadsAllTime=80_000 + n, tags=["text-generation"]),
            *[model(f"someone/model-{i}", i * n, downloadsAllTime=i * n * 3) for i in range(n % 4 + 2)],
        ],
        "datasets": [
            {
                "id": "HuggingFaceFW/fineweb",
                "author": "HuggingFaceFW",
                "createdAt": ts("2024-04-01T00:00:00"),
                "downloads": 900 + n,
                "likes": 3,
                "tags": [],
            },
            {
                "id": "lerobot/pusht",
                "author": "lerobot",
                "createdAt": ts("2024-05-01T00:00:00"),
                "downloads": 50 + n,
                "tags": ["task_categories:robotics", "LeRobot"],
            },
        ],
        "spaces": [
            {
                "id": "Qwen/Qwen3-Demo",
                "author": "Qwen",
                "createdAt": ts("2025-05-01T00:00:00"),
                "likes": 40 + n,
                "sdk": "gradio",
                "models": ["Qwen/Qwen3-8B"],
                "tags": ["gradio"],
            },
        ],
        "daily_papers": [
            {
                "paper_id": "2505.09388",
                "paper_title": "Qwen3 Technical Report",
                "paper_upvotes": 200 + n,
                "paper_publishedAt": ts("2025-05-14T00:00:00"),
                "paper_organization": {"name": "Qwen", "fullname": "Qwen"},
            },
        ],
    }
    out = {}
    for kind in kinds:
        path = write_kind(folder / str(n), kind, rows[kind], drop=drop if kind == "models" else ())
        out[path.name] = path.read_bytes()
    out["README.md"] = b"---\nlicense: apache-2.0\n---\n# Hub statistics\n"
    return out


def build_history(tmp: Path) -> list[StatsCommit]:
    """Nine commits over three months, as the real repo's history has them: two on one day, an old one
    without `downloadsAllTime`, one without spaces and papers, one that touched none of the four files."""
    spec: list[tuple[str, dict[str, Any]]] = [
        ("2025-12-30T09:00:00", {"drop": ("downloadsAllTime",)}),
        ("2025-12-30T21:00:00", {"drop": ("downloadsAllTime",)}),  # the day's last: the one chosen
        ("2025-12-31T12:00:00", {"kinds": ("models", "datasets")}),
        ("2026-01-01T08:00:00", {}),
        ("2026-01-02T08:00:00", {}),
        ("2026-01-15T08:00:00", {}),
        ("2026-02-01T10:00:00", {"kinds": ()}),  # a commit that only touched other files
        ("2026-02-03T10:00:00", {}),
        ("2026-03-02T10:00:00", {}),
    ]
    commits = []
    for n, (when, opts) in enumerate(spec, start=1):
        files = _files(tmp / "files", n, **opts)
        if not opts.get("kinds", True):
            files["posts.parquet"] = b"PAR1" + bytes(64) + b"PAR1"  # another file of the repo, never asked for
        commits.append(StatsCommit(_at(when), files, title=f"Upload {when[:10]}"))
    return commits


@pytest.fixture
def history(tmp_path_factory: pytest.TempPathFactory) -> list[StatsCommit]:
    return build_history(tmp_path_factory.mktemp("history"))


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, history: list[StatsCommit]) -> Iterator[FakeStats]:
    # three commits a page: the history comes in several pages, followed by their Link headers
    with serving(monkeypatch, tmp_path, history, page_size=3) as server:
        yield server


def cache_files(tmp_path: Path) -> list[Path]:
    """Every file the pull left in the Hub cache, but huggingface_hub's own empty lock files and tag."""
    root = tmp_path / "hf-home" / "hub"
    return sorted(p for p in root.rglob("*") if p.is_file() and ".locks" not in p.parts and p.name != "CACHEDIR.TAG")


def do_pull(db: Path, **kw: Any) -> Any:
    kw.setdefault("policy", FAST)
    kw.setdefault("sleep", Waits())
    with Store.open(db) as store:
        return pull(store, **kw)


# -- choosing commits ---------------------------------------------------------------------------------
def test_choose_day_week_month() -> None:
    commits = [
        Commit(f"{i:040x}", _at(t))
        for i, t in enumerate(
            [
                "2026-03-02T10:00:00",
                "2026-02-03T10:00:00",
                "2026-02-01T10:00:00",
                "2026-01-15T08:00:00",
                "2026-01-01T23:59:59",
                "2026-01-01T08:00:00",
                "2025-12-30T21:00:00",
                "2025-12-30T09:00:00",
            ]
        )
    ]  # newest first, as the Hub lists them
    day = choose(commits, "day")
    assert [c.day.isoformat() for c in day] == [
        "2025-12-30",
        "2026-01-01",
        "2026-01-15",
        "2026-02-01",
        "2026-02-03",
        "2026-03-02",
    ]
    assert day[0].created_at.hour == 21 and day[1].created_at.hour == 23  # the last commit of each UTC day
    # ISO weeks: 2025-12-30 and 2026-01-01 are both in week 1 of 2026
    assert [c.day.isoformat() for c in choose(commits, "week")] == [
        "2025-12-30",
        "2026-01-15",
        "2026-02-01",
        "2026-02-03",
        "2026-03-02",
    ]
    assert [c.day.isoformat() for c in choose(commits, "month")] == [
        "2025-12-30",
        "2026-01-01",
        "2026-02-01",
        "2026-03-02",
    ]
    # The months are judged over the whole history, then cut: --since does not move February's pick.
    since = choose(commits, "month", since=dt.date(2026, 2, 2))
    assert [c.day.isoformat() for c in since] == ["2026-03-02"]
    assert [c.day.isoformat() for c in choose(commits, "day", dt.date(2026, 1, 1), dt.date(2026, 2, 1))] == [
        "2026-01-01",
        "2026-01-15",
        "2026-02-01",
    ]


# -- an uninterrupted pull ------------------------------------------------------------------------------
def test_pull_every_day(hub: FakeStats, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "hub.duckdb"
    assert main(["pull", "--every", "day", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    chosen = [c for c in hub.commits if c.date.isoformat() != "2025-12-30T09:00:00+00:00"]
    # The history was read page by page, following the Link headers: 9 commits, 3 a page.
    assert [r.outcome for r in hub.seen("commits")] == ["commits 200 p=0", "commits 200 p=1", "commits 200 p=2"]
    with Store.open(db, read_only=True) as store:
        con = store.con
        snaps = con.execute("SELECT taken_at, source, source_ref, complete FROM snapshots ORDER BY 1").fetchall()
        expected = [(c.date.date(), "hub-stats", c.commit_id, True) for c in chosen if "models.parquet" in c.files]
        assert snaps == expected
        files = con.execute("SELECT kind, files FROM snapshot_kinds WHERE snapshot_id = 20251231 ORDER BY 1").fetchall()
        ref = f"hf://datasets/cfahlgren1/hub-stats@{chosen[1].commit_id}"
        assert files == [("dataset", [f"{ref}/datasets.parquet"]), ("model", [f"{ref}/models.parquet"])]
        # the statistics are the commit's own: Qwen3-8B had 1000 + 10n downloads in commit n
        assert con.execute(
            "SELECT snapshot_id, downloads_30d FROM repo_stats WHERE repo_id = 'Qwen/Qwen3-8B' ORDER BY 1"
        ).fetchall() == [
            (int(c.date.strftime("%Y%m%d")), 1000 + 10 * (hub.commits.index(c) + 1))
            for c in chosen
            if "models.parquet" in c.files
        ]
        # and the pull enriched the store: lineage from the GGUF's base_model tags
        assert con.execute("SELECT child_id, parent_id, relation FROM lineage").fetchall() == [
            ("unsloth/Qwen3-8B-GGUF", "Qwen/Qwen3-8B", "quantized")
        ]
    lines = out.splitlines()
    assert any(
        line.startswith(f"2025-12-31 ({chosen[1].commit_id[:8]}): ingested")
        and "lacked spaces.parquet, daily_papers.parquet" in line
        for line in lines
    )
    assert any(line.startswith("2025-12-30") and "lacked models.downloadsAllTime" in line for line in lines)
    assert any(line.startswith("2026-02-01") and "skipped: holds none of models.parquet" in line for line in lines)
    summary = next(line for line in lines if line.startswith("cfahlgren1/hub-stats:"))
    assert (
        "8 of 9 commits chosen (every day, 2025-12-30 … 2026-03-02): 7 ingested, 0 already held, 1 without the kinds asked for;"
        in summary
    )
    assert cache_files(tmp_path) == []  # every downloaded file was removed once ingested


def test_second_pull_fetches_only_new_commits(hub: FakeStats, tmp_path: Path, history: list[StatsCommit]) -> None:
    db = tmp_path / "hub.duckdb"
    hub.commits = history[:5]  # the repo as it was on 2026-01-02
    first = do_pull(db, every="day")
    assert first.ingested == 4 and len(hub.seen("paths-info")) == 4
    hub.clear()
    again = do_pull(db, every="day")
    assert again.ingested == 0 and again.count("held") == 4
    assert [r.outcome.split()[0] for r in hub.requests if r.outcome.split()[0] != "other"] == ["commits", "commits"]
    hub.clear()
    hub.commits = history  # four more days since
    later = do_pull(db, every="day")
    assert later.ingested == 3 and later.count("held") == 4 and later.count("no kinds") == 1
    asked = [r.path.rsplit("/", 1)[1] for r in hub.seen("paths-info")]
    assert asked == [c.commit_id for c in history[5:]]  # only the new commits were looked at
    assert len(hub.seen("cdn")) == 3 * 4  # and only their files fetched


def test_every_month(hub: FakeStats, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "hub.duckdb"
    assert main(["pull", "--db", str(db)]) == 0  # --every month is the default
    out = capsys.readouterr().out
    with Store.open(db, read_only=True) as store:
        days = [r[0].isoformat() for r in store.con.execute("SELECT taken_at FROM snapshots ORDER BY 1").fetchall()]
    # December's first day held, January's, February's (a commit without the files: skipped), March's
    assert days == ["2025-12-30", "2026-01-01", "2026-03-02"]
    assert (
        "4 of 9 commits chosen (every month, 2025-12-30 … 2026-03-02): 3 ingested, 0 already held, 1 without the kinds asked for"
        in out
    )
    assert len(hub.seen("paths-info")) == 4 and len(hub.seen("cdn")) == 4 + 4 + 4


def test_kinds_and_range(hub: FakeStats, tmp_path: Path) -> None:
    db = tmp_path / "hub.duckdb"
    result = do_pull(db, every="day", kinds=["papers"], since=dt.date(2025, 12, 31), until=dt.date(2026, 1, 2))
    assert [(o.commit.day.isoformat(), o.status) for o in result.outcomes] == [
        ("2025-12-31", "no kinds"),
        ("2026-01-01", "ingested"),
        ("2026-01-02", "ingested"),
    ]
    assert all("daily_papers" in dict(r.query).get("name", "") for r in hub.seen("cdn"))


# -- faults -------------------------------------------------------------------------------------------
def test_faults_are_ridden_out_and_leave_the_same_store(
    hub: FakeStats, tmp_path: Path, history: list[StatsCommit], monkeypatch: pytest.MonkeyPatch
) -> None:
    # huggingface_hub writes what it received in chunks of 10 MB; in chunks of 1 kB, a cut after half of a
    # 3 kB file leaves whole chunks on disk to resume from, as a cut in a real 500 MB file does.
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 1024)
    reference = tmp_path / "reference.duckdb"
    do_pull(reference, every="day")
    hub.clear()
    second = history[3]
    hub.inject("paths-info", rate_limited(3), match=second.commit_id)  # huggingface_hub does not retry this POST
    hub.inject("cdn", server_error(500), match=second.blobs["models.parquet"].sha256)  # nor a 5xx on the body
    hub.inject("cdn", truncated(), match=second.blobs["datasets.parquet"].sha256)  # a cut body: resumed by Range
    hub.inject("commits", server_error(503))  # huggingface_hub's own backoff rides this one out
    waits = Waits()
    db = tmp_path / "faulty.duckdb"
    do_pull(db, every="day", sleep=waits)
    assert waits == [3.0, 0.01]  # Retry-After: 3, then the policy's first backoff
    outcomes = [r.outcome for r in hub.seen("cdn") if second.blobs["datasets.parquet"].sha256 in r.path]
    assert outcomes[0] == "cdn cut" and outcomes[1].startswith("cdn 206 from ")
    resumed = [r for r in hub.seen("cdn") if second.blobs["datasets.parquet"].sha256 in r.path][1]
    assert resumed.headers["range"] == f"bytes={outcomes[1].rsplit(' ', 1)[1]}-"
    assert dump_store(db) == dump_store(reference)


def test_exhausted_retries_stop_with_one_line_and_keep_what_was_ingested(
    hub: FakeStats, tmp_path: Path, history: list[StatsCommit]
) -> None:
    db = tmp_path / "hub.duckdb"
    hub.inject("cdn", *[server_error(502)] * 4, match=history[4].blobs["models.parquet"].sha256)
    with pytest.raises(NetworkError) as err:
        do_pull(db, every="day")
    msg = str(err.value)
    assert "\n" not in msg and "HTTP 502" in msg and "models.parquet" in msg and "gave up after 4 attempts" in msg
    assert "3 snapshot(s) ingested by this pull are kept; run the same pull again to continue" in msg
    hub.clear()
    result = do_pull(db, every="day")
    assert result.count("held") == 3 and result.ingested == 4


def test_unreadable_commit_is_named_and_the_rest_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, history: list[StatsCommit], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = StatsCommit(_at("2026-01-20T08:00:00"), {"models.parquet": b"PAR1 this is not parquet PAR1"})
    with serving(monkeypatch, tmp_path, [*history[3:6], broken]):
        db = tmp_path / "hub.duckdb"
        assert main(["pull", "--every", "day", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "2026-01-20 (" in out and "unreadable: " in out and "cannot read parquet" in out
    assert "3 ingested, 0 already held, 1 unreadable" in out
    assert cache_files(tmp_path) == []


# -- interrupted pulls ------------------------------------------------------------------------------
def _start_pull(hub: FakeStats, db: Path, held_file: str) -> subprocess.Popen:
    """`hubcensus pull --every day` in a subprocess, held by the fake Hub half-way through `held_file`."""
    hub.inject("cdn", hold(), match=held_file)
    env = {k: v for k, v in os.environ.items() if k != "HUBCENSUS_DEBUG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hubcensus.cli", "pull", "--every", "day", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not hub.holding.wait(60):
        proc.kill()
        raise AssertionError(f"the pull never reached the held download: {proc.communicate()}")
    return proc


def test_kill_9_mid_download_then_pull_again_gives_the_same_store(
    hub: FakeStats, tmp_path: Path, history: list[StatsCommit]
) -> None:
    db = tmp_path / "killed.duckdb"
    fourth = history[4]  # 2026-01-02: three days are in the store when it dies
    proc = _start_pull(hub, db, fourth.blobs["models.parquet"].sha256)
    assert list((tmp_path / "hf-home").rglob("*.incomplete"))  # killed mid-download
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    hub.release()
    with Store.open(db, read_only=True) as store:
        assert [r[0] for r in store.con.execute("SELECT source_ref FROM snapshots ORDER BY 1").fetchall()] == sorted(
            c.commit_id for c in history[1:4]
        )
    hub.clear()
    assert main(["pull", "--every", "day", "--db", str(db)]) == 0
    assert [r.path.rsplit("/", 1)[1] for r in hub.seen("paths-info")] == [c.commit_id for c in history[4:]]
    assert list((tmp_path / "hf-home").rglob("*.incomplete")) == []  # the orphan went too
    assert cache_files(tmp_path) == []
    hub.clear()
    reference = tmp_path / "reference.duckdb"
    assert main(["pull", "--every", "day", "--db", str(reference)]) == 0
    assert dump_store(db) == dump_store(reference)


def test_ctrl_c_says_what_was_kept_and_how_to_go_on(hub: FakeStats, tmp_path: Path, history: list[StatsCommit]) -> None:
    db = tmp_path / "interrupted.duckdb"
    proc = _start_pull(hub, db, history[3].blobs["datasets.parquet"].sha256)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    hub.release()
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == (
        "interrupted: 2 snapshot(s) ingested by this pull are kept; files already downloaded stay in the Hub cache; "
        "run the same command again to continue"
    )
    assert "Traceback" not in err
    hub.clear()
    assert main(["pull", "--every", "day", "--db", str(db)]) == 0
    fetched = [r.path for r in hub.seen("cdn")]
    assert not any(history[3].blobs["models.parquet"].sha256 in p for p in fetched)  # complete in the cache: used
    assert cache_files(tmp_path) == []


# -- the rest of the contract ---------------------------------------------------------------------------
def test_keep_files_and_the_hub_cache(hub: FakeStats, tmp_path: Path) -> None:
    first = do_pull(tmp_path / "a.duckdb", every="month", keep_files=True)
    kept = cache_files(tmp_path)
    assert first.ingested == 3 and len(kept) == 3 * 4 * 2  # a blob and its snapshot entry per file
    hub.clear()
    second = do_pull(tmp_path / "b.duckdb", every="month")  # another store, the same Hub cache
    assert second.ingested == 3 and second.bytes_downloaded == 0
    assert hub.seen("cdn") == [] and hub.seen("resolve") == []  # pinned to a commit, found in the cache
    assert cache_files(tmp_path) == []


def test_errors_are_one_line(hub: FakeStats, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new.duckdb"
    for args, start in (
        (["--every", "fortnight"], "error: --every 'fortnight': expected day, week or month"),
        (["--kinds", "models,weights"], "error: --kinds 'weights'"),
        (["--since", "2026-02-30"], "error: --since '2026-02-30': expected a date as YYYY-MM-DD"),
        (["--since", "2026-02-01", "--until", "2026-01-01"], "error: --since 2026-02-01 is after --until 2026-01-01"),
        (["--repo", "someone/not-there"], "error: GET "),
    ):
        assert main(["pull", "--db", str(db), *args]) == 2, args
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith(start), err
    assert "HTTP 404" in err and "someone/not-there" in err and "is someone/not-there a dataset repo" in err
    assert not db.exists()  # a first pull that failed leaves no store behind


def test_update_pulls_what_is_new_and_rewrites_the_report(
    hub: FakeStats, tmp_path: Path, history: list[StatsCommit], capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = tmp_path / "hub.duckdb", tmp_path / "report"
    hub.commits = history[:6]
    assert main(["update", "--db", str(db), "--out", str(out)]) == 0  # an empty store: the newest day only
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT taken_at FROM snapshots").fetchall() == [(dt.date(2026, 1, 15),)]
    assert (out / "index.html").exists() and "report written" in capsys.readouterr().out
    hub.commits = history
    hub.clear()
    assert main(["update", "--db", str(db), "--out", str(out)]) == 0
    with Store.open(db, read_only=True) as store:
        days = [r[0].isoformat() for r in store.con.execute("SELECT taken_at FROM snapshots ORDER BY 1").fetchall()]
    assert days == ["2026-01-15", "2026-02-03", "2026-03-02"]  # every day since (02-01 held none of the files)
    assert len(hub.seen("paths-info")) == 3


class Recorded:
    """A `hubcensus.progress.Progress` that keeps every call: ("stage", name, total, unit), ("advance", n), ("note", text)."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def stage(self, name: str, total: int | None = None, unit: str = "items") -> None:
        self.calls.append(("stage", name, total, unit))

    def advance(self, n: int = 1) -> None:
        self.calls.append(("advance", n))

    def note(self, text: str) -> None:
        self.calls.append(("note", text))

    def stages(self) -> list[tuple[Any, ...]]:
        """Each stage with the units it advanced and the notes it took, in order."""
        out: list[tuple[Any, ...]] = []
        for call in self.calls:
            if call[0] == "stage":
                out.append((*call[1:], [], []))
            elif call[0] == "advance":
                out[-1][3].append(call[1])
            else:
                out[-1][4].append(call[1])
        return out


def test_progress_through_the_protocol(hub: FakeStats, tmp_path: Path, history: list[StatsCommit]) -> None:
    """A stage listing the history; per commit to fetch, a stage listing its files, one of its bytes (every
    byte counted, its total the bytes listed) and one ingesting it; a wait is a note on the stage in hand."""
    hub.inject("paths-info", rate_limited(3), match=history[3].commit_id)
    shown = Recorded()
    result = do_pull(tmp_path / "hub.duckdb", every="month", progress=shown)
    stages = shown.stages()
    assert stages[0][:3] == ("listing the commits of cfahlgren1/hub-stats", None, "items")
    fetched = [o for o in result.outcomes if o.status == "ingested"]
    assert len(fetched) == 3 and len(result.outcomes) == 4  # February's commit holds none of the files
    labels = [f"commit {n}/4 {o.commit.day} ({o.commit.short})" for n, o in enumerate(result.outcomes, start=1)]
    assert [s[0] for s in stages[1:]] == [
        f"{labels[0]}: listing its files",
        labels[0],
        f"{labels[0]}: ingesting",
        f"{labels[1]}: listing its files",
        labels[1],
        f"{labels[1]}: ingesting",
        f"{labels[2]}: listing its files",  # and no more: it holds none of the files
        f"{labels[3]}: listing its files",
        labels[3],
        f"{labels[3]}: ingesting",
    ]
    downloads = [s for s in stages if s[2] == "bytes"]
    assert [(s[1], sum(s[3])) for s in downloads] == [(o.bytes, o.bytes) for o in fetched]
    assert sum(o.bytes for o in fetched) == result.bytes_downloaded > 0  # a fresh cache: every byte fetched
    assert all("downloading models.parquet" in s[4] for s in downloads)
    waits = [note for s in stages for note in s[4] if note.startswith("waiting")]
    assert stages[4][0] == f"{labels[1]}: listing its files" and stages[4][4] == waits
    assert waits == ["waiting 3s: HTTP 429 Too Many Requests (Retry-After: 3s)"]
    ingests = [s for s in stages if s[0].endswith(": ingesting")]
    assert len(ingests) == 3  # the store's own notes, naming the snapshot
    assert all(f"{o.commit.day}: merging repos" in s[4] for s, o in zip(ingests, fetched, strict=True))


def test_progress_from_the_hub_cache(hub: FakeStats, tmp_path: Path) -> None:
    """Files found in the Hub cache count as done at once, so a commit's bar always ends full."""
    do_pull(tmp_path / "a.duckdb", every="month", keep_files=True)
    shown = Recorded()
    again = do_pull(tmp_path / "b.duckdb", every="month", progress=shown)
    downloads = [s for s in shown.stages() if s[2] == "bytes"]
    assert again.bytes_downloaded == 0 and len(downloads) == 3
    assert all(sum(s[3]) == s[1] > 0 and len(s[3]) == 4 for s in downloads)  # a file at once, all of it
    assert all(len(s[4]) == 4 and all(n.endswith(".parquet: in the Hub cache") for n in s[4]) for s in downloads)


def test_progress_on_a_terminal(hub: FakeStats, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a user sees on stderr on a terminal: the listing, each commit with its place among those to
    fetch, its bytes counted to the end with their rate, its ingest, then the enrichment; stdout keeps the
    lines and the summary."""
    import io

    from rich.console import Console

    from hubcensus import cli, terminal

    screen = io.StringIO()
    drawn = Console(file=screen, force_terminal=True, width=200)
    monkeypatch.setattr(cli, "err_console", drawn)
    monkeypatch.setattr(cli.loading, "err_console", drawn)
    monkeypatch.setattr(terminal, "err_console", drawn)  # where the bars are drawn
    out = io.StringIO()
    printed = Console(file=out, width=200)
    for module in (cli, cli.loading, cli.summary):  # each prints through the console it imported
        monkeypatch.setattr(module, "console", printed)
    assert main(["pull", "--db", str(tmp_path / "hub.duckdb")]) == 0
    drawn = screen.getvalue()
    assert "listing the commits of cfahlgren1/hub-stats" in drawn
    shorts = {c.date.date().isoformat(): c.commit_id[:8] for c in hub.commits}  # oldest first: the day's last
    labels = [f"commit {n}/4 {day} ({shorts[day]})" for n, day in enumerate(("2025-12-30", "2026-01-01"), start=1)]
    labels.append(f"commit 4/4 2026-03-02 ({shorts['2026-03-02']})")
    for label in labels:
        assert f"{label}: listing its files" in drawn and f"{label}: ingesting" in drawn
    assert f"commit 3/4 2026-02-01 ({shorts['2026-02-01']}): listing its files" in drawn  # none of the files:
    assert f"commit 3/4 2026-02-01 ({shorts['2026-02-01']}): ingesting" not in drawn  # nothing to ingest
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    sizes = re.findall(r"([\d.]+)/([\d.]+) kB", plain)  # a commit's bar counts bytes as a download …
    assert sizes and any(done == total for done, total in sizes) and "kB/s" in plain  # … to its end, with the rate
    assert "enriching" in drawn and "precomputing" in drawn
    assert "4 of 9 commits chosen (every month" in out.getvalue()
    assert "enriched: 1 lineage edges" in out.getvalue()


def test_pull_json_is_one_document(hub: FakeStats, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`pull --json` prints what the pull did as one JSON document, and no lines for a person."""
    db = tmp_path / "hub.duckdb"
    assert main(["pull", "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    statuses = [o["status"] for o in doc["pull"]["outcomes"]]
    assert statuses.count("ingested") == 3 and "4 of 9 commits chosen" in doc["summary"]
    assert doc["enriched"]["enrichment"]["attribution"]
