"""Parameter counts: the name parser (adversarial names, real ids), buckets, and `model_sizes` precedence."""

from __future__ import annotations

import ast
import math
import random
from pathlib import Path

import duckdb
import pytest

from hubcensus.enrich.lineage import LINEAGE_DDL, build_lineage
from hubcensus.enrich.sizes import (
    SIZE_BUCKET_SQL,
    SIZE_BUCKETS,
    SOURCES,
    build_sizes,
    name_params_sql,
    parse_params_from_name,
    size_bucket,
    size_bucket_sql,
)
from hubcensus.store import Store

B, M, T = 10**9, 10**6, 10**12

# (model id, total, active): what a person reading the id would say, with the traps the rules avoid.
NAMES: list[tuple[str, int | None, int | None]] = [
    # plain sizes, every unit and case
    ("meta-llama/Llama-3.1-8B-Instruct", 8 * B, None),
    ("Qwen/Qwen2.5-1.5B-Instruct", 1_500 * M, None),
    ("Qwen/Qwen2.5-0.5B", 500 * M, None),
    ("EleutherAI/pythia-70m", 70 * M, None),
    ("bigscience/bloom-560m", 560 * M, None),
    ("inclusionAI/Ling-1T", 1 * T, None),
    ("someone/model-1.1T", 1_100 * B, None),
    ("tiiuae/falcon-180B", 180 * B, None),
    ("EleutherAI/gpt-neox-20b", 20 * B, None),
    ("openai/gpt-oss-120b", 120 * B, None),
    ("Efficient-Large-Model/Sana_1600M_1024px", 1_600 * M, None),
    ("someone/9b-chat", 9 * B, None),
    # experts x size; total and active
    ("mistralai/Mixtral-8x7B-Instruct-v0.1", 56 * B, None),
    ("mistralai/Mixtral-8x22B-v0.1", 176 * B, None),
    ("Qwen/Qwen3-30B-A3B", 30 * B, 3 * B),
    ("Qwen/Qwen3-235B-A22B-Instruct-2507", 235 * B, 22 * B),
    ("Qwen/Qwen2-57B-A14B", 57 * B, 14 * B),
    ("ibm-granite/granite-3.0-3b-a800m-instruct", 3 * B, 800 * M),
    ("Qwen/Qwen1.5-MoE-A2.7B", None, 2_700 * M),  # an active count alone is not a total
    ("tencent/Hunyuan-A13B-Instruct", None, 13 * B),
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", None, 17 * B),  # 17B active of 16 experts; 109B total
    ("someone/Qwen3-30B-A30B", 30 * B, None),  # an active count not below the total is dropped
    ("someone/Llama-2-7b-chat-hf-2e-5", 7 * B, None),  # `2e-5` is a learning rate, not 2 experts
    # context lengths
    ("Qwen/Qwen2.5-7B-Instruct-1M", 7 * B, None),
    ("THUDM/glm-4-9b-chat-1m", 9 * B, None),
    ("microsoft/Phi-3-mini-4k-instruct", None, None),
    ("microsoft/Phi-3-mini-128k-instruct", None, None),
    ("gradientai/Llama-3-8B-Instruct-262k", 8 * B, None),
    ("someone/tiny-1M", 1 * M, None),  # a lone `1M` is read: nothing says it is a context
    # versions and dates
    ("mistralai/Mistral-Small-24B-Instruct-2501", 24 * B, None),
    ("deepseek-ai/DeepSeek-V3-0324", None, None),
    ("Alibaba-NLP/gte-large-en-v1.5", None, None),
    ("someone/model-2024b", None, None),  # a year with a b, not 2 trillion
    ("someone/qwen-05b", None, None),  # a leading zero: not a size
    ("someone/v1.5b", None, None),  # glued to the `v`
    ("black-forest-labs/FLUX.1-dev", None, None),
    ("Nitral-AI/Captain-Eris_Violet-V0.420-12B", 12 * B, None),
    # quantisation bit widths
    ("bartowski/Meta-Llama-3.1-8B-Instruct-Q4_K_M-GGUF", 8 * B, None),
    ("mlx-community/Qwen2.5-7B-Instruct-4bit", 7 * B, None),
    ("someone/model-8bit", None, None),
    ("someone/llama-w4a16", None, None),
    ("someone/model-int8", None, None),
    ("someone/model-fp8", None, None),
    ("someone/model-bf16", None, None),
    ("brunopio/Llama3-8B-1.58-100B-tokens-GGUF", 8 * B, None),
    # letters and digits that are not sizes
    ("intfloat/e5-large-v2", None, None),
    ("google-t5/t5-small", None, None),
    ("google-t5/t5-3b", 3 * B, None),  # t5 is the family, 3b the size
    ("someone/phi3b-instruct", None, None),  # glued sizes are not read
    ("someone/Mistral7B", None, None),
    ("BAAI/bge-m3", None, None),
    ("openai/whisper-large-v3", None, None),
    ("google/gemma-3n-E4B-it", None, None),  # `E4B`: "effective" 4B, neither total nor active
    ("laion/CLIP-ViT-H-14-laion2B-s32B-b79K", None, None),  # dataset and samples seen, glued
    ("laion/CLIP-ViT-bigG-14-laion2B-39B-b160k", None, None),  # samples seen before a batch size
    ("someone/smollm-360m-100b-tokens", 360 * M, None),  # training tokens are not parameters
    ("someone/model-1M-steps", None, None),
    # decimal spellings
    ("bigscience/bloomz-7b1", 7_100 * M, None),
    ("RWKV/rwkv-raven-1b5", 1_500 * M, None),
    ("stabilityai/stablelm-2-1_6b", 1_600 * M, None),
    ("internlm/internlm2-chat-1_8b", 1_800 * M, None),
    ("apple/OpenELM-1_1B-Instruct", 1_100 * M, None),
    ("someone/llama_2_7b", 7 * B, None),  # after an underscore, `2_7b` is two words
    ("someone/Llama-3.1.8b", 8 * B, None),
    ("someone/model-16x3.8b", 60_800 * M, None),
    # several size tokens: B/T over M, then the first
    ("TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T", 1_100 * M, None),
    ("TinyLlama/TinyLlama-1.1B-step-50K-105b", 1_100 * M, None),
    ("microsoft/bitnet-b1.58-2B-4T", 2 * B, None),
    ("someone/model-1.5B-chat-7b", 1_500 * M, None),
    ("allenai/OLMoE-1B-7B-0924", 1 * B, None),  # known miss: OLMoE writes active-total (6.9B total)
    ("someone/model-350m-7b", 7 * B, None),
    # the namespace is not read
    ("7B-labs/tokenizer", None, None),
    ("bert-base-uncased", None, None),
    ("gpt2-xl-1.5b", 1_500 * M, None),  # a legacy id without a namespace
]


