"""Parameter counts with provenance: `model_sizes(repo_id, params, active_params, source, from_id)`.

SPEC A1, A3 and A4 need every model's size. The Hub states it in several places, none complete,
so each model takes the first count found in this order (`source`):

1. `safetensors` — `safetensors.total`, counted by the Hub from the weight files' headers;
2. `gguf`        — `gguf.total`, read by the Hub from a GGUF file's metadata;
3. `listing`     — the listing's `numParameters`, when a snapshot carries one;
4. `name`        — the size people write in the model's id (`Llama-3.1-8B`, `Mixtral-8x7B`),
                   parsed by `parse_params_from_name`;
5. `inherited`   — a quantization or adapter with no count of its own takes the count of its
                   nearest ancestor that has one, following `lineage` edges of relation
                   `quantized`/`adapter` upwards, shortest path first; `from_id` names that ancestor.

A `config` source (a count derived from `config.json`'s dimensions) is not built: the store keeps
only `config.model_type`, not the hidden sizes, layer counts or vocabulary a count would need, and a
guess from the architecture's name alone would be wrong across a family's sizes. Counts <= 0 are
ignored everywhere (the listings write 0 for "unknown").

The order is the order of trust, not of accuracy for every repo: a quantized repo's safetensors
count is the count of its *stored tensors*, and 4-bit packing (GPTQ, AWQ, MLX, bitsandbytes) stores
several parameters per element, so such repos report a fraction of the model they quantize; an
adapter's safetensors count is the adapter's own weights. They keep their own count because the
Hub states it; metrics that mind can read `source` and `lineage`.

`active_params` is the active parameter count of a mixture of experts when the model's id states it
(`Qwen3-30B-A3B`: 3B; `Llama-4-Scout-17B-16E`: 17B), whatever the source of `params`, and only when
it is smaller than `params`; inherited rows fall back to the ancestor's.

The name parser exists twice, on purpose: `parse_params_from_name` in Python is the reference (read
it to learn the rules; the tests check it against real ids and a table of adversarial names), and
`name_params_sql` is the same rules as set-based DuckDB regexes, because a Python UDF over the
Hub's ~2.2M model ids is several times slower than the SQL (see docs/enrichment.md, "Parameter
counts"). The tests assert that the two agree on every name they know.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import duckdb

from hubcensus.enrich import fingerprints
from hubcensus.store.catalog import has_table

# -- the name parser: shared patterns ------------------------------------------------------------
# Every pattern is written once and used both by Python's `re` and by DuckDB's RE2; they use only the
# features the two engines share (no look-around, ASCII classes), so they match the same text.

# A dot between two digits is a decimal point, not a separator: `1.5b`, `v1.5`, `qwen2.5`.
_DECIMAL_DOT = (r"([0-9])\.([0-9])", r"\1,\2")
# A UUID's hex groups are not sizes (`skops-ci/test-6be58e32-dabb-488b-…` is not 488B): read as one word.
_UUID = (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "uuid")
# A family written with its version after an underscore: `llama_2_7b` is Llama 2, 7B, not 2.7B. The
# version is glued to the name (`llama2-7b`) before the decimal rules below read `N_Mb`.
_FAMILY_VERSION = (
    r"(^|[-_.])(llama|codellama|qwen|gemma|mistral|phi|falcon|yi|olmo|granite|deepseek|internlm|baichuan|chatglm"
    r"|vicuna|stablelm)_([0-9])_",
    r"\1\2\3-",
)
# `1_6b` after a dash or dot (or at the start) is 1.6B: StableLM (`stablelm-2-1_6b`), InternLM
# (`internlm2-chat-1_8b`), OpenELM (`OpenELM-1_1B`) write decimals so. The integer part has at most two
# digits: `336_7b` is an image size then 7B (`…-336_7B`), not 336.7B.
_DECIMAL_UNDERSCORE = (r"(^|[-.])([0-9]{1,2})_([0-9]{1,2}[bm])([-_.]|$)", r"\1\2,\3\4")
# After an underscore, a one-digit `N_Mb` is a decimal too (`pangu_2_6B` is 2.6B, `gpt_neo_1_3B` 1.3B),
# once family versions are glued (above).
_DECIMAL_AFTER_UNDERSCORE = (r"_([0-9])_([0-9][bm])([-_.]|$)", r"_\1,\2\3")
_SEPARATORS = r"[-_.]"
# A size token: optional experts `8x`, a number without leading zeros (or `0,5`), a unit m/b/t.
_SIZE = r"^(?:([1-9][0-9]?)x)?(0|[1-9][0-9]{0,3})(?:,([0-9]+))?([mbt])$"
# BLOOM/RWKV style: `7b1` = 7.1B, `1b5` = 1.5B.
_SIZE_INFIX = r"^([1-9][0-9]{0,2})b([0-9]{1,2})$"
# The active parameters of a mixture of experts: `a3b`, `a2,7b`, `a800m`.
_ACTIVE = r"^a(0|[1-9][0-9]{0,2})(?:,([0-9]+))?([mb])$"
# `17b-16e`: the size before an experts count is the active size (Llama 4 Scout/Maverick) ...
_EXPERTS = r"^[1-9][0-9]{0,2}e$"
# ... unless the `e` is an exponent (`2e-5`, a learning rate).
_DIGITS = r"^[0-9]+$"
# A size token followed by one of these counts data, not parameters: `100b-tokens`, `1m-steps`,
# OpenCLIP's samples seen before a batch size (`laion2B-39B-b160k`). Not a singular `step`: in
# `TinyLlama-1.1B-step-50K` it starts the next phrase.
_DATA_NEXT = r"^(tokens?|toks?|steps|samples|seen|ctx|context|b[0-9]+k)$"
# Ids with no digit followed by m/b/t cannot hold a size token; SQL skips them without splitting.
_PREFILTER = r"[0-9][bBmMtT]"

# Largest integer part per unit: `2024b` is a year, not two trillion parameters; nobody writes 12T.
_MAX_INT_DIGITS = {"m": 4, "b": 3, "t": 1}
# A size read from a name above this is None: the largest open models are ~1-2T, and a larger figure in a
# name counts training tokens (`…-3T`) or a dataset (`_ds30_8t`). A listing's `numParameters` (a source of
# its own, before the name) may still state more.
MAX_NAME_PARAMS = 2 * 10**12
_UNIT = {"m": 1e6, "b": 1e9, "t": 1e12}


# `fullmatch`, not `match`: Python's `$` also matches before a final newline, RE2's does not.
_RX_SIZE, _RX_INFIX, _RX_ACTIVE = re.compile(_SIZE), re.compile(_SIZE_INFIX), re.compile(_ACTIVE)
_RX_EXPERTS, _RX_DIGITS, _RX_DATA = re.compile(_EXPERTS), re.compile(_DIGITS), re.compile(_DATA_NEXT)


def _count(integer: str, fraction: str | None, unit: str, experts: str | None = None) -> int:
    """The count a token writes, rounded half up; the float steps are the same as the SQL's."""
    value = float(experts or 1) * float(f"{integer}.{fraction or '0'}") * _UNIT[unit]
    return int(math.floor(value + 0.5))


