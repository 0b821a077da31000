"""A seeded generator of a whole synthetic Hugging Face Hub, written in the snapshot file format.

Why it exists: every metric in SPEC.md needs data with the Hub's real shape (lineage trees, heavy-
tailed downloads, schema quirks, dirty tags) at the Hub's real scale, and the real bulk files are too
big to ship or fetch here. The generator writes `out/YYYY-MM-DD/{models,datasets,spaces,daily_papers,
authors}.parquet` exactly as docs/snapshot-format.md describes, so the same ingest code runs on it
and on the Hub's own files, and tests can build a Hub of any size from a seed.

How it is built, in short: one *universe* per kind holds every repo that ever exists up to the last
snapshot, and a snapshot is a filter of it plus counters evaluated from closed-form curves
(universe); everything is vectorised (arrow); every component draws from its own seeded stream, so
the same config writes the same bytes (sampling); downloads are calibrated to a fixed quantile
function at any scale (curves, docs/synthetic-calibration.md).

Modules, from the bottom up (each imports only modules listed before it):

* schema — facts about the Hub the files respect, and the arrow schema of each file
* config — `GenerateConfig` and its validation, `GenerateSummary`, the snapshot dates
* orgs — the real organisations, the fine-tuning organisations, the redistributors of quantisations
* generations — the labs' model generations, the roots of the lineage trees (a table in five parts)
* vocabulary — tasks, libraries, languages, licences and the other fixed tag vocabularies
* families — families, their derivative activity and kinds, heroes, architecture codes
* words — words for repo names, people, organisations and paper titles
* sampling — seeded random streams and vectorised weighted draws
* arrow — Arrow column builders: vocabularies, string concatenation, lists, unique ids
* curves — growth of each kind, download and like curves, the calibration to quantile knots
* pool — the authors (every namespace), who owns which repo, the authors file
* universe — a kind's repos with their lifecycle (updates, deletions, renames) and its writer
* papers — daily papers and their file
* model_bases — the labs' own models expanded from the generations table; the roles of models
* model_lineage — roles, families, kinds, authors and parents of models; declared lineage
* model_attributes — task, library, architecture, size and licence of models; family tags
* model_names — model names as people write them, grown down the lineage trees
* model_columns — the static columns of models: tags, safetensors, gguf, cardData
* models — the model universe: the steps above in order, popularity, paper links, lifecycle
* datasets — the dataset universe and its static columns
* spaces — the space universe, with the models and datasets each space uses
* calibration — figures measured on the last snapshot, to compare with SPEC's targets
* write — `generate`: builds each kind in turn and writes every snapshot folder
"""

from hubcensus.sources.synthetic.config import CADENCES, GenerateConfig, GenerateSummary, snapshot_dates
from hubcensus.sources.synthetic.schema import (
    ALL_TIME_FROM,
    CREATED_AT_FLOOR,
    DATASET_COUNT_CHANGE,
    SCHEMAS,
    snapshot_schema,
)
from hubcensus.sources.synthetic.write import generate

__all__ = [
    "ALL_TIME_FROM",
    "CREATED_AT_FLOOR",
    "DATASET_COUNT_CHANGE",
    "GenerateConfig",
    "GenerateSummary",
    "SCHEMAS",
    "generate",
    "snapshot_dates",
    "CADENCES",
    "snapshot_schema",
]
