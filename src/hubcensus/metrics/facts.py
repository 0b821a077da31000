"""What every metric, the report, the explorer and the docs take as given: the Hub's fixed facts, and
the order of the findings.

The Hub's facts are dates no metric can change, only respect (SPEC.md, "Facts about the Hub's data"):
every repo created before March 2022 carries the same `createdAt`, so months and years before it
cannot be told apart and each metric that counts by creation date says where its series starts.

The order is SPEC.md's: its table of findings, read top to bottom, is the order a reader meets them
in within a chapter, and the chapters come in the report's order. `finding_rank` is the one sort
key, so `metric --all`, `figures.json`, docs/metrics.md, the report and the explorer list the
findings alike.
"""

from __future__ import annotations

import datetime as dt

# -- the Hub's fixed dates ------------------------------------------------------------------------
# The Hub's createdAt floor: repos older than this all carry it, so months before it cannot be told apart.
CREATED_AT_FLOOR = dt.datetime(2022, 3, 2, 23, 29, 4)
# The first moment of the day after the floor's: a createdAt from here on is a real creation date (GEO, P2).
FLOOR_END = dt.datetime(CREATED_AT_FLOOR.year, CREATED_AT_FLOOR.month, CREATED_AT_FLOOR.day) + dt.timedelta(days=1)
# A day past the floor itself: the adoption chapter's (and the scorecards') stricter "age unknown" bound.
FLOOR_PLUS_DAY = CREATED_AT_FLOOR + dt.timedelta(days=1)
# The month every repo at the floor lands in, where monthly series start.
FLOOR_MONTH = CREATED_AT_FLOOR.date().replace(day=1)


def before_floor(first_month: dt.date) -> bool:
    """Whether a window starting at `first_month` holds the createdAt floor's month (March 2022), where
    every older repo lands: counts there are not that month's, so a growth ratio over it means nothing."""
    return first_month <= FLOOR_MONTH


# -- the findings and the chapters ----------------------------------------------------------------
# SPEC.md's findings, in the order its table lists them.
FINDINGS = (
    "G1",
    "G2",
    "C1",
    "C2",
    "P1",
    "P2",
    "GEO1",
    "GEO2",
    "GEO3",
    "GEO4",
    "GEO5",
    "GEO6",
    "POP1",
    "POP2",
    "POP3",
    "D1",
    "A1",
    "A2",
    "A3",
    "A4",
    "H1",
    "S1",
    "S2",
)
# The report's chapters, in the order it presents them, with the title it gives each.
CHAPTER_TITLES = {
    "growth": "Growth",
    "concentration": "Concentration",
    "geography": "Geography and developers",
    "popularity": "Popularity and papers",
    "derivatives": "Derivatives",
    "adoption": "Adoption and size",
    "hardware": "Hardware",
    "communities": "Sub-communities",
}
CHAPTERS = tuple(CHAPTER_TITLES)
# The explorer's navigation names the same chapters in one word.
CHAPTER_SHORT_TITLES = {
    "growth": "Growth",
    "concentration": "Concentration",
    "geography": "Geography",
    "popularity": "Popularity",
    "derivatives": "Derivatives",
    "adoption": "Adoption",
    "hardware": "Hardware",
    "communities": "Communities",
}


def finding_rank(chapter: str, spec: str) -> tuple[int, int]:
    """The sort key of a finding: its chapter's place, then its place in SPEC.md's table (so within the
    geography chapter P1 and P2 come before GEO1, and in derivatives GEO4 before D1, as SPEC lists them)."""
    return CHAPTERS.index(chapter), FINDINGS.index(spec)


# The three derivative counts, one label each, used by the report, the scorecards and the explorer alike:
# a page that shows a count names it with its label, so "Qwen's derivatives" never reads as three numbers
# with nothing saying which (D1's keys `_direct`, `_lineage`, `_by_name`; a scorecard's `direct`, `tree`). D1 and
# the scorecards count `direct` with one helper (`derivatives.direct_children_sql`), so the label means one number.
DERIVATIVE_COUNTS = {
    "direct": "direct derivatives",
    "lineage": "whole-lineage derivatives",
    "by_name": "models naming it",
}
DERIVATIVE_MEANING = {  # what each label counts, shown beside it (a tooltip, a caption's parenthesis)
    "direct": "models one lineage edge below any of its models, each once (D1's `_direct`, a scorecard's, an explorer page's)",
    "lineage": "every model below its root models, at any depth, once",
    "by_name": "models whose id or a tag names the family word, lineage or not",
}
DERIVATIVE_SHORT = {
    "direct": "direct",
    "lineage": "whole lineage",
    "by_name": "by name",
}
