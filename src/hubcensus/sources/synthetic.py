"""A seeded generator of a whole synthetic Hugging Face Hub, written in the snapshot file format.

Why it exists: every metric in SPEC.md needs data with the Hub's real shape (lineage trees, heavy-
tailed downloads, schema quirks, dirty tags) at the Hub's real scale, and the real bulk files are too
big to ship or fetch here. The generator writes `out/YYYY-MM-DD/{models,datasets,spaces,daily_papers,
authors}.parquet` exactly as docs/snapshot-format.md describes, so the same ingest code runs on it
and on the Hub's own files, and tests can build a Hub of any size from a seed.

How it is built (why each choice, in short):

* One *universe* per kind: every repo that ever exists up to the last snapshot date, with its true
  creation time, an optional deletion and rename time, and the parameters of its download curve.
  A snapshot is a filter of the universe (created <= date < deleted) plus counters evaluated at that
  date from closed-form curves. So a series of snapshots is consistent by construction (all-time
  counts never fall, a repo never appears before it is created) and nothing is simulated day by day.
* The universe is sorted by creation time and processed in chunks of 128k rows. The static columns
  of a chunk (tags, card, sizes) are built once and written to every snapshot file at once, so memory
  is bounded by a chunk, not by the number of snapshots, and the work does not grow with K.
* Everything is vectorised numpy/pyarrow: string columns are built with Arrow compute kernels from
  vocabularies and index arrays, lists from (offsets, flat values). No Python loop runs per repo;
  loops run over small things only (families, years, levels of a lineage tree, chunks).
* Determinism: each component draws from its own `numpy.random.default_rng` stream keyed by the
  seed and a fixed label (crc32, not Python's randomised `hash`), and no wall clock is read; the
  parquet writer is given fixed settings. Same config, same bytes.
* Calibration (docs/synthetic-calibration.md): the all-time downloads of models at the last snapshot
  follow a fixed quantile function (about half under 200, top 0.01% near half of all downloads, as in
  SPEC C1) by assigning ranks of a popularity score to stratified quantiles; who gets which rank
  (base models of big labs, redistributors' quantisations, individuals) is what the score models.
  Because quantiles are stratified, the shares hold at any scale, from a few thousand repos up.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hubcensus.errors import UserError

__all__ = [
    "ALL_TIME_FROM",
    "CREATED_AT_FLOOR",
    "DATASET_COUNT_CHANGE",
    "GenerateConfig",
    "GenerateSummary",
    "SCHEMAS",
    "generate",
    "snapshot_dates",
    "snapshot_schema",
]

# ---------------------------------------------------------------------------------------------------
# Facts about the Hub the files must respect (SPEC "Facts about the Hub's data")
# ---------------------------------------------------------------------------------------------------

DAY_MS = 86_400_000
_EPOCH = dt.date(1970, 1, 1)
_NEVER = np.iinfo(np.int64).max


def _date_ms(d: dt.date) -> int:
    """Midnight UTC of a date in epoch milliseconds (the unit of every time in this module)."""
    return (d - _EPOCH).days * DAY_MS


#: Repos created before the Hub's March 2022 migration all carry this createdAt.
CREATED_AT_FLOOR = dt.datetime(2022, 3, 2, 23, 29, 4, tzinfo=dt.UTC)
_FLOOR_MS = _date_ms(dt.date(2022, 3, 2)) + (23 * 3600 + 29 * 60 + 4) * 1000
#: `downloadsAllTime` exists in the Hub's daily files only from this date on.
ALL_TIME_FROM = dt.date(2025, 2, 27)
#: Dataset downloads are counted differently from this date; the generator multiplies dataset
#: download rates by `_DATASET_COUNT_FACTOR` from then on so a series across it shows the break.
DATASET_COUNT_CHANGE = dt.date(2024, 9, 1)
_DATASET_COUNT_FACTOR = 1.8
_ROW_GROUP = 131_072
_FULL_SCALE_MODELS = 2_200_000  # the scale the per-organisation release counts are written for

_TS = pa.timestamp("ms", tz="UTC")
_ORG_STRUCT = pa.struct([("name", pa.string()), ("fullname", pa.string())])
_SAFETENSORS = pa.struct([("parameters", pa.map_(pa.string(), pa.int64())), ("total", pa.int64())])
_GGUF = pa.struct([("total", pa.int64()), ("architecture", pa.string()), ("context_length", pa.int64())])

#: The arrow schema of each file, exactly as docs/snapshot-format.md lists the columns.
SCHEMAS: dict[str, pa.Schema] = {
    "models": pa.schema(
        [
            ("id", pa.string()),
            ("author", pa.string()),
            ("createdAt", _TS),
            ("lastModified", _TS),
            ("downloads", pa.int64()),
            ("downloadsAllTime", pa.int64()),
            ("likes", pa.int64()),
            ("trendingScore", pa.int64()),
            ("tags", pa.list_(pa.string())),
            ("pipeline_tag", pa.string()),
            ("library_name", pa.string()),
            ("safetensors", _SAFETENSORS),
            ("gguf", _GGUF),
            ("cardData", pa.string()),
        ]
    ),
    "datasets": pa.schema(
        [
            ("id", pa.string()),
            ("author", pa.string()),
            ("createdAt", _TS),
            ("lastModified", _TS),
            ("downloads", pa.int64()),
            ("downloadsAllTime", pa.int64()),
            ("likes", pa.int64()),
            ("trendingScore", pa.int64()),
            ("tags", pa.list_(pa.string())),
            ("cardData", pa.string()),
        ]
    ),
    "spaces": pa.schema(
        [
            ("id", pa.string()),
            ("author", pa.string()),
            ("createdAt", _TS),
            ("lastModified", _TS),
            ("likes", pa.int64()),
            ("trendingScore", pa.int64()),
            ("tags", pa.list_(pa.string())),
            ("sdk", pa.string()),
            ("models", pa.list_(pa.string())),
            ("datasets", pa.list_(pa.string())),
        ]
    ),
    "daily_papers": pa.schema(
        [
            ("paper_id", pa.string()),
            ("paper_title", pa.string()),
            ("paper_upvotes", pa.int64()),
            ("paper_publishedAt", _TS),
            ("paper_submittedOnDailyAt", _TS),
            ("organization", _ORG_STRUCT),
            ("paper_organization", _ORG_STRUCT),
            ("paper_authors", pa.list_(pa.struct([("name", pa.string())]))),
            ("numComments", pa.int64()),
        ]
    ),
    "authors": pa.schema(
        [
            ("name", pa.string()),
            ("type", pa.string()),
            ("isVerified", pa.bool_()),
            ("fullname", pa.string()),
        ]
    ),
}
KINDS = ("models", "datasets", "spaces", "daily_papers", "authors")


def snapshot_schema(kind: str, date: dt.date) -> pa.Schema:
    """The schema of `kind`'s file in the snapshot of `date`: `downloadsAllTime` only from 2025-02-27."""
    schema = SCHEMAS[kind]
    if "downloadsAllTime" in schema.names and date < ALL_TIME_FROM:
        schema = schema.remove(schema.get_field_index("downloadsAllTime"))
    return schema


# ---------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerateConfig:
    """What to generate. Counts are the repos present in the *last* snapshot (a few more exist
    earlier and are deleted on the way); the other snapshots are monthly before `end`."""

    models: int = 20_000
    datasets: int = 5_000
    spaces: int = 8_000
    papers: int = 3_000
    snapshots: int = 12
    end: dt.date = dt.date(2026, 3, 1)
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("models", "datasets", "spaces", "papers", "seed"):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
                raise UserError(f"generate: {name} must be a non-negative integer, got {value!r}")
        if not isinstance(self.snapshots, int) or self.snapshots < 1:
            raise UserError(f"generate: snapshots must be a positive integer, got {self.snapshots!r}")
        if not isinstance(self.end, dt.date) or isinstance(self.end, dt.datetime):
            raise UserError(f"generate: end must be a date, got {self.end!r}")
        if self.end < dt.date(2019, 6, 1):
            raise UserError(f"generate: end {self.end} is before the synthetic Hub starts (2019)")


@dataclass(frozen=True)
class GenerateSummary:
    """What `generate` wrote: the folder, the snapshot dates (oldest first), the rows per kind per
    snapshot (aligned with `dates`), and calibration figures measured on the last snapshot."""

    out: Path
    dates: tuple[dt.date, ...]
    rows: dict[str, tuple[int, ...]]
    calibration: dict[str, float] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]


def snapshot_dates(config: GenerateConfig) -> tuple[dt.date, ...]:
    """The K snapshot dates, oldest first: `end` and the same day of the K-1 months before it."""
    out = []
    for k in range(config.snapshots - 1, -1, -1):
        month = config.end.month - 1 - k
        year = config.end.year + month // 12
        month = month % 12 + 1
        day = min(config.end.day, _days_in_month(year, month))
        out.append(dt.date(year, month, day))
    return tuple(out)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


# ---------------------------------------------------------------------------------------------------
# Tables. Real namespaces so that the registry, Big Tech, country and Fortune 500 metrics have
# something real to match; counts and dates are approximate and only shape the synthetic Hub.
# ---------------------------------------------------------------------------------------------------

# (namespace, fullname, type, verified, active since (year), own releases in 2025 at 2.2M models,
#  yearly growth of releases, weight as a daily-papers submitter)
_ORGS: tuple[tuple[str, str, str, bool, int, float, float, float], ...] = (
    ("google", "Google", "org", True, 2019, 450, 1.3, 30),
    ("google-bert", "BERT community", "org", False, 2019, 0, 1, 0),
    ("google-t5", "T5 community", "org", False, 2019, 0, 1, 0),
    ("facebook", "AI at Meta", "org", True, 2019, 420, 1.1, 26),
    ("meta-llama", "Meta Llama", "org", True, 2023, 5, 1.0, 0),
    ("FacebookAI", "Facebook AI community", "org", False, 2019, 0, 1, 0),
    ("distilbert", "DistilBERT community", "org", False, 2019, 0, 1, 0),
    ("microsoft", "Microsoft", "org", True, 2019, 450, 1.3, 30),
    ("nvidia", "NVIDIA", "org", True, 2020, 900, 1.7, 28),
    ("deepseek-ai", "DeepSeek", "org", True, 2023, 12, 1.5, 12),
    ("Qwen", "Qwen", "org", True, 2023, 60, 2.5, 26),
    ("mistralai", "Mistral AI_", "org", True, 2023, 15, 1.3, 2),
    ("openai", "OpenAI", "org", True, 2019, 6, 1.0, 3),
    ("openai-community", "OpenAI community", "org", False, 2019, 0, 1, 0),
    ("bigscience", "BigScience Workshop", "org", True, 2021, 2, 0.3, 1),
    ("stabilityai", "Stability AI", "org", True, 2022, 15, 0.7, 3),
    ("BAAI", "Beijing Academy of Artificial Intelligence", "org", True, 2021, 60, 1.2, 15),
    ("THUDM", "Knowledge Engineering Group (KEG) & Data Mining at Tsinghua University", "org", True, 2021, 10, 0.5, 10),
    ("zai-org", "Z.ai", "org", True, 2025, 40, 1, 8),
    ("baidu", "BAIDU", "org", True, 2025, 110, 1, 6),
    ("PaddlePaddle", "PaddlePaddle", "org", True, 2022, 100, 2, 2),
    ("tencent", "Tencent", "org", True, 2023, 200, 8.5, 18),
    ("ByteDance-Seed", "ByteDance Seed", "org", True, 2025, 120, 1, 32),
    ("ByteDance", "ByteDance", "org", True, 2023, 80, 8.5, 22),
    ("alibaba-pai", "Alibaba-PAI", "org", True, 2023, 20, 1.2, 4),
    ("Alibaba-NLP", "Alibaba-NLP", "org", True, 2023, 30, 1.5, 8),
    ("inclusionAI", "inclusionAI", "org", True, 2025, 40, 1, 6),
    ("moonshotai", "Moonshot AI", "org", True, 2024, 20, 3, 5),
    ("MiniMaxAI", "MiniMax", "org", True, 2025, 15, 1, 4),
    ("XiaomiMiMo", "Xiaomi MiMo", "org", True, 2025, 15, 1, 3),
    ("meituan-longcat", "Meituan LongCat", "org", True, 2025, 10, 1, 2),
    ("stepfun-ai", "StepFun", "org", True, 2024, 15, 2, 5),
    ("rednote-hilab", "rednote-hilab", "org", True, 2025, 8, 1, 3),
    ("Kwaipilot", "Kwaipilot", "org", True, 2024, 8, 1.5, 3),
    ("internlm", "InternLM", "org", True, 2023, 30, 1.2, 8),
    ("OpenGVLab", "OpenGVLab", "org", True, 2023, 80, 1.4, 15),
    ("openbmb", "OpenBMB", "org", True, 2023, 30, 1.5, 6),
    ("01-ai", "01.AI", "org", True, 2023, 2, 0.4, 1),
    ("huawei-noah", "HUAWEI Noah's Ark Lab", "org", True, 2021, 10, 1.0, 5),
    ("LGAI-EXAONE", "LG AI Research", "org", True, 2024, 20, 2, 3),
    ("naver-hyperclovax", "NAVER Cloud HyperCLOVA X", "org", True, 2025, 15, 1, 1),
    ("upstage", "upstage", "org", True, 2023, 10, 1, 1),
    ("kakaocorp", "Kakao Corp.", "org", True, 2024, 12, 2, 1),
    ("skt", "SK Telecom", "org", True, 2024, 10, 2, 0),
    ("Samsung", "Samsung", "org", True, 2024, 10, 1.5, 2),
    ("tiiuae", "Technology Innovation Institute", "org", True, 2023, 60, 1.5, 3),
    ("CohereForAI", "Cohere For AI", "org", True, 2024, 20, 1.5, 4),
    ("ai21labs", "AI21", "org", True, 2024, 5, 1, 1),
    ("allenai", "Ai2", "org", True, 2020, 300, 1.3, 15),
    ("huggingface", "Hugging Face", "org", True, 2019, 10, 0.8, 2),
    ("HuggingFaceTB", "Hugging Face Smol Models Research", "org", True, 2024, 80, 1.5, 5),
    ("HuggingFaceH4", "Hugging Face H4", "org", True, 2023, 20, 0.8, 3),
    ("HuggingFaceM4", "HuggingFaceM4", "org", True, 2022, 10, 1.0, 3),
    ("ibm-granite", "IBM Granite", "org", True, 2024, 150, 2, 4),
    ("ibm-research", "IBM Research", "org", True, 2022, 40, 1.3, 4),
    ("Intel", "Intel", "org", True, 2021, 200, 1.2, 4),
    ("amd", "AMD", "org", True, 2023, 120, 2.5, 2),
    ("apple", "Apple", "org", True, 2022, 80, 1.5, 6),
    ("amazon", "Amazon", "org", True, 2021, 60, 1.5, 5),
    ("Salesforce", "Salesforce", "org", True, 2021, 40, 1.0, 5),
    ("Snowflake", "Snowflake", "org", True, 2024, 15, 1.5, 1),
    ("databricks", "Databricks", "org", True, 2023, 5, 0.8, 1),
    ("ServiceNow-AI", "ServiceNow-AI", "org", True, 2024, 15, 1.5, 3),
    ("qualcomm", "Qualcomm", "org", True, 2024, 150, 1.5, 0),
    ("Writer", "Writer", "org", True, 2024, 5, 1, 1),
    ("EleutherAI", "EleutherAI", "org", True, 2021, 20, 0.6, 2),
    ("bigcode", "BigCode", "org", True, 2023, 10, 0.6, 2),
    ("sentence-transformers", "Sentence Transformers", "org", True, 2021, 30, 1, 0),
    ("cross-encoder", "Sentence Transformers - Cross-Encoders", "org", False, 2021, 10, 1, 0),
    ("timm", "PyTorch Image Models", "org", True, 2022, 250, 0.9, 0),
    ("laion", "LAION eV", "org", True, 2022, 10, 0.8, 2),
    ("CompVis", "CompVis", "org", True, 2022, 0, 1, 0),
    ("stable-diffusion-v1-5", "Stable Diffusion v1-5", "org", False, 2022, 0, 1, 0),
    ("black-forest-labs", "Black Forest Labs", "org", True, 2024, 8, 1.5, 1),
    ("Lightricks", "Lightricks", "org", True, 2024, 10, 1.5, 1),
    ("Wan-AI", "Wan-AI", "org", True, 2025, 15, 1, 2),
    ("hexgrad", "hexgrad", "user", False, 2024, 3, 1, 0),
    ("pyannote", "pyannote", "org", True, 2021, 3, 1, 0),
    ("speechbrain", "SpeechBrain", "org", True, 2021, 20, 0.8, 0),
    ("nomic-ai", "Nomic AI", "org", True, 2023, 10, 1.2, 1),
    ("jinaai", "Jina AI", "org", True, 2023, 20, 1.3, 3),
    ("intfloat", "intfloat", "user", False, 2022, 5, 1, 0),
    ("mixedbread-ai", "Mixedbread", "org", True, 2024, 10, 1.2, 0),
    ("answerdotai", "Answer.AI", "org", True, 2024, 5, 1, 1),
    ("NousResearch", "NousResearch", "org", True, 2023, 15, 1, 1),
    ("cognitivecomputations", "Cognitive Computations", "org", False, 2023, 20, 0.8, 0),
    ("teknium", "Teknium", "user", False, 2023, 2, 0.5, 0),
    ("lmsys", "Large Model Systems Organization", "org", True, 2023, 2, 0.5, 1),
    ("togethercomputer", "Together", "org", True, 2023, 5, 0.8, 1),
    ("Zyphra", "Zyphra", "org", True, 2024, 8, 1.3, 1),
    ("LiquidAI", "Liquid AI", "org", True, 2025, 40, 1, 1),
    (
        "Helsinki-NLP",
        "Language Technology Research Group at the University of Helsinki",
        "org",
        True,
        2020,
        30,
        0.45,
        0,
    ),
    ("sarvamai", "Sarvam AI", "org", True, 2024, 10, 1.5, 1),
    ("ai4bharat", "AI4Bharat", "org", True, 2022, 20, 1.2, 3),
    ("kyutai", "Kyutai", "org", True, 2024, 10, 1.3, 1),
    ("h2oai", "H2O.ai", "org", True, 2023, 5, 0.8, 0),
    ("OpenVINO", "OpenVINO Toolkit", "org", True, 2024, 150, 1.5, 0),
    ("onnx-community", "ONNX Community", "org", False, 2024, 400, 1.5, 0),
    ("Xenova", "Joshua", "user", False, 2023, 30, 0.5, 0),
    ("swiss-ai", "Swiss AI Initiative", "org", True, 2025, 5, 1, 1),
    ("BSC-LT", "Barcelona Supercomputing Center", "org", True, 2023, 10, 1, 1),
    ("utter-project", "UTTER", "org", False, 2024, 5, 1, 1),
    ("m-a-p", "Multimodal Art Projection", "org", False, 2023, 10, 1.3, 6),
    ("opencompass", "OpenCompass", "org", True, 2023, 2, 1, 3),
    ("InstaDeepAI", "InstaDeep Ltd", "org", True, 2022, 20, 1.3, 1),
    ("arcinstitute", "Arc Institute", "org", True, 2025, 5, 1, 1),
    ("EvolutionaryScale", "EvolutionaryScale", "org", True, 2024, 3, 1, 0),
    ("Rostlab", "Rostlab", "org", False, 2020, 3, 0.7, 0),
    ("stanfordnlp", "Stanford NLP", "org", True, 2020, 5, 1, 6),
    ("stanford-crfm", "Stanford CRFM", "org", True, 2022, 3, 1, 4),
    ("mit-han-lab", "MIT HAN Lab", "org", True, 2023, 15, 1.3, 6),
    ("princeton-nlp", "Princeton NLP group", "org", True, 2021, 5, 0.8, 4),
    ("berkeley-nest", "Berkeley-Nest", "org", False, 2023, 1, 0.5, 1),
    ("uclanlp", "UCLA NLP", "org", False, 2020, 2, 0.8, 2),
    ("epfl-llm", "EPFL LLM Team", "org", True, 2023, 2, 0.7, 1),
    ("kaist-ai", "KAIST AI", "org", True, 2023, 10, 1.2, 4),
    ("snunlp", "SNU NLP", "org", False, 2021, 2, 0.8, 0),
    ("dmis-lab", "DMIS Lab, Korea University", "org", False, 2020, 3, 0.8, 1),
    ("cardiffnlp", "Cardiff NLP", "org", True, 2021, 5, 0.8, 1),
    ("nlpaueb", "AUEB NLP Group", "org", False, 2020, 2, 0.8, 0),
    ("fnlp", "OpenMOSS (Fudan NLP)", "org", False, 2022, 8, 1.3, 5),
    ("PKU-Alignment", "PKU-Alignment", "org", False, 2023, 8, 1.3, 3),
    ("hkust-nlp", "HKUST NLP", "org", False, 2023, 4, 1.2, 3),
    ("THU-KEG", "THU-KEG", "org", False, 2023, 4, 1.2, 3),
    ("UCSC-VLAA", "UCSC-VLAA", "org", False, 2023, 4, 1.2, 3),
    ("cambridgeltl", "Cambridge LTL", "org", False, 2020, 3, 0.8, 1),
    ("nyu-mll", "NYU Machine Learning for Language", "org", False, 2020, 1, 0.5, 0),
    ("ufal", "Institute of Formal and Applied Linguistics", "org", False, 2020, 3, 1, 0),
    # Redistributors and community hubs: their repos are mostly derivatives (see _REDISTRIBUTORS).
    ("unsloth", "Unsloth AI", "org", False, 2024, 0, 1, 0),
    ("bartowski", "Bartowski", "user", False, 2024, 0, 1, 0),
    ("TheBloke", "Tom Jobbins", "user", False, 2023, 0, 1, 0),
    ("mlx-community", "MLX Community", "org", False, 2023, 0, 1, 0),
    ("lmstudio-community", "LM Studio Community", "org", False, 2024, 0, 1, 0),
    ("mradermacher", "team mradermacher", "user", False, 2024, 0, 1, 0),
    ("MaziyarPanahi", "Maziyar Panahi", "user", False, 2024, 0, 1, 0),
    ("QuantFactory", "QuantFactory", "org", False, 2024, 0, 1, 0),
    ("second-state", "Second State", "org", False, 2024, 0, 1, 0),
    ("ggml-org", "ggml.ai", "org", True, 2024, 0, 1, 0),
    ("lerobot", "LeRobot", "org", True, 2024, 10, 1.5, 1),
    ("kernels-community", "kernels-community", "org", False, 2025, 0, 1, 0),
)

# Organisations that publish their own fine-tunes of other labs' models now and then.
_FINETUNER_ORGS = (
    "NousResearch",
    "cognitivecomputations",
    "nvidia",
    "Intel",
    "allenai",
    "HuggingFaceH4",
    "upstage",
    "ibm-research",
    "teknium",
    "openbmb",
    "Salesforce",
    "Zyphra",
    "LiquidAI",
    "mistralai",
    "sarvamai",
)

# Redistributors of quantised models: (namespace, active from, active until, weight, methods).
_REDISTRIBUTORS: tuple[tuple[str, str, str, float, tuple[str, ...]], ...] = (
    ("TheBloke", "2023-04-01", "2024-02-01", 10.0, ("GGUF", "GPTQ", "AWQ")),
    ("mradermacher", "2024-03-01", "2099-01-01", 12.0, ("GGUF",)),
    ("bartowski", "2024-02-01", "2099-01-01", 6.0, ("GGUF",)),
    ("QuantFactory", "2024-04-01", "2025-01-01", 4.0, ("GGUF",)),
    ("MaziyarPanahi", "2024-01-01", "2099-01-01", 2.0, ("GGUF",)),
    ("lmstudio-community", "2024-04-01", "2099-01-01", 2.0, ("GGUF",)),
    ("second-state", "2024-01-01", "2025-06-01", 1.0, ("GGUF",)),
    ("unsloth", "2024-01-01", "2099-01-01", 4.0, ("GGUF", "BNB")),
    ("mlx-community", "2023-12-15", "2099-01-01", 5.0, ("MLX",)),
    ("ggml-org", "2024-06-01", "2099-01-01", 0.5, ("GGUF",)),
)

