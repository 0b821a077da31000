"""POP1 on stores whose right answers are worked out by hand in the comments.

Registry rows the comments rely on: meta-llama US, deepseek-ai CN, Qwen CN, mistralai FR; `u1` is a
user account (no base) and `mysteryorg` an organisation outside the registry (unattributed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hubcensus.metrics import popularity
from tests.hubfiles import model, ts
from tests.metricstore import Run, build


def liked(repo_id: str, likes: int) -> dict:
    return model(repo_id, 1, likes=likes, createdAt=ts("2024-06-01T00:00:00"))


def test_most_liked_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    # now = 2026-03-01; a year earlier = 2025-03-01 (2026 - 365 days). 2025-02-25 and 2025-03-05 are both 4 days
    # away: the older, 2025-02-25, is taken. 2025-09-01 is 184 days away.
    # 2025-02-25: meta-llama/L 500, meta-llama/L2 400, deepseek-ai/R1 100, u1/x 0 (no like: not listed)
    #   -> top meta-llama/L (US); US 2, CN 1; labels {US, CN} = 2
    # 2026-03-01: deepseek-ai/R1 2000, Qwen/Q 800, meta-llama/L 800 (tie: "Qwen/Q" < "meta-llama/L" in byte order),
    #   mistralai/M 100, u1/x 3, mysteryorg/o 1
    #   -> top R1 (CN); US 1, CN 2; labels {CN, US, FR, no base, unattributed} = 5
    snaps = {
        "2025-02-25": {
            "models": [
                liked("meta-llama/L", 500),
                liked("meta-llama/L2", 400),
                liked("deepseek-ai/R1", 100),
                liked("u1/x", 0),
            ]
        },
        "2025-03-05": {"models": [liked("deepseek-ai/R1", 999)]},
        "2025-09-01": {"models": [liked("deepseek-ai/R1", 1500), liked("meta-llama/L", 700)]},
        "2026-03-01": {
            "models": [
                liked("deepseek-ai/R1", 2000),
                liked("Qwen/Q", 800),
                liked("meta-llama/L", 800),
                liked("mistralai/M", 100),
                liked("u1/x", 3),
                liked("mysteryorg/o", 1),
            ]
        },
    }
    authors = [
        {"name": "u1", "type": "user", "isVerified": False, "fullname": "u1"},
        {"name": "mysteryorg", "type": "org", "isVerified": False, "fullname": "m"},
    ]
    db = build(tmp_path, snaps, authors=authors)
    doc = run(db, "most_liked")
    h = doc["headline"]
    assert (h["date_now"], h["date_year_ago"]) == ("2026-03-01", "2025-02-25")
    assert (h["top_now"], h["top_now_country"], h["top_year_ago"], h["top_year_ago_country"]) == (
        "deepseek-ai/R1",
        "CN",
        "meta-llama/L",
        "US",
    )
    assert (h["us_in_top_now"], h["cn_in_top_now"], h["countries_in_top_now"]) == (1, 2, 5)
    assert (h["us_in_top_year_ago"], h["cn_in_top_year_ago"], h["countries_in_top_year_ago"]) == (2, 1, 2)
    now = [(r["rank"], r["model"], r["likes"], r["country"]) for r in doc["rows"] if r["which"] == "now"]
    assert now == [
        (1, "deepseek-ai/R1", 2000, "CN"),
        (2, "Qwen/Q", 800, "CN"),
        (3, "meta-llama/L", 800, "US"),
        (4, "mistralai/M", 100, "FR"),
        (5, "u1/x", 3, "international / no clear base"),
        (6, "mysteryorg/o", 1, "unattributed"),
    ]
    before = [(r["date"], r["rank"], r["model"], r["organisation"]) for r in doc["rows"] if r["which"] == "year_ago"]
    assert before == [
        ("2025-02-25", 1, "meta-llama/L", "Meta"),
        ("2025-02-25", 2, "meta-llama/L2", "Meta"),
        ("2025-02-25", 3, "deepseek-ai/R1", "DeepSeek"),
    ]
    assert doc["snapshots"] == ["2025-02-25", "2026-03-01"]
    assert not any("closest" in n for n in doc["notes"])  # 4 days from the target: no warning
    # top 2 only: the tie at 800 is cut by id, Qwen/Q in, meta-llama/L out
    monkeypatch.setattr(popularity, "TOP_LIKED", 2)
    now2 = [r["model"] for r in run(db, "most_liked")["rows"] if r["which"] == "now"]
    assert now2 == ["deepseek-ai/R1", "Qwen/Q"]
    monkeypatch.undo()
    # as of 2025-10-01: now = 2025-09-01, a year earlier = 2024-09-01 -> closest 2025-02-25 (177 days off: noted)
    doc = run(db, "most_liked", dt.date(2025, 10, 1))
    assert (doc["headline"]["date_now"], doc["headline"]["date_year_ago"], doc["headline"]["top_now"]) == (
        "2025-09-01",
        "2025-02-25",
        "deepseek-ai/R1",
    )
    assert any("closest to a year before" in n for n in doc["notes"])


def test_most_liked_with_one_snapshot_and_no_likes(tmp_path: Path, run: Run) -> None:
    # one snapshot: only the as-of date; the model with 0 likes is not a "most liked" model
    db = build(tmp_path, {"2026-03-01": {"models": [liked("deepseek-ai/R1", 5), liked("gpt2", 9), liked("u1/x", 0)]}})
    doc = run(db, "most_liked")
    h = doc["headline"]
    assert h["date_year_ago"] is None and h["top_year_ago"] is None and h["us_in_top_year_ago"] is None
    # gpt2 has no namespace: unattributed, and ranks first with 9 likes
    assert [(r["model"], r["country"]) for r in doc["rows"]] == [("gpt2", "unattributed"), ("deepseek-ai/R1", "CN")]
    assert any("no earlier snapshot" in n for n in doc["notes"])
    zero = run(build(tmp_path / "z", {"2026-03-01": {"models": [liked("Qwen/a", 0)]}}), "most_liked")
    assert (
        zero["rows"] == []
        and zero["headline"]["top_now"] is None
        and any("no model has a like" in n for n in zero["notes"])
    )
