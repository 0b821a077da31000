"""Model lineage: one edge per (child, parent) with its relation, and every model's family roots.

The Hub states a model's parents in three places that overlap and sometimes disagree:
`base_model:X` / `base_model:<relation>:X` tags (both forms usually on the same repo), the card's
`base_model` (a string or a list) with an optional `base_model_relation`, and the API's
`baseModels` expansion. hubcensus takes the union of parents and decides one relation per edge,
in this order of authority (recorded per edge in `decided_by`):

1. `card`     — the card's `base_model_relation` (the Hub documents it as the override);
2. `api`      — the relation of the API's `baseModels`;
3. `tag`      — the relation in a `base_model:<relation>:X` tag;
4. `files`    — the child's own evidence: GGUF/AWQ/GPTQ/EXL2/MLX/bitsandbytes in its id, tags or
                library mark a quantization; `peft`/LoRA mark an adapter;
5. `parents`  — several parents and nothing else said: a merge;
6. `default`  — a fine-tune (the Hub's own default for a plain `base_model:X`).

Dirty data is handled and counted in `lineage_issues`, never fatal: self-references are dropped;
a parent spelled in another case than the model the store holds is matched to it; a parent the
store has never seen stays as an external node (`parent_known = false`, issue `external`); a parent
seen in an earlier snapshot but absent from the newest complete one is kept and flagged `gone`
(deleted or renamed since — the public metadata cannot tell which); a cycle loses one edge, the
one into its earliest-created member (`_break_cycles`), so that every model has a root.

Parent references are read as a careful reader of cards would: list markers (`- a/b`), quotes,
brackets (`['a/b']`, `[]`), Hub URLs (`https://huggingface.co/a/b/tree/main`), trailing slashes and
spaces are removed (issue `cleaned`, with the text as written); what is still not a repo id is
recorded as `malformed` with the raw text and never becomes a node. A card written as YAML text rather
than stated as a string or a list (the whole card, or a `base_model` value that is itself YAML) is read
by `card_text`, for the models whose tags and API name no parent.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path

import duckdb

from hubcensus.enrich import lineage_carry
from hubcensus.enrich.card_text import TEXT_VALUE_SQL, card_text_parents

RELATIONS = ("finetune", "adapter", "quantized", "merge")
_REL_LIST = ", ".join(f"'{r}'" for r in RELATIONS)

_QUANT_ID = r"(?i)(gguf|\bawq\b|gptq|exl2|\bmlx\b|bnb|bitsandbytes|[-_.](4|8)bit|\bint[48]\b|\bnf4\b|\bfp8\b|[-_.]q[2-8]_|[-_.]q[2-8]\b)"
_ADAPTER_ID = r"(?i)(lora|qlora|adapter)"

LINEAGE_DDL = """
CREATE OR REPLACE TABLE lineage (
    child_id     VARCHAR NOT NULL,
    parent_id    VARCHAR NOT NULL,
    relation     VARCHAR NOT NULL,   -- finetune | adapter | quantized | merge
    decided_by   VARCHAR NOT NULL,   -- card | api | tag | files | parents | default
    parent_known BOOLEAN NOT NULL    -- false: the parent is not a model in the store (an external node)
);
CREATE OR REPLACE TABLE lineage_issues (
    issue     VARCHAR NOT NULL,      -- malformed | cleaned | self_reference | case_fixed | external | gone | cycle | bad_relation
    child_id  VARCHAR NOT NULL,
    parent_id VARCHAR,
    detail    VARCHAR
);
CREATE OR REPLACE TABLE model_families (
    model_id  VARCHAR NOT NULL,
    root_id   VARCHAR NOT NULL,      -- a root ancestor (a model with no parent, possibly external)
    depth     INTEGER NOT NULL       -- shortest number of edges from that root
);
"""

# A repo id as the Hub allows it: `namespace/name` (letters, digits, `-`, `_`, `.`), or a bare name for the
# few canonical models that predate namespaces (`gpt2`, `bert-base-uncased`).
_REPO_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,95}(/[A-Za-z0-9][A-Za-z0-9_.-]{0,95})?"


def _pieces_sql(col: str) -> str:
    """A written parent reference split into the references it holds, as a list.

    Cards written as text give whole lists in one string: `['a/b', 'c/d']`, `[]`, or YAML's
    `- a/b` lines. Anything else is one reference.
    """
    return f"""CASE WHEN regexp_full_match(trim({col}), '\\[.*\\]', 's')
                     THEN regexp_split_to_array(regexp_extract(trim({col}), '^\\[(.*)\\]$', 1), '[,\\n]')
                     WHEN contains(trim({col}), chr(10)) THEN regexp_split_to_array(trim({col}), '[\\r\\n]+')
                     ELSE [{col}] END"""


def _clean_sql(col: str) -> str:
    """One reference as a careful reader of cards would read it: no list marker, quotes or spaces around
    it, a Hub URL read as the id it points to (`https://huggingface.co/a/b/tree/main` is `a/b`), no
    trailing slash. Case is matched against the store's ids later, where the store is known."""
    s = f"trim({col})"
    s = f"regexp_replace({s}, '^-\\s*', '')"  # a YAML list marker (no repo id starts with `-`)
    s = f"regexp_replace({s}, '^[\\s''\"`]+|[\\s''\"`]+$', '', 'g')"  # quotes, in any number
    s = f"regexp_replace({s}, '^(https?://)?(www\\.)?(huggingface\\.co|hf\\.co)/(models/)?', '', 'i')"
    s = f"regexp_replace({s}, '[?#].*$', '')"  # a query or an anchor
    s = f"regexp_replace({s}, '/(tree|blob|resolve|commit|commits|discussions|raw)(/.*)?$', '')"
    s = f"regexp_replace({s}, '/+$', '')"
    return f"trim({s})"


