"""The Fortune 500 (2025) and which Hub organisations belong to its companies, matched from data.

P1 ("more than 30% of the Fortune 500 have a verified Hub organisation") needs, for each of the 500
companies, the organisations on the Hub that are the company's. Nobody publishes that mapping, so it is
made here, in three ways, each recorded per match so a reader can check it (`fortune500_matches.how`):

- `alias`          — a curated registry row gives the namespace the company's rank (`fortune500_rank`):
                     namespaces whose name says nothing (`meta-llama`, `facebook`, `ibm-granite`, `Deci`,
                     `protectai`, ...). A user's registry file can add aliases the same way;
- `full name`      — the organisation's full name on the Hub (`authors.fullname`) reduces to a company's key
                     (`hubcensus.enrich.names`: "IBM Granite" -> IBM, "AI at Meta" -> Meta Platforms);
- `namespace name` — the namespace itself, read as words, does (`nvidia`, `AmazonScience`, `ServiceNow-AI`).

Name matches are made for organisations only (an account the store knows to be a user is never a company),
and never for ambiguous keys (`names.AMBIGUOUS`). When a namespace matches several ways, the strongest is
kept: alias, then full name, then namespace name.

The list itself (`data/fortune500.csv`) is the published 2025 list's facts: rank, company, industry,
headquarters and website, plus `hub_namespace`, the company's main Hub organisation where the curation
knows one (the old hand list's namespaces, kept).

P1 (`metrics/geography/presence.py`) computes its figures from the tables built here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import duckdb

from hubcensus.enrich.names import CompanyIndex, namespace_words
from hubcensus.enrich.registry import shipped_text
from hubcensus.errors import UserError

FORTUNE_FILE = "fortune500.csv"
FORTUNE_HEADER = ("rank", "company", "industry", "hq_city", "hq_state", "website", "hub_namespace")
LIST_SIZE = 500
HOW = ("alias", "full name", "namespace name")  # strongest first

DDL = """
CREATE OR REPLACE TABLE fortune500 (
    rank INTEGER NOT NULL, company VARCHAR NOT NULL, industry VARCHAR, hq_city VARCHAR, hq_state VARCHAR,
    website VARCHAR,
    hub_namespace VARCHAR       -- the company's main Hub organisation, curated (NULL: none known)
);
CREATE OR REPLACE TABLE fortune500_matches (
    rank INTEGER NOT NULL,
    company VARCHAR NOT NULL,
    author VARCHAR NOT NULL,    -- the Hub namespace matched to the company
    fullname VARCHAR,           -- its full name on the Hub, when the store has it
    is_org BOOLEAN,             -- NULL: the store does not say
    verified BOOLEAN,           -- NULL: the store has no verified flag for it
    how VARCHAR NOT NULL,       -- alias | full name | namespace name
    evidence VARCHAR NOT NULL   -- the registry line, or the name and the key it reduced to
);
"""


@dataclass(frozen=True)
class Company:
    rank: int
    company: str
    industry: str
    hq_city: str
    hq_state: str
    website: str
    hub_namespace: str | None


def parse_companies(text: str, origin: str) -> list[Company]:
    """The list's rows, validated: the exact header, ranks 1..500 each once, a company name on each row."""
    reader = csv.reader(io.StringIO(text))
    header = tuple(h.strip().lstrip("\ufeff") for h in next(reader, []))
    if header != FORTUNE_HEADER:
        raise UserError(f"{origin}: line 1: header must be exactly {','.join(FORTUNE_HEADER)}")
    out: list[Company] = []
    seen: dict[int, int] = {}
    for line_no, rec in enumerate(reader, start=2):
        if not rec:
            continue
        if len(rec) != len(FORTUNE_HEADER):
            raise UserError(f"{origin}: line {line_no}: {len(rec)} fields, expected {len(FORTUNE_HEADER)}")
        f = [c.strip() for c in rec]
        try:
            rank = int(f[0])
        except ValueError:
            rank = 0
        if not 1 <= rank <= LIST_SIZE:
            raise UserError(f"{origin}: line {line_no}: rank {f[0]!r} is not a rank from 1 to {LIST_SIZE}")
        if rank in seen:
            raise UserError(f"{origin}: line {line_no}: rank {rank} repeats line {seen[rank]}")
        if not f[1]:
            raise UserError(f"{origin}: line {line_no}: field 'company' is empty")
        seen[rank] = line_no
        out.append(Company(rank, f[1], f[2], f[3], f[4], f[5], f[6] or None))
    return sorted(out, key=lambda c: c.rank)


def load_companies() -> list[Company]:
    """The shipped Fortune 500 (2025): all 500 companies."""
    return parse_companies(shipped_text(FORTUNE_FILE), f"{FORTUNE_FILE} (shipped)")


