"""What a metric is and how one runs (the engines it runs on are in `hubcensus.engines`).

A metric is a function from the store to a tidy table plus a few headline values, registered with
its SPEC id, a title, the published figure, and a definition precise enough to disagree with.

Metric code is SQL in DuckDB's dialect restricted to what Spark SQL also has (no QUALIFY, no
DuckDB-only functions; `max_by`/`min_by` rather than `arg_max`), run through an `Engine`. The
DuckDB engine runs it as written; the Spark engine (scale) transpiles it with sqlglot. Heavy work
happens in SQL; Python only shapes the few rows SQL returns, so both engines give the same
figures. Every query a metric runs is kept with its result, so a report can show the query and
the snapshot behind each figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from hubcensus.engines.protocol import Engine
from hubcensus.errors import UserError
from hubcensus.metrics import index
from hubcensus.metrics.facts import CHAPTERS, FINDINGS
from hubcensus.store.schema import snapshot_day


@dataclass
class Snapshot:
    snapshot_id: int
    taken_at: dt.date
    complete: bool
    kinds: frozenset[str]
    source: str = "files"  # snapshots.source: "synthetic" for a folder `hubcensus generate` wrote


@dataclass
class Context:
    """What a metric sees: the engine, the snapshot it is computed as of, and the series up to it."""

    engine: Engine
    as_of: Snapshot
    series: list[Snapshot]  # every snapshot up to and including as_of, oldest first
    queries: list[str] = field(default_factory=list)

    def rows(self, sql: str) -> list[dict[str, Any]]:
        """Run a query; keep it for the record; rows as dicts."""
        self.queries.append(sql.strip())
        cols, rows = self.engine.run(sql)
        return [dict(zip(cols, r)) for r in rows]

    def shared(self, table: str, sql: str, needs: tuple[tuple[str, str], ...] = ()) -> str:
        """An intermediate result several queries or metrics use (a snapshot's statistics, the monthly
        series, a membership table), computed once per run: at Hub scale rebuilding one per query is where
        the time went.

        `needs`: the (table, SQL) of intermediates `sql` reads, built first only when this one must be built:
        when the store keeps this one (`Engine.kept`), a large input only it reads is never made at all.

        Returns a subquery over that table, usable wherever the SQL itself was; the SQL that made it (and
        that of what it needs) is recorded with this metric's queries, so the record of what produced a
        figure stays complete.
        """
        if table not in self.engine.materialized:
            if needs and not self.engine.kept(table, sql):
                for need, need_sql in needs:
                    if need not in self.engine.materialized:
                        self.engine.materialize(need, need_sql)
                        self.engine.materialized[need] = need_sql
            self.engine.materialize(table, sql)
            self.engine.materialized[table] = sql
        for need, need_sql in needs:  # recorded once per metric, whether built or not
            record = f"-- {need}:\n{need_sql.strip()}"
            if record not in self.queries:
                self.queries.append(record)
        self.queries.append(f"-- {table}:\n{self.engine.materialized[table].strip()}")
        return f"(SELECT * FROM {table})"

    def kept_rows(
        self, name: str, sql: str, order_by: str = "", needs: tuple[tuple[str, str], ...] = ()
    ) -> list[dict[str, Any]]:
        """The rows of a query whose answer is small but costs seconds at Hub scale: its result becomes a
        shared table named `_hc_<name>_<digest of the SQL and of its needs' SQL>` (one name, one query),
        which `enrich` keeps for the newest snapshot (`metrics.precompute`): a later run then reads a few
        rows instead of computing them, and builds none of `needs` (`shared`). `order_by`, over the
        result's columns, orders them as the query itself did (a table read has no order)."""
        # the needs' SQL is in the name too: a changed definition of an input names another table, never a stale one
        digest = hashlib.sha256("\n".join([sql.strip(), *(q.strip() for _, q in needs)]).encode()).hexdigest()[:12]
        table = self.shared(f"_hc_{name}_{digest}", sql, needs)
        return self.rows(f"SELECT * FROM {table} k" + (f" ORDER BY {order_by}" if order_by else ""))

    def scalar(self, sql: str) -> Any:
        rows = self.rows(sql)
        return next(iter(rows[0].values())) if rows else None

    def complete_series(self, kind: str = "model") -> list[Snapshot]:
        """The complete snapshots holding `kind` (partial listings cannot say what a whole month did)."""
        return [s for s in self.series if s.complete and kind in s.kinds]

    def latest_complete(self, kind: str = "model") -> Snapshot | None:
        series = self.complete_series(kind)
        return series[-1] if series else None