def _tokens(repo_id: str) -> list[str]:
    """The model name (the namespace says who, not what size), lower-cased, split on separators."""
    name = repo_id.rsplit("/", 1)[-1].lower()
    name = re.sub(_UUID[0], _UUID[1], name)
    name = re.sub(_DECIMAL_DOT[0], _DECIMAL_DOT[1], name)
    name = re.sub(_FAMILY_VERSION[0], _FAMILY_VERSION[1], name)
    name = re.sub(_DECIMAL_UNDERSCORE[0], _DECIMAL_UNDERSCORE[1], name)
    name = re.sub(_DECIMAL_AFTER_UNDERSCORE[0], _DECIMAL_AFTER_UNDERSCORE[1], name)
    return re.split(_SEPARATORS, name)


def parse_params_from_name(repo_id: str) -> tuple[int | None, int | None]:
    """(total, active) parameters as people write them in a model id; None where the id says nothing.

    Rules (the docs list them with examples; the SQL in `name_params_sql` is the same rules):
    - Only the name after the namespace is read, case-insensitively, split into tokens on `-`, `_`
      and `.`; a dot between digits is a decimal point, and `-1_6b` is 1.6B.
    - A size token is a whole token: a number and a unit `m` (millions), `b` (billions) or `t`
      (trillions): `7b`, `1.5b`, `0.5b`, `560m`, `1.1t`; `7b1` is 7.1B (BLOOM, RWKV). `8x7b` is
      8 x 7B = 56B by name (experts x size; the real Mixtral shares layers, 46.7B). A size glued to
      letters is not read (`phi3b`, `laion2b`, `s34b`, `e5`, `t5`, `m3`), nor are `k` (context
      lengths: `4k`, `128k`), bit widths (`4bit`, `q4_k_m`, `w4a16`, `int8`, `fp8`, `bf16`),
      versions and dates (`v1.5`, `2501`, `0324`: no unit, or a leading zero) or an implausible
      integer part (`2024b`: more than 3 digits before `b`, 4 before `m`, 1 before `t`).
    - A token followed by `tokens`/`steps`/`samples`/`ctx`/… or by a batch size `b160k` counts data
      (`100b-tokens`, OpenCLIP's `39b-b160k`) and is skipped.
    - Total: the first B- or T-sized token, else the first M-sized one. So a context length
      `1m` loses to the size (`Qwen2.5-7B-Instruct-1M` is 7B), and training tokens written after the
      size lose to it (`TinyLlama-1.1B-…-3T` is 1.1B); a T-sized token after any size counts training
      tokens and is skipped (`smollm-360m-3t` is 360M). A total above `MAX_NAME_PARAMS` (2T) is None:
      no open model is that large, so such a name counts tokens or data (`…-3T`, `_ds30_8t`).
    - A one-digit `N_Mb` after an underscore is a decimal (`pangu_2_6B` is 2.6B) unless the word
      before is a family written with its version (`llama_2_7b` is Llama 2, 7B); a decimal's integer
      part has at most two digits (`…-336_7B` is 7B, after an image size); a UUID holds no size.
    - Active: the first `a3b`/`a800m` token (`Qwen3-30B-A3B` is (30B, 3B)); or a B-size followed by
      an experts count `16e` (`Llama-4-Scout-17B-16E`: 17B active, total unknown by name). An active
      token alone is not a total (`Hunyuan-A13B` is (None, 13B)); an active count not below the
      total is dropped.
    """
    toks = _tokens(repo_id)
    totals: list[tuple[int, int, int]] = []  # (rank, position, count)
    actives: list[tuple[int, int]] = []  # (position, count)
    for pos, tok in enumerate(toks):
        nxt = toks[pos + 1] if pos + 1 < len(toks) else ""
        nxt2 = toks[pos + 2] if pos + 2 < len(toks) else ""
        size: int | None = None
        unit = ""
        experts = False
        if m := _RX_SIZE.fullmatch(tok):
            x, i, f, unit = m.groups()
            experts = x is not None
            if len(i) <= _MAX_INT_DIGITS[unit]:
                size = _count(i, f, unit, x)
        elif m := _RX_INFIX.fullmatch(tok):
            i, f = m.groups()
            unit = "b"
            size = _count(i, f, "b")
        elif m := _RX_ACTIVE.fullmatch(tok):
            i, f, u = m.groups()
            if (a := _count(i, f, u)) > 0:
                actives.append((pos, a))
            continue
        if not size or size <= 0 or _RX_DATA.fullmatch(nxt):
            continue
        if unit == "b" and not experts and _RX_EXPERTS.fullmatch(nxt) and not _RX_DIGITS.fullmatch(nxt2):
            actives.append((pos, size))
            continue
        if unit == "t" and totals:
            continue  # a trillion after a size counts training tokens (`smollm-360m-3t`, `…-1.1b-…-3t`)
        totals.append((0 if unit in ("b", "t") else 1, pos, size))
    total = min(totals)[2] if totals else None
    if total is not None and total > MAX_NAME_PARAMS:
        total = None
    active = min(actives)[1] if actives else None
    if total is not None and active is not None and active >= total:
        active = None
    return total, active


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def name_params_sql(source: str, id_col: str = "repo_id") -> str:
    """A query giving `(repo_id, total, active)` from the names of `source`'s ids; ids without either are left out.

    `source` is a table, view or parenthesised query with a column `id_col`. The rules are
    `parse_params_from_name`'s, token for token: ids are split into tokens, the tokens unnested
    with their positions, classified by the same regexes, and the first total/active picked per id.
    """
    size, infix, active = _sql_str(_SIZE), _sql_str(_SIZE_INFIX), _sql_str(_ACTIVE)
    experts, digits, data = _sql_str(_EXPERTS), _sql_str(_DIGITS), _sql_str(_DATA_NEXT)
    dot_p, dot_r = _sql_str(_DECIMAL_DOT[0]), _sql_str(_DECIMAL_DOT[1])
    und_p, und_r = _sql_str(_DECIMAL_UNDERSCORE[0]), _sql_str(_DECIMAL_UNDERSCORE[1])
    fam_p, fam_r = _sql_str(_FAMILY_VERSION[0]), _sql_str(_FAMILY_VERSION[1])
    aft_p, aft_r = _sql_str(_DECIMAL_AFTER_UNDERSCORE[0]), _sql_str(_DECIMAL_AFTER_UNDERSCORE[1])
    uuid_p, uuid_r = _sql_str(_UUID[0]), _sql_str(_UUID[1])
    return f"""
    WITH _m AS (
        SELECT {id_col} AS id, regexp_replace(lower(string_split({id_col}, '/')[-1]), {uuid_p}, {uuid_r}, 'g') AS nm
        FROM {source}
        WHERE regexp_matches({id_col}, {_sql_str(_PREFILTER)})
    ),
    _n AS (
        -- the decimal rewrites are no-ops without a dot or an underscore; skipping them saves time
        SELECT id, string_split_regex(
                   CASE WHEN contains(nm, '.') OR contains(nm, '_')
                        THEN regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                                 nm, {dot_p}, {dot_r}, 'g'), {fam_p}, {fam_r}, 'g'), {und_p}, {und_r}, 'g'),
                                 {aft_p}, {aft_r}, 'g')
                        ELSE nm END,
                   {_sql_str(_SEPARATORS)}) AS toks
        FROM _m
    ),
    _t AS (
        SELECT id, pos, tok, coalesce(toks[pos + 1], '') AS nxt, coalesce(toks[pos + 2], '') AS nxt2
        FROM (SELECT id, toks, unnest(toks) AS tok, generate_subscripts(toks, 1) AS pos FROM _n)
        WHERE regexp_matches(tok, '^a?[0-9]')
    ),
    _c AS (
        SELECT id, pos,
               regexp_extract(tok, {size}, ['x', 'i', 'f', 'u']) AS s,
               regexp_extract(tok, {infix}, ['i', 'f']) AS bl,
               regexp_extract(tok, {active}, ['i', 'f', 'u']) AS a,
               regexp_matches(nxt, {data}) AS data_next,
               regexp_matches(nxt, {experts}) AND NOT regexp_matches(nxt2, {digits}) AS experts_next
        FROM _t
    ),
    _v AS (
        SELECT id, pos, data_next, experts_next,
               CASE WHEN s.u <> '' THEN s.u WHEN bl.i <> '' THEN 'b' END AS unit,
               s.x <> '' AS has_x,
               CASE WHEN s.u <> '' AND length(s.i) <= CASE s.u WHEN 'm' THEN 4 WHEN 'b' THEN 3 ELSE 1 END
                        THEN floor(coalesce(CAST(nullif(s.x, '') AS DOUBLE), CAST(1 AS DOUBLE))
                                   * CAST(s.i || '.' || coalesce(nullif(s.f, ''), '0') AS DOUBLE)
                                   * CASE s.u WHEN 'm' THEN 1e6 WHEN 'b' THEN 1e9 ELSE 1e12 END + 0.5)
                    WHEN s.u = '' AND bl.i <> '' THEN floor(CAST(bl.i || '.' || bl.f AS DOUBLE) * 1e9 + 0.5)
               END AS size_v,
               CASE WHEN s.u = '' AND bl.i = '' AND a.u <> ''
                        THEN floor(CAST(a.i || '.' || coalesce(nullif(a.f, ''), '0') AS DOUBLE)
                                   * CASE a.u WHEN 'm' THEN 1e6 ELSE 1e9 END + 0.5)
               END AS active_v
        FROM _c
    ),
    _k AS (
        SELECT id, pos, active_v,
               CASE WHEN size_v > 0 AND NOT data_next THEN size_v END AS size_v, unit,
               size_v > 0 AND NOT data_next AND unit = 'b' AND NOT has_x AND experts_next AS size_is_active
        FROM _v
    ),
    _w AS (
        SELECT *, min(CASE WHEN size_v IS NOT NULL AND NOT size_is_active THEN pos END) OVER (PARTITION BY id)
                  AS first_size_pos
        FROM _k
    ),
    _p AS (
        SELECT id,
               CAST(arg_min(size_v, CASE WHEN unit IN ('b', 't') THEN 0 ELSE 1000000 END + pos)
                    FILTER (WHERE size_v IS NOT NULL AND NOT size_is_active
                                  AND NOT (unit = 't' AND pos > first_size_pos)) AS BIGINT) AS total,
               CAST(arg_min(CASE WHEN size_is_active THEN size_v ELSE active_v END, pos)
                    FILTER (WHERE active_v > 0 OR size_is_active) AS BIGINT) AS active
        FROM _w GROUP BY id
    )
    SELECT id AS repo_id, total, CASE WHEN total IS NULL OR active < total THEN active END AS active
    FROM (SELECT id, CASE WHEN total <= {MAX_NAME_PARAMS} THEN total END AS total, active FROM _p) _q
    WHERE total IS NOT NULL OR active IS NOT NULL
    """


