"""The synthetic Hub generator: same seed same bytes, the file format exactly, the Hub's quirks,
and the calibration targets of SPEC C1 at a few thousand models.

One small Hub is generated per module (about a second) and shared by the read-only tests.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from hubcensus.errors import UserError
from hubcensus.sources.snapshot_files import SYNTHETIC_MARKER
from hubcensus.sources.synthetic import (
    ALL_TIME_FROM,
    CREATED_AT_FLOOR,
    GenerateConfig,
    generate,
    snapshot_dates,
    snapshot_schema,
)

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("models", "datasets", "spaces", "daily_papers", "authors")
# Crosses the date `downloadsAllTime` appears (2025-02-27) and ends a month after it.
CONFIG = GenerateConfig(
    models=4000, datasets=1000, spaces=1200, papers=400, snapshots=3, end=dt.date(2025, 4, 1), seed=7
)

_STRUCT_ORG = pa.struct([("name", pa.string()), ("fullname", pa.string())])
# The arrow types docs/snapshot-format.md gives (timestamps in ms, UTC, as the Hub's files).
EXPECTED_TYPES = {
    "models": {
        "id": pa.string(),
        "author": pa.string(),
        "createdAt": pa.timestamp("ms", tz="UTC"),
        "lastModified": pa.timestamp("ms", tz="UTC"),
        "downloads": pa.int64(),
        "downloadsAllTime": pa.int64(),
        "likes": pa.int64(),
        "trendingScore": pa.int64(),
        "tags": pa.list_(pa.string()),
        "pipeline_tag": pa.string(),
        "library_name": pa.string(),
        "safetensors": pa.struct([("parameters", pa.map_(pa.string(), pa.int64())), ("total", pa.int64())]),
        "gguf": pa.struct([("total", pa.int64()), ("architecture", pa.string()), ("context_length", pa.int64())]),
        "cardData": pa.string(),
    },
    "datasets": {
        "id": pa.string(),
        "author": pa.string(),
        "createdAt": pa.timestamp("ms", tz="UTC"),
        "lastModified": pa.timestamp("ms", tz="UTC"),
        "downloads": pa.int64(),
        "downloadsAllTime": pa.int64(),
        "likes": pa.int64(),
        "trendingScore": pa.int64(),
        "tags": pa.list_(pa.string()),
        "cardData": pa.string(),
    },
    "spaces": {
        "id": pa.string(),
        "author": pa.string(),
        "createdAt": pa.timestamp("ms", tz="UTC"),
        "lastModified": pa.timestamp("ms", tz="UTC"),
        "likes": pa.int64(),
        "trendingScore": pa.int64(),
        "tags": pa.list_(pa.string()),
        "sdk": pa.string(),
        "models": pa.list_(pa.string()),
        "datasets": pa.list_(pa.string()),
    },
    "daily_papers": {
        "paper_id": pa.string(),
        "paper_title": pa.string(),
        "paper_upvotes": pa.int64(),
        "paper_publishedAt": pa.timestamp("ms", tz="UTC"),
        "paper_submittedOnDailyAt": pa.timestamp("ms", tz="UTC"),
        "organization": _STRUCT_ORG,
        "paper_organization": _STRUCT_ORG,
        "paper_authors": pa.list_(pa.struct([("name", pa.string())])),
        "numComments": pa.int64(),
    },
    "authors": {"name": pa.string(), "type": pa.string(), "isVerified": pa.bool_(), "fullname": pa.string()},
}


class Counted:
    """A `hubcensus.progress.Progress` that records (stage, units done so far, total) at each stage and advance."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int | None]] = []

    def stage(self, name: str, total: int | None = None, unit: str = "items") -> None:
        self.calls.append((name, 0, total))

    def advance(self, n: int = 1) -> None:
        name, done, total = self.calls[-1]
        self.calls.append((name, done + n, total))

    def note(self, text: str) -> None:
        pass


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("hub")
    shown = Counted()
    summary = generate(out, CONFIG, progress=shown)
    return out, summary, shown.calls


