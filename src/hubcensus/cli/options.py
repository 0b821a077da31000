"""What every command shares: the app, the options several commands take, the output format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hubcensus.errors import UserError

app = typer.Typer(
    help="Measure the open-source AI ecosystem on the Hugging Face Hub from its public metadata.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="The store (a DuckDB file). Default: $HUBCENSUS_DB, else ./hubcensus.duckdb.", show_default=False
    ),
]


LakeOption = Annotated[
    str | None,
    typer.Option(
        "--lake",
        help="Read a parquet lake (`hubcensus export --lake`) instead of a store: a folder, or with --engine spark any URL the cluster reads (s3a://, hdfs://).",
        show_default=False,
    ),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where the metric SQL runs: duckdb (embedded) or spark (PySpark: local[*], --master, $SPARK_MASTER or $SPARK_REMOTE).",
    ),
]
MasterOption = Annotated[
    str | None,
    typer.Option(
        "--master",
        help="With --engine spark: the Spark master URL (spark://host:7077, yarn, local[4]). Default: $SPARK_MASTER, else local[*].",
        show_default=False,
    ),
]


RegistryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--registry",
        help="A registry CSV that adds to or overrides the shipped one (repeatable); kept in the store for later runs.",
        show_default=False,
    ),
]


def _format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise UserError("--json and --csv: choose one")
    return "json" if as_json else "csv" if as_csv else "table"
