"""`hubcensus report` end to end, as a user runs it, on a small store stated below.

What the issue asks the report to be: the files it promises (index.html, report.md with SVG charts
beside it, figures.json equal to `hubcensus metric --all --json`, a scorecard per registered
organisation), byte-for-byte reproducible from the same store and `--as-of`, a page that fetches
nothing from the network, Hub markup shown as text everywhere (HTML and Markdown), and bad input
refused with one line and exit code 2 before anything is written. The page in a browser is
`tests/test_report_browser.py`, on the same store.

The store is the session's report world (conftest.py's `report_world`, stated in tests/worlds.py):
the explorer's over five monthly snapshots, so that the scorecards can follow a model's lifetime, with
the hostile namespace made the Hub's most downloaded and most liked model and given a registry row (a
user registry file), so its markup reaches the captions, the tables, the charts and a scorecard:

- Qwen (shipped registry: Alibaba Cloud, CN, industry): Qwen2.5-7B and -Instruct (2024), Qwen3-4B
  (created 2025-11-20, from the second snapshot), the dataset Qwen/instruct-data (2025); Qwen2.5-7B
  has three direct children (Instruct by Qwen, u2's GGUF, the hostile model);
- meta-llama (Meta, US), google (Google, US); u1 and u2 are user accounts (no scorecard);
- HOSTILE: one model, `HOSTILE_MODEL`, 9,000 all-time downloads per snapshot step and 50 likes;
  registry row: organisation `PWN Labs`, FR, industry, with `HOSTILE_TAG` as the note.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from hubcensus.cli import main
from hubcensus.enrich.registry import shipped_text
from hubcensus.metrics.run import ordered_metrics
from hubcensus.report.scorecards import org_file
from hubcensus.store import Store
from tests.hubfiles import model, write_snapshot
from tests.worlds import (
    AS_OF,
    EARLIER,
    HOSTILE,
    HOSTILE_MODEL,
    MARKUP,
    PWN_ORG,
    REGISTRY_FILE,
    REPORT_DATES,
    Demo,
    figures,
    script_blocks,
    write_report,
)

SVG = "{http://www.w3.org/2000/svg}"


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path: two builds are the same build when these are equal."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def specs_in(html: str) -> dict[str, Any]:
    """The chart specs a page embeds, by the id of their JSON block (`spec-G1`, `spec-releases`)."""
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, flags=re.S)
    return {name: json.loads(body) for name, body in found}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag with its attributes (script and style bodies are not parsed as markup, as in a browser)."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def fetched_urls(html: str) -> list[str]:
    """What loading the page would fetch: src/srcset/poster/data of any element, a <link>'s href, CSS url() and @import."""
    urls = []
    for tag, attrs in tags(html):
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                urls.append(str(attrs[name]))
        if tag == "link" and attrs.get("href"):
            urls.append(str(attrs["href"]))
    for css in re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S):
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
        urls += re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\");]+)", css)
    return urls


def local_targets(page: Path, html: str) -> list[Path]:
    """The files a page's relative links and sources point at (fragments and absolute URLs left out)."""
    out = []
    for _tag, attrs in tags(html):
        for name in ("href", "src"):
            value = attrs.get(name)
            if not value or value.startswith("#") or urlsplit(value).scheme or value.startswith("//"):
                continue
            out.append((page.parent / unquote(urlsplit(value).path)).resolve())
    return out


def caption_of(html: str, spec: str) -> str:
    """The 'ours' caption of a finding in index.html, as text."""
    found = re.search(
        rf'<article class="metric" id="{spec}".*?<div class="ours"><span class="who">[^<]*</span>(.*?)</div>',
        html,
        re.S,
    )
    assert found, spec
    return found.group(1)


def registry_line(author: str) -> int:
    """The line of the shipped registry that names `author`, as `hubcensus who` cites it."""
    for n, line in enumerate(shipped_text("registry.csv").splitlines(), start=1):
        if line.split(",", 1)[0] == author:
            return n
    raise AssertionError(f"{author} is not in the shipped registry")