# Model generations: (family, org, release date, architecture, pipeline, library, context length,
#  licence, name of the base variant, name of the instruct variant ({s} = size token), sizes as
#  "token:billions,…", org-published quantisations of the instruct variant, attractiveness,
#  arXiv id, explicit parents "org/name,…" aligned with the sizes (distillations of another family)).
_GENERATIONS: tuple[tuple, ...] = (
    (
        "bert",
        "google-bert",
        "2018-11-14",
        "bert",
        "fill-mask",
        "transformers",
        512,
        "apache-2.0",
        "bert-{s}",
        None,
        "base-uncased:0.110,base-cased:0.109,large-uncased:0.336,base-multilingual-cased:0.178,base-chinese:0.102",
        "",
        40,
        "1810.04805",
        "",
    ),
    (
        "distilbert",
        "distilbert",
        "2019-10-01",
        "distilbert",
        "fill-mask",
        "transformers",
        512,
        "apache-2.0",
        "distilbert-{s}",
        None,
        "base-uncased:0.067,base-cased:0.065,base-multilingual-cased:0.135",
        "",
        14,
        "1910.01108",
        "",
    ),
    (
        "roberta",
        "FacebookAI",
        "2019-08-05",
        "roberta",
        "fill-mask",
        "transformers",
        512,
        "mit",
        "roberta-{s}",
        None,
        "base:0.125,large:0.355",
        "",
        15,
        "1907.11692",
        "",
    ),
    (
        "roberta",
        "FacebookAI",
        "2019-12-18",
        "xlm-roberta",
        "fill-mask",
        "transformers",
        512,
        "mit",
        "xlm-roberta-{s}",
        None,
        "base:0.278,large:0.560",
        "",
        16,
        "1911.02116",
        "",
    ),
    (
        "deberta",
        "microsoft",
        "2021-11-18",
        "deberta-v2",
        "fill-mask",
        "transformers",
        512,
        "mit",
        "deberta-v3-{s}",
        None,
        "small:0.141,base:0.184,large:0.435",
        "",
        6,
        "2111.09543",
        "",
    ),
    (
        "gpt2",
        "openai-community",
        "2019-02-14",
        "gpt2",
        "text-generation",
        "transformers",
        1024,
        "mit",
        "{s}",
        None,
        "gpt2:0.124,gpt2-medium:0.355,gpt2-large:0.774,gpt2-xl:1.56",
        "",
        10,
        "",
        "",
    ),
    (
        "t5",
        "google-t5",
        "2019-10-23",
        "t5",
        "translation",
        "transformers",
        512,
        "apache-2.0",
        "t5-{s}",
        None,
        "small:0.0606,base:0.223,large:0.738",
        "",
        10,
        "1910.10683",
        "",
    ),
    (
        "t5",
        "google",
        "2022-10-20",
        "t5",
        "text2text-generation",
        "transformers",
        512,
        "apache-2.0",
        "flan-t5-{s}",
        None,
        "small:0.077,base:0.248,large:0.783,xl:2.85",
        "",
        10,
        "2210.11416",
        "",
    ),
    (
        "wav2vec2",
        "facebook",
        "2021-01-04",
        "wav2vec2",
        "automatic-speech-recognition",
        "transformers",
        0,
        "apache-2.0",
        "wav2vec2-{s}",
        None,
        "base-960h:0.0944,large-960h-lv60-self:0.315,large-xlsr-53:0.315",
        "",
        6,
        "2006.11477",
        "",
    ),
    (
        "vit",
        "google",
        "2021-03-24",
        "vit",
        "image-classification",
        "transformers",
        0,
        "apache-2.0",
        "vit-{s}",
        None,
        "base-patch16-224:0.0866,base-patch16-224-in21k:0.0864,large-patch16-224:0.304",
        "",
        8,
        "2010.11929",
        "",
    ),
    (
        "clip",
        "openai",
        "2021-01-05",
        "clip",
        "zero-shot-image-classification",
        "transformers",
        77,
        "mit",
        "clip-vit-{s}",
        None,
        "base-patch32:0.151,large-patch14:0.428",
        "",
        10,
        "2103.00020",
        "",
    ),
    (
        "st",
        "sentence-transformers",
        "2021-08-30",
        "bert",
        "sentence-similarity",
        "sentence-transformers",
        512,
        "apache-2.0",
        "{s}",
        None,
        "all-MiniLM-L6-v2:0.0227,all-mpnet-base-v2:0.109,paraphrase-multilingual-MiniLM-L12-v2:0.118",
        "",
        30,
        "1908.10084",
        "",
    ),
    (
        "st",
        "BAAI",
        "2023-09-12",
        "bert",
        "feature-extraction",
        "sentence-transformers",
        512,
        "mit",
        "bge-{s}",
        None,
        "small-en-v1.5:0.0334,base-en-v1.5:0.109,large-en-v1.5:0.335",
        "",
        8,
        "2309.07597",
        "",
    ),
    (
        "st",
        "BAAI",
        "2024-01-27",
        "xlm-roberta",
        "sentence-similarity",
        "sentence-transformers",
        8192,
        "mit",
        "bge-{s}",
        None,
        "m3:0.568",
        "",
        10,
        "2402.03216",
        "",
    ),
    (
        "whisper",
        "openai",
        "2022-09-26",
        "whisper",
        "automatic-speech-recognition",
        "transformers",
        448,
        "apache-2.0",
        "whisper-{s}",
        None,
        "tiny:0.0378,base:0.0726,small:0.242,medium:0.764,large-v2:1.54",
        "",
        12,
        "2212.04356",
        "",
    ),
    (
        "whisper",
        "openai",
        "2023-11-07",
        "whisper",
        "automatic-speech-recognition",
        "transformers",
        448,
        "apache-2.0",
        "whisper-{s}",
        None,
        "large-v3:1.54",
        "",
        10,
        "2212.04356",
        "",
    ),
    (
        "whisper",
        "openai",
        "2024-10-01",
        "whisper",
        "automatic-speech-recognition",
        "transformers",
        448,
        "mit",
        "whisper-{s}",
        None,
        "large-v3-turbo:0.809",
        "",
        8,
        "2212.04356",
        "",
    ),
    (
        "sd",
        "CompVis",
        "2022-08-10",
        "stable-diffusion",
        "text-to-image",
        "diffusers",
        77,
        "creativeml-openrail-m",
        "stable-diffusion-{s}",
        None,
        "v1-4:1.07",
        "",
        8,
        "2112.10752",
        "",
    ),
    (
        "sd",
        "stable-diffusion-v1-5",
        "2022-10-20",
        "stable-diffusion",
        "text-to-image",
        "diffusers",
        77,
        "creativeml-openrail-m",
        "stable-diffusion-{s}",
        None,
        "v1-5:1.07",
        "",
        10,
        "2112.10752",
        "",
    ),
    (
        "sd",
        "stabilityai",
        "2022-12-06",
        "stable-diffusion",
        "text-to-image",
        "diffusers",
        77,
        "openrail++",
        "stable-diffusion-{s}",
        None,
        "2-1:1.3",
        "",
        6,
        "2112.10752",
        "",
    ),
    (
        "sd",
        "stabilityai",
        "2023-07-25",
        "stable-diffusion-xl",
        "text-to-image",
        "diffusers",
        77,
        "openrail++",
        "stable-diffusion-xl-{s}",
        None,
        "base-1.0:3.5",
        "",
        12,
        "2307.01952",
        "",
    ),
    (
        "sd",
        "stabilityai",
        "2024-06-12",
        "sd3",
        "text-to-image",
        "diffusers",
        256,
        "other",
        "stable-diffusion-3-{s}",
        None,
        "medium:2.0",
        "",
        4,
        "2403.03206",
        "",
    ),
    (
        "flux",
        "black-forest-labs",
        "2024-08-01",
        "flux",
        "text-to-image",
        "diffusers",
        512,
        "other",
        "FLUX.1-{s}",
        None,
        "dev:11.9,schnell:11.9",
        "",
        14,
        "",
        "",
    ),
    (
        "flux",
        "black-forest-labs",
        "2025-06-26",
        "flux",
        "image-to-image",
        "diffusers",
        512,
        "other",
        "FLUX.1-{s}",
        None,
        "Kontext-dev:11.9",
        "",
        6,
        "",
        "",
    ),
    (
        "video",
        "Wan-AI",
        "2025-02-25",
        "wan",
        "text-to-video",
        "diffusers",
        512,
        "apache-2.0",
        "Wan2.1-{s}",
        None,
        "T2V-1.3B:1.3,T2V-14B:14,I2V-14B-720P:14",
        "",
        5,
        "2503.20314",
        "",
    ),
    (
        "opt",
        "facebook",
        "2022-05-11",
        "opt",
        "text-generation",
        "transformers",
        2048,
        "other",
        "opt-{s}",
        None,
        "125m:0.125,350m:0.331,1.3b:1.3,6.7b:6.7,30b:30,66b:66",
        "",
        6,
        "2205.01068",
        "",
    ),
    (
        "bloom",
        "bigscience",
        "2022-05-19",
        "bloom",
        "text-generation",
        "transformers",
        2048,
        "bigscience-bloom-rail-1.0",
        "bloom{s}",
        None,
        "-560m:0.559,-1b7:1.72,-7b1:7.07,:176",
        "",
        6,
        "2211.05100",
        "",
    ),
    (
        "pythia",
        "EleutherAI",
        "2023-02-13",
        "gpt_neox",
        "text-generation",
        "transformers",
        2048,
        "apache-2.0",
        "pythia-{s}",
        None,
        "70m:0.07,160m:0.162,410m:0.405,1b:1.01,1.4b:1.41,2.8b:2.78,6.9b:6.86,12b:11.8",
        "",
        6,
        "2304.01373",
        "",
    ),
    (
        "gptj",
        "EleutherAI",
        "2021-06-04",
        "gptj",
        "text-generation",
        "transformers",
        2048,
        "apache-2.0",
        "gpt-j-{s}",
        None,
        "6b:6.05",
        "",
        4,
        "",
        "",
    ),
    (
        "falcon",
        "tiiuae",
        "2023-05-24",
        "falcon",
        "text-generation",
        "transformers",
        2048,
        "apache-2.0",
        "falcon-{s}",
        "falcon-{s}-instruct",
        "7b:6.92,40b:41.8",
        "",
        6,
        "2311.16867",
        "",
    ),
    (
        "falcon",
        "tiiuae",
        "2023-09-06",
        "falcon",
        "text-generation",
        "transformers",
        2048,
        "other",
        "falcon-{s}",
        None,
        "180B:180",
        "",
        2,
        "2311.16867",
        "",
    ),
    (
        "falcon",
        "tiiuae",
        "2024-12-17",
        "llama",
        "text-generation",
        "transformers",
        32768,
        "other",
        "Falcon3-{s}-Base",
        "Falcon3-{s}-Instruct",
        "1B:1.67,3B:3.23,7B:7.46,10B:10.3",
        "GGUF",
        2,
        "",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2023-07-18",
        "llama",
        "text-generation",
        "transformers",
        4096,
        "llama2",
        "Llama-2-{s}-hf",
        "Llama-2-{s}-chat-hf",
        "7b:6.74,13b:13.0,70b:69.0",
        "",
        30,
        "2307.09288",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2024-04-18",
        "llama",
        "text-generation",
        "transformers",
        8192,
        "llama3",
        "Meta-Llama-3-{s}",
        "Meta-Llama-3-{s}-Instruct",
        "8B:8.03,70B:70.6",
        "",
        30,
        "",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2024-07-23",
        "llama",
        "text-generation",
        "transformers",
        131072,
        "llama3.1",
        "Llama-3.1-{s}",
        "Llama-3.1-{s}-Instruct",
        "8B:8.03,70B:70.6,405B:406",
        "",
        35,
        "2407.21783",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2024-09-25",
        "llama",
        "text-generation",
        "transformers",
        131072,
        "llama3.2",
        "Llama-3.2-{s}",
        "Llama-3.2-{s}-Instruct",
        "1B:1.24,3B:3.21",
        "",
        25,
        "2407.21783",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2024-09-25",
        "mllama",
        "image-text-to-text",
        "transformers",
        131072,
        "llama3.2",
        "Llama-3.2-{s}-Vision",
        "Llama-3.2-{s}-Vision-Instruct",
        "11B:10.7,90B:88.6",
        "",
        6,
        "",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2024-12-06",
        "llama",
        "text-generation",
        "transformers",
        131072,
        "llama3.3",
        None,
        "Llama-3.3-{s}-Instruct",
        "70B:70.6",
        "",
        15,
        "",
        "",
    ),
    (
        "llama",
        "meta-llama",
        "2025-04-05",
        "llama4",
        "image-text-to-text",
        "transformers",
        10485760,
        "llama4",
        "Llama-4-{s}",
        "Llama-4-{s}-Instruct",
        "Scout-17B-16E:109,Maverick-17B-128E:402",
        "",
        8,
        "",
        "",
    ),
    (
        "mistral",
        "mistralai",
        "2023-09-27",
        "mistral",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "Mistral-{s}-v0.1",
        "Mistral-{s}-Instruct-v0.2",
        "7B:7.24",
        "",
        30,
        "2310.06825",
        "",
    ),
    (
        "mistral",
        "mistralai",
        "2023-12-11",
        "mixtral",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "Mixtral-{s}-v0.1",
        "Mixtral-{s}-Instruct-v0.1",
        "8x7B:46.7",
        "",
        12,
        "2401.04088",
        "",
    ),
    (
        "mistral",
        "mistralai",
        "2024-07-18",
        "mistral",
        "text-generation",
        "transformers",
        131072,
        "apache-2.0",
        "Mistral-Nemo-Base-2407",
        "Mistral-Nemo-Instruct-2407",
        "12B:12.2",
        "",
        12,
        "",
        "",
    ),
    (
        "mistral",
        "mistralai",
        "2024-11-18",
        "mistral",
        "text-generation",
        "transformers",
        131072,
        "other",
        None,
        "Mistral-Large-Instruct-2411",
        "123B:123",
        "",
        3,
        "",
        "",
    ),
    (
        "mistral",
        "mistralai",
        "2025-01-30",
        "mistral",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "Mistral-Small-{s}-Base-2501",
        "Mistral-Small-{s}-Instruct-2501",
        "24B:23.6",
        "",
        10,
        "",
        "",
    ),
    (
        "mistral",
        "mistralai",
        "2025-06-10",
        "mistral",
        "text-generation",
        "transformers",
        40960,
        "apache-2.0",
        None,
        "Magistral-Small-2506",
        "24B:23.6",
        "",
        5,
        "",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2023-08-03",
        "qwen",
        "text-generation",
        "transformers",
        8192,
        "other",
        "Qwen-{s}",
        "Qwen-{s}-Chat",
        "1_8B:1.84,7B:7.72,14B:14.2,72B:72.3",
        "",
        6,
        "2309.16609",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2024-02-05",
        "qwen2",
        "text-generation",
        "transformers",
        32768,
        "other",
        "Qwen1.5-{s}",
        "Qwen1.5-{s}-Chat",
        "0.5B:0.464,1.8B:1.84,4B:3.95,7B:7.72,14B:14.2,32B:32.5,72B:72.3,110B:111",
        "GGUF,AWQ",
        10,
        "",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2024-06-06",
        "qwen2",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "Qwen2-{s}",
        "Qwen2-{s}-Instruct",
        "0.5B:0.494,1.5B:1.54,7B:7.62,57B-A14B:57.4,72B:72.7",
        "GGUF,AWQ",
        14,
        "2407.10671",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2024-09-18",
        "qwen2",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "Qwen2.5-{s}",
        "Qwen2.5-{s}-Instruct",
        "0.5B:0.494,1.5B:1.54,3B:3.09,7B:7.62,14B:14.8,32B:32.8,72B:72.7",
        "GGUF,AWQ,GPTQ-Int4",
        40,
        "2412.15115",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2024-09-19",
        "qwen2",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "Qwen2.5-Coder-{s}",
        "Qwen2.5-Coder-{s}-Instruct",
        "1.5B:1.54,7B:7.62,14B:14.8,32B:32.8",
        "GGUF",
        12,
        "2409.12186",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2024-09-19",
        "qwen2",
        "text-generation",
        "transformers",
        4096,
        "apache-2.0",
        "Qwen2.5-Math-{s}",
        "Qwen2.5-Math-{s}-Instruct",
        "1.5B:1.54,7B:7.62,72B:72.7",
        "",
        6,
        "2409.12122",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2025-01-26",
        "qwen2_5_vl",
        "image-text-to-text",
        "transformers",
        128000,
        "apache-2.0",
        None,
        "Qwen2.5-VL-{s}-Instruct",
        "3B:3.75,7B:8.29,32B:33.5,72B:73.4",
        "AWQ",
        20,
        "2502.13923",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2025-04-29",
        "qwen3",
        "text-generation",
        "transformers",
        40960,
        "apache-2.0",
        "Qwen3-{s}-Base",
        "Qwen3-{s}",
        "0.6B:0.596,1.7B:2.03,4B:4.02,8B:8.19,14B:14.8,32B:32.8",
        "GGUF,AWQ,FP8",
        45,
        "2505.09388",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2025-04-29",
        "qwen3_moe",
        "text-generation",
        "transformers",
        40960,
        "apache-2.0",
        "Qwen3-{s}-Base",
        "Qwen3-{s}",
        "30B-A3B:30.5,235B-A22B:235",
        "GGUF,FP8",
        25,
        "2505.09388",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2025-07-22",
        "qwen3_moe",
        "text-generation",
        "transformers",
        262144,
        "apache-2.0",
        None,
        "Qwen3-{s}-Instruct-2507",
        "30B-A3B:30.5,235B-A22B:235",
        "FP8",
        15,
        "2505.09388",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2025-07-23",
        "qwen3_moe",
        "text-generation",
        "transformers",
        262144,
        "apache-2.0",
        None,
        "Qwen3-Coder-{s}-Instruct",
        "30B-A3B:30.5,480B-A35B:480",
        "FP8",
        10,
        "",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2025-10-15",
        "qwen3_vl",
        "image-text-to-text",
        "transformers",
        262144,
        "apache-2.0",
        None,
        "Qwen3-VL-{s}-Instruct",
        "4B:4.44,8B:8.77,30B-A3B:31.1,235B-A22B:236",
        "FP8",
        12,
        "",
        "",
    ),
    (
        "qwen",
        "Qwen",
        "2026-02-16",
        "qwen3_5_moe",
        "image-text-to-text",
        "transformers",
        262144,
        "apache-2.0",
        None,
        "Qwen3.5-{s}",
        "27B:27.8,35B-A3B:36.0,397B-A17B:397",
        "FP8",
        25,
        "",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2023-11-02",
        "llama",
        "text-generation",
        "transformers",
        16384,
        "other",
        "deepseek-coder-{s}-base",
        "deepseek-coder-{s}-instruct",
        "1.3b:1.35,6.7b:6.74,33b:33.3",
        "",
        8,
        "2401.14196",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2023-11-29",
        "llama",
        "text-generation",
        "transformers",
        4096,
        "other",
        "deepseek-llm-{s}-base",
        "deepseek-llm-{s}-chat",
        "7b:6.91,67b:67.4",
        "",
        4,
        "2401.02954",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2024-05-06",
        "deepseek_v2",
        "text-generation",
        "transformers",
        163840,
        "other",
        "DeepSeek-V2{s}",
        "DeepSeek-V2{s}-Chat",
        "-Lite:15.7,:236",
        "",
        3,
        "2405.04434",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2024-12-26",
        "deepseek_v3",
        "text-generation",
        "transformers",
        163840,
        "mit",
        "DeepSeek-V3-Base",
        "DeepSeek-V3",
        "671B:671",
        "",
        12,
        "2412.19437",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2025-01-20",
        "deepseek_v3",
        "text-generation",
        "transformers",
        163840,
        "mit",
        None,
        "DeepSeek-R1",
        "671B:671",
        "",
        30,
        "2501.12948",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2025-01-20",
        "qwen2",
        "text-generation",
        "transformers",
        131072,
        "mit",
        None,
        "DeepSeek-R1-Distill-Qwen-{s}",
        "1.5B:1.78,7B:7.62,14B:14.8,32B:32.8",
        "",
        25,
        "2501.12948",
        "Qwen/Qwen2.5-Math-1.5B,Qwen/Qwen2.5-Math-7B,Qwen/Qwen2.5-14B,Qwen/Qwen2.5-32B",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2025-01-20",
        "llama",
        "text-generation",
        "transformers",
        131072,
        "mit",
        None,
        "DeepSeek-R1-Distill-Llama-{s}",
        "8B:8.03,70B:70.6",
        "",
        15,
        "2501.12948",
        "meta-llama/Llama-3.1-8B,meta-llama/Llama-3.3-70B-Instruct",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2025-05-28",
        "qwen3",
        "text-generation",
        "transformers",
        131072,
        "mit",
        None,
        "DeepSeek-R1-0528-Qwen3-8B",
        "8B:8.19",
        "",
        10,
        "",
        "Qwen/Qwen3-8B-Base",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2025-08-21",
        "deepseek_v3",
        "text-generation",
        "transformers",
        163840,
        "mit",
        "DeepSeek-V3.1-Base",
        "DeepSeek-V3.1",
        "671B:671",
        "",
        10,
        "",
        "",
    ),
    (
        "deepseek",
        "deepseek-ai",
        "2025-12-01",
        "deepseek_v32",
        "text-generation",
        "transformers",
        163840,
        "mit",
        None,
        "DeepSeek-V3.2",
        "685B:685",
        "",
        8,
        "",
        "",
    ),
    (
        "gemma",
        "google",
        "2024-02-21",
        "gemma",
        "text-generation",
        "transformers",
        8192,
        "gemma",
        "gemma-{s}",
        "gemma-{s}-it",
        "2b:2.51,7b:8.54",
        "",
        12,
        "2403.08295",
        "",
    ),
    (
        "gemma",
        "google",
        "2024-06-27",
        "gemma2",
        "text-generation",
        "transformers",
        8192,
        "gemma",
        "gemma-2-{s}",
        "gemma-2-{s}-it",
        "2b:2.61,9b:9.24,27b:27.2",
        "",
        18,
        "2408.00118",
        "",
    ),
    (
        "gemma",
        "google",
        "2025-03-12",
        "gemma3",
        "image-text-to-text",
        "transformers",
        131072,
        "gemma",
        "gemma-3-{s}-pt",
        "gemma-3-{s}-it",
        "1b:1.0,4b:4.3,12b:12.2,27b:27.4",
        "",
        25,
        "2503.19786",
        "",
    ),
    (
        "gemma",
        "google",
        "2025-06-26",
        "gemma3n",
        "image-text-to-text",
        "transformers",
        32768,
        "gemma",
        "gemma-3n-{s}",
        "gemma-3n-{s}-it",
        "E2B:5.44,E4B:7.85",
        "",
        6,
        "",
        "",
    ),
    (
        "phi",
        "microsoft",
        "2023-09-10",
        "phi",
        "text-generation",
        "transformers",
        2048,
        "mit",
        "phi-{s}",
        None,
        "1_5:1.42",
        "",
        5,
        "",
        "",
    ),
    (
        "phi",
        "microsoft",
        "2023-12-13",
        "phi",
        "text-generation",
        "transformers",
        2048,
        "mit",
        "phi-{s}",
        None,
        "2:2.78",
        "",
        8,
        "",
        "",
    ),
    (
        "phi",
        "microsoft",
        "2024-04-22",
        "phi3",
        "text-generation",
        "transformers",
        4096,
        "mit",
        None,
        "Phi-3-{s}-instruct",
        "mini-4k:3.82,medium-4k:14.0",
        "",
        10,
        "2404.14219",
        "",
    ),
    (
        "phi",
        "microsoft",
        "2024-08-16",
        "phi3",
        "text-generation",
        "transformers",
        131072,
        "mit",
        None,
        "Phi-3.5-{s}-instruct",
        "mini:3.82,MoE:41.9",
        "",
        6,
        "2404.14219",
        "",
    ),
    (
        "phi",
        "microsoft",
        "2024-12-11",
        "phi3",
        "text-generation",
        "transformers",
        16384,
        "mit",
        None,
        "phi-{s}",
        "4:14.7",
        "",
        10,
        "2412.08905",
        "",
    ),
    (
        "phi",
        "microsoft",
        "2025-02-26",
        "phi3",
        "text-generation",
        "transformers",
        131072,
        "mit",
        None,
        "Phi-4-{s}-instruct",
        "mini:3.84",
        "",
        6,
        "",
        "",
    ),
    (
        "smollm",
        "HuggingFaceTB",
        "2024-07-14",
        "llama",
        "text-generation",
        "transformers",
        2048,
        "apache-2.0",
        "SmolLM-{s}",
        "SmolLM-{s}-Instruct",
        "135M:0.135,360M:0.362,1.7B:1.71",
        "",
        6,
        "",
        "",
    ),
    (
        "smollm",
        "HuggingFaceTB",
        "2024-10-31",
        "llama",
        "text-generation",
        "transformers",
        8192,
        "apache-2.0",
        "SmolLM2-{s}",
        "SmolLM2-{s}-Instruct",
        "135M:0.135,360M:0.362,1.7B:1.71",
        "",
        10,
        "2502.02737",
        "",
    ),
    (
        "smollm",
        "HuggingFaceTB",
        "2025-07-08",
        "smollm3",
        "text-generation",
        "transformers",
        65536,
        "apache-2.0",
        "SmolLM3-{s}-Base",
        "SmolLM3-{s}",
        "3B:3.08",
        "",
        6,
        "",
        "",
    ),
    (
        "yi",
        "01-ai",
        "2023-11-02",
        "llama",
        "text-generation",
        "transformers",
        4096,
        "apache-2.0",
        "Yi-{s}",
        "Yi-{s}-Chat",
        "6B:6.06,34B:34.4",
        "",
        5,
        "2403.04652",
        "",
    ),
    (
        "internlm",
        "internlm",
        "2024-07-03",
        "internlm2",
        "text-generation",
        "transformers",
        32768,
        "other",
        "internlm2_5-{s}",
        "internlm2_5-{s}-chat",
        "7b:7.74,20b:19.9",
        "",
        3,
        "",
        "",
    ),
    (
        "glm",
        "THUDM",
        "2023-03-13",
        "chatglm",
        "text-generation",
        "transformers",
        2048,
        "other",
        None,
        "chatglm-{s}",
        "6b:6.17",
        "",
        5,
        "",
        "",
    ),
    (
        "glm",
        "THUDM",
        "2024-06-04",
        "glm",
        "text-generation",
        "transformers",
        131072,
        "other",
        "glm-4-{s}",
        "glm-4-{s}-chat",
        "9b:9.4",
        "",
        4,
        "",
        "",
    ),
    (
        "glm",
        "zai-org",
        "2025-07-28",
        "glm4_moe",
        "text-generation",
        "transformers",
        131072,
        "mit",
        "GLM-{s}-Base",
        "GLM-{s}",
        "4.5:358,4.5-Air:110",
        "FP8",
        10,
        "2508.06471",
        "",
    ),
    (
        "glm",
        "zai-org",
        "2025-09-30",
        "glm4_moe",
        "text-generation",
        "transformers",
        202752,
        "mit",
        None,
        "GLM-{s}",
        "4.6:357",
        "FP8",
        8,
        "",
        "",
    ),
    (
        "glm",
        "zai-org",
        "2025-12-22",
        "glm4_moe",
        "text-generation",
        "transformers",
        202752,
        "mit",
        None,
        "GLM-{s}",
        "4.7:358",
        "FP8",
        8,
        "",
        "",
    ),
    (
        "kimi",
        "moonshotai",
        "2025-07-11",
        "kimi_k2",
        "text-generation",
        "transformers",
        131072,
        "other",
        "Kimi-K2-Base",
        "Kimi-K2-Instruct",
        "1T:1026",
        "",
        10,
        "2507.20534",
        "",
    ),
    (
        "kimi",
        "moonshotai",
        "2025-11-06",
        "kimi_k2",
        "text-generation",
        "transformers",
        262144,
        "other",
        None,
        "Kimi-K2-Thinking",
        "1T:1026",
        "",
        8,
        "",
        "",
    ),
    (
        "minimax",
        "MiniMaxAI",
        "2025-06-16",
        "minimax_m1",
        "text-generation",
        "transformers",
        1000000,
        "apache-2.0",
        None,
        "MiniMax-M1-80k",
        "456B:456",
        "",
        3,
        "2506.13585",
        "",
    ),
    (
        "minimax",
        "MiniMaxAI",
        "2025-10-27",
        "minimax_m2",
        "text-generation",
        "transformers",
        196608,
        "mit",
        None,
        "MiniMax-M2",
        "230B:229",
        "",
        8,
        "",
        "",
    ),
    (
        "gptoss",
        "openai",
        "2025-08-05",
        "gpt_oss",
        "text-generation",
        "transformers",
        131072,
        "apache-2.0",
        None,
        "gpt-oss-{s}",
        "20b:21.5,120b:120",
        "",
        30,
        "2508.10925",
        "",
    ),
    (
        "ernie",
        "baidu",
        "2025-06-30",
        "ernie4_5_moe",
        "text-generation",
        "transformers",
        131072,
        "apache-2.0",
        "ERNIE-4.5-{s}-Base-PT",
        "ERNIE-4.5-{s}-PT",
        "0.3B:0.36,21B-A3B:21.8,300B-A47B:300",
        "",
        6,
        "",
        "",
    ),
    (
        "hunyuan",
        "tencent",
        "2025-06-27",
        "hunyuan_v1_moe",
        "text-generation",
        "transformers",
        262144,
        "other",
        "Hunyuan-A13B-Pretrain",
        "Hunyuan-A13B-Instruct",
        "80B-A13B:80",
        "",
        4,
        "",
        "",
    ),
    (
        "hunyuan",
        "tencent",
        "2025-07-30",
        "hunyuan_v1_dense",
        "text-generation",
        "transformers",
        262144,
        "other",
        "Hunyuan-{s}-Pretrain",
        "Hunyuan-{s}-Instruct",
        "0.5B:0.5,1.8B:1.8,4B:4.0,7B:7.5",
        "",
        4,
        "",
        "",
    ),
    (
        "seed",
        "ByteDance-Seed",
        "2025-08-20",
        "seed_oss",
        "text-generation",
        "transformers",
        524288,
        "apache-2.0",
        "Seed-OSS-{s}-Base",
        "Seed-OSS-{s}-Instruct",
        "36B:36.2",
        "",
        5,
        "",
        "",
    ),
    (
        "exaone",
        "LGAI-EXAONE",
        "2024-08-07",
        "exaone",
        "text-generation",
        "transformers",
        4096,
        "other",
        None,
        "EXAONE-3.0-{s}-Instruct",
        "7.8B:7.82",
        "",
        3,
        "",
        "",
    ),
    (
        "exaone",
        "LGAI-EXAONE",
        "2024-12-09",
        "exaone",
        "text-generation",
        "transformers",
        32768,
        "other",
        None,
        "EXAONE-3.5-{s}-Instruct",
        "2.4B:2.41,7.8B:7.82,32B:32.0",
        "",
        4,
        "",
        "",
    ),
    (
        "exaone",
        "LGAI-EXAONE",
        "2025-07-15",
        "exaone4",
        "text-generation",
        "transformers",
        131072,
        "other",
        None,
        "EXAONE-4.0-{s}",
        "1.2B:1.28,32B:32.0",
        "",
        4,
        "",
        "",
    ),
    (
        "exaone",
        "LGAI-EXAONE",
        "2026-01-12",
        "exaone_moe",
        "text-generation",
        "transformers",
        262144,
        "other",
        None,
        "K-EXAONE-{s}",
        "236B-A23B:236",
        "",
        14,
        "",
        "",
    ),
    (
        "hyperclova",
        "naver-hyperclovax",
        "2025-04-22",
        "llama",
        "text-generation",
        "transformers",
        131072,
        "other",
        None,
        "HyperCLOVAX-SEED-Text-Instruct-{s}",
        "0.5B:0.57,1.5B:1.6",
        "",
        3,
        "",
        "",
    ),
    (
        "hyperclova",
        "naver-hyperclovax",
        "2026-01-07",
        "hyperclovax",
        "text-generation",
        "transformers",
        131072,
        "other",
        None,
        "HyperCLOVAX-SEED-Think-{s}",
        "32B:33.0",
        "",
        12,
        "",
        "",
    ),
    (
        "solar",
        "upstage",
        "2023-12-12",
        "llama",
        "text-generation",
        "transformers",
        4096,
        "apache-2.0",
        "SOLAR-{s}-v1.0",
        "SOLAR-{s}-Instruct-v1.0",
        "10.7B:10.7",
        "",
        6,
        "2312.15166",
        "",
    ),
    (
        "solar",
        "upstage",
        "2026-01-05",
        "solar_open",
        "text-generation",
        "transformers",
        131072,
        "other",
        None,
        "Solar-Open-{s}",
        "100B:102",
        "",
        12,
        "",
        "",
    ),
    (
        "kanana",
        "kakaocorp",
        "2025-05-23",
        "llama",
        "text-generation",
        "transformers",
        32768,
        "apache-2.0",
        "kanana-1.5-{s}-base",
        "kanana-1.5-{s}-instruct-2505",
        "2.1b:2.09,8b:8.04",
        "",
        3,
        "",
        "",
    ),
    (
        "granite",
        "ibm-granite",
        "2024-10-21",
        "granite",
        "text-generation",
        "transformers",
        4096,
        "apache-2.0",
        "granite-3.0-{s}-base",
        "granite-3.0-{s}-instruct",
        "2b:2.63,8b:8.17",
        "",
        4,
        "",
        "",
    ),
    (
        "granite",
        "ibm-granite",
        "2025-04-16",
        "granite",
        "text-generation",
        "transformers",
        131072,
        "apache-2.0",
        "granite-3.3-{s}-base",
        "granite-3.3-{s}-instruct",
        "2b:2.53,8b:8.17",
        "",
        5,
        "",
        "",
    ),
    (
        "granite",
        "ibm-granite",
        "2025-10-02",
        "granitemoehybrid",
        "text-generation",
        "transformers",
        131072,
        "apache-2.0",
        "granite-4.0-{s}-base",
        "granite-4.0-{s}",
        "micro:3.4,h-tiny:6.94,h-small:32.2",
        "",
        5,
        "",
        "",
    ),
    (
        "olmo",
        "allenai",
        "2024-11-26",
        "olmo2",
        "text-generation",
        "transformers",
        4096,
        "apache-2.0",
        "OLMo-2-1124-{s}",
        "OLMo-2-1124-{s}-Instruct",
        "7B:7.3,13B:13.7",
        "",
        3,
        "2501.00656",
        "",
    ),
    (
        "olmo",
        "allenai",
        "2025-11-20",
        "olmo3",
        "text-generation",
        "transformers",
        65536,
        "apache-2.0",
        "Olmo-3-1025-{s}",
        "Olmo-3-{s}-Instruct",
        "7B:7.3,32B:32.2",
        "",
        3,
        "",
        "",
    ),
    (
        "commandr",
        "CohereForAI",
        "2024-03-11",
        "cohere",
        "text-generation",
        "transformers",
        131072,
        "cc-by-nc-4.0",
        None,
        "c4ai-command-r-v01",
        "35B:35.0",
        "",
        4,
        "",
        "",
    ),
    (
        "minicpm",
        "openbmb",
        "2024-08-06",
        "minicpmv",
        "image-text-to-text",
        "transformers",
        32768,
        "other",
        None,
        "MiniCPM-V-2_6",
        "8B:8.1",
        "",
        5,
        "",
        "",
    ),
    (
        "nemotron",
        "nvidia",
        "2024-10-15",
        "llama",
        "text-generation",
        "transformers",
        131072,
        "llama3.1",
        None,
        "Llama-3.1-Nemotron-70B-Instruct-HF",
        "70B:70.6",
        "",
        4,
        "",
        "meta-llama/Llama-3.1-70B-Instruct",
    ),
    (
        "nemotron",
        "nvidia",
        "2025-08-18",
        "nemotron_h",
        "text-generation",
        "transformers",
        131072,
        "other",
        "NVIDIA-Nemotron-Nano-{s}-v2-Base",
        "NVIDIA-Nemotron-Nano-{s}-v2",
        "9B:8.89,12B:12.3",
        "",
        5,
        "",
        "",
    ),
    (
        "robotics",
        "lerobot",
        "2025-02-04",
        "pi0",
        "robotics",
        "lerobot",
        0,
        "apache-2.0",
        None,
        "{s}",
        "pi0:3.5,smolvla_base:0.45",
        "",
        4,
        "",
        "",
    ),
    (
        "amd",
        "amd",
        "2025-03-05",
        "instella",
        "text-generation",
        "transformers",
        4096,
        "other",
        "Instella-{s}",
        "Instella-{s}-Instruct",
        "3B:3.11",
        "",
        2,
        "",
        "",
    ),
    (
        "openelm",
        "apple",
        "2024-04-24",
        "openelm",
        "text-generation",
        "transformers",
        2048,
        "other",
        "OpenELM-{s}",
        "OpenELM-{s}-Instruct",
        "270M:0.27,1_1B:1.08,3B:3.04",
        "",
        3,
        "",
        "",
    ),
    (
        "chronos",
        "amazon",
        "2024-03-13",
        "t5",
        "time-series-forecasting",
        "transformers",
        512,
        "apache-2.0",
        "chronos-t5-{s}",
        None,
        "tiny:0.008,small:0.046,base:0.2,large:0.71",
        "",
        10,
        "2403.07815",
        "",
    ),
    (
        "esm",
        "facebook",
        "2022-09-27",
        "esm",
        "fill-mask",
        "transformers",
        1026,
        "mit",
        "esm2_{s}",
        None,
        "t6_8M_UR50D:0.0078,t33_650M_UR50D:0.652,t36_3B_UR50D:2.84",
        "",
        5,
        "",
        "",
    ),
    (
        "evo",
        "arcinstitute",
        "2025-02-19",
        "evo2",
        "text-generation",
        "transformers",
        1048576,
        "apache-2.0",
        "evo2_{s}",
        None,
        "7b:7.0,40b:40.0",
        "",
        2,
        "",
        "",
    ),
    (
        "segformer",
        "nvidia",
        "2022-04-01",
        "segformer",
        "image-segmentation",
        "transformers",
        0,
        "other",
        "segformer-{s}",
        None,
        "b0-finetuned-ade-512-512:0.0037,b5-finetuned-ade-640-640:0.0848",
        "",
        3,
        "",
        "",
    ),
    (
        "parakeet",
        "nvidia",
        "2024-01-02",
        "fastconformer",
        "automatic-speech-recognition",
        "nemo",
        0,
        "cc-by-4.0",
        None,
        "parakeet-{s}",
        "tdt-0.6b-v2:0.6,ctc-1.1b:1.1",
        "",
        3,
        "",
        "",
    ),
    (
        "resnet",
        "microsoft",
        "2022-03-16",
        "resnet",
        "image-classification",
        "transformers",
        0,
        "apache-2.0",
        "resnet-{s}",
        None,
        "50:0.0256,18:0.0117",
        "",
        6,
        "",
        "",
    ),
    (
        "timm",
        "timm",
        "2022-11-01",
        "timm",
        "image-classification",
        "timm",
        0,
        "apache-2.0",
        "{s}",
        None,
        "mobilenetv3_small_100.lamb_in1k:0.0025,resnet50.a1_in1k:0.0256,vit_base_patch16_224.augreg2_in21k_ft_in1k:0.0866",
        "",
        6,
        "",
        "",
    ),
    (
        "blip",
        "Salesforce",
        "2022-12-12",
        "blip",
        "image-to-text",
        "transformers",
        512,
        "bsd-3-clause",
        "blip-image-captioning-{s}",
        None,
        "base:0.247,large:0.47",
        "",
        5,
        "2201.12086",
        "",
    ),
    (
        "pyannote",
        "pyannote",
        "2023-09-22",
        "pyannet",
        "voice-activity-detection",
        "pyannote-audio",
        0,
        "mit",
        "{s}",
        None,
        "segmentation-3.0:0.00147",
        "",
        8,
        "",
        "",
    ),
    (
        "kokoro",
        "hexgrad",
        "2024-12-25",
        "kokoro",
        "text-to-speech",
        "",
        0,
        "apache-2.0",
        None,
        "Kokoro-{s}",
        "82M:0.082",
        "",
        5,
        "",
        "",
    ),
)

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

