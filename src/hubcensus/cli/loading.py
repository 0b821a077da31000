"""The commands that bring data in and keep it current: `ingest`, `enrich`, `pull`, `update`, `generate`,
`demo`, and `export` (the store written out as a lake)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from hubcensus.cli.options import DbOption, RegistryOption, app
from hubcensus.cli.summary import Summary
from hubcensus.errors import UserError, parse_date
from hubcensus.interrupts import say_interrupted
from hubcensus.killpoints import kill_point
from hubcensus.output import console, dumps, err_console, jsonable
from hubcensus.store.connection import default_db_path
from hubcensus.terminal import Bars


# -- ingest -------------------------------------------------------------------------------------
@app.command()
def ingest(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A snapshot folder, a folder of them, the weekly archive, or one file.", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    hub: Annotated[
        bool, typer.Option("--hub", help="Crawl the live Hub (HF_ENDPOINT, HF_TOKEN) instead of reading files.")
    ] = False,
    kinds: Annotated[
        str, typer.Option(help="With --hub: which listings to crawl, comma-separated.")
    ] = "models,datasets,spaces,papers",
    resume: Annotated[
        bool, typer.Option("--resume", help="With --hub: finish an interrupted crawl from its checkpoint.")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="With --hub: discard an interrupted crawl and start afresh.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="With --hub: stop each listing after this many items (for trials).")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="The snapshot's date (YYYY-MM-DD) when the path does not say it.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="What a single file lists, when its name does not say: model, dataset, space, paper."),
    ] = None,
    complete: Annotated[
        bool | None,
        typer.Option(
            "--complete/--partial",
            help="Whether the files list every repo (absence = deletion). Default: complete only for the Hub's own file names (models.parquet, datasets.parquet, spaces.parquet, daily_papers.parquet), partial otherwise. --complete also insists on a listing that would mark more than half of the repos held as deleted.",
            show_default=False,
        ),
    ] = None,
    no_enrich: Annotated[
        bool, typer.Option("--no-enrich", help="Skip enrichment after ingesting (run `hubcensus enrich` later).")
    ] = False,
    registry: RegistryOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as one JSON document.")] = False,
) -> None:
    """Ingest Hub metadata into the store, then enrich it.

    Each dated snapshot goes in as one transaction: files (a snapshot folder, a folder of them, the weekly
    archive, one file) or, with --hub, a crawl of the live Hub.
    """
    from hubcensus import pipeline
    from hubcensus.sources.snapshot_files import discover_all
    from hubcensus.store import Store

    if hub == (path is not None):
        raise UserError(
            "give either a PATH to ingest or --hub, not both"
            if hub
            else "give a PATH to ingest, or --hub to crawl the live Hub"
        )
    if kind and kind not in ("model", "dataset", "space", "paper", "author"):
        raise UserError(f"--kind {kind!r}: expected model, dataset, space, paper or author")
    day = parse_date(date, "--date")
    if hub and (date or kind or complete is not None):
        raise UserError(
            "--date, --kind and --complete/--partial describe files; a --hub crawl dates itself and lists everything"
        )
    if not hub and (resume or restart or limit is not None):
        raise UserError("--resume, --restart and --limit go with --hub")
    out = Summary(as_json)
    if hub:
        from hubcensus.sources.hub_api import crawl_hub

        wanted = [k.strip() for k in kinds.split(",") if k.strip()]
        with Store.open(db) as store:
            try:
                with Bars(kept=True) as bars:
                    result = crawl_hub(store, kinds=wanted, resume=resume, restart=restart, limit=limit, progress=bars)
            except KeyboardInterrupt:
                say_interrupted(
                    "interrupted: the pages fetched so far are checkpointed; run `hubcensus ingest --hub --resume` to continue"
                )
                raise typer.Exit(130) from None
            _report_ingest([result], out=out)
            if not no_enrich and (result.status == "ingested" or pipeline.needs_enrich(store)):
                with Bars() as bars:
                    enriched = pipeline.enrich(store, registry, bars)
                _report_enrich(enriched, out)
        out.done()
        return
    assert path is not None
    snaps, skipped = discover_all(path, date=day, kind=kind, complete=complete)
    # A folder of several files goes in file by file: what one file cannot do is named, the rest goes in.
    keep_going = path.is_dir() and len(snaps) + len(skipped) > 1
    t0 = time.perf_counter()
    refused = list(skipped)
    went_in = 0
    with _store_for_pull(db) as store, Bars() as bars:
        stages = pipeline.run(
            store,
            snaps,
            registry_files=registry,
            enriching="never" if no_enrich else "if changed",
            progress=bars,
            keep_going=keep_going,
        )
        for done in stages:
            bars.close()
            if isinstance(done, pipeline.Ingested):
                _report_ingest(done.results, time.perf_counter() - t0, out)
                refused += [r.notes[0] for r in done.results if r.status == "refused"]
                went_in = sum(r.status != "refused" for r in done.results)
            else:
                _report_enrich(done, out)
    out.set("refused", refused)
    out.done()
    for line in refused:
        err_console.print(f"not ingested: {line}", markup=False, soft_wrap=True)
    if refused:
        # 1: the rest went in; 2: nothing did (the store is as it was, or was never made)
        raise typer.Exit(1 if went_in else 2)


def _report_ingest(results: list, seconds: float | None = None, out: Summary | None = None) -> None:
    """What each snapshot's ingest did: a line each, or with --json the results themselves."""
    out = out or Summary()
    out.extend("snapshots", [r for r in results if r.status != "refused"])
    if seconds is not None:
        out.set("seconds", round(seconds, 2))
    for r in results:
        if r.status == "refused":
            continue  # named on stderr once all is done
        if r.status == "already held":
            out.line(f"{r.taken_at}: already held — nothing to do ({r.notes[0] if r.notes else ''})")
            continue
        counts = ", ".join(f"{k.rows:,} {k.kind}s" for k in r.kinds)
        gone = ", ".join(f"{k.deleted:,} {k.kind}s" for k in r.kinds if k.deleted)
        deleted = f"; marked {gone} deleted (held before, absent from this complete listing)" if gone else ""
        out.line(f"{r.taken_at}: ingested {counts}; {r.stats_rows:,} changed statistics rows{deleted}")
        for note in r.notes:
            out.line(f"  note: {note}")
    if seconds is not None and len(results) > 1:
        out.line(f"{len(results)} snapshot(s) in {seconds:.1f}s")


