"""report.md rendered by a Markdown parser (CommonMark with GitHub's tables), as GitHub shows it: no empty
bullet, no literal backtick, no empty table header, and its code spans rendered as code."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from hubcensus.report.markdown import prose


def render(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def test_report_md_renders_cleanly(report: Path) -> None:
    html = render((report / "report.md").read_text(encoding="utf-8"))
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    assert "`" not in outside_code  # an escaped code span printed its backticks
    assert "<code>" in html  # definitions' field names render as code
    assert re.findall(r"<li>\s*(?:<ol|<ul|</li>)", html) == []  # no bullet holding only a nested list, or nothing
    headers = re.findall(r"<thead>(.*?)</thead>", html, flags=re.S)
    assert headers and all(re.sub(r"<[^>]+>|\s", "", h) for h in headers)
    assert not re.search(r"<th>\s*</th>", html)
    assert "How to read." in html and "Lorenz curve" in html


def test_prose_keeps_code_spans_and_escapes_the_rest() -> None:
    html = render(prose("counted by `createdAt` (see <b>this</b>) and `a|b`"))
    assert "<code>createdAt</code>" in html and "&lt;b&gt;" in html and "`" not in html
    assert "<b>" not in html
    # an odd backtick is escaped whole: no code span swallows the rest of the line
    assert "<code>" not in render(prose("a ` lone backtick <i>x</i>"))
