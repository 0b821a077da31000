"""The Hub's statistics dataset as a source: its git history, one dated snapshot per chosen commit.

`cfahlgren1/hub-stats` is a dataset repo whose root holds `models.parquet`, `datasets.parquet`,
`spaces.parquet` and `daily_papers.parquet` (and more), rewritten by one commit a day: its history is
a daily history of the whole Hub. `pull` turns chosen commits of it into dated snapshots:

- Everything goes through huggingface_hub, so HF_ENDPOINT, HF_TOKEN, HF_HOME and the Hub cache behave
  as its users expect: `HfApi.list_repo_commits` for the history (paged by `Link` headers),
  `HfApi.get_paths_info` at a commit for which of the files it holds and their sizes (one request,
  whatever the size of the repo's tree), and `hf_hub_download(revision=commit)` for the bytes.
- A snapshot is dated by its commit's UTC date, and names the commit as `source_ref`. A commit whose
  snapshot the store holds is neither downloaded nor ingested again, so a pull is idempotent and an
  interrupted one (cut transfer, 429/5xx, Ctrl-C, `kill -9`) is finished by running it again.
- Nothing half-downloaded is ever ingested: `hf_hub_download` writes to a `.incomplete` file and renames
  it only once whole (its size checked), and a commit is ingested only when every one of its files is
  complete — in one transaction, so the store holds the whole snapshot or none of it. A `kill -9`
  leaves the `.incomplete` file behind; the next pull removes it under huggingface_hub's own lock.
- Files are removed from the Hub cache once their commit is ingested, unless `keep_files`: a day of
  the Hub is the better part of a gigabyte.

Retries: each call runs under the live crawl's `RetryPolicy` (`hubcensus.net.call_with_retries`), as an
outer layer over huggingface_hub's own retries. Progress goes through `hubcensus.progress.Progress`, as
every long-running function's does: a stage listing the history, then for each commit to fetch a stage
listing its files, one counted in bytes (the commit's listed bytes; those found in the Hub cache count
as done) and one ingesting it; waits and the file in hand are notes. Enrichment is not this module's
business: the command line runs the pipeline's (`hubcensus.pipeline.enrich`) once after the pull.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hubcensus import __version__
from hubcensus.errors import NetworkError, UserError
from hubcensus.net import Retry, RetryPolicy, Sleep, call_with_retries, resolve_endpoint
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.sources.hub_api import PLURAL, normalise_kinds
from hubcensus.store.connection import Store
from hubcensus.store.ingest import IngestResult, ingest_snapshot
from hubcensus.store.inputs import KindInput, SnapshotInput

DEFAULT_REPO = "cfahlgren1/hub-stats"
SOURCE = "hub-stats"
FILES = {
    "model": "models.parquet",
    "dataset": "datasets.parquet",
    "space": "spaces.parquet",
    "paper": "daily_papers.parquet",
}
EVERY = ("day", "week", "month")

T = TypeVar("T")


@dataclass(frozen=True)
class Commit:
    commit_id: str
    created_at: dt.datetime  # UTC

    @property
    def day(self) -> dt.date:
        return self.created_at.astimezone(dt.UTC).date()

    @property
    def short(self) -> str:
        return self.commit_id[:8]


@dataclass
class CommitOutcome:
    """What became of one chosen commit."""

    commit: Commit
    status: str  # ingested | held | date held | no kinds | unreadable
    files: list[str] = field(default_factory=list)  # the files ingested from it
    lacked_files: list[str] = field(default_factory=list)  # asked for, not in the commit
    lacked_columns: list[str] = field(default_factory=list)  # "models.downloadsAllTime", filled in by `pull`
    bytes: int = 0  # the size of its files
    downloaded: int = 0  # of which fetched now (the rest were in the Hub cache)
    result: IngestResult | None = None
    note: str = ""


@dataclass
class PullResult:
    repo: str
    endpoint: str
    every: str
    commits_listed: int = 0  # commits in the repo's history
    outcomes: list[CommitOutcome] = field(default_factory=list)  # one per chosen commit, oldest first
    download_seconds: float = 0.0
    ingest_seconds: float = 0.0
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def ingested(self) -> int:
        return self.count("ingested")

    @property
    def bytes_downloaded(self) -> int:
        return sum(o.downloaded for o in self.outcomes)

    def kept(self) -> str:
        """What an interrupted pull leaves in the store, in words."""
        return (
            f"{self.ingested} snapshot(s) ingested by this pull are kept" if self.ingested else "the store is as it was"
        )

    def lines(self) -> list[str]:
        """A line for each commit that did something (held ones are only counted): what, and what it lacked."""
        out = []
        for o in self.outcomes:
            if o.status == "held":
                continue
            line = f"{o.commit.day} ({o.commit.short}): "
            if o.status == "ingested" and o.result is not None:
                line += "ingested " + ", ".join(f"{k.rows:,} {k.kind}s" for k in o.result.kinds)
                line += f"; {o.result.stats_rows:,} changed statistics rows"
            elif o.status == "no kinds":
                line += "skipped: holds none of " + ", ".join(o.lacked_files)
            else:
                line += f"{o.status}: {o.note}"
            lacked = ([] if o.status == "no kinds" else o.lacked_files) + o.lacked_columns
            out.append(line + ("; lacked " + ", ".join(lacked) if lacked else ""))
        return out

    def summary(self) -> str:
        """The one line a pull ends with, whatever happened."""
        chosen = len(self.outcomes)
        parts = [f"{self.ingested} ingested", f"{self.count('held')} already held"]
        for status, label in (
            ("date held", "dates held by another snapshot"),
            ("no kinds", "without the kinds asked for"),
            ("unreadable", "unreadable"),
        ):
            if self.count(status):
                parts.append(f"{self.count(status)} {label}")
        span = f", {self.outcomes[0].commit.day} … {self.outcomes[-1].commit.day}" if self.outcomes else ""
        return (
            f"{self.repo}: {chosen} of {self.commits_listed} commits chosen (every {self.every}{span}): "
            + ", ".join(parts)
            + f"; {human_bytes(self.bytes_downloaded)} downloaded in {self.seconds:.1f}s"
        )


def human_bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    raise AssertionError


def hub_cache_dir() -> Path:
    """The Hub cache as huggingface_hub resolves it, read now rather than when it was imported
    (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub), so a library caller or a test
    that sets HF_HOME later is obeyed, as `resolve_endpoint` does for HF_ENDPOINT."""
    env = os.environ
    explicit = env.get("HF_HUB_CACHE") or env.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expanduser(os.path.expandvars(explicit)))
    home = env.get("HF_HOME") or os.path.join(
        env.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface"
    )
    return Path(os.path.expanduser(os.path.expandvars(home))) / "hub"


# -- choosing commits -------------------------------------------------------------------------------
def choose(
    commits: Sequence[Commit], every: str, since: dt.date | None = None, until: dt.date | None = None
) -> list[Commit]:
    """The commits to pull, oldest first.

    `day`: the last commit of each UTC day. `week`/`month`: of those days, the first one held in each
    ISO week / calendar month. The weeks and months are judged over the whole history and only then cut
    to `since`…`until` (inclusive), so the same commits are chosen whatever the range: a monthly pull
    run every month adds one snapshot a month, always the month's first day held.
    """
    if every not in EVERY:
        raise UserError(f"--every {every!r}: expected day, week or month")
    if since and until and since > until:
        raise UserError(f"--since {since} is after --until {until}")
    last_of_day: dict[dt.date, tuple[dt.datetime, int, Commit]] = {}
    for n, c in enumerate(commits):  # the Hub lists the newest first: on a tie, the earlier-listed is later
        key = (c.created_at, -n)
        held = last_of_day.get(c.day)
        if held is None or key > held[:2]:
            last_of_day[c.day] = (c.created_at, -n, c)
    days = sorted(last_of_day)
    if every != "day":
        first: dict[tuple[int, int], dt.date] = {}
        for d in days:
            period = d.isocalendar()[:2] if every == "week" else (d.year, d.month)
            first.setdefault(period, d)
        days = sorted(first.values())
    return [last_of_day[d][2] for d in days if (since is None or d >= since) and (until is None or d <= until)]


# -- the store's side ---------------------------------------------------------------------------------
def file_ref(repo: str, commit_id: str, filename: str) -> str:
    """How a snapshot names a file it was read from: huggingface_hub's `hf://` path, pinned to the commit."""
    return f"hf://datasets/{repo}@{commit_id}/{filename}"


