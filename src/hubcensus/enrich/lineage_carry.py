"""What one lineage build keeps for the next, so that a new day decides again only the models it changed.

A model's edges are a function of its own fields (tags, card, the API's `baseModels`, its library and GGUF
mark, its `createdAt` where a cycle must be broken) and of which ids the store holds (a parent is matched, in
another case or not at all, against the models there are). So the build keeps, in the schema `_hc_lineage`:

- `inputs`: a fingerprint of each model's own fields (`fingerprints`), to find the models whose fields
  changed, arrived or left since the build before;
- `statements`: every parent reference the models make, read and cleaned but not yet matched to the store's
  ids (the costly part: JSON cards, YAML text, regexes), so that a model whose fields did not change but
  whose written parent may now match another id (an id arrived or left with the same spelling in any case)
  is decided again without reading its card;
- `card_relations`: the relation each card states;
- `meta`: a digest of the lineage rules' modules: a store kept by other rules is rebuilt.

It is derived data, in its own schema: never exported, rebuilt whole by `enrich --full`, by `forget` (which
enriches in full) and whenever it is missing or kept by other rules. `tests/test_lineage_carry.py` compares
the tables a day-by-day update leaves with a full build of the same store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hubcensus.enrich import card_text, fingerprints
from hubcensus.store.catalog import has_table

SCHEMA = "_hc_lineage"
# The columns a model's own edges depend on (`lineage`'s candidate edges, relation rules and cycle rule).
FIELDS = "tags, card_data, base_model_ids, base_model_relation, library_name, gguf_params, created_at"


def rules_digest(*modules: Path) -> str:
    """The digest of the modules holding the lineage rules (the caller names its own)."""
    return fingerprints.rules_digest(*modules, Path(card_text.__file__), Path(__file__))


def fingerprint(con: Any) -> int:
    """Fill `_lin_fp (repo_id, fp)`, every model's fingerprint now; return how many models there are."""
    return fingerprints.fingerprint(con, "_lin_fp", FIELDS)


def changed_models(con: Any, digest: str) -> int | None:
    """Fill the temp tables `_lin_changed (repo_id, moved)` (models whose fields changed, arrived or left since
    the kept build) and `_lin_moved (lp)` (the lower-cased ids that arrived or left); return how many models
    changed, or None when there is nothing to update from (build everything). Call `fingerprint` first."""
    if not fingerprints.kept_by(con, SCHEMA, digest) or not has_table(con, "main", "model_families"):
        return None
    n = fingerprints.changed(con, SCHEMA, "_lin_fp", "_lin_changed")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _lin_moved AS SELECT DISTINCT lower(repo_id) AS lp FROM _lin_changed WHERE moved"
    )
    return n


def keep_all(con: Any, digest: str) -> None:
    """Keep what a full build read (`_lin_fp`, `_cand`, `_card_rel`) for the next build."""
    fingerprints.keep_all(con, SCHEMA, "_lin_fp", digest)
    con.execute(f"CREATE OR REPLACE TABLE {SCHEMA}.statements AS SELECT * FROM _cand")
    con.execute(f"CREATE OR REPLACE TABLE {SCHEMA}.card_relations AS SELECT * FROM _card_rel")


def keep_changed(con: Any) -> None:
    """Replace what is kept of the changed models (`_lin_changed`) by what was just read of them."""
    fingerprints.keep_changed(con, SCHEMA, "_lin_fp", "_lin_changed")
    changed = "(SELECT repo_id FROM _lin_changed)"
    con.execute(f"DELETE FROM {SCHEMA}.statements WHERE child IN {changed}")
    con.execute(f"INSERT INTO {SCHEMA}.statements SELECT * FROM _cand")
    con.execute(f"DELETE FROM {SCHEMA}.card_relations WHERE child IN {changed}")
    con.execute(f"INSERT INTO {SCHEMA}.card_relations SELECT * FROM _card_rel")


def kept_for(con: Any, models: str) -> None:
    """Make `_cand` and `_card_rel` the kept statements of `models` (a relation with a `child` column)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _cand AS SELECT * FROM {SCHEMA}.statements WHERE child IN {models}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _card_rel AS SELECT * FROM {SCHEMA}.card_relations WHERE child IN {models}"
    )


def naming_moved() -> str:
    """SQL: the models one of whose kept references is spelled like an id that arrived or left."""
    return f"SELECT child FROM {SCHEMA}.statements WHERE lower(parent) IN (SELECT lp FROM _lin_moved)"
