"""The commands that read a store: what it holds (`status`, `who`, `tree`, `registry`), what it measures
(`metric`, `report`, `sql`) and the explorer (`serve`)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from hubcensus.cli.options import DbOption, EngineOption, LakeOption, MasterOption, RegistryOption, _format, app
from hubcensus.errors import UserError, parse_date
from hubcensus.output import console, dumps, emit, err_console
from hubcensus.store.connection import default_db_path
from hubcensus.terminal import Bars, say


@app.command()
def tree(
    model: Annotated[str, typer.Argument(help="A model id, e.g. Qwen/Qwen2.5-7B.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    top: Annotated[int, typer.Option(help="How many direct children to list.")] = 10,
) -> None:
    """A model's root, depth, and everything below it in the lineage, by relation."""
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
    console.print(
        f"  {doc['children']:,} direct children, {doc['descendants']:,} descendants: "
        + ", ".join(f"{k} {v:,}" for k, v in doc["by_relation"].items()),
        markup=False,
    )
    if doc["top_children"]:
        emit(
            ["child", "relation", "descendants", "downloads_30d", "downloads_all_time"],
            [
                [c["model"], c["relation"], c["descendants"], c["downloads_30d"], c["downloads_all_time"]]
                for c in doc["top_children"]
            ],
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
    """The merged registry of Hub namespaces: the shipped rows with your overrides (--check lints, --coverage measures)."""
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
    """Explain who an author is taken to be (country, sector, Big Tech, Fortune 500) and why."""
    from hubcensus.enrich.registry import explain
    from hubcensus.enrich.run import registry_for
    from hubcensus.store import Store

    path = db or default_db_path()
    if path.exists():
        with Store.open(path, read_only=True) as store:
            rows, _ = registry_for(store, registry)
            doc = explain(store.con, author, rows)
    else:
        from hubcensus.enrich.registry import load_registry

        doc = explain(None, author, load_registry(registry))
    if as_json:
        print(dumps(doc))
        return
    head = doc.get("organisation") or author
    console.print(f"{author}: {head}", markup=False)
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


# -- metrics ------------------------------------------------------------------------------------
@app.command("metric")
def metric_cmd(
    name: Annotated[
        str | None,
        typer.Argument(help="A metric's name (download_concentration) or SPEC id (C1).", show_default=False),
    ] = None,
    db: DbOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Every metric.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="Name every metric and stop.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Compute as of this date (YYYY-MM-DD): the newest snapshot on or before it."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lake: LakeOption = None,
    engine_name: EngineOption = "duckdb",
    master: MasterOption = None,
) -> None:
    """Compute the report's metrics: headline values and a tidy table, with the definition behind them."""
    from hubcensus.engines.open import open_engine
    from hubcensus.metrics.run import ordered_metrics

    metrics = ordered_metrics()
    if list_:
        if as_json:
            print(dumps([{"metric": m.name, "spec": m.spec, "title": m.title, "chapter": m.chapter} for m in metrics]))
        else:
            emit(["spec", "metric", "chapter", "title"], [[m.spec, m.name, m.chapter, m.title] for m in metrics])
        return
    if all_ == (name is not None):
        raise UserError("name one metric, or pass --all (or --list to see them)")
    if name is not None:
        found = [m for m in metrics if name in (m.name, m.spec) or name.upper() == m.spec]
        if not found:
            raise UserError(f"{name}: no such metric (`hubcensus metric --list` names them)")
        metrics = found
    day = parse_date(as_of, "--as-of")
    _warn_if_stale(db, lake)
    with open_engine(db, lake, engine_name, master=master, say=say) as engine:
        docs = _all_metrics(engine, metrics, day)
    if as_json:
        print(dumps(docs if all_ else docs[0]))
        return
    for doc in docs:
        _print_metric(doc)


def _warn_if_stale(db: Path | None, lake: object) -> None:
    """One line on stderr when some snapshot of the store is not through every stage, with the command
    that finishes them (a lake is written from a store and says nothing of it: no check)."""
    from hubcensus.store import Store, stages

    if lake is not None:
        return
    path = db or default_db_path()
    if not path.exists():
        return  # open_engine names the missing store
    with Store.open(path, read_only=True) as store:
        line = stages.stale_warning(store.con, db)
    if line:
        err_console.print(line, markup=False, soft_wrap=True)


def _all_metrics(engine, metrics=None, as_of: dt.date | None = None) -> list[dict]:  # type: ignore[no-untyped-def]
    from hubcensus.metrics.run import compute_metrics

    with Bars() as bars:
        return compute_metrics(engine, metrics, as_of, progress=bars)


def _print_metric(doc: dict) -> None:
    console.print(f"[bold]{doc['spec']} {doc['metric']}[/bold] — {doc['title']} (as of {doc['as_of']})")
    for k, v in doc["headline"].items():
        shown = f"{v:.1%}" if isinstance(v, float) and ("share" in k or k == "gini") and v <= 1 else v
        console.print(f"  {k}: {shown}", markup=False)
    console.print(f"  published: {doc['published']}", markup=False)
    for n in doc["notes"]:
        console.print(f"  note: {n}", markup=False)
    if doc["rows"]:
        cols = list(doc["rows"][0])
        emit(
            cols,
            [[r.get(c) for c in cols] for r in doc["rows"][:15]],
            title=f"{len(doc['rows'])} rows" + (" (first 15)" if len(doc["rows"]) > 15 else ""),
        )


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
    lake: LakeOption = None,
    engine_name: EngineOption = "duckdb",
    master: MasterOption = None,
) -> None:
    """Write the report: one offline HTML page with a chart per metric, Markdown with SVG charts, figures.json, a scorecard per organisation."""
    from hubcensus.engines.open import open_engine

    day = parse_date(as_of, "--as-of")
    t0 = time.perf_counter()
    _warn_if_stale(db, lake)
    with open_engine(db, lake, engine_name, master=master, say=say) as engine:
        index = _build_report(engine, out, day)
    console.print(
        f"report written in {time.perf_counter() - t0:.1f}s; open {index.resolve()}", markup=False, soft_wrap=True
    )