def held_snapshots(store: Store) -> dict[dt.date, tuple[str, str]]:
    """{date: (source, source_ref)} of every snapshot the store holds."""
    rows = store.con.execute("SELECT taken_at, source, source_ref FROM snapshots").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def newest_held(store: Store, repo: str) -> dt.date | None:
    """The newest snapshot the store holds from `repo`'s history (what `update` continues from)."""
    row = store.con.execute(
        "SELECT max(s.taken_at) FROM snapshots s JOIN snapshot_kinds k USING (snapshot_id) "
        "WHERE s.source = ? AND starts_with(k.files[1], ?)",
        [SOURCE, f"hf://datasets/{repo}@"],
    ).fetchone()
    return row[0] if row else None


# -- the pull ---------------------------------------------------------------------------------------
class _Puller:
    """One pull's connections and settings: the API client, the cache, the retry policy, the progress."""

    def __init__(
        self,
        store: Store,
        repo: str,
        kinds: list[str],
        keep_files: bool,
        progress: Progress,
        token: str | bool | None,
        endpoint: str | None,
        policy: RetryPolicy | None,
        sleep: Sleep,
    ) -> None:
        from huggingface_hub import HfApi

        self.store, self.repo, self.kinds, self.keep_files, self.progress = store, repo, kinds, keep_files, progress
        self.endpoint = resolve_endpoint(endpoint)
        self.token = token
        self.api = HfApi(endpoint=self.endpoint, token=token, library_name="hubcensus", library_version=__version__)
        self.cache = hub_cache_dir()
        self.policy = policy or RetryPolicy()
        self.sleep = sleep

    def call(self, what: str, fn: Callable[[], T], hints: dict[int, str] | None = None) -> T:
        def on_retry(r: Retry) -> None:
            self.progress.note(f"waiting {r.wait:g}s: {r.reason}")

        return call_with_retries(
            what, fn, endpoint=self.endpoint, policy=self.policy, sleep=self.sleep, on_retry=on_retry, hints=hints
        )

    def list_commits(self) -> list[Commit]:
        what = f"GET {self.endpoint}/api/datasets/{self.repo}/commits/main"
        # The Hub answers 401 for a repo that does not exist (unless a token says who is asking), 404 with one.
        missing = f"is {self.repo} a dataset repo on {self.endpoint}? (a private one needs HF_TOKEN)"
        infos = self.call(
            what, lambda: self.api.list_repo_commits(self.repo, repo_type="dataset"), hints={401: missing, 404: missing}
        )
        return [Commit(c.commit_id, c.created_at.astimezone(dt.UTC)) for c in infos]

    def files_of(self, commit: Commit) -> dict[str, int]:
        """{file name: size} of the asked-for files the commit holds."""
        from huggingface_hub import RepoFile

        wanted = [FILES[k] for k in self.kinds]
        what = f"POST {self.endpoint}/api/datasets/{self.repo}/paths-info/{commit.commit_id}"
        infos = self.call(
            what,
            lambda: self.api.get_paths_info(self.repo, wanted, revision=commit.commit_id, repo_type="dataset"),
        )
        return {i.path: int(i.size) for i in infos if isinstance(i, RepoFile) and i.path in wanted}

    def download(self, commit: Commit, filename: str, size: int) -> tuple[Path, int]:
        """The file at the commit, complete, in the Hub cache; and how many bytes were fetched for it now."""
        from huggingface_hub import hf_hub_download, hf_hub_url, try_to_load_from_cache

        cached = try_to_load_from_cache(
            self.repo, filename, cache_dir=self.cache, revision=commit.commit_id, repo_type="dataset"
        )
        if isinstance(cached, str) and os.path.isfile(cached) and os.path.getsize(cached) == size:
            self.progress.note(f"{filename}: in the Hub cache")
            self.progress.advance(size)  # done already: what is left to fetch is what the time left is about
            return Path(cached), 0
        self.progress.note(f"downloading {filename}")
        url = hf_hub_url(self.repo, filename, repo_type="dataset", revision=commit.commit_id, endpoint=self.endpoint)
        force = isinstance(cached, str) and os.path.isfile(cached)  # cached, but not the size the Hub says
        counted = [0]  # the bytes the progress was advanced by for this file
        try:
            path = self.call(
                f"GET {url}",
                lambda: hf_hub_download(
                    self.repo,
                    filename,
                    repo_type="dataset",
                    revision=commit.commit_id,
                    cache_dir=self.cache,
                    endpoint=self.endpoint,
                    token=self.token,
                    force_download=force,
                    library_name="hubcensus",
                    library_version=__version__,
                    tqdm_class=_byte_counter(self.progress, counted),
                ),
            )
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise UserError(f"{self.cache}: no space left for {filename} ({human_bytes(size)})") from None
            if isinstance(exc, PermissionError):
                raise UserError(
                    f"{exc.filename or self.cache}: {exc.strerror}; set HF_HOME (or HF_HUB_CACHE) to a folder you can write"
                ) from None
            raise
        got = os.path.getsize(path)
        if got != size:
            raise NetworkError(f"GET {url}: {got:,} bytes arrived, the Hub lists {size:,}")
        if counted[0] < size:  # linked from a blob the cache held for another revision: no transfer to count
            self.progress.advance(size - counted[0])
        _remove_orphans(self.cache, self.repo, Path(path))
        return Path(path), size

    def remove(self, paths: list[Path]) -> None:
        if not self.keep_files:
            for p in paths:
                _remove_cached(self.cache, self.repo, p)