def _read(out: Path, date: dt.date, kind: str) -> pa.Table:
    return pq.read_table(out / date.isoformat() / f"{kind}.parquet")


def _doc_columns() -> dict[str, list[str]]:
    """Column names per file as docs/snapshot-format.md lists them (the contract): the models table's
    first cells, then the backticked names of each other file's paragraph (examples in parentheses
    left out)."""
    text = (ROOT / "docs" / "snapshot-format.md").read_text()
    models_part, rest = text.split("`models.parquet`", 1)[1].split("`datasets.parquet`", 1)
    cols = {
        "models": [
            name
            for line in models_part.splitlines()
            if line.startswith("| `")
            for name in re.findall(r"`([^`]+)`", line.split("|")[1])
        ]
    }
    rest = "`datasets.parquet`" + rest
    for kind in ("datasets", "spaces", "daily_papers", "authors"):
        para = rest[rest.index(f"`{kind}.parquet`") :].split("\n\n", 1)[0].split(":", 1)[1]
        para = re.sub(r"\([^)]*\)", "", para.replace("\n", " "))
        cols[kind] = re.findall(r"`([^`]+)`", para)
    return cols


# --- determinism ------------------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    cfg = GenerateConfig(models=1500, datasets=300, spaces=400, papers=150, snapshots=2, seed=3)
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(a, cfg)
    generate(b, cfg)
    generate(c, GenerateConfig(models=1500, datasets=300, spaces=400, papers=150, snapshots=2, seed=4))
    files = sorted(p.relative_to(a) for p in a.rglob("*.parquet"))
    assert len(files) == 2 * len(KINDS)
    assert sorted(p.relative_to(b) for p in b.rglob("*.parquet")) == files
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    assert all((a / rel).read_bytes() != (c / rel).read_bytes() for rel in files if "authors" not in str(rel))


# --- the file format ----------------------------------------------------------------------------------


def test_layout_dates_and_summary(hub) -> None:
    out, summary, calls = hub
    dates = snapshot_dates(CONFIG)
    assert dates == (dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2025, 4, 1))
    assert summary.dates == dates
    assert sorted(p.name for p in out.iterdir()) == [d.isoformat() for d in dates]
    for d in dates:
        # the kinds, and the marker that tells ingest these files are synthetic
        assert sorted(p.name for p in (out / d.isoformat()).iterdir()) == sorted(
            [SYNTHETIC_MARKER, *(f"{k}.parquet" for k in KINDS)]
        )
    # counts are the repos present in the last snapshot
    assert summary.rows["models"][-1] == CONFIG.models
    assert summary.rows["datasets"][-1] == CONFIG.datasets
    assert summary.rows["spaces"][-1] == CONFIG.spaces
    assert summary.rows["daily_papers"][-1] == CONFIG.papers
    for kind in KINDS:
        assert [_read(out, d, kind).num_rows for d in dates] == list(summary.rows[kind])
    assert {stage for stage, _, _ in calls} >= {"models", "datasets", "spaces", "daily_papers", "authors"}
    # every stage counted from 0 up to its total (the models' universe holds the repos deleted before the last
    # snapshot too, which the protocol allows: a count past the total is work that grew)
    last = {stage: (done, total) for stage, done, total in calls}
    assert all(total is not None and done >= total for done, total in last.values()), last
    assert all(b[1] >= a[1] >= 0 for a, b in zip(calls, calls[1:], strict=False) if a[0] == b[0])


def test_schema_is_exactly_the_format_doc(hub) -> None:
    out, _, _ = hub
    doc = _doc_columns()
    last = snapshot_dates(CONFIG)[-1]
    for kind in KINDS:
        schema = pq.read_schema(out / last.isoformat() / f"{kind}.parquet")
        assert schema.names == doc[kind], kind
        assert list(EXPECTED_TYPES[kind]) == doc[kind], kind
        for name, typ in EXPECTED_TYPES[kind].items():
            assert schema.field(name).type == typ, (kind, name, schema.field(name).type)
        assert snapshot_schema(kind, last).names == schema.names