# -- size buckets (SPEC A1) -----------------------------------------------------------------------
SIZE_BUCKETS = ("<1B", "1-9B", "10-99B", ">=100B")
"""A1's buckets, smallest first. A bucket's label names the leading digits of the count in billions:
`1-9B` is 1e9 <= params < 10e9, so 9.5B is `1-9B` and 99.9B is `10-99B`."""

SIZE_BUCKET_SQL = (
    "(CASE WHEN {col} >= 100000000000 THEN '>=100B' WHEN {col} >= 10000000000 THEN '10-99B' "
    "WHEN {col} >= 1000000000 THEN '1-9B' WHEN {col} > 0 THEN '<1B' END)"
)
"""`size_bucket` as a SQL expression template: `SIZE_BUCKET_SQL.format(col="params")`. NULL or a
count <= 0 gives NULL (no bucket), so an unsized model drops out of a GROUP BY bucket filter rather
than landing in one."""


def size_bucket_sql(col: str) -> str:
    """`SIZE_BUCKET_SQL` for the column or expression `col`."""
    return SIZE_BUCKET_SQL.format(col=col)


def size_bucket(params: int | float) -> str:
    """SPEC A1's bucket of a parameter count (see `SIZE_BUCKETS` for the boundaries).

    A missing or non-positive count has no bucket and raises ValueError: a model of unknown size
    must be left out by the caller, never put in the smallest bucket by accident.
    """
    if params is None or not params > 0:  # also rejects NaN
        raise ValueError(f"no size bucket for a parameter count of {params!r}")
    if params >= 100e9:
        return ">=100B"
    if params >= 10e9:
        return "10-99B"
    if params >= 1e9:
        return "1-9B"
    return "<1B"