def tiles(html: str) -> dict[str, tuple[str | None, str]]:
    """A scorecard's tiles: label → (exact figure in the tooltip, if any; figure shown)."""
    found = re.findall(
        r'<div><div class="v"(?: title="([^"]*)")?>([^<]*)</div><div class="l">([^<]*)</div></div>', html
    )
    return {label: (title or None, shown) for title, shown, label in found}


# -- what it writes --------------------------------------------------------------------------------
def test_report_writes_the_page_the_markdown_the_figures_and_the_scorecards(report: Path) -> None:
    """Every file the command promises is there and holds something; nothing else is written."""
    for name in ("index.html", "report.md", "figures.json", "assets/vega.js"):
        assert (report / name).stat().st_size > 0, name
    top = {p.name for p in report.iterdir()}
    assert top == {"index.html", "report.md", "figures.json", "assets", "charts", "orgs", ".hubcensus-report.json"}
    html = (report / "index.html").read_text(encoding="utf-8")
    for doc in figures(report):  # a finding per metric, each listed in the contents
        assert f'<article class="metric" id="{doc["spec"]}" data-metric="{doc["metric"]}">' in html
        assert f'<li><a href="#{doc["spec"]}">' in html
    # Scorecards: every registered organisation owning a repo (the shipped three and the user's row), no user account.
    assert {p.name for p in (report / "orgs").iterdir()} == {
        "Qwen.html",
        "meta-llama.html",
        "google.html",
        org_file(HOSTILE),
    }
    assert org_file(HOSTILE) != f"{HOSTILE}.html" and "/" not in org_file(HOSTILE)


