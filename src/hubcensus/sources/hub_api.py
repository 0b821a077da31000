"""The live Hub as a source: list every model, dataset, space and daily paper, resumably.

A crawl of the whole Hub is thousands of requests and hours long; it will meet rate limits, a
flaky connection, a laptop lid, Ctrl-C. So it is built as explicit, versioned state in the store
(the way dlt loads data), not as a loop with its progress in memory:

- `crawl_runs` holds one row per crawl: its snapshot date (the UTC day it started), endpoint,
  kinds, `--limit`, and status.
- `crawl_cursors` holds, per kind, the URL of the next page (the Hub's cursor), pages and items done,
  and whether that listing is finished.
- `crawl_items` stages every item exactly as the API returned it (JSON text, camelCase).

Each page's items and the advanced cursor are written in one transaction, so a kill at any
instant leaves a consistent pair: the page is either staged with the cursor past it, or not
staged with the cursor at it. `--resume` refetches from the cursor. When every listing is done,
the staged items are written out as JSONL and ingested as one snapshot through
`store.ingest.ingest_snapshot`, whose `inside` hook deletes the staging rows and marks the run done
in the same transaction as the snapshot — so there is no instant at which both or neither exist.

Nothing in these tables depends on the wall clock or on how many retries a run needed, so an
interrupted-and-resumed crawl leaves the store exactly as an uninterrupted one would.

Listings: `/api/models`, `/api/datasets` and `/api/spaces` with `expand[]=` fields and cursor
pagination (`Link` headers, followed by `hubcensus.net.Paginator`); `/api/daily_papers` paged by
number (`p=0,1,…`, at most 100 a page), which is how the Hub's own `HfApi.list_daily_papers`
addresses it. That endpoint has no end marker but an empty page, and shifts while new papers
arrive, so the paper listing stops at the first empty page, at a page that brings no paper not
already seen (the server ignoring `p`), or after `PAPERS_MAX_PAGES` pages, whichever comes first,
and says which in `crawl_cursors.stop_reason` and the snapshot's notes.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from hubcensus.errors import NetworkError, UserError
from hubcensus.net import (
    HubSession,
    Paginator,
    Retry,
    RetryPolicy,
    Sleep,
    link_next,
    page_number_next,
    resolve_endpoint,
    short_url,
)
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.store.connection import Store
from hubcensus.store.ingest import IngestResult, ingest_snapshot, snapshot_id_for
from hubcensus.store.inputs import KindInput, SnapshotInput

KIND_NAMES = {
    "models": "model",
    "model": "model",
    "datasets": "dataset",
    "dataset": "dataset",
    "spaces": "space",
    "space": "space",
    "papers": "paper",
    "paper": "paper",
    "daily_papers": "paper",
}
PLURAL = {"model": "models", "dataset": "datasets", "space": "spaces", "paper": "papers"}
CRAWL_ORDER = ("model", "dataset", "space", "paper")
PATHS = {"model": "/api/models", "dataset": "/api/datasets", "space": "/api/spaces", "paper": "/api/daily_papers"}

# The fields asked of each listing: what the store maps (store/columns.py) and nothing more,
# since every expanded field costs the Hub work and us bytes on every one of millions of items.
EXPAND = {
    "model": (
        "author",
        "createdAt",
        "lastModified",
        "downloads",
        "downloadsAllTime",
        "likes",
        "trendingScore",
        "tags",
        "pipeline_tag",
        "library_name",
        "safetensors",
        "gguf",
        "cardData",
        "baseModels",
        "config",
    ),
    "dataset": (
        "author",
        "createdAt",
        "lastModified",
        "downloads",
        "downloadsAllTime",
        "likes",
        "trendingScore",
        "tags",
        "cardData",
    ),
    "space": ("author", "createdAt", "lastModified", "likes", "trendingScore", "tags", "sdk", "models", "datasets"),
}
PAPERS_MAX_PAGE_SIZE = 100  # /api/daily_papers serves at most this many a page
PAPERS_MAX_PAGES = 2000  # a bound on the paper listing (200,000 papers at 100 a page)
# A repo listing whose pagination runs away (a server that keeps handing out fresh cursors) is stopped with
# an error once it lists this many times the previous complete snapshot's count (the Hub grew about 6x from
# 2023 to 2026, so 10x is far beyond any real growth between two crawls), plus some pages of slack for a
# small store; without a previous snapshot, at an absolute bound some 40 times the Hub's 2025 size.
RUNAWAY_FACTOR = 10
RUNAWAY_SLACK_PAGES = 20
RUNAWAY_MAX_ITEMS = 100_000_000

_STOP_NOTES = {
    "limit": "{plural}: stopped at --limit {limit} (a partial listing: absence from it is not deletion)",
    "repeat": "{plural}: stopped at page {pages}, which brought no item not already seen (the listing repeats)",
    "bound": "{plural}: stopped after {pages} pages, the most this crawl fetches",
}


@dataclass
class Run:
    run_id: int
    day: dt.date
    endpoint: str
    kinds: list[str]
    limit: int | None
    page_size: int


@dataclass
class Cursor:
    next_url: str | None
    pages_done: int
    items_done: int
    finished: bool
    stop_reason: str | None


def normalise_kinds(kinds: Sequence[str]) -> list[str]:
    """`models,datasets,…` (or the singular) as store kinds, in crawl order, without repeats."""
    out = set()
    for k in kinds:
        name = KIND_NAMES.get(k.strip().lower())
        if name is None:
            raise UserError(f"--kinds {k!r}: expected models, datasets, spaces or papers")
        out.add(name)
    if not out:
        raise UserError("--kinds: name at least one of models, datasets, spaces, papers")
    return [k for k in CRAWL_ORDER if k in out]


def item_id(kind: str, item: Any) -> str | None:
    """The id an item is known by: a repo's `id`, a daily paper's `paper.id` (arXiv id)."""
    if not isinstance(item, dict):
        return None
    if kind == "paper":
        paper = item.get("paper")
        value = paper.get("id") if isinstance(paper, dict) else item.get("id")
    else:
        value = item.get("id") or item.get("modelId")
    return value if isinstance(value, str) and value.strip() else None


def first_url(session: HubSession, kind: str, page_size: int, limit: int | None) -> str:
    """The first page of a listing; every later page's URL comes from the Hub (or from `p`)."""
    if kind == "paper":
        size = min(page_size, PAPERS_MAX_PAGE_SIZE, limit or page_size)
        return session.url(PATHS[kind], [("p", 0), ("limit", size)])
    size = min(page_size, limit or page_size)
    return session.url(PATHS[kind], [*(("expand[]", f) for f in EXPAND[kind]), ("limit", size)])