def _candidate_edges_sql(source: str) -> str:
    """Every (child, parent, relation, source) statement the models of `source` make, before any decision."""
    rel_alt = "|".join(RELATIONS)
    return f"""
    -- Each branch reads the source itself: a shared CTE would be materialised with every card in it.
    WITH from_tags AS (
        SELECT repo_id AS child,
               CASE WHEN regexp_matches(t, '^base_model:({rel_alt}):') THEN regexp_extract(t, '^base_model:[a-z]+:(.*)$', 1)
                    ELSE substr(t, 12) END AS parent,
               CASE WHEN regexp_matches(t, '^base_model:({rel_alt}):') THEN regexp_extract(t, '^base_model:([a-z]+):', 1) END AS rel,
               'tag' AS src
        -- filter each list before unnesting: a model has ~10 tags and rarely more than 2 of these
        FROM (SELECT repo_id, unnest(list_filter(tags, lambda x: starts_with(x, 'base_model:'))) AS t
              FROM {source} WHERE kind = 'model')
    ),
    cards AS (
        -- a plain substring test first: parsing JSON is the costly part, and most cards name no base
        SELECT repo_id, card_data::JSON AS c FROM {source}
        WHERE kind = 'model' AND contains(card_data, 'base_model') AND json_valid(card_data) AND json_type(card_data::JSON) = 'OBJECT'
    ),
    from_card AS (
        SELECT repo_id AS child, unnest(
                   CASE json_type(c, '$.base_model')
                        WHEN 'ARRAY' THEN json_extract_string(c, '$.base_model[*]')
                        -- a value written as YAML text is read by `card_text` (the `_card_text` branch)
                        WHEN 'VARCHAR' THEN CASE WHEN {TEXT_VALUE_SQL.format(s="json_extract_string(c, '$.base_model')")}
                                                 THEN CAST([] AS VARCHAR[]) ELSE [json_extract_string(c, '$.base_model')] END
                   END) AS parent,
               NULL AS rel, 'card' AS src
        FROM cards
        UNION ALL
        SELECT child, parent, NULL AS rel, 'card' AS src FROM _card_text
    ),
    from_api AS (
        SELECT repo_id AS child, unnest(base_model_ids) AS parent, base_model_relation AS rel, 'api' AS src
        FROM {source} WHERE kind = 'model' AND base_model_ids IS NOT NULL
    )
    SELECT child, parent, written, rel, src FROM (
        SELECT child, written, rel, src,
               CASE WHEN regexp_full_match(piece, '{_REPO_ID}') THEN piece END AS parent
        FROM (
            -- almost every reference is already an id: only the others go through the cleaning
            SELECT child, written, rel, src,
                   CASE WHEN regexp_full_match(raw_piece, '{_REPO_ID}') THEN raw_piece
                        ELSE {_clean_sql("raw_piece")} END AS piece
            FROM (SELECT child, parent AS written, lower(rel) AS rel, src,
                         unnest(CASE WHEN regexp_full_match(parent, '{_REPO_ID}') THEN [parent]
                                     ELSE {_pieces_sql("parent")} END) AS raw_piece
                  FROM (SELECT * FROM from_tags UNION ALL SELECT * FROM from_card UNION ALL SELECT * FROM from_api) u
                  WHERE parent IS NOT NULL) w
        ) p
        WHERE piece <> '' AND lower(piece) NOT IN ('none', 'null', '~')
    ) c
    """


