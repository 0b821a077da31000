"""The entry point: build each kind in turn and write every snapshot folder.

The order is fixed: the author pool and the papers first (repos are assigned to authors and link to
papers), then models, datasets and spaces (spaces use both), each written to every snapshot and
dropped before the next is built so memory holds one universe at a time; papers and authors last,
since an author exists from its first repo on.
"""

from __future__ import annotations

from pathlib import Path

from hubcensus.progress import Progress
from hubcensus.sources.snapshot_files import SYNTHETIC_MARKER, SYNTHETIC_TEXT
from hubcensus.sources.synthetic.calibration import _dataset_calibration, _model_calibration
from hubcensus.sources.synthetic.config import GenerateConfig, GenerateSummary, snapshot_dates
from hubcensus.sources.synthetic.datasets import _build_datasets
from hubcensus.sources.synthetic.models import _build_models
from hubcensus.sources.synthetic.papers import _build_papers, _write_papers
from hubcensus.sources.synthetic.pool import _Pool, _write_authors
from hubcensus.sources.synthetic.schema import _date_ms
from hubcensus.sources.synthetic.spaces import _build_spaces
from hubcensus.sources.synthetic.universe import _write_universe


def generate(out: Path, config: GenerateConfig, progress: Progress | None = None) -> GenerateSummary:
    """Write a synthetic Hub: `out/YYYY-MM-DD/{models,datasets,spaces,daily_papers,authors}.parquet`
    for each of the config's snapshot dates. Same config, same bytes."""
    out = Path(out)
    dates = snapshot_dates(config)
    end_ms = _date_ms(dates[-1])
    for d in dates:
        (out / d.isoformat()).mkdir(parents=True, exist_ok=True)
        # Ingest records the snapshot's source as "synthetic" from this file, so a report built from
        # these folders says what it is (its agreement with the published figures is by construction).
        (out / d.isoformat() / SYNTHETIC_MARKER).write_text(SYNTHETIC_TEXT)
    pool = _Pool(config, end_ms)
    papers = _build_papers(config, pool, end_ms)
    rows: dict[str, tuple[int, ...]] = {}
    if progress:
        progress.stage("models", config.models)
    world = _build_models(config, pool, papers, end_ms, progress)
    calibration = _model_calibration(world, end_ms)
    rows["models"] = tuple(_write_universe(world.uni, pool, dates, out, config.seed, progress))
    model_ids, model_created, model_pop = world.uni.ids, world.uni.created, world.popularity
    del world
    if progress:
        progress.stage("datasets", config.datasets)
    ds, ds_pop, cats = _build_datasets(config, pool, papers, end_ms)
    calibration.update(_dataset_calibration(ds, cats, end_ms))
    rows["datasets"] = tuple(_write_universe(ds, pool, dates, out, config.seed, progress))
    ds_ids, ds_created = ds.ids, ds.created
    del ds, cats
    if progress:
        progress.stage("spaces", config.spaces)
    sp = _build_spaces(config, pool, end_ms, model_ids, model_created, model_pop, ds_ids, ds_created, ds_pop)
    rows["spaces"] = tuple(_write_universe(sp, pool, dates, out, config.seed, progress))
    del sp, model_ids, ds_ids
    rows["daily_papers"] = tuple(_write_papers(papers, pool, dates, out))
    if progress:
        progress.stage("daily_papers", papers.n)
        progress.advance(papers.n)
    rows["authors"] = tuple(_write_authors(pool, dates, out))
    if progress:
        progress.stage("authors", pool.n)
        progress.advance(pool.n)
    return GenerateSummary(out, dates, rows, calibration)