# -- the run's state in the store ----------------------------------------------------------------
def _unfinished(store: Store) -> Run | None:
    row = store.con.execute(
        "SELECT run_id, snapshot_date, endpoint, kinds, item_limit, page_size FROM crawl_runs "
        "WHERE status = 'running' ORDER BY run_id DESC LIMIT 1"
    ).fetchone()
    return Run(row[0], row[1], row[2], list(row[3]), row[4], row[5]) if row else None


def _cursor(store: Store, run: Run, kind: str) -> Cursor:
    row = store.con.execute(
        "SELECT next_url, pages_done, items_done, finished, stop_reason FROM crawl_cursors WHERE run_id = ? AND kind = ?",
        [run.run_id, kind],
    ).fetchone()
    assert row is not None, f"crawl run {run.run_id} has no cursor for {kind}"
    return Cursor(row[0], row[1], row[2], row[3], row[4])


def _start(store: Store, session: HubSession, day: dt.date, kinds: list[str], limit: int | None, page_size: int) -> Run:
    with store.transaction() as con:
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM crawl_runs").fetchone()[0]
        con.execute(
            "INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, 'running', NULL)",
            [run_id, day, session.endpoint, kinds, limit, page_size],
        )
        for kind in kinds:
            con.execute(
                "INSERT INTO crawl_cursors VALUES (?, ?, ?, 0, 0, false, NULL)",
                [run_id, kind, first_url(session, kind, page_size, limit)],
            )
    return Run(run_id, day, session.endpoint, kinds, limit, page_size)


def _discard(store: Store, run: Run) -> None:
    with store.transaction() as con:
        con.execute("DELETE FROM crawl_items WHERE run_id = ?", [run.run_id])
        con.execute("UPDATE crawl_runs SET status = 'discarded' WHERE run_id = ?", [run.run_id])


def _describe_run(store: Store, run: Run) -> str:
    parts = []
    for kind in run.kinds:
        c = _cursor(store, run, kind)
        parts.append(f"{PLURAL[kind]} {c.items_done:,}{' (done)' if c.finished else ''}")
    return f"started {run.day} against {run.endpoint}: {', '.join(parts)} items staged"


