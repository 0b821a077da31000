"""Validation at the door: every row a snapshot brings is checked, as SQL over its staged table, before
anything reaches the store. The checks are whole-column queries (a count per rule, one UPDATE where a
rule found something), so a listing of two million rows costs a few scans, not a Python loop.

Each case is either refused or quarantined, and which is chosen by what the bad value would do:

**Refused** (a one-line error naming the file, the row — or the id where the format has no row numbers —
and the field; exit 2; the store as it was):

- *ids that are not Hub ids*: empty, holding a control character (NUL, newline, tab…), or longer than any
  the Hub has held (`ID_MAX` characters). The Hub never held such names, so a file holding one is not a
  faithful listing (corrupt, or not what it says); an id is the row's identity, so the row cannot be kept
  without it, and leaving it out of a complete listing would record the repo as deleted. Kept, such ids broke the renderers (a NUL aborted
  the SVG renderer, a million-character id spun `report`). Author names are checked the same way.
- *a snapshot date outside the Hub's lifetime* (before `HUB_FIRST_DAY`, or after today): every metric
  dates its windows from it; a folder `9999-12-31` overflowed the year in `metric` and `report`.
- *a complete listing of no rows* (`ingest._guard_deletions`): it would mark every repo held as deleted.

**Quarantined** (the value left out — stored as NULL — the row kept, and counted per snapshot and kind,
shown by `hubcensus status` and in the ingest's notes):

- *dates outside the Hub's lifetime*: a creation, modification or daily-paper date before
  `HUB_FIRST_DAY`, a paper's arXiv date before `ARXIV_FIRST_DAY`, or any of them after the snapshot's own
  date plus `DAY_SLACK`;
- *counts* (downloads, likes, upvotes, comments, parameters) below 0 or above their bound
  (`COUNT_MAX`, `PARAMS_MAX`), or too large for a 64-bit integer; a trending score that is not finite or
  beyond `COUNT_MAX`.

A value, not the row, and not a refusal: the rest of such a row is good (a model with a garbled date
still has its downloads), dropping it from a complete listing would mark it deleted, and one glitched
field among two million rows should not keep a whole day of the Hub out. Left in, one row dated 2999
dated the whole snapshot 2999 (and made it the default as-of); downloads of 2^63−1 overflowed sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from hubcensus.errors import UserError
from hubcensus.store.columns import SelectPlan, key_column
from hubcensus.store.schema import REPO_KINDS

# Hugging Face was founded in 2016: no repo, daily paper or snapshot of the Hub is older.
HUB_FIRST_DAY = dt.date(2016, 1, 1)
# `published_at` is a paper's arXiv date: papers on the Hub may predate the Hub, never arXiv (August 1991).
ARXIV_FIRST_DAY = dt.date(1991, 8, 1)
# Timestamps are UTC and a snapshot's date is its UTC day; a day's slack absorbs a dump written just
# after midnight or a clock a little ahead, without letting a wrong year through.
DAY_SLACK = dt.timedelta(days=1)
# Counts: the most downloaded repos have a few billion all-time downloads (~10^9.5); 10^12 is some 300
# times that, and small enough that a sum over nine million repos at the bound still fits in a signed
# 64-bit integer (9.2 × 10^18), so no sum a metric takes can overflow.
COUNT_MAX = 10**12
# Parameters: the largest published models have about 2 × 10^12; 10^14 is fifty times that.
PARAMS_MAX = 10**14
# Ids: the Hub now limits a repo name to 96 characters (huggingface_hub's `validate_repo_id`), but repos
# named before that was enforced are longer — the real 2022-07 listing holds 63 names over 96, the longest
# id 257 characters. 512 keeps every id a Hub listing has held, with room, and refuses what none ever held
# (the 10,000- and 1,000,000-character ids that spun `report`). Paper ids and author names alike.
ID_MAX = 512

_DATES = {"created_at": HUB_FIRST_DAY, "last_modified": HUB_FIRST_DAY, "submitted_at": HUB_FIRST_DAY}
_DATES["published_at"] = ARXIV_FIRST_DAY
_COUNTS = {
    "downloads_30d": COUNT_MAX,
    "downloads_all_time": COUNT_MAX,
    "likes": COUNT_MAX,
    "upvotes": COUNT_MAX,
    "num_comments": COUNT_MAX,
    "safetensors_params": PARAMS_MAX,
    "gguf_params": PARAMS_MAX,
    "num_parameters": PARAMS_MAX,
}
_CONTROL = r"[\x00-\x1f\x7f]"


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def latest_day(day: dt.date | None) -> dt.date:
    """The last day a value in a snapshot of `day` may carry (today's, when the date is read from the data)."""
    return (day or today()) + DAY_SLACK


def check_snapshot_day(day: dt.date, where: str) -> None:
    """Refuse a snapshot dated outside the Hub's lifetime (the module docstring says why)."""
    if day < HUB_FIRST_DAY:
        raise UserError(f"{where}: snapshot date {day} is before the Hub existed ({HUB_FIRST_DAY}); pass --date")
    if day > latest_day(None):
        raise UserError(f"{where}: snapshot date {day} is in the future (today is {today()} UTC); pass --date")


def quoted(value: str) -> str:
    """A value for a one-line message: quoted, escaped (a NUL or newline stays on the line), cut at 40 characters."""
    return repr(value[:40] + "…" if len(value) > 40 else value)


def _check_ids(con: duckdb.DuckDBPyConnection, table: str, kind: str, plan: SelectPlan, names: Sequence[str]) -> None:
    key = key_column(kind)
    cols = [key, "author"] if kind in REPO_KINDS and "author" in plan.mapped else [key]
    for col in cols:
        why = (
            f"CASE WHEN regexp_matches({col}, '{_CONTROL}') THEN 'holds a control character' "
            f"WHEN length({col}) > {ID_MAX} THEN 'is ' || length({col}) || ' characters long, longer than any "
            f"id the Hub has held (at most {ID_MAX})' END"
        )
        bad = con.execute(
            f"SELECT _file, _row, {key}, {col}, {why} FROM {table} WHERE {col} IS NOT NULL AND ({why}) IS NOT NULL "
            "LIMIT 1"
        ).fetchall()
        if bad:
            i, row, ident, value, reason = bad[0]
            f = names[i]
            where = f"row {row + 1}" if row is not None else f"the row with id {quoted(ident)}"
            src = plan.mapped.get(col, col)
            raise UserError(f"{f}: {where}: field '{src}' is not a Hub id: it {reason} ({quoted(value)})")


def _rules(table_cols: set[str], plan: SelectPlan, latest: dt.date) -> list[tuple[str, str, str]]:
    """(store column, condition for a bad value, why) for every quarantine rule that applies."""
    over = {col: flag for flag, col, _ in plan.overflows}
    after = latest + dt.timedelta(days=1)
    rules = []
    for col in sorted(table_cols & plan.mapped.keys()):
        if col in _DATES:
            first = _DATES[col]
            rules.append(
                (
                    col,
                    f"({col} < TIMESTAMP '{first}' OR {col} >= TIMESTAMP '{after}')",
                    f"dated before {first} or after {latest}",
                )
            )
        if col in over:
            rules.append((col, over[col], "too large for a 64-bit integer"))
        if col in _COUNTS:
            rules.append((col, f"({col} < 0 OR {col} > {_COUNTS[col]})", f"below 0 or above {_COUNTS[col]:.0e}"))
        if col == "trending_score":
            rules.append((col, f"(NOT isfinite({col}) OR abs({col}) > {COUNT_MAX})", "not a finite score"))
    return rules


def check_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    kind: str,
    plan: SelectPlan,
    latest: dt.date,
    names: Sequence[str],
) -> dict[str, int]:
    """Refuse ids that are not Hub ids; leave out (set to NULL) the values outside their bounds and
    return how many of each, keyed "<source field>: <why>". Drops the plan's flag columns after.

    `names[i]` is the file to name in a message about a row whose `_file` is i (`ingest.KindFiles`)."""
    _check_ids(con, table, kind, plan, names)
    table_cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    rules = _rules(table_cols, plan, latest)
    counts: dict[str, int] = {}
    if rules:
        found = con.execute(
            "SELECT " + ", ".join(f"count(*) FILTER (WHERE {cond})" for _, cond, _ in rules) + f" FROM {table}"
        ).fetchone()
        hit: dict[str, list[str]] = {}
        for (col, cond, why), n in zip(rules, found, strict=True):
            if n:
                counts[f"{plan.mapped.get(col, col)}: {why}"] = n
                hit.setdefault(col, []).append(cond)
        if hit:
            sets = ", ".join(
                f"{col} = CASE WHEN {' OR '.join(conds)} THEN NULL ELSE {col} END" for col, conds in hit.items()
            )
            con.execute(f"UPDATE {table} SET {sets}")
    for flag in [f for f, _, _ in plan.checks + plan.overflows]:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {flag}")
    return counts


def quarantine_note(counts: dict[str, int]) -> str:
    """One line for the ingest's notes and `status`: what was left out, how many of each."""
    total = sum(counts.values())
    parts = ", ".join(f"{n:,} {why}" for why, n in sorted(counts.items()))
    return f"quarantined {total:,} value{'s' if total != 1 else ''} (left out, the rows kept): {parts}"
