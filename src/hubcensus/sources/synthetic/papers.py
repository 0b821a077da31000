"""Daily papers: from May 2023 (when daily papers began), with heavy-tailed upvotes, the organisations
that submit and claim them, and how many models and datasets release each paper's artifacts (the
repo builders link them). The famous papers are the ones the generations table cites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hubcensus.sources.synthetic.arrow import _cat, _num, _take, _vocab
from hubcensus.sources.synthetic.config import GenerateConfig
from hubcensus.sources.synthetic.curves import _PAPER_GROWTH, _growth_times
from hubcensus.sources.synthetic.orgs import _ORGS
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.sampling import _pick, _rng, _stoch_round
from hubcensus.sources.synthetic.schema import _ROW_GROUP, _TS, DAY_MS, SCHEMAS, _date_ms
from hubcensus.sources.synthetic.words import _FIRST, _LAST, _WORDS

_PAPERS_START = dt.date(2023, 5, 4)  # the first day of daily papers

# Well-known papers (arXiv id, submitting organisation, title): the generations table cites them,
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
    """The daily_papers file of each snapshot: the papers submitted by then, their upvotes and comments
    grown toward the final counts within days of publication. The submitting organisations become
    authors. Returns the rows per snapshot."""
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