# -- enrichment ---------------------------------------------------------------------------------
def _read(lineage: dict[str, int]) -> str:
    """Which models' statements the lineage step read: all of them, or those changed since the last enrich."""
    read, models = lineage.get("models_read"), lineage.get("models")
    if read is None or read == models:
        return ""
    return f"; read again: the {read:,} of {models:,} models changed since the last enrich"


def _report_enrich(done: Any, out: Summary | None = None) -> None:
    """What `pipeline.enrich` did, in the lines `ingest`, `enrich` and `demo` all print (with --json, the result)."""
    out = out or Summary()
    out.set("enriched", done)
    result = done.enrichment
    lin = result.lineage
    out.line(
        f"enriched: {lin.get('edges', 0):,} lineage edges ({lin.get('external', 0):,} to parents outside the store, "
        f"{lin.get('self_reference', 0):,} self-references dropped, {lin.get('cycle', 0):,} cycle edges dropped, "
        f"{lin.get('case_fixed', 0):,} case-fixed, {lin.get('malformed', 0):,} malformed references set aside{_read(lin)}); "
        f"sizes for {sum(result.sizes.values()):,} models; "
        f"authors: " + ", ".join(f"{n:,} {k}" for k, n in sorted(result.attribution.items()))
    )
    if result.user_registries:
        out.line(f"  with your registry: {', '.join(result.user_registries)}")
    if done.precomputed:
        out.line(
            f"  metrics' shared intermediates kept for the newest snapshot in {done.precompute_seconds:.1f} s "
            f"({', '.join(done.precomputed)})"
        )
    carry = done.series
    if carry is not None and carry.rebuilt and carry.why:
        # minutes at Hub scale where a day's step takes seconds: the person waiting is told why
        took = done.precomputed.get("monthly downloads", 0.0)
        out.line(
            f"  the monthly downloads series was rebuilt from all {carry.snapshots:,} snapshots in {took:.1f} s, "
            f"not extended: {carry.why}"
        )