@pytest.mark.parametrize("repo_id, total, active", NAMES, ids=[n[0] for n in NAMES])
def test_name_parser(repo_id: str, total: int | None, active: int | None) -> None:
    assert parse_params_from_name(repo_id) == (total, active)


def sql_parse(ids: list[str]) -> dict[str, tuple[int | None, int | None]]:
    con = duckdb.connect()
    con.execute("CREATE TABLE ids AS SELECT unnest(?::VARCHAR[]) AS repo_id", [ids])
    return {r[0]: (r[1], r[2]) for r in con.execute(name_params_sql("ids")).fetchall()}


def test_sql_parser_is_the_python_parser_on_the_table() -> None:
    ids = [n[0] for n in NAMES]
    got = sql_parse(ids)
    assert {i: got.get(i, (None, None)) for i in ids} == {i: parse_params_from_name(i) for i in ids}


def test_sql_parser_is_the_python_parser_on_random_names() -> None:
    """Random names built from the parser's own pieces, so that every rule and boundary is exercised."""
    rng = random.Random(20260101)
    pieces = [
        "7b",
        "1.5B",
        "0.5b",
        "70m",
        "1_6b",
        "7b1",
        "8x7B",
        "A3B",
        "a800m",
        "16E",
        "1M",
        "2e",
        "5",
        "4k",
        "tokens",
        "b160k",
        "v1.5",
        "2501",
        "0",
        "05b",
        "2024b",
        "4bit",
        "q4_k_m",
        "llama",
        "x",
        "e5",
        "t",
        "1.1T",
        "12",
        ".",
        "_",
    ]
    seps = ["-", "_", ".", "", "/"]
    ids = ["".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 7))) for _ in range(20000)]
    got = sql_parse(ids)
    want = {i: parse_params_from_name(i) for i in ids}
    assert {i: got.get(i, (None, None)) for i in ids} == want
    assert sum(t is not None for t, _ in want.values()) > 5000  # the sample does exercise the parser


