"""Who made what: the curated registry of Hub namespaces, and every author's attribution.

The geography and sector chapters stand on this file more than on any code: one wrong country for
a big organisation moves a headline by points. So the registry is a plain CSV, reviewed by hand,
shipped in the package (`enrich/data/registry.csv`), validated strictly (a bad row is an error
naming the file and line), and extendable: a user's file with the same header adds rows and
replaces shipped rows for the same author.

An author's attribution comes from exactly one of these, recorded in `source`:
- `curated`           — a row of the shipped registry (matched exactly, else case-insensitively:
                        the Hub does not allow two namespaces that differ only in case);
- `user:<file>`       — a row of a user's registry file;
- `default:user`      — not in the registry and a user account: an individual, sector `independent`,
                        no country (the "international / no clear base" bucket);
- `inferred:name`     — not in the registry, an organisation whose name says university or lab;
                        shown apart from curated rows;
- `unattributed`      — not in the registry and an organisation (or of unknown type): shown as such.

A blank country always means "international / no clear base" (individuals, online communities,
international bodies), never "unknown"; an unattributed author has no country *and* no sector.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from hubcensus.errors import UserError
from hubcensus.store.catalog import has_table

COLUMNS = ("author", "organisation", "country", "sector", "kind", "parent_company", "fortune500_rank", "note")
SECTORS = ("industry", "academia", "nonprofit", "government", "independent")
KINDS = ("big_tech", "startup", "company", "lab", "university", "community", "individual")
NO_BASE = "international / no clear base"

# ISO 3166-1 alpha-2 codes in use.
ISO_COUNTRIES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)

_ACADEMIC_NAME = (
    r"(?i)(universit|univ[-_]|[-_]univ\b|college|polytechnic|institute[-_]of[-_]technology|[-_]lab$|^lab[-_])"
)


@dataclass(frozen=True)
class RegistryRow:
    author: str
    organisation: str
    country: str
    sector: str
    kind: str
    parent_company: str
    fortune500_rank: int | None
    note: str
    source: str
    line: int


def shipped_text(name: str) -> str:
    return resources.files("hubcensus.enrich").joinpath("data", name).read_text(encoding="utf-8")


def parse_registry(text: str, origin: str, source: str) -> list[RegistryRow]:
    """Parse and validate registry CSV text; `origin` names the file in errors."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise UserError(f"{origin}: empty file (expected the header {','.join(COLUMNS)})")
    header = [h.strip().lstrip("\ufeff") for h in header]
    if tuple(header) != COLUMNS:
        raise UserError(f"{origin}: line 1: header must be exactly {','.join(COLUMNS)} (got {','.join(header)})")
    rows: list[RegistryRow] = []
    seen: dict[str, int] = {}
    for line_no, rec in enumerate(reader, start=2):
        if not rec or all(not c.strip() for c in rec):
            continue
        if len(rec) != len(COLUMNS):
            raise UserError(
                f"{origin}: line {line_no}: {len(rec)} fields, expected {len(COLUMNS)} (quote fields that hold commas)"
            )
        f = dict(zip(COLUMNS, (c.strip() for c in rec)))
        where = f"{origin}: line {line_no}"
        if not f["author"]:
            raise UserError(f"{where}: field 'author' is empty")
        if f["author"] in seen:
            raise UserError(f"{where}: author {f['author']!r} repeats line {seen[f['author']]}")
        seen[f["author"]] = line_no
        if f["country"] and f["country"] not in ISO_COUNTRIES:
            raise UserError(
                f"{where}: field 'country' = {f['country']!r} is not an ISO 3166 alpha-2 code (blank means {NO_BASE})"
            )
        if f["sector"] not in SECTORS:
            raise UserError(f"{where}: field 'sector' = {f['sector']!r} is not one of {', '.join(SECTORS)}")
        if f["kind"] not in KINDS:
            raise UserError(f"{where}: field 'kind' = {f['kind']!r} is not one of {', '.join(KINDS)}")
        rank = None
        if f["fortune500_rank"]:
            try:
                rank = int(f["fortune500_rank"])
            except ValueError:
                rank = -1
            if not 1 <= rank <= 500:
                raise UserError(
                    f"{where}: field 'fortune500_rank' = {f['fortune500_rank']!r} is not a rank from 1 to 500"
                )
        if not f["organisation"]:
            raise UserError(f"{where}: field 'organisation' is empty")
        rows.append(
            RegistryRow(
                f["author"],
                f["organisation"],
                f["country"],
                f["sector"],
                f["kind"],
                f["parent_company"],
                rank,
                f["note"],
                source,
                line_no,
            )
        )
    return rows