_PIPELINES = (
    "text-generation",
    "text-classification",
    "token-classification",
    "question-answering",
    "fill-mask",
    "summarization",
    "translation",
    "text2text-generation",
    "feature-extraction",
    "sentence-similarity",
    "zero-shot-classification",
    "image-classification",
    "object-detection",
    "image-segmentation",
    "text-to-image",
    "image-to-image",
    "image-to-text",
    "image-text-to-text",
    "visual-question-answering",
    "zero-shot-image-classification",
    "automatic-speech-recognition",
    "text-to-speech",
    "audio-classification",
    "voice-activity-detection",
    "reinforcement-learning",
    "tabular-classification",
    "tabular-regression",
    "time-series-forecasting",
    "text-to-video",
    "robotics",
    "any-to-any",
    "depth-estimation",
)
# Tasks of models that are not derived from a known family, by year (weights over _PIPELINES + none).
_ORIGINAL_TASKS = {
    "text-generation": (0.08, 0.08, 0.08, 0.08, 0.14, 0.18, 0.2, 0.2),
    "text-classification": (0.2, 0.2, 0.2, 0.15, 0.12, 0.1, 0.08, 0.08),
    "token-classification": (0.06, 0.06, 0.06, 0.05, 0.04, 0.03, 0.02, 0.02),
    "question-answering": (0.04, 0.04, 0.04, 0.03, 0.02, 0.015, 0.01, 0.01),
    "summarization": (0.02, 0.02, 0.03, 0.03, 0.02, 0.01, 0.01, 0.01),
    "translation": (0.04, 0.04, 0.04, 0.03, 0.02, 0.015, 0.01, 0.01),
    "feature-extraction": (0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03),
    "image-classification": (0.04, 0.04, 0.05, 0.07, 0.07, 0.06, 0.05, 0.05),
    "object-detection": (0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02, 0.02),
    "image-segmentation": (0.005, 0.005, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01),
    "text-to-image": (0, 0, 0, 0.03, 0.04, 0.03, 0.03, 0.03),
    "image-text-to-text": (0, 0, 0, 0, 0.005, 0.03, 0.05, 0.06),
    "automatic-speech-recognition": (0.03, 0.03, 0.05, 0.05, 0.04, 0.03, 0.03, 0.03),
    "text-to-speech": (0.01, 0.01, 0.01, 0.01, 0.02, 0.02, 0.03, 0.03),
    "audio-classification": (0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01),
    "reinforcement-learning": (0.03, 0.03, 0.03, 0.18, 0.14, 0.05, 0.03, 0.03),
    "tabular-classification": (0.01, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005),
    "time-series-forecasting": (0.002, 0.002, 0.002, 0.003, 0.004, 0.005, 0.005, 0.005),
    "robotics": (0, 0, 0, 0, 0, 0.003, 0.03, 0.04),
    "any-to-any": (0, 0, 0, 0, 0, 0.002, 0.005, 0.006),
    None: (0.3, 0.3, 0.25, 0.18, 0.2, 0.25, 0.25, 0.25),
}
_LIBRARIES = (
    "transformers",
    "diffusers",
    "peft",
    "gguf",
    "mlx",
    "sentence-transformers",
    "timm",
    "stable-baselines3",
    "ml-agents",
    "sklearn",
    "keras",
    "pytorch",
    "lerobot",
    "kernels",
    "nemo",
    "pyannote-audio",
    "onnx",
    "transformers.js",
    "openvino",
)
_LANGS = (
    "en",
    "zh",
    "ko",
    "ja",
    "fr",
    "de",
    "es",
    "ru",
    "ar",
    "hi",
    "vi",
    "id",
    "tr",
    "pt",
    "it",
    "nl",
    "pl",
    "fa",
    "th",
    "uk",
    "multilingual",
)
_LICENSES = (
    "apache-2.0",
    "mit",
    "other",
    "cc-by-4.0",
    "cc-by-nc-4.0",
    "openrail",
    "creativeml-openrail-m",
    "openrail++",
    "gpl-3.0",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "bigscience-bloom-rail-1.0",
    "cc-by-sa-4.0",
    "bsd-3-clause",
    "afl-3.0",
    "mrl",
    "unknown",
)
_ORIGINAL_LICENSES = (0.42, 0.22, 0.06, 0.05, 0.04, 0.02, 0.01, 0, 0.02) + (0,) * 8 + (0.02, 0.01, 0.02, 0, 0.11)
_HW_TAGS = ("mlx", "openvino", "onnx", "rocm", "amd", "cuda", "tensorrt", "coreml", "ascend", "npu", "metal")
_SCIENCE_TAGS = (
    "biology",
    "chemistry",
    "protein",
    "medical",
    "drug-discovery",
    "genomics",
    "molecules",
    "climate",
    "materials-science",
    "physics",
)
_DATASET_TAGS_POPULAR = (
    "HuggingFaceH4/ultrachat_200k",
    "tatsu-lab/alpaca",
    "Open-Orca/OpenOrca",
    "teknium/OpenHermes-2.5",
    "open-thoughts/OpenThoughts-114k",
    "squad",
    "imdb",
    "glue",
    "conll2003",
    "mozilla-foundation/common_voice_11_0",
    "HuggingFaceFW/fineweb-edu",
    "allenai/c4",
    "wikipedia",
    "openai/gsm8k",
    "yahma/alpaca-cleaned",
    "argilla/distilabel-math-preference-dpo",
    "HuggingFaceH4/ultrafeedback_binarized",
    "lmsys/lmsys-chat-1m",
)
_CARD_TAGS = (
    '["unsloth", "trl", "sft"]',
    '["trl", "sft"]',
    '["mergekit", "merge"]',
    '["text-generation-inference", "transformers", "unsloth", "llama", "trl"]',
    '["generated_from_trainer"]',
    '["lora", "peft"]',
    '["gguf", "llama-cpp", "gguf-my-repo"]',
    '["mlx"]',
    '["chat"]',
    '["medical"]',
    '["code"]',
    '["reasoning"]',
    '["text-to-image", "lora", "diffusers", "template:sd-lora"]',
    '["autotrain"]',
    '["dpo"]',
    '["grpo"]',
)

# Words for names and titles.
_WORDS = (
    "nova",
    "atlas",
    "orion",
    "zephyr",
    "aurora",
    "nebula",
    "phoenix",
    "titan",
    "echo",
    "lumina",
    "sage",
    "spark",
    "vega",
    "luna",
    "delta",
    "omega",
    "pixel",
    "quantum",
    "cosmo",
    "raven",
    "lynx",
    "otter",
    "koala",
    "tiger",
    "dragon",
    "mystic",
    "neural",
    "deep",
    "smart",
    "tiny",
    "mini",
    "micro",
    "mega",
    "ultra",
    "hyper",
    "open",
    "wise",
    "bright",
    "swift",
    "calm",
    "bold",
    "clever",
    "little",
    "silver",
    "golden",
    "crimson",
    "azure",
    "ember",
    "frost",
    "storm",
    "river",
    "forest",
    "ocean",
    "summit",
    "pioneer",
    "vertex",
    "helix",
    "prism",
    "cipher",
    "beacon",
    "harbor",
    "meadow",
    "aria",
    "cobalt",
    "onyx",
    "jade",
    "saffron",
    "maple",
)
_FT_WORDS = (
    "sft",
    "dpo",
    "orpo",
    "grpo",
    "instruct",
    "chat",
    "finetuned",
    "merged",
    "math",
    "code",
    "reasoning",
    "roleplay",
    "medical",
    "legal",
    "finance",
    "ko",
    "ja",
    "zh",
    "vi",
    "tr",
    "ar",
    "hi",
    "de",
    "fr",
    "es",
    "pt",
    "ru",
    "uncensored",
    "abliterated",
    "distill",
    "rl",
    "v2",
    "v1",
    "test",
    "exp",
    "alpaca",
    "ultrachat",
    "openhermes",
    "cot",
    "function-calling",
    "tool-use",
    "lora-merged",
    "full",
    "e3",
    "r1",
)
_ENC_WORDS = (
    "finetuned-ner",
    "finetuned-squad",
    "finetuned-imdb",
    "finetuned-emotion",
    "finetuned-sst2",
    "finetuned-cola",
    "finetuned-mrpc",
    "sentiment",
    "ner",
    "qa",
    "classifier",
    "spam",
    "toxic",
    "finetuned-common-voice",
    "finetuned-gtzan",
    "finetuned-beans",
    "finetuned-eurosat",
    "intent",
    "news-classification",
    "hate-speech",
    "finetuned-xsum",
    "finetuned-cnn",
    "finetuned-wikitext2",
)
_ADAPTER_WORDS = ("lora", "qlora", "adapter", "peft", "lora-r16", "lora-sft", "lora-dpo", "lora-alpaca")
_STYLE_WORDS = (
    "anime",
    "pixel-art",
    "watercolor",
    "cyberpunk",
    "portrait",
    "realistic",
    "sketch",
    "ghibli",
    "comic",
    "3d-render",
    "vintage",
    "neon",
    "oil-painting",
    "fantasy",
    "minimalist",
    "tarot",
)
_MERGE_WORDS = ("slerp", "ties", "dare-ties", "della", "model-stock", "passthrough", "merge", "MoE")
_RL_NAMES = (
    "ppo-LunarLander-v2",
    "ppo-Huggy",
    "dqn-SpaceInvadersNoFrameskip-v4",
    "ppo-SnowballTarget",
    "a2c-PandaReachDense-v3",
    "ppo-Pyramids",
    "poca-SoccerTwos",
    "q-FrozenLake-v1-4x4-noSlippery",
    "q-Taxi-v3",
    "Reinforce-CartPole-v1",
    "ppo-CartPole-v1",
    "sac-HalfCheetah-v3",
    "Reinforce-Pixelcopter",
)
_COURSE_NAMES = (
    "my_awesome_model",
    "my_awesome_qa_model",
    "my_awesome_wnut_model",
    "my_awesome_eli5_clm-model",
    "test-model",
    "test",
    "results",
    "output",
    "model",
    "my-model",
    "trained-model",
    "checkpoint-500",
    "outputs",
    "lora_model",
    "finetuned-model",
    "sd-class-butterflies-32",
    "vit-base-beans",
    "whisper-small-hi",
    "my_awesome_food_model",
    "my_awesome_billsum_model",
)
_TASK_WORDS = (
    "classifier",
    "detector",
    "generator",
    "tagger",
    "summarizer",
    "translator",
    "segmenter",
    "embedder",
    "chatbot",
    "captioner",
    "recognizer",
    "forecaster",
    "agent",
    "ranker",
    "parser",
)
_FIRST = (
    "Alex",
    "Maria",
    "Wei",
    "Yuki",
    "Fatima",
    "Jonas",
    "Priya",
    "Carlos",
    "Amara",
    "Min-jun",
    "Sofia",
    "Omar",
    "Lena",
    "Ravi",
    "Chen",
    "Hana",
    "Lucas",
    "Ines",
    "Kofi",
    "Elif",
    "Arjun",
    "Mei",
    "Tomas",
    "Ana",
    "Hiroshi",
    "Noor",
    "Pablo",
    "Zara",
    "Ivan",
    "Sara",
    "Dong",
    "Jiho",
    "Leila",
    "Mateo",
    "Yara",
    "Xin",
)
_LAST = (
    "Smith",
    "Garcia",
    "Wang",
    "Tanaka",
    "Khan",
    "Muller",
    "Patel",
    "Silva",
    "Okafor",
    "Kim",
    "Rossi",
    "Haddad",
    "Novak",
    "Sharma",
    "Li",
    "Sato",
    "Martin",
    "Costa",
    "Mensah",
    "Yilmaz",
    "Gupta",
    "Zhang",
    "Dvorak",
    "Lopez",
    "Suzuki",
    "Ahmed",
    "Fernandez",
    "Ali",
    "Petrov",
    "Cohen",
    "Liu",
    "Park",
    "Nasser",
    "Herrera",
    "Chen",
    "Nguyen",
)
_ORG_SUFFIX = (
    "Labs",
    "AI",
    "Research",
    "Analytics",
    "Robotics",
    "Systems",
    "Collective",
    "Studio",
    "Group",
    "Lab",
    "Institute",
    "Technologies",
)

# Cumulative counts (any unit; only the shape matters) of repos created by each date: roughly
# doubling a year recently, faster before (2022-10 matches the 75k models of the real sample
# models-2022-10.parquet at 2.2M models in 2026-03). Normalised so the last snapshot has the count.
_MODEL_GROWTH = (
    ("2018-11-01", 0.01),
    ("2020-01-01", 0.12),
    ("2021-01-01", 4.6),
    ("2022-01-01", 24.0),
    ("2022-10-01", 75.0),
    ("2023-01-01", 100.0),
    ("2024-01-01", 420.0),
    ("2024-10-01", 1000.0),
    ("2025-01-01", 1200.0),
    ("2026-01-01", 2050.0),
    ("2026-03-01", 2200.0),
)
_DATASET_GROWTH = (
    ("2020-06-01", 0.3),
    ("2021-01-01", 1.5),
    ("2022-01-01", 5.0),
    ("2023-03-16", 24.0),
    ("2024-01-01", 90.0),
    ("2025-01-01", 270.0),
    ("2026-01-01", 510.0),
    ("2026-03-01", 550.0),
)
_SPACE_GROWTH = (
    ("2021-10-15", 0.5),
    ("2022-01-01", 3.0),
    ("2023-01-01", 40.0),
    ("2024-01-01", 250.0),
    ("2025-01-01", 550.0),
    ("2026-01-01", 920.0),
    ("2026-03-01", 1000.0),
)
_PAPER_GROWTH = (
    ("2023-05-04", 0.02),
    ("2024-01-01", 2.0),
    ("2025-01-01", 6.4),
    ("2026-01-01", 13.7),
    ("2026-03-01", 15.0),
)
_PAPERS_START = dt.date(2023, 5, 4)
_KERNELS_FROM = dt.date(2025, 6, 10)

# All-time downloads at the last snapshot as a function of the probit of the popularity quantile:
# piecewise linear (z, log10 downloads). Median 200 and a tail that puts the top 0.01% of models near
# half of all downloads (SPEC C1); datasets are an order of magnitude lower in the body.
_MODEL_DL_KNOTS = (
    (-5.0, -0.6),
    (-1.28, 1.15),
    (-0.67, 1.78),
    (0.0, 2.3),
    (0.67, 2.9),
    (1.28, 3.6),
    (2.33, 5.08),
    (3.09, 6.48),
    (3.72, 7.85),
    (4.75, 9.15),
    (6.0, 10.2),
)
_DATASET_DL_KNOTS = (
    (-5.0, -1.5),
    (-1.28, 0.0),
    (-0.67, 0.6),
    (0.0, 1.3),
    (0.67, 2.0),
    (1.28, 2.8),
    (2.33, 4.3),
    (3.09, 6.0),
    (3.72, 7.5),
    (4.75, 9.0),
    (6.0, 9.8),
)
_SPACE_ENGAGEMENT_KNOTS = (
    (-5.0, -1.0),
    (-1.28, 0.6),
    (0.0, 1.6),
    (1.28, 2.9),
    (2.33, 4.2),
    (3.09, 5.3),
    (3.72, 6.2),
    (4.75, 7.3),
    (6.0, 8.0),
)


# ---------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------


def _rng(seed: int, *labels: str) -> np.random.Generator:
    """An independent random stream per component, keyed by labels (crc32: stable across runs,
    unlike Python's salted `hash`), so changing one component does not reshuffle the others."""
    words = [int(seed) & 0xFFFFFFFF, int(seed) >> 32] + [zlib.crc32(label.encode()) for label in labels]
    return np.random.default_rng(np.random.SeedSequence(words))


_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01, -1.328068155288572e01)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


