"""Numbers as a person reads them on a terminal, and tables that fit the terminal's width.

`hubcensus metric` and `hubcensus status` print through here, so a figure reads the same in both: counts
with thousands separators, shares as percentages, coefficients (Gini) as 0.989, growth as ×1.52, an
absent figure as "—". What a value is comes from its name, the way the metrics name their headline keys
and columns (`…_share`, `gini`, `…_yoy`); `--json` and `--csv` print the raw values instead.

This module imports nothing of hubcensus, so every layer may use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

NONE = "—"

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def is_share(name: str) -> bool:
    """A fraction of a whole, shown as a percentage: `top_200_share`, `share_under_200`, `fraction`, `us_share`."""
    words = name.lower().split("_")
    return "share" in words or "fraction" in words or name.lower() in ("pct", "percent")


def is_coefficient(name: str) -> bool:
    """A coefficient on [0, 1] that is not a share of anything (Gini, Herfindahl): shown as 0.989, never 98.9%."""
    words = name.lower().split("_")
    return bool({"gini", "hhi", "herfindahl", "coefficient", "correlation"} & set(words))


def is_ratio(name: str) -> bool:
    """A growth factor (this year over last): shown as ×1.52."""
    words = name.lower().split("_")
    return bool({"yoy", "growth", "ratio"} & set(words))


def is_params(name: str) -> bool:
    """A parameter count: shown as 7.6B."""
    return "params" in name.lower().split("_")


def percent(v: float) -> str:
    """A share as a percentage: 71%, 4.2%, 0.35%, 0.0012% (two significant digits below one per cent)."""
    p = v * 100
    if p == 0:
        return "0%"
    if abs(p) >= 10:
        return f"{p:.0f}%"
    if abs(p) >= 1:
        return f"{p:.1f}".removesuffix(".0") + "%"
    return f"{p:.{1 - math.floor(math.log10(abs(p)))}f}%"


def plain(v: float) -> str:
    """A number with no known unit: whole numbers with separators, others to three significant digits."""
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 1e-3:
        return f"{v:.3g}"
    mantissa, exponent = f"{v:.2e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def params(v: float) -> str:
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= div:
            return f"{v / div:.3g}{unit}"
    return f"{v:.0f}"


def human(name: str, value: Any) -> str:
    """`value` as a person reads it, judged by the `name` it goes by (a headline key or a column)."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(human(name, v) for v in value) if value else NONE
    if isinstance(value, dict):
        return ", ".join(f"{k} {human(str(k), v)}" for k, v in value.items()) if value else NONE
    if isinstance(value, int):
        return params(value) if is_params(name) else f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return NONE
        if is_coefficient(name):
            return f"{value:.3f}"
        if is_share(name) and -1 <= value <= 1:
            return percent(value)
        if is_ratio(name):
            return f"×{value:.2f}"
        if is_params(name):
            return params(value)
        return plain(value)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fit_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int, *, gap: int = 2
) -> tuple[list[str], list[str]]:
    """The table's lines, formatted by `human` and at most `width` wide, and the columns left out to fit.

    Columns are dropped from the right (the first, which names the row, always stays) before anything is cut;
    a number is never cut. Only when the first column alone is too wide is its text shortened, with "…".
    """
    cells = [[human(c, v) for c, v in zip(columns, row)] for row in rows]
    numeric = [all(_is_number(r[i]) or r[i] is None for r in rows) and rows != [] for i in range(len(columns))]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    keep = list(range(len(columns)))
    while len(keep) > 1 and sum(widths[i] for i in keep) + gap * (len(keep) - 1) > width:
        keep.pop()
    dropped = [columns[i] for i in range(len(columns)) if i not in keep]
    if sum(widths[i] for i in keep) + gap * (len(keep) - 1) > width:  # one column, wider than the screen
        widths[keep[0]] = max(width, 1)

    def cell(i: int, text: str) -> str:
        if len(text) > widths[i]:
            text = text[: widths[i] - 1] + "…"
        return text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i])

    def line(values: Sequence[str]) -> str:
        return (" " * gap).join(cell(i, values[i]) for i in keep).rstrip()

    out = [line(list(columns)), line(["-" * widths[i] for i in range(len(columns))])]
    out += [line(r) for r in cells]
    return out, dropped
