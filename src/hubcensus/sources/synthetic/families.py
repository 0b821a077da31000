"""Model families and what shapes their lineage trees: the well-known models, each family's share of
derivative activity by year, the family tags the Hub writes, the kinds of derivatives per family
profile, the quantisation methods by year, and the family and architecture codes (numbered in order
of first appearance in the generations table).
"""

from __future__ import annotations

from hubcensus.sources.synthetic.generations import _GENERATIONS
from hubcensus.sources.synthetic.vocabulary import _ORIGINAL_ARCH

# A few well-known models: (multiplier of attractiveness, final likes (0: from downloads)). The
# small encoders are the Hub's most downloaded models year after year (and keep the download-
# weighted median size small, SPEC A3); likes are roughly today's real counts, whatever the scale.
_HEROES: dict[str, tuple[float, float]] = {
    "google-bert/bert-base-uncased": (120, 2300),
    "sentence-transformers/all-MiniLM-L6-v2": (120, 3500),
    "sentence-transformers/all-mpnet-base-v2": (32, 1100),
    "FacebookAI/roberta-base": (32, 500),
    "FacebookAI/xlm-roberta-base": (32, 700),
    "FacebookAI/xlm-roberta-large": (40, 450),
    "distilbert/distilbert-base-uncased": (32, 700),
    "openai/clip-vit-large-patch14": (40, 1800),
    "openai/clip-vit-base-patch32": (24, 800),
    "openai-community/gpt2": (32, 2900),
    "openai/whisper-large-v3": (16, 5000),
    "openai/whisper-large-v3-turbo": (3, 2600),
    "BAAI/bge-m3": (24, 2300),
    "BAAI/bge-small-en-v1.5": (20, 400),
    "amazon/chronos-t5-small": (24, 150),
    "pyannote/segmentation-3.0": (40, 600),
    "timm/mobilenetv3_small_100.lamb_in1k": (32, 50),
    "google-t5/t5-small": (16, 500),
    "google/vit-base-patch16-224": (12, 900),
    "Qwen/Qwen2.5-7B-Instruct": (3, 900),
    "Qwen/Qwen2.5-1.5B-Instruct": (2.5, 550),
    "Qwen/Qwen2.5-0.5B-Instruct": (2.5, 400),
    "Qwen/Qwen3-8B": (1, 900),
    "Qwen/Qwen3-0.6B": (1, 800),
    "Qwen/Qwen3-30B-A3B": (2, 900),
    "Qwen/Qwen3-235B-A22B": (3.5, 1100),
    "Qwen/Qwen2.5-VL-7B-Instruct": (2.5, 1300),
    "Qwen/Qwen3.5-35B-A3B": (3, 900),
    "Qwen/Qwen3.5-397B-A17B": (1.5, 1200),
    "meta-llama/Llama-3.1-8B-Instruct": (4, 4800),
    "meta-llama/Meta-Llama-3-8B": (2, 6300),
    "meta-llama/Meta-Llama-3-8B-Instruct": (2, 4300),
    "meta-llama/Llama-2-7b-chat-hf": (2, 4600),
    "meta-llama/Llama-2-7b-hf": (1.5, 2200),
    "meta-llama/Llama-2-70b-chat-hf": (0.3, 2200),
    "meta-llama/Llama-2-70b-hf": (0.3, 800),
    "tiiuae/falcon-180B": (0.3, 1100),
    "tiiuae/falcon-40b-instruct": (0.5, 1200),
    "Qwen/Qwen-72B-Chat": (0.3, 150),
    "Qwen/Qwen-72B": (0.3, 100),
    "meta-llama/Llama-3.2-1B-Instruct": (2, 1200),
    "meta-llama/Llama-3.2-3B-Instruct": (2, 1900),
    "meta-llama/Llama-3.3-70B-Instruct": (1.5, 2600),
    "meta-llama/Llama-4-Scout-17B-16E-Instruct": (1, 1100),
    "deepseek-ai/DeepSeek-R1": (0.5, 13000),
    "deepseek-ai/DeepSeek-V3": (0.4, 4000),
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B": (1.5, 800),
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B": (1.2, 1500),
    "mistralai/Mistral-7B-Instruct-v0.2": (2.5, 3000),
    "mistralai/Mistral-7B-v0.1": (1.5, 4000),
    "mistralai/Mixtral-8x7B-Instruct-v0.1": (1.5, 4300),
    "openai/gpt-oss-20b": (2.5, 4000),
    "openai/gpt-oss-120b": (5, 4300),
    "google/gemma-3-27b-it": (2, 1700),
    "google/gemma-7b": (1, 3200),
    "microsoft/phi-2": (1.5, 3300),
    "microsoft/phi-4": (1.5, 2100),
    "black-forest-labs/FLUX.1-dev": (3, 11500),
    "black-forest-labs/FLUX.1-schnell": (2, 4300),
    "stabilityai/stable-diffusion-xl-base-1.0": (2.5, 6900),
    "stable-diffusion-v1-5/stable-diffusion-v1-5": (2, 900),
    "CompVis/stable-diffusion-v1-4": (1, 6900),
    "stabilityai/stable-diffusion-2-1": (1, 4000),
    "bigscience/bloom": (0.5, 4900),
    "moonshotai/Kimi-K2-Instruct": (0.4, 2200),
    "zai-org/GLM-4.5": (1.2, 1400),
    "zai-org/GLM-4.5-Air": (3, 500),
    "meta-llama/Llama-4-Maverick-17B-128E-Instruct": (0.6, 400),
    "meta-llama/Llama-3.1-405B-Instruct": (0.5, 600),
    "MiniMaxAI/MiniMax-M2": (1.2, 1400),
    "LGAI-EXAONE/K-EXAONE-236B-A23B": (2, 700),
    "naver-hyperclovax/HyperCLOVAX-SEED-Think-32B": (2, 600),
    "upstage/Solar-Open-100B": (2, 650),
    "hexgrad/Kokoro-82M": (3, 5000),
}

