"""GEO6 with accounts of unknown type (#17): a namespace outside the registry whose type the store does not
know (no authors listing, or not in it) counts under its namespace, as the definition says; only user
accounts and registry individuals are left out."""

from __future__ import annotations

from pathlib import Path

from tests.hubfiles import model, ts
from tests.metricstore import Run, build

Y25 = ts("2025-06-01T00:00:00")


def releases(doc: dict, org: str, year: int = 2025) -> int | None:
    rows = [r["releases"] for r in doc["rows"] if r["organisation"] == org and r["year"] == year]
    return rows[0] if rows else None


def test_unknown_account_types_count_under_their_namespace_without_an_authors_listing(tmp_path: Path, run: Run) -> None:
    # No authors file at all: every namespace outside the registry is of unknown type.
    # 2025: zorblat 3, quuxco 1, baidu 1 (registry: Baidu) -> 5 organisation releases; top zorblat.
    models = [model(f"zorblat/m{i}", createdAt=Y25) for i in range(3)]
    models += [model("quuxco/m", createdAt=Y25), model("baidu/a", createdAt=Y25)]
    db = build(tmp_path, {"2026-03-01": {"models": models}})
    h = run(db, "org_release_growth")["headline"]
    assert (h["top_org"], h["top_org_releases"], h["org_releases"]) == ("zorblat", 3, 5)
    assert h["baidu_releases"] == 1


def test_unknown_types_count_users_do_not(tmp_path: Path, run: Run) -> None:
    # The authors listing knows u1 (a user: left out) and orgy (an organisation); zorblat is not in it (unknown: counts).
    models = [model("u1/a", createdAt=Y25), model("u1/b", createdAt=Y25)]
    models += [model("orgy/a", createdAt=Y25), model("zorblat/a", createdAt=Y25), model("zorblat/b", createdAt=Y25)]
    authors = [
        {"name": "u1", "type": "user", "isVerified": False, "fullname": "u1"},
        {"name": "orgy", "type": "org", "isVerified": False, "fullname": "orgy"},
    ]
    db = build(tmp_path, {"2026-03-01": {"models": models}}, authors=authors)
    doc = run(db, "org_release_growth")
    assert doc["headline"]["org_releases"] == 3
    assert (releases(doc, "zorblat"), releases(doc, "orgy"), releases(doc, "u1")) == (2, 1, None)
