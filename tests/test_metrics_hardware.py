"""H1 on small stores whose right answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.hubfiles import model, ts
from tests.metricstore import Run, build


def m(repo_id: str, created: str, tags: list[str] | None = None, **kw: Any) -> dict[str, Any]:
    return model(repo_id, 1, createdAt=ts(created), tags=tags or [], **kw)


MODELS = [
    m("amd/a", "2025-04-01T00:00:00", ["rocm"]),
    m("amd/b", "2025-05-01T00:00:00", ["AMD"]),  # tags compare case-insensitively
    m("amd/c", "2024-04-01T00:00:00", ["rocm", "amd"]),  # the earlier window; counted once
    m("n/trt", "2025-06-01T00:00:00", library_name="tensorrt"),  # by library
    m("m/mlx-q", "2025-07-01T00:00:00", ["mlx"], library_name="mlx"),  # tag and library: once
    m("h/asc", "2025-08-01T00:00:00", ["ascend"]),
    m("c/q-gguf", "2025-09-01T00:00:00", ["gguf", "cuda"]),  # CPU and NVIDIA
    m("o/onnx", "2025-09-01T00:00:00", ["onnx"]),  # no single target
    m("kernels-community/activation", "2025-06-15T00:00:00", ["kernel"]),
    m("kernels-community/flash", "2025-07-01T00:00:00", ["kernels", "cuda", "rocm"], library_name="kernels"),
    m("u/kern", "2025-10-01T00:00:00", ["kernels"]),
]


def test_hardware_targets_by_hand(tmp_path: Path, run: Run) -> None:
    # As of 2026-03-01: last 12 months = 2025-03 … 2026-02, the 12 before = 2024-03 … 2025-02.
    # nvidia: n/trt, c/q-gguf, kernels-community/flash = 3; amd: amd/a, amd/b, flash = 3 (prior: amd/c = 1 -> x3.0)
    # apple: m/mlx-q = 1; domestic: h/asc = 1; cpu: c/q-gguf = 1; other accelerators: 0
    # any target: amd/a, amd/b, n/trt, m/mlx-q, h/asc, c/q-gguf, flash = 7 (o/onnx and the kernels without a chip tag: no)
    # Kernel Hub: activation, flash, u/kern = 3 (2 under kernels-community; the dataset there is not a kernel);
    #   first 2025-06
    datasets = [
        {
            "id": "kernels-community/some-data",
            "author": "kernels-community",
            "createdAt": ts("2025-01-01T00:00:00"),
            "tags": ["kernel"],
        }
    ]
    doc = run(build(tmp_path, {"2026-03-01": {"models": MODELS, "datasets": datasets}}), "hardware_targets")
    h = doc["headline"]
    assert h == {
        "nvidia_last_12m": 3,
        "amd_last_12m": 3,
        "apple_last_12m": 1,
        "domestic_last_12m": 1,
        "cpu_last_12m": 1,
        "other_accelerators_last_12m": 0,
        "any_target_last_12m": 7,
        "amd_prior_12m": 1,
        "amd_growth": 3.0,
        "kernel_repos": 3,
        "kernels_community_repos": 2,
        "kernel_first_month": "2025-06-01",
        "kernel_repos_last_12m": 3,
    }
    # rows: 7 targets x every month from the first counted model (2024-04) to 2026-03 = 24 months
    assert len(doc["rows"]) == 7 * 24
    got = {(r["target"], r["month"]): r["models"] for r in doc["rows"]}
    assert got[("amd", "2024-04-01")] == 1 and got[("amd", "2025-07-01")] == 1 and got[("nvidia", "2025-07-01")] == 1
    assert (
        got[("kernel_hub", "2025-06-01")] == 1
        and got[("apple", "2025-07-01")] == 1
        and got[("apple", "2025-08-01")] == 0
    )
    assert doc["snapshots"] == ["2026-03-01"]


def test_hardware_as_of_and_deleted_models(tmp_path: Path, run: Run) -> None:
    # amd/b is deleted by 2026-03-01: as of then AMD has 2 models in the last 12 months (amd/a, flash).
    # As of 2025-12-01 (the first snapshot): windows 2024-12 … 2025-11 and 2023-12 … 2024-11:
    #   AMD last = amd/a, amd/b, flash = 3, prior = amd/c = 1
    db = build(
        tmp_path,
        {"2025-12-01": {"models": MODELS}, "2026-03-01": {"models": [x for x in MODELS if x["id"] != "amd/b"]}},
    )
    assert run(db, "hardware_targets")["headline"]["amd_last_12m"] == 2
    early = run(db, "hardware_targets", dt.date(2025, 12, 1))["headline"]
    assert (early["amd_last_12m"], early["amd_prior_12m"], early["amd_growth"]) == (3, 1, 3.0)


def test_hardware_edge_cases(tmp_path: Path, run: Run) -> None:
    # no models at all
    doc = run(
        build(tmp_path / "none", {"2026-03-01": {"datasets": [{"id": "d/x", "createdAt": ts("2025-01-01T00:00:00")}]}}),
        "hardware_targets",
    )
    assert set(doc["headline"].values()) == {None} and doc["rows"] == []
    # one model with no target: zero counts, no kernels, AMD growth undefined (0 / 0)
    h = run(
        build(tmp_path / "one", {"2026-03-01": {"models": [m("a/plain", "2025-06-01T00:00:00")]}}), "hardware_targets"
    )["headline"]
    assert (
        h["any_target_last_12m"] == 0
        and h["amd_growth"] is None
        and h["kernel_repos"] == 0
        and h["kernel_first_month"] is None
    )
    # as of 2023: the earlier window reaches the createdAt floor's month -> no growth ratio, and a note
    doc = run(
        build(tmp_path / "early", {"2023-06-01": {"models": [m("a/r", "2022-08-01T00:00:00", ["rocm"])]}}),
        "hardware_targets",
    )
    assert doc["headline"]["amd_last_12m"] == 1 and doc["headline"]["amd_growth"] is None
    assert any("createdAt floor" in n for n in doc["notes"])
