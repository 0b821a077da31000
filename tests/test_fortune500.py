"""The Fortune 500 from data: the name normaliser on the 500 real company names and real Hub organisation names,
the shipped list, and the matches enrichment records (with how each was made) and P1's figures built on them."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from hubcensus.enrich.fortune500 import LIST_SIZE, load_companies
from hubcensus.enrich.names import AMBIGUOUS, BRANDS, CompanyIndex, alternatives, compact, namespace_words, normalise
from hubcensus.enrich.registry import load_registry
from hubcensus.metrics.geography.presence import NO_FLAGS, presence
from tests.hubfiles import model
from tests.metricstore import build
from tests.worlds import REAL

REFERENCE = REAL.parent / "reference" / "fortune500-2025.csv"
COMPANIES = [c.company for c in load_companies()]
INDEX = CompanyIndex(COMPANIES)

# Pairs of listed companies whose keys are the same. None on the 2025 list; a new list that adds one must name
# it here (and the index then matches neither of the two from a name: an alias is needed).
KNOWN_COLLISIONS: dict[str, list[str]] = {}


def test_the_shipped_list_is_the_whole_2025_list() -> None:
    companies = load_companies()
    assert len(companies) == LIST_SIZE and [c.rank for c in companies] == list(range(1, LIST_SIZE + 1))
    by_rank = {c.rank: c for c in companies}
    assert (by_rank[7].company, by_rank[22].company, by_rank[68].company) == ("Alphabet", "Meta Platforms", "IBM")
    assert by_rank[31].hub_namespace == "nvidia" and by_rank[22].hub_namespace == "meta-llama"


def test_the_shipped_list_has_the_reference_files_facts() -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"reference list not found at {REFERENCE}")
    with REFERENCE.open(encoding="utf-8") as f:
        ref = [
            (int(r["rank"]), r["company"], r["industry"], r["hq_city"], r["hq_state"], r["website"])
            for r in csv.DictReader(f)
        ]
    ours = [(c.rank, c.company, c.industry, c.hq_city, c.hq_state, c.website) for c in load_companies()]
    assert ours == ref


def test_main_namespaces_are_registry_rows_with_the_companys_rank() -> None:
    registry = {r.author: r for r in load_registry()}
    for c in load_companies():
        if c.hub_namespace:
            assert registry[c.hub_namespace].fortune500_rank == c.rank, c


# -- the normaliser on the 500 real names ---------------------------------------------------------------------------
def test_every_company_has_a_key_and_no_two_collide() -> None:
    keys: dict[str, list[str]] = {}
    for company in COMPANIES:
        own = alternatives(company)
        assert own and all(k.strip() and k == k.lower() for k in own), company
        for key in own:
            keys.setdefault(compact(key), []).append(company)
    collisions = {k: v for k, v in keys.items() if len(v) > 1}
    assert collisions == KNOWN_COLLISIONS
    assert INDEX.collisions == KNOWN_COLLISIONS


def test_every_company_is_found_by_its_own_listed_name_unless_ambiguous() -> None:
    for company in COMPANIES:
        hit = INDEX.lookup(company)
        if any(compact(k) in AMBIGUOUS for k in alternatives(company)):
            assert hit is None, company
        else:
            assert hit is not None and hit[0] == company, company


def test_the_curated_word_lists_point_at_the_list() -> None:
    assert all(target in COMPANIES for target in BRANDS.values()), "a brand names a company not on the list"
    variants = {compact(k) for c in COMPANIES for k in alternatives(c)}
    variants |= {compact(" ".join(k.split()[:-1])) for c in COMPANIES for k in alternatives(c) if len(k.split()) > 1}
    assert variants >= AMBIGUOUS, "an ambiguous key that no company has"


@pytest.mark.parametrize(
    "name, key",
    [
        ("Goldman Sachs Group", "goldman sachs"),
        ("KKR & Co.", "kkr"),
        ("The Hershey Company", "hershey"),
        ("Eli Lilly and Company", "eli lilly"),
        ("Deere & Company (John Deere)", "deere"),
        ("AT&T", "at and t"),
        ("Lowe's", "lowes"),
        ("U.S. Bancorp", "us bancorp"),
        ("Estée Lauder Companies", "estee lauder"),
        ("Coca-Cola Company", "coca cola"),
        ("Yum! Brands", "yum brands"),
        ("Textron Inc.", "textron"),
        ("PVH Corp.", "pvh"),
        ("Hilton Worldwide Holdings", "hilton worldwide"),
        ("Mistral AI_", "mistral ai"),
        ("Z.ai", "zai"),
    ],
)
def test_normalise(name: str, key: str) -> None:
    assert normalise(name) == key


def test_a_parenthesised_part_is_an_alternative_name() -> None:
    assert alternatives("Deere & Company (John Deere)") == ["deere", "john deere"]


# Hub organisations' full names as the Hub shows them (authorData.fullname / the organisation overview).
@pytest.mark.parametrize(
    "fullname, company",
    [
        ("Meta Llama", "Meta Platforms"),
        ("AI at Meta", "Meta Platforms"),
        ("IBM Granite", "IBM"),
        ("IBM Research", "IBM"),
        ("Red Hat AI", "IBM"),
        ("NVIDIA", "Nvidia"),
        ("Microsoft", "Microsoft"),
        ("Google", "Alphabet"),
        ("Google DeepMind", "Alphabet"),
        ("Amazon Web Services", "Amazon"),
        ("AWS AI Labs", "Amazon"),
        ("Amazon", "Amazon"),
        ("Salesforce", "Salesforce"),
        ("Salesforce AI Research", "Salesforce"),
        ("Intel", "Intel"),
        ("Intel Labs", "Intel"),
        ("AMD", "Advanced Micro Devices"),
        ("Apple", "Apple"),
        ("Qualcomm", "Qualcomm"),
        ("Qualcomm AI Research", "Qualcomm"),
        ("Cisco", "Cisco Systems"),
        ("ServiceNow", "ServiceNow"),
        ("Adobe Research", "Adobe"),
        ("Oracle", "Oracle"),
        ("Dell Technologies", "Dell Technologies"),
        ("JPMorgan Chase", "JPMorgan Chase"),
        ("J.P. Morgan AI Research", "JPMorgan Chase"),
        ("Walmart Global Tech", "Walmart"),
        ("Capital One", "Capital One Financial"),
        ("Uber AI", "Uber Technologies"),
        ("ExxonMobil", "Exxon Mobil"),
        ("Protect AI", "Palo Alto Networks"),
    ],
)
def test_real_hub_full_names_find_their_company(fullname: str, company: str) -> None:
    hit = INDEX.lookup(fullname)
    assert hit is not None and hit[0] == company


# Hub namespaces read as words (`nvidia`, `meta-llama`, `AmazonScience`).
@pytest.mark.parametrize(
    "namespace, company",
    [
        ("meta-llama", "Meta Platforms"),
        ("facebook", "Meta Platforms"),
        ("ibm-granite", "IBM"),
        ("ibm-research", "IBM"),
        ("nvidia", "Nvidia"),
        ("amd", "Advanced Micro Devices"),
        ("Intel", "Intel"),
        ("Salesforce", "Salesforce"),
        ("google", "Alphabet"),
        ("microsoft", "Microsoft"),
        ("AmazonScience", "Amazon"),
        ("ServiceNow-AI", "ServiceNow"),
        ("qualcomm", "Qualcomm"),
        ("apple", "Apple"),
    ],
)
def test_real_hub_namespaces_find_their_company(namespace: str, company: str) -> None:
    hit = INDEX.lookup(namespace_words(namespace))
    assert hit is not None and hit[0] == company


# Real Hub organisations (and a few traps) that are no Fortune 500 company.
@pytest.mark.parametrize(
    "name",
    [
        "Snowflake",  # below the cut-off
        "Databricks",  # private
        "BASF",  # German
        "MongoDB",
        "Mistral AI_",
        "Hugging Face",
        "Facebook AI community",  # Hugging Face's org for the legacy checkpoints: only the alias may say
        "OpenVINO Toolkit",
        "Ford Foundation",  # not a division of Ford
        "Target Health",  # "target" is ambiguous
        "Reliance Jio",  # Reliance Inc. (US steel) is not Reliance Industries (India)
        "Merck KGaA",  # the German Merck is not Merck & Co.
        "Block",
        "Qwen",
        "Jina AI",
    ],
)
def test_names_that_are_no_listed_company(name: str) -> None:
    assert INDEX.lookup(name) is None


# -- enrichment and P1 on small stores --------------------------------------------------------------------------------
def org(name: str, fullname: str | None, verified: bool | None) -> dict:
    return {"name": name, "type": "org", "isVerified": verified, "fullname": fullname}


def test_matches_and_p1_on_a_store_with_verified_flags(tmp_path: Path) -> None:
    # meta-llama and ibm-granite: aliases (registry rows with ranks 22 and 68), verified
    # adobe-research ("Adobe Research"), verified: full name -> Adobe
    # walmart-labs ("Walmart Global Tech"), verified: full name -> Walmart
    # att-ai ("AT&T Labs"), not verified: full name -> AT&T (counts in the second figure only)
    # oracle (no full name), not verified: namespace name -> Oracle (second figure only)
    # target ("Target"), verified: ambiguous, no match; dell: a user account, no match; acme: no company
    # verified: Meta, IBM, Adobe, Walmart = 4 -> 4/500 = 0.008; any organisation: + AT&T, Oracle = 6 -> 0.012
    authors = [
        org("meta-llama", "Meta Llama", True),
        org("ibm-granite", "IBM Granite", True),
        org("adobe-research", "Adobe Research", True),
        org("walmart-labs", "Walmart Global Tech", True),
        org("att-ai", "AT&T Labs", False),
        org("oracle", None, False),
        org("target", "Target", True),
        org("acme", "Acme Robotics", True),
        {"name": "dell", "type": "user", "isVerified": False, "fullname": "Dell"},
    ]
    models = [model(f"{a['name']}/m", 1) for a in authors]
    db = build(tmp_path, {"2026-03-01": {"models": models}}, authors=authors)
    con = duckdb.connect(str(db), read_only=True)
    got = {
        r[0]: r[1:]
        for r in con.execute("SELECT author, company, how, verified, evidence FROM fortune500_matches").fetchall()
    }
    assert con.execute("SELECT count(*) FROM fortune500").fetchone()[0] == 500
    assert {a: (c, how) for a, (c, how, _, _) in got.items()} == {
        "meta-llama": ("Meta Platforms", "alias"),
        "ibm-granite": ("IBM", "alias"),
        "adobe-research": ("Adobe", "full name"),
        "walmart-labs": ("Walmart", "full name"),
        "att-ai": ("AT&T", "full name"),
        "oracle": ("Oracle", "namespace name"),
    }
    assert got["meta-llama"][3].startswith("registry.csv (shipped) line ")
    assert got["adobe-research"][3] == "'Adobe Research' -> 'adobe research'"
    headline, rows, notes = presence(duckdb_rows(con))
    assert (headline["companies_verified"], headline["share_of_500"]) == (4, 0.008)
    assert (headline["companies_with_organisation"], headline["share_of_500_any_organisation"]) == (6, 0.012)
    assert (
        headline["companies_matched_by_alias"],
        headline["companies_matched_by_full_name"],
        headline["companies_matched_by_namespace_name"],
    ) == (2, 3, 1)
    assert notes == []
    by = {r["company"]: r for r in rows}
    assert by["AT&T"]["has_organisation"] and by["AT&T"]["has_verified_organisation"] is False
    assert by["Meta Platforms"]["verified_authors"] == ["meta-llama"] and by["Meta Platforms"]["how"] == ["alias"]
    assert by["Target"]["has_organisation"] is False
    # what the report's chart and caption read
    assert (by["AT&T"]["found"], by["AT&T"]["verified"], by["AT&T"]["matched_as"]) == (True, False, "att-ai")
    assert headline["companies_found"] == 6
    con.close()


def test_p1_says_why_not_without_verified_flags(tmp_path: Path) -> None:
    # No authors file: the aliases still match (meta-llama, nvidia) but nobody is known to be verified.
    db = build(tmp_path, {"2026-03-01": {"models": [model("meta-llama/a", 1), model("nvidia/b", 1)]}})
    con = duckdb.connect(str(db), read_only=True)
    headline, rows, notes = presence(duckdb_rows(con))
    assert (headline["companies_verified"], headline["share_of_500"]) == (None, None)
    assert headline["companies_with_organisation"] == 2 and headline["authors_with_verified_flag"] == 0
    assert notes == [NO_FLAGS]
    assert all(r["has_verified_organisation"] is None for r in rows)
    con.close()


def duckdb_rows(con: duckdb.DuckDBPyConnection) -> Callable[[str], list[dict[str, Any]]]:
    """`rows(sql)` over a DuckDB connection, for callers without a metrics context (tests, scripts)."""

    def rows(sql: str) -> list[dict[str, Any]]:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    return rows