def _estimate(store: Store, kind: str, before: int) -> tuple[int, dt.date] | None:
    """The row count of `kind` in the newest complete snapshot before this one: the ETA's total."""
    row = store.con.execute(
        "SELECT k.rows, s.taken_at FROM snapshot_kinds k JOIN snapshots s USING (snapshot_id) "
        "WHERE k.kind = ? AND s.complete AND k.snapshot_id < ? ORDER BY k.snapshot_id DESC LIMIT 1",
        [kind, before],
    ).fetchone()
    return (int(row[0]), row[1]) if row else None


def _stage_page(store: Store, run: Run, kind: str, page_no: int, items: list[Any], ids: list[str], cur: Cursor) -> None:
    """One page's items and the cursor past them, in one transaction."""
    table = pa.table(
        {
            "run_id": pa.array([run.run_id] * len(items), pa.int32()),
            "kind": pa.array([kind] * len(items), pa.string()),
            "page": pa.array([page_no] * len(items), pa.int32()),
            "item_no": pa.array(range(1, len(items) + 1), pa.int32()),
            "item_id": pa.array(ids, pa.string()),
            "item": pa.array([json.dumps(it, ensure_ascii=False, separators=(",", ":")) for it in items], pa.string()),
        }
    )
    with store.transaction() as con:
        if items:
            con.register("_crawl_page", table)
            try:
                con.execute("INSERT INTO crawl_items SELECT * FROM _crawl_page")
            finally:
                con.unregister("_crawl_page")
        con.execute(
            "UPDATE crawl_cursors SET next_url = ?, pages_done = ?, items_done = ?, finished = ?, stop_reason = ? "
            "WHERE run_id = ? AND kind = ?",
            [cur.next_url, cur.pages_done, cur.items_done, cur.finished, cur.stop_reason, run.run_id, kind],
        )


# -- crawling ------------------------------------------------------------------------------------
def _crawl_kind(store: Store, session: HubSession, run: Run, kind: str, progress: Progress) -> None:
    """One listing, page by page from its cursor: a stage counted against the kind's last complete snapshot."""
    cur = _cursor(store, run, kind)
    est = _estimate(store, kind, snapshot_id_for(run.day))
    total = est[0] if est else None
    label = PLURAL[kind]
    if run.limit is not None:
        total = min(total, run.limit) if total is not None else run.limit
        label += f" (--limit {run.limit:,})"
    elif est is not None:
        label += f" (ETA from {est[1]}'s {est[0]:,})"
    progress.stage(label, total)
    if cur.items_done:
        progress.advance(cur.items_done)  # staged before the crawl was interrupted
    if cur.finished:
        return
    pager = Paginator(session, cur.next_url, next_page=page_number_next("p") if kind == "paper" else link_next)
    fetched: set[str] = set()  # the URLs this process fetched: a next link among them is a loop
    widest = 1  # the largest page served: the server may cap a page below the size asked
    for page in pager:
        fetched.add(page.url)
        widest = max(widest, len(page.items))
        bound = _runaway_bound(est[0] if est else None, widest)
        _check_not_runaway(kind, page.url, page.next_url, fetched, cur.items_done + len(page.items), bound, est)
        items = page.items
        ids: list[str] = []
        for n, it in enumerate(items, start=1):
            ident = item_id(kind, it)
            if ident is None:
                raise UserError(
                    f"GET {short_url(page.url)}: item {n} of the page has no id; has the listing's format changed?"
                )
            ids.append(ident)
        cur.pages_done += 1
        cur.next_url = page.next_url
        cur.stop_reason = None
        if kind == "paper" and items and _all_seen(store, run, kind, ids):
            items, ids, cur.next_url, cur.stop_reason = [], [], None, "repeat"
        if run.limit is not None and cur.items_done + len(items) >= run.limit:
            keep = run.limit - cur.items_done
            if len(items) > keep or cur.next_url is not None:  # else the listing simply ended there
                cur.stop_reason = "limit"
            items, ids, cur.next_url = items[:keep], ids[:keep], None
        if kind == "paper" and cur.next_url is not None and cur.pages_done >= PAPERS_MAX_PAGES:
            cur.next_url, cur.stop_reason = None, "bound"
        cur.items_done += len(items)
        if cur.next_url is None:
            cur.finished = True
            cur.stop_reason = cur.stop_reason or "end"
        _stage_page(store, run, kind, cur.pages_done, items, ids, cur)
        progress.advance(len(items))
        if cur.finished:
            break


