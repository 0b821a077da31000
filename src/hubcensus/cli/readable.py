"""How the readers' documents read on a terminal: a metric (`hubcensus metric NAME`) and a store's status.

Each function turns the document the library returns (the same one `--json` prints) into lines that fit
`width` columns, every number through `hubcensus.numbers` so that a figure reads the same wherever it is
shown. The lines are returned rather than printed, so a test can pin them.
"""

from __future__ import annotations

import textwrap
from typing import Any

from hubcensus.numbers import NONE, fit_table, human

ROWS_SHOWN = 15


def wrapped(text: str, width: int, indent: str = "  ", hang: str | None = None) -> list[str]:
    """`text` wrapped to `width`, each line indented (lines after the first by `hang`, when given); words
    (an id, a number) are never split."""
    return textwrap.wrap(
        text,
        width=max(width, 20),
        initial_indent=indent,
        subsequent_indent=indent if hang is None else hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def table_lines(
    columns: list[str], rows: list[list[Any]], width: int, indent: str = "  ", everything: str = "--csv"
) -> list[str]:
    """A table that fits `width`: columns dropped from the right, and said so (and that the option
    `everything` prints them), before any number is cut."""
    lines, dropped = fit_table(columns, rows, width - len(indent))
    out = [indent + line for line in lines]
    if dropped:
        out += wrapped(
            f"(not shown, to fit {width} columns: {', '.join(dropped)}; `{everything}` prints every column)",
            width,
            indent,
        )
    return out


def metric_lines(doc: dict[str, Any], width: int) -> list[str]:
    """One metric's document in words: its headline sentence, definition, headline values, notes and rows."""
    out = wrapped(f"{doc['spec']} {doc['metric']} — {doc['title']}", width, "")
    source = doc.get("source")
    out += wrapped(
        f"as of {doc['as_of']}"
        + (", from a synthetic Hub: these figures prove nothing about the real one" if source == "synthetic" else ""),
        width,
    )
    from hubcensus.report.captions import caption  # the report's package: only when a metric is printed for a person

    out += [""] + wrapped(caption(doc), width)
    out += ["", "Definition"] + wrapped(doc["definition"], width)
    out += ["", "Headline"]
    notes = doc.get("notes") or []
    missing = "not given: see the notes below" if notes else "not given by this store"
    headline = doc["headline"]
    key_width = max((len(k) for k in headline), default=0)
    for key, value in headline.items():
        shown = human(key, value)
        if shown == NONE and value is None:
            shown = f"{NONE} ({missing})"
        out += wrapped(f"{key.ljust(key_width)}  {shown}", width)
    if doc.get("published"):
        out += ["", "Published"] + wrapped(doc["published"], width)
    if notes:
        out += ["", "Notes"]
        for note in notes:
            out += wrapped(note, width, "  - ", "    ")
    rows = doc.get("rows") or []
    if rows:
        columns = list(rows[0])
        shown_rows = rows[:ROWS_SHOWN]
        more = f", the first {ROWS_SHOWN} shown (`--csv` prints them all)" if len(rows) > ROWS_SHOWN else ""
        out += ["", f"Rows: {len(rows):,}{more}"]
        out += table_lines(columns, [[r.get(c) for c in columns] for r in shown_rows], width)
    return out


def _listing(complete: bool) -> str:
    return "complete" if complete else "partial"


def status_lines(doc: dict[str, Any], width: int, *, verbose: bool = False, snapshot: str | None = None) -> list[str]:
    """A store's status: one line per snapshot; what each file's columns mapped to with `verbose`, or for
    the one `snapshot` (a date) asked for."""
    snaps = doc["snapshots"]
    out = [f"store {doc['store']} (schema v{doc['schema_version']})"]
    chosen = [s for s in snaps if s["taken_at"] == snapshot] if snapshot else snaps
    columns = ["snapshot", "stage", "source", "listing", "models", "datasets", "spaces", "papers"]
    rows = [
        [
            s["taken_at"],
            s.get("stage"),
            s["source"],
            _listing(s["complete"]),
            s["models"],
            s["datasets"],
            s["spaces"],
            s["papers"],
        ]
        for s in chosen
    ]
    if snaps:
        first, last = snaps[0]["taken_at"], snaps[-1]["taken_at"]
        partial = sum(not s["complete"] for s in snaps)
        out += wrapped(
            f"{len(snaps):,} snapshot(s), {first} … {last}" + (f"; {partial:,} partial" if partial else ""), width, ""
        )
        out += table_lines(columns, rows, width)
        held = [f"{s['taken_at']} {s['quarantined']:,}" for s in chosen if s.get("quarantined")]
        if held:  # values validation left out (store/validate.py)
            out += wrapped(
                f"values quarantined at ingest (left out, the rows kept): {', '.join(held)} — `--snapshot DATE` says which",
                width,
                "",
            )
        if doc.get("stale"):
            out += wrapped(doc["stale"], width, "")
    else:
        out.append("no snapshots yet (`hubcensus ingest` or `hubcensus pull` adds them)")
    if verbose or snapshot:
        from hubcensus.status import mapping_lines

        for s in chosen:
            lines = mapping_lines(s)
            if lines:
                out += ["", f"{s['taken_at']} from {s['source_ref']}"]
                for line in lines:
                    out += wrapped(line, width, "  ", "      ")
    elif snaps:
        out += wrapped("(what each file's columns mapped to: `--verbose`, or `--snapshot DATE` for one)", width, "")
    out += [""] + wrapped("rows: " + ", ".join(f"{t} {human(t, n)}" for t, n in doc["rows"].items()), width, "")
    if doc["lineage_issues"] is not None:
        issues = ", ".join(f"{k} {human(k, n)}" for k, n in doc["lineage_issues"].items())
        out += wrapped(f"lineage issues: {issues}", width, "")
    kept = doc["precomputed"]
    if not kept:
        out += wrapped(
            "precomputed intermediates: none (`hubcensus enrich` builds them; metrics build their own meanwhile)",
            width,
            "",
        )
    else:
        stale = [t["name"] for t in kept if not t["current"]]
        out += wrapped(
            f"precomputed intermediates: {len(kept)} tables, {human('rows', sum(t['rows'] for t in kept))} rows, "
            f"built {kept[0]['built_at']}"
            + (f"; {len(stale)} out of date (the data changed since: run `hubcensus enrich`)" if stale else ""),
            width,
            "",
        )
    return out


def metric_list_lines(metrics: list[Any], width: int) -> list[str]:
    """Every metric in the report's order, under its chapter: id, name and title on one line each, the
    title shortened with "…" rather than wrapped when the terminal is narrow."""
    spec_width = max((len(m.spec) for m in metrics), default=0)
    name_width = max((len(m.name) for m in metrics), default=0)
    out: list[str] = []
    chapter = None
    for m in metrics:
        if m.chapter != chapter:
            chapter = m.chapter
            out += ([""] if out else []) + [chapter]
        head = f"  {m.spec.ljust(spec_width)}  {m.name.ljust(name_width)}  "
        room = max(width - len(head), 10)
        title = m.title if len(m.title) <= room else m.title[: room - 1] + "…"
        out.append(head + title)
    return out
