"""The worlds several test modules share; conftest.py builds each once per session, as a fixture.

- The demo: `hubcensus demo` with `DEMO_MODELS` models (twelve monthly snapshots, enriched, its report
  written), and what the command printed.
- The real samples: a store of the real Hub files beside the project (`REAL`).
- The explorer's world: a small store stated below, with a namespace whose names carry markup
  (`HOSTILE`); registry facts used: Qwen is Alibaba Cloud (CN, industry, parent Alibaba Group),
  meta-llama is Meta (US, industry), google is Google (US); `u1`, `u2` are user accounts
  (international / no clear base, independent); HOSTILE is an organisation the registry does not
  know (unattributed). Three snapshots (`EXPLORER_DATES`).
- The report's world: the explorer's over five monthly snapshots (`REPORT_DATES`), so that the
  scorecards can follow a model's lifetime, with the hostile namespace made the Hub's most downloaded
  and most liked model and given a registry row (a user registry file), so its markup reaches the
  captions, the tables, the charts and a scorecard:

  - Qwen (shipped registry: Alibaba Cloud, CN, industry): Qwen2.5-7B and -Instruct (2024), Qwen3-4B
    (created 2025-11-20, from the second snapshot), the dataset Qwen/instruct-data (2025); Qwen2.5-7B
    has three direct children (Instruct by Qwen, u2's GGUF, the hostile model);
  - meta-llama (Meta, US), google (Google, US); u1 and u2 are user accounts (no scorecard);
  - HOSTILE: one model, `HOSTILE_MODEL`, 9,000 all-time downloads per snapshot step and 50 likes;
    registry row: organisation `PWN Labs`, FR, industry, with `HOSTILE_TAG` as the note.

A world is shared: a test that changes one copies it first.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hubcensus.cli import main
from hubcensus.pipeline import enrich
from hubcensus.store import Store
from tests.hubfiles import model, ts
from tests.metricstore import build

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"


# -- the demo --------------------------------------------------------------------------------------
DEMO_MODELS = 3000  # enough for every metric to have rows (tests/test_charts.py draws each one)


@dataclass(frozen=True)
class Demo:
    """A demo as `hubcensus demo --out folder` leaves it, and what the command printed."""

    folder: Path
    printed: str

    @property
    def db(self) -> Path:
        return self.folder / "hubcensus.duckdb"


def build_demo(folder: Path) -> Demo:
    """`hubcensus demo --out folder --models DEMO_MODELS`, its output kept."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["demo", "--out", str(folder), "--models", str(DEMO_MODELS)])
    assert code == 0, out.getvalue()
    return Demo(folder, out.getvalue())


# -- the real samples ------------------------------------------------------------------------------
def build_real(tmp: Path) -> Path:
    """A store of the real samples: two model listings, a dataset listing, a top-models CSV, a lineage
    tree and every 60th file of a trending series (partial listings, NULL fields, 30-day counts only)."""
    db = tmp / "real.duckdb"
    series = tmp / "trending"
    series.mkdir()
    for f in sorted((REAL / "trending-feature-extraction").glob("*.parquet"))[::60]:
        shutil.copy(f, series / f.name)
    for path, extra in [
        (REAL / "models-2022-07.parquet", ["--complete"]),  # a whole-Hub listing, not named as the Hub names one
        (REAL / "models-2022-10.parquet", ["--complete"]),  # a whole-Hub listing, not named as the Hub names one
        (REAL / "datasets-2023-03.parquet", ["--complete"]),  # a whole-Hub listing, not named as the Hub names one
        (REAL / "top-models-2025-03.csv", []),
        (REAL / "deepseek-r1-tree-2025-04.csv", ["--kind", "model"]),
        (series, []),
    ]:
        assert main(["ingest", str(path), "--db", str(db), *extra]) == 0, path
    return db


# -- the explorer's world --------------------------------------------------------------------------
HOSTILE = "</script><img src=x onerror=alert(1)>"
HOSTILE_MODEL = f"{HOSTILE}/m<svg onload=alert(2)>"
HOSTILE_TAG = "<b onmouseover=alert(3)>tag</b>"
HOSTILE_TITLE = "<script>alert(4)</script> Attention"
MARKUP = ("<img src=x", "<svg onload", "<script>alert", "<b onmouseover")
EXPLORER_DATES = ("2025-12-01", "2026-01-01", "2026-03-01")


def m(
    repo_id: str, all_time: int, task: str | None = "text-generation", created: str = "2025-06-01", **kw: Any
) -> dict[str, Any]:
    return model(
        repo_id, all_time // 10, downloadsAllTime=all_time, createdAt=ts(f"{created}T00:00:00"), pipeline_tag=task, **kw
    )