def _runaway_bound(estimate: int | None, page_len: int) -> int:
    """How many items a repo listing may bring before the crawl calls it a runaway (`RUNAWAY_FACTOR`)."""
    if estimate is None:
        return RUNAWAY_MAX_ITEMS
    return min(RUNAWAY_MAX_ITEMS, RUNAWAY_FACTOR * estimate + RUNAWAY_SLACK_PAGES * page_len)


def _check_not_runaway(
    kind: str,
    url: str,
    next_url: str | None,
    fetched: set[str],
    items: int,
    bound: int,
    est: tuple[int, dt.date] | None,
) -> None:
    """Stop a listing whose pagination loops (the next link repeats a page already fetched) or runs far beyond
    the listing's size, before its page is staged: otherwise the crawl never ends and staging grows without
    limit. Papers are paged by number and bounded by `PAPERS_MAX_PAGES` instead."""
    if kind == "paper":
        return
    how = (
        "the crawl is stopped with the pages before it checkpointed; resuming would loop again: "
        "`hubcensus ingest --hub --restart` starts afresh once the Hub pages properly"
    )
    if next_url is not None and next_url in fetched:
        raise UserError(
            f"GET {short_url(url)}: the {PLURAL[kind]} listing's next link repeats a page already fetched "
            f"({short_url(next_url)}): its pagination loops; {how}"
        )
    if next_url is not None and items > bound:
        than = f"{RUNAWAY_FACTOR}x the {est[0]:,} of {est[1]}" if est else "the most this crawl accepts"
        raise UserError(
            f"GET {short_url(url)}: the {PLURAL[kind]} listing has brought {items:,} items and still has a next "
            f"page, far beyond its size ({than}): its pagination runs away; {how}"
        )


def _all_seen(store: Store, run: Run, kind: str, ids: list[str]) -> bool:
    seen = store.con.execute(
        "SELECT count(DISTINCT item_id) FROM crawl_items WHERE run_id = ? AND kind = ? AND list_contains(?, item_id)",
        [run.run_id, kind, ids],
    ).fetchone()[0]
    return seen >= len(set(ids))


def _export(store: Store, run: Run, kind: str, path: Path) -> tuple[int, int]:
    """Write the staged items of `kind` to JSONL, one per id; returns (items written, repeats dropped).

    A repo listed twice (a listing that shifted while it was crawled) keeps its copy from the later
    page — the newer observation. Deduplicating here, not in the ingest, keeps the choice
    deterministic: the ingest breaks ties between equal `lastModified`s arbitrarily.
    """
    con = store.con
    total = con.execute(
        "SELECT count(*) FROM crawl_items WHERE run_id = ? AND kind = ?", [run.run_id, kind]
    ).fetchone()[0]
    cur = con.execute(
        "SELECT item FROM crawl_items WHERE run_id = ? AND kind = ? "
        "QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY page DESC, item_no DESC) = 1 "
        "ORDER BY page, item_no",
        [run.run_id, kind],
    )
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        while rows := cur.fetchmany(10_000):
            fh.writelines(r[0] + "\n" for r in rows)
            written += len(rows)
    return written, total - written


def _finish(store: Store, session: HubSession, run: Run, progress: Progress) -> IngestResult:
    """Every listing is staged: ingest them as one snapshot and retire the run, atomically."""
    progress.stage(f"writing the snapshot of {run.day}", 1)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hubcensus-crawl-") as tmp:
        inputs: list[KindInput] = []
        for kind in run.kinds:
            cur = _cursor(store, run, kind)
            path = Path(tmp) / f"{PLURAL[kind]}.jsonl"
            written, repeats = _export(store, run, kind, path)
            if cur.stop_reason in _STOP_NOTES:
                notes.append(
                    _STOP_NOTES[cur.stop_reason].format(plural=PLURAL[kind], limit=run.limit, pages=cur.pages_done)
                )
            if repeats:
                notes.append(
                    f"{PLURAL[kind]}: {repeats:,} item(s) listed twice (the listing moved while it was crawled); kept the later copy"
                )
            if written == 0:
                notes.append(f"{PLURAL[kind]}: the listing was empty; left out of the snapshot")
                continue
            inputs.append(KindInput(kind, [path], "jsonl"))
        if not inputs:
            with store.transaction() as con:
                con.execute("DELETE FROM crawl_items WHERE run_id = ?", [run.run_id])
                con.execute("UPDATE crawl_runs SET status = 'done' WHERE run_id = ?", [run.run_id])
            raise UserError(f"{run.endpoint}: every listing came back empty; nothing to ingest")

        def inside(con: Any, sid: int) -> None:
            # The snapshot names what it was read from: the listings, not the temp files.
            for k in inputs:
                con.execute(
                    "UPDATE snapshot_kinds SET files = ? WHERE snapshot_id = ? AND kind = ?",
                    [[f"{run.endpoint}{PATHS[k.kind]}"], sid, k.kind],
                )
            con.execute("DELETE FROM crawl_items WHERE run_id = ?", [run.run_id])
            con.execute("UPDATE crawl_runs SET status = 'done', snapshot_id = ? WHERE run_id = ?", [sid, run.run_id])

        snap = SnapshotInput(
            taken_at=run.day,
            source="hub",
            source_ref=run.endpoint,
            complete=run.limit is None,
            kinds=inputs,
            notes=notes,
        )
        result = ingest_snapshot(store, snap, inside=inside)
        progress.advance()
    if result.status == "already held":  # the date was filled by another ingest meanwhile
        with store.transaction() as con:
            con.execute("DELETE FROM crawl_items WHERE run_id = ?", [run.run_id])
            con.execute("UPDATE crawl_runs SET status = 'held' WHERE run_id = ?", [run.run_id])
    return result


