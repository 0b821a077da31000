"""`hubcensus registry --check` and `--coverage`: is the registry well formed, and how much of a store does it cover.

Loading a registry stops at its first bad row (`registry.parse_registry`), which is right for enrichment and
useless for someone editing 2,000 rows: `lint` reads a registry file leniently and reports *every* problem,
one line each, naming the file and line. Beyond what loading rejects (field counts, unknown countries,
sectors, kinds, bad ranks, repeated authors) it checks the rules of docs/registry.md that a loader cannot:

- two namespaces that differ only in case (the Hub forbids them, so one of the rows is wrong or dead);
- a kind that contradicts its sector (an individual is `independent` with no country; a company of any kind
  is `industry`; a university is `academia`);
- aliases pointing nowhere: a `fortune500_rank` whose company is neither the row's organisation nor its parent
  company (by the name normaliser), and a Fortune 500 `hub_namespace` with no registry row carrying its rank.

`coverage` measures a store against the merged registry: the share of the newest snapshot's model downloads
whose namespace has a registry row (a curated country, or a deliberately blank one, and a sector), and the
largest namespaces without one: the list a user works through next.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hubcensus.enrich.names import CompanyIndex
from hubcensus.enrich.registry import COLUMNS, ISO_COUNTRIES, KINDS, SECTORS, RegistryRow

SHIPPED = "registry.csv (shipped)"
# kind -> the sectors it allows (docs/registry.md, "Sector and kind")
KIND_SECTORS: dict[str, tuple[str, ...]] = {
    "individual": ("independent",),
    "big_tech": ("industry",),
    "startup": ("industry",),
    "company": ("industry",),
    "university": ("academia",),
}


def lint(text: str, origin: str, companies: list[Any] | None = None) -> list[str]:
    """Every problem of a registry CSV's text, one line each (`origin: line N: what`); [] when it is clean.

    `companies` (the Fortune 500 list, `fortune500.load_companies()`) enables the alias checks.
    """
    problems: list[str] = []
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    if tuple(header) != COLUMNS:
        return [f"{origin}: line 1: header must be exactly {','.join(COLUMNS)} (got {','.join(header)})"]
    by_rank = {c.rank: c.company for c in companies or []}
    index = CompanyIndex(by_rank.values()) if companies else None
    seen: dict[str, int] = {}
    seen_lower: dict[str, tuple[str, int]] = {}
    for line_no, rec in enumerate(reader, start=2):
        if not rec or all(not c.strip() for c in rec):
            continue
        where = f"{origin}: line {line_no}"
        if len(rec) != len(COLUMNS):
            problems.append(f"{where}: {len(rec)} fields, expected {len(COLUMNS)} (quote fields that hold commas)")
            continue
        f = dict(zip(COLUMNS, (c.strip() for c in rec)))
        author = f["author"]
        if not author:
            problems.append(f"{where}: field 'author' is empty")
        elif author in seen:
            problems.append(f"{where}: author {author!r} repeats line {seen[author]}")
        elif author.lower() in seen_lower:
            other, other_line = seen_lower[author.lower()]
            problems.append(
                f"{where}: author {author!r} differs only in case from {other!r} (line {other_line}); "
                "the Hub allows one of them"
            )
        if author:
            seen.setdefault(author, line_no)
            seen_lower.setdefault(author.lower(), (author, line_no))
        if not f["organisation"]:
            problems.append(f"{where}: field 'organisation' is empty")
        if f["country"] and f["country"] not in ISO_COUNTRIES:
            problems.append(f"{where}: country {f['country']!r} is not an ISO 3166-1 alpha-2 code")
        if f["sector"] not in SECTORS:
            problems.append(f"{where}: sector {f['sector']!r} is not one of {', '.join(SECTORS)}")
        if f["kind"] not in KINDS:
            problems.append(f"{where}: kind {f['kind']!r} is not one of {', '.join(KINDS)}")
        elif f["sector"] in SECTORS and f["sector"] not in KIND_SECTORS.get(f["kind"], SECTORS):
            problems.append(
                f"{where}: kind {f['kind']!r} with sector {f['sector']!r} (a {f['kind']} is "
                f"{' or '.join(KIND_SECTORS[f['kind']])})"
            )
        if f["kind"] == "individual" and f["country"]:
            problems.append(f"{where}: an individual has no country (got {f['country']!r})")
        if f["fortune500_rank"]:
            try:
                rank = int(f["fortune500_rank"])
            except ValueError:
                rank = 0
            if not 1 <= rank <= 500:
                problems.append(f"{where}: fortune500_rank {f['fortune500_rank']!r} is not a rank from 1 to 500")
            elif index is not None:
                company = by_rank.get(rank)
                names = [f["organisation"], f["parent_company"]]
                if company is None:
                    problems.append(f"{where}: fortune500_rank {rank} is not on the Fortune 500 list")
                elif not any((hit := index.lookup(n)) and hit[0] == company for n in names if n):
                    problems.append(
                        f"{where}: fortune500_rank {rank} is {company}, but neither organisation "
                        f"{f['organisation']!r} nor parent {f['parent_company']!r} names it"
                    )
    return problems


def lint_fortune500(
    companies: list[Any], registry: list[RegistryRow], origin: str = "fortune500.csv (shipped)"
) -> list[str]:
    """A company's main Hub namespace must be a registry row giving the company's rank (else it points nowhere)."""
    by_author = {r.author: r for r in registry}
    problems = []
    for c in companies:
        if not c.hub_namespace:
            continue
        row = by_author.get(c.hub_namespace)
        where = f"{origin}: rank {c.rank} ({c.company})"
        if row is None:
            problems.append(f"{where}: hub_namespace {c.hub_namespace!r} has no registry row")
        elif row.fortune500_rank != c.rank:
            problems.append(
                f"{where}: hub_namespace {c.hub_namespace!r} has fortune500_rank {row.fortune500_rank} "
                f"in the registry (line {row.line}), not {c.rank}"
            )
    return problems


def check(user: list[tuple[str, str]] | None = None) -> list[str]:
    """Lint the shipped registry, the user's registry files ((text, origin) each) and the Fortune 500 aliases."""
    from hubcensus.enrich.fortune500 import load_companies
    from hubcensus.enrich.registry import merge_registry, shipped_text

    companies = load_companies()
    problems = lint(shipped_text("registry.csv"), SHIPPED, companies)
    for text, origin in user or []:
        problems += lint(text, origin, companies)
    if not problems:  # the merged registry only loads when every file is clean
        merged = merge_registry([(text, origin, f"user:{origin}") for text, origin in user or []])
        problems += lint_fortune500(companies, merged)
    return problems