# -- model_sizes -----------------------------------------------------------------------------------
SOURCES = ("safetensors", "gguf", "listing", "name", "inherited")
INHERIT_RELATIONS = ("quantized", "adapter")
MAX_INHERIT_DEPTH = 32  # lineage has no cycles; this only bounds a damaged table

MODEL_SIZES_DDL = """
CREATE OR REPLACE TABLE model_sizes (
    repo_id       VARCHAR NOT NULL,
    params        BIGINT NOT NULL,   -- total parameters (a mixture of experts counts every expert)
    active_params BIGINT,            -- active parameters, when the id states them and they are fewer
    source        VARCHAR NOT NULL,  -- safetensors | gguf | listing | name | inherited
    from_id       VARCHAR            -- inherited: the ancestor whose count this is
)
"""


_OWN_PARAMS = """CASE WHEN r.safetensors_params > 0 THEN r.safetensors_params
                     WHEN r.gguf_params > 0 THEN r.gguf_params
                     WHEN r.num_parameters > 0 THEN r.num_parameters
                     WHEN n.total > 0 THEN n.total END"""
_OWN_SOURCE = """CASE WHEN r.safetensors_params > 0 THEN 'safetensors'
                     WHEN r.gguf_params > 0 THEN 'gguf'
                     WHEN r.num_parameters > 0 THEN 'listing'
                     WHEN n.total > 0 THEN 'name' END"""