# -- real ids -------------------------------------------------------------------------------------
REAL_FILES = ("top-models-2025-03.csv", "models-by-task-2025-03.csv")
# The Hub marks these repos as quantizations; their `parameters` counts the packed tensors stored
# (GPTQ/AWQ/MLX store 4-8 parameters per element), not the model the name describes.
QUANT_TAGS = {"4-bit", "8-bit", "gptq", "awq", "mlx", "bitsandbytes", "bitnet", "fp8", "compressed-tensors"}
# Misses outside quantizations, each explained; a new miss means the parser got worse.
KNOWN_MISSES = {
    # ultravox repos hold the audio projector only; the name names the LLM they load from elsewhere
    "fixie-ai/ultravox-v0_3-llama-3_2-1b",
    "fixie-ai/ultravox-v0_4-ToolACE-8B",
    "fixie-ai/ultravox-v0_4_1-llama-3_1-70b",
    "fixie-ai/ultravox-v0_4_1-llama-3_1-8b",
    "fixie-ai/ultravox-v0_4_1-llama-3_3-70b",
    "fixie-ai/ultravox-v0_5-llama-3_1-8b",
    "fixie-ai/ultravox-v0_5-llama-3_3-70b",
    "FriendliAI/ultravox-v0_5-llama-3_1-8b",
    # the name counts the language model only, the repo the vision parts too (2.09B, just past x2)
    "yaswanthgali/Janus-Pro-1B-HF",
    # parser misses: `4M` is the family's name; TimeMoE names its active size; uform names its LM
    "EPFL-VILAB/4M-21_B",
    "EPFL-VILAB/4M-7_B_CC12M",
    "Maple728/TimeMoE-50M",
    "Maple728/TimeMoE-200M",
    "unum-cloud/uform-gen2-qwen-500m",
}


def real_rows(real: Path) -> dict[str, tuple[float | None, set[str]]]:
    """{model_id: (parameters, tags)} from the real samples, first non-empty count per id."""
    con = duckdb.connect()
    files = ", ".join(f"'{real / f}'" for f in REAL_FILES)
    out: dict[str, tuple[float | None, set[str]]] = {}
    for mid, params, tags in con.execute(
        f"SELECT model_id, parameters, tags FROM read_csv([{files}], union_by_name = true) ORDER BY filename, model_id"
    ).fetchall():
        tagset = set(ast.literal_eval(tags)) if tags else set()
        if mid not in out or (out[mid][0] is None and params is not None):
            out[mid] = (params, tagset)
    return out


def agreement(real: Path) -> dict[str, float | int | list[str]]:
    """How often the parsed total is within a factor of 2 of the sample's `parameters` (docs quote these figures)."""
    rows = real_rows(real)
    parsed = n = ok = nq = okq = 0
    misses: list[str] = []
    for mid, (params, tags) in rows.items():
        total, _ = parse_params_from_name(mid)
        parsed += total is not None
        if total is None or params is None or not params > 0:
            continue
        good = 0.5 <= total / params <= 2
        n, ok = n + 1, ok + good
        if not tags & QUANT_TAGS:
            nq, okq = nq + 1, okq + good
            if not good:
                misses.append(mid)
    return {
        "ids": len(rows),
        "parsed": parsed,
        "compared": n,
        "agree": ok,
        "share": ok / n,
        "compared_unquantized": nq,
        "agree_unquantized": okq,
        "share_unquantized": okq / nq,
        "misses_unquantized": sorted(misses),
    }


def test_parser_agrees_with_real_counts(real: Path) -> None:
    a = agreement(real)
    # Measured on the March 2025 samples: 246/278 = 88.5% of all parsed ids, 233/247 = 94.3% of the ones
    # the Hub does not mark as quantized. The brief's 95% is not reached: see docs/enrichment.md.
    assert a["compared"] >= 250, a
    assert a["share"] >= 0.85, a
    assert a["share_unquantized"] >= 0.93, a
    assert set(a["misses_unquantized"]) <= KNOWN_MISSES, a  # type: ignore[arg-type]


def test_sql_parser_is_the_python_parser_on_real_ids(real: Path) -> None:
    ids = sorted(real_rows(real))
    got = sql_parse(ids)
    assert {i: got.get(i, (None, None)) for i in ids} == {i: parse_params_from_name(i) for i in ids}