# Derivative activity per family, the share of the year's derived models (2019 … 2026, mid-year
# values, interpolated by month). Families absent here get _FAMILY_DEFAULT from their release on.
_FAMILY_TREND: dict[str, tuple[float, ...]] = {
    "bert": (40, 40, 30, 20, 6, 2.5, 1.2, 1.0),
    "distilbert": (5, 15, 20, 16, 6, 2.5, 1.0, 0.8),
    "roberta": (6, 12, 14, 12, 5, 2.0, 1.0, 0.8),
    "deberta": (0, 0, 2, 4, 2.5, 1.0, 0.6, 0.5),
    "gpt2": (30, 20, 12, 8, 3, 1.0, 0.5, 0.4),
    "t5": (0, 8, 12, 12, 5, 1.5, 0.8, 0.6),
    "wav2vec2": (0, 3, 14, 10, 3, 1.0, 0.5, 0.4),
    "vit": (0, 0, 5, 8, 5, 2.0, 1.0, 0.8),
    "clip": (0, 0, 2, 3, 1.5, 0.8, 0.4, 0.4),
    "st": (0, 0, 3, 4, 4, 3.0, 2.5, 2.5),
    "whisper": (0, 0, 0, 4, 6, 4.0, 2.0, 1.8),
    "sd": (0, 0, 0, 6, 16, 8.0, 2.5, 1.5),
    "flux": (0, 0, 0, 0, 0, 8.0, 10.0, 8.0),
    "video": (0, 0, 0, 0, 0, 0, 1.5, 2.0),
    "opt": (0, 0, 0, 3, 2.5, 0.5, 0.2, 0.1),
    "bloom": (0, 0, 0, 2, 2.0, 0.3, 0.1, 0.1),
    "pythia": (0, 0, 0, 0, 2.0, 0.8, 0.3, 0.2),
    "gptj": (0, 0, 1, 1.5, 1.0, 0.2, 0.1, 0.1),
    "falcon": (0, 0, 0, 0, 2.0, 0.4, 0.2, 0.1),
    "llama": (0, 0, 0, 0, 7.0, 3.0, 1.05, 0.7),
    "mistral": (0, 0, 0, 0, 4.0, 3.0, 1.2, 0.9),
    "qwen": (0, 0, 0, 0, 0.9, 4.6, 11.6, 14.3),
    "deepseek": (0, 0, 0, 0, 0.3, 0.3, 1.6, 1.4),
    "gemma": (0, 0, 0, 0, 0, 2.6, 3.4, 3.0),
    "phi": (0, 0, 0, 0, 1.0, 1.5, 0.9, 0.7),
    "smollm": (0, 0, 0, 0, 0, 0.8, 1.4, 1.3),
    "misc": (14, 14, 14, 14, 14, 14, 14, 14),
}
_FAMILY_DEFAULT = 0.25
# Family tags the Hub writes for a model's architecture family (also found without lineage tags).
_FAMILY_TAG = {
    "qwen": "qwen",
    "llama": "llama",
    "deepseek": "deepseek",
    "mistral": "mistral",
    "gemma": "gemma",
    "phi": "phi",
    "smollm": "smollm",
    "glm": "glm",
    "exaone": "exaone",
    "falcon": "falcon",
}
# Derived-model kinds per family profile and year (finetune, adapter, quantized, merge).
_KIND_PROFILE: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "llm": (
        (1, 0, 0, 0),
        (1, 0, 0, 0),
        (0.97, 0.02, 0.01, 0),
        (0.93, 0.05, 0.02, 0),
        (0.62, 0.22, 0.14, 0.02),
        (0.50, 0.20, 0.24, 0.06),
        (0.48, 0.17, 0.30, 0.05),
        (0.47, 0.16, 0.32, 0.05),
    ),
    "diffusion": ((0.5, 0.5, 0, 0),) * 3
    + (
        (0.45, 0.55, 0, 0),
        (0.3, 0.68, 0, 0.02),
        (0.22, 0.74, 0.02, 0.02),
        (0.2, 0.75, 0.03, 0.02),
        (0.2, 0.75, 0.03, 0.02),
    ),
    "encoder": ((1, 0, 0, 0),) * 3
    + ((0.98, 0.02, 0, 0), (0.95, 0.04, 0.01, 0), (0.93, 0.05, 0.02, 0), (0.92, 0.05, 0.03, 0), (0.92, 0.05, 0.03, 0)),
}
_RELATIONS = ("finetune", "adapter", "quantized", "merge")
_QUANT_METHODS = ("GGUF", "GPTQ", "AWQ", "MLX", "BNB", "FP8")
# Share of each quantisation method among quantised models by year (2019 … 2026).
_QUANT_TREND = ((0.2, 0.5, 0.1, 0, 0.2, 0),) * 4 + (
    (0.45, 0.3, 0.15, 0.03, 0.07, 0),
    (0.7, 0.06, 0.07, 0.08, 0.07, 0.02),
    (0.72, 0.03, 0.04, 0.1, 0.06, 0.05),
    (0.72, 0.02, 0.03, 0.1, 0.06, 0.07),
)