# -- coverage ------------------------------------------------------------------------------------------------------
@dataclass
class Coverage:
    snapshot_id: int | None
    downloads: int = 0
    curated: int = 0  # namespaces with a registry row: a sector, and a country or a deliberate blank
    with_country: int = 0  # ... whose row names a country
    individuals: int = 0  # not in the registry, user accounts: the default (independent, no base)
    inferred: int = 0  # not in the registry, organisations named like a university or lab
    unattributed: int = 0  # none of the above
    namespaces: int = 0
    namespaces_curated: int = 0
    largest: list[dict[str, Any]] = field(default_factory=list)

    def share(self, part: int) -> float | None:
        return part / self.downloads if self.downloads else None


def coverage(con: Any, registry: list[RegistryRow], top: int = 20) -> Coverage:
    """How much of the newest model snapshot's 30-day downloads the registry attributes, and what it misses.

    A namespace takes its registry row by exact spelling, else case-insensitively (as enrichment does). Without a
    row, a user account gets the individual default; an organisation named like a university or lab is
    `inferred`; anything else is unattributed. `largest` lists the `top` namespaces without a row that are not
    known user accounts, by downloads: the rows to write next.
    """
    import pyarrow as pa

    from hubcensus.enrich.registry import _ACADEMIC_NAME

    snap = con.execute("SELECT max(snapshot_id) FROM snapshot_kinds WHERE kind = 'model'").fetchall()[0][0]
    out = Coverage(snap)
    if snap is None:
        return out
    reg = pa.Table.from_pylist(
        [{"author": r.author, "country": r.country or None, "sector": r.sector} for r in registry],
        schema=pa.schema([("author", pa.string()), ("country", pa.string()), ("sector", pa.string())]),
    )
    con.register("_coverage_registry", reg)
    try:
        rows = con.execute(
            f"""
            WITH dl AS (
                SELECT coalesce(r.author, split_part(d.repo_id, '/', 1)) AS author,
                       sum(coalesce(d.downloads_30d, 0))::BIGINT AS downloads
                FROM repo_stats_dense d JOIN repos r ON r.kind = d.kind AND r.repo_id = d.repo_id
                WHERE d.snapshot_id = {int(snap)} AND d.kind = 'model' GROUP BY 1
            ),
            ci AS (SELECT lower(author) AS la, any_value(author) AS author FROM _coverage_registry GROUP BY 1 HAVING count(*) = 1),
            kinds AS (SELECT author, bool_or(is_org) AS is_org FROM authors GROUP BY author)
            SELECT dl.author, dl.downloads, coalesce(ex.author, ci.author) IS NOT NULL AS curated,
                   coalesce(ex.country, reg2.country) IS NOT NULL AS with_country, k.is_org,
                   regexp_matches(dl.author, '{_ACADEMIC_NAME}') AS academic_name
            FROM dl
            LEFT JOIN _coverage_registry ex ON ex.author = dl.author
            LEFT JOIN ci ON ci.la = lower(dl.author) AND ex.author IS NULL
            LEFT JOIN _coverage_registry reg2 ON reg2.author = ci.author
            LEFT JOIN kinds k ON k.author = dl.author
            ORDER BY dl.downloads DESC, dl.author
            """
        ).fetchall()
    finally:
        con.unregister("_coverage_registry")
    for author, downloads, curated, with_country, is_org, academic_name in rows:
        out.downloads += downloads
        out.namespaces += 1
        if curated:
            out.curated += downloads
            out.namespaces_curated += 1
            out.with_country += downloads if with_country else 0
        elif is_org is False:
            out.individuals += downloads
        else:
            if academic_name:
                out.inferred += downloads
            else:
                out.unattributed += downloads
            if len(out.largest) < top:
                out.largest.append(
                    {
                        "author": author,
                        "downloads_30d": downloads,
                        "account": {True: "organisation", None: "unknown"}[is_org],
                        "default": "inferred:name" if academic_name else "unattributed",
                    }
                )
    for row in out.largest:
        row["share"] = out.share(row["downloads_30d"])
    return out


