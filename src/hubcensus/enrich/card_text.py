"""Cards whose `base_model` is written as YAML text rather than stated as a string or a list.

A card's metadata normally reaches the store as a JSON object (`{"base_model": "a/b"}` or a list).
Some sources hand it over as the YAML the author wrote: the whole card as text (`base_model:\\n- a/b`,
a JSON string of it, or a README with its `---` header), or a `base_model` value that is itself YAML
(`"base_model:\\n- a/b"`, `"- a/b\\n- c/d"`, a block of one id a line). The lineage reader takes the
parents such text names here, with YAML's own reading, and passes them on to the same cleaning as
every other reference (`lineage._clean_sql`): what is still not a repo id is recorded as malformed.

Such text is read only for a model whose `base_model:` tags and API `baseModels` name no parent. The Hub writes those tags from the same card after checking it, so where both exist the
tags are the Hub's reading of that text; on the real DeepSeek-R1 tree the text cards of 30 tagged models
name 46 more parents the Hub did not take (lists of unrelated models, ids the Hub does not hold), which
would turn 2 of R1's fine-tunes into merges against the Hub's own tree. Where a source carries the card
but no tags, the card is all there is, and it is read.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

# The SQL test for a `base_model` string that is YAML text rather than one reference: it spans lines or
# repeats its own key. `lineage` reads every other string itself; both sides use this one test.
TEXT_VALUE_SQL = "(contains({s}, chr(10)) OR starts_with(ltrim({s}), 'base_model:'))"

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.S)


def _load(text: str) -> Any:
    """The YAML a text holds (a README's `---` header when it has one); None when it is not YAML."""
    import yaml  # a dependency of huggingface_hub

    header = _FRONT_MATTER.match(text)
    try:
        return yaml.safe_load(header.group(1) if header else text)
    except yaml.YAMLError:
        return None


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def parents_in_text(text: str, whole_card: bool) -> tuple[list[str], str | None]:
    """(the parent references, the `base_model_relation`) a text names, as written (not yet cleaned).

    `whole_card`: the text is the whole card, so only its `base_model` key names parents; otherwise it
    is the value of `base_model` itself. A value YAML reads as one plain scalar (`a/b\\nc/d` folds into
    `a/b c/d`) is read a reference per line, as its author laid it out; text that is not YAML at all
    (an unclosed quote) the same, so that what it holds still reaches the malformed record.
    """
    doc = _load(text)
    relation = None
    if isinstance(doc, dict):
        value = doc.get("base_model")
        relation = doc.get("base_model_relation")
        relation = relation if isinstance(relation, str) else None
    elif whole_card:
        return [], None  # a card that is not a mapping states no base
    else:
        value = doc if isinstance(doc, list) else text
    if value is None:
        return [], relation
    if isinstance(value, str):
        return _lines(value), relation
    if isinstance(value, list):
        return [str(v) for v in value if v is not None], relation
    return [str(value)], relation  # a number or a mapping: kept as written, to be set aside as malformed


def card_text_parents(con: duckdb.DuckDBPyConnection, source: str = "repos") -> None:
    """Fill the temp tables `_card_text (child, parent)` and `_card_text_rel (child, rel)` from the model
    cards written as YAML text (see the module's docstring). Only cards that mention `base_model` and
    are not a plain JSON object stating it as one reference or a list are read, a small share at Hub scale.
    `source`: the relation the models are read from (`repos`, or the models a lineage update reads again)."""
    rows = con.execute(f"""
        SELECT repo_id, text, whole FROM (
            SELECT repo_id,
                   CASE WHEN j IS NULL THEN card_data
                        WHEN json_type(j) = 'VARCHAR' THEN json_extract_string(j, '$')
                        WHEN json_type(j) = 'OBJECT' AND json_type(j, '$.base_model') = 'VARCHAR'
                             THEN json_extract_string(j, '$.base_model') END AS text,
                   j IS NULL OR json_type(j) = 'VARCHAR' AS whole
            -- TRY_CAST: a card that is not JSON at all is NULL here (a plain cast would fail the query)
            FROM (SELECT repo_id, card_data, TRY_CAST(card_data AS JSON) AS j FROM {source}
                  WHERE kind = 'model' AND contains(card_data, 'base_model')
                    -- only where neither the tags nor the API name a parent (the module's docstring says why)
                    AND len(list_filter(coalesce(tags, []), lambda x: starts_with(x, 'base_model:'))) = 0
                    AND len(coalesce(base_model_ids, [])) = 0) r
        ) c
        WHERE text IS NOT NULL AND (whole OR {TEXT_VALUE_SQL.format(s="text")})
    """).fetchall()
    parents, relations = [], []
    for repo_id, text, whole in rows:
        found, relation = parents_in_text(text, bool(whole))
        parents += [(repo_id, p) for p in found]
        if whole and relation is not None:
            relations.append((repo_id, relation.lower()))
    con.execute("CREATE OR REPLACE TEMP TABLE _card_text (child VARCHAR, parent VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE _card_text_rel (child VARCHAR, rel VARCHAR)")
    if parents:
        con.executemany("INSERT INTO _card_text VALUES (?, ?)", parents)
    if relations:
        con.executemany("INSERT INTO _card_text_rel VALUES (?, ?)", relations)
