"""Which snapshot a metric reads, and the repos present there.

A metric computed "as of" a date reads one of these, and its definition says which (the rule is part
of the figure: a partial listing cannot say that a repo left it, nor what a whole month did):

1. `ctx.as_of` — the as-of snapshot itself, whatever it holds: P1 (verified flags are each author's
   latest known state anyway) and the date every window is counted back from.
2. `ctx.latest_complete(kind)` — the newest complete snapshot of the kind, else none: G1, G2, GEO6,
   P2 and the over-time series (`series`), which must not count releases or months from a partial
   listing.
3. `complete_or_as_of` — the newest complete snapshot of models, else the as-of snapshot (a partial
   listing, said in a note): C1, D1, GEO4, A1, A3, A4.
4. `complete_or_partial` — the newest complete snapshot of the kind, else the newest partial listing
   of that kind (said in a note, with its date), else none: GEO1, GEO3, GEO5, POP1, POP3, H1, C2, S1,
   S2.
5. `newest_holding` — the newest snapshot holding the kind, complete or not: the daily papers file
   lists every paper so far, so any snapshot of it is whole (POP2, POP3).

The repos present at a snapshot are `sql.stats_at`: each repo with the statistics in force there.
`present_sql` is every metric's selection from it, and `present_models` and `alive_sql` the two
selections several metrics share.
"""

from __future__ import annotations

import datetime as dt

from hubcensus.metrics.attribution import NO_NAMESPACE, namespace_of
from hubcensus.metrics.base import Context, Snapshot
from hubcensus.metrics.sql import add_months, stats_at


def partial_note(ctx: Context, snap: Snapshot, kind: str = "model") -> str:
    """What a figure computed on a partial snapshot read, said as it is. A partial listing marks no repo
    gone, so the repos "present" at it are every repo any listing up to it held, each with its newest
    statistics: with several partial listings that is a union across their dates, not one day's Hub."""
    held = [s for s in ctx.series if kind in s.kinds and s.taken_at <= snap.taken_at]
    if len(held) <= 1:
        return f"no complete snapshot of {kind}s: computed on the partial listing of {snap.taken_at}"
    return (
        f"no complete snapshot of {kind}s: computed over the {len(held)} partial listings from {held[0].taken_at} "
        f"to {snap.taken_at}, each {kind} with its newest statistics (a union of listings, not the Hub on one day)"
    )


def complete_or_as_of(ctx: Context) -> tuple[Snapshot, list[str]]:
    """Rule 3: the newest complete snapshot of models up to as-of, else the as-of snapshot, with a note."""
    snap = ctx.latest_complete() or ctx.as_of
    return snap, ([] if snap.complete else [partial_note(ctx, snap)])


def complete_or_partial(ctx: Context, kind: str = "model") -> tuple[Snapshot | None, list[str]]:
    """Rule 4: the newest complete snapshot of `kind` up to as-of; else the newest partial one, said in a note."""
    snap = ctx.latest_complete(kind)
    if snap is not None:
        return snap, []
    partial = [s for s in ctx.series if kind in s.kinds]
    if partial:
        return partial[-1], [partial_note(ctx, partial[-1], kind)]
    return None, [f"no snapshot holds {kind}s"]


def newest_holding(ctx: Context, kind: str) -> Snapshot | None:
    """Rule 5: the newest snapshot up to as-of holding `kind`, complete or not."""
    held = [s for s in ctx.series if kind in s.kinds]
    return held[-1] if held else None


def present_sql(
    ctx: Context,
    snap: Snapshot,
    columns: str,
    kind: str = "model",
    *,
    alias: str = "s",
    where: str = "",
    wrap: bool = True,
    block: bool = False,
    before_from: str = " ",
) -> str:
    """`SELECT columns FROM` the repos of `kind` present at `snap` (alias `alias`), `where` appended.

    The rest is layout, kept per caller because each metric document carries its SQL's text: `wrap`
    parenthesises it as a subquery; `block` sets it on lines of its own; `before_from` is what
    stands between the columns and FROM (a line break, for a long column list)."""
    sql = f"SELECT {columns}{before_from}FROM {stats_at(ctx, snap.snapshot_id, kind)} {alias}{where}"
    if block:
        return f"(\n        {sql}\n    )"
    return f"({sql})" if wrap else sql


def present_models(ctx: Context, snap: Snapshot, col: str) -> str:
    """Models present at the snapshot: (repo_id, ns, created_at, d = the chosen downloads, missing = 0).
    The geography chapter's selection (GEO1, GEO3, GEO6)."""
    return present_sql(ctx, snap, f"s.repo_id, s.author AS ns, s.created_at, COALESCE(s.{col}, 0) AS d", block=True)