# -- buckets ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params, bucket",
    [
        (1, "<1B"),
        (999_999_999, "<1B"),
        (1 * B, "1-9B"),
        (9.5 * B, "1-9B"),
        (10 * B - 1, "1-9B"),
        (10 * B, "10-99B"),
        (99.9 * B, "10-99B"),
        (100 * B, ">=100B"),
        (1 * T, ">=100B"),
    ],
)
def test_size_bucket_and_its_sql_agree(params: float, bucket: str) -> None:
    assert size_bucket(params) == bucket
    con = duckdb.connect()
    assert con.execute(f"SELECT {size_bucket_sql('x')} FROM (SELECT ?::DOUBLE AS x)", [params]).fetchall() == [
        (bucket,)
    ]
    assert con.execute(
        f"SELECT {SIZE_BUCKET_SQL.format(col='x')} FROM (SELECT ?::BIGINT AS x)", [math.ceil(params)]
    ).fetchall() == [(bucket,)]
    assert bucket in SIZE_BUCKETS


@pytest.mark.parametrize("params", [None, 0, -5, float("nan")])
def test_no_bucket_without_a_count(params: float | None) -> None:
    with pytest.raises(ValueError):
        size_bucket(params)  # type: ignore[arg-type]
    if params is not None and math.isnan(params):
        return  # counts are BIGINT in SQL; DuckDB orders NaN above every number, so SQL has no NaN case
    con = duckdb.connect()
    assert con.execute(f"SELECT {size_bucket_sql('x')} FROM (SELECT ?::DOUBLE AS x)", [params]).fetchall() == [(None,)]


# -- model_sizes ------------------------------------------------------------------------------------
def open_store(tmp_path: Path, *, lineage: bool = True) -> Store:
    store = Store.open(tmp_path / "s.duckdb")
    if lineage:
        store.con.execute(LINEAGE_DDL)
    return store


def add_model(
    store: Store,
    repo_id: str,
    st: int | None = None,
    gguf: int | None = None,
    listing: int | None = None,
    kind: str = "model",
    tags: list[str] | None = None,
) -> None:
    store.con.execute(
        """INSERT INTO repos (kind, repo_id, tags, safetensors_params, gguf_params, num_parameters,
                              first_seen, last_seen, state_snapshot)
           VALUES (?, ?, ?, ?, ?, ?, 20260101, 20260101, 20260101)""",
        [kind, repo_id, tags or [], st, gguf, listing],
    )


def add_edge(store: Store, child: str, parent: str, relation: str, known: bool = True) -> None:
    store.con.execute("INSERT INTO lineage VALUES (?, ?, ?, 'tag', ?)", [child, parent, relation, known])


def sizes(store: Store) -> dict[str, tuple]:
    rows = store.con.execute("SELECT repo_id, params, active_params, source, from_id FROM model_sizes").fetchall()
    assert len(rows) == len({r[0] for r in rows}), "one row per model"
    return {r[0]: tuple(r[1:]) for r in rows}