def crawl_hub(
    store: Store,
    *,
    kinds: Sequence[str],
    resume: bool,
    limit: int | None = None,
    endpoint: str | None = None,
    token: str | bool | None = None,
    page_size: int = 1000,
    sleep: Sleep = time.sleep,
    progress: Progress | None = None,
    restart: bool = False,
    policy: RetryPolicy | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Crawl the Hub's listings into one snapshot dated today (UTC), resumably.

    `resume` continues the store's unfinished crawl from its checkpoints, with the kinds, limit and
    page size it was started with (its snapshot date too, even on a later day). Without `resume`,
    an unfinished crawl is an error unless `restart` discards it. `today` fixes the snapshot date
    (tests; a backfill of the same day), `policy` the retries, `sleep` how waits are spent.
    """
    if limit is not None and limit < 1:
        raise UserError(f"--limit {limit}: must be at least 1")
    if page_size < 1:
        raise UserError(f"page size {page_size}: must be at least 1")
    wanted = normalise_kinds(kinds)
    shown = progress or NO_PROGRESS

    def on_retry(r: Retry) -> None:
        shown.note(f"waiting {r.wait:g}s: {r.reason}")

    session = HubSession(endpoint, token=token, policy=policy, sleep=sleep, on_retry=on_retry)
    run = _unfinished(store)
    notes: list[str] = []
    if run is not None and restart:
        _discard(store, run)
        notes.append(f"discarded the unfinished crawl {_describe_run(store, run)}")
        run = None
    if run is not None and not resume:
        raise UserError(
            f"{store.path}: an unfinished crawl is in the store ({_describe_run(store, run)}); "
            "pass --resume to continue it or --restart to discard it"
        )
    if run is not None:
        if resolve_endpoint(endpoint) != run.endpoint:
            raise UserError(
                f"{store.path}: the unfinished crawl is of {run.endpoint}, not {session.endpoint}; "
                "set HF_ENDPOINT to it to resume, or pass --restart to discard it"
            )
        if wanted != run.kinds or limit != run.limit:
            notes.append(
                f"resumed the crawl as it was started: {', '.join(PLURAL[k] for k in run.kinds)}"
                + (f", --limit {run.limit}" if run.limit is not None else "")
            )
    if run is None:
        day = today or dt.datetime.now(dt.UTC).date()
        held = store.con.execute(
            "SELECT source_ref FROM snapshots WHERE snapshot_id = ?", [snapshot_id_for(day)]
        ).fetchone()
        if held is not None:
            return IngestResult(
                snapshot_id_for(day),
                day,
                "already held",
                session.endpoint,
                notes=[f"snapshot {day} is already in the store (from {held[0]}); crawl again tomorrow"],
            )
        if resume:
            notes.append("no unfinished crawl to resume; started a new one")
        run = _start(store, session, day, wanted, limit, page_size)
    for kind in run.kinds:
        try:
            _crawl_kind(store, session, run, kind, shown)
        except NetworkError as exc:
            raise NetworkError(
                f"{exc} — the crawl is checkpointed; run `hubcensus ingest --hub --resume` to continue"
            ) from None
    result = _finish(store, session, run, shown)
    result.notes = notes + result.notes
    return result