def _repo_folder(cache: Path, repo: str) -> Path:
    return cache / ("datasets--" + repo.replace("/", "--"))


def _lock(cache: Path, repo: str, blob: Path) -> Any:
    """huggingface_hub's own lock on a blob: held by whoever is downloading it right now."""
    from huggingface_hub.utils import WeakFileLock

    lock = cache / ".locks" / _repo_folder(cache, repo).name / f"{blob.name}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    return WeakFileLock(lock)


def _remove_orphans(cache: Path, repo: str, pointer: Path) -> None:
    """Remove partial downloads of this blob left by a killed process (`<etag>.<id>.incomplete`).

    Under the blob's lock no download of it is running, so whatever partial file is there is an orphan."""
    blob = Path(os.path.realpath(pointer))
    if blob.parent.name != "blobs":
        return
    orphans = list(blob.parent.glob(f"{blob.name}.*incomplete"))
    if orphans:
        with _lock(cache, repo, blob):
            for o in orphans:
                o.unlink(missing_ok=True)


def _remove_cached(cache: Path, repo: str, pointer: Path) -> None:
    """Remove a pulled file from the Hub cache: its snapshot entry, and the blob unless another snapshot
    entry in the cache (the user's own download of `main`, say) still points to it."""
    blob = Path(os.path.realpath(pointer))
    pointer.unlink(missing_ok=True)
    if blob == pointer or blob.parent.name != "blobs":
        return
    snapshots = _repo_folder(cache, repo) / "snapshots"
    others = [p for p in snapshots.glob(f"*/{pointer.name}") if p.is_symlink() and Path(os.path.realpath(p)) == blob]
    if not others:
        with _lock(cache, repo, blob):
            blob.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        pointer.parent.rmdir()  # the commit's folder, once empty