_TEMP_TABLES = ("_size_name", "_size_edges", "_size_todo", "_size_frontier", "_size_next", "_size_fp", "_size_changed")
# What a model's own count depends on besides its id (`_OWN_PARAMS`); a store kept by other rules
# (`_size_rules`) is counted whole.
SIZES_SCHEMA = "_hc_sizes"
_SIZE_FIELDS = "safetensors_params, gguf_params, num_parameters"


@functools.cache
def _size_rules() -> str:
    """The rules' digest, worked out when an enrich first asks: `metric` imports this module for its buckets,
    and parsing it there cost every run ~15 ms."""
    return fingerprints.rules_digest(Path(__file__))


def build_sizes(con: duckdb.DuckDBPyConnection, full: bool = False) -> dict[str, int]:
    """Bring `model_sizes` in line with `repos` (and `lineage`, if built). Returns the number of models per source.

    Every model with a count from any source gets exactly one row; a model with none gets no row
    (metrics count it as unsized). Set-based throughout: the name parser is `name_params_sql`, and
    inheritance walks the lineage one level per statement, so a Hub-size store takes seconds.

    A model's own count depends on its own fields and id only, so what the build before kept (a fingerprint
    of each model's counts, in `_hc_sizes`) lets a new day count again only the models that changed, arrived
    or left; the inherited counts, which follow lineage, are all walked again (a few percent of the models).
    `full`, or nothing kept, counts every model; both give the same table.
    """
    fingerprints.fingerprint(con, "_size_fp", _SIZE_FIELDS)
    whole = full or not (
        fingerprints.kept_by(con, SIZES_SCHEMA, _size_rules()) and has_table(con, "main", "model_sizes")
    )
    if whole:
        con.execute(MODEL_SIZES_DDL)
        counted = "(SELECT repo_id FROM repos WHERE kind = 'model')"
    else:
        fingerprints.changed(con, SIZES_SCHEMA, "_size_fp", "_size_changed")
        con.execute(
            "DELETE FROM model_sizes WHERE source = 'inherited' OR repo_id IN (SELECT repo_id FROM _size_changed)"
        )
        counted = "(SELECT repo_id FROM repos WHERE kind = 'model' AND repo_id IN (SELECT repo_id FROM _size_changed))"
    # Every counted model's name is parsed, not only the unsized ones': the active count comes from the
    # name whatever the source of the total.
    con.execute(f"CREATE OR REPLACE TEMP TABLE _size_name AS {name_params_sql(counted)}")
    con.execute(f"""
        INSERT INTO model_sizes
        SELECT repo_id, params, CASE WHEN active < params THEN active END, source, NULL
        FROM (SELECT r.repo_id, {_OWN_PARAMS} AS params, {_OWN_SOURCE} AS source, n.active
              FROM repos r LEFT JOIN _size_name n ON n.repo_id = r.repo_id
              WHERE r.kind = 'model' AND r.repo_id IN {counted})
        WHERE params IS NOT NULL
    """)
    if whole:
        fingerprints.keep_all(con, SIZES_SCHEMA, "_size_fp", _size_rules())
    else:
        fingerprints.keep_changed(con, SIZES_SCHEMA, "_size_fp", "_size_changed")
    if has_table(con, "main", "lineage"):
        _inherit(con)
    counts = dict(con.execute("SELECT source, count(*) FROM model_sizes GROUP BY source").fetchall())
    for t in _TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return {s: int(counts.get(s, 0)) for s in SOURCES}


