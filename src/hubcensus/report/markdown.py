"""`report.md`: the report as Markdown with its charts as SVG files beside it, for a blog post.

Markdown renderers pass raw HTML through, so every Hub string that lands here (a model id in a
caption, an organisation in a table) is escaped as HTML and for Markdown's own syntax: a model
named `<img src=x onerror=…>` or `[x](javascript:…)` reads as text wherever this file is pasted.
"""

from __future__ import annotations

import re
from typing import Any

from hubcensus.report.captions import caption
from hubcensus.report.reading import reading_note

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: Any) -> str:
    """Text safe in Markdown prose and table cells: HTML escaped, Markdown punctuation backslash-escaped."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())  # no line break can start a heading or a list inside a cell


_CODE_SPAN = re.compile(r"`([^`]+)`")


def prose(text: Any) -> str:
    """Our own prose (a definition, a caption, a note): escaped as `md` does, but its `code` spans kept as code
    spans, which GitHub renders as code; escaped, they printed as literal backticks. A code span shows its
    content as text (no HTML, no Markdown), so a Hub string inside one stays inert; only a `|`, which would end
    a table cell, is escaped. Text with an odd number of backticks has no spans and is escaped whole."""
    s = " ".join(str(text).split())
    if s.count("`") % 2:
        return md(s)
    out, at = [], 0
    for m in _CODE_SPAN.finditer(s):
        out.append(md(s[at : m.start()]) if m.start() > at else "")
        out.append("`" + m.group(1).replace("|", "\\|") + "`")
        at = m.end()
    out.append(md(s[at:]) if at < len(s) else "")
    return "".join(out)


def anchor(spec: str, title: str) -> str:
    """GitHub-style heading anchor of '{spec} · {title}' (lowercase, punctuation dropped, spaces to '-')."""
    return anchor_text(f"{spec} · {title}")


def anchor_text(text: str) -> str:
    """GitHub-style heading anchor of a heading's text."""
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def markdown_report(
    chapters: list[tuple[str, list[dict[str, Any]]]],
    titles: dict[str, str],
    has_chart: dict[str, bool],
    common: dict[str, Any],
    changes: dict[str, Any] | None = None,
) -> str:
    """The whole report; `changes` (`report.changes.changes_view`), when given, is its first chapter."""
    snaps = common["snapshots"]
    synthetic = common.get("source") in ("synthetic", "mixed")
    out = [
        "# State of Open Source on Hugging Face — "
        + ("measured on a synthetic Hub" if common.get("source") == "synthetic" else "measured from public metadata"),
        "",
        *([f"**{md(common['kicker'])}.** {md(common['source_note'])}", ""] if synthetic else []),
        f"Figures as of **{common['as_of']}**, from {len(snaps)} snapshot(s) ({snaps[0]} … {snaps[-1]}), computed by "
        f"hubcensus {common['version']} on {common['engine']}. Each finding gives our figure beside the one the report "
        "*State of Open Source on Hugging Face* (Spring 2026) published, and the definition behind ours. Every "
        "figure, its table and the SQL that computed it are in `figures.json`.",
        "",
    ]
    first = 1 if changes else 0
    if changes:
        out.append(f"1. [{md(changes['title'])}](#1-{anchor_text(changes['title'])})")
    for n, (ch, docs) in enumerate(chapters, start=1 + first):
        out.append(  # an ordered list: "- 1. x" nested a numbered list in an otherwise empty bullet
            f"{n}. {titles.get(ch, ch)}: " + ", ".join(f"[{d['spec']}](#{anchor(d['spec'], d['title'])})" for d in docs)
        )
    out += changes_markdown(changes) if changes else []
    for n, (ch, docs) in enumerate(chapters, start=1 + first):
        out += ["", f"## {n}. {titles.get(ch, ch)}"]
        for d in docs:
            out += ["", f"### {d['spec']} · {d['title']}", "", f"**{prose(caption(d))}**", ""]
            if has_chart.get(d["spec"]):
                out += [f"![{md(d['spec'] + ' ' + d['title'])}](charts/{d['spec']}.svg)", ""]
                reading = reading_note(d)
                out += [f"*How to read.* {prose(reading)}", ""] if reading else []
            out += [
                "| Source | Figure |",
                "|---|---|",
                f"| hubcensus, as of {d.get('read_as_of') or d['as_of']} | {prose(caption(d))} |",
                f"| Published (Spring 2026) | {prose(d['published'])} |",
                "",
                f"*Definition.* {prose(d['definition'])}",
            ]
            if d["out_of_reach"]:
                out += ["", f"*Out of reach of public metadata.* {prose(d['out_of_reach'])}"]
            for note in d["notes"]:
                out += ["", f"*Note.* {prose(note)}"]
            out += ["", f"Snapshots: {', '.join(sorted(set(d['snapshots']))) or '—'}; metric `{d['metric']}`."]
    out += quality_markdown(common.get("quality") or {}, len(chapters) + first + 1)
    return "\n".join(out) + "\n"


def changes_markdown(view: dict[str, Any]) -> list[str]:
    """The first chapter, "What changed since DATE", as Markdown."""
    out = ["", f"## 1. {md(view['title'])}", "", prose(view["lead"])]
    for m in view["metrics"]:
        out += ["", f"### {m['spec']} · {md(m['title'])}", "", f"*{md(m['read'])}*", ""]
        out += [f"- {md(line)}" for line in m["figures"]]
        out += [f"- Not given: {md(r)}" for r in m["reasons"]]
        out += [f"- {md(line)}" for line in m["movers"]]
    return out


def quality_markdown(q: dict[str, Any], n: int) -> list[str]:
    """The "Data quality" chapter (`metrics.quality.data_quality`) as Markdown."""
    if not q:
        return []
    out = [
        "",
        f"## {n}. Data quality",
        "",
        "| Snapshot | Complete | Source | Kinds | Model rows | Downloads field |",
        "|---|---|---|---|---|---|",
    ]
    for s in q["snapshots"]:
        out.append(
            f"| {s['date']} | {'yes' if s['complete'] else 'partial listing'} | {md(s['source'])} | {md(s['kinds'])} "
            f"| {s['model_rows']:,} | {md(s['downloads_field'] or '—')} |"
        )
    lin = q["lineage"]
    issues = ", ".join(f"{v:,} {k}" for k, v in lin["issues"].items()) or "none"
    att = q["attribution"]
    curated = (
        f"{att['curated_share'] * 100:.1f}% of {att['downloads_field']} at {att['snapshot']}"
        if att["curated_share"] is not None
        else "cannot be given"
    )
    out += [
        "",
        f"- Lineage: {lin['edges']:,} edges"
        + "".join(f"{'; ' if i == 0 else ', '}{v:,} from {k}" for i, (k, v) in enumerate(lin["by_source"].items()))
        + f". References that did not become edges: {md(issues)}.",
        f"- Downloads with a curated attribution (a registry row): {md(curated)}.",
        f"- Gaps in the series: {md('; '.join(q['gaps']) or 'none between complete snapshots')}.",
        "",
        "| Finding | Read | Not given | What it could not use (notes) |",
        "|---|---|---|---|",
    ]
    for m in q["metrics"]:
        out.append(
            f"| {m['spec']} | {m['read'] or '—'} | {m['not_given']} of {m['headline_values']} "
            f"| {prose(' · '.join(m['notes']))} |"
        )
    return out
