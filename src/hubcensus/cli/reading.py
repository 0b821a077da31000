"""The commands that read a store: what it holds (`status`, `who`, `tree`, `registry`), what it measures
(`metric`, `report`, `sql`) and the explorer (`serve`)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hubcensus.cli.options import DbOption, EngineOption, LakeOption, MasterOption, RegistryOption, _format, app
from hubcensus.errors import UserError, parse_date
from hubcensus.output import console, dumps, emit, err_console
from hubcensus.terminal import Bars, say

if TYPE_CHECKING:
    from hubcensus.engines.protocol import Engine
    from hubcensus.metrics.base import Metric


def default_db_path() -> Path:
    """`hubcensus.store.default_db_path`, imported when asked: the store's module loads DuckDB, which
    `metric --list` and `--help` never need."""
    from hubcensus.store.connection import default_db_path as where

    return where()


@app.command()
def tree(
    model: Annotated[str, typer.Argument(help="A model id, e.g. Qwen/Qwen2.5-7B.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    top: Annotated[int, typer.Option(help="How many direct children to list.")] = 10,
) -> None:
    """Show a model's root, depth and descendants.

    Everything below the model in the lineage, by relation, and its largest direct children.
    """
    from hubcensus.enrich.tree import tree as get_tree
    from hubcensus.store import Store

    with Store.open(db, read_only=True) as store:
        doc = get_tree(store.con, model, top=top)
    if as_json:
        print(dumps(doc))
        return
    console.print(
        f"{doc['model']}: root {doc['root']} at depth {doc['depth']}"
        + (f" (roots: {', '.join(doc['roots'])})" if len(doc["roots"]) > 1 else ""),
        markup=False,
    )
    for p in doc["parents"]:
        console.print(f"  parent {p['model']} ({p['relation']}, decided by {p['decided_by']})", markup=False)
    by_relation = ", ".join(f"{k} {v:,}" for k, v in doc["by_relation"].items())
    console.print(
        f"  {doc['children']:,} direct children, {doc['descendants']:,} descendants"
        + (f": {by_relation}" if by_relation else ""),
        markup=False,
    )
    if doc["top_children"]:
        from hubcensus.cli.readable import table_lines

        _print_lines(
            table_lines(
                ["child", "relation", "descendants", "downloads_30d", "downloads_all_time"],
                [
                    [c["model"], c["relation"], c["descendants"], c["downloads_30d"], c["downloads_all_time"]]
                    for c in doc["top_children"]
                ],
                console.width,
                everything="--json",
            )
        )


@app.command("registry")
def registry_cmd(
    db: DbOption = None,
    registry: RegistryOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Lint the registry files (shipped and --registry): one line per problem, exit 1."),
    ] = False,
    coverage: Annotated[
        bool,
        typer.Option("--coverage", help="Share of the store's downloads the registry attributes; the 20 largest gaps."),
    ] = False,
) -> None:
    """List the registry of who each Hub namespace is.

    The shipped rows merged with your overrides; --check lints the files, --coverage measures them.
    """
    from hubcensus.enrich.registry import COLUMNS
    from hubcensus.enrich.run import registry_for
    from hubcensus.store import Store

    fmt = _format(as_json, as_csv)
    if check or coverage:
        from hubcensus.enrich.registry_check import run_cli

        raise typer.Exit(run_cli(check, coverage, db or default_db_path(), registry, fmt, db is not None))
    path = db or default_db_path()
    if path.exists():
        with Store.open(path, read_only=True) as store:
            rows, _ = registry_for(store, registry)
    else:
        from hubcensus.enrich.registry import load_registry

        rows = load_registry(registry)
    emit([*COLUMNS, "source"], [[getattr(r, c) for c in COLUMNS] + [r.source] for r in rows], fmt=fmt)


@app.command()
def who(
    author: Annotated[str, typer.Argument(help="A Hub namespace, e.g. Qwen or meta-llama.")],
    db: DbOption = None,
    registry: RegistryOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Explain who an author is taken to be, and why.

    Country, sector, Big Tech, Fortune 500: the registry row or the rule behind each, and whether the
    store holds the author.
    """
    from hubcensus.enrich.registry import explain
    from hubcensus.enrich.run import registry_for
    from hubcensus.store import Store

    path = db or default_db_path()
    held: int | None = None  # the repos the store holds under this namespace; None: no store to ask
    if path.exists():
        with Store.open(path, read_only=True) as store:
            rows, _ = registry_for(store, registry)
            doc = explain(store.con, author, rows)
            held = _repos_held(store.con, author)
    else:
        from hubcensus.enrich.registry import load_registry

        doc = explain(None, author, load_registry(registry))
    if as_json:
        print(dumps(doc))
        return
    head = doc.get("organisation") or author
    console.print(f"{author}: {head}", markup=False)
    if held is None:
        console.print(
            f"  no store at {path}: the registry alone answers (`--db FILE` or $HUBCENSUS_DB names a store)",
            markup=False,
            soft_wrap=True,
        )
    elif held == 0:
        console.print(f"  not in the store {path}: it holds no repo under {author}", markup=False, soft_wrap=True)
    else:
        console.print(f"  in the store: {held:,} repos under {author}", markup=False)
    console.print(
        f"  country: {doc['country_label']}; sector: {doc.get('sector') or 'unattributed'}; kind: {doc.get('kind') or '-'}",
        markup=False,
    )
    if doc.get("parent_company"):
        console.print(f"  parent company: {doc['parent_company']}", markup=False)
    if doc.get("big_tech"):
        console.print("  Big Tech: yes", markup=False)
    if doc.get("fortune500_rank"):
        console.print(f"  Fortune 500 (2025): rank {doc['fortune500_rank']}", markup=False)
    org = {True: "organisation", False: "user account", None: "type unknown"}[doc["is_org"]]
    console.print(f"  on the Hub: {org}" + (", verified" if doc["verified"] else ""), markup=False)
    console.print(f"  source: {doc['source']} — {doc['because']}", markup=False)
    if doc.get("note"):
        console.print(f"  note: {doc['note']}", markup=False)