@app.command()
def enrich(
    db: DbOption = None,
    registry: RegistryOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as one JSON document.")] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Rebuild lineage and the monthly downloads series from the whole store instead of updating them "
            "for the models changed and the snapshots added since the last enrich (the figures are the same).",
        ),
    ] = False,
) -> None:
    """Build lineage, parameter counts and who made what.

    Lineage and families, parameter counts and who made what, from what the store holds; running it
    again rebuilds the same tables (idempotent). Lineage is decided again for the models changed since
    the last enrich and the metrics' monthly downloads series extended by the snapshots added, so a
    daily update costs that day; `--full` rebuilds both.
    """
    from hubcensus import pipeline
    from hubcensus.store import Store

    with Store.open(db, create=False) as store:
        with Bars() as bars:
            done = pipeline.enrich(store, registry, bars, full=full)
        out = Summary(as_json)
        _report_enrich(done, out)
    out.done()


@app.command()
def forget(
    date: Annotated[str, typer.Argument(help="The snapshot's date (YYYY-MM-DD), as `hubcensus status` lists it.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Remove one snapshot and what was derived from it.

    Then enrich what is left: the escape hatch for a bad snapshot.
    """
    from dataclasses import asdict

    from hubcensus import pipeline
    from hubcensus.store import Store

    day = parse_date(date, "DATE")
    assert day is not None
    with Store.open(db, create=False) as store:
        with Bars() as bars:
            gone, enriched = pipeline.forget(store, day, bars)
        left = len(store.snapshot_ids())
    if as_json:
        print(json.dumps({**asdict(gone), "taken_at": day.isoformat(), "snapshots_left": left}, sort_keys=True))
        return
    removed = ", ".join(f"{n:,} {t}" for t, n in gone.rows.items() if n)
    console.print(f"{day}: forgotten ({removed}); {left} snapshot(s) left", markup=False, soft_wrap=True)
    for kind, nxt in gone.rediffed.items():
        console.print(f"  {kind}s: statistics of snapshot {nxt} written again against the one before", markup=False)
    if gone.fields_kept:
        console.print(
            f"  note: {gone.fields_kept:,} ids keep the fields this snapshot gave them (the store keeps only the "
            "newest state of an id, not the one before)",
            markup=False,
        )
    _report_enrich(enriched)


# -- export -------------------------------------------------------------------------------------
@app.command()
def export(
    lake: Annotated[
        Path, typer.Option("--lake", help="The lake's folder: created, or brought up to date in place.", metavar="DIR")
    ],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as one JSON document.")] = False,
) -> None:
    """Write the store as a parquet lake, for Spark and others.

    Partitioned by snapshot date; Spark reads it with `--engine spark --lake DIR`.

    Incremental: only partitions and tables whose content changed are rewritten, and the manifest is
    replaced last, so an interrupted export leaves the previous lake readable.
    """
    from hubcensus.lake import export_lake
    from hubcensus.store import Store

    with Store.open(db, read_only=True) as store, Bars() as bars:
        result = export_lake(store.con, lake, progress=bars)
    if as_json:
        print(dumps({**jsonable(result), "lake": str(result.lake.resolve())}))
        return
    console.print(
        f"exported {result.snapshots} snapshot(s), {result.tables} tables to {result.lake.resolve()} in {result.seconds:.1f}s: "
        f"{len(result.written)} written, {result.unchanged} unchanged, {len(result.removed)} removed",
        markup=False,
        soft_wrap=True,
    )


# -- generate -----------------------------------------------------------------------------------
@app.command()
def generate(
    out: Annotated[
        Path,
        typer.Option(help="Folder to write the synthetic Hub into (one folder per snapshot date).", metavar="DIR"),
    ],
    models: Annotated[int, typer.Option(help="Models at the last snapshot.")] = 20_000,
    datasets: Annotated[
        int | None,
        typer.Option(help="Datasets at the last snapshot. Default: a quarter of --models.", show_default=False),
    ] = None,
    spaces: Annotated[
        int | None,
        typer.Option(help="Spaces at the last snapshot. Default: two fifths of --models.", show_default=False),
    ] = None,
    papers: Annotated[
        int | None, typer.Option(help="Daily papers. Default: three twentieths of --models.", show_default=False)
    ] = None,
    snapshots: Annotated[int, typer.Option(help="How many snapshots to write, one per --every.")] = 12,
    end: Annotated[str, typer.Option(help="Date of the last snapshot (YYYY-MM-DD).", metavar="DATE")] = "2026-03-01",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same files.")] = 0,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print the calibration figures measured on the last snapshot.")
    ] = False,
    every: Annotated[
        str,
        typer.Option(
            help="The snapshots' spacing: day, week or month (the same day of each month before --end).",
            metavar="CADENCE",
        ),
    ] = "month",
) -> None:
    """Write a synthetic Hub as snapshot files, the same for a seed.

    One folder per snapshot (monthly by default) in the layout `ingest` reads; datasets, spaces and papers scale with
    --models unless given.
    """
    from hubcensus.sources.synthetic import CADENCES, GenerateConfig

    for name, value in (("--models", models), ("--datasets", datasets), ("--spaces", spaces), ("--papers", papers)):
        if value is not None and value < 0:
            raise UserError(f"{name} {value}: must be zero or more")
    if snapshots < 1:
        raise UserError(f"--snapshots {snapshots}: must be at least 1")
    if every not in CADENCES:
        raise UserError(f"--every {every}: must be one of {', '.join(CADENCES)}")
    end_day = parse_date(end, "--end")
    assert end_day is not None
    config = GenerateConfig.scaled(
        models,
        datasets=datasets,
        spaces=spaces,
        papers=papers,
        snapshots=snapshots,
        end=end_day,
        seed=seed,
        every=every,
    )
    summary = _generate_with_progress(out, config)
    console.print(
        f"wrote {len(summary.dates)} snapshot(s) to {summary.out}: {summary.dates[0]} … {summary.dates[-1]}",
        markup=False,
        soft_wrap=True,
    )
    for kind, counts in summary.rows.items():
        console.print(f"  {kind}: {counts[-1]:,} rows at the last snapshot")
    if verbose:
        for name, value in sorted(summary.calibration.items()):
            console.print(f"  calibration: {name} = {value:.4g}", markup=False)
    else:
        console.print(f"  ({len(summary.calibration)} calibration figures: --verbose prints them)", markup=False)


def _generate_with_progress(out: Path, config):  # type: ignore[no-untyped-def]
    from hubcensus.sources.synthetic import generate as run_generate

    with Bars() as bars:
        return run_generate(out, config, progress=bars)


# -- demo ---------------------------------------------------------------------------------------
@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the synthetic Hub and everything built from it.")] = Path(
        "hubcensus-demo"
    ),
    db: Annotated[
        Path | None,
        typer.Option("--db", help="The store to build. Default: OUT/hubcensus.duckdb.", show_default=False),
    ] = None,
    models: Annotated[int, typer.Option(help="Models at the last snapshot.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Build a synthetic Hub, its store and its report, in one go.

    A small synthetic Hub with a year of monthly snapshots, ingested and enriched, and the report written;
    it ends by saying how to point the other commands at its store.
    """
    from hubcensus import pipeline
    from hubcensus.cli.reading import _build_report
    from hubcensus.engines.duckdb_engine import DuckDBEngine
    from hubcensus.sources.snapshot_files import discover
    from hubcensus.sources.synthetic import GenerateConfig
    from hubcensus.store import Store

    if models < 1:
        # A Hub without models has no figure to show: say so before generating anything.
        raise UserError(f"--models {models}: the demo needs at least 1 model")
    t0 = time.perf_counter()
    hub_dir = out / "hub"
    db_path = db or out / "hubcensus.duckdb"
    out.mkdir(parents=True, exist_ok=True)
    config = GenerateConfig(
        models=models,
        datasets=models // 4,
        spaces=models * 2 // 5,
        papers=max(models // 7, 10),
        snapshots=12,
        seed=seed,
    )
    console.print(
        f"1. generating a synthetic Hub ({config.models:,} models, {config.snapshots} monthly snapshots) in {hub_dir}"
    )
    summary = _generate_with_progress(hub_dir, config)
    console.print(f"   {len(summary.dates)} snapshots, {summary.dates[0]} … {summary.dates[-1]}")
    console.print(f"2. ingesting into {db_path}")
    snaps = discover(hub_dir)
    with Store.open(db_path) as store:
        with Bars() as bars:
            for done in pipeline.run(store, snaps, enriching="always", progress=bars):
                bars.close()
                if isinstance(done, pipeline.Enriched):
                    _report_enrich(done)
                    continue
                held = sum(r.status == "already held" for r in done.results)
                ingested = len(done.results) - held
                console.print(f"   {ingested} snapshot(s) ingested" + (f", {held} already held" if held else ""))
                console.print("3. enriching: lineage, parameter counts, who made what")
        console.print(
            f"4. writing the report into {out}: every metric (figures.json), its charts, a scorecard per organisation"
        )
        index = _build_report(DuckDBEngine(store.con), out)
    docs = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    by = {d["spec"]: d["headline"] for d in docs}
    c1, g1 = by["C1"], by["G1"]
    console.print(
        f"   {len(docs)} metrics; e.g. {c1['share_under_200']:.0%} of {c1['models']:,} models have under 200 downloads, "
        f"the top 0.01% take {c1['top_0_01pct_share']:.0%} of downloads; models grew x{g1['models_yoy']:.2f} in a year "
        "(a synthetic Hub, calibrated to the published figures: this agreement proves nothing about the real one)",
        markup=False,
        soft_wrap=True,
    )
    store = db_path.resolve()
    console.print(
        f"done in {time.perf_counter() - t0:.1f}s. The store is {store}; point the other commands at it:",
        markup=False,
        soft_wrap=True,
    )
    for line in (
        f"export HUBCENSUS_DB={store}",
        "hubcensus status",
        "hubcensus metric C1",
        "hubcensus tree Qwen/Qwen2.5-7B",
        "hubcensus sql \"SELECT author, count(*) AS models FROM repos WHERE kind = 'model' GROUP BY 1 ORDER BY 2 DESC LIMIT 10\"",
    ):
        console.print(f"   {line}", markup=False, soft_wrap=True)
    console.print("The report (open it in a browser):")
    console.print(f"   {index.resolve()}", markup=False, soft_wrap=True)


# -- pull / update ------------------------------------------------------------------------------
PULL_COST = (
    "What a day costs (approximate): the Hub's own files were roughly 0.5-1 GB a day in late 2025, models.parquet "
    "most of it, and they grow with the Hub; the progress bar shows each commit's exact bytes. A synthetic day at "
    "the Hub's scale with only the columns hubcensus reads is 0.21 GB. Ingesting a day takes about half a minute "
    "on 2 cores (about 47 CPU seconds), and a pull enriches once at the end (about 22 s). --every month fetches "
    "about 30 times less than --every day."
)


@app.command(
    help=f"""Pull the Hub's statistics history into dated snapshots.

The history is the dataset repo cfahlgren1/hub-stats; the store is enriched after.

One snapshot per chosen commit, dated by the commit's UTC date and named by it; a commit whose snapshot the store holds is neither downloaded nor ingested again, so running the same pull again finishes an interrupted one. Goes through huggingface_hub: HF_ENDPOINT, HF_TOKEN and the Hub cache (HF_HOME) apply.

{PULL_COST}"""
)
def pull(
    repo: Annotated[str, typer.Option(help="The statistics dataset repo on the Hub.")] = "cfahlgren1/hub-stats",
    since: Annotated[
        str | None, typer.Option(help="The first day to pull (YYYY-MM-DD, UTC; inclusive).", show_default=False)
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="The last day to pull (YYYY-MM-DD, UTC; inclusive).", show_default=False)
    ] = None,
    every: Annotated[
        str,
        typer.Option(
            help="day: the last commit of each UTC day; week, month: the first day the repo holds in each ISO week / calendar month (judged over the whole history, whatever --since says). month, the default, is what the series metrics need."
        ),
    ] = "month",
    kinds: Annotated[str, typer.Option(help="Which files to pull, comma-separated.")] = "models,datasets,spaces,papers",
    keep_files: Annotated[
        bool, typer.Option("--keep-files", help="Leave the downloaded files in the Hub cache after ingesting them.")
    ] = False,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as one JSON document.")] = False,
) -> None:
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    out = Summary(as_json)
    with _store_for_pull(db) as store:
        result = _pull(store, repo=repo, since=first, until=last, every=every, kinds=kinds, keep_files=keep_files)
        code = _finish_pull(store, result, out)
    out.done()
    if code:
        raise typer.Exit(code)


@app.command()
def update(
    out: Annotated[Path, typer.Option(help="Folder to write the report into (as `hubcensus report --out`).")] = Path(
        "hubcensus-report"
    ),
    db: DbOption = None,
) -> None:
    """Pull what is new, enrich, and rewrite the report (for cron).

    One line for a daily cron job.

    Pulls every day after the newest snapshot the store holds from cfahlgren1/hub-stats; a store with none gets the newest day only (`hubcensus pull` builds a history).
    """
    from hubcensus.cli.reading import _build_report
    from hubcensus.engines.duckdb_engine import DuckDBEngine
    from hubcensus.sources.hub_stats import DEFAULT_REPO, newest_held

    with _store_for_pull(db) as store:
        newest = newest_held(store, DEFAULT_REPO)
        since = newest + dt.timedelta(days=1) if newest else None
        result = _pull(store, repo=DEFAULT_REPO, since=since, every="day", last=None if newest else 1)
        code = _finish_pull(store, result)
        if not store.snapshot_ids():
            console.print("no snapshot in the store: no report written", markup=False)
            raise typer.Exit(code)
        index = _build_report(DuckDBEngine(store.con), out)
    console.print(f"report written: {index.resolve()}", markup=False, soft_wrap=True)
    if code:
        raise typer.Exit(code)


@contextmanager
def _store_for_pull(db: Path | None) -> Iterator:  # type: ignore[type-arg]
    """The store, created if need be; a first pull or ingest that ingests nothing (failed, refused, or found
    nothing) leaves no file."""
    from hubcensus.store import Store

    path = db or default_db_path()
    existed = path.exists()
    store = Store.open(path)
    try:
        yield store
    finally:
        empty = not existed and not store.snapshot_ids()
        store.close()
        if empty:
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)


def _pull(store, **options):  # type: ignore[no-untyped-def]
    from huggingface_hub.utils import logging as hf_logging

    from hubcensus.sources.hub_stats import PullInterrupted
    from hubcensus.sources.hub_stats import pull as run_pull

    # huggingface_hub logs each of its own retries as a warning; the progress bar says when a pull waits,
    # and stderr stays for the one line an error is.
    hf_logging.set_verbosity_error()

    if isinstance(options.get("kinds"), str):
        options["kinds"] = [k.strip() for k in options["kinds"].split(",") if k.strip()]
    try:
        # One bar at a time (the commit in hand, "commit 3/12 …", its bytes, then its ingest): a daily pull
        # of a year is hundreds of stages, too many to keep on the terminal; the lines after it are the record.
        with Bars() as bars:
            return run_pull(store, progress=bars, **options)
    except PullInterrupted as stop:
        say_interrupted(
            f"interrupted: {stop.result.kept()}; files already downloaded stay in the Hub cache; "
            "run the same command again to continue"
        )
        raise typer.Exit(130) from None


def _finish_pull(store, result, out: Summary | None = None) -> int:  # type: ignore[no-untyped-def]
    """Each commit that did something, the one-line summary, then the pipeline's enrichment (with the
    metrics' intermediates, as after `ingest`) when the store needs it.

    The exit code: 1 when a commit's files could not be read (the rest went in), else 0."""
    from hubcensus import pipeline

    out = out or Summary()
    out.set("pull", result)
    out.set("summary", result.summary())
    for line in result.lines():
        out.line(line)
    out.line(result.summary())
    kill_point("pull:before-enrich")
    # Enrich after new snapshots, and after a pull that ingested and then stopped before enriching.
    if result.ingested or pipeline.needs_enrich(store):
        with Bars() as bars:
            enriched = pipeline.enrich(store, None, bars)
        _report_enrich(enriched, out)
    return 1 if result.count("unreadable") else 0
