"""`hubcensus report`: the metrics as a page people open and share, and as files they reuse.

One call writes, into one folder:
- `index.html`: the report, one chapter per SPEC section, a chart per metric; self-contained (the
  charting library, the styles and every chart's data are inlined), so it opens from disk offline;
- `report.md` with `charts/<SPEC>.svg` beside it, for pasting into a blog post;
- `figures.json`: every metric document, exactly what `hubcensus metric --all --json` prints;
- with `--since DATE`, a first chapter "What changed since DATE" (`report.changes`), and `changes.json`:
  the diff document, exactly what `hubcensus diff --from DATE --to AS-OF --json` prints;
- `orgs/<author>.html`: a scorecard per organisation (see `metrics.scorecards`), drawn by the shared
  `assets/vega.js`: a classic script, which Chromium loads from file:// where it refuses modules.

It renders documents it is given (`metrics.run.compute_report_documents`) and runs no query: the
caller computes, then hands everything over, so a failed computation never leaves a half report.

The same store and `--as-of` give the same bytes: nothing here reads the clock or draws a random id,
JSON is dumped with sorted keys, rows keep the order their queries fix, and file names derive from
SPEC ids and author names alone.

Writing is atomic and owns only its own files. The report is built whole in a temporary folder beside
`--out` (`.OUT.tmp-PID`), with a manifest of the files it wrote (`.hubcensus-report.json`), and swapped
in by two renames (the previous folder steps aside as `.OUT.old-PID`); then every file the previous
report did not write (its manifest says which) is moved back in, and the previous report is removed.
A killed report leaves the previous one in place (the next report restores or finishes a swap a kill
interrupted), and a lock beside `--out` refuses a second report into the same folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from hubcensus import __version__
from hubcensus.errors import UserError
from hubcensus.killpoints import kill_point
from hubcensus.locks import folder_lock
from hubcensus.metrics.facts import (
    CHAPTER_TITLES,
    CHAPTERS,
    DERIVATIVE_COUNTS,
    DERIVATIVE_MEANING,
    DERIVATIVE_SHORT,
    FINDINGS,
)
from hubcensus.metrics.run import ReportDocuments
from hubcensus.metrics.scorecards import REGISTRY_SOURCES
from hubcensus.metrics.series import METHOD_NOTE
from hubcensus.output import dumps
from hubcensus.progress import NO_PROGRESS, Progress
from hubcensus.report.captions import caption
from hubcensus.report.changes import changes_view
from hubcensus.report.charts import chart_spec, country_name, render_svg, scorecard_specs, vega_bundle
from hubcensus.report.labels import headline_label, show_value
from hubcensus.report.markdown import markdown_report
from hubcensus.report.reading import reading_note
from hubcensus.report.scorecards import org_file

# What the report says to open each chapter (its titles and order are `metrics.facts`'s).
CHAPTER_LEADS = {
    "growth": "How many models, datasets, spaces and authors the Hub holds, and how much of what is new builds on something else.",
    "concentration": "How unevenly downloads spread over models.",
    "geography": "Who makes what is downloaded: the country and sector of the organisation behind each namespace, "
    "Big Tech's and the Fortune 500's presence, and what trends.",
    "popularity": "What people like, and which papers they upvote and whether those papers release anything.",
    "derivatives": "Families of models and the intermediaries who quantize, adapt and redistribute them.",
    "adoption": "How far and how long models are used, by size.",
    "hardware": "Which chips and runtimes models say they target.",
    "communities": "Communities around a language, a domain or a task; datasets by category; science.",
}
DATA_ROWS = 200  # rows of each metric's table shown in the page (figures.json has them all)
REPORT_MANIFEST = ".hubcensus-report.json"  # the files a report wrote: only these are its to replace or remove


def script_json(value: Any) -> Markup:
    """JSON safe inside a <script> element: `<`, `>` and `&` escaped, so `</script>` in a Hub string stays data."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _inline_script(js: str) -> Markup:
    """A script body inlined in HTML; refuse one that would end its element early (the HTML parser reads it first)."""
    lowered = js.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise AssertionError("the script bundle holds '</script' or '<!--': it cannot be inlined as is")
    return Markup(js)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("hubcensus.report", "templates"),
        autoescape=select_autoescape(["html", "htm", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = lambda v: "—" if v is None else f"{v:,}" if isinstance(v, int) else f"{v:,.0f}"
    env.filters["compact"] = compact
    env.filters["value"] = show_value
    env.filters["country"] = country_name
    env.filters["script_json"] = script_json
    env.filters["ticks"] = ticks
    env.globals["deriv"] = DERIVATIVE_COUNTS  # one label per derivative count, on every page
    env.globals["deriv_short"] = DERIVATIVE_SHORT
    env.globals["deriv_meaning"] = DERIVATIVE_MEANING
    return env


def ticks(text: Any) -> Markup:
    """Text escaped for HTML, then `backticked` spans as code: the definitions name columns and functions that way."""
    escaped = str(Markup.escape(str(text)))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))


