"""Chapter: hardware — which chips the Hub's models are prepared for, month by month (H1).

The Hub has no "hardware" field. What it has are tags (`rocm`, `mlx`, `ascend`, `gguf`, …) and a
`library_name` that authors set, plus the Kernel Hub: repos of compute kernels (2025) tagged
`kernel`/`kernels`, mostly under `kernels-community`. A model targets a platform when one of those
names it; the table below (`TARGETS`) is the whole rule, so a reader can dispute one line of it.

What is deliberately not in the table:
- plain PyTorch/safetensors/transformers weights, AWQ, GPTQ, bitsandbytes, FP8 — they run on NVIDIA
  first but also elsewhere; counting them would make "NVIDIA" mean "every model";
- `onnx` — a portable format run on CPUs, GPUs of every vendor and browsers alike: no single target.
Ambiguities kept, and stated: `npu` goes to the Chinese domestic chips (Ascend's NPUs are by far the
main user of the tag on the Hub) although Qualcomm, Intel and AMD also make NPUs; `gguf` goes to
CPUs / local runtimes although llama.cpp also runs on CUDA and Metal; `openvino` goes to CPUs though
it also drives Intel GPUs and NPUs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hubcensus.metrics.base import Context, Result, Snapshot, metric, share
from hubcensus.metrics.facts import FLOOR_MONTH, before_floor
from hubcensus.metrics.snapshots import TAG_INPUT, complete_or_partial, input_missing, present_sql, window_unseen
from hubcensus.metrics.sql import (
    add_months,
    as_date,
    created_sql,
    month_range,
    month_start,
    sql_list,
    tagged_repos,
    ts_literal,
    values_sql,
    year_windows,
)

# (target, label, tags — lower-cased, exact —, library_name values — lower-cased, exact)
TARGETS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "nvidia",
        "NVIDIA GPUs",
        ("cuda", "tensorrt", "tensorrt-llm", "trtllm", "trt-llm", "nvfp4", "modelopt", "nvidia-modelopt"),
        ("tensorrt", "tensorrt-llm"),
    ),
    (
        "amd",
        "AMD GPUs and NPUs",
        ("rocm", "amd", "amd-quark", "quark", "mi300", "mi300x", "mi325x", "mi355x", "instinct", "ryzen-ai", "ryzenai"),
        (),
    ),
    (
        "apple",
        "Apple silicon",
        ("mlx", "coreml", "core-ml", "metal", "apple-silicon", "mlx-lm"),
        ("mlx", "coreml", "mlx-lm"),
    ),
    (
        "domestic",
        "Chinese domestic chips",
        (
            "ascend",
            "npu",
            "mindspore",
            "mindie",
            "openmind",
            "cambricon",
            "kunlun",
            "kunlunxin",
            "moore-threads",
            "musa",
            "hygon",
            "dcu",
            "biren",
            "metax",
            "enflame",
            "iluvatar",
        ),
        ("mindspore", "openmind"),
    ),
    (
        "cpu",
        "CPUs and local runtimes",
        ("gguf", "ggml", "llama.cpp", "llamafile", "openvino", "cpu"),
        ("gguf", "ggml", "llama.cpp", "openvino"),
    ),
    (
        "other_accelerators",
        "other accelerators (Gaudi, Neuron, TPU, Intel GPUs)",
        (
            "habana",
            "gaudi",
            "gaudi2",
            "gaudi3",
            "optimum-habana",
            "neuron",
            "aws-neuron",
            "inferentia",
            "inferentia2",
            "trainium",
            "tpu",
            "xpu",
        ),
        (),
    ),
)
KERNEL_TAGS = ("kernel", "kernels")
KERNEL_LIBRARIES = ("kernels",)
KERNELS_COMMUNITY = "kernels-community"
KERNEL_HUB = "kernel_hub"


TAG_HITS = "_hc_h1_tag_hits"  # the shared table of `tag_hits_sql` over every model


def tag_hits_sql(models: str = tagged_repos("model")) -> str:
    """(repo_id, tag): the tags of `models` (a subquery with repo_id and tags) that some target lists, lower-cased.
    It depends on nothing but the model's own tags, so one table serves every as-of date, and `enrich` keeps it,
    updating the models whose tags changed (`tag_carry`): lower-casing every tag of the Hub was a second per date."""
    tag_values = sql_list(sorted({*(v for _, _, tags, _ in TARGETS for v in tags), *KERNEL_TAGS}))
    return f"""(
        SELECT repo_id, tag FROM (SELECT repo_id, lower(tag) AS tag FROM (SELECT repo_id, unnest(tags) AS tag FROM {models} m) g) t
        WHERE tag IN ({tag_values})
    )"""


def hardware_hits(ctx: Context, snap: Snapshot) -> str:
    """(target, repo_id, created_at, author): each model present at `snap` that a hardware target's tag or
    library (or the Kernel Hub) claims."""
    table = values_sql(
        ("target", "src", "value"),
        [(t, "tag", v) for t, _, tags, _ in TARGETS for v in tags]
        + [(t, "library", v) for t, _, _, libs in TARGETS for v in libs]
        + [(KERNEL_HUB, "tag", v) for v in KERNEL_TAGS]
        + [(KERNEL_HUB, "library", v) for v in KERNEL_LIBRARIES],
    )
    # The matches, once per run: tags are narrowed to the table's values before they meet the models.
    return ctx.shared(
        f"_hc_hardware_hits_{snap.snapshot_id}",
        f"""(
        WITH m AS (
            {present_sql(ctx, snap, "s.repo_id, s.author, s.created_at, lower(s.library_name) AS lib", wrap=False)}
        ),
        tt AS ({table}),
        tagged AS (SELECT * FROM {TAG_HITS})
        SELECT tt.target, m.repo_id, m.created_at, m.author FROM m
        JOIN tagged t ON t.repo_id = m.repo_id JOIN tt ON tt.src = 'tag' AND tt.value = t.tag
        UNION
        SELECT tt.target, m.repo_id, m.created_at, m.author FROM m JOIN tt ON tt.src = 'library' AND tt.value = m.lib
        UNION
        SELECT '{KERNEL_HUB}' AS target, m.repo_id, m.created_at, m.author FROM m WHERE m.author = '{KERNELS_COMMUNITY}'
    )""",
        needs=((TAG_HITS, tag_hits_sql()),),
    )


@metric(
    spec="H1",
    name="hardware_targets",
    title="Models that target NVIDIA, AMD, Apple, Chinese domestic chips or CPUs, by month",
    chapter="hardware",
    published="AMD support is expanding; the Kernel Hub launched in 2025.",
    definition=(
        "Models present in the newest complete snapshot of models on or before the as-of date (else the newest partial "
        "listing, with a note), by the month of "
        "`createdAt` (every model at the createdAt floor lands in March 2022). A model targets a platform when one "
        "of its tags (exact, case-insensitive) or its `library_name` is in that platform's list (`hardware.TARGETS`): "
        "NVIDIA — cuda, tensorrt(-llm), nvfp4, modelopt; AMD — rocm, amd, quark, MI300/MI325X/MI355X, instinct, "
        "ryzen-ai; Apple — mlx, coreml, metal, apple-silicon; Chinese domestic chips — ascend, npu, mindspore, mindie, "
        "openmind, cambricon, kunlun(xin), moore-threads/musa, hygon/dcu, biren, metax, enflame, iluvatar; CPUs and "
        "local runtimes — gguf, ggml, llama.cpp, llamafile, openvino, cpu; other accelerators — Gaudi/Habana, AWS "
        "Neuron/Inferentia/Trainium, TPU, XPU. A model can target several platforms and counts once in each; "
        "generic weights, AWQ/GPTQ/bitsandbytes/FP8 and ONNX target no single platform and are not counted. Kernel "
        "Hub repos: models tagged kernel/kernels, with library `kernels`, or under `kernels-community`. Rows: "
        "(target, month, models) for every month from the first counted model to the as-of month, zeros included, "
        "with the Kernel Hub as target `kernel_hub`. Headline: models per target created in the 12 complete months "
        "before the as-of month; AMD's growth = that count / the 12 months before (None when that window holds the "
        "createdAt floor's month)."
    ),
    headline_keys=(
        *(f"{t}_last_12m" for t, *_ in TARGETS),
        "any_target_last_12m",
        "amd_prior_12m",
        "amd_growth",
        "kernel_repos",
        "kernels_community_repos",
        "kernel_first_month",
        "kernel_repos_last_12m",
    ),
    out_of_reach="Where models actually run is not public: tags say what an author prepared a model for, not what users run it on.",
)
def hardware_targets(ctx: Context) -> Result:
    snap, notes = complete_or_partial(ctx)
    if snap is None:
        return Result({}, [], [], notes)
    hits = hardware_hits(ctx, snap)
    data = ctx.rows(f"""
        SELECT target, {month_start(created_sql("created_at"))} AS month, count(*) AS models
        FROM {hits} h WHERE created_at IS NOT NULL GROUP BY 1, 2
    """)
    [kern] = ctx.rows(f"""
        SELECT count(*) AS repos, COALESCE(sum(CASE WHEN author = '{KERNELS_COMMUNITY}' THEN 1 ELSE 0 END), 0) AS community,
               min(created_at) AS first_at
        FROM {hits} h WHERE target = '{KERNEL_HUB}'
    """)
    prior_start, last_start, stop = year_windows(ctx.as_of.taken_at)
    lo, hi = ts_literal(last_start), ts_literal(stop)
    anyt = int(
        ctx.scalar(f"""
        SELECT count(DISTINCT repo_id) AS n FROM {hits} h
        WHERE target <> '{KERNEL_HUB}' AND created_at >= {lo} AND created_at < {hi}
    """)
        or 0
    )
    undated = int(ctx.scalar(f"SELECT count(DISTINCT repo_id) AS n FROM {hits} h WHERE created_at IS NULL") or 0)
    if undated:
        notes.append(f"{undated} matching models have no createdAt in the source: left out of the monthly series")
    got = {(r["target"], as_date(r["month"])): int(r["models"]) for r in data}
    end = ctx.as_of.taken_at.replace(day=1)
    first = min((m for _, m in got), default=end)
    labels = {t: lab for t, lab, _, _ in TARGETS} | {KERNEL_HUB: "Kernel Hub repos"}
    rows: list[dict[str, Any]] = []
    for target in labels:
        for m in month_range(first, end):
            rows.append({"target": target, "label": labels[target], "month": m, "models": got.get((target, m), 0)})

    def total(target: str, a: dt.date, b: dt.date) -> int:
        return sum(n for (t, m), n in got.items() if t == target and a <= m < b)

    first_kernel = kern["first_at"]
    headline: dict[str, Any] = {f"{t}_last_12m": total(t, last_start, stop) for t, *_ in TARGETS}
    amd_prior = total("amd", prior_start, last_start)
    if before_floor(prior_start):
        notes.append(f"the earlier window ({prior_start} on) holds the createdAt floor's month: no growth ratio")
    headline.update(
        {
            "any_target_last_12m": anyt,
            "amd_prior_12m": amd_prior,
            "amd_growth": None if before_floor(prior_start) else share(headline["amd_last_12m"], amd_prior),
            "kernel_repos": int(kern["repos"]),
            "kernels_community_repos": int(kern["community"]),
            "kernel_first_month": as_date(first_kernel).replace(day=1) if first_kernel is not None else None,
            "kernel_repos_last_12m": total(KERNEL_HUB, last_start, stop),
        }
    )
    # No tag on any model of the snapshot, or a window after the snapshot read: the store cannot tell
    # (None with the reason), not "no model targets AMD".
    no_tags = input_missing(ctx, snap, TAG_INPUT)
    unseen = window_unseen(snap, last_start, stop)
    for why, keys in (
        (no_tags, [k for k in headline if k != "kernels_community_repos"]),
        (unseen, [*(f"{t}_last_12m" for t, *_ in TARGETS), "any_target_last_12m", "kernel_repos_last_12m"]),
    ):
        if why:
            notes.append(why)
            headline.update(dict.fromkeys([*keys, "amd_growth"]))
    if no_tags or window_unseen(snap, prior_start, last_start):
        headline["amd_prior_12m"] = None
    notes += [
        f"last 12 months: {last_start} to {add_months(stop, -1)}; the 12 before from {prior_start}",
        "tags are each model's newest known state: a tag added later dates back to the model's creation",
    ]
    if first <= FLOOR_MONTH:
        notes.append("March 2022 holds every model created before the createdAt floor")
    return Result(headline, rows, [snap.snapshot_id], notes)
