"""Headline keys in words, for the report's "Headline values" and the explorer's tiles.

A metric's headline is a dict whose keys are written for code (`top_0_01pct_share`, `cn_share_last_12m`);
a reader needs "top 0.01% of models' share" and "China's share, last 12 months". One function, so the
report and the explorer say the same thing: a few keys by name, the rest word by word.
"""

from __future__ import annotations

import re
from typing import Any

NAMED = {
    "gini": "Gini coefficient",
    "share_under_200": "models under 200 downloads",
    "top_200_share": "downloads to the top 200 models",
    "top_0_01pct_share": "downloads to the top 0.01% of models",
    "n": "count",
    "yoy": "year over year",
}
# whole-token replacements (a token is what lies between underscores, or a run joined below)
TOKENS = {
    "cn": "China",
    "us": "US",
    "de": "Germany",
    "fr": "France",
    "gb": "UK",
    "kr": "South Korea",
    "yoy": "year over year",
    "12m": "12 months",
    "30d": "30 days",
    "90d": "90 days",
    "365d": "365 days",
    "min5": "(at least 5)",
    "lt1b": "<1B",
    "ge100b": "≥100B",
    "2plus": "2+",
    "3plus": "3+",
    "pct": "%",
    "prev": "previous",
    "r1": "R1",
    "v2": "(v2)",
    "amd": "AMD",
    "nvidia": "NVIDIA",
    "cpu": "CPU",
    "top10": "top 10",
    "top100": "top 100",
    "30d_counts": "30-day counts",
    "org": "organisation",
    "orgs": "organisations",
}
# runs of tokens that read as one thing: sizes ("1_9b" is 1–9B), shares of a fraction of a percent
RUNS = [
    (re.compile(r"(?:^|_)0_01pct(?=_|$)"), "_0.01%"),
    (re.compile(r"(?:^|_)1_9b(?=_|$)"), "_1–9B"),
    (re.compile(r"(?:^|_)10_99b(?=_|$)"), "_10–99B"),
]


def headline_label(key: str) -> str:
    """A headline key as words: `cn_share_last_12m` → "China share, last 12 months"."""
    if key in NAMED:
        out = NAMED[key]
        return out[:1].upper() + out[1:]
    text = key
    for pattern, words in RUNS:
        text = pattern.sub(words, text)
    words = [TOKENS.get(t, t) for t in text.strip("_").split("_") if t]
    out = " ".join(words).replace(" %", "%")
    # "… share last 12 months" reads better with the period set apart
    out = re.sub(r" (last|prior) (12 months|month)$", r", \1 \2", out)
    return out[:1].upper() + out[1:] if out[:1].islower() else out


def show_value(v: Any, key: str = "") -> str:
    """A headline or table value as a reader wants it: shares as percentages, big numbers grouped."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if key == "gini":  # a coefficient between 0 and 1, not a share: 0.989, not 98.88%
            return f"{v:.3f}"
        if "share" in key and 0 <= v <= 1:
            return f"{v:.2%}"
        return f"{v:,.4g}" if abs(v) < 1e6 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}" if not key.endswith("year") and key != "year" else str(v)
    if isinstance(v, list):
        return ", ".join(show_value(x) for x in v)
    return str(v)