def alive_def(ctx: Context, snap: Snapshot, col: str) -> tuple[str, str]:
    """(table, SQL) of `alive_sql`'s intermediate, not built: for a kept result that reads it
    (`Context.shared`'s `needs`)."""
    columns = (
        f"s.repo_id, {namespace_of('s.repo_id', 's.author', NO_NAMESPACE)} AS ns, s.created_at,\n"
        f"               COALESCE(s.{col}, 0) AS d, COALESCE(s.downloads_30d, 0) AS d30"
    )
    return f"_hc_alive_{snap.snapshot_id}_{col}", present_sql(ctx, snap, columns, block=True, before_from="\n        ")


def alive_sql(ctx: Context, snap: Snapshot, col: str) -> str:
    """Models present at the snapshot: (repo_id, ns, created_at, d = the chosen downloads, d30), the
    namespace parsed from the id where the source gave no author.

    Several queries of D1, GEO4 and A4 start from it: computed once per run (`ctx.shared`)."""
    return ctx.shared(*alive_def(ctx, snap, col))


# -- what a snapshot can say ------------------------------------------------------------------------
# "Cannot give" is None with a reason, never 0: a figure is zero only where the data could have shown more.


def window_unseen(snap: Snapshot, start: dt.date, stop: dt.date, what: str = "the last twelve months") -> str | None:
    """Why the months [start, stop) cannot be counted from `snap`, or None when they can.

    Windows are counted back from the as-of date; a metric that reads an older snapshot (the newest
    complete one, when the as-of snapshot is a partial listing) has not seen the months after it, so
    counting them would print zeros for months the store never listed."""
    if snap.taken_at >= stop:
        return None
    return (
        f"{what} ({start} to {add_months(stop, -1)}) end after the snapshot read ({snap.taken_at}): "
        "the store lists none of their new repos, so the figures over them cannot be given"
    )


LINEAGE_INPUT = "a base_model tag, card data or the API's baseModels"
TAG_INPUT = "tags"


# Below this share of a snapshot's models carrying the input (tags; card data or baseModels), a figure made
# from it is "cannot give": a listing read without tags (the 2022 dumps) may still hold the few models a
# later listing re-read with tags, and counting over those would print zeros for the other 99%.
MIN_INPUT_SHARE = 0.05


def models_with_input(ctx: Context, snap: Snapshot, need: str) -> tuple[int, int]:
    """(models present at `snap` carrying the input a figure is made from, models present): `LINEAGE_INPUT`
    (a tags field, card data or baseModels: a model whose tags name no base model is an original) or
    `TAG_INPUT`. A source without the field leaves `repos.tags` NULL; one that lists no tag leaves it empty,
    which is an answer (none), so only NULL counts as no input.

    Both counts come from one pass over the present models, kept once per run (`ctx.shared`; `enrich` keeps
    it for the newest snapshot): D1, GEO4, G2 and H1 each ask, and each asking read every model's tags and
    card data again."""
    counts = ctx.shared(
        f"_hc_inputs_{int(snap.snapshot_id)}",
        f"""(
        SELECT count(*) AS n,
               COALESCE(sum(CASE WHEN r.tags IS NOT NULL THEN 1 ELSE 0 END), 0) AS with_tags,
               COALESCE(sum(CASE WHEN r.tags IS NOT NULL OR r.card_data IS NOT NULL OR r.base_model_ids IS NOT NULL
                            THEN 1 ELSE 0 END), 0) AS with_lineage_input
        FROM {present_sql(ctx, snap, "s.repo_id")} p
        LEFT JOIN repos r ON r.kind = 'model' AND r.repo_id = p.repo_id
    )""",
    )
    column = "with_lineage_input" if need == LINEAGE_INPUT else "with_tags"
    [row] = ctx.rows(f"SELECT n, {column} AS carrying FROM {counts} c")
    return int(row["carrying"] or 0), int(row["n"] or 0)


def input_missing(ctx: Context, snap: Snapshot, need: str) -> str | None:
    """The note saying the snapshot holds (almost) no input for a figure, or None when enough models carry it
    (`MIN_INPUT_SHARE`): the figure is then None with this reason rather than a zero the data cannot show."""
    carrying, n = models_with_input(ctx, snap, need)
    if n and carrying >= MIN_INPUT_SHARE * n:
        return None
    return (
        f"only {carrying:,} of the {n:,} models present at {snap.taken_at} carry {need} "
        f"(fewer than {MIN_INPUT_SHARE:.0%}): the store cannot tell, so the figures made from them are not given"
    )