def _repos_held(con, author: str) -> int:  # type: ignore[no-untyped-def]
    """How many repos (of any kind, deleted or not) the store holds under the namespace `author`."""
    return con.execute("SELECT count(*) FROM repos WHERE author = ?", [author]).fetchone()[0]


# -- metrics ------------------------------------------------------------------------------------
@app.command("metric")
def metric_cmd(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A metric's name (download_concentration) or SPEC id (C1).", show_default=False, metavar="NAME"
        ),
    ] = None,
    db: DbOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Every metric.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="Name every metric, in the report's order, and stop.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Compute as of this date (YYYY-MM-DD): the newest snapshot on or before it.",
            metavar="DATE",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the metric's rows as CSV (one metric).")] = False,
    lake: LakeOption = None,
    engine_name: EngineOption = "duckdb",
    master: MasterOption = None,
) -> None:
    """Compute the report's metrics, with their definitions.

    The headline in words, the definition, the values and the first rows; --json and --csv for scripts.
    """
    from hubcensus.cli.readable import metric_lines, metric_list_lines
    from hubcensus.metrics.run import ordered_metrics

    fmt = _format(as_json, as_csv)
    if list_:
        metrics = ordered_metrics()
        if as_json:
            print(dumps([{"metric": m.name, "spec": m.spec, "title": m.title, "chapter": m.chapter} for m in metrics]))
        elif as_csv:
            emit(
                ["spec", "metric", "chapter", "title"], [[m.spec, m.name, m.chapter, m.title] for m in metrics], fmt=fmt
            )
        else:
            _print_lines(metric_list_lines(metrics, console.width))
        return
    if all_ and name is not None:
        raise UserError(f"{name} --all: name one metric or pass --all, not both")
    if not all_ and name is None:
        raise UserError("name a metric (C1, or download_concentration), or pass --all for every one; --list names them")
    if all_ and as_csv:
        raise UserError("--csv prints one metric's rows: name the metric (--json prints every metric)")
    metrics = _named(name) if name is not None else ordered_metrics()
    day = parse_date(as_of, "--as-of")
    with _engine_warned(db, lake, engine_name, master) as engine:
        docs = _all_metrics(engine, metrics, day)
    if as_json:
        print(dumps(docs if all_ else docs[0]))
        return
    if as_csv:
        rows = docs[0]["rows"]
        columns = list(rows[0]) if rows else []
        emit(columns, [[r.get(c) for c in columns] for r in rows], fmt="csv")
        return
    for i, doc in enumerate(docs):
        _print_lines(([""] if i else []) + metric_lines(doc, console.width))


