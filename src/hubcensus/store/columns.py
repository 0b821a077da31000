"""From whatever columns a source has to the store's columns, as one SQL select list.

Real Hub metadata comes in many shapes: the daily statistics files, API responses (camelCase, nested
structs), third-party dumps (`modelId`, `creation_time`, Python-repr lists in CSV), and the same
field as a struct in one file and a JSON string in the next. Rather than one adapter per shape, each
store column names the source fields it may come from, and the conversion is chosen from the arrow
type the source actually has. What was mapped from what is recorded with the snapshot, so a user can
see that `created_at` came from `creation_time` and that `downloadsAllTime` was absent.

Conversions from text are lenient in SQL (`TRY_CAST`) and strict afterwards: every converted column
carries a flag that is true where the source had a value the conversion could not read, and the
ingest reports the first such row as an error naming file, row and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

# Formats seen in real dumps that DuckDB's ISO parser does not take.
_TIME_FORMATS = ["%a %b %d %H:%M:%S %Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S"]
_TIME_FORMATS_TZ = ["%a %b %d %H:%M:%S %Y %z"]  # git's date format, as in some dataset dumps


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # VARCHAR | BIGINT | DOUBLE | TIMESTAMP | BOOLEAN | VARCHAR[] | JSON | NAMES
    sources: tuple[str, ...]  # candidate source fields, "a.b" for a nested field


def _repo_columns(kind: str) -> list[Column]:
    ids = ("id", "modelId", "model_id", "repo_id", "repoId")
    ids += ("dataset_name", "datasetId") if kind == "dataset" else ()
    ids += ("model",) if kind == "model" else ()
    cols = [
        Column("repo_id", "VARCHAR", ids),
        Column("author", "VARCHAR", ("author",)),
        Column("created_at", "TIMESTAMP", ("createdAt", "created_at", "creation_time", f"{kind}_creation_time")),
        Column("last_modified", "TIMESTAMP", ("lastModified", "last_modified")),
        Column("pipeline_tag", "VARCHAR", ("pipeline_tag", "pipelineTag", "task", "tasks", "task_category")),
        Column("library_name", "VARCHAR", ("library_name", "libraryName")),
        Column("tags", "VARCHAR[]", ("tags",)),
        Column("card_data", "JSON", ("cardData", "card_data")),
        Column("downloads_30d", "BIGINT", ("downloads",)),
        Column("downloads_all_time", "BIGINT", ("downloadsAllTime", "downloads_all_time")),
        Column("likes", "BIGINT", ("likes",)),
        Column("trending_score", "DOUBLE", ("trendingScore", "trending_score", "trending")),
        Column("author_type", "VARCHAR", ("authorData.type",)),
        Column("author_fullname", "VARCHAR", ("authorData.fullname",)),
        Column("author_verified", "BOOLEAN", ("authorData.isVerified",)),
    ]
    if kind == "model":
        cols += [
            Column("base_model_ids", "NAMES", ("baseModels.models",)),
            Column("base_model_relation", "VARCHAR", ("baseModels.relation",)),
            Column("safetensors_params", "BIGINT", ("safetensors.total",)),
            Column("gguf_params", "BIGINT", ("gguf.total",)),
            Column("num_parameters", "BIGINT", ("numParameters", "num_parameters", "parameters")),
            Column("model_type", "VARCHAR", ("config.model_type",)),
        ]
    if kind == "space":
        cols += [
            Column("sdk", "VARCHAR", ("sdk",)),
            Column("linked_models", "VARCHAR[]", ("models",)),
            Column("linked_datasets", "VARCHAR[]", ("datasets",)),
        ]
    return cols


PAPER_COLUMNS = [
    Column("paper_id", "VARCHAR", ("paper_id", "paper.id", "id")),
    Column("title", "VARCHAR", ("paper_title", "paper.title", "title")),
    Column("published_at", "TIMESTAMP", ("paper_publishedAt", "paper.publishedAt", "publishedAt")),
    Column("submitted_at", "TIMESTAMP", ("paper_submittedOnDailyAt", "paper.submittedOnDailyAt", "submittedOnDailyAt")),
    Column("upvotes", "BIGINT", ("paper_upvotes", "paper.upvotes", "upvotes")),
    Column("num_comments", "BIGINT", ("numComments", "num_comments")),
    Column("organisation", "VARCHAR", ("paper_organization.name", "paper.organization.name", "paper_organization")),
    Column("submitter_org", "VARCHAR", ("organization.name", "organization")),
    Column("authors", "NAMES", ("paper_authors", "paper.authors", "authors")),
]

AUTHOR_COLUMNS = [
    Column("author", "VARCHAR", ("name", "author", "id")),
    Column("author_type", "VARCHAR", ("type",)),
    Column("author_verified", "BOOLEAN", ("isVerified", "verified")),
    Column("author_fullname", "VARCHAR", ("fullname",)),
]


def columns_for(kind: str) -> list[Column]:
    if kind == "paper":
        return PAPER_COLUMNS
    if kind == "author":
        return AUTHOR_COLUMNS
    return _repo_columns(kind)


def key_column(kind: str) -> str:
    return {"paper": "paper_id", "author": "author"}.get(kind, "repo_id")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _resolve(schema: pa.Schema, path: str) -> tuple[str, pa.DataType, list[str]] | None:
    """Find `a.b.c` in the schema: returns (SQL reference, its arrow type, the path left over) or None.

    A nested path is followed through structs; if it meets a text (JSON) column first, the rest of
    the path is read with json_extract at query time.
    """
    parts = path.split(".")
    if parts[0] not in schema.names:
        return None
    ref, typ, rest = quote(parts[0]), _storage(schema.field(parts[0]).type), parts[1:]
    while rest and pa.types.is_struct(typ):
        idx = typ.get_field_index(rest[0])
        if idx < 0:
            return None
        ref, typ, rest = f"{ref}.{quote(rest[0])}", _storage(typ.field(idx).type), rest[1:]
    if rest and not _text(typ):
        return None
    return ref, typ, rest


def _storage(t: pa.DataType) -> pa.DataType:
    """DuckDB exports JSON columns as an arrow extension type over text."""
    return t.storage_type if isinstance(t, pa.ExtensionType) else t


def _text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _is_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t)


_STR_LIST_FROM_TEXT = (
    # A JSON array, a Python-repr list (CSV dumps write those) or a single bare value.
    "CASE WHEN {x} IS NULL OR trim({x}) = '' THEN NULL "
    "WHEN starts_with(trim({x}), '[') THEN list_transform("
    "regexp_extract_all({x}, $$'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"$$), lambda s: substr(s, 2, length(s) - 2)) "
    "ELSE [trim({x})] END"
)


# Epoch integers carry no unit: an integer below 10^11 is seconds (10^11 s is the year 5138, 10^11 ms is
# March 1973, before the Hub), below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds. Each
# boundary is far in the future in the smaller unit and before the Hub in the larger, so no date of the
# Hub's lifetime is ambiguous, and the unit is told per value (a column in seconds is read as seconds).
_EPOCH = (
    "CASE WHEN abs(CAST({x} AS DOUBLE)) < 1e11 THEN make_timestamp({x} * 1000000) "
    "WHEN abs(CAST({x} AS DOUBLE)) < 1e14 THEN make_timestamp({x} * 1000) "
    "WHEN abs(CAST({x} AS DOUBLE)) < 1e17 THEN make_timestamp({x}) "
    "ELSE make_timestamp({x} // 1000) END"
)


def _epoch(ref: str, typ: pa.DataType) -> str:
    whole = f"TRY_CAST(round({ref}) AS BIGINT)" if pa.types.is_floating(typ) else f"TRY_CAST({ref} AS BIGINT)"
    return _EPOCH.format(x=whole)


def _convert(col: Column, ref: str, typ: pa.DataType, rest: list[str]) -> tuple[str, bool, str | None]:
    """SQL for `col` from source `ref` of arrow type `typ`; returns (expr, needs a strictness check, the
    source read as a number before it is fitted into 64 bits — None where no number is read).

    With a number, "not a number" is the number missing where the source had a value; "too large" is a
    number that did not fit (validation leaves the value out and counts it)."""
    if rest:  # a path into JSON text
        path = "$." + ".".join(rest)
        if col.type == "NAMES":
            return f"json_extract_string({ref}, '{path}[*].id')", False, None
        ref, typ = f"json_extract_string({ref}, '{path}')", pa.string()
    t = col.type
    if t == "VARCHAR":
        if _text(typ):
            return ref, False, None
        if pa.types.is_struct(typ) and typ.get_field_index("name") >= 0:
            return f"{ref}.name", False, None
        if _is_list(typ):
            return f"CAST({ref}[1] AS VARCHAR)", False, None
        return f"CAST({ref} AS VARCHAR)", False, None
    if t == "DOUBLE":
        if pa.types.is_integer(typ) or pa.types.is_floating(typ) or pa.types.is_boolean(typ):
            return f"CAST({ref} AS DOUBLE)", False, None
        return f"TRY_CAST({ref} AS DOUBLE)", True, None
    if t == "BIGINT":
        if pa.types.is_integer(typ) or pa.types.is_boolean(typ):
            return f"TRY_CAST({ref} AS BIGINT)", False, ref
        if pa.types.is_floating(typ):
            return f"TRY_CAST(round({ref}) AS BIGINT)", False, ref
        number = f"TRY_CAST({ref} AS DOUBLE)"  # text, or a 128-bit integer / decimal a JSON reader chose
        return f"TRY_CAST(round({number}) AS BIGINT)", True, number
    if t == "BOOLEAN":
        if pa.types.is_boolean(typ):
            return ref, False, None
        return f"TRY_CAST({ref} AS BOOLEAN)", True, None
    if t == "TIMESTAMP":
        if pa.types.is_timestamp(typ):
            return (f"timezone('UTC', {ref})" if typ.tz else ref), False, None
        if pa.types.is_date(typ):
            return f"CAST({ref} AS TIMESTAMP)", False, None
        if _text(typ):
            fmts = ", ".join(
                [f"timezone('UTC', try_strptime({ref}, '{f}'))" for f in _TIME_FORMATS_TZ]
                + [f"try_strptime({ref}, '{f}')" for f in _TIME_FORMATS]
            )
            return f"coalesce(timezone('UTC', TRY_CAST({ref} AS TIMESTAMPTZ)), {fmts})", True, None
        if pa.types.is_integer(typ) or pa.types.is_floating(typ):  # epoch seconds, ms, µs or ns (_EPOCH)
            return _epoch(ref, typ), True, None
        return f"TRY_CAST({ref} AS TIMESTAMP)", True, None
    if t == "VARCHAR[]":
        if _is_list(typ):
            return f"CAST({ref} AS VARCHAR[])", False, None
        if _text(typ):
            return _STR_LIST_FROM_TEXT.format(x=ref), False, None
        return f"TRY_CAST({ref} AS VARCHAR[])", True, None
    if t == "NAMES":  # a list of {id|name} objects, or of strings
        if _is_list(typ):
            vt = typ.value_type
            if pa.types.is_struct(vt):
                fld = "id" if vt.get_field_index("id") >= 0 else "name" if vt.get_field_index("name") >= 0 else None
                if fld:
                    return f"list_transform({ref}, lambda x: CAST(x.{fld} AS VARCHAR))", False, None
            return f"CAST({ref} AS VARCHAR[])", False, None
        if _text(typ):
            return _STR_LIST_FROM_TEXT.format(x=ref), False, None
        return "CAST(NULL AS VARCHAR[])", False, None
    if t == "JSON":
        if _text(typ):
            return ref, False, None
        # A struct read from JSONL carries every key any row had (DuckDB infers one struct for the
        # file), as nulls; stripping them gives back the object the row actually held.
        return f"CAST(json_strip_nulls(to_json({ref})) AS VARCHAR)", False, None
    raise AssertionError(t)


_SQL_TYPE = {"NAMES": "VARCHAR[]", "JSON": "VARCHAR"}


def sql_type(column_type: str) -> str:
    """The DuckDB type a store column of this kind is stored as."""
    return _SQL_TYPE.get(column_type, column_type)


@dataclass
class SelectPlan:
    """The select list that turns a source relation into a stage table, and what it mapped."""

    exprs: list[str] = field(default_factory=list)
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # (flag column, store column, source ref)
    overflows: list[tuple[str, str, str]] = field(default_factory=list)  # numbers that do not fit in 64 bits
    mapped: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def plan_select(kind: str, schema: pa.Schema, overrides: dict[str, str] | None = None) -> SelectPlan:
    """Build the select list for `kind` over a relation with arrow `schema`.

    `overrides` maps a store column to a ready SQL expression (an adapter for an odd source).
    """
    plan = SelectPlan()
    overrides = overrides or {}
    for col in columns_for(kind):
        target = sql_type(col.type)
        if col.name in overrides:
            plan.exprs.append(f"CAST({overrides[col.name]} AS {target}) AS {col.name}")
            plan.mapped[col.name] = overrides[col.name]
            continue
        for src in col.sources:
            found = _resolve(schema, src)
            if found is None:
                continue
            ref, typ, rest = found
            expr, strict, number = _convert(col, ref, typ, rest)
            plan.exprs.append(f"CAST({expr} AS {target}) AS {col.name}")
            plan.mapped[col.name] = src
            if strict:
                flag = f"_bad_{col.name}"
                plan.exprs.append(f"({ref} IS NOT NULL AND ({number or expr}) IS NULL) AS {flag}")
                plan.checks.append((flag, col.name, src))
            if number is not None:
                flag = f"_over_{col.name}"
                plan.exprs.append(f"(({number}) IS NOT NULL AND ({expr}) IS NULL) AS {flag}")
                plan.overflows.append((flag, col.name, src))
            break
        else:
            plan.exprs.append(f"CAST(NULL AS {target}) AS {col.name}")
            plan.missing.append(col.name)
    return plan
