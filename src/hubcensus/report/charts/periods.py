"""Partial periods, decided once for every chart: a month the data does not cover to its end is left
out, and a year it does not cover to its end is kept but marked with an asterisk.

Why two rules: a monthly series ends where a reader looks first, and a month counted for one day drops
to nearly nothing (H1 fell to 0 in its last month), which reads as a collapse; leaving it out loses
nothing a complete month does not show. A year is too long to leave out (the current year is often
the point of the chart), so its label says it is partial and the chart's reading note says to when.
"""

from __future__ import annotations

from datetime import date
from typing import Any

PARTIAL_MARK = "*"


def as_of_date(doc: dict[str, Any]) -> date | None:
    """The date of the snapshot a document was computed at, or None when it has none."""
    raw = doc.get("as_of")
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def _month_start(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:7] + "-01")
    except ValueError:
        return None


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def month_is_complete(month: Any, as_of: date | None) -> bool:
    """Whether the data covers the month to its end: the snapshot is dated on or after the next month's first day."""
    start = _month_start(month)
    return as_of is None or start is None or _next_month(start) <= as_of


def complete_months(doc: dict[str, Any], values: list[dict[str, Any]], field: str = "month") -> list[dict[str, Any]]:
    """The values whose month the snapshot covers to its end (the partial last month left out)."""
    as_of = as_of_date(doc)
    return [v for v in values if month_is_complete(v.get(field), as_of)]


def year_is_partial(year: Any, as_of: date | None) -> bool:
    """Whether the snapshot falls before the year's end (a year still running)."""
    try:
        y = int(str(year)[:4])
    except ValueError:
        return False
    return as_of is not None and as_of < date(y + 1, 1, 1)


def year_label(doc: dict[str, Any], year: Any) -> str:
    """A year as a chart labels it: "2026*" while the snapshot falls inside it, else "2026"."""
    text = str(year)
    return text + PARTIAL_MARK if year_is_partial(text, as_of_date(doc)) else text


def partial_note(doc: dict[str, Any], *, monthly: bool = False, yearly: bool = False) -> str | None:
    """The caption's sentence about partial periods, for a chart that has them."""
    as_of = as_of_date(doc)
    if as_of is None:
        return None
    parts = []
    if monthly:
        parts.append(f"the month of the snapshot ({as_of:%b %Y}) is left out, as it is partial")
    if yearly:
        parts.append(f"a year marked {PARTIAL_MARK} is partial (data to {as_of.day} {as_of:%b %Y})")
    return ("; ".join(parts)[:1].upper() + "; ".join(parts)[1:] + ".") if parts else None
