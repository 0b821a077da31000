"""Datasets: task categories (multi-label, a rising share of LeRobot robotics recordings), names,
downloads across the 2024 counting change, and their static columns (tags and card).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hubcensus.sources.synthetic.arrow import _cat, _choice, _dedupe, _lists, _num, _take, _vocab
from hubcensus.sources.synthetic.config import GenerateConfig
from hubcensus.sources.synthetic.curves import (
    _DATASET_DL_KNOTS,
    _DATASET_GROWTH,
    _by_year,
    _calibrated_amp,
    _curve_params,
    _Curves,
    _growth_times,
    _peak_realised,
    _shape_total,
    _year_frac,
)
from hubcensus.sources.synthetic.orgs import _ORGS
from hubcensus.sources.synthetic.papers import _Papers
from hubcensus.sources.synthetic.pool import _Pool
from hubcensus.sources.synthetic.sampling import _pick, _rng
from hubcensus.sources.synthetic.schema import _DATASET_COUNT_FACTOR, DATASET_COUNT_CHANGE, DAY_MS, _date_ms
from hubcensus.sources.synthetic.universe import _deletions, _renames, _Universe, _updates
from hubcensus.sources.synthetic.vocabulary import _LANGS, _LICENSES, _ORIGINAL_LICENSES
from hubcensus.sources.synthetic.words import _WORDS

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
    """Every dataset up to the last snapshot: authors (mostly users, LeRobot recordings by their own
    users), task categories, names, downloads calibrated to `_DATASET_DL_KNOTS` with the counting
    change of `DATASET_COUNT_CHANGE`, paper links and the lifecycle. Returns the universe, the
    lifetime downloads (what spaces pick by) and the category slots (for the calibration)."""
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
    """Builds the columns of datasets that do not change between snapshots (tags and cardData), for a
    chunk of rows; tags are positions in one pool of strings, as for models."""

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
