"""Every chart the report draws compiles, with real documents: `hubcensus.report.charts`.

The documents are the metric documents of the session's demo (conftest.py's `demo`: `hubcensus demo`
with `worlds.DEMO_MODELS` models, built once), read from its `figures.json`. Each metric's spec is
compiled by vl-convert to Vega, with the Vega-Lite the report draws with (`render.VL_VERSION`) and
with Vega-Lite 5 (the specs keep to the v5 grammar), and drawn as an SVG as the report draws it
(`render_svg`). A spec fails here on a compile error, an empty or unparsable SVG, or no data rows
where the document has rows. The demo's scorecard specs, read from its organisation pages, are
compiled the same way.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import vl_convert

from hubcensus.metrics import REGISTRY
from hubcensus.report.charts import CHARTS, chart_spec, render_svg
from hubcensus.report.charts.render import VL_VERSION
from hubcensus.report.charts.scorecards import CARD_CHARTS
from tests.worlds import Demo

V5 = "5.21"  # a Vega-Lite 5 that vl-convert ships: the grammar the specs keep to

# Metrics the report shows as a table and a headline only. Empty today: every metric draws a chart,
# and a new metric without one has to be added here on purpose.
NO_CHART: frozenset[str] = frozenset()

SPEC_SCRIPT = re.compile(r'<script type="application/json" id="spec-(\w+)">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def documents(demo: Demo) -> dict[str, dict[str, Any]]:
    """The demo's metric documents by metric name."""
    return {d["metric"]: d for d in json.loads((demo.folder / "figures.json").read_text(encoding="utf-8"))}


def compiles(spec: dict[str, Any]) -> None:
    """Compile a spec to Vega with both Vega-Lites and draw it; fail on anything short of a drawing."""
    for version in (VL_VERSION, V5):
        vega = vl_convert.vegalite_to_vega(spec, vl_version=version)
        assert vega.get("marks"), f"Vega-Lite {version or 'default'} compiled it to no marks"
    svg = render_svg(spec)
    assert svg.strip(), "empty SVG"
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and len(root), "an SVG with nothing in it"


def test_every_chart_belongs_to_a_metric() -> None:
    assert set(CHARTS) <= set(REGISTRY), set(CHARTS) - set(REGISTRY)


def test_metrics_without_a_chart_are_the_stated_set() -> None:
    assert set(REGISTRY) - set(CHARTS) == NO_CHART


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_lives_in_its_metrics_chapter_module(name: str) -> None:
    """`charts/<module>.py` draws the metrics of `metrics/<module>.py` (or of the package `metrics/<module>/`),
    so a chart is found where its metric is."""
    assert CHARTS[name].__module__.rsplit(".", 1)[1] == REGISTRY[name].compute.__module__.split(".")[2]


def test_nothing_to_draw_is_none() -> None:
    assert chart_spec({"metric": "hub_growth", "spec": "G1", "title": "t", "rows": [], "headline": {}}) is None
    assert chart_spec({"metric": "no_such_metric", "spec": "X", "title": "t", "rows": [{"a": 1}]}) is None


@pytest.mark.parametrize("name", sorted(set(REGISTRY) - NO_CHART))
def test_metric_chart_compiles(name: str, documents: dict[str, dict[str, Any]]) -> None:
    doc = documents.get(name)
    assert doc is not None, f"figures.json has no document for {name}"
    # The demo is sized so that every metric has rows: a chart never drawn here is a chart never tested.
    assert doc["rows"], f"the demo's {name} has no rows"
    spec = chart_spec(doc)
    assert spec is not None, f"{name} draws nothing from {len(doc['rows'])} rows"
    assert spec["data"]["values"], f"{name}'s spec has no data rows where its document has {len(doc['rows'])}"
    compiles(spec)


@pytest.fixture(scope="module")
def scorecard_specs(demo: Demo) -> dict[str, list[dict[str, Any]]]:
    """The specs embedded in the demo's organisation pages, by chart name."""
    found: dict[str, list[dict[str, Any]]] = {}
    for page in sorted((demo.folder / "orgs").glob("*.html")):
        for name, text in SPEC_SCRIPT.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(json.loads(text))
    return found


@pytest.mark.parametrize("name", list(CARD_CHARTS))
def test_scorecard_chart_compiles(name: str, scorecard_specs: dict[str, list[dict[str, Any]]]) -> None:
    specs = scorecard_specs.get(name)
    assert specs, f"no organisation page of the demo draws {name}"
    for spec in specs:
        assert spec["data"]["values"], f"{spec['description']}: no data rows"
        vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)
        vl_convert.vegalite_to_vega(spec, vl_version=V5)
    compiles(specs[0])