def compact(v: Any) -> str:
    """12,345,678 → 12.3M: for tiles where the exact figure is a tooltip away."""
    if v is None:
        return "—"
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= div:
            x = v / div
            return (f"{x:.1f}".rstrip("0").rstrip(".") if x < 100 else f"{x:.0f}") + unit
    return f"{v:,.0f}" if isinstance(v, (int, float)) else str(v)


def prepare_out(out: Path) -> None:
    """The output folder exists and takes files; a user error naming it otherwise. The CLI calls it after
    checking the store (a bad store leaves no empty folder) and before computing (a bad `--out` costs nothing)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with report_lock(out):
            recover_report(out)
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".hubcensus-write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write the report there ({exc.strerror or exc})") from None


def _write(path: Path, text: str) -> None:
    """Write a report file whole or not at all: into a temporary file beside it, then renamed over it, so a
    failed or interrupted build never leaves a truncated page (every metric is computed before any write)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _beside(out: Path, tag: str) -> Path:
    return out.parent / f".{out.name}.{tag}-{os.getpid()}"


def _leftovers(out: Path, tag: str) -> list[Path]:
    return sorted(out.parent.glob(f".{glob_escape(out.name)}.{tag}-*"))


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def report_lock(out: Path) -> contextlib.AbstractContextManager[None]:
    """Hold `--out`'s lock (`hubcensus.locks`), or refuse in one line: two reports would mix their files."""
    return folder_lock(Path(out), "--out", "report")


