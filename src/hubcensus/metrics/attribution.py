"""Who a namespace is: the attribution rules every chapter reads (and the explorer's filters).

A repo belongs to its namespace: the `author` column, else the part of its id before `/` when the
source gave none (`namespace_of`). A namespace's country, sector and organisation are those of the
organisation behind it, from the registry as `enrich` attributed it (`author_attribution`); a
namespace `author_attribution` does not know (a lineage root outside the store) falls back on a
registry row matched case-insensitively, when exactly one matches. Three labels are kept apart,
because they mean different things:

- an ISO country code — the organisation's headquarters;
- `NO_BASE`, "international / no clear base" — a namespace the registry or its defaults give a
  sector but deliberately no country: individuals, distributed online communities, international
  bodies; a sector inferred from a name (`inferred:name`) says nothing of a base and does not count;
- `UNATTRIBUTED` — a namespace with neither (an organisation not in the registry, an account of
  unknown type, a repo with no namespace at all). Shown as such, never folded into a country.

An organisation *group* (a "developer") is the registry's parent company when it names one, else its
organisation, else the namespace itself (`group_of`): Qwen + Alibaba-NLP + DAMO-NLP-SG are one group
(Alibaba Group), google + deepmind another (Alphabet), facebook + meta-llama a third (Meta Platforms).

Two readings of the registry exist, and are kept as written because each metric document carries
the SQL it ran:
- `attribution_sql` (geography, popularity, papers) takes each namespace's values from ONE source:
  its `author_attribution` row when it has one, else the case-insensitive registry row; it drops a
  NULL namespace and labels every other (country label, sector label, maker, account).
- `developer_sql` (derivatives) coalesces column by column across both sources (an
  `author_attribution` row without an organisation still takes the registry row's), keeps a NULL
  namespace, and gives only the developer, the organisation and whether either source knew it.
In a store `enrich` built the two agree: `author_attribution` matched the very same registry row.
"""

from __future__ import annotations

from hubcensus.enrich.registry import NO_BASE, SECTORS
from hubcensus.metrics.sql import quote

UNATTRIBUTED = "unattributed"
NO_NAMESPACE = "(no namespace)"  # legacy canonical ids such as `gpt2` with no author in the source
SECTOR_LABELS = (*SECTORS, UNATTRIBUTED)  # a namespace's sector label: the registry's sectors, or unattributed
BIG_TECH = "big_tech"  # the registry kind (and maker) of the Big Tech companies
# A registry note that says the namespace redistributes others' models (quantizers, converters,
# re-uploaders, mirrors), matched case-insensitively: GEO4 counts their repos as intermediaries, A4
# leaves them out of the developers.
REDISTRIBUTOR_NOTE = "redistribut|quantiz|quants|convert|re-upload|reupload|mirror"

__all__ = [
    "BIG_TECH",
    "NO_BASE",
    "NO_NAMESPACE",
    "REDISTRIBUTOR_NOTE",
    "SECTOR_LABELS",
    "UNATTRIBUTED",
    "attribution_sql",
    "bucket_of",
    "developer_sql",
    "group_of",
    "namespace_of",
    "not_individual",
    "organisation_account",
    "redistributors_sql",
]


def namespace_of(id_expr: str, author_expr: str | None = None, missing: str | None = None) -> str:
    """A repo's namespace as SQL: its author when known, else the part of its id before `/`; `missing`,
    when given, names a repo with neither (else the expression is NULL for it)."""
    parsed = f"NULLIF(regexp_extract({id_expr}, '^([^/]+)/', 1), '')"
    parts = [p for p in (author_expr, parsed) if p]
    if missing is not None:
        parts.append(f"'{missing}'")
    return f"COALESCE({', '.join(parts)})"


def group_of(ns: str, *sources: str) -> str:
    """A namespace's organisation group as SQL: the parent company, else the organisation, of each source
    in turn (a table alias; none: the columns unqualified), else the namespace expression `ns`."""
    cols = [f"{s}.{c}" if s else c for s in (sources or ("",)) for c in ("parent_company", "organisation")]
    return f"COALESCE({', '.join([*cols, ns])})"