def _print_lines(lines: list[str]) -> None:
    """Lines already fitted to the terminal, printed as they are (no markup, no re-wrapping)."""
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _named(name: str) -> list[Metric]:
    """The metric called `name` (its name or SPEC id), or a one-line error. Only its module is imported
    (`metrics.index`): a one-metric question does not load every chapter."""
    from hubcensus.metrics.base import REGISTRY

    found = REGISTRY.named(name)
    if not found:
        raise UserError(f"{name}: no such metric (`hubcensus metric --list` names them)")
    return found


@contextmanager
def _engine_warned(db: Path | None, lake: str | None, engine_name: str, master: str | None) -> Iterator[Engine]:
    """`open_engine`, after one line on stderr when some snapshot of the store is not through every stage,
    with the command that finishes them (a lake is written from a store and says nothing of it: no check).

    On DuckDB the check reads the engine's own connection: the store is opened once per command, since
    opening it is most of what a one-metric question costs before its first SQL."""
    from hubcensus.engines.open import open_engine
    from hubcensus.store import stages

    if engine_name != "duckdb":
        _warn_if_stale(db, lake)
    with open_engine(db, lake, engine_name, master=master, say=say) as engine:
        if engine_name == "duckdb" and lake is None:
            _say_stale(stages.stale_warning(engine.con, db))  # type: ignore[attr-defined]
        yield engine


def _say_stale(line: str | None) -> None:
    if line:
        err_console.print(line, markup=False, soft_wrap=True)


def _warn_if_stale(db: Path | None, lake: object) -> None:
    """The stale line of `_engine_warned` for an engine that does not read the store itself (Spark)."""
    from hubcensus.store import Store, stages

    if lake is not None:
        return
    path = db or default_db_path()
    if not path.exists():
        return  # open_engine names the missing store
    with Store.open(path, read_only=True) as store:
        _say_stale(stages.stale_warning(store.con, db))


def _all_metrics(engine, metrics=None, as_of: dt.date | None = None) -> list[dict]:  # type: ignore[no-untyped-def]
    from hubcensus.metrics.run import compute_metrics

    with Bars() as bars:
        return compute_metrics(engine, metrics, as_of, progress=bars)