def merge_registry(user: list[tuple[str, str, str]]) -> list[RegistryRow]:
    """The shipped registry with user registries laid over it, in order (later ones win).

    `user` holds (text, origin named in errors, source recorded per row) for each user registry.
    """
    merged = {r.author: r for r in parse_registry(shipped_text("registry.csv"), "registry.csv (shipped)", "curated")}
    for text, origin, source in user:
        for row in parse_registry(text, origin, source):
            merged[row.author] = row
    return sorted(merged.values(), key=lambda r: r.author.lower())


def load_registry(extra: list[Path] | None = None) -> list[RegistryRow]:
    """The shipped registry with the user's files laid over it, in order (later files win)."""
    user = []
    for path in extra or []:
        if not path.is_file():
            raise UserError(f"{path}: registry file not found")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(f"{path}: not UTF-8 text ({exc.reason})") from None
        user.append((text, str(path), f"user:{path.name}"))
    return merge_registry(user)


ORGANISATIONS_DDL = """
CREATE OR REPLACE TABLE organisations (
    author VARCHAR NOT NULL, organisation VARCHAR NOT NULL, country VARCHAR, sector VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, parent_company VARCHAR, big_tech BOOLEAN NOT NULL, fortune500_rank INTEGER,
    note VARCHAR, source VARCHAR NOT NULL, line INTEGER NOT NULL
);
"""
ATTRIBUTION_COLUMNS = """(
    author VARCHAR NOT NULL,
    organisation VARCHAR,
    country VARCHAR,            -- ISO alpha-2; NULL with a sector = international / no clear base
    sector VARCHAR,             -- NULL only when unattributed
    kind VARCHAR,
    parent_company VARCHAR,
    big_tech BOOLEAN NOT NULL,
    fortune500_rank INTEGER,
    is_org BOOLEAN,
    verified BOOLEAN,
    source VARCHAR NOT NULL     -- curated | user:<file> | default:user | inferred:name | unattributed
)"""


def build_attribution(con: duckdb.DuckDBPyConnection, registry: list[RegistryRow]) -> dict[str, int]:
    """(Re)build `organisations`, `author_attribution`, `fortune500` and `fortune500_matches` for the store."""
    # pyarrow is imported here, not with the module: every metric run imports this module (through
    # the size buckets) and would otherwise pay for loading pyarrow and numpy, in time and memory.
    import pyarrow as pa

    con.execute(ORGANISATIONS_DDL)
    # One INSERT from an Arrow table: row-by-row inserts cost seconds per enrichment.
    org_schema = pa.schema(
        [
            ("author", pa.string()),
            ("organisation", pa.string()),
            ("country", pa.string()),
            ("sector", pa.string()),
            ("kind", pa.string()),
            ("parent_company", pa.string()),
            ("big_tech", pa.bool_()),
            ("fortune500_rank", pa.int32()),
            ("note", pa.string()),
            ("source", pa.string()),
            ("line", pa.int32()),
        ]
    )
    rows = pa.Table.from_pylist(
        [
            {
                "author": r.author,
                "organisation": r.organisation,
                "country": r.country or None,
                "sector": r.sector,
                "kind": r.kind,
                "parent_company": r.parent_company or None,
                "big_tech": r.kind == "big_tech",
                "fortune500_rank": r.fortune500_rank,
                "note": r.note or None,
                "source": r.source,
                "line": r.line,
            }
            for r in registry
        ],
        schema=org_schema,
    )
    con.register("_registry_rows", rows)
    con.execute("INSERT INTO organisations SELECT * FROM _registry_rows")
    con.unregister("_registry_rows")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _attribution {ATTRIBUTION_COLUMNS}")
    con.execute(f"""
        INSERT INTO _attribution
        WITH everyone AS (
            SELECT author, bool_or(is_org) AS is_org, bool_or(verified) AS verified FROM (
                SELECT author, is_org, verified FROM authors
                UNION ALL SELECT DISTINCT author, NULL, NULL FROM repos WHERE author IS NOT NULL
                UNION ALL SELECT DISTINCT organisation, true, NULL FROM papers WHERE organisation IS NOT NULL
            ) GROUP BY author
        ),
        matched AS (
            SELECT e.*, coalesce(exact.author, ci.author) AS reg_author
            FROM everyone e
            LEFT JOIN organisations exact ON exact.author = e.author
            LEFT JOIN (SELECT lower(author) AS la, any_value(author) AS author FROM organisations GROUP BY 1 HAVING count(*) = 1) ci
                   ON ci.la = lower(e.author) AND exact.author IS NULL
        )
        SELECT m.author,
               o.organisation,
               o.country,
               CASE WHEN o.author IS NOT NULL THEN o.sector
                    WHEN m.is_org = false THEN 'independent'
                    WHEN regexp_matches(m.author, '{_ACADEMIC_NAME}') THEN 'academia' END,
               CASE WHEN o.author IS NOT NULL THEN o.kind
                    WHEN m.is_org = false THEN 'individual'
                    WHEN regexp_matches(m.author, '{_ACADEMIC_NAME}') THEN 'university' END,
               o.parent_company,
               coalesce(o.big_tech, false),
               o.fortune500_rank,
               m.is_org, m.verified,
               CASE WHEN o.author IS NOT NULL THEN o.source
                    WHEN m.is_org = false THEN 'default:user'
                    WHEN regexp_matches(m.author, '{_ACADEMIC_NAME}') THEN 'inferred:name'
                    ELSE 'unattributed' END
        FROM matched m LEFT JOIN organisations o ON o.author = m.reg_author
    """)
    _write_changed(con)
    return dict(
        con.execute("SELECT split_part(source, ':', 1), count(*) FROM author_attribution GROUP BY 1").fetchall()
    )