def world_models(step: int) -> list[dict[str, Any]]:
    """The models at snapshot `step` (0, 1, 2): downloads grow with the step; one model appears at step 1."""
    k = step + 1
    out = [
        m("Qwen/Qwen2.5-7B", 1000 * k, created="2024-09-18"),
        m("Qwen/Qwen2.5-7B-Instruct", 800 * k, tags=["base_model:Qwen/Qwen2.5-7B"], created="2024-09-19"),
        m("u2/qwen-gguf", 50 * k, tags=["base_model:quantized:Qwen/Qwen2.5-7B", "gguf"]),
        m("meta-llama/Llama-3-8B", 3000 * k, created="2024-04-18"),
        m("u1/llama-classifier", 20 * k, task="text-classification", tags=["base_model:meta-llama/Llama-3-8B"]),
        m("google/vit-base", 500 * k, task="image-classification", created="2023-01-01"),
        m(
            HOSTILE_MODEL,
            70 * k,
            author=HOSTILE,
            tags=[HOSTILE_TAG, "base_model:Qwen/Qwen2.5-7B", "arxiv:2501.00001"],
            cardData=json.dumps({"license": "<script>alert(5)</script>"}),
        ),
    ]
    if step >= 1:
        out.append(m("Qwen/Qwen3-4B", 400 * step, created="2025-12-15"))
    return out


def world_papers() -> list[dict[str, Any]]:
    return [
        {
            "paper_id": "2501.00001",
            "paper_title": HOSTILE_TITLE,
            "paper_upvotes": 42,
            "paper_publishedAt": ts("2025-01-02T00:00:00"),
            "paper_submittedOnDailyAt": ts("2025-01-02T00:00:00"),
            "organization": {"name": "Qwen", "fullname": "Qwen"},
            "paper_organization": {"name": "Qwen", "fullname": "Qwen"},
            "paper_authors": [{"name": "A. Author"}],
            "numComments": 0,
        }
    ]


def world_datasets() -> list[dict[str, Any]]:
    return [
        {
            "id": "Qwen/instruct-data",
            "author": "Qwen",
            "createdAt": ts("2025-03-01T00:00:00"),
            "downloads": 5,
            "downloadsAllTime": 50,
            "tags": ["task_categories:text-generation"],
        },
        {
            "id": "u1/pictures",
            "author": "u1",
            "createdAt": ts("2025-03-01T00:00:00"),
            "downloads": 1,
            "downloadsAllTime": 9,
            "tags": ["task_categories:image-classification"],
        },
    ]


AUTHORS = [
    {"name": "u1", "type": "user", "isVerified": False, "fullname": "u1"},
    {"name": "u2", "type": "user", "isVerified": False, "fullname": "u2"},
    {"name": "Qwen", "type": "org", "isVerified": True, "fullname": "Qwen"},
    {"name": HOSTILE, "type": "org", "isVerified": False, "fullname": HOSTILE},
]


def build_explorer_world(tmp_path: Path) -> Path:
    """The enriched store the explorer's tests (tests/test_serve.py, tests/test_serve_browser.py) explore."""
    snaps = {
        day: {"models": world_models(i), "datasets": world_datasets(), "papers": world_papers()}
        for i, day in enumerate(EXPLORER_DATES)
    }
    return build(tmp_path, snaps, authors=AUTHORS)


# -- the report's world ----------------------------------------------------------------------------
PWN = "</script><script>window.pwned=1</script>"
PWN_ORG = f"{PWN} Labs"
REPORT_DATES = ("2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01")
AS_OF = REPORT_DATES[-1]
EARLIER = REPORT_DATES[2]
REGISTRY_FILE = "hostile-registry.csv"


def report_models(step: int) -> list[dict[str, Any]]:
    """The explorer's models at `step`, with the hostile one on top and a Qwen model young enough to follow."""
    out = []
    for r in world_models(step):
        if r["id"] == HOSTILE_MODEL:
            r = {
                **r,
                "downloadsAllTime": 9000 * (step + 1),
                "downloads": 900 * (step + 1),
                "likes": 50,
                "tags": [*r["tags"], PWN],
                "cardData": json.dumps({"license": PWN, "model_name": HOSTILE}),
            }
        elif r["id"] == "Qwen/Qwen3-4B":
            r = {**r, "createdAt": ts("2025-11-20T00:00:00"), "likes": 5}
        elif r["id"] == "meta-llama/Llama-3-8B":
            r = {**r, "likes": 20}
        out.append(r)
    return out


def build_report_world(tmp_path: Path) -> Path:
    """The enriched store the report's tests (tests/test_report.py, tests/test_report_browser.py) build from."""
    papers = [{**p, "paper_title": f"{HOSTILE_TITLE} {PWN}"} for p in world_papers()]
    snaps = {
        day: {"models": report_models(i), "datasets": world_datasets(), "papers": papers}
        for i, day in enumerate(REPORT_DATES)
    }
    db = build(tmp_path, snaps, authors=AUTHORS)
    registry = tmp_path / REGISTRY_FILE
    registry.write_text(
        "author,organisation,country,sector,kind,parent_company,fortune500_rank,note\n"
        f"{HOSTILE},{PWN_ORG},FR,industry,lab,,,{HOSTILE_TAG}\n",
        encoding="utf-8",
    )
    with Store.open(db) as store:
        enrich(store, [registry])
    return db


def write_report(db: Path, out: Path, as_of: str = AS_OF) -> Path:
    """`hubcensus report` as a user runs it; returns the folder."""
    assert main(["report", "--db", str(db), "--out", str(out), "--as-of", as_of]) == 0
    return out


def figures(folder: Path) -> list[dict[str, Any]]:
    return json.loads((folder / "figures.json").read_text(encoding="utf-8"))


def script_blocks(html: str) -> list[str]:
    """The bodies of a page's <script> elements (data blocks and code)."""
    return re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