# Issues about what a model states (its own fields alone): kept for the models not read again by an update.
_STATED = ("malformed", "cleaned", "self_reference", "bad_relation")


@functools.cache
def _rules() -> str:
    """The digest of the lineage rules, worked out when an enrich first asks (parsing the modules is not for
    every command that imports this one)."""
    return lineage_carry.rules_digest(Path(__file__))


def build_lineage(con: duckdb.DuckDBPyConnection, full: bool = False) -> dict[str, int]:
    """Bring `lineage`, `lineage_issues` and `model_families` in line with `repos`. Returns counts.

    What the build before kept (`lineage_carry`) lets a new day read again only the models whose fields
    changed, decide again only the edges whose parent's match may have changed, and walk again only the
    families below them; `full`, or nothing kept, builds everything. Both give the same tables. The counts
    are the issues', the edges', the models' and the models read (all of them, or those changed)."""
    models = lineage_carry.fingerprint(con)
    changed = None if full else lineage_carry.changed_models(con, _rules())
    if changed is None:
        con.execute(LINEAGE_DDL)
        _read_statements(con, "repos")
        lineage_carry.keep_all(con, _rules())
        _decide_edges(con)
        _graph_issues(con)
        _families(con)
    else:
        _update(con)  # with nothing changed, still the `gone` parents of a new snapshot
    for t in ("_cand", "_cand2", "_card_rel", "_card_text", "_card_text_rel", "_lin_fp", "_lin_changed", "_lin_moved"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    counts = dict(con.execute("SELECT issue, count(*) FROM lineage_issues GROUP BY issue").fetchall())
    counts["edges"] = con.execute("SELECT count(*) FROM lineage").fetchone()[0]
    counts["models"] = models
    counts["models_read"] = models if changed is None else changed
    return counts


def _update(con: duckdb.DuckDBPyConnection) -> None:
    """Decide again the models `lineage_carry.changed_models` found, and the models whose kept references
    may now match another id; then the graph's issues over every edge, and the families below them."""
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _lin_src AS SELECT * FROM repos "
        "WHERE kind = 'model' AND repo_id IN (SELECT repo_id FROM _lin_changed)"
    )
    stated = ", ".join(f"'{i}'" for i in _STATED)
    con.execute(
        f"DELETE FROM lineage_issues WHERE issue IN ({stated}) AND child_id IN (SELECT repo_id FROM _lin_changed)"
    )
    _read_statements(con, "_lin_src")
    con.execute("DROP VIEW _lin_src")
    lineage_carry.keep_changed(con)
    # A cycle's dropped edge comes back when the cycle is gone: its model is decided again too.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _lin_redo AS
        SELECT repo_id AS child FROM _lin_changed
        UNION {lineage_carry.naming_moved()}
        UNION SELECT child_id FROM lineage_issues WHERE issue = 'cycle'
    """)
    redo = "(SELECT child FROM _lin_redo)"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _lin_old_parents AS SELECT DISTINCT parent_id FROM lineage WHERE child_id IN {redo}"
    )
    con.execute(f"DELETE FROM lineage WHERE child_id IN {redo}")
    con.execute(
        f"DELETE FROM lineage_issues WHERE issue IN ('external', 'gone', 'cycle') OR (issue = 'case_fixed' AND child_id IN {redo})"
    )
    lineage_carry.kept_for(con, redo)
    _decide_edges(con)
    _graph_issues(con)
    _update_families(con)
    for t in ("_lin_redo", "_lin_old_parents"):
        con.execute(f"DROP TABLE {t}")


def _read_statements(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """`_cand` (child, parent, written, rel, src) and `_card_rel` (child, rel): what the models of `source`
    state about their parents, read and cleaned, with the issues of what they state recorded."""
    card_text_parents(con, source)  # cards written as YAML text: `_card_text`, `_card_text_rel`
    con.execute(f"CREATE OR REPLACE TEMP TABLE _cand AS {_candidate_edges_sql(source)}")
    # What is still not a repo id once cleaned is recorded with the text as written and never becomes
    # a node (`- Qwen` would otherwise be a developer of its own); what cleaning rewrote is recorded too.
    con.execute("""
        INSERT INTO lineage_issues
        SELECT DISTINCT 'malformed', child, NULL, written FROM _cand WHERE parent IS NULL
        UNION ALL
        SELECT DISTINCT 'cleaned', child, parent, 'written as ' || written FROM _cand
        WHERE parent IS NOT NULL AND parent <> written
    """)
    con.execute("DELETE FROM _cand WHERE parent IS NULL")
    # The card's relation is a statement about the model, so it applies to every parent it has.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _card_rel AS
        SELECT repo_id AS child, lower(json_extract_string(card_data::JSON, '$.base_model_relation')) AS rel
        FROM {source}
        WHERE kind = 'model' AND contains(card_data, 'base_model_relation') AND json_valid(card_data)
          AND json_type(card_data::JSON) = 'OBJECT'
          AND json_extract_string(card_data::JSON, '$.base_model_relation') IS NOT NULL
    """)
    con.execute("INSERT INTO _card_rel SELECT child, rel FROM _card_text_rel")
    con.execute(f"""
        INSERT INTO lineage_issues
        SELECT 'bad_relation', child, NULL, 'base_model_relation: ' || rel FROM _card_rel WHERE rel NOT IN ({_REL_LIST})
    """)
    # Self-references, case-insensitively: a model is not its own base.
    con.execute("""
        INSERT INTO lineage_issues
        SELECT DISTINCT 'self_reference', child, parent, NULL FROM _cand WHERE lower(child) = lower(parent)
    """)