def test_downloads_all_time_only_from_2025_02_27(hub) -> None:
    out, _, _ = hub
    before, on, after = snapshot_dates(CONFIG)
    for kind in ("models", "datasets"):
        assert "downloadsAllTime" not in _read(out, before, kind).column_names
        assert "downloadsAllTime" in _read(out, on, kind).column_names
        assert "downloadsAllTime" in _read(out, after, kind).column_names
    assert "downloadsAllTime" not in snapshot_schema("models", ALL_TIME_FROM - dt.timedelta(days=1)).names
    assert "downloadsAllTime" in snapshot_schema("models", ALL_TIME_FROM).names


# --- the Hub's quirks ---------------------------------------------------------------------------------


def test_created_at_floor_and_nothing_before_creation(hub) -> None:
    out, _, _ = hub
    floor = pa.scalar(CREATED_AT_FLOOR, pa.timestamp("ms", tz="UTC"))
    for d in snapshot_dates(CONFIG):
        snap = pa.scalar(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC), pa.timestamp("ms", tz="UTC"))
        for kind in ("models", "datasets", "spaces"):
            created = _read(out, d, kind).column("createdAt")
            assert created.null_count == 0
            assert pc.min(created).as_py() >= CREATED_AT_FLOOR
            assert pc.all(pc.less_equal(created, snap)).as_py(), (d, kind)
        created = _read(out, d, "models").column("createdAt")
        assert pc.sum(pc.equal(created, floor)).as_py() > 50  # the Hub's pre-2022 repos


def test_ids_unique_authors_listed_counters_consistent(hub) -> None:
    out, _, _ = hub
    dates = snapshot_dates(CONFIG)
    previous: dict[str, int] = {}
    for d in dates:
        authors = set(_read(out, d, "authors").column("name").to_pylist())
        for kind in ("models", "datasets", "spaces"):
            t = _read(out, d, kind)
            ids = t.column("id").to_pylist()
            assert len({i.lower() for i in ids}) == len(ids), (d, kind)
            assert all(i.split("/", 1)[0] == a for i, a in zip(ids, t.column("author").to_pylist()))
            assert set(t.column("author").to_pylist()) <= authors
        models = _read(out, d, "models")
        assert pc.min(models.column("downloads")).as_py() >= 0
        if "downloadsAllTime" in models.column_names:
            total = models.column("downloadsAllTime").to_numpy()
            assert (models.column("downloads").to_numpy() <= total).all()
            now = dict(zip(models.column("id").to_pylist(), total.tolist()))
            assert all(now[k] >= v for k, v in previous.items() if k in now)  # never goes down
            previous = now
        papers = _read(out, d, "daily_papers")
        assert papers.num_rows == len(set(papers.column("paper_id").to_pylist()))
        assert all(re.fullmatch(r"\d{4}\.\d{5}", p) for p in papers.column("paper_id").to_pylist())


def test_lineage_tags_in_both_forms_with_card_and_dirt(hub) -> None:
    out, _, _ = hub
    t = _read(out, snapshot_dates(CONFIG)[-1], "models")
    ids = set(t.column("id").to_pylist())
    lower = {i.lower() for i in ids}
    both = plain_only = with_card = self_ref = missing = other_case = merges = 0
    relations = set()
    for rid, tags, card in zip(
        t.column("id").to_pylist(), t.column("tags").to_pylist(), t.column("cardData").to_pylist()
    ):
        plain = [x[len("base_model:") :] for x in tags if x.startswith("base_model:") and x.count(":") == 1]
        rel = [x.split(":", 2) for x in tags if x.startswith("base_model:") and x.count(":") >= 2]
        if not plain:
            assert not rel
            continue
        relations |= {r[1] for r in rel}
        if rel:
            assert sorted(r[2] for r in rel) == sorted(plain)
            both += 1
        else:
            plain_only += 1
        merges += len(plain) > 1
        if card:
            data = json.loads(card)
            base = data["base_model"]
            assert sorted(base if isinstance(base, list) else [base]) == sorted(plain)
            with_card += 1
        for parent in plain:
            self_ref += parent == rid
            missing += parent not in ids and parent.lower() not in lower
            other_case += parent not in ids and parent.lower() in lower
    declared = both + plain_only
    assert declared > 500
    assert both / declared > 0.7 and plain_only > 0
    assert relations <= {"finetune", "adapter", "quantized", "merge"} and len(relations) == 4
    assert with_card / declared > 0.8 and merges > 0
    assert self_ref >= 1 and missing >= 1 and other_case >= 1