def _manifest_of(folder: Path) -> set[str] | None:
    """The files the report in `folder` wrote (None: no report there, or one older than manifests)."""
    try:
        doc = json.loads((folder / REPORT_MANIFEST).read_text(encoding="utf-8"))
        return {str(f) for f in doc["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _carry_foreign(old: Path, out: Path) -> None:
    """Move into `out` every file of `old` its report did not write (a user's notes, a demo's store):
    a folder `out` lacks moves whole, one it has too is merged file by file. A name the new report wrote
    is the report's (a report older than manifests could not say which files were its own)."""
    ours = (_manifest_of(old) or set()) | {REPORT_MANIFEST}

    def walk(rel: Path) -> None:
        for entry in sorted((old / rel).iterdir()):
            sub, there = rel / entry.name, out / rel / entry.name
            if entry.is_dir() and not entry.is_symlink() and there.is_dir() and not there.is_symlink():
                walk(sub)
            elif sub.as_posix() not in ours and not there.exists() and not there.is_symlink():
                there.parent.mkdir(parents=True, exist_ok=True)
                os.rename(entry, there)

    walk(Path())


def recover_report(out: Path) -> None:
    """Finish or undo what a killed report left beside `out` (call with the report lock held): a swap
    stopped between its renames gets the previous report back; one stopped while carrying the user's
    files back is finished; a half-built report is removed."""
    out = Path(out)
    for old in _leftovers(out, "old"):
        if not out.exists():
            os.rename(old, out)  # killed between the two renames: the previous report, as it was
        else:
            _carry_foreign(old, out)
            shutil.rmtree(old)
    for tmp in _leftovers(out, "tmp"):
        shutil.rmtree(tmp)


def _swap_in(tmp: Path, out: Path) -> None:
    """Put the report built in `tmp` in place of `out`, keeping every file of `out` the report did not write."""
    if not out.exists():
        os.rename(tmp, out)
        return
    old = _beside(out, "old")
    os.rename(out, old)
    kill_point("report:between-renames")
    os.rename(tmp, out)
    kill_point("report:before-carry")
    _carry_foreign(old, out)
    shutil.rmtree(old)


def _ordered(docs: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    rank = {s: i for i, s in enumerate(FINDINGS)}
    chapters = []
    for ch in CHAPTERS:
        members = sorted((d for d in docs if d["chapter"] == ch), key=lambda d: (rank.get(d["spec"], 99), d["spec"]))
        if members:
            chapters.append((ch, members))
    return chapters


def _glance(by: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """The few numbers on the cover, each linking to its finding; one the store cannot give is left out."""
    h = {k: d["headline"] for k, d in by.items()}
    tiles = []

    def add(spec: str, key: str, label: str, fmt: Callable[[Any], str]) -> None:
        v = h.get(spec, {}).get(key)
        if v is not None:
            tiles.append({"spec": spec, "value": fmt(v), "label": label})

    add("G1", "models", "public models", compact)
    add("G1", "datasets", "public datasets", compact)
    add("G1", "authors", "authors with a public repo", compact)
    add("C1", "top_0_01pct_share", "of downloads go to the top 0.01% of models", lambda v: f"{v:.0%}")
    add("D1", "qwen_lineage", "models in Qwen's lineage tree", compact)
    add(
        "GEO2",
        "cn_share_last_12m",
        "of the last year's downloads are of Chinese developers' models",
        lambda v: f"{v:.0%}",
    )
    return tiles


def build_report(documents: ReportDocuments, out: Path, progress: Progress | None = None) -> Path:
    """Write the report of `documents` (`metrics.run.compute_report_documents`) into `out`; returns index.html.

    Built whole in a temporary folder beside `out`, then swapped in (see the module's docstring)."""
    out = Path(out)
    with report_lock(out):
        prepare_out(out)
        tmp = _beside(out, "tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        try:
            tmp.mkdir()
            written = _render_into(documents, tmp, progress or NO_PROGRESS)
            _write(tmp / REPORT_MANIFEST, json.dumps({"files": sorted(written)}, indent=1) + "\n")
            kill_point("report:before-swap")
            _swap_in(tmp, out)
        except OSError as exc:
            raise UserError(f"--out {out}: cannot write the report there ({exc.strerror or exc})") from None
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
    return out / "index.html"


def _render_into(documents: ReportDocuments, out: Path, shown: Progress) -> set[str]:
    """Every file of the report, written into the empty folder `out`; the paths written, relative to it."""
    docs, cards = documents.metrics, documents.scorecards
    by = {d["spec"]: d for d in docs}
    specs = {d["spec"]: chart_spec(d) for d in docs}

    written: set[str] = set()
    drawn = [s for s in FINDINGS if specs.get(s)] + sorted(s for s in specs if specs[s] and s not in FINDINGS)
    shown.stage("charts", len(drawn))
    for spec_id in drawn:
        shown.note(spec_id)
        _write(out / "charts" / f"{spec_id}.svg", render_svg(specs[spec_id]))  # type: ignore[arg-type]
        written.add(f"charts/{spec_id}.svg")
        shown.advance()
    shown.stage("the page, the Markdown and figures.json")

    env = _env()
    chapters = _ordered(docs)
    common = {
        "version": __version__,
        "as_of": documents.as_of.isoformat(),
        "engine": documents.engine,
        "snapshots": [d.isoformat() for d in documents.snapshots],
        "source": documents.source,
        "kicker": documents.provenance[0],
        "source_note": documents.provenance[1],
        "quality": documents.quality,
    }
    sections = [
        {
            "doc": d,
            "caption": caption(d),
            "reading": reading_note(d, specs[d["spec"]] is not None),
            "spec": specs[d["spec"]],
            "snapshots": sorted(set(d["snapshots"])),
            "headline": [(headline_label(k), show_value(v, k)) for k, v in d["headline"].items()],
            "columns": list(dict.fromkeys(k for r in d["rows"][:DATA_ROWS] for k in r)),
            "rows": d["rows"][:DATA_ROWS],
        }
        for _, members in chapters
        for d in members
    ]
    pages = [{**card, "file": org_file(card["author"])} for card in cards]
    changes = changes_view(documents.changes)
    index = env.get_template("index.html.j2").render(
        **common,
        chapters=[
            (
                ch,
                CHAPTER_TITLES.get(ch, ch.title()),
                CHAPTER_LEADS.get(ch, ""),
                [s for s in sections if s["doc"]["chapter"] == ch],
            )
            for ch, _ in chapters
        ],
        glance=_glance(by),
        changes=changes,
        cards=sorted(pages, key=lambda c: (-c["downloads"], c["author"].lower(), c["author"])),
        card_queries=documents.scorecard_queries,
        registry_rule=REGISTRY_SOURCES,
        method_note=METHOD_NOTE,
        bundle=_inline_script(vega_bundle()),
        out_of_reach=[
            (d["spec"], d["title"], d["out_of_reach"]) for _, ms in chapters for d in ms if d["out_of_reach"]
        ],
    )
    _write(out / "index.html", index)
    _write(out / "figures.json", dumps(docs) + "\n")
    _write(out / "assets" / "vega.js", vega_bundle())
    _write(
        out / "report.md",
        markdown_report(chapters, CHAPTER_TITLES, {s: bool(specs[s]) for s in specs}, common, changes),
    )
    written |= {"index.html", "figures.json", "assets/vega.js", "report.md"}
    if documents.changes is not None:
        _write(out / "changes.json", dumps(documents.changes) + "\n")
        written.add("changes.json")
    org_page = env.get_template("org.html.j2")
    shown.stage("organisation pages", len(pages))
    for card in pages:
        _write(out / "orgs" / card["file"], org_page.render(**common, card=card, charts=scorecard_specs(card)))
        written.add(f"orgs/{card['file']}")
        shown.advance()
    return written