# -- diff ---------------------------------------------------------------------------------------
@app.command()
def diff(
    from_: Annotated[
        str, typer.Option("--from", help="The earlier date (YYYY-MM-DD): the newest snapshot on or before it.")
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="The later date (YYYY-MM-DD): the newest snapshot on or before it. Default: the newest."
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Argument(help="Only this metric (name or SPEC id); every metric by default.")
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lake: LakeOption = None,
    engine_name: EngineOption = "duckdb",
    master: MasterOption = None,
) -> None:
    """Compare two editions of every metric: the change and what moved.

    Each metric's headline at both dates, the change, and the rows that moved most (with the
    snapshots each side read).
    """
    from hubcensus.engines.open import open_engine
    from hubcensus.metrics.editions import diff_editions

    start, stop = parse_date(from_, "--from"), parse_date(to, "--to")
    assert start is not None
    metrics = _named(name) if name is not None else None
    with open_engine(db, lake, engine_name, master=master, say=say) as engine, Bars() as bars:
        doc = diff_editions(engine, start, stop, metrics, progress=bars)
    if as_json:
        print(dumps(doc))
        return
    _print_diff(doc)


def _print_diff(doc: dict) -> None:
    from hubcensus.report.changes import changed_figures, figure_text, movers_lines, read_text, reasons, unchanged_text

    a, b = doc["from"], doc["to"]
    console.print(
        f"[bold]{a['date']} → {b['date']}[/bold]: the snapshots of {a['as_of']} (id {a['snapshot_id']}) "
        f"and {b['as_of']} (id {b['snapshot_id']})" + (" — a synthetic Hub" if doc["source"] == "synthetic" else "")
    )
    for m in doc["metrics"]:
        console.print(f"[bold]{m['spec']} {m['metric']}[/bold] — {m['title']}")
        console.print(f"  {read_text(m)}", markup=False)
        lines = [f"{f['key']}: {figure_text(f)}" for f in changed_figures(m)]
        lines += [text for text in [unchanged_text(m)] if text]
        lines += [f"why not given: {r}" for r in reasons(m)]
        for line in lines + movers_lines(m["movers"]):
            console.print(f"  {line}", markup=False, soft_wrap=True)


# -- report -------------------------------------------------------------------------------------
@app.command()
def report(
    db: DbOption = None,
    out: Annotated[
        Path, typer.Option(help="Folder to write the report into: index.html, report.md, charts/, figures.json, orgs/.")
    ] = Path("hubcensus-report"),
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Compute as of this date (YYYY-MM-DD): the newest snapshot on or before it."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Open with a chapter 'What changed since DATE' (YYYY-MM-DD): every finding then and now (`hubcensus diff`).",
        ),
    ] = None,
    lake: LakeOption = None,
    engine_name: EngineOption = "duckdb",
    master: MasterOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as one JSON document.")] = False,
) -> None:
    """Write the report: HTML, Markdown, figures and scorecards.

    One offline HTML page with a chart per metric, Markdown with SVG charts, figures.json, and a
    scorecard per organisation.
    """
    day, since_day = parse_date(as_of, "--as-of"), parse_date(since, "--since")
    t0 = time.perf_counter()
    with _engine_warned(db, lake, engine_name, master) as engine:
        index = _build_report(engine, out, day, since_day)
    seconds = time.perf_counter() - t0
    if as_json:
        import json

        from hubcensus.report.build import REPORT_MANIFEST

        folder = index.resolve().parent
        written = json.loads((folder / REPORT_MANIFEST).read_text(encoding="utf-8"))["files"]
        print(dumps({"report": index.resolve(), "folder": folder, "files": written, "seconds": round(seconds, 2)}))
        return
    console.print(f"report written in {seconds:.1f}s; open {index.resolve()}", markup=False, soft_wrap=True)


def _build_report(engine, out: Path, as_of: dt.date | None = None, since: dt.date | None = None) -> Path:  # type: ignore[no-untyped-def]
    from hubcensus.metrics.base import context
    from hubcensus.metrics.editions import changes_since, check_order, edition_context
    from hubcensus.metrics.run import compute_report_documents
    from hubcensus.report import build_report, prepare_out
    from hubcensus.report.build import report_lock

    ctx = context(engine, as_of)  # the store's own errors (no snapshot, not enriched) before touching the folder
    since_ctx = edition_context(engine, since, "--since") if since else None  # and --since's
    if since is not None and since_ctx is not None:
        check_order(since_ctx.as_of, ctx.as_of, since, ctx.as_of.taken_at, ("--since", "the report's as-of date"))
    with report_lock(out):  # a second report into the same folder is refused before it computes anything
        prepare_out(out)  # and the folder's errors before anything is computed
        with Bars() as bars:
            documents = compute_report_documents(engine, progress=bars, ctx=ctx)
            if since is not None and since_ctx is not None:
                documents = changes_since(documents, since, since_ctx, ctx, progress=bars)
            return build_report(documents, out, progress=bars)


# -- serve --------------------------------------------------------------------------------------
@app.command()
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="The port to listen on; 0 picks a free one.")] = 8765,
    host: Annotated[
        str,
        typer.Option(help="The address to listen on. Only this machine by default; 0.0.0.0 opens it to your network."),
    ] = "127.0.0.1",
) -> None:
    """Browse the store in a local web app (read-only).

    Every chart, filtered by date, country, sector, organisation, family or task.
    """
    from hubcensus.serve import serve as run_serve

    def ready(url: str) -> None:
        console.print(
            f"serving {db or default_db_path()} (read-only) at {url} — Ctrl-C to stop", markup=False, soft_wrap=True
        )
        sys.stdout.flush()

    run_serve(db, host=host, port=port, on_ready=ready)
    console.print("stopped", markup=False)