def _decide_edges(con: duckdb.DuckDBPyConnection) -> None:
    """The edges of the models in `_cand`, matched against every model the store holds, one relation each."""
    # Parents spelled in another case than the model the store holds: match them when unambiguous.
    # Only parents with no exact match are looked up case-insensitively (a few thousand at Hub scale).
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _cand2 AS
        WITH models AS (SELECT repo_id FROM repos WHERE kind = 'model'),
        exact AS (
            SELECT c.*, m.repo_id IS NOT NULL AS found FROM _cand c LEFT JOIN models m ON m.repo_id = c.parent
            WHERE lower(c.child) <> lower(c.parent)
        ),
        missing AS (SELECT DISTINCT lower(parent) AS lp FROM exact WHERE NOT found),
        ci AS (
            SELECT lower(repo_id) AS lp, min(repo_id) AS repo_id FROM models
            WHERE lower(repo_id) IN (SELECT lp FROM missing) GROUP BY 1 HAVING count(*) = 1
        )
        SELECT e.child, coalesce(ci.repo_id, e.parent) AS parent, e.parent AS written, e.rel, e.src,
               ci.repo_id IS NOT NULL AS case_fixed, e.found OR ci.repo_id IS NOT NULL AS known
        FROM exact e LEFT JOIN ci ON NOT e.found AND ci.lp = lower(e.parent)
    """)
    con.execute("""
        INSERT INTO lineage_issues
        SELECT DISTINCT 'case_fixed', child, parent, 'written as ' || written FROM _cand2 WHERE case_fixed
    """)
    con.execute(f"""
        INSERT INTO lineage
        WITH per_edge AS (
            SELECT child, parent, bool_or(known) AS known,
                   max(rel) FILTER (src = 'api' AND rel IN ({_REL_LIST})) AS api_rel,
                   max(rel) FILTER (src = 'tag' AND rel IN ({_REL_LIST})) AS tag_rel
            FROM _cand2 GROUP BY child, parent
        ),
        per_child AS (
            SELECT r.repo_id AS child,
                   CASE WHEN regexp_matches(r.repo_id, '{_QUANT_ID}')
                          OR list_has_any(r.tags, ['gguf', 'awq', 'gptq', 'exl2', 'mlx', 'bitsandbytes', '4-bit', '8-bit'])
                          OR r.library_name IN ('gguf', 'mlx') OR r.gguf_params IS NOT NULL THEN 'quantized'
                        WHEN r.library_name = 'peft' OR list_has_any(r.tags, ['peft', 'lora', 'adapter'])
                          OR regexp_matches(r.repo_id, '{_ADAPTER_ID}') THEN 'adapter' END AS files_rel
            FROM repos r WHERE r.kind = 'model' AND r.repo_id IN (SELECT child FROM per_edge)
        ),
        n_parents AS (SELECT child, count(*) AS n FROM per_edge GROUP BY child)
        SELECT e.child, e.parent,
               coalesce(cr.rel, e.api_rel, e.tag_rel, pc.files_rel, CASE WHEN np.n > 1 THEN 'merge' END, 'finetune'),
               CASE WHEN cr.rel IS NOT NULL THEN 'card' WHEN e.api_rel IS NOT NULL THEN 'api'
                    WHEN e.tag_rel IS NOT NULL THEN 'tag' WHEN pc.files_rel IS NOT NULL THEN 'files'
                    WHEN np.n > 1 THEN 'parents' ELSE 'default' END,
               e.known
        FROM per_edge e
        JOIN n_parents np USING (child)
        LEFT JOIN per_child pc USING (child)
        LEFT JOIN (SELECT * FROM _card_rel WHERE rel IN ({_REL_LIST})) cr USING (child)
    """)


def _graph_issues(con: duckdb.DuckDBPyConnection) -> None:
    """Issues of the graph as a whole, over every edge: external and gone parents, cycles (broken)."""
    # Parents outside the store (never seen: external nodes), and parents the store saw once but
    # that the newest complete snapshot no longer lists (deleted or renamed since).
    con.execute("""
        INSERT INTO lineage_issues
        SELECT 'external', child_id, parent_id, NULL FROM lineage WHERE NOT parent_known
        UNION ALL
        SELECT 'gone', l.child_id, l.parent_id, 'last seen in snapshot ' || r.last_seen
        FROM lineage l JOIN repos r ON r.kind = 'model' AND r.repo_id = l.parent_id
        WHERE r.last_seen < (SELECT max(k.snapshot_id) FROM snapshot_kinds k JOIN snapshots s USING (snapshot_id)
                             WHERE k.kind = 'model' AND s.complete)
    """)
    _break_cycles(con)


def _break_cycles(con: duckdb.DuckDBPyConnection) -> None:
    """Break each cycle by dropping one edge, recording it: the edge into the member created first.

    The rule: in a strongly connected component (a cycle), the model with the earliest `createdAt` is
    taken as the original — a model cannot descend from one made after it — so its parent edges from
    the other members are dropped (unknown dates count as latest; ties go to the smallest id). That
    leaves the rest of the cycle a chain under it; components are searched again until none is left,
    so a figure-eight loses one edge per loop, never a whole cycle.

    Every cycle is found, also one that hangs under a root (a member with an outside parent). Edges
    are peeled off from the roots down, level by level, in SQL (an edge goes once its parent has no
    parent left); what cannot be peeled is the cycles and what hangs below them, a handful of edges
    even at Hub scale, which Tarjan's search then reads in Python.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE _left AS SELECT DISTINCT child_id, parent_id FROM lineage")
    while True:
        peeled = con.execute("DELETE FROM _left WHERE parent_id NOT IN (SELECT child_id FROM _left)").fetchone()[0]
        if not peeled:
            break
    stuck = con.execute("""
        SELECT l.child_id, l.parent_id, r.created_at FROM _left l
        LEFT JOIN repos r ON r.kind = 'model' AND r.repo_id = l.child_id
    """).fetchall()
    con.execute("DROP TABLE _left")
    if not stuck:
        return
    graph: dict[str, list[str]] = defaultdict(list)
    created: dict[str, dt.datetime | None] = {}
    for child, parent, created_at in stuck:
        graph[parent].append(child)
        graph.setdefault(child, [])
        created[child] = created_at
    doomed: list[tuple[str, str]] = []
    while cycles := [comp for comp in _strongly_connected(graph) if len(comp) > 1]:
        for comp in cycles:
            first = min(comp, key=lambda n: (created.get(n) is None, created.get(n) or dt.datetime.min, n))
            for parent in sorted(comp):
                if first in graph[parent]:
                    graph[parent].remove(first)
                    doomed.append((first, parent))
    if doomed:
        con.execute("CREATE OR REPLACE TEMP TABLE _cycle_edges (child_id VARCHAR, parent_id VARCHAR)")
        con.executemany("INSERT INTO _cycle_edges VALUES (?, ?)", doomed)
        con.execute(
            "INSERT INTO lineage_issues SELECT 'cycle', child_id, parent_id, "
            "'edge dropped to break a cycle: the child is the cycle''s earliest-created member' FROM _cycle_edges"
        )
        con.execute(
            "DELETE FROM lineage WHERE (child_id, parent_id) IN (SELECT (child_id, parent_id) FROM _cycle_edges)"
        )
        con.execute("DROP TABLE _cycle_edges")