def attribution_sql(
    namespaces: str, schema: str = "", parent_company: bool = False, carry: tuple[str, ...] = ()
) -> str:
    """Who each namespace of the subquery `namespaces(ns)` is, with the labels every geography figure uses.

    Columns: ns, organisation, grp (organisation group), country, sector, kind, is_org, verified,
    label (country | NO_BASE | UNATTRIBUTED), sector_label (sector | UNATTRIBUTED), maker
    (big_tech | startup | other organisation | individual | UNATTRIBUTED) and account
    (organisation | individual | unknown). A namespace with no row anywhere has every column NULL but
    the labels. `schema` qualifies the store's tables (`catalog.schema`, for a reader that shadows
    them with views of its own, as the explorer's filters do); empty, they are read as named.
    `parent_company` adds that column after `organisation` (the explorer shows it and filters by it).

    `carry`: columns of `namespaces` kept after the labels, and then every row of `namespaces` is labelled as
    it is (a NULL namespace too, as one nothing knows), where without it each distinct namespace is listed
    once and a NULL one dropped. A figure summed per namespace is labelled where it lies (GEO1): at Hub scale
    the distinct namespaces, and joining their labels back to the sums, took a quarter of the query.
    """
    at = f"{schema}." if schema else ""
    parent = "parent_company, " if parent_company else ""
    rows = f"{namespaces} n" if carry else f"(SELECT DISTINCT ns FROM {namespaces} n0 WHERE ns IS NOT NULL) n"
    kept, kept_here = "".join(f", {c}" for c in carry), "".join(f", n.{c}" for c in carry)
    pick = "CASE WHEN a.author IS NOT NULL THEN a.{0} ELSE o.{0} END"
    return f"""(
        SELECT ns, organisation, {parent}{group_of("ns")} AS grp, country, sector, kind, is_org, verified,
               -- a sector inferred from a name says nothing of a base: such namespaces are unattributed here
               CASE WHEN country IS NOT NULL THEN country
                    WHEN sector IS NULL OR inferred THEN '{UNATTRIBUTED}' ELSE {quote(NO_BASE)} END AS label,
               COALESCE(sector, '{UNATTRIBUTED}') AS sector_label,
               CASE WHEN kind = '{BIG_TECH}' THEN '{BIG_TECH}'
                    WHEN kind = 'startup' THEN 'startup'
                    WHEN kind = 'individual' THEN 'individual'
                    WHEN kind IS NOT NULL THEN 'other organisation'
                    ELSE '{UNATTRIBUTED}' END AS maker,
               CASE WHEN is_org = true THEN 'organisation' WHEN is_org = false THEN 'individual'
                    WHEN kind = 'individual' THEN 'individual' WHEN kind IS NOT NULL THEN 'organisation'
                    ELSE 'unknown' END AS account{kept}
        FROM (
            SELECT n.ns, {pick.format("organisation")} AS organisation, {pick.format("parent_company")} AS parent_company,
                   {pick.format("country")} AS country, {pick.format("sector")} AS sector, {pick.format("kind")} AS kind,
                   a.is_org, a.verified, COALESCE(a.source LIKE 'inferred%', false) AS inferred{kept_here}
            FROM {rows}
            LEFT JOIN {at}author_attribution a ON a.author = n.ns
            LEFT JOIN (
                SELECT lower(author) AS la, max(organisation) AS organisation, max(parent_company) AS parent_company,
                       max(country) AS country, max(sector) AS sector, max(kind) AS kind
                FROM {at}organisations GROUP BY lower(author) HAVING count(*) = 1
            ) o ON o.la = lower(n.ns)
        ) w0
    )"""


def developer_sql(namespaces: str) -> str:
    """(ns, developer, organisation, attributed) for every namespace the subquery `namespaces(ns)` lists:
    the derivatives chapter's reading of the registry (see the module's docstring for how it differs)."""
    return f"""(
        SELECT n.ns,
               {group_of("n.ns", "a", "o")} AS developer,
               COALESCE(a.organisation, o.organisation) AS organisation,
               CASE WHEN COALESCE(a.organisation, o.organisation) IS NULL THEN false ELSE true END AS attributed
        FROM (SELECT DISTINCT ns FROM {namespaces} n0) n
        LEFT JOIN author_attribution a ON a.author = n.ns
        LEFT JOIN (
            SELECT lower(author) AS la, max(organisation) AS organisation, max(parent_company) AS parent_company
            FROM organisations GROUP BY lower(author) HAVING count(*) = 1
        ) o ON o.la = lower(n.ns)
    )"""


def not_individual(w: str = "w") -> str:
    """A namespace of `attribution_sql` (alias `w`) that is not a person's account: not of registry kind
    individual, nor outside the registry and a user account. A registry kind other than individual
    wins over the Hub's account type (GEO6). A namespace outside the registry whose account type is
    unknown (no authors listing, or not in it) counts: every term is coalesced, because a NULL here
    would silently drop it (`NOT (… OR NULL)` is NULL, not true)."""
    return f"NOT (COALESCE({w}.kind, '') = 'individual' OR ({w}.kind IS NULL AND COALESCE({w}.is_org, true) = false))"


def organisation_account(a: str) -> str:
    """An `author_attribution` row (alias `a`, LEFT JOINed) that may stand for an organisation: not of
    kind individual and not a user account by the Hub's type, whatever its registry kind; a namespace
    of unknown type counts (A4). Stricter than `not_individual`, which trusts a registry kind."""
    return f"COALESCE({a}.kind, '') <> 'individual' AND COALESCE({a}.is_org, true)"


def redistributors_sql() -> str:
    """The redistributors' namespaces, lower-cased (`la`): registry rows whose note matches `REDISTRIBUTOR_NOTE`
    (mlx-community, unsloth, TheBloke, RichardErkhov…). A namespace, not its organisation group: Hugging
    Face's quantization team (hugging-quants) is a redistributor, Hugging Face is not."""
    return f"""(
        SELECT DISTINCT lower(author) AS la FROM organisations
        WHERE regexp_matches(lower(COALESCE(note, '')), '{REDISTRIBUTOR_NOTE}')
    )"""


def bucket_of(label: str) -> str:
    """Which kind of label a country label is: a country, the no-base bucket, or unattributed."""
    return "no_base" if label == NO_BASE else UNATTRIBUTED if label == UNATTRIBUTED else "country"
