"""D1 and GEO4 on stores whose right answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.hubfiles import model, ts
from tests.metricstore import Run, build


def m(repo_id: str, all_time: int | None, d30: int = 0, created: str = "2025-06-01T00:00:00", **kw) -> dict:
    return model(repo_id, d30, downloadsAllTime=all_time, createdAt=ts(created), **kw)


# -- D1 -----------------------------------------------------------------------------------------
FAMILY_MODELS = [
    m("Qwen/Qwen2.5-7B", 1000),  # root (Alibaba Group)
    m("Qwen/Qwen2.5-7B-Instruct", 500, tags=["base_model:Qwen/Qwen2.5-7B"]),  # depth 1
    m("u/ft1", 10, tags=["base_model:Qwen/Qwen2.5-7B-Instruct"]),  # depth 2
    m("bartowski/ft1-GGUF", 3, tags=["base_model:quantized:u/ft1"]),  # depth 3, only 3 downloads
    m("meta-llama/Llama-3-8B", 900),  # root (Meta Platforms)
    m("u/llama-ft", 100, tags=["base_model:meta-llama/Llama-3-8B"]),  # depth 1
    m(
        "u/mix", 50, tags=["base_model:merge:meta-llama/Llama-3-8B", "base_model:merge:u/ft1"]
    ),  # llama depth 1, qwen depth 3
    m("Alibaba-NLP/gte", 50),  # root (Alibaba Group)
    m("v/gte-ft", 6, tags=["base_model:Alibaba-NLP/gte", "qwen"]),  # depth 1; the tag names qwen
    m("google/gemma-2b", 7),  # root (Alphabet)
    m("w/gemma-ft", 8, created="2024-12-01T00:00:00", tags=["base_model:google/gemma-2b"]),  # before DeepSeek-R1
    m("x/r1-distill", 100, created="2025-02-01T00:00:00", tags=["base_model:deepseek-ai/DeepSeek-R1"]),  # external root
    m("gpt2", 40),  # legacy id: no namespace
    m("y/gpt2-ft", 5, tags=["base_model:gpt2"]),  # exactly 5: not "more than 5"
]


def test_derivatives_by_hand(tmp_path: Path, run: Run) -> None:
    doc = run(build(tmp_path, {"2026-03-01": {"models": FAMILY_MODELS}}), "derivatives_by_family")
    h = doc["headline"]
    # models with a parent: Instruct, ft1, GGUF, llama-ft, mix, gte-ft, gemma-ft, r1-distill, gpt2-ft = 9;
    # more than 5 downloads: all but GGUF (3) and gpt2-ft (5) = 7
    assert (h["derivatives"], h["derivatives_min5"]) == (9, 7)
    # Qwen: below Qwen/Qwen2.5-7B: Instruct (1), ft1 (2), GGUF (3), mix (3) -> lineage 4; direct: one edge below
    #   any Qwen model, Instruct (below the root) and ft1 (below Instruct) -> 2;
    #   > 5 downloads: Instruct, ft1, mix -> 3; all created 2025-06-01, inside the R1 year -> 3
    #   by name: Qwen2.5-7B and Instruct (id), ft1 (tag base_model:Qwen/...), gte-ft (tag qwen) -> 4, all > 5 downloads
    assert [
        h[f"qwen_{k}"] for k in ("direct", "lineage", "by_name", "lineage_min5", "by_name_min5", "lineage_r1_year_min5")
    ] == [2, 4, 4, 3, 4, 3]
    # Llama: llama-ft and mix one edge below -> direct 2, lineage 2; by name: Llama-3-8B, u/llama-ft (id after '/'),
    #   mix (tag base_model:merge:meta-llama/...) -> 3
    assert [
        h[f"llama_{k}"]
        for k in ("direct", "lineage", "by_name", "lineage_min5", "by_name_min5", "lineage_r1_year_min5")
    ] == [2, 2, 3, 2, 3, 2]
    # DeepSeek: the external root deepseek-ai/DeepSeek-R1 has r1-distill (100 downloads, Feb 2025) below; the tag names it
    assert [
        h[f"deepseek_{k}"]
        for k in ("direct", "lineage", "by_name", "lineage_min5", "by_name_min5", "lineage_r1_year_min5")
    ] == [1, 1, 1, 1, 1, 1]
    # Developers: Alibaba Group = Qwen's 4 + gte-ft = 5; Alphabet 1 (gemma-ft); Meta Platforms 2 -> 5 / 3
    assert (h["alibaba_lineage"], h["google_lineage"], h["meta_lineage"]) == (5, 1, 2)
    assert h["alibaba_over_google_plus_meta"] == pytest.approx(5 / 3, rel=1e-5)
    assert (h["top_developer"], h["top_developer_lineage"], h["downloads_field"]) == (
        "Alibaba Group",
        5,
        "downloadsAllTime",
    )

    rows = doc["rows"]
    fam = {r["key"]: r for r in rows if r["level"] == "family"}
    # transitive_outside: ft1, GGUF and mix are not Alibaba's -> 3; Instruct is
    assert fam["Qwen"]["transitive_outside"] == 3 and fam["Qwen"]["developer"] == "Alibaba Group"
    # deepseek-ai holds no repo here: its developer comes from the registry row (DeepSeek's parent company)
    assert fam["DeepSeek"]["developer"] == "High-Flyer"
    # Gemma's only derivative predates DeepSeek-R1 (2024-12-01): lineage 1, R1 year 0; Mistral: nothing at all
    assert (fam["Gemma"]["transitive"], fam["Gemma"]["transitive_r1_year_min5"]) == (1, 0)
    assert fam["Mistral"] == {
        "level": "family",
        "key": "Mistral",
        "developer": None,
        "organisation": None,
        "roots": 0,
        "direct": 0,
        "transitive": 0,
        "transitive_outside": 0,
        "by_name": 0,
        "direct_min5": 0,
        "transitive_min5": 0,
        "by_name_min5": 0,
        "transitive_r1_year_min5": 0,
    }
    # namespaces by transitive count, ties by name (byte order: '(' < 'A' < 'd' < 'g')
    ns = [(r["key"], r["transitive"]) for r in rows if r["level"] == "namespace"]
    assert ns == [
        ("Qwen", 4),
        ("meta-llama", 2),
        ("(no namespace)", 1),
        ("Alibaba-NLP", 1),
        ("deepseek-ai", 1),
        ("google", 1),
    ]
    devs = [(r["key"], r["transitive"]) for r in rows if r["level"] == "developer"]
    assert devs[:2] == [("Alibaba Group", 5), ("Meta Platforms", 2)]
    assert doc["snapshots"] == ["2026-03-01"]


def test_no_lineage_one_model_and_zero_downloads(tmp_path: Path, run: Run) -> None:
    # one model, no parent, no downloads: every count 0, by-name still counts the model itself (id names qwen)
    h = run(build(tmp_path, {"2026-03-01": {"models": [m("Qwen/Qwen3-0.6B", 0)]}}), "derivatives_by_family")["headline"]
    assert (h["derivatives"], h["qwen_lineage"], h["qwen_by_name"], h["qwen_by_name_min5"]) == (0, 0, 1, 0)
    assert h["top_developer"] is None and h["alibaba_over_google_plus_meta"] is None


def test_thirty_day_downloads_before_all_time_and_the_deleted_child(tmp_path: Path, run: Run) -> None:
    # 2024: no downloadsAllTime; the minimum applies to the 30-day count. a/gone was deleted before the newest
    # snapshot: not counted (present models only). Qwen/q has one derivative with 30-day downloads 6 (> 5).
    snaps = {
        "2024-05-01": {
            "models": [
                m("Qwen/q", None, 100),
                m("a/ft", None, 6, tags=["base_model:Qwen/q"]),
                m("a/gone", None, 50, tags=["base_model:Qwen/q"]),
            ]
        },
        "2024-06-01": {"models": [m("Qwen/q", None, 100), m("a/ft", None, 6, tags=["base_model:Qwen/q"])]},
    }
    h = run(build(tmp_path, snaps), "derivatives_by_family")["headline"]
    assert (h["downloads_field"], h["qwen_lineage"], h["qwen_lineage_min5"]) == ("downloads", 1, 1)


# -- GEO4 ---------------------------------------------------------------------------------------
INTERMEDIARY_MODELS = [
    m("Qwen/Q", 1000, 100),  # the base
    m("Qwen/Q-GGUF", 200, 20, tags=["base_model:quantized:Qwen/Q"]),  # its maker's own quantization: no
    m("TheBloke/Q-GGUF", 300, 30, tags=["base_model:quantized:Qwen/Q"]),  # redistributor namespace
    m("u/q-lora", 100, 40, tags=["base_model:adapter:Qwen/Q"]),  # adapter of another developer's model
    m("v/q-awq", 50, 10, tags=["base_model:quantized:Qwen/Q"]),  # quantization of another developer's model
    m("w/q-ft", 250, 50, tags=["base_model:finetune:Qwen/Q"]),  # a fine-tune: not an intermediary
    m("Alibaba-NLP/x-GGUF", 40, 0, tags=["base_model:quantized:Qwen/Q"]),  # same developer (Alibaba Group): no
    m("u/base", 0, 0),
    m("u/own-GGUF", 60, 0, tags=["base_model:quantized:u/base"]),  # quantizing one's own model: no
    m("mlx-community/m", 0, 0),  # redistributor, nothing downloaded
]


def test_intermediaries_by_hand(tmp_path: Path, run: Run) -> None:
    doc = run(build(tmp_path, {"2026-03-01": {"models": INTERMEDIARY_MODELS}}), "intermediary_share")
    h = doc["headline"]
    # all-time total: 1000+200+300+100+50+250+40+0+60+0 = 2000; intermediaries: TheBloke 300 (redistributor),
    # u/q-lora 100 (adapter), v/q-awq 50 (quantized), mlx-community/m 0 (redistributor) -> 450 / 2000
    assert h["intermediary_share"] == pytest.approx(0.225)
    assert (h["redistributor_share"], h["adapter_share"], h["quantized_share"]) == pytest.approx((0.15, 0.05, 0.025))
    # 30-day: total 100+20+30+40+10+50 = 250; intermediaries 30 + 40 + 10 = 80
    assert h["intermediary_share_30d"] == pytest.approx(0.32)
    assert (h["intermediary_repos"], h["intermediaries"], h["top_intermediary"]) == (4, 4, "TheBloke")
    assert h["top_intermediary_share"] == pytest.approx(0.15)
    got = [
        (r["namespace"], r["repos"], r["downloads"], r["quantized_repos"], r["adapter_repos"], r["redistributor_repos"])
        for r in doc["rows"]
    ]
    # u counts only its adapter (its own quantization is not an intermediary repo)
    assert got == [
        ("TheBloke", 1, 300, 0, 0, 1),
        ("u", 1, 100, 0, 1, 0),
        ("v", 1, 50, 1, 0, 0),
        ("mlx-community", 1, 0, 0, 0, 1),
    ]


def test_no_namespace_parent_and_no_intermediaries(tmp_path: Path, run: Run) -> None:
    # a quantization of the legacy `gpt2` (no namespace) is another developer's: 30 of 130
    h = run(
        build(
            tmp_path,
            {"2026-03-01": {"models": [m("gpt2", 100), m("z/gpt2-GGUF", 30, tags=["base_model:quantized:gpt2"])]}},
        ),
        "intermediary_share",
    )["headline"]
    assert h["intermediary_share"] == pytest.approx(30 / 130, rel=1e-5) and h["top_intermediary"] == "z"
    # nothing intermediary: shares are 0 (2026-03-01); with no downloads at all they are undefined (2026-02-01, as of
    # a date between the two snapshots, where TheBloke's copy still exists)
    snaps = {
        "2026-02-01": {"models": [m("a/x", 0), m("TheBloke/x-GGUF", 0, tags=["base_model:a/x"])]},
        "2026-03-01": {"models": [m("a/x", 10), m("b/y", 0, tags=["base_model:a/x"])]},
    }
    db = build(tmp_path / "b", snaps)
    h0 = run(db, "intermediary_share")["headline"]
    assert (h0["intermediary_share"], h0["intermediaries"], h0["top_intermediary"]) == (0.0, 0, None)
    hz = run(db, "intermediary_share", dt.date(2026, 2, 15))["headline"]
    assert hz["intermediary_share"] is None and hz["intermediary_repos"] == 1