def _write_changed(con: duckdb.DuckDBPyConnection) -> None:
    """Make `author_attribution` the rows of `_attribution` by writing only the rows that differ: a day of the Hub
    changes a few hundred of its 780k authors, and writing the whole table again was most of the step's
    second at Hub scale. A table of other columns (an older hubcensus) is written anew."""
    columns = 'SELECT column_name, column_type, "null" FROM (DESCRIBE {})'
    held = (
        con.execute(columns.format("author_attribution")).fetchall()
        if has_table(con, "main", "author_attribution")
        else []
    )
    if held != con.execute(columns.format("_attribution")).fetchall():
        con.execute(f"CREATE OR REPLACE TABLE author_attribution {ATTRIBUTION_COLUMNS}")
        con.execute("INSERT INTO author_attribution FROM _attribution")
    else:
        # rows compared whole, NULLs equal: EXCEPT is a set difference (the table holds an author once)
        con.execute("CREATE OR REPLACE TEMP TABLE _attribution_new AS FROM _attribution EXCEPT FROM author_attribution")
        con.execute(
            "DELETE FROM author_attribution WHERE author IN (SELECT author FROM _attribution_new) "
            "OR author NOT IN (SELECT author FROM _attribution)"
        )
        con.execute("INSERT INTO author_attribution FROM _attribution_new")
        con.execute("DROP TABLE _attribution_new")
    con.execute("DROP TABLE _attribution")


def explain(con: duckdb.DuckDBPyConnection | None, author: str, registry: list[RegistryRow]) -> dict[str, object]:
    """Why an author is attributed as it is: the registry row (file and line) or the rule applied."""
    by_name = {r.author: r for r in registry}
    row = by_name.get(author) or next((r for r in registry if r.author.lower() == author.lower()), None)
    stored = None
    if con is not None:
        found = con.execute("SELECT is_org, verified FROM authors WHERE author = ?", [author]).fetchall()
        stored = found[0] if found else None
    is_org = stored[0] if stored else None
    verified = stored[1] if stored else None
    out: dict[str, object] = {"author": author, "is_org": is_org, "verified": verified}
    if row is not None:
        origin = "registry.csv (shipped)" if row.source == "curated" else row.source.split(":", 1)[1]
        out.update(
            organisation=row.organisation,
            country=row.country or None,
            sector=row.sector,
            kind=row.kind,
            parent_company=row.parent_company or None,
            big_tech=row.kind == "big_tech",
            fortune500_rank=row.fortune500_rank,
            source=row.source,
            because=f"{origin} line {row.line}" + (f" (as {row.author!r})" if row.author != author else ""),
            note=row.note or None,
        )
    elif is_org is False:
        out.update(
            country=None,
            sector="independent",
            kind="individual",
            source="default:user",
            because="not in the registry and a user account: an individual with no clear geographic base",
        )
    else:
        import re

        if re.search(_ACADEMIC_NAME.replace("(?i)", ""), author, re.IGNORECASE) and is_org is not False:
            out.update(
                country=None,
                sector="academia",
                kind="university",
                source="inferred:name",
                because="not in the registry; the name looks like a university or lab (inferred, not curated)",
            )
        else:
            out.update(
                country=None,
                sector=None,
                kind=None,
                source="unattributed",
                because="not in the registry"
                + (" and an organisation" if is_org else " and of unknown type")
                + ": shown as unattributed; add a row with --registry FILE",
            )
    inferred = str(out.get("source", "")).startswith("inferred")
    out["country_label"] = out.get("country") or (NO_BASE if out.get("sector") and not inferred else "unattributed")
    return out
