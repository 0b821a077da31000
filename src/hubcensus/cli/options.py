"""What every command shares: the app, the options several commands take, the output format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from hubcensus.errors import UserError

# Values that typer (0.2x and later) would check through a pydantic TypeAdapter built per parameter, which
# costs a command pydantic's import: a string is taken as typed and a path made from it, as pydantic does,
# and a flag is a bool already; nothing about them can be invalid. Other types (and a bool that is not a
# flag) keep typer's own coercion and messages.
_PLAIN: dict[Any, Any] = {str: str, str | None: str, Path: Path, Path | None: Path, bool: bool}


def _plain_values(params: list[Any]) -> None:
    """Give each str/Path parameter the plain conversion above instead of typer's adapter (a typer
    without adapters has no `_runtime_param`, and is left as it is)."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - typer before 0.2x
        return
    import inspect

    # typer's private API, so only where it is the one this was written against: any other typer keeps
    # its own conversion (slower to import, same values), never a broken command line.
    known = {"parameter_info", "annotation"} <= set(inspect.signature(RuntimeParam).parameters)
    if not known or not callable(getattr(RuntimeParam, "_coerce_value", None)):  # pragma: no cover
        return

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            return _PLAIN[self.annotation](value)

    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", 0) is not None:
            continue
        plain = descriptor.annotation in _PLAIN or (descriptor.annotation is bool and getattr(param, "is_flag", False))
        single = descriptor.file_annotation is None and not param.multiple and param.nargs == 1
        if plain and single:
            param._runtime_param = Plain(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)


class Command(TyperCommand):
    """A command whose --help names values as a user types them (`--db FILE`, `MODEL`), never as Python types
    (`<list[Path]>`, `<str>`) nor in typer's braces (`{model}`): an option without a metavar of its own is
    named by its long name in capitals, as argparse does, and an argument by its name in capitals."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def _name_values(self, ctx: Any) -> None:
        for param in self.get_params(ctx):
            if param.metavar is not None:
                continue
            if param.param_type_name == "argument":
                param.metavar = (param.name or "value").upper()
            elif param.param_type_name == "option" and not getattr(param, "is_flag", False):
                longest = max(param.opts, key=len).lstrip("-")
                param.metavar = longest.replace("-", "_").upper()

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        self._name_values(ctx)
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = str(param.metavar) + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        self._name_values(ctx)
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((str(param.metavar), record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


class Group(TyperGroup):
    """The command list of `hubcensus --help`: each command's first sentence whole, wrapped on a narrow
    terminal rather than cut mid-sentence with "..."."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class App(typer.Typer):
    """The app, whose every command (`@app.command()`) is a `Command`."""

    def command(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["cls"] = kwargs.get("cls") or Command
        return super().command(*args, **kwargs)


app = App(
    cls=Group,
    help="Measure the open-source AI ecosystem on the Hugging Face Hub from its public metadata.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The store (a DuckDB file). Default: $HUBCENSUS_DB, else ./hubcensus.duckdb.",
        show_default=False,
        metavar="FILE",
    ),
]


LakeOption = Annotated[
    str | None,
    typer.Option(
        "--lake",
        help="Read a parquet lake (`hubcensus export --lake`) instead of a store: a folder, or with --engine spark any URL the cluster reads (s3a://, hdfs://).",
        show_default=False,
        metavar="DIR",
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
        metavar="URL",
    ),
]


RegistryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--registry",
        help="A registry CSV that adds to or overrides the shipped one (repeatable); kept in the store for later runs.",
        show_default=False,
        metavar="FILE",
    ),
]


def _format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise UserError("--json and --csv: choose one")
    return "json" if as_json else "csv" if as_csv else "table"