def _strongly_connected(graph: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively (no recursion limit at any depth)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = graph[node]
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                comp = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == node:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def _families(con: duckdb.DuckDBPyConnection) -> None:
    """Every model (and external parent) with each root it descends from, at the shortest depth."""
    con.execute("""
        INSERT INTO model_families
        WITH RECURSIVE nodes AS (
            SELECT repo_id AS node FROM repos WHERE kind = 'model'
            UNION SELECT parent_id FROM lineage
        ),
        roots AS (SELECT node FROM nodes WHERE node NOT IN (SELECT child_id FROM lineage)),
        walk(model_id, root_id, depth) AS (
            SELECT node, node, 0 FROM roots
            UNION
            SELECT l.child_id, w.root_id, w.depth + 1
            FROM walk w JOIN lineage l ON l.parent_id = w.model_id
            WHERE w.depth < 64
        )
        SELECT model_id, root_id, min(depth) FROM walk GROUP BY model_id, root_id
    """)


def _update_families(con: duckdb.DuckDBPyConnection) -> None:
    """Walk again the families of the models decided again (`_lin_redo`) and of every model below them.

    Those models are closed under descent, so a path from a root into them leaves the models kept at one
    last edge: the walk starts from the kept families of their parents (and from the roots among them) and
    goes down among them only, with the same 64-edge bound as the full walk. The external parents they name
    are walked too, as the roots they are (their other children keep their rows). Nodes no longer in the
    graph (an external parent nobody names any more, a model forgotten) lose their rows."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _fam_set AS
        WITH RECURSIVE below(n) AS (
            SELECT child FROM _lin_redo
            UNION
            SELECT l.child_id FROM lineage l JOIN below b ON l.parent_id = b.n
        )
        SELECT n FROM below
        UNION SELECT parent_id FROM lineage WHERE NOT parent_known AND child_id IN (SELECT child FROM _lin_redo)
    """)
    # A node is a model or a parent some edge names; what was one and may no longer be is looked at.
    gone = """n NOT IN (SELECT repo_id FROM repos WHERE kind = 'model') AND n NOT IN (SELECT parent_id FROM lineage)"""
    con.execute(f"""
        DELETE FROM model_families WHERE model_id IN (SELECT n FROM _fam_set)
           OR model_id IN (SELECT n FROM (SELECT parent_id AS n FROM _lin_old_parents
                                          UNION SELECT repo_id FROM _lin_changed) WHERE {gone})
    """)
    con.execute(f"DELETE FROM _fam_set WHERE {gone}")
    con.execute("""
        INSERT INTO model_families
        WITH RECURSIVE walk(model_id, root_id, depth) AS (
            SELECT * FROM (
                SELECT n, n, 0 FROM _fam_set WHERE n NOT IN (SELECT child_id FROM lineage)
                UNION ALL
                SELECT l.child_id, f.root_id, f.depth + 1
                FROM lineage l JOIN model_families f ON f.model_id = l.parent_id
                WHERE l.child_id IN (SELECT n FROM _fam_set) AND l.parent_id NOT IN (SELECT n FROM _fam_set)
                  AND f.depth < 64
            )
            UNION
            SELECT l.child_id, w.root_id, w.depth + 1
            FROM walk w JOIN lineage l ON l.parent_id = w.model_id
            WHERE w.depth < 64 AND l.child_id IN (SELECT n FROM _fam_set)
        )
        SELECT model_id, root_id, min(depth) FROM walk GROUP BY model_id, root_id
    """)
    con.execute("DROP TABLE _fam_set")