def _probit(p: np.ndarray) -> np.ndarray:
    """Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9): numpy has
    none and scipy is not a dependency."""
    p = np.asarray(p, dtype=np.float64)
    out = np.empty_like(p)
    lo, hi = p < 0.02425, p > 1 - 0.02425
    mid = ~(lo | hi)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = (
        (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
        * q
        / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1)
    )
    for sel, sign, x in ((lo, 1.0, p[lo]), (hi, -1.0, 1 - p[hi])):
        q = np.sqrt(-2 * np.log(x))
        out[sel] = sign * (
            (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5])
            / ((((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1)
        )
    return out


def _year_frac(ms: np.ndarray) -> np.ndarray:
    return 1970.0 + np.asarray(ms, dtype=np.float64) / (365.2425 * DAY_MS)


_MID_YEARS = np.arange(2019, 2027) + 0.5


def _by_year(yf: np.ndarray, table: Sequence[float]) -> np.ndarray:
    """A yearly table (2019 … 2026, mid-year values) read at fractional years, linear in between."""
    return np.interp(yf, _MID_YEARS, np.asarray(table, dtype=np.float64))


def _growth_times(
    rng: np.random.Generator, n: int, anchors: Sequence[tuple[str, float]], end_ms: int, start_ms: int
) -> np.ndarray:
    """n creation times (ms, ascending) following a cumulative growth curve that is piecewise
    exponential between anchors (extrapolated past them), ending at `end_ms`. Uniforms are
    stratified so monthly counts are smooth at any n."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    at = np.array([_date_ms(dt.date.fromisoformat(a)) for a, _ in anchors], dtype=np.float64)
    lc = np.log(np.array([c for _, c in anchors], dtype=np.float64))
    start_ms = min(start_ms, end_ms - DAY_MS)

    def logcum(x: np.ndarray) -> np.ndarray:
        y = np.interp(x, at, lc)
        s0 = (lc[1] - lc[0]) / (at[1] - at[0])
        s1 = (lc[-1] - lc[-2]) / (at[-1] - at[-2])
        y = np.where(x < at[0], lc[0] + (x - at[0]) * s0, y)
        return np.where(x > at[-1], lc[-1] + (x - at[-1]) * s1, y)

    grid = np.linspace(float(start_ms), float(end_ms), 8192)
    lg = logcum(grid)
    u = (np.arange(n) + rng.random(n)) / n
    times = np.interp(lg[-1] + np.log(u), lg, grid)
    return np.minimum(np.floor(times).astype(np.int64), end_ms - 60_000)


def _vocab(items: Sequence[str]) -> pa.Array:
    return pa.array(list(items), pa.string())


def _take(vocab: pa.Array, idx: np.ndarray) -> pa.Array:
    """vocab[idx] with idx < 0 as null."""
    idx = np.asarray(idx)
    return vocab.take(pa.array(idx.astype(np.int64), mask=idx < 0))


def _cat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation (null if any part is null)."""
    return pc.binary_join_element_wise(*parts, "")


def _num(values: np.ndarray, width: int = 0) -> pa.Array:
    s = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(s, width=width, padding="0") if width else s


def _pick(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """n draws of indices with the given (unnormalised) weights."""
    w = np.asarray(weights, dtype=np.float64)
    cw = np.cumsum(w)
    return np.minimum(np.searchsorted(cw, rng.random(n) * cw[-1], side="right"), len(w) - 1)


def _pick_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) weight matrix; -1 where a row has no weight."""
    cw = np.cumsum(weights, axis=1)
    tot = cw[:, -1]
    r = rng.random(len(weights)) * tot
    out = (cw <= r[:, None]).sum(axis=1)
    out = np.minimum(out, weights.shape[1] - 1)
    return np.where(tot > 0, out, -1)


def _pick_by_day(rng: np.random.Generator, days: np.ndarray, table: np.ndarray) -> np.ndarray:
    """One draw per row from the weights of its day (`table` is days x choices): the rows' weights
    depend only on the day, so the cumulative weights are built once per day, not once per row,
    and a single searchsorted over (day + normalised cumulative) does every draw. -1 if no weight."""
    if len(days) == 0:
        return np.zeros(0, dtype=np.int64)
    k = table.shape[1]
    cum = np.cumsum(table, axis=1)
    tot = cum[:, -1:]
    norm = np.divide(cum, tot, out=np.zeros_like(cum), where=tot > 0)
    flat = (np.arange(len(table))[:, None] + norm).ravel()
    pick = np.searchsorted(flat, days + rng.random(len(days)), side="right") - days * k
    return np.where(tot[days, 0] > 0, np.clip(pick, 0, k - 1), -1)


def _prefix_pick(rng: np.random.Generator, members: np.ndarray, weights: np.ndarray, before: np.ndarray) -> np.ndarray:
    """For each position in `before`, one of the `members` (sorted indices) strictly below it, drawn
    with the members' weights (preferential attachment through a prefix sum); -1 when none."""
    if len(members) == 0:
        return np.full(len(before), -1, dtype=np.int64)
    cw = np.cumsum(weights.astype(np.float64))
    cnt = np.searchsorted(members, before, side="left")
    ok = cnt > 0
    lim = cw[np.maximum(cnt - 1, 0)]
    j = np.searchsorted(cw, rng.random(len(before)) * lim, side="right")
    j = np.minimum(j, np.maximum(cnt - 1, 0))
    return np.where(ok, members[j], -1)


def _lists(slots: np.ndarray, pool: pa.Array) -> pa.Array:
    """A list<string> column from an (n, k) matrix of indices into `pool` (-1 = no entry): the
    (offsets, flat values) form Arrow stores, with no Python object per element."""
    mask = slots >= 0
    offsets = np.zeros(len(slots) + 1, dtype=np.int32)
    np.cumsum(mask.sum(axis=1), out=offsets[1:])
    values = pool.take(pa.array(slots[mask].astype(np.int64)))
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _stoch_round(x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Round with a fixed per-repo offset: unbiased, and monotone in x for the same repo, so counts
    evaluated at successive dates never go down."""
    return np.floor(np.maximum(x, 0.0) + u).astype(np.int64)


def _later_duplicates(lower: pa.Array) -> np.ndarray:
    """For each value, how many equal values come before it (0 for the first of each)."""
    codes = pc.dictionary_encode(lower).indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    sc = codes[order]
    first = np.r_[True, sc[1:] != sc[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(sc)), 0))
    rank = np.empty(len(sc), dtype=np.int64)
    rank[order] = np.arange(len(sc)) - start
    return rank


def _dedupe(ids: pa.Array) -> pa.Array:
    """Make ids unique ignoring case (the Hub does) by suffixing later duplicates with -2, -3, …

    One hash pass over everything; the suffixed ids can only collide with ids equal to them, so
    later passes look at those few rows only."""
    if len(ids) == 0:
        return ids
    rows = np.arange(len(ids))
    rank = _later_duplicates(pc.utf8_lower(ids))
    for _ in range(8):
        dup = rank > 0
        if not dup.any():
            return ids
        fix = rows[dup]
        new = _cat(ids.take(pa.array(fix)), "-", _num(rank[dup] + 1))
        index = np.arange(len(ids))
        index[fix] = len(ids) + np.arange(len(fix))
        ids = pa.concat_arrays([ids, new]).take(pa.array(index))
        lower_new = pc.utf8_lower(new)
        group = np.flatnonzero(pc.is_in(pc.utf8_lower(ids), value_set=lower_new).to_numpy(zero_copy_only=False))
        changed = np.isin(group, fix)
        group = np.r_[group[~changed], group[changed]]  # ids that were already fine keep their id
        rows = group
        rank = _later_duplicates(pc.utf8_lower(ids.take(pa.array(group))))
    raise AssertionError("could not make ids unique")


# ---------------------------------------------------------------------------------------------------
# Download / engagement curves
# ---------------------------------------------------------------------------------------------------


def _shape_cum(
    age_days: np.ndarray, rho: np.ndarray, tau: np.ndarray, b: np.ndarray, tau_long: np.ndarray
) -> np.ndarray:
    """Integral from release to `age` of the daily rate (1 - e^{-a/rho}) (e^{-a/tau} + b e^{-a/tau_long}):
    a fast rise after release, a decay over weeks (SPEC A2) and a long tail for evergreen repos."""
    a = np.maximum(age_days, 0.0)
    k1 = rho * tau / (rho + tau)
    k2 = rho * tau_long / (rho + tau_long)
    return (
        tau * -np.expm1(-a / tau)
        - k1 * -np.expm1(-a / k1)
        + b * (tau_long * -np.expm1(-a / tau_long) - k2 * -np.expm1(-a / k2))
    )


def _shape_total(rho: np.ndarray, tau: np.ndarray, b: np.ndarray, tau_long: np.ndarray) -> np.ndarray:
    return (tau - rho * tau / (rho + tau)) + b * (tau_long - rho * tau_long / (rho + tau_long))


@dataclass
class _Curves:
    """Per-repo counter curves. `amp` scales the shape to downloads (all-time = amp * observed shape
    integral); likes follow the square root of the share of engagement realised, so they come early."""

    amp: np.ndarray
    rho: np.ndarray
    tau: np.ndarray
    b: np.ndarray
    tau_long: np.ndarray
    likes_final: np.ndarray
    u: np.ndarray  # per-repo rounding offsets in [0, 1)
    change_ms: int | None = None  # counting change (datasets): rates times `factor` from then on
    factor: float = 1.0

    def observed(self, rows: np.ndarray, created: np.ndarray, t_ms: np.ndarray | int) -> np.ndarray:
        """The shape integral as the counter shows it at time t (with the counting change)."""
        args = (self.rho[rows], self.tau[rows], self.b[rows], self.tau_long[rows])
        age = (np.asarray(t_ms, dtype=np.float64) - created) / DAY_MS
        s = _shape_cum(age, *args)
        if self.change_ms is None:
            return s
        sc = _shape_cum((self.change_ms - created) / DAY_MS, *args)
        return np.where(age * DAY_MS + created > self.change_ms, sc + self.factor * (s - sc), s)

    def downloads(self, rows: np.ndarray, created: np.ndarray, t_ms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(30-day, all-time) integer downloads at t: differences of one floored cumulative, so the
        two agree and a later snapshot never shows fewer all-time downloads."""
        amp = self.amp[rows]
        now = np.floor(amp * self.observed(rows, created, t_ms)).astype(np.int64)
        before = np.floor(amp * self.observed(rows, created, t_ms - 30 * DAY_MS)).astype(np.int64)
        return now - before, now

    def likes(self, rows: np.ndarray, created: np.ndarray, t_ms: int) -> tuple[np.ndarray, np.ndarray]:
        """(likes, trendingScore) at t; trending is the recent week's likes, scaled like the Hub's."""
        args = (self.rho[rows], self.tau[rows], self.b[rows], self.tau_long[rows])
        total = _shape_total(*args)
        f_now = np.sqrt(np.clip(_shape_cum((t_ms - created) / DAY_MS, *args) / total, 0, 1))
        f_week = np.sqrt(np.clip(_shape_cum((t_ms - 7 * DAY_MS - created) / DAY_MS, *args) / total, 0, 1))
        lf = self.likes_final[rows]
        likes = _stoch_round(lf * f_now, self.u[rows])
        trend = np.floor(0.4 * lf * (f_now - f_week) + 0.1 * likes * np.exp(-(t_ms - created) / (120 * DAY_MS)))
        return likes, trend.astype(np.int64)


def _curve_params(
    rng: np.random.Generator, n: int, evergreen: np.ndarray, durable: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """Shape parameters: rise ~3 days, decay e-fold ~6 weeks on average (SPEC A2: mean engagement
    about six weeks), a small tail for most and a large, slow one for evergreen repos. `durable`
    evergreen repos (small encoders, speech and vision models that pipelines pull every day) keep
    a near-flat tail for years; evergreen LLMs fade within a year or two as newer ones arrive."""
    rho = np.exp(rng.normal(np.log(3.0), 0.4, n))
    tau = np.exp(rng.normal(np.log(36.0), 0.5, n))
    # most repos fall silent once the launch is over (the real 30-day counts are zero for ~45% of
    # models in 2022-10); the rest keep a trickle
    b = np.where(rng.random(n) < 0.5, 0.0, np.exp(rng.normal(np.log(0.008), 1.0, n)))
    tau_long = np.exp(rng.normal(np.log(300.0), 0.4, n))
    durable = np.zeros(n, dtype=bool) if durable is None else durable
    b = np.where(evergreen, np.where(durable, rng.uniform(0.8, 2.0, n), rng.uniform(0.05, 0.35, n)), b)
    tau_long = np.where(evergreen, np.exp(rng.normal(np.log(np.where(durable, 3000.0, 600.0)), 0.3, n)), tau_long)
    return rho, tau, b, tau_long


def _peak_realised(created: np.ndarray, end_ms: int, rho: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Share of its launch peak a repo has lived through by the end (the long tail left out, so an
    evergreen repo is not ranked down for the years of downloads still ahead of it)."""
    zero = np.zeros_like(rho)
    done = _shape_cum((end_ms - created) / DAY_MS, rho, tau, zero, np.ones_like(rho))
    return np.clip(done / _shape_total(rho, tau, zero, np.ones_like(rho)), 1e-4, 1.0)


def _calibrated_amp(score: np.ndarray, knots: Sequence[tuple[float, float]], observed_at_end: np.ndarray) -> np.ndarray:
    """Amplitudes such that the counter at the last snapshot follows the knots' quantile function.

    The popularity score is ranked; ranks go to stratified quantiles (so the marginal is exact at any
    n); the target is the count at the end, and the amplitude is target / observed shape at the end.
    The score should already include the log of how much of its curve a repo has lived through, so
    a repo a day old is not handed a top rank it cannot have reached yet."""
    n = len(score)
    if n == 0:
        return np.zeros(0)
    ranks = np.empty(n, dtype=np.int64)
    ranks[np.argsort(score, kind="stable")] = np.arange(n)
    u = (ranks + 0.5) / n  # midpoints: no jitter, so the very top is the same at every run and scale
    kz, kl = zip(*knots)
    target = 10 ** np.interp(_probit(np.clip(u, 1e-12, 1 - 1e-12)), kz, kl)
    return target / np.maximum(observed_at_end, 1e-3)


# ---------------------------------------------------------------------------------------------------
# Authors
# ---------------------------------------------------------------------------------------------------


class _Pool:
    """Every namespace: the real organisations of _ORGS, synthetic users `user-000123` and small
    organisations `org-00042`. Users and orgs join over time (growth like the Hub's); a repo is
    assigned to one who has joined, with heavy-tailed activity (a few upload thousands)."""

    def __init__(self, cfg: GenerateConfig, end_ms: int) -> None:
        rng = _rng(cfg.seed, "pool")
        self.seed = cfg.seed
        self.real = {o[0]: i for i, o in enumerate(_ORGS)}
        nr = len(_ORGS)
        nu = max(50, int(0.30 * cfg.models + 0.35 * cfg.datasets + 0.5 * cfg.spaces))
        no = max(10, int(0.02 * (cfg.models + cfg.datasets + cfg.spaces)))
        self.u0, self.o0 = nr, nr + nu
        self.n = nr + nu + no
        uw, ow = max(6, len(str(nu))), max(5, len(str(no)))
        names = [
            _vocab([o[0] for o in _ORGS]),
            _cat("user-", _num(np.arange(1, nu + 1), uw)),
            _cat("org-", _num(np.arange(1, no + 1), ow)),
        ]
        self.names = pa.concat_arrays(names)
        self.is_org = np.r_[np.array([o[2] == "org" for o in _ORGS]), np.zeros(nu, bool), np.ones(no, bool)]
        self.verified = np.r_[np.array([o[3] for o in _ORGS]), np.zeros(nu, bool), rng.random(no) < 0.02]
        first, last = _vocab(_FIRST), _vocab(_LAST)
        user_full = _cat(
            _take(first, rng.integers(0, len(_FIRST), nu)), " ", _take(last, rng.integers(0, len(_LAST), nu))
        )
        user_full = pc.if_else(pa.array(rng.random(nu) < 0.55), user_full, names[1])
        org_full = _cat(
            pc.utf8_capitalize(_take(_vocab(_WORDS), rng.integers(0, len(_WORDS), no))),
            " ",
            _take(_vocab(_ORG_SUFFIX), rng.integers(0, len(_ORG_SUFFIX), no)),
        )
        self.fullname = pa.concat_arrays([_vocab([o[1] for o in _ORGS]), user_full, org_full])
        start = _date_ms(dt.date(2018, 10, 1))
        self.user_join = _growth_times(rng, nu, _MODEL_GROWTH, end_ms, start)
        self.user_join[0] = start
        self.org_join = _growth_times(rng, no, _MODEL_GROWTH, end_ms, start)
        self.org_join[0] = start
        self.first_seen = np.full(self.n, _NEVER, dtype=np.int64)
        self._weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _cum(self, kind: str, who: str) -> np.ndarray:
        key = f"{kind}:{who}"
        if key not in self._weights:
            rng = _rng(self.seed, "pool-weights", key)
            size = self.o0 - self.u0 if who == "user" else self.n - self.o0
            w = (1.0 - rng.random(size)) ** (-1.0 / 1.25)  # Pareto: a few heavy uploaders
            self._weights[key] = np.cumsum(w)
        return self._weights[key]

    def users(self, rng: np.random.Generator, t_ms: np.ndarray, kind: str) -> np.ndarray:
        return self.u0 + self._pick(rng, t_ms, self.user_join, self._cum(kind, "user"))

    def small_orgs(self, rng: np.random.Generator, t_ms: np.ndarray, kind: str) -> np.ndarray:
        return self.o0 + self._pick(rng, t_ms, self.org_join, self._cum(kind, "org"))

    @staticmethod
    def _pick(rng: np.random.Generator, t_ms: np.ndarray, join: np.ndarray, cw: np.ndarray) -> np.ndarray:
        j = np.maximum(np.searchsorted(join, t_ms, side="right"), 1)
        idx = np.searchsorted(cw, rng.random(len(t_ms)) * cw[j - 1], side="right")
        return np.minimum(idx, j - 1)

    def note(self, authors: np.ndarray, t_ms: np.ndarray) -> None:
        """Record that these namespaces own a repo from t on (an author exists from its first repo)."""
        np.minimum.at(self.first_seen, np.asarray(authors, dtype=np.int64), np.asarray(t_ms, dtype=np.int64))


# ---------------------------------------------------------------------------------------------------
# A universe of repos of one kind and its snapshot writer
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Universe:
    """Every repo of a kind up to the last snapshot, sorted by true creation time."""

    kind: str
    created: np.ndarray
    deleted: np.ndarray
    renamed: np.ndarray  # time the repo took its final id (<= created: always had it)
    ids: pa.Array
    old_ids: pa.Array  # id before the rename (equal to ids where never renamed)
    authors: np.ndarray
    old_authors: np.ndarray
    updates: np.ndarray  # (n, 3) later pushes, _NEVER = none
    curves: _Curves
    has_downloads: bool
    static: Callable[[int, int], dict[str, pa.Array]]
    stall_rate: float = 0.0

    @property
    def n(self) -> int:
        return len(self.created)


def _write_universe(
    uni: _Universe, pool: _Pool, dates: Sequence[dt.date], out: Path, seed: int, progress: Progress | None
) -> list[int]:
    """Write `uni` to every snapshot at once, chunk by chunk (static columns are built once per
    chunk and filtered per snapshot; counters are evaluated at each snapshot's date)."""
    dates_ms = [_date_ms(d) for d in dates]
    schemas = [snapshot_schema(uni.kind, d) for d in dates]
    writers = [
        pq.ParquetWriter(out / d.isoformat() / f"{uni.kind}.parquet", s, compression="zstd")
        for d, s in zip(dates, schemas)
    ]
    rows = [0] * len(dates)
    try:
        for lo in range(0, max(uni.n, 1), _ROW_GROUP):
            hi = min(uni.n, lo + _ROW_GROUP)
            if hi <= lo:
                break
            static: dict[str, pa.Array] | None = None
            for k, (t, schema) in enumerate(zip(dates_ms, schemas)):
                present = (uni.created[lo:hi] <= t) & (uni.deleted[lo:hi] > t)
                if not present.any():
                    continue
                if static is None:
                    static = uni.static(lo, hi)
                sel = lo + np.flatnonzero(present)
                cols = _dynamic_columns(
                    uni,
                    pool,
                    sel,
                    t,
                    dates_ms[k - 1] if k else t - 30 * DAY_MS,
                    _rng(seed, uni.kind, "stall", str(k), str(lo)),
                )
                mask = pa.array(present)
                for name, arr in static.items():
                    cols[name] = arr.filter(mask)
                table = pa.Table.from_arrays([cols[f.name] for f in schema], schema=schema)
                writers[k].write_table(table, row_group_size=_ROW_GROUP)
                rows[k] += len(sel)
            if progress:
                progress(uni.kind, hi, uni.n)
    finally:
        for w in writers:
            w.close()
    return rows


def _dynamic_columns(
    uni: _Universe, pool: _Pool, sel: np.ndarray, t: int, t_prev: int, rng: np.random.Generator
) -> dict[str, pa.Array]:
    """The columns that change between snapshots: id (renames), counters, lastModified."""
    created = uni.created[sel]
    before_rename = uni.renamed[sel] > t
    ids = uni.ids.take(pa.array(sel))
    authors = uni.authors[sel]
    if before_rename.any():
        ids = pc.if_else(pa.array(before_rename), uni.old_ids.take(pa.array(sel)), ids)
        authors = np.where(before_rename, uni.old_authors[sel], authors)
    cols: dict[str, pa.Array] = {"id": ids, "author": pool.names.take(pa.array(authors))}
    if t < _FLOOR_MS:  # before the migration that set the floor, the files had no creation times
        cols["createdAt"] = pa.nulls(len(sel), _TS)
    else:
        cols["createdAt"] = pa.array(np.maximum(created, _FLOOR_MS), _TS)
    upd = uni.updates[sel]
    last = np.max(np.where(upd <= t, upd, created[:, None]), axis=1)
    cols["lastModified"] = pa.array(np.maximum(last, created), _TS)
    if uni.has_downloads:
        stalled = rng.random(len(sel)) < uni.stall_rate
        t_eff = np.where(stalled, t_prev, t)
        d30, total = uni.curves.downloads(sel, created, t_eff)
        cols["downloads"] = pa.array(d30)
        cols["downloadsAllTime"] = pa.array(total)
    likes, trend = uni.curves.likes(sel, created, t)
    cols["likes"] = pa.array(likes)
    cols["trendingScore"] = pa.array(trend)
    return cols


def _updates(rng: np.random.Generator, created: np.ndarray) -> np.ndarray:
    """Later pushes to a repo: one soon after creation, sometimes more months later."""
    n = len(created)
    upd = np.full((n, 3), _NEVER, dtype=np.int64)
    upd[:, 0] = created + (rng.exponential(2.0, n) * DAY_MS).astype(np.int64)
    later = rng.random(n) < 0.35
    upd[later, 1] = created[later] + (rng.exponential(120.0, later.sum()) * DAY_MS).astype(np.int64)
    much = rng.random(n) < 0.15
    upd[much, 2] = created[much] + (rng.exponential(400.0, much.sum()) * DAY_MS).astype(np.int64)
    return upd


def _deletions(
    rng: np.random.Generator, created: np.ndarray, n_del: int, end_ms: int, protected: np.ndarray
) -> np.ndarray:
    """Deletion times: `n_del` repos (not protected) vanish at a uniform time after creation."""
    deleted = np.full(len(created), _NEVER, dtype=np.int64)
    cand = np.flatnonzero(~protected & (created < end_ms - 2 * DAY_MS))
    if n_del <= 0 or len(cand) == 0:
        return deleted
    pick = rng.choice(cand, size=min(n_del, len(cand)), replace=False)
    c = created[pick]
    deleted[pick] = c + DAY_MS + (rng.random(len(pick)) * (end_ms - DAY_MS - c)).astype(np.int64)
    return deleted


def _renames(
    rng: np.random.Generator,
    pool: _Pool,
    kind: str,
    created: np.ndarray,
    ids: pa.Array,
    authors: np.ndarray,
    eligible: np.ndarray,
    end_ms: int,
    share: float,
) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """A few repos change id once (a new name, or moved out of a personal namespace): returns the
    time of the change, the id before it (equal to the id where nothing changed) and the namespace
    before it. Old ids never equal a current id, ignoring case."""
    n = len(created)
    renamed = created.copy()
    old_authors = authors.copy()
    pick = np.flatnonzero(eligible & (rng.random(n) < share))
    t = created[pick] + (rng.random(len(pick)) * (end_ms + 90 * DAY_MS - created[pick])).astype(np.int64)
    pick, t = pick[t < end_ms], t[t < end_ms]
    if not len(pick):
        return renamed, ids, old_authors
    renamed[pick] = t
    moved = rng.random(len(pick)) < 0.35
    old_authors[pick[moved]] = pool.users(rng, created[pick[moved]], kind)
    name = pc.list_element(pc.split_pattern(ids.take(pa.array(pick)), "/", max_splits=1), 1)
    suffix = _take(
        _vocab(("-test", "-v0", "-draft", "-wip", "-old", "-preview", "_exp", "-tmp")), rng.integers(0, 8, len(pick))
    )
    old = _cat(pool.names.take(pa.array(old_authors[pick])), "/", pc.if_else(pa.array(moved), name, _cat(name, suffix)))
    hits = pc.index_in(pc.utf8_lower(ids), value_set=pc.utf8_lower(old))
    clash = np.zeros(len(pick), dtype=bool)
    found = hits.drop_null().to_numpy(zero_copy_only=False)
    clash[found] = True
    old = pc.if_else(pa.array(clash), _cat(old, "-2"), old)
    index = np.arange(n)
    index[pick] = n + np.arange(len(pick))
    return renamed, pa.concat_arrays([ids, old]).take(pa.array(index)), old_authors


# ---------------------------------------------------------------------------------------------------
# Daily papers
# ---------------------------------------------------------------------------------------------------

# Well-known papers (arXiv id, submitting organisation, title): the generations above cite them,
# so models and papers link as they do on the Hub.
_FAMOUS_PAPERS = (
    ("2307.09288", "facebook", "Llama 2: Open Foundation and Fine-Tuned Chat Models"),
    ("2310.06825", "mistralai", "Mistral 7B"),
    ("2401.04088", "mistralai", "Mixtral of Experts"),
    ("2309.16609", "Qwen", "Qwen Technical Report"),
    ("2407.10671", "Qwen", "Qwen2 Technical Report"),
    ("2412.15115", "Qwen", "Qwen2.5 Technical Report"),
    ("2409.12186", "Qwen", "Qwen2.5-Coder Technical Report"),
    ("2409.12122", "Qwen", "Qwen2.5-Math Technical Report"),
    ("2502.13923", "Qwen", "Qwen2.5-VL Technical Report"),
    ("2505.09388", "Qwen", "Qwen3 Technical Report"),
    ("2407.21783", "facebook", "The Llama 3 Herd of Models"),
    ("2401.14196", "deepseek-ai", "DeepSeek-Coder: When the Large Language Model Meets Programming"),
    ("2401.02954", "deepseek-ai", "DeepSeek LLM: Scaling Open-Source Language Models with Longtermism"),
    ("2405.04434", "deepseek-ai", "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"),
    ("2412.19437", "deepseek-ai", "DeepSeek-V3 Technical Report"),
    ("2501.12948", "deepseek-ai", "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"),
    ("2403.08295", "google", "Gemma: Open Models Based on Gemini Research and Technology"),
    ("2408.00118", "google", "Gemma 2: Improving Open Language Models at a Practical Size"),
    ("2503.19786", "google", "Gemma 3 Technical Report"),
    ("2404.14219", "microsoft", "Phi-3 Technical Report"),
    ("2412.08905", "microsoft", "Phi-4 Technical Report"),
    ("2502.02737", "HuggingFaceTB", "SmolLM2: When Smol Goes Big"),
    ("2507.20534", "moonshotai", "Kimi K2: Open Agentic Intelligence"),
    ("2508.06471", "zai-org", "GLM-4.5: Agentic, Reasoning, and Coding (ARC) Foundation Models"),
    ("2508.10925", "openai", "gpt-oss-120b & gpt-oss-20b Model Card"),
    ("2506.13585", "MiniMaxAI", "MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention"),
    ("2503.20314", "Wan-AI", "Wan: Open and Advanced Large-Scale Video Generative Models"),
    ("2402.03216", "BAAI", "BGE M3-Embedding: Multi-Lingual, Multi-Functionality, Multi-Granularity Text Embeddings"),
    ("2309.07597", "BAAI", "C-Pack: Packaged Resources To Advance General Chinese Embedding"),
    ("2403.07815", "amazon", "Chronos: Learning the Language of Time Series"),
    ("2501.00656", "allenai", "2 OLMo 2 Furious"),
    ("2312.15166", "upstage", "SOLAR 10.7B: Scaling Large Language Models with Simple yet Effective Depth Up-Scaling"),
    ("2403.04652", "01-ai", "Yi: Open Foundation Models by 01.AI"),
    ("2403.03206", "stabilityai", "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis"),
    ("2307.01952", "stabilityai", "SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis"),
    ("2311.16867", "tiiuae", "The Falcon Series of Open Language Models"),
)
_PAPER_TOPICS = (
    "llm",
    "reasoning",
    "vision",
    "multimodal",
    "agents",
    "medical",
    "science",
    "robotics",
    "speech",
    "efficiency",
    "video",
)
_PAPER_TOPIC_W = (0.2, 0.12, 0.12, 0.13, 0.09, 0.07, 0.06, 0.06, 0.04, 0.07, 0.04)
_TOPIC_PHRASES = {
    "llm": (
        "Long-Context Language Modeling",
        "Instruction Tuning at Scale",
        "Data Mixtures for Pretraining",
        "Tokenizer-Free Language Models",
        "Multilingual Alignment",
        "Preference Optimization",
    ),
    "reasoning": (
        "Reinforcement Learning for Reasoning",
        "Test-Time Scaling",
        "Chain-of-Thought Compression",
        "Verifiable Rewards for Math Reasoning",
        "Process Reward Models",
    ),
    "vision": (
        "Open-Vocabulary Segmentation",
        "Self-Supervised Visual Pretraining",
        "High-Resolution Image Synthesis",
        "Depth Estimation in the Wild",
        "3D Gaussian Splatting",
    ),
    "multimodal": (
        "Vision-Language Alignment",
        "Document Understanding",
        "Unified Multimodal Generation",
        "Visual Instruction Tuning",
        "Interleaved Image-Text Pretraining",
    ),
    "agents": (
        "Tool-Using Agents",
        "GUI Agents",
        "Web Navigation Agents",
        "Multi-Agent Collaboration",
        "Agentic Coding",
    ),
    "medical": (
        "Medical Report Generation",
        "Clinical Question Answering",
        "Radiology Image Understanding",
        "Medical Vision-Language Models",
        "Electronic Health Record Modeling",
        "Pathology Foundation Models",
    ),
    "science": (
        "Protein Structure Prediction",
        "Molecular Generation",
        "Drug Discovery with Language Models",
        "Materials Property Prediction",
        "Genomic Foundation Models",
        "Weather Forecasting",
    ),
    "robotics": (
        "Vision-Language-Action Models",
        "Dexterous Manipulation",
        "Imitation Learning from Demonstrations",
        "Sim-to-Real Transfer",
        "Humanoid Locomotion",
    ),
    "speech": (
        "Speech Recognition at Scale",
        "Expressive Text-to-Speech",
        "Spoken Dialogue Models",
        "Audio Language Models",
    ),
    "efficiency": (
        "Quantization of Large Models",
        "Speculative Decoding",
        "Sparse Mixture-of-Experts",
        "KV Cache Compression",
        "Efficient Attention Kernels",
    ),
    "video": (
        "Text-to-Video Generation",
        "Long Video Understanding",
        "Video World Models",
        "Camera-Controlled Video Synthesis",
    ),
}
_TITLE_VERBS = (
    "Scaling",
    "Rethinking",
    "Towards",
    "Unlocking",
    "Revisiting",
    "Benchmarking",
    "Improving",
    "Understanding",
    "Learning",
    "Democratizing",
)
_BIG_TECH = (
    "google",
    "facebook",
    "meta-llama",
    "microsoft",
    "nvidia",
    "amazon",
    "apple",
    "ByteDance",
    "ByteDance-Seed",
    "tencent",
    "baidu",
    "Samsung",
    "Intel",
    "ibm-research",
    "Salesforce",
    "Alibaba-NLP",
)


@dataclass
class _Papers:
    """Daily papers with the repos that release artifacts for them (filled by the repo builders)."""

    ids: pa.Array
    published: np.ndarray
    submitted: np.ndarray
    topic: np.ndarray
    org: np.ndarray  # pool index or -1
    paper_org: np.ndarray
    upvotes_final: np.ndarray
    comments_final: np.ndarray
    u: np.ndarray
    titles: pa.Array
    authors: pa.Array  # list<struct<name>>
    links_models: np.ndarray  # how many models release artifacts for the paper
    links_datasets: np.ndarray

    @property
    def n(self) -> int:
        return len(self.published)


def _build_papers(cfg: GenerateConfig, pool: _Pool, end_ms: int) -> _Papers:
    """Papers from May 2023 (when daily papers began) with heavy-tailed upvotes; big Chinese and US
    labs submit many and get many upvotes (SPEC POP2); medical and science papers release artifacts
    more often than Big Tech's (POP3)."""
    rng = _rng(cfg.seed, "papers")
    start = _date_ms(_PAPERS_START)
    n = cfg.papers if end_ms > start + DAY_MS else 0
    famous = [
        (pid, org, title)
        for pid, org, title in _FAMOUS_PAPERS
        if start <= _date_ms(dt.date(2000 + int(pid[:2]), int(pid[2:4]), 15)) < end_ms - 3 * DAY_MS
    ]
    famous = famous[: n // 4]
    nf = len(famous)
    published = _growth_times(rng, n - nf, _PAPER_GROWTH, end_ms - 3 * DAY_MS, start)
    f_pub = np.array([_date_ms(dt.date(2000 + int(p[:2]), int(p[2:4]), 15)) for p, _, _ in famous], dtype=np.int64)
    published = np.r_[f_pub, published]
    is_famous = np.r_[np.ones(nf, bool), np.zeros(n - nf, bool)]
    # arXiv numbers: unique within each month (a stride per month), never one of the famous ids.
    months = published.astype("datetime64[ms]").astype("datetime64[M]").astype(np.int64)
    yymm = ((1970 + months // 12) % 100) * 100 + months % 12 + 1
    order = np.lexsort((published, months))
    sm = months[order]
    first = np.r_[True, sm[1:] != sm[:-1]] if n else np.zeros(0, bool)
    start_idx = np.maximum.accumulate(np.where(first, np.arange(n), 0)) if n else np.zeros(0, np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - start_idx
    _, inverse, counts = np.unique(months, return_inverse=True, return_counts=True)
    stride = np.maximum(2, 19000 // np.maximum(counts[inverse], 1))
    number = 1 + rank * stride + rng.integers(0, np.maximum(stride - 1, 1))
    famous_codes = np.array([int(p[:4]) * 100_000 + int(p[5:]) for p, _, _ in famous], dtype=np.int64)
    for _ in range(5):
        clash = ~is_famous & np.isin(yymm * 100_000 + number, famous_codes)
        if not clash.any():
            break
        number = number + clash
    ids = _cat(_num(yymm, 4), ".", _num(number, 5))
    if nf:
        ids = pc.if_else(pa.array(is_famous), pa.array([p for p, _, _ in famous] + [""] * (n - nf)), ids)
    submitted = published + ((rng.exponential(1.2, n) + rng.random(n)) * DAY_MS).astype(np.int64)
    submitted = np.minimum(submitted, end_ms - 60_000)
    # Organisations: submitters weighted by _ORGS' paper weights, some small orgs, many none.
    pw = np.array([o[7] for o in _ORGS], dtype=np.float64)
    org = np.where(rng.random(n) < 0.5, _pick(rng, n, pw), -1)
    small = (org < 0) & (rng.random(n) < 0.12)
    org[small] = pool.small_orgs(rng, submitted[small], "papers")
    f_org = np.array([pool.real[o] for _, o, _ in famous], dtype=np.int64)
    org[:nf] = f_org
    paper_org = org.copy()
    r = rng.random(n)
    paper_org[(org >= 0) & (r < 0.05)] = _pick(rng, int(((org >= 0) & (r < 0.05)).sum()), pw)
    claimed = (org < 0) & (r > 0.85)
    paper_org[claimed] = _pick(rng, int(claimed.sum()), pw)
    org[(org >= 0) & (r > 0.97)] = -1  # claimed by an organisation but submitted by a person
    topic = _pick(rng, n, _PAPER_TOPIC_W)
    topic[:nf] = 0
    boost = np.ones(n)
    org_names = np.array([o[0] for o in _ORGS] + [""], dtype=object)
    po = np.where((paper_org >= 0) & (paper_org < len(_ORGS)), paper_org, len(_ORGS))
    boost *= np.where(np.isin(org_names[po], list(_BIG_TECH) + ["Qwen", "deepseek-ai", "moonshotai"]), 2.2, 1.0)
    boost *= np.where(np.isin(org_names[po], ["ByteDance", "ByteDance-Seed"]), 1.8, 1.0)
    upvotes = np.exp(rng.normal(np.log(7.0), 1.15, n)) * boost
    upvotes[:nf] *= 25
    comments = rng.poisson(0.3 + np.sqrt(upvotes) / 5)
    # Artifacts: medical and science more, Big Tech less.
    p_art = np.full(n, 0.33)
    p_art *= np.where(topic == _PAPER_TOPICS.index("medical"), 1.7, 1.0)
    p_art *= np.where(topic == _PAPER_TOPICS.index("science"), 1.4, 1.0)
    p_art *= np.where(np.isin(org_names[po], list(_BIG_TECH)), 0.45, 1.0)
    art = (rng.random(n) < p_art) & ~is_famous
    links_models = np.where(art, rng.integers(0, 4, n), 0)
    links_datasets = np.where(art, (rng.random(n) < 0.45) * rng.integers(1, 3, n), 0)
    links_models = np.where(art & (links_models + links_datasets == 0), 1, links_models)
    titles = _paper_titles(rng, topic)
    if nf:
        titles = pc.if_else(pa.array(is_famous), pa.array([t for _, _, t in famous] + [""] * (n - nf)), titles)
    k = np.minimum(2 + rng.geometric(0.18, n), 40)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(k, out=offsets[1:])
    tot = int(offsets[-1])
    names = _cat(
        _take(_vocab(_FIRST), rng.integers(0, len(_FIRST), tot)),
        " ",
        _take(_vocab(_LAST), rng.integers(0, len(_LAST), tot)),
    )
    authors = pa.ListArray.from_arrays(pa.array(offsets), pa.StructArray.from_arrays([names], names=["name"]))
    order = np.argsort(submitted, kind="stable")
    take = pa.array(order)
    return _Papers(
        ids.take(take),
        published[order],
        submitted[order],
        topic[order],
        org[order],
        paper_org[order],
        upvotes[order],
        comments[order],
        rng.random(n),
        titles.take(take),
        authors.take(take),
        links_models[order],
        links_datasets[order],
    )


def _paper_titles(rng: np.random.Generator, topic: np.ndarray) -> pa.Array:
    n = len(topic)
    phrases = [p for t in _PAPER_TOPICS for p in _TOPIC_PHRASES[t]]
    starts = np.cumsum([0] + [len(_TOPIC_PHRASES[t]) for t in _PAPER_TOPICS])
    sizes = np.diff(starts)
    phrase = _take(_vocab(phrases), starts[topic] + (rng.random(n) * sizes[topic]).astype(np.int64))
    name = _cat(
        pc.utf8_capitalize(_take(_vocab(_WORDS), rng.integers(0, len(_WORDS), n))),
        _take(_vocab(("", "-R1", "-VL", "-2", "Bench", "-Zero", "-X", "LM")), rng.integers(0, 8, n)),
    )
    verb = _take(_vocab(_TITLE_VERBS), rng.integers(0, len(_TITLE_VERBS), n))
    pattern = rng.integers(0, 3, n).astype(np.int8)
    return pc.choose(
        pa.array(pattern),
        _cat(name, ": ", verb, " ", phrase),
        _cat(verb, " ", phrase),
        _cat(name, ": ", phrase, " at Scale"),
    )


def _write_papers(papers: _Papers, pool: _Pool, dates: Sequence[dt.date], out: Path) -> list[int]:
    rows = []
    org_struct = pa.StructArray.from_arrays([pool.names, pool.fullname], names=["name", "fullname"])
    for d in dates:
        t = _date_ms(d)
        sel = np.flatnonzero(papers.submitted <= t)
        s = pa.array(sel)
        age = (t - papers.published[sel]) / DAY_MS
        done = -np.expm1(-np.maximum(age, 0) / 2.0)
        up = _stoch_round(papers.upvotes_final[sel] * done, papers.u[sel])
        com = _stoch_round(papers.comments_final[sel] * done, papers.u[sel])

        def org_col(idx: np.ndarray) -> pa.Array:
            return org_struct.take(pa.array(np.maximum(idx, 0), mask=idx < 0))

        table = pa.Table.from_arrays(
            [
                papers.ids.take(s),
                papers.titles.take(s),
                pa.array(up),
                pa.array(papers.published[sel], _TS),
                pa.array(papers.submitted[sel], _TS),
                org_col(papers.org[sel]),
                org_col(papers.paper_org[sel]),
                papers.authors.take(s),
                pa.array(com),
            ],
            schema=SCHEMAS["daily_papers"],
        )
        pq.write_table(
            table, out / d.isoformat() / "daily_papers.parquet", compression="zstd", row_group_size=_ROW_GROUP
        )
        rows.append(len(sel))
    has = papers.org >= 0
    if has.any():
        pool.note(papers.org[has], papers.submitted[has])
    return rows


# ---------------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------------

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
_ORIGINAL_ARCH = {
    "text-generation": ("llama", "gpt2", "mistral", "qwen2", "gpt_neox"),
    "text-classification": ("bert", "roberta", "distilbert", "deberta-v2", "xlm-roberta"),
    "token-classification": ("bert", "roberta", "xlm-roberta", "distilbert"),
    "question-answering": ("bert", "roberta", "distilbert"),
    "summarization": ("t5", "bart", "mbart"),
    "translation": ("marian", "t5", "mbart"),
    "feature-extraction": ("bert", "xlm-roberta", "mpnet"),
    "image-classification": ("vit", "resnet", "convnext", "swin"),
    "object-detection": ("detr", "yolos"),
    "image-segmentation": ("segformer", "mask2former"),
    "automatic-speech-recognition": ("wav2vec2", "whisper"),
    "text-to-speech": ("vits", "speecht5"),
    "audio-classification": ("wav2vec2", "ast"),
    "text-to-image": ("stable-diffusion",),
    "image-text-to-text": ("llava", "qwen2_vl", "idefics3"),
}
_ORIGINAL_PARAMS = {  # median billions by task (lognormal around it)
    "text-generation": 0.35,
    "text-to-image": 1.0,
    "image-text-to-text": 2.0,
    "automatic-speech-recognition": 0.25,
    "robotics": 0.4,
    "any-to-any": 3.0,
    "text-to-speech": 0.08,
    "image-classification": 0.05,
}
_ARCHS = tuple(dict.fromkeys([g[3] for g in _GENERATIONS] + [a for v in _ORIGINAL_ARCH.values() for a in v]))
_ARCH = {a: i for i, a in enumerate(_ARCHS)}
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
_LLM_PIPES = {"text-generation", "image-text-to-text"}
_KERNEL_NAMES = (
    "flash-attn",
    "activation",
    "rotary",
    "layer-norm",
    "moe",
    "quantization",
    "paged-attention",
    "triton-layer-norm",
    "megablocks",
    "deformable-detr",
    "flash-mla",
    "causal-conv1d",
    "mamba-ssm",
    "punica-sgmv",
    "rmsnorm",
    "sage-attention",
    "liger-kernels",
    "relu",
    "flash-attn3",
    "vllm-flash-attn3",
)

R_BASE, R_DERIVED, R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG, R_KERNEL = range(6)
_SIZE_TOKEN = __import__("re").compile(r"(\d+(\.\d+)?[BbMmTt](?![a-z])|\d+x\d+[Bb])")


@dataclass
class _Base:
    name: str
    org: str
    ms: int
    family: str
    arch: str
    pipeline: str
    library: str
    ctx: int
    license: str
    params: float
    token: str
    variant: int  # 0 base, 1 instruct/chat, 2 the organisation's own quantisation
    parent: str | None
    relation: int  # index into _RELATIONS, -1 for roots
    attract: float
    arxiv: str
    quant: int  # index into _QUANT_METHODS, -1 none
    likes: float  # final likes of a well-known model (0: derived from downloads)

    @property
    def id(self) -> str:
        return f"{self.org}/{self.name}"


def _size_pref(params_b: float, pipeline: str) -> float:
    """How much more a size is used: mid sizes win for LLMs (SPEC A1: the top 1–9B models are
    downloaded about 4x the top >=100B ones)."""
    if pipeline not in _LLM_PIPES:
        return 1.0
    return 1.0 if params_b < 1 else 1.0 if params_b < 10 else 0.35 if params_b < 100 else 0.45


def _plan_bases(end_ms: int, cap: int) -> list[_Base]:
    """The labs' own models from _GENERATIONS released before the end, at most `cap` of them (the
    most attractive, with their parents) so a small Hub is not all base models."""
    rows: list[_Base] = []
    for g in _GENERATIONS:
        fam, org, date, arch, pipe, lib, ctx, lic, bfmt, ifmt, sizes, quants, attract, arxiv, parents = g
        day = _date_ms(dt.date.fromisoformat(date)) + 15 * 3600 * 1000
        plist = parents.split(",") if parents else []
        for si, item in enumerate(sizes.split(",")):
            tok, billions = item.rsplit(":", 1)
            params = float(billions) * 1e9
            t0 = day + si * 7 * 60 * 1000
            tag_tok = tok if _SIZE_TOKEN.search(tok or "") else ""
            explicit = plist[si] if si < len(plist) else None
            pref = _size_pref(float(billions), pipe)
            both = bfmt is not None and ifmt is not None
            base_id = None
            if bfmt is not None:
                name = bfmt.format(s=tok)
                mult = _HEROES.get(f"{org}/{name}", (1.0, 0.0))
                rows.append(
                    _Base(
                        name,
                        org,
                        t0,
                        fam,
                        arch,
                        pipe,
                        lib,
                        ctx,
                        lic,
                        params,
                        tag_tok,
                        0,
                        explicit,
                        0 if explicit else -1,
                        attract * pref * (0.6 if both else 1.0) * mult[0],
                        arxiv,
                        -1,
                        mult[1],
                    )
                )
                base_id = f"{org}/{name}"
            inst_id = None
            if ifmt is not None:
                name = ifmt.format(s=tok)
                mult = _HEROES.get(f"{org}/{name}", (1.0, 0.0))
                parent = base_id or explicit
                rows.append(
                    _Base(
                        name,
                        org,
                        t0 + 3600_000,
                        fam,
                        arch,
                        pipe,
                        lib,
                        ctx,
                        lic,
                        params,
                        tag_tok,
                        1,
                        parent,
                        0 if parent else -1,
                        attract * pref * mult[0],
                        arxiv,
                        -1,
                        mult[1],
                    )
                )
                inst_id = f"{org}/{name}"
            top = inst_id or base_id
            for qi, q in enumerate(quants.split(",") if quants else []):
                method = {"GGUF": 0, "GPTQ-Int4": 1, "AWQ": 2, "FP8": 5}[q]
                rows.append(
                    _Base(
                        f"{top.split('/', 1)[1]}-{q}",
                        org,
                        t0 + 2 * DAY_MS + qi * 3600_000,
                        fam,
                        arch,
                        pipe,
                        lib,
                        ctx,
                        lic,
                        params,
                        tag_tok,
                        2,
                        top,
                        2,
                        attract * pref * 0.3,
                        arxiv,
                        method,
                        0.0,
                    )
                )
    rows = [r for r in rows if r.ms <= end_ms - 2 * 3600_000]
    by_id = {r.id: r for r in rows}
    kept: dict[str, _Base] = {}
    for r in sorted(rows, key=lambda r: r.ms):
        if r.parent is None or r.parent in kept:
            kept[r.id] = r
    rows = list(kept.values())
    if len(rows) > cap:
        chosen: dict[str, _Base] = {}
        for r in sorted(rows, key=lambda r: (-r.attract, r.ms, r.id)):
            chain = []
            node: _Base | None = r
            while node is not None and node.id not in chosen:
                chain.append(node)
                node = by_id.get(node.parent) if node.parent else None
            if len(chosen) + len(chain) > cap:
                continue
            for c in chain:
                chosen[c.id] = c
        rows = list(chosen.values())
    return sorted(rows, key=lambda r: (r.ms, r.id))


@dataclass
class _ModelWorld:
    """Everything about models that later stages need: the universe to write, and what spaces and
    the calibration read (ids, popularity, lineage)."""

    uni: _Universe
    popularity: np.ndarray
    family: np.ndarray
    role: np.ndarray
    declared: np.ndarray
    parents: np.ndarray  # (n, 3)
    params: np.ndarray
    is_root_of: dict[str, np.ndarray]
    qwen_named: np.ndarray
    individual: np.ndarray


def _build_models(
    cfg: GenerateConfig, pool: _Pool, papers: _Papers, end_ms: int, progress: Progress | None
) -> _ModelWorld:
    seed = cfg.seed
    n_del = int(round(cfg.models * 0.015)) if cfg.models >= 100 else 0
    N = cfg.models + n_del
    bases = _plan_bases(end_ms, cap=int(N * 0.12))
    nb = len(bases)
    rng = _rng(seed, "models", "times")
    created = np.r_[
        np.array([b.ms for b in bases], dtype=np.int64),
        _growth_times(rng, N - nb, _MODEL_GROWTH, end_ms, _date_ms(dt.date(2018, 10, 1))),
    ]
    slot = np.r_[np.arange(nb), np.full(N - nb, -1)]
    order = np.argsort(created, kind="stable")
    created, slot = created[order], slot[order]
    yf = _year_frac(created)
    yi = np.clip(np.floor(yf).astype(np.int64) - 2019, 0, 7)
    is_base = slot >= 0
    base_pos = np.empty(nb, dtype=np.int64)
    base_pos[slot[is_base]] = np.flatnonzero(is_base)
    id_pos = {b.id: int(base_pos[i]) for i, b in enumerate(bases)}

    role = np.full(N, R_INDIVIDUAL, dtype=np.int8)
    role[is_base] = R_BASE
    fam = np.full(N, -1, dtype=np.int16)
    kind = np.full(N, -1, dtype=np.int8)
    quant = np.full(N, -1, dtype=np.int8)
    parents = np.full((N, 3), -1, dtype=np.int64)
    author = np.zeros(N, dtype=np.int64)
    params = np.full(N, np.nan)
    arch = np.full(N, -1, dtype=np.int16)
    pipe = np.full(N, -1, dtype=np.int16)
    lib = np.full(N, -1, dtype=np.int16)
    ctx = np.zeros(N, dtype=np.int64)
    lic = np.full(N, -1, dtype=np.int16)
    attract = np.zeros(N)
    hero_likes = np.zeros(N)
    redistributed = np.zeros(N, dtype=bool)
    pipe_ix = {p: i for i, p in enumerate(_PIPELINES)}
    lib_ix = {x: i for i, x in enumerate(_LIBRARIES)}
    lic_ix = {x: i for i, x in enumerate(_LICENSES)}
    if nb:
        bp = base_pos
        fam[bp] = [_FAM[b.family] for b in bases]
        author[bp] = [pool.real[b.org] for b in bases]
        params[bp] = [b.params for b in bases]
        arch[bp] = [_ARCH[b.arch] for b in bases]
        pipe[bp] = [pipe_ix[b.pipeline] for b in bases]
        lib[bp] = [lib_ix.get(b.library, -1) for b in bases]
        ctx[bp] = [b.ctx for b in bases]
        lic[bp] = [lic_ix[b.license] for b in bases]
        attract[bp] = [b.attract for b in bases]
        hero_likes[bp] = [b.likes for b in bases]
        quant[bp] = [b.quant for b in bases]
        kind[bp] = [b.relation for b in bases]
        parents[bp, 0] = [id_pos.get(b.parent, -1) if b.parent else -1 for b in bases]
        gguf_base = quant[bp] == 0
        lib[bp[gguf_base]] = lib_ix["gguf"]

    # --- roles of everything else -----------------------------------------------------------------
    rng = _rng(seed, "models", "roles")
    others = np.flatnonzero(~is_base)
    kern_from = _date_ms(_KERNELS_FROM)
    elig = others[created[others] >= kern_from]
    n_k = min(len(elig), max(3 if N >= 2000 else 1, int(round(N * 3e-5)))) if len(elig) else 0
    if n_k:
        role[rng.choice(elig, n_k, replace=False)] = R_KERNEL
    scale = N / _FULL_SCALE_MODELS
    org_w = np.array([o[5] for o in _ORGS], dtype=np.float64)
    org_g = np.array([o[6] for o in _ORGS], dtype=np.float64)
    org_since = np.array([o[4] for o in _ORGS])
    for y in range(2018, 2027 + (dt.datetime.fromtimestamp(end_ms / 1000, dt.UTC).year - 2026)):
        slots = others[(np.floor(yf[others]) == y) & (role[others] == R_INDIVIDUAL)]
        w = np.where(org_since <= y, org_w * org_g ** (min(y, 2026) - 2025), 0.0)
        expected = scale * w.sum()
        k = min(len(slots) // 4, int(np.floor(expected + rng.random())))
        if k <= 0 or w.sum() <= 0:
            continue
        chosen = rng.choice(slots, k, replace=False)
        role[chosen] = R_REAL_ORG
        author[chosen] = _pick(rng, k, w)
    rest = others[role[others] == R_INDIVIDUAL]
    u = rng.random(len(rest))
    fam_p = _by_year(yf[rest], (0.3, 0.45, 0.5, 0.55, 0.6, 0.66, 0.7, 0.72))
    role[rest[u < fam_p]] = R_DERIVED
    role[rest[(u >= fam_p) & (u < fam_p + 0.07)]] = R_SMALL_ORG

    # --- families, kinds and authors of derived models ---------------------------------------------
    z0 = _rng(seed, "models", "z0").normal(0.0, 1.0, N)
    der = np.flatnonzero(role == R_DERIVED)
    fam_first = np.full(len(_FAMILIES), _NEVER, dtype=np.int64)
    for b in bases:
        fam_first[_FAM[b.family]] = min(fam_first[_FAM[b.family]], b.ms)
    fam_first[_FAM["misc"]] = _date_ms(dt.date(2018, 10, 1))
    trend = np.array([_FAMILY_TREND.get(f, (_FAMILY_DEFAULT,) * 8) for f in _FAMILIES], dtype=np.float64)
    day0 = int(created.min() // DAY_MS) if N else 0
    day = created // DAY_MS - day0
    n_days = int(day.max()) + 1 if N else 1
    day_start = (day0 + np.arange(n_days)) * DAY_MS
    day_yf = _year_frac(day_start + DAY_MS // 2)
    w = np.stack([np.interp(day_yf, _MID_YEARS, trend[f]) for f in range(len(_FAMILIES))], axis=1)
    w *= fam_first[None, :] < day_start[:, None]
    f = _pick_by_day(rng, day[der], w)
    fam[der] = np.where(f < 0, _FAM["misc"], f)
    profiles = {p: np.array(v, dtype=np.float64) for p, v in _KIND_PROFILE.items()}
    for p, table in profiles.items():
        rows = der[np.isin(fam[der], [_FAM[f] for f in _FAMILIES if _PROFILE[f] == p])]
        cw = np.cumsum(table[yi[rows]], axis=1)
        kind[rows] = (cw < rng.random(len(rows))[:, None] * cw[:, -1:]).sum(axis=1)
    q_rows = der[kind[der] == 2]
    p_red = _by_year(yf[q_rows], (0, 0, 0, 0, 0.4, 0.32, 0.24, 0.22))
    red = q_rows[rng.random(len(q_rows)) < p_red]
    r_from = np.array([_date_ms(dt.date.fromisoformat(r[1])) for r in _REDISTRIBUTORS])
    r_to = np.array([_date_ms(dt.date.fromisoformat(r[2])) for r in _REDISTRIBUTORS])
    rw = np.array([r[3] for r in _REDISTRIBUTORS])[None, :] * (
        (created[red, None] >= r_from[None, :]) & (created[red, None] < r_to[None, :])
    )
    who = _pick_rows(rng, rw)
    red, who = red[who >= 0], who[who >= 0]
    redistributed[red] = True
    author[red] = [pool.real[_REDISTRIBUTORS[w][0]] for w in who] if len(red) else []
    methods = [tuple(_QUANT_METHODS.index(m) for m in r[4]) for r in _REDISTRIBUTORS]
    for i, ms in enumerate(methods):
        sel = red[who == i]
        quant[sel] = np.array(ms)[rng.integers(0, len(ms), len(sel))]
    plain_q = q_rows[~redistributed[q_rows]]
    qt = np.array(_QUANT_TREND)[yi[plain_q]]
    cw = np.cumsum(qt, axis=1)
    quant[plain_q] = (cw < rng.random(len(plain_q))[:, None] * cw[:, -1:]).sum(axis=1)
    people = der[~redistributed[der]]
    r = rng.random(len(people))
    ind = people[r < 0.88]
    author[ind] = pool.users(rng, created[ind], "models")
    so = people[(r >= 0.88) & (r < 0.97)]
    author[so] = pool.small_orgs(rng, created[so], "models")
    ro = people[r >= 0.97]
    author[ro] = [pool.real[_FINETUNER_ORGS[i]] for i in rng.integers(0, len(_FINETUNER_ORGS), len(ro))]

    # --- authors of originals -----------------------------------------------------------------------
    sel = np.flatnonzero(role == R_INDIVIDUAL)
    author[sel] = pool.users(rng, created[sel], "models")
    sel = np.flatnonzero(role == R_SMALL_ORG)
    author[sel] = pool.small_orgs(rng, created[sel], "models")
    sel = np.flatnonzero(role == R_KERNEL)
    ks = rng.random(len(sel)) < 0.85
    author[sel[ks]] = pool.real["kernels-community"]
    author[sel[~ks]] = pool.users(rng, created[sel[~ks]], "models")

    # --- parents -----------------------------------------------------------------------------------
    originals = np.flatnonzero(np.isin(role, (R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG)))
    p_from_base = np.array([0.72, 0.85, 0.6, 0.15])
    for f_i, f_name in enumerate(_FAMILIES):
        kids = der[fam[der] == f_i]
        if not len(kids):
            continue
        fb = np.flatnonzero(is_base & (fam == f_i))
        if f_name == "misc":
            members, mw = originals, np.exp(0.9 * z0[originals])
        else:
            members = kids[np.isin(kind[kids], (0, 3))]
            mw = np.exp(0.9 * z0[members])
        from_base = rng.random(len(kids)) < np.where(redistributed[kids], 0.85, p_from_base[np.maximum(kind[kids], 0)])
        base_any = np.full(len(kids), -1, dtype=np.int64)
        if len(fb):
            # weights of each base by the child's day: attractiveness, a year's fading and a launch
            # boost; quantisers favour the released checkpoints, others avoid the labs' own quants
            age = (day_start[:, None] - created[None, fb]) / DAY_MS
            pos_age = np.maximum(age, 0.0)
            # well-known models (many likes) draw derivatives beyond their downloads: DeepSeek-R1's
            # tree had ~300 direct children within three months (real sample, 2025-04)
            pull = attract[fb] * (1.0 + hero_likes[fb] / 1000.0)
            w = pull[None, :] * (age > 0) * np.exp(-pos_age / 365.0) * (1 + 2.0 * np.exp(-pos_age / 30.0))
            is_q = kind[kids] == 2
            for sel, factor in ((is_q, 0.05), (~is_q, 0.1)):
                table = w * np.where(quant[fb] >= 0, factor, 1.0)[None, :]
                pick = _pick_by_day(rng, day[kids[sel]], table)
                base_any[sel] = np.where(pick >= 0, fb[np.maximum(pick, 0)], -1)
        chosen = np.where(from_base, base_any, -1)
        need = np.flatnonzero(chosen < 0)
        mem = _prefix_pick(rng, members, mw, kids[need])
        chosen[need] = np.where(mem >= 0, mem, base_any[need])
        parents[kids, 0] = chosen
        merges = np.flatnonzero(kind[kids] == 3)
        for col, p_extra in ((1, 1.0), (2, 0.3)):
            extra = merges[rng.random(len(merges)) < p_extra]
            cand = _prefix_pick(rng, members, mw, kids[extra])
            dup = (cand == parents[kids[extra], 0]) | (cand == parents[kids[extra], 1])
            parents[kids[extra], col] = np.where(dup, -1, cand)
    # A redistributor quantises a given model once: repeats go to individual users instead.
    red_rows = np.flatnonzero(redistributed)
    if len(red_rows):
        key = author[red_rows] * (N + 1) + parents[red_rows, 0]
        _, first_idx = np.unique(key, return_index=True)
        repeat = np.ones(len(red_rows), dtype=bool)
        repeat[first_idx] = False
        again = red_rows[repeat]
        redistributed[again] = False
        author[again] = pool.users(rng, created[again], "models")
    orphan = der[parents[der, 0] < 0]
    role[orphan] = R_INDIVIDUAL
    fam[orphan] = -1
    kind[orphan] = -1
    quant[orphan] = -1
    redistributed[orphan] = False
    author[orphan] = pool.users(rng, created[orphan], "models")
    der = np.flatnonzero(role == R_DERIVED)
    assert (parents[der, 0] < der).all()

    # --- what derived models inherit from their root -------------------------------------------------
    root = np.arange(N)
    depth = np.zeros(N, dtype=np.int64)
    active = role == R_DERIVED
    while active.any():  # one step up per round: as many rounds as the deepest tree
        depth[active] += 1
        root[active] = parents[root[active], 0]
        active &= role[root] == R_DERIVED
    # Originals: task, library, architecture and size.
    orig = np.flatnonzero(np.isin(role, (R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG)))
    tasks = list(_ORIGINAL_TASKS)
    tw = np.array([_ORIGINAL_TASKS[t] for t in tasks], dtype=np.float64).T  # (8, tasks)
    cw = np.cumsum(tw[yi[orig]], axis=1)
    t_i = (cw < rng.random(len(orig))[:, None] * cw[:, -1:]).sum(axis=1)
    t_code = np.array([pipe_ix[t] if t else -1 for t in tasks])[t_i]
    pipe[orig] = t_code
    lib[orig] = _original_library(rng, t_code, pipe_ix, lib_ix)
    for t, archs in _ORIGINAL_ARCH.items():
        sel = orig[t_code == pipe_ix[t]]
        arch[sel] = np.array([_ARCH[a] for a in archs])[rng.integers(0, len(archs), len(sel))]
    med = np.array([_ORIGINAL_PARAMS.get(_PIPELINES[c], 0.11) if c >= 0 else 0.11 for c in range(-1, len(_PIPELINES))])
    params[orig] = med[t_code + 1] * 1e9 * np.exp(rng.normal(0, 1.0, len(orig)))
    no_size = np.isin(t_code, [pipe_ix["reinforcement-learning"], pipe_ix["tabular-classification"]]) | (
        rng.random(len(orig)) < 0.15
    )
    params[orig[no_size]] = np.nan
    lic[orig] = _pick(rng, len(orig), _ORIGINAL_LICENSES)
    lic[orig[lic[orig] == len(_LICENSES) - 1]] = -1
    sel = np.flatnonzero(role == R_KERNEL)
    lib[sel] = lib_ix["kernels"]
    lic[sel] = lic_ix["apache-2.0"]
    # Derived: inherit from the root (base or original); adapters of LLMs use peft.
    for arr in (params, arch, pipe, lib, ctx, lic):
        arr[der] = arr[root[der]]
    keep_lic = rng.random(len(der)) < 0.8
    lic[der[~keep_lic]] = _pick(rng, int((~keep_lic).sum()), _ORIGINAL_LICENSES)
    lic[der[lic[der] == len(_LICENSES) - 1]] = -1
    ad = der[kind[der] == 1]
    llm_ad = ad[np.isin(pipe[ad], [pipe_ix[p] for p in _LLM_PIPES])]
    lib[llm_ad] = lib_ix["peft"]
    qd = der[kind[der] == 2]
    lib[qd[quant[qd] == 0]] = np.where(rng.random(int((quant[qd] == 0).sum())) < 0.75, lib_ix["gguf"], -1)
    lib[qd[quant[qd] == 3]] = lib_ix["mlx"]
    lib[qd[np.isin(quant[qd], (1, 2, 4, 5))]] = lib_ix["transformers"]
    # fine-tunes of a masked-language model are for a downstream task, not fill-mask
    fm = der[(pipe[der] == pipe_ix["fill-mask"]) & (kind[der] != 2)]
    tasks = np.array(
        [
            pipe_ix[t]
            for t in (
                "text-classification",
                "token-classification",
                "question-answering",
                "fill-mask",
                "feature-extraction",
                "sentence-similarity",
            )
        ]
    )
    pipe[fm] = tasks[_pick(rng, len(fm), (0.45, 0.2, 0.1, 0.1, 0.08, 0.07))]
    pipe[der[rng.random(len(der)) < 0.04]] = -1

    # --- declared lineage, its forms and its dirt -----------------------------------------------
    declared = np.zeros(N, dtype=bool)
    declared[is_base & (parents[:, 0] >= 0)] = True
    p_decl = _by_year(yf[der], (0.0, 0.0, 0.03, 0.1, 0.38, 0.66, 0.8, 0.82))
    p_decl = np.where(redistributed[der] & (yf[der] >= 2024), 0.96, p_decl)
    declared[der] = rng.random(len(der)) < p_decl
    # Older repos often carry only the plain `base_model:X` tag (the relation form came later).
    plain_only = declared & (rng.random(N) < np.where(yf < 2024.5, 0.3, 0.03))
    card_rel = declared & (rng.random(N) < np.where(np.isin(kind, (1, 2, 3)), 0.35, 0.08))
    conflict = card_rel & (rng.random(N) < 0.01)
    dirty = np.zeros(N, dtype=np.int8)  # 1 self-reference, 2 parent that does not exist, 3 parent id in other case
    dec_der = der[declared[der]]
    if len(dec_der):
        n_d = max(1, int(round(len(dec_der) * 0.0008))) if len(dec_der) >= 30 else 0
        picks = rng.choice(dec_der, min(len(dec_der), 3 * n_d), replace=False)
        for code, part in zip((1, 2, 3), np.array_split(picks, 3)):
            dirty[part] = code

    # --- names ------------------------------------------------------------------------------------
    names = _model_names(
        rng,
        pool,
        bases,
        base_pos,
        role,
        kind,
        quant,
        fam,
        author,
        parents,
        root,
        depth,
        pipe,
        params,
        created,
        redistributed,
        pipe_ix,
    )
    ids = _dedupe(_cat(pool.names.take(pa.array(author)), "/", names))

    # --- family tags without lineage, hardware and science tags --------------------------------------
    fam_tag = np.full(N, -1, dtype=np.int16)
    tag_fams = [f for f in _FAMILIES if f in _FAMILY_TAG]
    is_tag_fam = np.isin(fam[root], [_FAM[f] for f in tag_fams]) & (role != R_KERNEL)
    chance = np.where(role == R_BASE, 0.5, np.where(declared, 0.25, 0.55))
    with_tag = is_tag_fam & (rng.random(N) < chance)
    fam_tag[with_tag] = fam[root[with_tag]]
    qwen_named = (fam[root] == _FAM["qwen"]) | pc.match_substring(ids, "qwen", ignore_case=True).to_numpy(
        zero_copy_only=False
    )
    qwen_named |= np.isin(arch[root], [_ARCH[a] for a in _ARCHS if a.startswith("qwen")])

    # --- popularity and download curves ------------------------------------------------------------
    individual = ~pool.is_org[author]
    rng = _rng(seed, "models", "curves")
    z = z0.copy()
    z[is_base] = 4.5 + 0.35 * z0[is_base] + 0.9 * np.log(np.maximum(attract[is_base], 1e-3))
    z[role == R_REAL_ORG] += 1.4
    z[role == R_SMALL_ORG] += 0.2
    z[role == R_INDIVIDUAL] -= 0.3
    z[role == R_KERNEL] += 0.8
    z[der] += np.array([0.0, -0.5, 0.25, -0.4])[kind[der]] - 0.2
    z[redistributed] += 1.0
    par = parents[der, 0]
    z[der] += np.where(is_base[par], 0.15 * np.log(np.maximum(attract[par], 1e-3)), 0.15 * z0[par])
    # independents hold a rising share of downloads (SPEC GEO3)
    z[individual & ~is_base] += 0.22 * np.clip(yf[individual & ~is_base] - 2023.0, 0, 3.0)
    encoder_like = np.array([_PROFILE[f] == "encoder" for f in _FAMILIES] + [False])[fam[root]]
    encoder_like |= (role != R_DERIVED) & ~np.isin(pipe, [pipe_ix[p] for p in _LLM_PIPES])
    # the dima806s and jonatasgrosmans of the Hub: individuals' small task models pulled by pipelines
    enc_ind = (role == R_DERIVED) & encoder_like & individual
    z[enc_ind] += 0.3 + 0.2 * np.clip(yf[enc_ind] - 2023.0, 0, 3.0)
    z[(role == R_DERIVED) & ~encoder_like] -= 0.3
    evergreen = rng.random(N) < np.where(
        is_base, 0.85, np.where(role == R_REAL_ORG, 0.25, np.where(encoder_like, 0.08, 0.03))
    )
    evergreen |= hero_likes > 0
    rho, tau, b, tau_long = _curve_params(rng, N, evergreen, encoder_like)
    tau[is_base] *= 1.6
    shape_end = _shape_cum((end_ms - created) / DAY_MS, rho, tau, b, tau_long)
    total = _shape_total(rho, tau, b, tau_long)
    score = z + np.log(_peak_realised(created, end_ms, rho, tau))
    amp = _calibrated_amp(score, _MODEL_DL_KNOTS, shape_end)
    lifetime = amp * total
    likes_final = 0.006 * lifetime**0.68 * np.exp(rng.normal(0, 0.6, N))
    likes_final = np.where(hero_likes > 0, hero_likes, likes_final)
    curves = _Curves(amp, rho, tau, b, tau_long, likes_final, rng.random(N))

    # --- papers: models that release a paper's artifacts carry its arxiv tag ---------------------------
    arx_paper = np.full(N, -1, dtype=np.int64)
    if papers.n:
        want = np.repeat(np.arange(papers.n), papers.links_models)
        lo = np.searchsorted(created, papers.published[want])
        hi = np.searchsorted(created, papers.published[want] + 60 * DAY_MS)
        ok = hi > lo
        rows = lo[ok] + (rng.random(ok.sum()) * (hi[ok] - lo[ok])).astype(np.int64)
        arx_paper[rows] = want[ok]

    # --- deletions and renames -------------------------------------------------------------------
    has_child = np.zeros(N, dtype=bool)
    for col in range(3):
        p = parents[:, col]
        has_child[p[(p >= 0) & declared]] = True
    rng = _rng(seed, "models", "lifecycle")
    deleted = _deletions(rng, created, n_del, end_ms, is_base | (rng.random(N) < 0.3) & has_child)
    leaf = ~is_base & ~has_child & (role != R_KERNEL)
    renamed, old_ids, old_authors = _renames(rng, pool, "models", created, ids, author, leaf, end_ms, 0.004)
    pool.note(author, created)
    pool.note(old_authors, created)
    updates = _updates(rng, created)

    spec = _ModelStatic(
        ids=ids,
        created=created,
        role=role,
        fam=fam,
        kind=kind,
        quant=quant,
        parents=parents,
        declared=declared,
        plain_only=plain_only,
        card_rel_flag=card_rel,
        conflict=conflict,
        dirty=dirty,
        params=params,
        arch=arch,
        pipe=pipe,
        lib=lib,
        ctx=ctx,
        lic=lic,
        fam_tag=fam_tag,
        author=author,
        arx_paper=arx_paper,
        arx_fixed=_fixed_arxiv(bases, base_pos, N, root, rng),
        papers=papers,
        seed=seed,
        redistributed=redistributed,
        is_base=is_base,
        root=root,
    )
    uni = _Universe(
        "models",
        created,
        deleted,
        renamed,
        ids,
        old_ids,
        author,
        old_authors,
        updates,
        curves,
        True,
        spec.columns,
        stall_rate=0.006,
    )
    roots = {}
    for f in ("qwen", "llama", "deepseek", "mistral", "gemma"):
        roots[f] = is_base & (fam == _FAM[f]) & (parents[:, 0] < 0)
    return _ModelWorld(uni, lifetime, fam, role, declared, parents, params, roots, qwen_named, individual)


def _original_library(
    rng: np.random.Generator, t_code: np.ndarray, pipe_ix: dict[str, int], lib_ix: dict[str, int]
) -> np.ndarray:
    n = len(t_code)
    out = np.where(rng.random(n) < 0.7, lib_ix["transformers"], -1)
    r = rng.random(n)
    out = np.where(
        r < 0.08, lib_ix["pytorch"], np.where(r < 0.12, lib_ix["keras"], np.where(r < 0.14, lib_ix["onnx"], out))
    )
    rl = t_code == pipe_ix["reinforcement-learning"]
    out[rl] = np.array([lib_ix["stable-baselines3"], lib_ix["ml-agents"], lib_ix["pytorch"]])[
        _pick(rng, int(rl.sum()), (0.6, 0.25, 0.15))
    ]
    out[t_code == pipe_ix["tabular-classification"]] = lib_ix["sklearn"]
    out[t_code == pipe_ix["text-to-image"]] = lib_ix["diffusers"]
    out[t_code == pipe_ix["robotics"]] = lib_ix["lerobot"]
    img = (t_code == pipe_ix["image-classification"]) & (rng.random(n) < 0.2)
    out[img] = lib_ix["timm"]
    st = (t_code == pipe_ix["feature-extraction"]) & (rng.random(n) < 0.5)
    out[st] = lib_ix["sentence-transformers"]
    return out


def _fixed_arxiv(
    bases: list[_Base], base_pos: np.ndarray, n: int, root: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Index into _fixed_arxiv_vocab of the paper a base model cites (derived models often keep it)."""
    vocab = _fixed_arxiv_ids()
    out = np.full(n, -1, dtype=np.int64)
    if len(bases):
        out[base_pos] = [vocab.index(b.arxiv) if b.arxiv else -1 for b in bases]
    keep = rng.random(n) < 0.35
    inherited = np.where(keep, out[root], -1)
    out = np.where(out >= 0, out, inherited)
    return out


def _fixed_arxiv_ids() -> list[str]:
    ids = sorted({g[13] for g in _GENERATIONS if g[13]})
    return ids + ["1910.09700"]  # the carbon-emissions paper the default model card template cites


_SIZE_LABELS = ("30M", "60M", "125M", "350M", "500M", "1B", "1.5B", "3B", "7B", "8B", "13B", "32B", "70B")
_SIZE_VALUES = np.array([30e6, 60e6, 125e6, 350e6, 500e6, 1e9, 1.5e9, 3e9, 7e9, 8e9, 13e9, 32e9, 70e9])
_QUANT_SUFFIX = {
    0: ("GGUF", "GGUF", "GGUF", "Q4_K_M-GGUF", "i1-GGUF", "Q8_0-GGUF"),
    1: ("GPTQ", "GPTQ-Int4", "gptq-4bit"),
    2: ("AWQ",),
    3: ("4bit", "8bit", "mlx-4bit", "4bit-mlx"),
    4: ("bnb-4bit", "unsloth-bnb-4bit"),
    5: ("FP8", "FP8-Dynamic"),
}


def _choice(
    rng: np.random.Generator, n: int, weights: Sequence[float], *builders: Callable[[np.ndarray], pa.Array]
) -> pa.Array:
    """Per row, one of several ways to build a string, chosen with the given weights. Each builder
    gets the positions of its rows and builds only those (string kernels are the costly part)."""
    if n == 0:
        return pa.array([], pa.string())
    which = _pick(rng, n, weights)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(builders) + 1))
    parts = [builders[i](order[bounds[i] : bounds[i + 1]]) for i in range(len(builders))]
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    return pa.concat_arrays([p.cast(pa.string()) for p in parts]).take(pa.array(inverse))


def _model_names(
    rng: np.random.Generator,
    pool: _Pool,
    bases: list[_Base],
    base_pos: np.ndarray,
    role: np.ndarray,
    kind: np.ndarray,
    quant: np.ndarray,
    fam: np.ndarray,
    author: np.ndarray,
    parents: np.ndarray,
    root: np.ndarray,
    depth: np.ndarray,
    pipe: np.ndarray,
    params: np.ndarray,
    created: np.ndarray,
    redistributed: np.ndarray,
    pipe_ix: dict[str, int],
) -> pa.Array:
    """Names as people write them: bases from the tables; derived names grow from their parent's
    name (`…-GGUF`, `…-lora`, `…-sft`), so the size in a base's name travels down the tree; level by
    level, since a child's name needs its parent's."""
    n = len(role)
    words = _vocab(_WORDS)
    cap_words = pc.utf8_capitalize(words)

    def W(k: int, capital: bool = False) -> pa.Array:
        return _take(cap_words if capital else words, rng.integers(0, len(_WORDS), k))

    def V(items: Sequence[str], k: int) -> pa.Array:
        return _take(_vocab(items), rng.integers(0, len(items), k))

    def num(k: int) -> pa.Array:
        return _num(rng.integers(1, 100, k))

    def size_label(rows: np.ndarray) -> pa.Array:
        idx = np.searchsorted(_SIZE_VALUES, np.nan_to_num(params[rows], nan=125e6))
        return _take(_vocab(_SIZE_LABELS), np.clip(idx, 0, len(_SIZE_VALUES) - 1))

    tok_vocab = _vocab([b.token for b in bases] + [""])
    tok_idx = np.full(n, len(bases), dtype=np.int64)
    if len(bases):
        tok_idx[base_pos] = np.arange(len(bases))
    tok_idx = tok_idx[root]

    chunks: list[pa.Array] = []
    pos = np.full(n, -1, dtype=np.int64)
    size = 0

    def add(rows: np.ndarray, arr: pa.Array) -> None:
        nonlocal size
        if len(rows):
            chunks.append(arr)
            pos[rows] = size + np.arange(len(rows))
            size += len(rows)

    if len(bases):
        add(base_pos, _vocab([b.name for b in bases]))
    orig = np.flatnonzero(np.isin(role, (R_INDIVIDUAL, R_SMALL_ORG, R_REAL_ORG)))
    rl = pipe[orig] == pipe_ix["reinforcement-learning"]
    add(orig[rl], V(_RL_NAMES, int(rl.sum())))
    people = orig[~rl & (role[orig] == R_INDIVIDUAL)]
    add(
        people,
        _choice(
            rng,
            len(people),
            (0.18, 0.3, 0.2, 0.17, 0.15),
            lambda ix: V(_COURSE_NAMES, len(ix)),
            lambda ix: _cat(W(len(ix)), "-", W(len(ix))),
            lambda ix: _cat(W(len(ix)), "-", V(_TASK_WORDS, len(ix))),
            lambda ix: _cat(W(len(ix)), "-", V(_TASK_WORDS, len(ix)), "-", num(len(ix))),
            lambda ix: _cat(W(len(ix), True), W(len(ix), True), "-", size_label(people[ix])),
        ),
    )
    orgs = orig[~rl & (role[orig] != R_INDIVIDUAL)]
    add(
        orgs,
        _choice(
            rng,
            len(orgs),
            (0.5, 0.5),
            lambda ix: _cat(W(len(ix)), "-", V(_TASK_WORDS, len(ix)), "-", size_label(orgs[ix])),
            lambda ix: _cat(W(len(ix), True), "-", num(len(ix))),
        ),
    )
    kern = np.flatnonzero(role == R_KERNEL)
    add(kern, V(_KERNEL_NAMES, len(kern)))
    combined = pa.chunked_array(chunks, pa.string())

    prof_of = np.array([_PROFILE[f] for f in _FAMILIES] + ["llm"])
    q_start = np.cumsum([0] + [len(_QUANT_SUFFIX[i]) for i in range(6)])
    q_vocab = _vocab([x for i in range(6) for x in _QUANT_SUFFIX[i]])
    bartowski_from = _date_ms(dt.date(2024, 10, 1))
    der = np.flatnonzero(role == R_DERIVED)
    for d in range(1, int(depth[der].max(initial=0)) + 1):
        level = der[depth[der] == d]
        new: list[tuple[np.ndarray, pa.Array]] = []
        for kd in range(4):
            for prof in ("llm", "encoder", "diffusion"):
                rows = level[(kind[level] == kd) & (prof_of[fam[level]] == prof)]
                if not len(rows):
                    continue
                pn_all = combined.take(pa.array(pos[parents[rows, 0]])).combine_chunks()

                def pn(ix: np.ndarray, pn_all: pa.Array = pn_all) -> pa.Array:
                    return pn_all.take(pa.array(ix))

                def tos(ix: np.ndarray, rows: np.ndarray = rows) -> pa.Array:
                    tok = tok_vocab.take(pa.array(tok_idx[rows[ix]]))
                    return pc.if_else(pc.greater(pc.utf8_length(tok), 0), tok, size_label(rows[ix]))

                k = len(rows)
                if kd == 0 and prof == "llm":
                    names = _choice(
                        rng,
                        k,
                        (0.4, 0.1, 0.22, 0.05, 0.13, 0.1),
                        lambda ix: _cat(pn(ix), "-", V(_FT_WORDS, len(ix))),
                        lambda ix: _cat(pn(ix), "-", V(_FT_WORDS, len(ix)), "-", V(_FT_WORDS, len(ix))),
                        lambda ix: _cat(W(len(ix), True), "-", tos(ix)),
                        lambda ix: V(("lora_model", "outputs", "model", "merged_model", "checkpoint-1000"), len(ix)),
                        lambda ix: _cat(pn(ix), "_", V(_FT_WORDS, len(ix)), "_", num(len(ix))),
                        lambda ix: _cat(W(len(ix), True), "-", pn(ix)),
                    )
                elif kd == 0 and prof == "encoder":
                    names = _choice(
                        rng,
                        k,
                        (0.7, 0.3),
                        lambda ix: _cat(pn(ix), "-", V(_ENC_WORDS, len(ix))),
                        lambda ix: _cat(pn(ix), "-", V(_ENC_WORDS, len(ix)), "-", num(len(ix))),
                    )
                elif kd == 0:
                    names = _choice(
                        rng,
                        k,
                        (0.4, 0.3, 0.3),
                        lambda ix: _cat(pn(ix), "-", V(_STYLE_WORDS, len(ix))),
                        lambda ix: _cat(W(len(ix), True), "-", V(_STYLE_WORDS, len(ix)), "-diffusion"),
                        lambda ix: _cat("sd-", V(_STYLE_WORDS, len(ix)), "-model"),
                    )
                elif kd == 1 and prof == "diffusion":
                    names = _choice(
                        rng,
                        k,
                        (0.35, 0.25, 0.2, 0.2),
                        lambda ix: _cat(V(_STYLE_WORDS, len(ix)), "-lora"),
                        lambda ix: _cat(W(len(ix)), "-", V(_STYLE_WORDS, len(ix)), "-lora"),
                        lambda ix: _cat("lora-", V(_STYLE_WORDS, len(ix))),
                        lambda ix: _cat(pn(ix), "-", V(_STYLE_WORDS, len(ix)), "-lora"),
                    )
                elif kd == 1:
                    names = _choice(
                        rng,
                        k,
                        (0.55, 0.12, 0.15, 0.18),
                        lambda ix: _cat(pn(ix), "-", V(_ADAPTER_WORDS, len(ix))),
                        lambda ix: V(("lora_model", "adapter", "outputs"), len(ix)),
                        lambda ix: _cat(W(len(ix)), "-", V(_ADAPTER_WORDS, len(ix))),
                        lambda ix: _cat(pn(ix), "-", V(_FT_WORDS, len(ix)), "-", V(_ADAPTER_WORDS, len(ix))),
                    )
                elif kd == 2:
                    q = np.maximum(quant[rows], 0)
                    sfx = _take(q_vocab, q_start[q] + (rng.random(k) * np.diff(q_start)[q]).astype(np.int64))
                    names = _cat(pn_all, "-", sfx)
                    bart = np.flatnonzero((author[rows] == pool.real["bartowski"]) & (created[rows] >= bartowski_from))
                    if len(bart):  # bartowski's newer naming: <author>_<name>-GGUF
                        flag = np.zeros(k, dtype=bool)
                        flag[bart] = True
                        p_author = pool.names.take(pa.array(author[parents[rows, 0]]))
                        names = pc.if_else(pa.array(flag), _cat(p_author, "_", pn_all, "-GGUF"), names)
                else:
                    names = _choice(
                        rng,
                        k,
                        (0.6, 0.4),
                        lambda ix: _cat(
                            W(len(ix), True), "-", W(len(ix), True), "-", tos(ix), "-", V(_MERGE_WORDS, len(ix))
                        ),
                        lambda ix: _cat(pn(ix), "-", V(_MERGE_WORDS, len(ix))),
                    )
                long = np.flatnonzero(pc.greater(pc.utf8_length(names), 90).to_numpy(zero_copy_only=False))
                if len(long):
                    flag = np.zeros(k, dtype=bool)
                    flag[long] = True
                    short = _cat(W(k, True), "-", W(k, True), "-", num(k))
                    names = pc.if_else(pa.array(flag), short, names)
                new.append((rows, names))
        for rows, names in new:
            add(rows, names)
        combined = pa.chunked_array(list(combined.chunks) + [a for _, a in new], pa.string())
    return combined.take(pa.array(pos)).combine_chunks()


# Tag vocabulary of models (an index into it is what the static arrays hold).
_FORMAT_TAGS = ("safetensors", "pytorch", "gguf")
_QUANT_TAGS = (
    ("gguf", None),
    ("gptq", "4-bit"),
    ("awq", "4-bit"),
    ("4-bit", None),
    ("bitsandbytes", "4-bit"),
    ("fp8", "compressed-tensors"),
)
_COMPAT = (
    "custom_code",
    "conversational",
    "kernel",
    "kernels",
    "autotrain_compatible",
    "text-generation-inference",
    "endpoints_compatible",
    "region:us",
)


class _TagVocab:
    """All fixed tag strings in one Arrow array, with lookup tables from codes to positions."""

    def __init__(self, extra: Sequence[str] = ()) -> None:
        items: list[str] = []
        self.at: dict[str, int] = {}

        def add(s: str) -> int:
            if s not in self.at:
                self.at[s] = len(items)
                items.append(s)
            return self.at[s]

        self.lib = np.array([add(x) for x in _LIBRARIES] + [-1])
        self.fmt = np.array([add(x) for x in _FORMAT_TAGS])
        self.arch = np.array([add(x) for x in _ARCHS] + [-1])
        self.pipe = np.array([add(x) for x in _PIPELINES] + [-1])
        self.quant_a = np.array([add(a) for a, _ in _QUANT_TAGS] + [-1])
        self.quant_b = np.array([add(b) if b else -1 for _, b in _QUANT_TAGS] + [-1])
        self.fam = np.array([add(_FAMILY_TAG[f]) if f in _FAMILY_TAG else -1 for f in _FAMILIES] + [-1])
        self.hw = np.array([add(x) for x in _HW_TAGS] + [-1])
        self.sci = np.array([add(x) for x in _SCIENCE_TAGS] + [-1])
        self.lang = np.array([add(x) for x in _LANGS] + [-1])
        self.dataset = np.array([add("dataset:" + x) for x in _DATASET_TAGS_POPULAR] + [-1])
        self.arxiv = np.array([add("arxiv:" + x) for x in _fixed_arxiv_ids()] + [-1])
        self.license = np.array([add("license:" + x) for x in _LICENSES] + [-1])
        self.compat = {x: add(x) for x in _COMPAT}
        add("8-bit")
        self.extra = {x: add(x) for x in extra}
        self.items = _vocab(items)

    def inverse(self, table: np.ndarray) -> np.ndarray:
        """From a tag's position back to its code in `table` (-1 elsewhere; index -1 gives -1 too)."""
        inv = np.full(len(self.items) + 1, -1, dtype=np.int64)
        inv[table[:-1]] = np.arange(len(table) - 1)
        return inv


@dataclass
class _ModelStatic:
    """Builds the columns of models that do not change between snapshots, for a chunk of rows."""

    ids: pa.Array
    created: np.ndarray
    role: np.ndarray
    fam: np.ndarray
    kind: np.ndarray
    quant: np.ndarray
    parents: np.ndarray
    declared: np.ndarray
    plain_only: np.ndarray
    card_rel_flag: np.ndarray
    conflict: np.ndarray
    dirty: np.ndarray
    params: np.ndarray
    arch: np.ndarray
    pipe: np.ndarray
    lib: np.ndarray
    ctx: np.ndarray
    lic: np.ndarray
    fam_tag: np.ndarray
    author: np.ndarray
    arx_paper: np.ndarray
    arx_fixed: np.ndarray
    papers: _Papers
    seed: int
    redistributed: np.ndarray
    is_base: np.ndarray
    root: np.ndarray

    def __post_init__(self) -> None:
        self.voc = _TagVocab()
        self.paper_tags = _cat("arxiv:", self.papers.ids) if self.papers.n else pa.array([], pa.string())
        self.pool_head = pa.concat_arrays([self.voc.items, self.paper_tags])
        self.rel_prefix = _vocab([f"base_model:{x}:" for x in _RELATIONS])
        q = '"'
        self.card_license = _vocab([f", {q}license{q}: {q}{x}{q}" for x in _LICENSES] + [""])
        self.card_rel = _vocab([f", {q}base_model_relation{q}: {q}{x}{q}" for x in _RELATIONS] + [""])
        self.card_lib = _vocab([f", {q}library_name{q}: {q}{x}{q}" for x in _LIBRARIES] + [""])
        self.card_pipe = _vocab([f", {q}pipeline_tag{q}: {q}{x}{q}" for x in _PIPELINES] + [""])
        self.card_lang = _vocab([f", {q}language{q}: [{q}{x}{q}]" for x in _LANGS] + [""])
        self.card_tags = _vocab([f", {q}tags{q}: {x}" for x in _CARD_TAGS] + [""])
        self.card_ds = _vocab([f", {q}datasets{q}: [{q}{x}{q}]" for x in _DATASET_TAGS_POPULAR] + [""])
        real = {o[0]: i for i, o in enumerate(_ORGS)}
        self.hw_author = np.full(len(_ORGS), -1, dtype=np.int64)
        for name, tag in (
            ("amd", "rocm"),
            ("OpenVINO", "openvino"),
            ("onnx-community", "onnx"),
            ("Xenova", "onnx"),
            ("apple", "coreml"),
            ("nvidia", "tensorrt"),
            ("Intel", "openvino"),
            ("qualcomm", "npu"),
            ("kernels-community", "cuda"),
        ):
            self.hw_author[real[name]] = _HW_TAGS.index(tag)

    def columns(self, lo: int, hi: int) -> dict[str, pa.Array]:
        rng = _rng(self.seed, "models", "static", str(lo))
        r = np.arange(lo, hi)
        m = hi - lo
        voc = self.voc
        yf = _year_frac(self.created[r])
        role, kind, quant, lib, arch, pipe = (
            self.role[r],
            self.kind[r],
            self.quant[r],
            self.lib[r],
            self.arch[r],
            self.pipe[r],
        )
        params = self.params[r]
        author = self.author[r]
        is_gguf = quant == 0
        llm = np.isin(pipe, [_PIPELINES.index(p) for p in _LLM_PIPES])
        # formats: GGUF repos, old pickles, safetensors for most
        old_pickle = (yf < 2023.3) & (rng.random(m) < 0.55)
        fmt = np.where(is_gguf, 2, np.where(old_pickle, 1, 0))
        no_weights = np.isin(
            lib, [_LIBRARIES.index(x) for x in ("stable-baselines3", "ml-agents", "sklearn", "kernels")]
        )
        # --- tag slots
        S = np.full((m, 31), -1, dtype=np.int64)
        S[:, 0] = voc.lib[lib]
        S[:, 1] = np.where(no_weights | (is_gguf & (lib == _LIBRARIES.index("gguf"))), -1, voc.fmt[fmt])
        S[:, 2] = voc.arch[arch]
        S[:, 3] = voc.pipe[pipe]
        S[:, 4] = np.where(is_gguf, -1, voc.quant_a[np.where(quant >= 0, quant, len(_QUANT_TAGS))])
        S[:, 5] = voc.quant_b[np.where(quant >= 0, quant, len(_QUANT_TAGS))]
        mlx4 = quant == 3
        S[mlx4, 4] = np.where(rng.random(int(mlx4.sum())) < 0.7, voc.at["4-bit"], voc.at["8-bit"])
        S[:, 6] = voc.fam[np.where(self.fam_tag[r] >= 0, self.fam_tag[r], len(_FAMILIES))]
        # hardware: from the author's platform, or a rising share of everyone (SPEC H1)
        real_author = author < len(_ORGS)
        hw_a = np.where(real_author, self.hw_author[np.minimum(author, len(_ORGS) - 1)], -1)
        hw_a = np.where((hw_a == _HW_TAGS.index("tensorrt")) & (rng.random(m) < 0.7), -1, hw_a)
        hw_p = np.stack(
            [
                _by_year(yf, t)
                for t in (
                    (0, 0, 0, 0, 0, 0.002, 0.005, 0.007),  # mlx (besides MLX quants)
                    (0, 0, 0.001, 0.002, 0.003, 0.005, 0.007, 0.008),  # openvino
                    (0.005, 0.006, 0.008, 0.01, 0.012, 0.015, 0.015, 0.015),  # onnx
                    (0, 0, 0, 0, 0.0005, 0.002, 0.006, 0.009),  # rocm
                    (0, 0, 0, 0, 0.0003, 0.001, 0.003, 0.005),  # amd
                    (0.001, 0.001, 0.002, 0.002, 0.003, 0.004, 0.005, 0.006),  # cuda
                    (0, 0, 0, 0.0005, 0.001, 0.001, 0.0015, 0.002),  # tensorrt
                    (0, 0, 0.0005, 0.001, 0.001, 0.001, 0.001, 0.001),  # coreml
                    (0, 0, 0, 0, 0.0002, 0.001, 0.002, 0.003),  # ascend
                    (0, 0, 0, 0, 0.0002, 0.0008, 0.0015, 0.002),  # npu
                    (0, 0, 0, 0, 0.0002, 0.0005, 0.001, 0.0015),  # metal
                )
            ],
            axis=1,
        )
        hw_r = _pick_rows(rng, np.c_[hw_p, 1 - hw_p.sum(axis=1)])
        hw_r = np.where(hw_r == len(_HW_TAGS), -1, hw_r)
        S[:, 7] = voc.hw[np.where(hw_a >= 0, hw_a, np.where(hw_r >= 0, hw_r, len(_HW_TAGS)))]
        S[author == _ORG_INDEX["amd"], 8] = voc.at["amd"]
        S[(lib == _LIBRARIES.index("mlx")) & (S[:, 7] == voc.at["mlx"]), 7] = -1
        # science (SPEC S2): a small, growing share; protein/molecules/drug discovery/medical rise
        sci_p = _by_year(yf, (0.004, 0.005, 0.006, 0.008, 0.011, 0.015, 0.02, 0.022))
        sci_fam = np.isin(self.fam[self.root[r]], [_FAM["esm"], _FAM["evo"]])
        has_sci = (rng.random(m) < sci_p) | sci_fam
        sci_w = np.stack(
            [
                _by_year(yf, t)
                for t in (
                    (3, 3, 3, 3, 3, 3, 3, 3),
                    (2, 2, 2, 2, 2, 2.5, 3, 3),
                    (1, 1, 1.5, 2, 2.5, 3.5, 4.5, 5),
                    (3, 3, 3, 3.5, 4, 5, 6, 6),
                    (0.3, 0.3, 0.5, 0.8, 1, 1.6, 2.4, 2.8),
                    (0.5, 0.5, 0.7, 1, 1.3, 1.8, 2.3, 2.5),
                    (0.5, 0.5, 0.8, 1, 1.5, 2.2, 3, 3.3),
                    (0.5, 0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.3),
                    (0.3, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.1),
                    (0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.7, 0.7),
                )
            ],
            axis=1,
        )
        sci = _pick_rows(rng, sci_w)
        sci = np.where(sci_fam, _SCIENCE_TAGS.index("protein"), sci)
        S[:, 9] = np.where(has_sci, voc.sci[sci], -1)
        kern = role == R_KERNEL
        S[kern, 10] = voc.compat["kernel"]
        S[kern & (rng.random(m) < 0.7), 11] = voc.compat["kernels"]
        S[np.isin(arch, [_ARCH[a] for a in _CUSTOM_CODE_ARCHS]), 12] = voc.compat["custom_code"]
        chat = llm & ((self.is_base[r] & (kind == 0)) | ((role == R_DERIVED) & (rng.random(m) < 0.55)))
        S[chat, 13] = voc.compat["conversational"]
        text = ~np.isin(
            pipe,
            [
                _PIPELINES.index(p)
                for p in (
                    "image-classification",
                    "object-detection",
                    "image-segmentation",
                    "reinforcement-learning",
                    "tabular-classification",
                    "text-to-image",
                )
            ],
        )
        lang1 = np.where(rng.random(m) < 0.6, 0, rng.integers(1, len(_LANGS), m))
        S[:, 14] = np.where(text & (rng.random(m) < 0.55), voc.lang[lang1], -1)
        S[:, 15] = np.where((S[:, 14] >= 0) & (rng.random(m) < 0.12), voc.lang[rng.integers(1, len(_LANGS), m)], -1)
        S[S[:, 15] == S[:, 14], 15] = -1
        ds = (role == R_DERIVED) & np.isin(kind, (0, 1)) & (rng.random(m) < 0.18)
        S[:, 16] = np.where(ds, voc.dataset[rng.integers(0, len(_DATASET_TAGS_POPULAR), m)], -1)
        nv = len(voc.items)
        S[:, 17] = np.where(self.arx_paper[r] >= 0, nv + self.arx_paper[r], -1)
        S[:, 18] = voc.arxiv[np.where(self.arx_fixed[r] >= 0, self.arx_fixed[r], len(voc.arxiv) - 1)]
        has_card = self.is_base[r] | (rng.random(m) < _by_year(yf, (0.6, 0.6, 0.65, 0.7, 0.8, 0.88, 0.9, 0.9)))
        template = has_card & (yf > 2022.2) & (yf < 2025.0) & (lib == 0) & (rng.random(m) < 0.1)
        S[:, 19] = np.where(template, voc.arxiv[len(voc.arxiv) - 2], -1)
        S[S[:, 19] == S[:, 18], 19] = -1
        # lineage: base_model:X for each parent, then base_model:<relation>:X (the Hub writes both)
        texts = self._parent_texts(r)
        rel_code = np.where(self.conflict[r], -1, np.maximum(kind, 0))
        dyn: list[pa.Array] = []
        offset = len(self.pool_head)
        for k, (text, has) in enumerate(texts):
            idx = np.flatnonzero(has)
            t = text.take(pa.array(idx))
            S[idx, 20 + k] = offset + np.arange(len(idx))
            dyn.append(_cat("base_model:", t))
            offset += len(idx)
            rel_idx = idx[~self.plain_only[r][idx]]
            S[rel_idx, 23 + k] = offset + np.arange(len(rel_idx))
            dyn.append(_cat(_take(self.rel_prefix, np.maximum(kind[rel_idx], 0)), text.take(pa.array(rel_idx))))
            offset += len(rel_idx)
        S[:, 26] = voc.license[np.where(self.lic[r] >= 0, self.lic[r], len(_LICENSES))]
        tf = lib == 0
        S[tf & (yf < 2025) & (rng.random(m) < 0.8), 27] = voc.compat["autotrain_compatible"]
        S[llm & tf & (rng.random(m) < 0.7), 28] = voc.compat["text-generation-inference"]
        S[np.isin(lib, (0, 1, 5)) & (rng.random(m) < 0.9), 29] = voc.compat["endpoints_compatible"]
        S[:, 30] = voc.compat["region:us"]
        tags = _lists(S, pa.concat_arrays([self.pool_head] + dyn))
        # --- structs
        safetensors = self._safetensors(rng, r, params, fmt, quant, kind, pipe, no_weights, yf)
        g_mask = ~(is_gguf & np.isfinite(params))
        gguf = pa.StructArray.from_arrays(
            [
                pa.array(np.nan_to_num(params).astype(np.int64)),
                _take(_vocab(_ARCHS), arch),
                pa.array(np.where(self.ctx[r] > 0, self.ctx[r], 4096)),
            ],
            names=["total", "architecture", "context_length"],
            mask=pa.array(g_mask),
        )
        card = self._card(rng, r, has_card, texts, rel_code, S)
        return {
            "tags": tags,
            "pipeline_tag": _take(_vocab(_PIPELINES), pipe),
            "library_name": _take(_vocab(_LIBRARIES), lib),
            "safetensors": safetensors,
            "gguf": gguf,
            "cardData": card,
        }

    def _parent_texts(self, r: np.ndarray) -> list[tuple[pa.Array, np.ndarray]]:
        """The parent ids as the repo writes them, with the dirt of real cards: a self-reference,
        a parent that does not exist, a parent id in the wrong case."""
        out = []
        for k in range(3):
            p = self.parents[r, k]
            has = (p >= 0) & self.declared[r]
            text = self.ids.take(pa.array(np.maximum(p, 0), mask=~has))
            if k == 0:
                d = self.dirty[r]
                if (d > 0).any():
                    own = self.ids.take(pa.array(r))
                    lower = pc.utf8_lower(text)
                    other_case = pc.if_else(pc.equal(lower, text), pc.utf8_upper(text), lower)
                    text = pc.if_else(pa.array(d == 1), own, text)
                    text = pc.if_else(pa.array(d == 2), _cat(text, "-private"), text)
                    text = pc.if_else(pa.array(d == 3), other_case, text)
            out.append((text, has))
        return out

    def _safetensors(
        self,
        rng: np.random.Generator,
        r: np.ndarray,
        params: np.ndarray,
        fmt: np.ndarray,
        quant: np.ndarray,
        kind: np.ndarray,
        pipe: np.ndarray,
        no_weights: np.ndarray,
        yf: np.ndarray,
    ) -> pa.Array:
        """Parameter counts by dtype as the Hub reports them: packed integer counts for 4-bit quants
        (so a GPTQ 7B shows ~1B 'parameters'), the adapter's own weights for LoRA repos."""
        m = len(r)
        has = np.isfinite(params) & (fmt == 0) & ~no_weights & (rng.random(m) < 0.93)
        p = np.nan_to_num(params)
        diffusion = np.isin(pipe, [_PIPELINES.index(x) for x in ("text-to-image", "image-to-image", "text-to-video")])
        main_key = np.where(yf < 2023.5, np.where(rng.random(m) < 0.8, 0, 2), np.where(rng.random(m) < 0.8, 1, 2))
        v1 = p.copy()
        v2 = np.zeros(m)
        k2 = np.full(m, -1)
        packed = np.isin(quant, (1, 2, 3))
        key1 = np.where(packed, np.where(quant == 3, 4, 3), main_key)
        v1 = np.where(packed, p / 8, v1)
        v2 = np.where(packed, p * 0.03, v2)
        k2 = np.where(packed, np.where(quant == 3, 1, 2), k2)
        bnb = quant == 4
        key1, v1, v2, k2 = (
            np.where(bnb, 5, key1),
            np.where(bnb, p / 2, v1),
            np.where(bnb, p * 0.03, v2),
            np.where(bnb, 1, k2),
        )
        fp8 = quant == 5
        key1, v1, v2, k2 = (
            np.where(fp8, 6, key1),
            np.where(fp8, p * 0.97, v1),
            np.where(fp8, p * 0.03, v2),
            np.where(fp8, 1, k2),
        )
        adapter = (kind == 1) & (self.role[r] == R_DERIVED)
        v1 = np.where(adapter, p * np.where(diffusion, 0.02, 0.004), v1)
        k2 = np.where(adapter, -1, k2)
        old_enc = (main_key == 0) & (p < 1e9) & (rng.random(m) < 0.2) & ~packed & ~adapter
        k2, v2 = np.where(old_enc, 7, k2), np.where(old_enc, 512, v2)
        v1 = np.maximum(np.round(v1), 1).astype(np.int64)
        v2 = np.round(v2).astype(np.int64)
        second = has & (k2 >= 0)
        counts = has.astype(np.int64) + second
        offsets = np.zeros(m + 1, dtype=np.int32)
        np.cumsum(counts, out=offsets[1:])
        keys = np.stack([key1, k2], axis=1)
        vals = np.stack([v1, v2], axis=1)
        sel = np.stack([has, second], axis=1)
        dtypes = _vocab(("F32", "BF16", "F16", "I32", "U32", "U8", "F8_E4M3", "I64"))
        params_map = pa.MapArray.from_arrays(pa.array(offsets), dtypes.take(pa.array(keys[sel])), pa.array(vals[sel]))
        total = np.where(has, v1 + np.where(second, v2, 0), 0)
        return pa.StructArray.from_arrays(
            [params_map, pa.array(total)], names=["parameters", "total"], mask=pa.array(~has)
        )

    def _card(
        self,
        rng: np.random.Generator,
        r: np.ndarray,
        has_card: np.ndarray,
        texts: list[tuple[pa.Array, np.ndarray]],
        rel_code: np.ndarray,
        S: np.ndarray,
    ) -> pa.Array:
        """The card's YAML header as JSON: licence, base_model (a string or a list), sometimes the
        relation (and, rarely, one that disagrees with the tags), library, task, languages, tags.
        Fixed pieces come from pre-built vocabularies, so only base_model needs concatenation."""
        m = len(r)

        def piece(vocab: pa.Array, idx: np.ndarray, cond: np.ndarray) -> pa.Array:
            return _take(vocab, np.where(cond & (idx >= 0), idx, len(vocab) - 1))

        lic = self.lic[r]
        kind = np.maximum(self.kind[r], 0)
        parts = [piece(self.card_license, lic, np.ones(m, bool))]
        (t0, h0), (t1, h1), (t2, h2) = texts
        base = pa.array([""] * m, pa.string())
        idx = np.flatnonzero(h0)
        if len(idx):
            as_list = (h1 | h2 | (rng.random(m) < 0.3))[idx]
            first = _cat('"', t0.take(pa.array(idx)), '"')
            more = [
                pc.if_else(pa.array(h[idx]), _cat(', "', pc.fill_null(t.take(pa.array(idx)), ""), '"'), "")
                for t, h in ((t1, h1), (t2, h2))
            ]
            value = pc.if_else(pa.array(as_list), _cat("[", first, more[0], more[1], "]"), first)
            pos = np.full(m, len(idx), dtype=np.int64)
            pos[idx] = np.arange(len(idx))
            base = pa.concat_arrays([_cat(', "base_model": ', value), pa.array([""], pa.string())]).take(pa.array(pos))
        parts.append(base)
        card_rel = np.where(self.conflict[r], (kind + 2) % 4, kind)
        parts.append(piece(self.card_rel, card_rel, self.card_rel_flag[r] & h0))
        parts.append(piece(self.card_lib, self.lib[r], rng.random(m) < 0.4))
        parts.append(piece(self.card_pipe, self.pipe[r], rng.random(m) < 0.3))
        lang_code = self.voc.inverse(self.voc.lang)[S[:, 14]]
        parts.append(piece(self.card_lang, lang_code, S[:, 14] >= 0))
        llm = np.isin(self.pipe[r], [_PIPELINES.index(p) for p in _LLM_PIPES])
        ct = np.where(
            llm,
            np.array([0, 1, 3, 4, 8, 9, 10, 11, 14, 15])[rng.integers(0, 10, m)],
            np.array([1, 4, 13])[rng.integers(0, 3, m)],
        )
        ct = np.where(
            self.kind[r] == 3,
            2,
            np.where(self.kind[r] == 1, 5, np.where(self.quant[r] == 0, 6, np.where(self.quant[r] == 3, 7, ct))),
        )
        parts.append(piece(self.card_tags, ct, rng.random(m) < 0.35))
        ds_code = self.voc.inverse(self.voc.dataset)[S[:, 16]]
        parts.append(piece(self.card_ds, ds_code, S[:, 16] >= 0))
        body = _cat(*parts)
        card = _cat("{", pc.utf8_slice_codeunits(body, 2), "}")
        return pc.if_else(pa.array(has_card), card, pa.nulls(m, pa.string()))


_ORG_INDEX = {o[0]: i for i, o in enumerate(_ORGS)}


# ---------------------------------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------------------------------

# Task categories in order of their 2024 prominence (weights fall geometrically with the rank, so
# that robotics' 1,145 datasets of 2024 rank in the forties, SPEC S1); robotics itself comes from
# the LeRobot population below, not from this draw.
_DATASET_CATEGORIES = (
    "text-generation",
    "question-answering",
    "text-classification",
    "image-text-to-text",
    "summarization",
    "translation",
    "text2text-generation",
    "token-classification",
    "image-classification",
    "automatic-speech-recognition",
    "feature-extraction",
    "sentence-similarity",
    "text-to-image",
    "visual-question-answering",
    "image-to-text",
    "table-question-answering",
    "zero-shot-classification",
    "text-retrieval",
    "multiple-choice",
    "fill-mask",
    "object-detection",
    "text-to-speech",
    "image-segmentation",
    "audio-classification",
    "image-to-image",
    "video-text-to-text",
    "tabular-classification",
    "time-series-forecasting",
    "document-question-answering",
    "text-to-video",
    "reinforcement-learning",
    "image-feature-extraction",
    "audio-to-audio",
    "text-to-audio",
    "tabular-regression",
    "depth-estimation",
    "video-classification",
    "visual-document-retrieval",
    "text-ranking",
    "zero-shot-image-classification",
    "unconditional-image-generation",
    "mask-generation",
    "any-to-any",
    "image-to-3d",
    "graph-ml",
    "text-to-3d",
    "keypoint-detection",
    "voice-activity-detection",
    "zero-shot-object-detection",
    "image-to-video",
    "video-to-video",
)
_CATEGORY_MODALITY = {"text": 0, "image": 1, "audio": 2, "video": 3, "tabular": 4, "timeseries": 5}
_ROBOTS = ("so100", "so101", "koch", "aloha", "lekiwi", "xarm", "franka", "piper", "so100_test", "moss")
_ROBOT_TASKS = (
    "pick_place",
    "test",
    "stack_cubes",
    "grasp",
    "pour",
    "sort_blocks",
    "open_drawer",
    "fold_towel",
    "record",
    "push_t",
    "pickup_lego",
    "insert_peg",
)
_DATASET_TOPICS = (
    "math",
    "code",
    "chat",
    "medical",
    "legal",
    "finance",
    "news",
    "wiki",
    "reviews",
    "tweets",
    "qa",
    "instructions",
    "preferences",
    "reasoning",
    "images",
    "audio",
    "speech",
    "ocr",
    "captions",
    "translations",
    "sft",
    "dpo",
    "eval",
    "benchmark",
    "synthetic",
    "protein",
    "molecules",
)
_DATASET_KINDS = ("dataset", "data", "corpus", "set", "v1", "v2", "mix", "sample", "subset", "cleaned", "filtered")
_SIZE_CATEGORIES = ("n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M")
_FORMATS = ("parquet", "json", "csv", "imagefolder", "text", "webdataset")


def _robotics_share(yf: np.ndarray) -> np.ndarray:
    """Share of new datasets that are LeRobot robotics recordings: almost none before late 2024,
    then over a tenth (SPEC S1: 1,145 in 2024 → 26,991 in 2025 at 550k datasets)."""
    return 0.125 / (1.0 + np.exp(-(yf - 2025.06) / 0.085))


def _build_datasets(
    cfg: GenerateConfig, pool: _Pool, papers: _Papers, end_ms: int
) -> tuple[_Universe, np.ndarray, np.ndarray]:
    seed = cfg.seed
    n_del = int(round(cfg.datasets * 0.015)) if cfg.datasets >= 100 else 0
    N = cfg.datasets + n_del
    rng = _rng(seed, "datasets", "plan")
    created = _growth_times(rng, N, _DATASET_GROWTH, end_ms, _date_ms(dt.date(2020, 4, 1)))
    yf = _year_frac(created)
    robotics = rng.random(N) < _robotics_share(yf)
    r = rng.random(N)
    real = ~robotics & (r < 0.02)
    small = ~robotics & (r >= 0.02) & (r < 0.1)
    author = pool.users(rng, created, "datasets")
    author[robotics] = pool.users(rng, created[robotics], "lerobot")
    author[robotics & (rng.random(N) < 0.02)] = pool.real["lerobot"]
    w = np.array([o[5] for o in _ORGS], dtype=np.float64) + 1.0
    author[real] = _pick(rng, int(real.sum()), w)
    author[small] = pool.small_orgs(rng, created[small], "datasets")
    # task categories: multi-label, fewer tagged in 2025 (automated uploads with bare cards)
    ncat = len(_DATASET_CATEGORIES)
    cw = 0.96 ** np.arange(ncat)
    tagged = ~robotics & (rng.random(N) < _by_year(yf, (0.5, 0.5, 0.5, 0.45, 0.42, 0.4, 0.24, 0.22)))
    k = np.where(tagged, np.array([1, 2, 3, 4, 5, 6, 8])[_pick(rng, N, (0.55, 0.2, 0.1, 0.06, 0.04, 0.03, 0.02))], 0)
    cats = np.full((N, 8), -1, dtype=np.int16)
    for lo in range(0, N, 200_000):
        part = slice(lo, min(N, lo + 200_000))
        m = part.stop - part.start
        keys = np.log(cw)[None, :] - np.log(-np.log(rng.random((m, ncat))))  # Gumbel top-k: weighted, no repeats
        top = np.argsort(-keys, axis=1)[:, :8]
        cats[part] = np.where(np.arange(8)[None, :] < k[part, None], top, -1)
    robot_cat = ncat  # index of robotics in the category vocabulary below
    cats[robotics, 0] = robot_cat
    stray = tagged & (rng.random(N) < 0.001)
    cats[stray, 0] = robot_cat
    # names

    def v(items: Sequence[str], n: int) -> pa.Array:
        return _take(_vocab(items), rng.integers(0, len(items), n))

    def num(k: int) -> pa.Array:
        return _num(rng.integers(1, 300, k))

    gen_rows, rob_rows = np.flatnonzero(~robotics), np.flatnonzero(robotics)
    general = _choice(
        rng,
        len(gen_rows),
        (0.35, 0.25, 0.2, 0.2),
        lambda ix: _cat(v(_DATASET_TOPICS, len(ix)), "-", v(_WORDS, len(ix)), "-", v(_DATASET_KINDS, len(ix))),
        lambda ix: _cat(v(_WORDS, len(ix)), "-", v(_DATASET_TOPICS, len(ix))),
        lambda ix: _cat(v(_DATASET_TOPICS, len(ix)), "_", v(_DATASET_KINDS, len(ix)), "_", num(len(ix))),
        lambda ix: _cat(pc.utf8_capitalize(v(_WORDS, len(ix))), "-", v(_DATASET_TOPICS, len(ix)), "-", num(len(ix))),
    )
    robot = _choice(
        rng,
        len(rob_rows),
        (0.5, 0.25, 0.25),
        lambda ix: _cat(v(_ROBOTS, len(ix)), "_", v(_ROBOT_TASKS, len(ix)), "_", num(len(ix))),
        lambda ix: _cat("record-test-", num(len(ix))),
        lambda ix: _cat("eval_", v(_ROBOTS, len(ix)), "_", v(_ROBOT_TASKS, len(ix))),
    )
    inverse = np.empty(N, dtype=np.int64)
    inverse[np.r_[gen_rows, rob_rows]] = np.arange(N)
    names = pa.concat_arrays([general, robot]).take(pa.array(inverse))
    ids = _dedupe(_cat(pool.names.take(pa.array(author)), "/", names))
    # popularity and downloads
    z = rng.normal(0, 1, N) + np.where(real, 1.6, 0.0) + np.where(small, 0.3, 0.0) - np.where(robotics, 0.4, 0.0)
    evergreen = rng.random(N) < np.where(real, 0.3, 0.04)
    rho, tau, b, tau_long = _curve_params(rng, N, evergreen)
    change = _date_ms(DATASET_COUNT_CHANGE)
    curves = _Curves(np.ones(N), rho, tau, b, tau_long, np.zeros(N), rng.random(N), change, _DATASET_COUNT_FACTOR)
    shape_end = curves.observed(np.arange(N), created, end_ms)
    total = _shape_total(rho, tau, b, tau_long)
    score = z + np.log(_peak_realised(created, end_ms, rho, tau))
    curves.amp = _calibrated_amp(score, _DATASET_DL_KNOTS, shape_end)
    lifetime = curves.amp * total
    curves.likes_final = 0.02 * lifetime**0.6 * np.exp(rng.normal(0, 0.6, N))
    arx = np.full(N, -1, dtype=np.int64)
    if papers.n:
        want = np.repeat(np.arange(papers.n), papers.links_datasets)
        lo = np.searchsorted(created, papers.published[want])
        hi = np.searchsorted(created, papers.published[want] + 60 * DAY_MS)
        ok = hi > lo
        arx[lo[ok] + (rng.random(ok.sum()) * (hi[ok] - lo[ok])).astype(np.int64)] = want[ok]
    rng = _rng(seed, "datasets", "lifecycle")
    deleted = _deletions(rng, created, n_del, end_ms, np.zeros(N, bool))
    renamed, old_ids, old_authors = _renames(rng, pool, "datasets", created, ids, author, ~real, end_ms, 0.003)
    pool.note(author, created)
    pool.note(old_authors, created)
    static = _DatasetStatic(seed, created, cats, robotics, arx, papers)
    uni = _Universe(
        "datasets",
        created,
        deleted,
        renamed,
        ids,
        old_ids,
        author,
        old_authors,
        _updates(rng, created),
        curves,
        True,
        static.columns,
        stall_rate=0.006,
    )
    return uni, lifetime, cats


@dataclass
class _DatasetStatic:
    seed: int
    created: np.ndarray
    cats: np.ndarray
    robotics: np.ndarray
    arx: np.ndarray
    papers: _Papers

    def __post_init__(self) -> None:
        items = ["task_categories:" + c for c in _DATASET_CATEGORIES] + ["task_categories:robotics"]
        self.n_cat = len(items)
        items += (
            ["LeRobot", "tutorial"] + ["modality:" + m for m in _CATEGORY_MODALITY] + ["format:" + f for f in _FORMATS]
        )
        items += ["size_categories:" + s for s in _SIZE_CATEGORIES] + [
            "library:datasets",
            "library:pandas",
            "library:mlcroissant",
            "library:polars",
        ]
        items += ["language:" + x for x in _LANGS] + ["license:" + x for x in _LICENSES] + ["region:us"]
        self.at = {s: i for i, s in enumerate(items)}
        papers = _cat("arxiv:", self.papers.ids) if self.papers.n else pa.array([], pa.string())
        self.pool = pa.concat_arrays([_vocab(items), papers])
        self.cat_names = _vocab(list(_DATASET_CATEGORIES) + ["robotics"])
        mod = []
        for c in list(_DATASET_CATEGORIES) + ["robotics"]:
            mod.append(
                "image"
                if any(x in c for x in ("image", "object", "mask", "depth", "keypoint", "3d"))
                else "video"
                if "video" in c
                else "audio"
                if any(x in c for x in ("audio", "speech", "voice"))
                else "tabular"
                if "tabular" in c
                else "timeseries"
                if c in ("time-series-forecasting", "robotics")
                else "text"
            )
        self.cat_modality = np.array([self.at["modality:" + m] for m in mod])

    def columns(self, lo: int, hi: int) -> dict[str, pa.Array]:
        rng = _rng(self.seed, "datasets", "static", str(lo))
        r = np.arange(lo, hi)
        m = hi - lo
        cats = self.cats[r].astype(np.int64)
        robot = self.robotics[r]
        yf = _year_frac(self.created[r])
        S = np.full((m, 20), -1, dtype=np.int64)
        S[:, :8] = np.where(cats >= 0, cats, -1)
        S[robot, 8] = self.at["LeRobot"]
        S[robot & (rng.random(m) < 0.3), 9] = self.at["tutorial"]
        converted = (rng.random(m) < 0.8) | robot
        first_mod = np.where(cats[:, 0] >= 0, self.cat_modality[np.maximum(cats[:, 0], 0)], self.at["modality:text"])
        S[:, 10] = np.where(converted, first_mod, -1)
        S[robot, 10] = self.at["modality:tabular"]
        S[robot, 11] = self.at["modality:timeseries"]
        S[robot & (rng.random(m) < 0.8), 12] = self.at["modality:video"]
        fmt = np.where(robot, 0, _pick(rng, m, (0.6, 0.18, 0.1, 0.06, 0.04, 0.02)))
        S[:, 13] = np.where(converted, self.at["format:parquet"] + fmt, -1)
        size = np.clip(np.floor(rng.normal(1.3, 1.2, m)), 0, 5).astype(np.int64)
        S[:, 14] = np.where(converted, self.at["size_categories:" + _SIZE_CATEGORIES[0]] + size, -1)
        S[:, 15] = np.where(converted, self.at["library:datasets"], -1)
        S[:, 16] = np.where(converted & (yf > 2024) & (rng.random(m) < 0.6), self.at["library:mlcroissant"], -1)
        lang = np.where(rng.random(m) < 0.65, 0, rng.integers(1, len(_LANGS), m))
        has_lang = ~robot & (rng.random(m) < 0.5)
        S[:, 17] = np.where(has_lang, self.at["language:en"] + lang, -1)
        S[:, 18] = np.where(self.arx[r] >= 0, self.at["region:us"] + 1 + self.arx[r], -1)
        lic = np.where(robot, 0, _pick(rng, m, _ORIGINAL_LICENSES))
        has_lic = (lic != len(_LICENSES) - 1) & (rng.random(m) < 0.8)
        S[:, 19] = np.where(has_lic, self.at["license:apache-2.0"] + lic, -1)
        tags = _lists(np.c_[S, np.full(m, self.at["region:us"])], self.pool)
        # cardData
        empty = pa.array([""] * m, pa.string())

        def piece(cond: np.ndarray, value: pa.Array) -> pa.Array:
            return pc.if_else(pa.array(cond), pc.fill_null(value, ""), empty)

        cat_txt = [
            piece(cats[:, j] >= 0, _cat(", " if j else "", '"', _take(self.cat_names, cats[:, j]), '"'))
            for j in range(8)
        ]
        parts = [
            piece(has_lic, _cat(', "license": "', _take(_vocab(_LICENSES), lic), '"')),
            piece(cats[:, 0] >= 0, _cat(', "task_categories": [', *cat_txt, "]")),
            piece(has_lang, _cat(', "language": ["', _take(_vocab(_LANGS), lang), '"]')),
            piece(converted, _cat(', "size_categories": ["', _take(_vocab(_SIZE_CATEGORIES), size), '"]')),
            piece(
                robot,
                pa.array(
                    [', "tags": ["LeRobot"], "configs": [{"config_name": "default", "data_files": "data/*/*.parquet"}]']
                    * m
                ),
            ),
        ]
        card = _cat("{", pc.utf8_slice_codeunits(_cat(*parts), 2), "}")
        has_card = robot | (rng.random(m) < 0.85)
        return {"tags": tags, "cardData": pc.if_else(pa.array(has_card), card, pa.nulls(m, pa.string()))}


# ---------------------------------------------------------------------------------------------------
# Spaces
# ---------------------------------------------------------------------------------------------------

_SDKS = ("gradio", "streamlit", "docker", "static")
_SPACE_LIKES_KNOTS = (
    (-5.0, -3.0),
    (0.0, -0.3),
    (1.28, 0.8),
    (2.33, 1.7),
    (3.09, 2.5),
    (3.72, 3.2),
    (4.75, 4.0),
    (6.0, 4.5),
)


def _build_spaces(
    cfg: GenerateConfig,
    pool: _Pool,
    end_ms: int,
    model_ids: pa.Array,
    model_created: np.ndarray,
    model_pop: np.ndarray,
    dataset_ids: pa.Array,
    dataset_created: np.ndarray,
    dataset_pop: np.ndarray,
) -> _Universe:
    """Spaces (demos) with an SDK, likes, and the models and datasets they use (popular ones more)."""
    seed = cfg.seed
    n_del = int(round(cfg.spaces * 0.015)) if cfg.spaces >= 100 else 0
    N = cfg.spaces + n_del
    rng = _rng(seed, "spaces", "plan")
    created = _growth_times(rng, N, _SPACE_GROWTH, end_ms, _date_ms(dt.date(2021, 10, 1)))
    yf = _year_frac(created)
    r = rng.random(N)
    author = pool.users(rng, created, "spaces")
    small = (r >= 0.88) & (r < 0.96)
    author[small] = pool.small_orgs(rng, created[small], "spaces")
    real = r >= 0.96
    author[real] = _pick(rng, int(real.sum()), np.array([o[5] for o in _ORGS], dtype=np.float64) + 2.0)
    sdk = np.zeros(N, dtype=np.int64)
    sdk_w = np.stack(
        [
            _by_year(yf, t)
            for t in (
                (0.75,) * 3 + (0.74, 0.7, 0.66, 0.62, 0.6),
                (0.15,) * 3 + (0.14, 0.11, 0.08, 0.06, 0.05),
                (0.05,) * 3 + (0.06, 0.12, 0.19, 0.25, 0.28),
                (0.05,) * 8,
            )
        ],
        axis=1,
    )
    sdk = _pick_rows(rng, sdk_w)

    def v(items: Sequence[str], n: int) -> pa.Array:
        return _take(_vocab(items), rng.integers(0, len(items), n))

    names = _choice(
        rng,
        N,
        (0.35, 0.25, 0.1, 0.15, 0.15),
        lambda ix: _cat(v(_WORDS, len(ix)), "-", v(_WORDS, len(ix))),
        lambda ix: _cat(v(_WORDS, len(ix)), "-", v(_TASK_WORDS, len(ix))),
        lambda ix: _cat("chat-with-", v(_WORDS, len(ix))),
        lambda ix: _cat(v(_WORDS, len(ix)), "-demo"),
        lambda ix: _cat(v(("gradio-", "streamlit-", "my-", "test-", ""), len(ix)), v(_WORDS, len(ix))),
    )
    ids = _dedupe(_cat(pool.names.take(pa.array(author)), "/", names))
    refs = np.full((N, 3), -1, dtype=np.int64)
    if len(model_created):
        before = np.searchsorted(model_created, created, side="left")
        nm = _pick(rng, N, (0.4, 0.4, 0.15, 0.05))
        members = np.arange(len(model_created))
        w = np.maximum(model_pop, 1.0) ** 0.8
        for j in range(3):
            pick = _prefix_pick(rng, members, w, before)
            refs[:, j] = np.where(nm > j, pick, -1)
        refs[:, 1] = np.where(refs[:, 1] == refs[:, 0], -1, refs[:, 1])
        refs[:, 2] = np.where((refs[:, 2] == refs[:, 0]) | (refs[:, 2] == refs[:, 1]), -1, refs[:, 2])
    drefs = np.full((N, 2), -1, dtype=np.int64)
    if len(dataset_created):
        before = np.searchsorted(dataset_created, created, side="left")
        nd = _pick(rng, N, (0.7, 0.22, 0.08))
        members = np.arange(len(dataset_created))
        w = np.maximum(dataset_pop, 1.0) ** 0.8
        for j in range(2):
            drefs[:, j] = np.where(nd > j, _prefix_pick(rng, members, w, before), -1)
        drefs[:, 1] = np.where(drefs[:, 1] == drefs[:, 0], -1, drefs[:, 1])
    z = rng.normal(0, 1, N) + np.where(real, 1.5, 0.0)
    rho, tau, b, tau_long = _curve_params(rng, N, rng.random(N) < 0.05)
    total = _shape_total(rho, tau, b, tau_long)
    frac = np.clip(_shape_cum((end_ms - created) / DAY_MS, rho, tau, b, tau_long) / total, 1e-6, 1.0)
    score = z + 0.5 * np.log(frac)
    likes_at_end = _calibrated_amp(score, _SPACE_LIKES_KNOTS, np.ones(N))
    curves = _Curves(np.zeros(N), rho, tau, b, tau_long, likes_at_end / np.sqrt(frac), rng.random(N))
    rng = _rng(seed, "spaces", "lifecycle")
    deleted = _deletions(rng, created, n_del, end_ms, np.zeros(N, bool))
    renamed, old_ids, old_authors = _renames(rng, pool, "spaces", created, ids, author, ~real, end_ms, 0.004)
    pool.note(author, created)
    pool.note(old_authors, created)
    mcp = yf > 2025.3
    seed_ = seed

    def static(lo: int, hi: int) -> dict[str, pa.Array]:
        srng = _rng(seed_, "spaces", "static", str(lo))
        m = hi - lo
        rr = np.arange(lo, hi)
        tag_pool = _vocab(list(_SDKS) + ["region:us", "mcp-server", "agent", "leaderboard"])
        S = np.full((m, 3), -1, dtype=np.int64)
        S[:, 0] = sdk[rr]
        extra = np.where(mcp[rr] & (srng.random(m) < 0.07), 5, np.where(srng.random(m) < 0.01, 7, -1))
        extra = np.where((extra < 0) & (yf[rr] > 2025) & (srng.random(m) < 0.02), 6, extra)
        S[:, 1] = extra
        S[:, 2] = 4
        return {
            "tags": _lists(S, tag_pool),
            "sdk": _take(_vocab(_SDKS), sdk[rr]),
            "models": _lists(refs[rr], model_ids),
            "datasets": _lists(drefs[rr], dataset_ids),
        }

    return _Universe(
        "spaces",
        created,
        deleted,
        renamed,
        ids,
        old_ids,
        author,
        old_authors,
        _updates(rng, created),
        curves,
        False,
        static,
    )


def _write_authors(pool: _Pool, dates: Sequence[dt.date], out: Path) -> list[int]:
    rows = []
    types = pc.if_else(pa.array(pool.is_org), pa.scalar("org"), pa.scalar("user"))
    for d in dates:
        sel = pa.array(np.flatnonzero(pool.first_seen <= _date_ms(d)))
        table = pa.Table.from_arrays(
            [pool.names.take(sel), types.take(sel), pa.array(pool.verified).take(sel), pool.fullname.take(sel)],
            schema=SCHEMAS["authors"],
        )
        pq.write_table(table, out / d.isoformat() / "authors.parquet", compression="zstd", row_group_size=_ROW_GROUP)
        rows.append(len(sel))
    return rows


# ---------------------------------------------------------------------------------------------------
# Calibration figures and the entry point
# ---------------------------------------------------------------------------------------------------


def _model_calibration(world: _ModelWorld, end_ms: int) -> dict[str, float]:
    """Figures to compare with SPEC, measured on the universe as the last snapshot shows it."""
    uni = world.uni
    present = (uni.created <= end_ms) & (uni.deleted > end_ms)
    rows = np.flatnonzero(present)
    if not len(rows):
        return {}
    _, total = uni.curves.downloads(rows, uni.created[rows], np.full(len(rows), end_ms))
    d = np.sort(total)[::-1].astype(np.float64)
    s = d.sum() or 1.0
    n = len(d)
    k = max(1, int(round(n * 1e-4)))
    asc = d[::-1]
    gini = float(1 - 2 * np.sum(np.cumsum(asc) / s) / n + 1 / n)
    out = {
        "models_share_under_200_all_time": float((d < 200).mean()),
        "models_top_0.01pct_share": float(d[:k].sum() / s),
        "models_top_200_share": float(d[:200].sum() / s),
        "models_gini_all_time": gini,
        "models_median_all_time": float(np.median(d)),
    }
    # lineage: declared descendants of each family's roots, transitively, each counted once (a
    # bit per family, pushed down the declared edges one level per round)
    par = world.parents
    edge = world.declared[:, None] & (par >= 0)
    fams = list(world.is_root_of)
    bits = np.zeros(len(par), dtype=np.int64)
    for i, f in enumerate(fams):
        bits[world.is_root_of[f]] |= 1 << i
    for _ in range(256):
        new = bits.copy()
        for col in range(3):
            new |= np.where(edge[:, col], bits[np.maximum(par[:, col], 0)], 0)
        if (new == bits).all():
            break
        bits = new
    for i, f in enumerate(fams):
        mine = (bits >> i) & 1 == 1
        out[f"lineage_descendants_{f}"] = float((mine & ~world.is_root_of[f] & present).sum())
    out["qwen_by_tag_or_name"] = float((world.qwen_named & present).sum())
    last_year = present & (uni.created > end_ms - 365 * DAY_MS)
    out["declared_share_last_12_months"] = float(world.declared[last_year].mean()) if last_year.any() else 0.0
    # download-weighted size per calendar year (SPEC A3), downloads within the year from the curves
    for year in (2023, 2025):
        t0, t1 = _date_ms(dt.date(year, 1, 1)), _date_ms(dt.date(year + 1, 1, 1))
        if t1 > end_ms:
            continue
        sel = np.flatnonzero((uni.created < t1) & np.isfinite(world.params))
        _, a1 = uni.curves.downloads(sel, uni.created[sel], np.full(len(sel), t1))
        _, a0 = uni.curves.downloads(sel, uni.created[sel], np.full(len(sel), t0))
        w = (a1 - a0).astype(np.float64)
        if w.sum() > 0:
            p = world.params[sel]
            out[f"dl_weighted_mean_params_{year}"] = float((w * p).sum() / w.sum())
            o = np.argsort(p)
            cw = np.cumsum(w[o])
            out[f"dl_weighted_median_params_{year}"] = float(p[o][np.searchsorted(cw, cw[-1] / 2)])
        ind = world.individual[sel]
        if w.sum() > 0:
            out[f"individual_download_share_{year}"] = float(w[ind].sum() / w.sum())
    return out


def _dataset_calibration(uni: _Universe, cats: np.ndarray, end_ms: int) -> dict[str, float]:
    out: dict[str, float] = {}
    present = (uni.created <= end_ms) & (uni.deleted > end_ms)
    year = np.floor(_year_frac(uni.created)).astype(np.int64)
    ncat = len(_DATASET_CATEGORIES) + 1
    for y in (2024, 2025):
        if _date_ms(dt.date(y + 1, 1, 1)) > end_ms:
            continue
        sel = present & (year == y)
        c = cats[sel]
        counts = np.bincount(c[c >= 0].astype(np.int64), minlength=ncat)
        out[f"robotics_datasets_{y}"] = float(counts[-1])
        out[f"robotics_rank_{y}"] = float(1 + (counts > counts[-1]).sum())
        out[f"text_generation_datasets_{y}"] = float(counts[0])
    return out


def generate(out: Path, config: GenerateConfig, progress: Progress | None = None) -> GenerateSummary:
    """Write a synthetic Hub: `out/YYYY-MM-DD/{models,datasets,spaces,daily_papers,authors}.parquet`
    for each of the config's snapshot dates. Same config, same bytes."""
    out = Path(out)
    dates = snapshot_dates(config)
    end_ms = _date_ms(dates[-1])
    for d in dates:
        (out / d.isoformat()).mkdir(parents=True, exist_ok=True)
    pool = _Pool(config, end_ms)
    papers = _build_papers(config, pool, end_ms)
    rows: dict[str, tuple[int, ...]] = {}
    if progress:
        progress("models", 0, config.models)
    world = _build_models(config, pool, papers, end_ms, progress)
    calibration = _model_calibration(world, end_ms)
    rows["models"] = tuple(_write_universe(world.uni, pool, dates, out, config.seed, progress))
    model_ids, model_created, model_pop = world.uni.ids, world.uni.created, world.popularity
    del world
    if progress:
        progress("datasets", 0, config.datasets)
    ds, ds_pop, cats = _build_datasets(config, pool, papers, end_ms)
    calibration.update(_dataset_calibration(ds, cats, end_ms))
    rows["datasets"] = tuple(_write_universe(ds, pool, dates, out, config.seed, progress))
    ds_ids, ds_created = ds.ids, ds.created
    del ds, cats
    if progress:
        progress("spaces", 0, config.spaces)
    sp = _build_spaces(config, pool, end_ms, model_ids, model_created, model_pop, ds_ids, ds_created, ds_pop)
    rows["spaces"] = tuple(_write_universe(sp, pool, dates, out, config.seed, progress))
    del sp, model_ids, ds_ids
    rows["daily_papers"] = tuple(_write_papers(papers, pool, dates, out))
    if progress:
        progress("daily_papers", papers.n, papers.n)
    rows["authors"] = tuple(_write_authors(pool, dates, out))
    if progress:
        progress("authors", pool.n, pool.n)
    return GenerateSummary(out, dates, rows, calibration)