def _byte_counter(progress: Progress, counted: list[int]) -> type:
    """A tqdm class for hf_hub_download that never draws but advances `progress` by each update's bytes
    (negative when a restarted transfer discards some), and adds them up in `counted[0]`.

    The Xet path draws a second bar for network bytes (`…: downloading bytes`); the file's own bytes are
    the first, so only those are counted."""
    from huggingface_hub.utils import tqdm as hf_tqdm

    class Counter(hf_tqdm):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            self._counts = not str(kwargs.get("desc", "")).endswith("downloading bytes")
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            if self._counts and n:
                progress.advance(int(n))
                counted[0] += int(n)
            return super().update(n)

    return Counter


def _lacked_columns(outcomes: list[CommitOutcome]) -> None:
    """Name, for each ingested commit, the source columns other commits of this pull had and it lacked."""
    seen: dict[str, dict[str, str]] = {}  # kind -> store column -> the source field it came from
    for o in outcomes:
        for k in o.result.kinds if o.result else []:
            for col, src in k.mapped.items():
                seen.setdefault(k.kind, {}).setdefault(col, src)
    for o in outcomes:
        if o.result is None:
            continue
        for k in o.result.kinds:
            o.lacked_columns += [f"{PLURAL[k.kind]}.{seen[k.kind][c]}" for c in k.missing if c in seen.get(k.kind, {})]


