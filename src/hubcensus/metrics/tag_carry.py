"""What each repo's own tags say, kept from one enrich to the next: D1's family-name flags and H1's hardware tags
per model, C2's community memberships, S2's science domains and POP3's arXiv links per model and dataset.

Each is a function of a repo's own id, tags and task, whatever the date, so one table serves every as-of
date: a metric at any date joins it with the repos present then, where it used to run its regexes and
`lower()` over the tags of every present repo (tens of millions of tags at Hub scale, seconds per metric and
per date; `diff` paid them on both sides). `precompute` keeps each table under the SQL a metric run writes for
it (`derivatives.name_flags_sql`, `communities.memberships_sql`, `communities.science_sql`,
`hardware.tag_hits_sql`, `papers.paper_refs_sql`), built from what this module carries:

- in `_hc_tagged` (models) and `_hc_tagged_datasets`, the rows of each table and a fingerprint of each repo's
  tags and task (`enrich.fingerprints`);
- a new enrich works out the rows again only for the repos whose fingerprint changed, arrived or left; a
  schema kept by other rules (a digest of the tables' SQL and of this module), none, or `enrich --full`
  builds whole.

A repo whose new fields hash like its old ones (about one chance in 10^19) would keep its old rows until
`--full`, as with lineage.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from hubcensus.enrich import fingerprints
from hubcensus.metrics import communities, derivatives, hardware, papers
from hubcensus.metrics.sql import tagged_repos
from hubcensus.store.catalog import has_table

MODELS, DATASETS = "_hc_tagged", "_hc_tagged_datasets"
FIELDS = "tags, pipeline_tag"  # all a repo's rows here depend on, beside its id
# Kept for every date: a run at the newest date reads its kept answers instead, a run at another date these.
TABLES = (derivatives.NAME_FLAGS, communities.TAGGED, communities.SCIENCE_HITS, hardware.TAG_HITS, papers.PAPER_REFS)


# The rows follow the tables' SQL alone: an edit elsewhere in the metrics' modules (D1's counts, C2's
# figures) keeps them.
@functools.cache
def rules() -> str:
    """The digest of the rules, worked out when an enrich first asks rather than by every import."""
    return fingerprints.rules_digest(
        Path(__file__),
        sql=(
            derivatives.name_flags_sql(),
            communities.memberships_sql(),
            communities.science_sql(),
            hardware.tag_hits_sql(),
            papers.paper_refs_sql(),
        ),
    )


_NONE = "(SELECT CAST(NULL AS VARCHAR) AS repo_id, CAST(NULL AS VARCHAR) AS pipeline_tag, CAST(NULL AS VARCHAR[]) AS tags WHERE 1 = 0)"


def tagged_tables(con: Any, full: bool = False) -> list[tuple[str, str, str]]:
    """Bring the carried rows up to date with the repos held (in the caller's transaction) and say how to keep
    each table: (name, the SQL a metric run writes, SQL giving the same rows from the carry)."""
    _update(con, "model", MODELS, full)
    _update(con, "dataset", DATASETS, full)
    return [
        (derivatives.NAME_FLAGS, derivatives.name_flags_sql(), f"SELECT * FROM {MODELS}.flags"),
        (
            communities.TAGGED,
            communities.memberships_sql(),
            f"SELECT * FROM {MODELS}.members UNION ALL SELECT * FROM {DATASETS}.members",
        ),
        (
            communities.SCIENCE_HITS,
            communities.science_sql(),
            f"SELECT * FROM {MODELS}.science UNION ALL SELECT * FROM {DATASETS}.science",
        ),
        (hardware.TAG_HITS, hardware.tag_hits_sql(), f"SELECT * FROM {MODELS}.hardware"),
        (
            papers.PAPER_REFS,
            papers.paper_refs_sql(),
            f"SELECT * FROM {MODELS}.papers UNION ALL SELECT * FROM {DATASETS}.papers",
        ),
    ]


def _repos(kind: str, only: str | None = None) -> str:
    """The repos of `kind` as the tables read them (repo_id, pipeline_tag, tags), those in the temp table
    `only` alone when given."""
    repos = tagged_repos(kind, "repo_id, pipeline_tag, tags")
    return f"(SELECT * FROM {repos} r WHERE repo_id IN (SELECT repo_id FROM {only}))" if only else repos


def _rows(kind: str, repos: str) -> dict[str, str]:
    """The SQL of each carried table of `kind`'s schema, over `repos` (`_repos`)."""
    if kind == "model":
        return {
            "members": communities.memberships_sql(repos, _NONE),
            "flags": derivatives.name_flags_sql(repos),
            "science": communities.science_sql(repos, _NONE),
            "hardware": hardware.tag_hits_sql(repos),
            "papers": papers.paper_refs_sql(repos, _NONE),
        }
    return {
        "members": communities.memberships_sql(_NONE, repos),
        "science": communities.science_sql(_NONE, repos),
        "papers": papers.paper_refs_sql(_NONE, repos),
    }


def _update(con: Any, kind: str, schema: str, full: bool) -> None:
    now, moved = f"_tag_fp_{kind}", f"_tag_changed_{kind}"
    fingerprints.fingerprint(con, now, FIELDS, kind)
    whole = full or not fingerprints.kept_by(con, schema, rules()) or not has_table(con, schema, "members")
    if whole:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for table, sql in _rows(kind, _repos(kind)).items():
            con.execute(f"CREATE OR REPLACE TABLE {schema}.{table} AS SELECT * FROM {sql}")
        fingerprints.keep_all(con, schema, now, rules())
    elif fingerprints.changed(con, schema, now, moved):
        # the changed repos' tags read once: each table reading them from `repos` scanned every repo's tags
        few = f"_tag_repos_{kind}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {few} AS SELECT * FROM {_repos(kind, moved)}")
        for table, sql in _rows(kind, f"(SELECT * FROM {few})").items():
            con.execute(f"DELETE FROM {schema}.{table} WHERE repo_id IN (SELECT repo_id FROM {moved})")
            con.execute(f"INSERT INTO {schema}.{table} SELECT * FROM {sql}")
        con.execute(f"DROP TABLE {few}")
        fingerprints.keep_changed(con, schema, now, moved)
    con.execute(f"DROP TABLE IF EXISTS {now}")
    con.execute(f"DROP TABLE IF EXISTS {moved}")