@dataclass
class Result:
    headline: dict[str, Any]
    rows: list[dict[str, Any]]
    snapshots: list[int]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Metric:
    spec: str  # SPEC.md id, e.g. "C1"
    name: str  # e.g. "download_concentration"
    title: str
    chapter: str  # one of facts.CHAPTERS
    published: str  # the figure the report published, as it published it
    definition: str  # what exactly hubcensus computes, precise enough to disagree with
    headline_keys: tuple[str, ...]  # the keys of Result.headline, documented
    out_of_reach: str = ""  # what public metadata cannot give for this finding
    compute: Callable[[Context], Result] = field(default=lambda ctx: Result({}, [], []), repr=False, compare=False)


class Registry(Mapping[str, Metric]):
    """Every metric, by name, in registration order (`index.METRICS`).

    Reading it imports every module that registers a metric first (`index.modules`), so it is whole
    whoever reads it and whatever they imported before. `add` (the `metric` decorator) does not read
    it, and `named` imports only the module of the metric asked for: a one-metric question then loads
    one chapter, not all of them."""

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}
        self._whole = False

    def add(self, m: Metric) -> None:
        if m.name in self._metrics:
            raise AssertionError(f"metric {m.name} registered twice")
        self._metrics[m.name] = m

    def named(self, name: str) -> list[Metric]:
        """The metric(s) `name` names (its name or SPEC id, `index.is_called`), importing only their module
        when the index knows the name; every module when it does not (a name no metric has)."""
        wanted = index.modules_for(name)
        if not wanted:
            self._complete()
        for module in wanted:
            importlib.import_module(module)
        return [m for m in self._ordered() if index.is_called(name, m.spec, m.name)]

    def _complete(self) -> None:
        if self._whole:
            return
        self._whole = True  # first, so that a module read while importing sees what is there, not a loop
        for module in index.modules():
            importlib.import_module(module)

    def _ordered(self) -> list[Metric]:
        place = index.order()
        return sorted(self._metrics.values(), key=lambda m: place.get(m.name, len(place)))

    def __getitem__(self, name: str) -> Metric:
        self._complete()
        return self._metrics[name]

    def __iter__(self) -> Iterator[str]:
        self._complete()
        return iter([m.name for m in self._ordered()])

    def __len__(self) -> int:
        self._complete()
        return len(self._metrics)


REGISTRY = Registry()


def metric(**meta: Any) -> Callable[[Callable[[Context], Result]], Callable[[Context], Result]]:
    """Register a metric: `@metric(spec=..., name=..., title=..., chapter=..., published=..., definition=..., headline_keys=...)`."""

    def wrap(fn: Callable[[Context], Result]) -> Callable[[Context], Result]:
        m = Metric(compute=fn, **meta)
        if m.chapter not in CHAPTERS:
            raise AssertionError(f"metric {m.name}: unknown chapter {m.chapter}")
        if m.spec not in FINDINGS:
            raise AssertionError(f"metric {m.name}: {m.spec} is not a finding of SPEC.md (facts.FINDINGS)")
        REGISTRY.add(m)
        return fn

    return wrap


# -- running -----------------------------------------------------------------------------------
def snapshots(engine: Engine) -> list[Snapshot]:
    _, rows = engine.run(
        "SELECT s.snapshot_id, s.taken_at, s.complete, k.kind, s.source FROM snapshots s JOIN snapshot_kinds k "
        "ON k.snapshot_id = s.snapshot_id ORDER BY s.snapshot_id, k.kind"
    )
    out: dict[int, Snapshot] = {}
    for sid, taken, complete, kind, source in rows:
        taken = taken if isinstance(taken, dt.date) else dt.date.fromisoformat(str(taken))
        snap = out.setdefault(sid, Snapshot(sid, taken, bool(complete), frozenset(), str(source)))
        snap.kinds = snap.kinds | {kind}
    return list(out.values())