def _build_report(engine, out: Path, as_of: dt.date | None = None) -> Path:  # type: ignore[no-untyped-def]
    from hubcensus.metrics.base import context
    from hubcensus.metrics.run import compute_report_documents
    from hubcensus.report import build_report, prepare_out
    from hubcensus.report.build import report_lock

    ctx = context(engine, as_of)  # the store's own errors (no snapshot, not enriched) before touching the folder
    with report_lock(out):  # a second report into the same folder is refused before it computes anything
        prepare_out(out)  # and the folder's errors before anything is computed
        with Bars() as bars:
            return build_report(compute_report_documents(engine, progress=bars, ctx=ctx), out, progress=bars)


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
    """Browse the store in a local web app (read-only): every chart filtered by date, country, sector, organisation, family, task."""
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
) -> None:
    """The snapshots a store holds, what each file's columns mapped to, and row counts."""
    from hubcensus.status import mapping_lines
    from hubcensus.status import status as get_status
    from hubcensus.store import Store

    with Store.open(db, read_only=True) as store:
        doc = get_status(store)
    if as_json:
        print(dumps(doc))
        return
    console.print(f"store {doc['store']} (schema v{doc['schema_version']})")
    emit(
        ["snapshot", "stage", "source", "complete", "models", "datasets", "spaces", "papers"],
        [
            [
                s["taken_at"],
                s["stage"],
                s["source"],
                s["complete"],
                s["models"],
                s["datasets"],
                s["spaces"],
                s["papers"],
            ]
            for s in doc["snapshots"]
        ],
    )
    if doc["stale"]:
        console.print(doc["stale"], markup=False, soft_wrap=True)
    for s in doc["snapshots"]:
        lines = mapping_lines(s)
        if lines:
            console.print(f"[bold]{s['taken_at']}[/bold] from {s['source_ref']}")
            for line in lines:
                console.print(f"  {line}", markup=False)
    console.print("rows: " + ", ".join(f"{t} {n:,}" for t, n in doc["rows"].items()))
    if doc["lineage_issues"] is not None:
        console.print(
            "lineage issues: " + ", ".join(f"{k} {n:,}" for k, n in doc["lineage_issues"].items()), markup=False
        )
    kept = doc["precomputed"]
    if not kept:
        console.print(
            "precomputed intermediates: none (`hubcensus enrich` builds them; metrics build their own meanwhile)"
        )
    else:
        stale = [t["name"] for t in kept if not t["current"]]
        console.print(
            f"precomputed intermediates: {len(kept)} tables, {sum(t['rows'] for t in kept):,} rows, built {kept[0]['built_at']}"
            + (f"; {len(stale)} out of date (the data changed since: run `hubcensus enrich`)" if stale else ""),
            markup=False,
        )


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
