"""The store's schema as numbered migrations.

A store records the migrations it has applied in `schema_migrations`; opening a store applies the
missing ones in order, inside one transaction, so an old store is brought up to date the first time
a newer hubcensus touches it and a failed migration leaves it as it was.

Design notes (where this departs from DESIGN.md, and why):
- `tags` is a view over `repos.tags` (a list column) rather than a table: the list costs one column
  per repo instead of ~10 rows per model, ingest does not have to unnest 20M+ rows, and a user still
  queries `tags(kind, repo_id, tag)` with plain SQL.
- `snapshot_id` is the snapshot's date as an integer `YYYYMMDD`: ids sort like dates, and a store
  rebuilt from the same inputs has the same ids.
- `repo_stats` holds a row only where a repo's statistics changed since the previous snapshot of
  its kind, plus a tombstone (`deleted`) when it disappears from a complete snapshot; the views
  `repo_stats_ranges` and `repo_stats_dense` give back a value for every (snapshot, repo).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "snapshots, repos, repo_stats, papers, authors",
        """
        CREATE TABLE snapshots (
            snapshot_id  INTEGER PRIMARY KEY,      -- YYYYMMDD of taken_at
            taken_at     DATE NOT NULL UNIQUE,     -- the data's date (UTC), never the wall clock
            source       VARCHAR NOT NULL,         -- files | synthetic | jsonl | hub | hub-stats | sample
            source_ref   VARCHAR,                  -- path or endpoint it came from
            complete     BOOLEAN NOT NULL          -- false: a partial listing (absence is not deletion)
        );
        CREATE TABLE snapshot_kinds (
            snapshot_id  INTEGER NOT NULL,
            kind         VARCHAR NOT NULL,         -- model | dataset | space | paper | author
            rows         BIGINT NOT NULL,
            duplicates   BIGINT NOT NULL,          -- rows dropped because the id repeated
            files        VARCHAR[],
            mapped       VARCHAR,                  -- JSON: {store column: source column} and the columns not found
            PRIMARY KEY (snapshot_id, kind)
        );
        CREATE TABLE repos (
            kind                VARCHAR NOT NULL,
            repo_id             VARCHAR NOT NULL,
            author              VARCHAR,
            created_at          TIMESTAMP,
            last_modified       TIMESTAMP,
            pipeline_tag        VARCHAR,
            library_name        VARCHAR,
            sdk                 VARCHAR,
            tags                VARCHAR[],
            card_data           VARCHAR,           -- JSON text of the card's YAML header
            base_model_ids      VARCHAR[],         -- from the API's expand=baseModels
            base_model_relation VARCHAR,
            safetensors_params  BIGINT,
            gguf_params         BIGINT,
            num_parameters      BIGINT,            -- the listing's numParameters, when given
            model_type          VARCHAR,           -- config.model_type
            linked_models       VARCHAR[],         -- spaces: the models they use
            linked_datasets     VARCHAR[],         -- spaces: the datasets they use
            first_seen          INTEGER NOT NULL,  -- snapshot_id
            last_seen           INTEGER NOT NULL,
            state_snapshot      INTEGER NOT NULL   -- the snapshot this row's fields come from
        );
        CREATE TABLE repo_stats (
            snapshot_id         INTEGER NOT NULL,
            kind                VARCHAR NOT NULL,
            repo_id             VARCHAR NOT NULL,
            downloads_30d       BIGINT,
            downloads_all_time  BIGINT,
            likes               BIGINT,
            trending_score      DOUBLE,
            deleted             BOOLEAN NOT NULL DEFAULT false
        );
        CREATE TABLE papers (
            paper_id        VARCHAR NOT NULL,
            title           VARCHAR,
            published_at    TIMESTAMP,
            submitted_at    TIMESTAMP,
            upvotes         BIGINT,
            num_comments    BIGINT,
            organisation    VARCHAR,   -- paper_organization.name: the organisation the paper is from
            submitter_org   VARCHAR,   -- organization.name: the organisation that submitted it
            authors         VARCHAR[],
            first_seen      INTEGER NOT NULL,
            last_seen       INTEGER NOT NULL,
            state_snapshot  INTEGER NOT NULL
        );
        CREATE TABLE authors (
            author          VARCHAR NOT NULL,
            is_org          BOOLEAN,
            verified        BOOLEAN,
            fullname        VARCHAR,
            first_seen      INTEGER NOT NULL,
            last_seen       INTEGER NOT NULL,
            state_snapshot  INTEGER NOT NULL
        );
        CREATE VIEW tags AS
            SELECT kind, repo_id, unnest(tags) AS tag FROM repos;
        CREATE VIEW paper_repos AS
            SELECT DISTINCT substr(tag, 7) AS paper_id, kind, repo_id FROM tags WHERE tag LIKE 'arxiv:%';
        CREATE VIEW repo_stats_ranges AS
            SELECT *, lead(snapshot_id) OVER (PARTITION BY kind, repo_id ORDER BY snapshot_id) AS valid_until
            FROM repo_stats;
        CREATE VIEW repo_stats_dense AS
            SELECT k.snapshot_id, r.kind, r.repo_id, r.downloads_30d, r.downloads_all_time, r.likes,
                   r.trending_score, r.snapshot_id AS changed_at
            FROM snapshot_kinds k
            JOIN repo_stats_ranges r
              ON r.kind = k.kind AND k.snapshot_id >= r.snapshot_id
             AND (r.valid_until IS NULL OR k.snapshot_id < r.valid_until)
            WHERE NOT r.deleted;
        """,
    ),
    Migration(
        2,
        "live crawl checkpoints: crawl_runs, crawl_cursors, crawl_items",
        """
        -- The live crawl's state, kept in the store so that the rows a page brought and the cursor
        -- that points past it are committed together (see sources/hub_api.py). No wall-clock
        -- columns: an interrupted-then-resumed crawl leaves exactly the rows an uninterrupted one does.
        CREATE TABLE crawl_runs (
            run_id        INTEGER PRIMARY KEY,
            snapshot_date DATE NOT NULL,       -- the crawl's start date (UTC): the snapshot it makes
            endpoint      VARCHAR NOT NULL,    -- HF_ENDPOINT it crawled
            kinds         VARCHAR[] NOT NULL,  -- model | dataset | space | paper, in crawl order
            item_limit    BIGINT,              -- --limit per listing; NULL: complete listings
            page_size     INTEGER NOT NULL,
            status        VARCHAR NOT NULL,    -- running | done | discarded | held
            snapshot_id   INTEGER              -- set when the crawl's snapshot is ingested
        );
        CREATE TABLE crawl_cursors (
            run_id      INTEGER NOT NULL,
            kind        VARCHAR NOT NULL,
            next_url    VARCHAR,               -- the page to fetch next; NULL once finished
            pages_done  INTEGER NOT NULL,
            items_done  BIGINT NOT NULL,
            finished    BOOLEAN NOT NULL,
            stop_reason VARCHAR,               -- end | limit | repeat | bound
            PRIMARY KEY (run_id, kind)
        );
        CREATE TABLE crawl_items (
            run_id   INTEGER NOT NULL,
            kind     VARCHAR NOT NULL,
            page     INTEGER NOT NULL,         -- 1-based page of the listing it came on
            item_no  INTEGER NOT NULL,         -- position on that page
            item_id  VARCHAR NOT NULL,         -- repo id or arXiv id
            item     VARCHAR NOT NULL          -- the API item, as JSON text (camelCase, unchanged)
        );
        """,
    ),
]

MIGRATIONS.append(
    Migration(
        3,
        "paper_repos: arXiv ids without version, case-insensitive tag",
        """
        CREATE OR REPLACE VIEW paper_repos AS
            SELECT DISTINCT regexp_replace(substr(tag, 7), 'v[0-9]+$', '') AS paper_id, kind, repo_id
            FROM tags WHERE lower(tag) LIKE 'arxiv:%';
        """,
    )
)

MIGRATIONS.append(
    Migration(
        4,
        "snapshot_sources: the fingerprint of each ingest folded into a snapshot",
        """
        -- "Already held" means the same files, not the same date: one row per ingest that went into a
        -- snapshot, with the sha256 of its files, so a different file for a held date is told apart.
        -- Snapshots ingested before this table existed have no row (their source_ref stands in).
        CREATE TABLE snapshot_sources (
            snapshot_id  INTEGER NOT NULL,
            fingerprint  VARCHAR NOT NULL,     -- sha256 over (kind, sha256 of each file's bytes), sorted
            source_ref   VARCHAR,
            complete     BOOLEAN NOT NULL      -- false: taken as a partial listing (or merged into a held date)
        );
        """,
    )
)

MIGRATIONS.append(
    Migration(
        5,
        "snapshot_stages: where each snapshot stands (ingested, enriched, precomputed)",
        """
        -- One row per snapshot (see store/stages.py). A store from before this table: its snapshots count as
        -- enriched when it has been enriched (the lineage table exists), else as ingested; the migration's own
        -- transaction drops the precomputed intermediates, so none is past enriched.
        CREATE TABLE snapshot_stages (
            snapshot_id  INTEGER PRIMARY KEY,
            stage        VARCHAR NOT NULL      -- ingested | enriched | precomputed
        );
        INSERT INTO snapshot_stages
            SELECT snapshot_id,
                   CASE WHEN (SELECT count(*) FROM duckdb_tables()
                              WHERE database_name = current_database() AND schema_name = 'main'
                                AND table_name = 'lineage') > 0
                        THEN 'enriched' ELSE 'ingested' END
            FROM snapshots;
        """,
    )
)

SCHEMA_VERSION = MIGRATIONS[-1].version

REPO_KINDS = ("model", "dataset", "space")


def snapshot_id_for(day: dt.date) -> int:
    """A snapshot's id: its date as the integer `YYYYMMDD` (the design notes above say why)."""
    return day.year * 10000 + day.month * 100 + day.day


def snapshot_day(snapshot_id: int) -> dt.date:
    """The date a snapshot id stands for: `snapshot_id_for` read back."""
    return dt.date(snapshot_id // 10000, snapshot_id // 100 % 100, snapshot_id % 100)