def context(engine: Engine, as_of: dt.date | None = None, since: dt.date | None = None) -> Context:
    """The context as of a date; `since` starts the series there (the explorer's date range), so
    every over-time metric sees only the snapshots from `since` to `as_of`."""
    series = snapshots(engine)
    if not series:
        raise UserError("the store holds no snapshot yet: run `hubcensus ingest` (or `hubcensus demo`) first")
    if as_of is not None:
        series = [s for s in series if s.taken_at <= as_of]
        if not series:
            raise UserError(f"--as-of {as_of}: the store holds no snapshot on or before that date")
    if since is not None:
        series = [s for s in series if s.taken_at >= since]
        if not series:
            raise UserError(
                f"from {since} to {as_of or 'the newest snapshot'}: the store holds no snapshot in that range"
            )
    missing = {"lineage", "author_attribution"} - engine.tables()
    if missing:
        raise UserError(f"the store is not enriched (no {', '.join(sorted(missing))}): run `hubcensus enrich` first")
    return Context(engine, series[-1], series)


def run_metric(m: Metric, engine: Engine, as_of: dt.date | None = None, ctx: Context | None = None) -> dict[str, Any]:
    """One metric's document: `{metric, spec, title, definition, as_of, snapshots, headline, rows, …}`."""
    ctx = ctx or context(engine, as_of)
    ctx = Context(ctx.engine, ctx.as_of, ctx.series)  # a fresh query log per metric
    res = m.compute(ctx)
    extra = set(res.headline) - set(m.headline_keys)
    if extra:
        raise AssertionError(f"metric {m.name}: undocumented headline keys {sorted(extra)}")
    return {
        "metric": m.name,
        "spec": m.spec,
        "title": m.title,
        "chapter": m.chapter,
        "definition": m.definition,
        "published": m.published,
        "out_of_reach": m.out_of_reach,
        "as_of": ctx.as_of.taken_at.isoformat(),
        "snapshots": [snapshot_day(s).isoformat() for s in res.snapshots],
        # the snapshot the figures come from (the newest one read), which a caption's "as of" names
        "read_as_of": snapshot_day(max(res.snapshots)).isoformat() if res.snapshots else None,
        "source": data_source(ctx.series),
        # every documented key is present (None when this store cannot say), and no undocumented one
        "headline": {k: _clean(res.headline.get(k)) for k in m.headline_keys},
        "rows": [{k: _clean(v) for k, v in r.items()} for r in res.rows],
        "notes": res.notes,
        "engine": engine.name,
        "queries": ctx.queries,
    }


SYNTHETIC_NOTE = (
    "These figures come from a synthetic Hub: its generator is calibrated to the published figures, so their "
    "agreement with the published column is by construction and proves nothing about the Hub."
)


def data_source(series: list[Snapshot]) -> str:
    """What the store's snapshots are: "synthetic" (every one written by `hubcensus generate`), "real"
    (none), or "mixed". Every document carries it, so figures.json and the report say what they measure."""
    synthetic = {s.source == "synthetic" for s in series}
    return "mixed" if len(synthetic) > 1 else "synthetic" if synthetic == {True} else "real"


def _clean(v: Any) -> Any:
    """Stable JSON values across engines: floats rounded to 6 significant digits, dates as ISO text."""
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return None
        return float(f"{v:.6g}")
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "is_integer") and not isinstance(v, (int, float)):  # Decimal
        return int(v) if v == int(v) else float(f"{float(v):.6g}")
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    return v


def share(part: float | None, whole: float | None) -> float | None:
    """A share in [0, 1]; None when the whole is zero or unknown (never a division error)."""
    if not whole or part is None:
        return None
    return part / whole


class _TextOnly:
    """An engine that only collects SQL: asking for a shared intermediate records its SQL under its name
    (`materialized`) and builds nothing; plain queries (the probes some SQL depends on) still run."""

    name = "text"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.materialized: dict[str, str] = {}

    def materialize(self, table: str, sql: str) -> None:
        pass

    def kept(self, table: str, sql: str) -> bool:
        return False

    def run(self, sql: str) -> tuple[list[str], list[tuple]]:
        return self.engine.run(sql)

    def tables(self) -> set[str]:
        return self.engine.tables()


def shared_name(ref: str) -> str:
    """The table behind a subquery `Context.shared` returned (`(SELECT * FROM name)`)."""
    return ref.removeprefix("(SELECT * FROM ").removesuffix(")")


def text_only(ctx: Context) -> Context:
    """`ctx` with an engine that writes SQL without running it: how `enrich` learns the SQL a metric run would
    write for an intermediate it keeps built another way (found by that SQL's digest, so it must be the same)."""
    return Context(_TextOnly(ctx.engine), ctx.as_of, ctx.series)  # type: ignore[arg-type]