def test_each_source_in_its_order(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    add_model(s, "o/all-7B", st=100, gguf=200, listing=300)
    add_model(s, "o/gguf-7B", gguf=200, listing=300)
    add_model(s, "o/listing-7B", st=0, gguf=-1, listing=300)  # counts <= 0 are ignored
    add_model(s, "o/name-7B", st=0, listing=0)
    add_model(s, "o/nothing")
    add_model(s, "o/dataset-7B", kind="dataset")  # not a model
    counts = build_sizes(s.con)
    assert sizes(s) == {
        "o/all-7B": (100, None, "safetensors", None),
        "o/gguf-7B": (200, None, "gguf", None),
        "o/listing-7B": (300, None, "listing", None),
        "o/name-7B": (7 * B, None, "name", None),
    }
    assert counts == {"safetensors": 1, "gguf": 1, "listing": 1, "name": 1, "inherited": 0}
    assert tuple(counts) == SOURCES


def test_inheritance_through_two_quantization_levels(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    add_model(s, "o/base", st=1234)
    add_model(s, "q/base-GGUF")  # no count of its own
    add_model(s, "q/base-GGUF-requant")
    add_model(s, "a/base-lora")
    add_model(s, "f/base-finetune")  # a fine-tune is a new model: it does not inherit
    add_model(s, "x/orphan-quant")  # quantizes a model the store does not hold
    add_edge(s, "q/base-GGUF", "o/base", "quantized")
    add_edge(s, "q/base-GGUF-requant", "q/base-GGUF", "quantized")
    add_edge(s, "a/base-lora", "o/base", "adapter")
    add_edge(s, "f/base-finetune", "o/base", "finetune")
    add_edge(s, "x/orphan-quant", "ext/gone", "quantized", known=False)
    counts = build_sizes(s.con)
    got = sizes(s)
    assert got["q/base-GGUF"] == (1234, None, "inherited", "o/base")
    assert got["q/base-GGUF-requant"] == (1234, None, "inherited", "o/base")
    assert got["a/base-lora"] == (1234, None, "inherited", "o/base")
    assert "f/base-finetune" not in got and "x/orphan-quant" not in got
    assert counts["inherited"] == 3


def test_own_count_and_name_come_before_inheritance(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    add_model(s, "o/base", st=8 * B)
    add_model(s, "u/small-lora", st=20 * M)  # an adapter's own weights: its own count wins
    add_model(s, "u/base-3B-GGUF")  # the name states a size: name before inheritance
    add_edge(s, "u/small-lora", "o/base", "adapter")
    add_edge(s, "u/base-3B-GGUF", "o/base", "quantized")
    build_sizes(s.con)
    got = sizes(s)
    assert got["u/small-lora"] == (20 * M, None, "safetensors", None)
    assert got["u/base-3B-GGUF"] == (3 * B, None, "name", None)


def test_shortest_path_and_ties(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    add_model(s, "o/base", st=1000)
    add_model(s, "q/mid")  # uncounted: o/base is two edges away through it
    add_model(s, "o/direct", st=999)
    add_model(s, "q/two-parents")
    add_edge(s, "q/mid", "o/base", "quantized")
    add_edge(s, "q/two-parents", "q/mid", "quantized")
    add_edge(s, "q/two-parents", "o/direct", "quantized")
    # at the same distance, the more trusted source wins over the smaller id
    add_model(s, "a/named-2B")
    add_model(s, "z/counted", st=5 * B)
    add_model(s, "q/tie")
    add_edge(s, "q/tie", "a/named-2B", "quantized")
    add_edge(s, "q/tie", "z/counted", "quantized")
    build_sizes(s.con)
    got = sizes(s)
    assert got["q/two-parents"] == (999, None, "inherited", "o/direct")
    assert got["q/tie"] == (5 * B, None, "inherited", "z/counted")


def test_active_parameters(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    add_model(s, "Qwen/Qwen3-30B-A3B", st=30_532 * M)
    add_model(s, "meta-llama/Llama-4-Scout-17B-16E", st=108_641 * M)
    add_model(s, "u/odd-A40B", st=30 * B)  # "active" above the total: dropped
    add_model(s, "u/qwen3-moe-quant")  # inherits the total and the active count
    add_edge(s, "u/qwen3-moe-quant", "Qwen/Qwen3-30B-A3B", "quantized")
    build_sizes(s.con)
    got = sizes(s)
    assert got["Qwen/Qwen3-30B-A3B"] == (30_532 * M, 3 * B, "safetensors", None)
    assert got["meta-llama/Llama-4-Scout-17B-16E"] == (108_641 * M, 17 * B, "safetensors", None)
    assert got["u/odd-A40B"] == (30 * B, None, "safetensors", None)
    assert got["u/qwen3-moe-quant"] == (30_532 * M, 3 * B, "inherited", "Qwen/Qwen3-30B-A3B")


def test_rebuild_is_the_same_and_needs_no_lineage(tmp_path: Path) -> None:
    s = open_store(tmp_path, lineage=False)
    add_model(s, "o/m-7B")
    add_model(s, "o/q")
    first = build_sizes(s.con)
    table = sizes(s)
    assert first == build_sizes(s.con) and sizes(s) == table == {"o/m-7B": (7 * B, None, "name", None)}
    temps = s.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '\\_size%' ESCAPE '\\'"
    ).fetchall()
    assert temps == []


def test_with_lineage_built_from_tags(tmp_path: Path) -> None:
    """The relations `build_lineage` writes are the ones inheritance follows."""
    s = Store.open(tmp_path / "s.duckdb")
    add_model(s, "o/base", st=4 * B)
    add_model(s, "u/base-GGUF", tags=["base_model:o/base", "base_model:quantized:o/base"])
    add_model(s, "u/base-GGUF-i1", tags=["base_model:quantized:u/base-GGUF"])
    add_model(s, "u/tuned", tags=["base_model:o/base"])
    with s.transaction():
        build_lineage(s.con)
        build_sizes(s.con)
    got = sizes(s)
    assert got["u/base-GGUF"] == got["u/base-GGUF-i1"] == (4 * B, None, "inherited", "o/base")
    assert "u/tuned" not in got