def pull(
    store: Store,
    repo: str = DEFAULT_REPO,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    every: str = "month",
    kinds: Sequence[str] = ("models", "datasets", "spaces", "papers"),
    keep_files: bool = False,
    last: int | None = None,
    progress: Progress | None = None,
    token: str | bool | None = None,
    endpoint: str | None = None,
    policy: RetryPolicy | None = None,
    sleep: Sleep = time.sleep,
) -> PullResult:
    """Pull chosen commits of `repo`'s history into the store, one snapshot per commit, oldest first.

    `last` keeps only the newest N chosen commits (`update` on a store with no history takes one).
    Interrupted (KeyboardInterrupt), it raises `PullInterrupted` carrying what was done; a network
    failure retries cannot cure is a NetworkError saying so. Either way what was ingested stays, and the
    same call finishes the job.
    """
    t0 = time.perf_counter()
    wanted = normalise_kinds(kinds)
    if "/" not in repo.strip("/"):
        raise UserError(f"--repo {repo!r}: expected a dataset repo id, owner/name")
    p = _Puller(store, repo, wanted, keep_files, progress or NO_PROGRESS, token, endpoint, policy, sleep)
    result = PullResult(repo, p.endpoint, every)
    try:
        p.progress.stage(f"listing the commits of {repo}")
        history = p.list_commits()
        result.commits_listed = len(history)
        chosen = choose(history, every, since, until)
        if last is not None:
            chosen = chosen[-last:] if last > 0 else []
        held = held_snapshots(store)
        todo: list[CommitOutcome] = []
        for c in chosen:
            outcome = CommitOutcome(c, "")
            result.outcomes.append(outcome)
            on_day = held.get(c.day)
            if on_day is None:
                todo.append(outcome)
            elif on_day == (SOURCE, c.commit_id):
                outcome.status = "held"
            else:
                outcome.status = "date held"
                outcome.note = f"{c.day} is held from {on_day[0]} {on_day[1]}"
        for number, outcome in enumerate(todo, start=1):
            _pull_one(p, result, f"commit {number}/{len(todo)} {outcome.commit.day} ({outcome.commit.short})", outcome)
    except KeyboardInterrupt:
        result.seconds = time.perf_counter() - t0
        raise PullInterrupted(result) from None
    except NetworkError as exc:
        result.seconds = time.perf_counter() - t0
        if not result.outcomes:  # it failed listing the commits: nothing to continue
            raise
        raise NetworkError(f"{exc} — {result.kept()}; run the same pull again to continue") from None
    _lacked_columns(result.outcomes)
    result.seconds = time.perf_counter() - t0
    return result


def _pull_one(p: _Puller, result: PullResult, label: str, outcome: CommitOutcome) -> None:
    """Fetch one commit's files, ingest them as one snapshot, remove them (unless kept).

    `label` names the commit in its stages, with its place among those to fetch ("commit 3/12 …")."""
    c = outcome.commit
    t = time.perf_counter()
    p.progress.stage(f"{label}: listing its files")
    sizes = p.files_of(c)
    present = [k for k in p.kinds if FILES[k] in sizes]
    outcome.lacked_files = [FILES[k] for k in p.kinds if FILES[k] not in sizes]
    outcome.bytes = sum(sizes.values())
    if not present:
        outcome.status = "no kinds"
        result.download_seconds += time.perf_counter() - t
        return
    p.progress.stage(label, total=outcome.bytes, unit="bytes")
    paths: dict[str, Path] = {}
    for k in present:
        paths[k], fetched = p.download(c, FILES[k], sizes[FILES[k]])
        outcome.downloaded += fetched
    result.download_seconds += time.perf_counter() - t
    t = time.perf_counter()
    p.progress.stage(f"{label}: ingesting")  # its notes say what is read and merged
    notes = [f"{p.repo} commit {c.commit_id} of {c.created_at:%Y-%m-%d %H:%M:%S} UTC"]
    if outcome.lacked_files:
        notes.append(f"the commit holds no {', '.join(outcome.lacked_files)}")
    snap = SnapshotInput(
        taken_at=c.day,
        source=SOURCE,
        source_ref=c.commit_id,
        complete=True,
        kinds=[KindInput(k, [paths[k]], "parquet") for k in present],
        notes=notes,
    )

    def inside(con: Any, sid: int) -> None:
        # The snapshot names the files as the Hub does, not as this machine's cache does.
        for k in present:
            con.execute(
                "UPDATE snapshot_kinds SET files = ? WHERE snapshot_id = ? AND kind = ?",
                [[file_ref(p.repo, c.commit_id, FILES[k])], sid, k],
            )

    try:
        outcome.result = ingest_snapshot(p.store, snap, progress=p.progress, inside=inside)
        outcome.status = "ingested" if outcome.result.status == "ingested" else "date held"
    except NetworkError:
        raise
    except UserError as exc:  # a file the store cannot read: name it, and go on with the other commits
        outcome.status, outcome.note = "unreadable", str(exc)
    outcome.files = [FILES[k] for k in present]
    result.ingest_seconds += time.perf_counter() - t
    # Only now: a pull interrupted before this point leaves the commit's complete files in the Hub cache,
    # and the next pull ingests them without fetching them again.
    p.remove(list(paths.values()))


class PullInterrupted(KeyboardInterrupt):
    """Ctrl-C during a pull, with what it had done: the CLI says what was kept and how to go on."""

    def __init__(self, result: PullResult) -> None:
        super().__init__()
        self.result = result
