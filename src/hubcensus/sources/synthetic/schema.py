"""Facts about the Hub the files must respect (SPEC "Facts about the Hub's data"), and the arrow
schema of each file exactly as docs/snapshot-format.md lists the columns.

Every time in the package is in epoch milliseconds (UTC); `_date_ms` turns a date into one.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

DAY_MS = 86_400_000
_EPOCH = dt.date(1970, 1, 1)
_NEVER = np.iinfo(np.int64).max


def _date_ms(d: dt.date) -> int:
    """Midnight UTC of a date in epoch milliseconds (the unit of every time in this package)."""
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
#: Rows per parquet row group, and per chunk of a universe written at once (universe.py).
_ROW_GROUP = 131_072

_TS = pa.timestamp("ms", tz="UTC")
_ORG_STRUCT = pa.struct([("name", pa.string()), ("fullname", pa.string())])
_SAFETENSORS = pa.struct([("parameters", pa.map_(pa.string(), pa.int64())), ("total", pa.int64())])
_GGUF = pa.struct([("total", pa.int64()), ("architecture", pa.string()), ("context_length", pa.int64())])

#: The leading columns models and datasets share, in the files' order (spaces have no download counts).
_DOWNLOADED_REPO: list[tuple[str, pa.DataType]] = [
    ("id", pa.string()),
    ("author", pa.string()),
    ("createdAt", _TS),
    ("lastModified", _TS),
    ("downloads", pa.int64()),
    ("downloadsAllTime", pa.int64()),
    ("likes", pa.int64()),
    ("trendingScore", pa.int64()),
    ("tags", pa.list_(pa.string())),
]

#: The arrow schema of each file, exactly as docs/snapshot-format.md lists the columns.
SCHEMAS: dict[str, pa.Schema] = {
    "models": pa.schema(
        [
            *_DOWNLOADED_REPO,
            ("pipeline_tag", pa.string()),
            ("library_name", pa.string()),
            ("safetensors", _SAFETENSORS),
            ("gguf", _GGUF),
            ("cardData", pa.string()),
        ]
    ),
    "datasets": pa.schema(
        [
            *_DOWNLOADED_REPO,
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
