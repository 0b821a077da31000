"""The line under a chart that says how to read it, where its type is not obvious (a Lorenz curve, a heatmap,
relative adoption), and what it does with partial periods (`charts.periods`), for the page and `report.md`."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts.periods import as_of_date, month_is_complete, partial_note, year_is_partial

HOW_TO_READ = {
    "C1": "A Lorenz curve: models run from the least downloaded (left) to the most (right), and the curve is the "
    "share of all downloads they hold together; the further it sags below the dashed diagonal (every model "
    "equal), the more unequal the downloads.",
    "GEO2": "The bands add up to each month's downloads: a band's thickness is that country's share of the month.",
    "GEO6": "A heatmap: a row per organisation, a column per year; the darker the cell, the more repositories it "
    "released that year (the number in the cell).",
    "P1": "A square per Fortune 500 company, in rank order from the top left, coloured by what the Hub holds of it.",
    "A1": "Relative adoption: a line per size bucket, the median downloads of its ten most downloaded models "
    "measured at each age after release (both scales logarithmic); a higher line is more downloaded at that age.",
    "A2": "For each signal, the share of models whose monthly downloads (or likes) first fell below half their "
    "peak that many months after release; 'not yet' have not fallen.",
    "C2": "A point per community, sized by its models: to the right, more downloads; higher, more derivatives per "
    "base model (both scales compressed).",
    "S1": "A line per task category, its rank by datasets created each year; rank 1 is at the top.",
    "S2": "A heatmap: a row per science domain, a column per month; the darker the cell, the more models and "
    "datasets released.",
}


def _periods(doc: dict[str, Any]) -> tuple[bool, bool]:
    """Whether the rows hold a partial month, and a partial year (a `year` or a four-digit `period`)."""
    as_of = as_of_date(doc)
    if as_of is None:
        return False, False
    monthly = yearly = False
    for r in doc["rows"]:
        if isinstance(r.get("month"), str) and not month_is_complete(r["month"], as_of):
            monthly = True
        year = r.get("year", r.get("period"))
        if year is not None and str(year).isdigit() and year_is_partial(year, as_of):
            yearly = True
    return monthly, yearly


def reading_note(doc: dict[str, Any], has_chart: bool = True) -> str | None:
    """How to read the chart of `doc`, then its partial periods; None when there is neither to say."""
    if not has_chart:
        return None
    monthly, yearly = _periods(doc)
    parts = [HOW_TO_READ.get(doc["spec"]), partial_note(doc, monthly=monthly, yearly=yearly)]
    return " ".join(p for p in parts if p) or None