def _inherit(con: duckdb.DuckDBPyConnection) -> None:
    """Give models with no count of their own their nearest counted ancestor's, through quantized/adapter edges.

    Level by level: level 1 is every uncounted child of a counted model, level 2 every uncounted
    child of a level-1 model, and so on, so each model takes the count of the ancestor at the
    shortest distance (the models in between have no count of their own, by construction). Two
    ancestors at the same distance: the one whose own count is more trusted (`SOURCES` order),
    then the smaller id — a fixed rule, so enrichment is a pure function of the store.
    Only the edges that can matter (into a model with no count) are kept, so each level is a join
    of small tables however big the store.
    """
    rels = ", ".join(f"'{r}'" for r in INHERIT_RELATIONS)
    rank = "CASE source " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SOURCES)) + " END"
    # The models with no count of their own (no row yet) below such an edge; their names' active counts
    # (parsed here for those `_size_name` does not hold: a model counted before and unchanged since).
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _size_todo AS
        SELECT DISTINCT child_id AS repo_id FROM lineage
        WHERE relation IN ({rels}) AND child_id NOT IN (SELECT repo_id FROM model_sizes)
          AND child_id IN (SELECT repo_id FROM repos WHERE kind = 'model')
    """)
    unparsed = "(SELECT repo_id FROM _size_todo WHERE repo_id NOT IN (SELECT repo_id FROM _size_name))"
    con.execute(f"INSERT INTO _size_name {name_params_sql(unparsed)}")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _size_todo AS
        SELECT t.repo_id, n.active AS name_active FROM _size_todo t LEFT JOIN _size_name n USING (repo_id)
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _size_edges AS
        SELECT DISTINCT e.child_id, e.parent_id FROM lineage e JOIN _size_todo t ON t.repo_id = e.child_id
        WHERE e.relation IN ({rels})
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _size_frontier AS
        SELECT repo_id, params, active_params, repo_id AS from_id, {rank} AS origin_rank
        FROM model_sizes WHERE repo_id IN (SELECT parent_id FROM _size_edges)
    """)
    for _level in range(MAX_INHERIT_DEPTH):
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _size_next AS
            SELECT e.child_id AS repo_id,
                   arg_min(p.params, (p.origin_rank, p.from_id)) AS params,
                   arg_min(p.active_params, (p.origin_rank, p.from_id)) AS parent_active,
                   arg_min(p.from_id, (p.origin_rank, p.from_id)) AS from_id,
                   min(p.origin_rank) AS origin_rank,
                   any_value(t.name_active) AS name_active
            FROM _size_edges e
            JOIN _size_frontier p ON p.repo_id = e.parent_id
            JOIN _size_todo t ON t.repo_id = e.child_id
            GROUP BY e.child_id
        """)
        if not con.execute("SELECT count(*) FROM _size_next").fetchall()[0][0]:
            break
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _size_frontier AS
            SELECT repo_id, params,
                   CASE WHEN name_active < params THEN name_active WHEN parent_active < params THEN parent_active END
                       AS active_params,
                   from_id, origin_rank
            FROM _size_next
        """)
        con.execute(
            "INSERT INTO model_sizes SELECT repo_id, params, active_params, 'inherited', from_id FROM _size_frontier"
        )
        con.execute("DELETE FROM _size_todo WHERE repo_id IN (SELECT repo_id FROM _size_frontier)")
