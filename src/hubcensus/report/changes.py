"""The words of a diff document (`metrics.editions`): a figure's change, a mover, a metric's summary.

One wording for the terminal (`hubcensus diff`), the report's first chapter ("What changed since
DATE") in HTML and in Markdown, so the three say the same thing. Nothing here computes a figure: every
number shown is one the diff document holds.
"""

from __future__ import annotations

from typing import Any

from hubcensus.report.labels import headline_label, show_value


def show(v: Any, key: str = "") -> str:
    """A figure as the report shows it (shares as percentages, big numbers grouped)."""
    return show_value(v, key)


def signed(v: float | int, key: str = "") -> str:
    """A change with its sign: +1,234, -0.52 points for a share."""
    if isinstance(v, float) and ("share" in key or key == "gini"):
        return f"{v * 100:+.2f} points"
    if isinstance(v, int):
        return f"{v:+,}"
    return f"{v:+,.4g}" if abs(v) < 1e6 else f"{v:+,.0f}"


def figure_text(fig: dict[str, Any]) -> str:
    """'2,000 → 3,000 (+1,000, +50.0%)'; a side that cannot be given says why."""
    key = fig["key"]
    text = f"{show(fig['from'], key)} → {show(fig['to'], key)}"
    if fig["why"]:
        return f"{text} ({fig['why']})"
    if fig["change"] is not None:
        rel = f", {fig['relative']:+.1%}" if fig["relative"] is not None else ""
        return f"{text} ({signed(fig['change'], key)}{rel})" if fig["change"] else f"{text} (unchanged)"
    return text if fig.get("changed") else f"{text} (unchanged)"


def row_label(row: dict[str, Any]) -> str:
    """A table row named by its key columns: 'US · country'."""
    return " · ".join(show(v, c) for c, v in row.items() if v is not None) or "(no key)"


def mover_text(m: dict[str, Any], by: str) -> str:
    return f"{row_label(m['row'])} {signed(m['change'], by)} ({show(m['from'], by)} → {show(m['to'], by)})"


def movers_lines(mv: dict[str, Any]) -> list[str]:
    """The movers of one table: up, down, entered, left; or why there are none."""
    if mv["why"]:
        return [f"movers: none ({mv['why']})"]
    by = mv["by"]
    out = []
    if mv["up"]:
        out.append(f"up by {by}: " + "; ".join(mover_text(m, by) for m in mv["up"]))
    if mv["down"]:
        out.append(f"down by {by}: " + "; ".join(mover_text(m, by) for m in mv["down"]))
    for side, word in (("entered", "new rows"), ("left", "rows gone")):
        if mv.get(f"{side}_count"):
            shown = "; ".join(f"{row_label(m['row'])} ({show(m['value'], by)})" for m in mv[side])
            out.append(f"{word} ({mv[f'{side}_count']:,}): {shown}")
    return out or [f"movers: none (no row's {by} changed)"]


def read_text(m: dict[str, Any]) -> str:
    """Which snapshots each side read: 'read 2025-10-01 (as of 2025-10-01) → read 2026-03-01 (as of 2026-03-01)'."""
    a, b = m["from"], m["to"]
    return f"read {a['read_as_of'] or '—'} (as of {a['as_of']}) → read {b['read_as_of'] or '—'} (as of {b['as_of']})"


def changed_figures(m: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline figures worth a line: those that changed, or that one side only cannot give."""
    return [f for f in m["headline"] if (f["from"] is None) != (f["to"] is None) or f["change"] or f.get("changed")]


def unchanged_text(m: dict[str, Any]) -> str | None:
    """'(3 other figures unchanged, 2 given at neither date)', or None when every figure has its line."""
    shown = changed_figures(m)
    neither = sum(1 for f in m["headline"] if f["from"] is None and f["to"] is None)
    same = len(m["headline"]) - len(shown) - neither
    parts = [f"{same} other figure(s) unchanged"] if same else []
    parts += [f"{neither} given at neither date"] if neither else []
    return f"({', '.join(parts)})" if parts else None


def reasons(m: dict[str, Any]) -> list[str]:
    """Why the figures one side cannot give are not given: that side's notes, each once."""
    return list(dict.fromkeys(r for f in changed_figures(m) for r in f.get("reasons", [])))


def lead(diff: dict[str, Any]) -> str:
    """The chapter's opening sentence: the two dates, the snapshots they resolved to, the rule."""
    a, b = diff["from"], diff["to"]
    moved = sum(1 for m in diff["metrics"] if changed_figures(m))
    return (
        f"The same definitions as of {a['date']} (the snapshot of {a['as_of']}) and as of {b['date']} (the snapshot "
        f"of {b['as_of']}): {moved} of {len(diff['metrics'])} findings changed. Each side resolves to the newest "
        "snapshot on or before its date; a figure one side cannot give says why, and is never counted as 0. "
        "Movers are a table's rows, told apart by the fewest of their text columns that do (a country, an "
        "organisation, a family, a month), ranked by the change in the first column counting downloads (else its "
        "first numeric column); rows present at one date only are listed as new or gone."
    )


def chapter_title(diff: dict[str, Any]) -> str:
    return f"What changed since {diff['from']['date']}"


def changes_view(diff: dict[str, Any] | None) -> dict[str, Any] | None:
    """The first chapter as the page and the Markdown render it: its title, lead, and per finding the
    lines of its figures, why a side gives none, and its movers."""
    if diff is None:
        return None
    return {
        "title": chapter_title(diff),
        "since": diff["from"]["date"],
        "lead": lead(diff),
        "metrics": [
            {
                "spec": m["spec"],
                "title": m["title"],
                "read": read_text(m),
                "figures": [f"{headline_label(f['key'])}: {figure_text(f)}" for f in changed_figures(m)]
                + [t for t in [unchanged_text(m)] if t],
                "reasons": reasons(m),
                "movers": movers_lines(m["movers"]),
            }
            for m in diff["metrics"]
        ],
    }