# Families in order of first appearance in the generations table ("misc": derivatives of originals),
# and each family's profile, which decides the kinds of its derivatives and how they are named.
_FAMILIES = tuple(dict.fromkeys([g[0] for g in _GENERATIONS] + ["misc"]))
_FAM = {f: i for i, f in enumerate(_FAMILIES)}
_PROFILE = {
    f: (
        "diffusion"
        if f in ("sd", "flux", "video")
        else "encoder"
        if f
        in (
            "bert",
            "distilbert",
            "roberta",
            "deberta",
            "t5",
            "wav2vec2",
            "vit",
            "clip",
            "st",
            "whisper",
            "esm",
            "segformer",
            "parakeet",
            "resnet",
            "timm",
            "blip",
            "pyannote",
            "chronos",
        )
        else "llm"
    )
    for f in _FAMILIES
}
# Architectures: the generations' in order of appearance, then those of original models.
_ARCHS = tuple(dict.fromkeys([g[3] for g in _GENERATIONS] + [a for v in _ORIGINAL_ARCH.values() for a in v]))
_ARCH = {a: i for i, a in enumerate(_ARCHS)}
# Architectures whose repos need trust_remote_code (tagged custom_code).
_CUSTOM_CODE_ARCHS = {
    "deepseek_v2",
    "deepseek_v3",
    "deepseek_v32",
    "internlm2",
    "chatglm",
    "glm",
    "minicpmv",
    "kimi_k2",
    "minimax_m1",
    "minimax_m2",
    "hunyuan_v1_moe",
    "hunyuan_v1_dense",
    "exaone",
    "exaone4",
    "exaone_moe",
    "hyperclovax",
    "solar_open",
    "evo2",
    "nemotron_h",
    "openelm",
}


def _fixed_arxiv_ids() -> list[str]:
    """The arXiv ids the generations cite, sorted, and the one the default card template cites."""
    ids = sorted({g[13] for g in _GENERATIONS if g[13]})
    return ids + ["1910.09700"]  # the carbon-emissions paper the default model card template cites