def test_figures_json_is_what_metric_all_json_prints(
    report_world: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """figures.json is the same document as `hubcensus metric --all --json` on the same store and date, every metric."""
    capsys.readouterr()
    assert main(["metric", "--all", "--json", "--db", str(report_world), "--as-of", AS_OF]) == 0
    printed = capsys.readouterr().out
    assert (report / "figures.json").read_text(encoding="utf-8") == printed
    docs = json.loads(printed)
    assert [d["spec"] for d in docs] == [m.spec for m in ordered_metrics()]
    assert {d["as_of"] for d in docs} == {AS_OF}
    assert sum(bool(d["rows"]) for d in docs) >= 15  # a store that gives most metrics something to show


def test_markdown_references_charts_that_exist_and_are_valid_svg(report: Path) -> None:
    """report.md links an SVG per drawn chart, each one a real image; the page draws the same charts."""
    md = (report / "report.md").read_text(encoding="utf-8")
    referenced = re.findall(r"!\[[^\]]*\]\(charts/([A-Z0-9]+)\.svg\)", md)
    on_disk = sorted(p.stem for p in (report / "charts").iterdir())
    assert sorted(referenced) == on_disk and len(referenced) == len(set(referenced))
    html = (report / "index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'<div class="chart" id="chart-([A-Z0-9]+)"', html)) == on_disk
    for spec in on_disk:
        path = report / "charts" / f"{spec}.svg"
        root = ET.fromstring(path.read_bytes())  # well-formed XML, Hub strings in it escaped
        assert root.tag == f"{SVG}svg", spec
        assert float(root.get("width", "0")) > 0 and float(root.get("height", "0")) > 0, spec
        assert root.find(f".//{SVG}path") is not None or root.find(f".//{SVG}rect") is not None, spec  # marks drawn
        assert root.find(f".//{SVG}text") is not None, spec  # axes or labels
        assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}image") is None, spec
    # Links inside the Markdown go to its own headings (GitHub's anchors: lower case, punctuation dropped, spaces to '-').
    anchors = {
        re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^#{1,6} (.+)$", md, flags=re.M)
    }
    links = re.findall(r"\]\(#([^)]+)\)", md)
    assert links and set(links) <= anchors


def test_metrics_with_rows_get_a_chart(report: Path) -> None:
    """Each metric with rows is drawn; the one exception, C2, draws only communities large enough to count, and this store has none."""
    docs = figures(report)
    with_rows = {d["spec"] for d in docs if d["rows"]}
    drawn = {p.stem for p in (report / "charts").iterdir()}
    assert drawn <= with_rows
    # S2's only month in this world is the snapshot's own, partial month, which every chart leaves out
    assert with_rows - drawn == {"C2", "S2"}
    c2 = next(d for d in docs if d["spec"] == "C2")
    assert not any(r["counted"] for r in c2["rows"])
    # The page then says there is nothing to draw, not that there are no rows: its data table lists them.
    html = (report / "index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="metric" id="C2".*?</article>', html, re.S)
    assert article
    nochart = re.search(r'<p class="nochart">(.*?)</p>', article.group(0))
    assert nochart and "no rows" not in nochart.group(1)
    assert f"Data ({len(c2['rows'])} rows)" in article.group(0)


def test_captions_print_years_as_years(report: Path) -> None:
    """A year in a caption reads 2025, not 2,025 (GEO6 names the year its top organisation released most)."""
    html = (report / "index.html").read_text(encoding="utf-8")
    geo6 = next(d for d in figures(report) if d["spec"] == "GEO6")
    assert caption_of(html, "GEO6").startswith(f"In {geo6['headline']['year']}, ")
    md = (report / "report.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert not re.search(r"\bin 2,0\d\d\b", text, flags=re.I)


# -- scorecards ------------------------------------------------------------------------------------
def test_scorecard_shows_releases_downloads_derivatives_lifetimes_and_where_its_country_comes_from(
    report: Path,
) -> None:
    """Qwen's scorecard: what the store says about it, and the registry line behind its country and sector."""
    html = (report / "orgs" / "Qwen.html").read_text(encoding="utf-8")
    charts = specs_in(html)
    assert set(charts) == {"spec-releases", "spec-downloads", "spec-sizes", "spec-lifetime"}
    releases = {(v["year"], v["kind"], v["repos"]) for v in charts["spec-releases"]["data"]["values"]}
    assert releases == {("2024", "model", 2), ("2025", "model", 1), ("2025", "dataset", 1)}
    monthly = {v["month"]: v["downloads"] for v in charts["spec-downloads"]["data"]["values"]}
    assert monthly["2026-02-01"] == 1000 + 800 + 400  # each model's all-time count grows by that much a month
    assert charts["spec-lifetime"]["data"]["values"] == [{"months": "not yet", "models": 1}]  # Qwen3-4B, still rising
    t = tiles(html)
    assert t["model downloads (downloadsAllTime)"] == ("10,600", "10.6k")  # 5×1000 + 5×800 + 4×400 at the last snapshot
    assert t["models"][1] == "3" and t["datasets"][1] == "1"
    assert t["direct derivatives (2 by others)"][1] == "3"  # Instruct (Qwen's own), u2's GGUF, the hostile model
    assert "1 of its models were released early enough to follow" in html
    assert "Alibaba Cloud (Qwen team)" in html and "China" in html and "industry" in html
    assert f"Country and sector from <strong>registry.csv (shipped) line {registry_line('Qwen')}</strong>" in html
    user_card = (report / "orgs" / org_file(HOSTILE)).read_text(encoding="utf-8")
    assert f"Country and sector from <strong>{REGISTRY_FILE} line 2</strong>" in user_card
    assert "France" in user_card
    index = (report / "index.html").read_text(encoding="utf-8")
    for name in (
        "Qwen.html",
        "meta-llama.html",
        "google.html",
        org_file(HOSTILE),
    ):  # the organisations table links them all
        assert f'<a href="orgs/{name}">' in index


# -- reproducible ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_same_store_and_date_give_the_same_bytes_in_another_folder(
    report_world: Path, report: Path, tmp_path: Path
) -> None:
    """A second build, in another process with another hash seed, writes the very same files."""
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hubcensus.cli",
            "report",
            "--db",
            str(report_world),
            "--out",
            str(out),
            "--as-of",
            AS_OF,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    first, second = tree_bytes(report), tree_bytes(out)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_rebuilding_over_the_same_folder_changes_nothing_and_removes_stale_files(
    report_world: Path, report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over its own output, the command writes the same bytes, drops what it no longer writes, and keeps the user's files."""
    out = tmp_path / "over"
    shutil.copytree(report, out)
    (out / "charts" / "GONE.svg").write_text("<svg/>", encoding="utf-8")  # a chart an older build drew
    (out / "orgs" / "gone-org.html").write_text("old", encoding="utf-8")  # an organisation no longer present
    manifest = json.loads((out / ".hubcensus-report.json").read_text(encoding="utf-8"))  # both written by it
    manifest["files"] += ["charts/GONE.svg", "orgs/gone-org.html"]
    (out / ".hubcensus-report.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    capsys.readouterr()
    write_report(report_world, out)
    printed = capsys.readouterr().out
    assert f"open {(out / 'index.html').resolve()}" in printed  # the command tells where the page is
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    after = tree_bytes(out)
    del after["notes.txt"]
    assert sorted(after) == sorted(tree_bytes(report))
    assert [name for name, data in tree_bytes(report).items() if after[name] != data] == []


@pytest.mark.slow
def test_an_earlier_as_of_gives_the_figures_of_that_snapshot(report_world: Path, report: Path, tmp_path: Path) -> None:
    """--as-of picks the newest snapshot on or before the date; figures.json names it and uses nothing newer."""
    out = write_report(report_world, tmp_path / "earlier", EARLIER)
    docs = figures(out)
    assert (out / "figures.json").read_bytes() != (report / "figures.json").read_bytes()
    assert {d["as_of"] for d in docs} == {EARLIER}
    assert {s for d in docs for s in d["snapshots"]} <= {day for day in REPORT_DATES if day <= EARLIER}
    assert "as of " + EARLIER in (out / "index.html").read_text(encoding="utf-8")
    qwen = tiles((out / "orgs" / "Qwen.html").read_text(encoding="utf-8"))
    assert qwen["model downloads (downloadsAllTime)"][0] == "6,200"  # 3×1000 + 3×800 + 2×400 at the third snapshot


# -- self-contained --------------------------------------------------------------------------------
def test_the_page_fetches_nothing_from_the_network(report: Path) -> None:
    """index.html inlines its scripts and styles; the scorecards load only the shared local bundle; every local link resolves."""
    html = (report / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link\b", html)
    assert fetched_urls(html) and all(u.startswith("charts/") for u in fetched_urls(html))  # the <noscript> images
    assert {t for t in local_targets(report / "index.html", html) if not t.is_file()} == set()
    for page in (report / "orgs").iterdir():
        text = page.read_text(encoding="utf-8")
        assert fetched_urls(text) == ["../assets/vega.js"], page.name
        assert {t for t in local_targets(page, text) if not t.is_file()} == set(), page.name
        for tag, attrs in tags(text):  # the only absolute URLs are links to the Hub, which a reader follows
            if str(attrs.get("href") or "").startswith(("http:", "https:", "//")):
                assert tag == "a" and str(attrs["href"]).startswith("https://huggingface.co/"), attrs


# -- hostile Hub strings ---------------------------------------------------------------------------
def test_hub_markup_is_text_in_the_page_and_the_scorecard(report: Path) -> None:
    """Markup in a model id, an organisation's name and a registry note is escaped, and the JSON keeps it exact."""
    index = (report / "index.html").read_text(encoding="utf-8")
    card = (report / "orgs" / org_file(HOSTILE)).read_text(encoding="utf-8")
    for html in (index, card):
        for bad in (*MARKUP, "<script>window.pwned"):
            assert bad not in html, bad
        assert len(re.findall(r"<script", html)) == len(re.findall(r"</script>", html))
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;/m&lt;svg onload=alert(2)&gt;" in index  # POP1's top model
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt; Labs" in caption_of(index, "GEO6")
    assert PWN_ORG in json.dumps(specs_in(index)["spec-GEO6"], ensure_ascii=False)  # data round-trips exact
    assert HOSTILE_MODEL in json.dumps(specs_in(index)["spec-POP1"], ensure_ascii=False)
    assert "<h1>&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt; Labs</h1>" in card
    assert "&lt;b onmouseover=alert(3)&gt;tag&lt;/b&gt;" in card  # the registry note
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;/m&lt;svg onload=alert(2)&gt;</a>" in card  # its top model
    # Executable scripts are ours alone: the bundle and the embedding code in the page, embedding code in the scorecard.
    assert len([b for b in script_blocks(index) if not b.lstrip().startswith("{")]) == 2
    assert all("pwned" not in b for b in script_blocks(index) if not b.lstrip().startswith("{"))


def test_markdown_escapes_hub_markup(report: Path) -> None:
    """report.md shows the markup as text wherever it is pasted: no raw tag, the words still there."""
    md = (report / "report.md").read_text(encoding="utf-8")
    for bad in ("<script", "<img", "<svg", "<b ", "</script"):
        assert bad not in md, bad
    assert (
        "&lt;/script&gt;&lt;img src=x onerror=alert\\(1\\)&gt;/m&lt;svg onload=alert\\(2\\)&gt;" in md
    )  # POP1's top model
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; Labs" in md  # GEO6's top organisation


# -- bad input -------------------------------------------------------------------------------------
def _unenriched(tmp_path: Path) -> Path:
    write_snapshot(tmp_path / "hub", "2026-01-01", models=[model("a/x", 5)])
    db = tmp_path / "raw.duckdb"
    assert main(["ingest", str(tmp_path / "hub"), "--db", str(db), "--no-enrich"]) == 0
    return db


def _empty(tmp_path: Path) -> Path:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    return db


def _not_a_store(tmp_path: Path) -> Path:
    db = tmp_path / "notes.duckdb"
    db.write_text("hello", encoding="utf-8")
    return db


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda p: p / "none.duckdb", [], "no such store"),
        (_empty, [], "no snapshot"),
        (_unenriched, [], "not enriched"),
        (_not_a_store, [], "cannot open the store"),
        (_unenriched, ["--as-of", "2026-13-01"], "expected a date"),
    ],
    ids=["missing", "no-snapshots", "not-enriched", "not-a-store", "bad-date"],
)
def test_bad_store_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, extra: list[str], message: str
) -> None:
    """The store's problems are found before the output folder is made: no empty or half-written report is left."""
    db = make(tmp_path)
    out = tmp_path / "out"
    capsys.readouterr()
    assert main(["report", "--db", str(db), "--out", str(out), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and len(err.splitlines()) == 1, err
    assert not out.exists()


def test_as_of_before_the_first_snapshot_is_one_line(
    report_world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A date the store holds no snapshot for is refused, naming the date, and writes nothing."""
    out = tmp_path / "out"
    capsys.readouterr()
    assert main(["report", "--db", str(report_world), "--out", str(out), "--as-of", "2020-01-01"]) == 2
    err = capsys.readouterr().err.strip()
    assert "2020-01-01" in err and "no snapshot" in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_out_that_is_a_file_is_one_line_and_left_alone(
    report_world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out naming an existing file is refused before anything is computed, and the file keeps its bytes."""
    target = tmp_path / "report"
    target.write_text("keep me", encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "--db", str(report_world), "--out", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert "not a folder" in err and len(err.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "keep me"


# -- the demo --------------------------------------------------------------------------------------
def test_demo_prints_the_path_of_the_report_it_wrote(demo: Demo) -> None:
    """The demo's last line is the report to open: it exists, and is the report of the demo's store."""
    lines = demo.printed.strip().splitlines()
    assert lines[-2].strip() == "The report (open it in a browser):"
    index = Path(lines[-1].strip())
    assert index == (demo.folder / "index.html").resolve() and index.is_file()
    assert "<title>State of Open Source on Hugging Face" in index.read_text(encoding="utf-8")
    assert len(figures(demo.folder)) == len(ordered_metrics())


def test_g1_caption_says_what_a_store_missing_a_kind_holds() -> None:
    """Only models.parquet ingested: the counts it has are still stated, kind by kind."""
    from hubcensus.report.captions import _g1

    h = {
        "models": 10,
        "datasets": None,
        "spaces": None,
        "authors": 3,
        "models_yoy": 1.5,
        "datasets_yoy": None,
        "spaces_yoy": None,
        "authors_yoy": 1.2,
    }
    assert _g1(h) == "10 public models from 3 authors; in a year models grew ×1.50, authors ×1.20."


def test_geo1_caption_names_the_top_country_once() -> None:
    from hubcensus.report.captions import _geo1

    h = {
        "top_country": "FR",
        "fr_share": 0.61,
        "us_share": 0.2,
        "cn_share": 0.1,
        "de_share": 0.01,
        "gb_share": 0.02,
        "no_base_share": 0.03,
        "unattributed_share": 0.01,
    }
    out = _geo1(h)
    assert out.count("France") == 1 and "France account for 61%" in out and "Germany 1.0%" in out
