"""The index of which module registers each metric (`metrics.index`) is the registry itself, written down: it
lists exactly the metrics that importing every module under `hubcensus.metrics` registers, each with its
module, so a one-metric question that imports only the indexed module finds its metric."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import hubcensus.metrics
from hubcensus.metrics import index
from hubcensus.metrics.base import REGISTRY


def _import_every_metric_module() -> None:
    for found in pkgutil.walk_packages(hubcensus.metrics.__path__, prefix="hubcensus.metrics."):
        importlib.import_module(found.name)


def test_index_lists_every_registered_metric_with_its_module() -> None:
    _import_every_metric_module()  # by walking the package, not by the index: what is there, indexed or not
    registered = [(m.spec, m.name, m.compute.__module__) for m in REGISTRY.values()]
    assert registered == list(index.METRICS)


def test_reading_the_registry_first_imports_every_metric() -> None:
    code = (
        "import json, sys\nfrom hubcensus.metrics.base import REGISTRY\n"
        "print(json.dumps([len(REGISTRY), sorted(m for m in sys.modules if m.startswith('hubcensus.metrics.'))]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    count, loaded = json.loads(out)
    assert count == len(index.METRICS)
    assert set(index.modules()) <= set(loaded)


def test_a_metric_named_in_any_case_is_found_by_name_or_spec() -> None:
    assert [m.name for m in REGISTRY.named("geo1")] == ["downloads_by_country"]
    assert [m.spec for m in REGISTRY.named("download_concentration")] == ["C1"]
    assert REGISTRY.named("no_such_metric") == []
