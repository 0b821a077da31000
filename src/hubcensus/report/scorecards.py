"""Where each organisation's scorecard is written: its page's name under `orgs/`.

The scorecards themselves are computed with the metrics (`hubcensus.metrics.scorecards`); the report
only names and renders them.
"""

from __future__ import annotations

import hashlib
import re

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,95}")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def org_file(author: str) -> str:
    """The scorecard's file name under `orgs/`, from the author alone (so links are stable across builds).

    A Hub namespace is letters, digits, `-`, `_` and `.`, and no two differ only in case, so the
    name itself is used when it is one; anything else (a hostile or malformed author from a dump)
    becomes its safe characters plus a hash of the exact name, which keeps the mapping one-to-one.
    """
    base = author
    if _SAFE.fullmatch(author) and not author.endswith(".") and author.split(".")[0].lower() not in _RESERVED:
        return f"{base}.html"
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", author).strip("-.")[:60] or "org"
    digest = hashlib.sha256(author.encode("utf-8")).hexdigest()[:10]
    return f"{safe}-{digest}.html"