@dataclass(frozen=True)
class Candidate:
    """A namespace as the store knows it, with its registry rank (an alias) if any."""

    author: str
    fullname: str | None
    is_org: bool | None
    verified: bool | None
    alias_rank: int | None
    alias_source: str | None  # e.g. "registry.csv (shipped) line 412"


@dataclass(frozen=True)
class Match:
    rank: int
    company: str
    author: str
    fullname: str | None
    is_org: bool | None
    verified: bool | None
    how: str
    evidence: str


def match(candidates: list[Candidate], companies: list[Company]) -> list[Match]:
    """Each namespace's company, by the strongest way it matches (see the module docstring); at most one per namespace."""
    by_rank = {c.rank: c for c in companies}
    index = CompanyIndex([c.company for c in companies])
    rank_of = {c.company: c.rank for c in companies}
    out: list[Match] = []
    for cand in candidates:
        found: tuple[int, str, str] | None = None
        if cand.alias_rank is not None and cand.alias_rank in by_rank:
            found = (cand.alias_rank, "alias", cand.alias_source or "registry")
        elif cand.is_org is not False:
            hit = index.lookup(cand.fullname) if cand.is_org else None
            if hit is not None:
                found = (rank_of[hit[0]], "full name", f"{cand.fullname!r} -> {hit[1]!r}")
            else:
                hit = index.lookup(namespace_words(cand.author))
                if hit is not None:
                    found = (rank_of[hit[0]], "namespace name", f"{cand.author!r} -> {hit[1]!r}")
        if found is not None:
            rank, how, evidence = found
            out.append(
                Match(
                    rank, by_rank[rank].company, cand.author, cand.fullname, cand.is_org, cand.verified, how, evidence
                )
            )
    return sorted(out, key=lambda m: (m.rank, HOW.index(m.how), m.author.lower()))


def candidates(con: duckdb.DuckDBPyConnection) -> list[Candidate]:
    """Every namespace the store knows that could be a company's: curated aliases, and organisations.

    Reads `author_attribution` (built just before by `registry.build_attribution`), `organisations` for the
    alias's file and line, and `authors` for full names. Accounts known to be users are left out unless a
    registry row gives them a rank (they are then kept, and P1 does not count them as organisations).
    """
    rows = con.execute("""
        WITH ci AS (  -- registry rows by lower-case author, where the spelling is unique (as attribution matches)
            SELECT lower(author) AS la, any_value(author) AS author, any_value(source) AS source, any_value(line) AS line
            FROM organisations GROUP BY 1 HAVING count(*) = 1
        )
        SELECT a.author, au.fullname, a.is_org, a.verified, a.fortune500_rank,
               CASE WHEN a.fortune500_rank IS NOT NULL THEN
                    CASE WHEN coalesce(ex.source, ci.source) = 'curated' THEN 'registry.csv (shipped)'
                         ELSE coalesce(ex.source, ci.source) END
                    || ' line ' || coalesce(ex.line, ci.line)
                    || CASE WHEN ex.author IS NULL THEN ' (as ' || ci.author || ')' ELSE '' END END
        FROM author_attribution a
        LEFT JOIN (SELECT author, max(fullname) AS fullname FROM authors GROUP BY author) au ON au.author = a.author
        LEFT JOIN organisations ex ON ex.author = a.author
        LEFT JOIN ci ON ci.la = lower(a.author) AND ex.author IS NULL
        WHERE a.fortune500_rank IS NOT NULL OR a.is_org IS NOT false
    """).fetchall()
    return [Candidate(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def build_fortune500(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build `fortune500` (the 500 companies) and `fortune500_matches` (who is whose); counts by `how`."""
    import pyarrow as pa

    companies = load_companies()
    con.execute(DDL)
    table = pa.Table.from_pylist(
        [c.__dict__ for c in companies],
        schema=pa.schema(
            [("rank", pa.int32())] + [(name, pa.string()) for name in FORTUNE_HEADER[1:]],
        ),
    )
    con.register("_fortune_rows", table)
    con.execute("INSERT INTO fortune500 SELECT * FROM _fortune_rows")
    con.unregister("_fortune_rows")
    matches = match(candidates(con), companies)
    found = pa.Table.from_pylist(
        [m.__dict__ for m in matches],
        schema=pa.schema(
            [
                ("rank", pa.int32()),
                ("company", pa.string()),
                ("author", pa.string()),
                ("fullname", pa.string()),
                ("is_org", pa.bool_()),
                ("verified", pa.bool_()),
                ("how", pa.string()),
                ("evidence", pa.string()),
            ]
        ),
    )
    con.register("_fortune_matches", found)
    con.execute("INSERT INTO fortune500_matches SELECT * FROM _fortune_matches")
    con.unregister("_fortune_matches")
    counts = {how: 0 for how in HOW}
    for m in matches:
        counts[m.how] += 1
    return counts


# -- P1 -----------------------------------------------------------------------------------------------------------
# Plain SQL (joins and filters only), so that P1 runs unchanged on every engine; the grouping is done in Python.