# -- status / sql -------------------------------------------------------------------------------
@app.command()
def status(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also say what each snapshot's columns mapped to.")
    ] = False,
    snapshot: Annotated[
        str | None,
        typer.Option(
            "--snapshot", help="Show one snapshot (YYYY-MM-DD) and what its columns mapped to.", metavar="DATE"
        ),
    ] = None,
) -> None:
    """Show the snapshots a store holds, one line each.

    With row counts, lineage issues and the precomputed intermediates; --verbose or --snapshot DATE add
    what each file's columns mapped to.
    """
    from hubcensus.cli.readable import status_lines
    from hubcensus.status import status as get_status
    from hubcensus.store import Store

    day = parse_date(snapshot, "--snapshot")
    with Store.open(db, read_only=True) as store:
        doc = get_status(store)
    if day is not None and not any(s["taken_at"] == day.isoformat() for s in doc["snapshots"]):
        held = [s["taken_at"] for s in doc["snapshots"]]
        raise UserError(
            f"--snapshot {day}: the store holds no snapshot of that date"
            + (f" (it holds {len(held):,}, {held[0]} … {held[-1]})" if held else " (it holds none)")
        )
    if as_json:
        if day is not None:
            doc = {**doc, "snapshots": [s for s in doc["snapshots"] if s["taken_at"] == day.isoformat()]}
        print(dumps(doc))
        return
    _print_lines(status_lines(doc, console.width, verbose=verbose, snapshot=day.isoformat() if day else None))


# What `hubcensus sql` runs: queries. `--allow-files` adds writing a result to a file (COPY … TO, EXPORT);
# ATTACH, SET, CHECKPOINT (a CALL), INSTALL/LOAD and every write are refused whatever the flag.
_SQL_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA"})
_SQL_FILE_STATEMENTS = frozenset({"COPY", "EXPORT"})


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A read-only SQL query over the store.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    allow_files: Annotated[
        bool,
        typer.Option(
            "--allow-files",
            help="Let the query read files (read_csv, read_parquet) and write them (COPY … TO, EXPORT).",
        ),
    ] = False,
) -> None:
    """Run a read-only SQL query against the store.

    Read-only in fact: the store is opened read-only by its real path (links resolved), and DuckDB's access
    to other files, extensions and settings is off, unless --allow-files gives back files."""
    import duckdb

    from hubcensus.store import Store

    fmt = _format(as_json, as_csv)
    path = (db or default_db_path()).resolve()
    with Store.open(path, read_only=True, sandboxed=True, allow_files=allow_files) as store:
        try:
            statements = store.con.extract_statements(query)
        except duckdb.Error as exc:
            raise UserError(f"sql: {' '.join(str(exc).split())}") from None
        allowed = _SQL_STATEMENTS | (_SQL_FILE_STATEMENTS if allow_files else frozenset())
        for statement in statements:
            kind = statement.type.name
            if kind not in allowed:
                more = " (--allow-files permits COPY … TO and EXPORT)" if kind in _SQL_FILE_STATEMENTS else ""
                raise UserError(
                    f"sql: {kind} statements are refused: `hubcensus sql` is read-only and runs queries only{more}"
                )
        try:
            cur = store.con.execute(query)
            columns = [d[0] for d in cur.description] if cur.description else []
            rows = cur.fetchall() if columns else []
        except duckdb.InterruptException:
            raise  # Ctrl-C: `main` says so in one line, exit 130
        except duckdb.PermissionException as exc:
            raise UserError(
                f"sql: files outside the store are off limits ({' '.join(str(exc).split())}); "
                "pass --allow-files to read or write files"
            ) from None
        except duckdb.InvalidInputException as exc:
            text = " ".join(str(exc).split())
            if "configuration has been locked" in text:
                raise UserError(f"sql: settings cannot be changed in `hubcensus sql` ({text})") from None
            raise UserError(f"sql: {text}") from None
        except duckdb.Error as exc:
            raise UserError(f"sql: {' '.join(str(exc).split())}") from None
    emit(columns, rows, fmt=fmt)