def test_sizes_families_and_other_tags(hub) -> None:
    out, _, _ = hub
    t = _read(out, snapshot_dates(CONFIG)[-1], "models")
    tags = [set(x) for x in t.column("tags").to_pylist()]
    ids = t.column("id").to_pylist()
    st = t.column("safetensors").to_pylist()
    gg = t.column("gguf").to_pylist()
    assert sum(s is not None for s in st) > 0.5 * len(ids)
    assert all(s is None or s["total"] == sum(v for _, v in s["parameters"]) for s in st)
    gguf_rows = [i for i, g in enumerate(gg) if g is not None]
    assert gguf_rows and all("gguf" in tags[i] and st[i] is None for i in gguf_rows)
    assert sum(bool(re.search(r"\d(\.\d+)?[BbMm]\b|\dx\d+B", i)) for i in ids) > 0.05 * len(ids)
    assert any("qwen" in x and not any(y.startswith("base_model:") for y in x) for x in tags)
    assert any(any(y.startswith("arxiv:") for y in x) for x in tags)
    assert any(any(y.startswith("license:") for y in x) for x in tags)
    pipelines = set(t.column("pipeline_tag").drop_null().to_pylist())
    assert "text-generation" in pipelines and len(pipelines) > 10
    spaces = _read(out, snapshot_dates(CONFIG)[-1], "spaces")
    assert set(spaces.column("sdk").to_pylist()) <= {"gradio", "streamlit", "docker", "static"}
    used = {m for ms in spaces.column("models").to_pylist() for m in ms}
    assert used and len(used & set(ids)) / len(used) > 0.95


def test_robotics_datasets_carry_lerobot(hub) -> None:
    out, _, _ = hub
    t = _read(out, snapshot_dates(CONFIG)[-1], "datasets")
    tags = t.column("tags").to_pylist()
    lerobot = [x for x in tags if "LeRobot" in x]
    assert lerobot and all("task_categories:robotics" in x for x in lerobot)
    assert any(any(y.startswith("task_categories:text-generation") for y in x) for x in tags)


# --- calibration ---------------------------------------------------------------------------------------


def test_download_concentration_calibrated(hub) -> None:
    """SPEC C1: about half of models under 200 all-time downloads, the top 0.01% near half of all
    downloads (at 4,000 models that is the top model; the generator's quantiles are stratified so
    the shares hold at any scale)."""
    out, summary, _ = hub
    t = _read(out, snapshot_dates(CONFIG)[-1], "models")
    d = np.sort(t.column("downloadsAllTime").to_numpy())[::-1].astype(float)
    share_under_200 = (d < 200).mean()
    top = d[: max(1, round(len(d) * 1e-4))].sum() / d.sum()
    assert 0.42 <= share_under_200 <= 0.58
    assert 0.3 <= top <= 0.7
    # the summary measures the same thing (before counters that stalled this month)
    assert abs(summary.calibration["models_share_under_200_all_time"] - share_under_200) < 0.02
    assert abs(summary.calibration["models_top_0.01pct_share"] - top) < 0.05


def test_bad_config_is_a_user_error() -> None:
    with pytest.raises(UserError):
        GenerateConfig(models=-1)
    with pytest.raises(UserError):
        GenerateConfig(snapshots=0)
    with pytest.raises(UserError):
        GenerateConfig(end=dt.date(2010, 1, 1))