# -- the command line ------------------------------------------------------------------------------------------------
def run_cli(
    check_files: bool, show_coverage: bool, db: Path, files: list[Path] | None, fmt: str, db_given: bool
) -> int:
    """`hubcensus registry --check` / `--coverage`: print, and return the exit code (1: problems found)."""
    from hubcensus.errors import UserError
    from hubcensus.output import console, dumps, emit

    code = 0
    if check_files:
        user = []
        for path in files or []:
            if not path.is_file():
                raise UserError(f"{path}: registry file not found")
            user.append((path.read_text(encoding="utf-8"), str(path)))
        problems = check(user)
        for line in problems:
            print(line)
        if problems:
            code = 1
        else:
            console.print(f"registry ok: {SHIPPED}" + "".join(f", {p}" for p in files or []), markup=False)
    if show_coverage:
        from hubcensus.enrich.run import registry_for
        from hubcensus.store import Store

        if not db.exists():
            raise UserError(f"{db}: no store here" + ("" if db_given else " (give one with --db)"))
        with Store.open(db, read_only=True) as store:
            rows, _ = registry_for(store, files)
            cov = coverage(store.con, rows)
        if cov.snapshot_id is None:
            raise UserError(f"{db}: the store holds no model snapshot to measure coverage on")
        if fmt == "json":
            print(
                dumps(
                    {
                        **cov.__dict__,
                        "curated_share": cov.share(cov.curated),
                        "country_share": cov.share(cov.with_country),
                    }
                )
            )
            return code
        pct = lambda part: "-" if cov.share(part) is None else f"{100 * cov.share(part):.1f}%"  # noqa: E731
        console.print(
            f"snapshot {cov.snapshot_id}, models' 30-day downloads: {cov.downloads:,} over {cov.namespaces:,} namespaces\n"
            f"  with a registry row (curated country and sector): {pct(cov.curated)} "
            f"({cov.namespaces_curated:,} namespaces); of which with a country: {pct(cov.with_country)}\n"
            f"  individuals by default: {pct(cov.individuals)}; inferred from the name: {pct(cov.inferred)}; "
            f"unattributed: {pct(cov.unattributed)}",
            markup=False,
        )
        emit(
            ["author", "downloads_30d", "share", "account", "default"],
            [
                [r["author"], r["downloads_30d"], pct(r["downloads_30d"]), r["account"], r["default"]]
                for r in cov.largest
            ],
            fmt=fmt,
            title=f"the {len(cov.largest)} largest namespaces without a registry row",
        )
    return code
