"""POP2 and POP3 on small stores whose right answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hubcensus.metrics import papers as papers_module
from tests.hubfiles import model, ts
from tests.metricstore import Run, build


def paper(
    pid: str,
    up: int | None,
    org: str | None = None,
    sub: str | None = None,
    title: str = "A paper",
    published: str = "2025-06-01T00:00:00",
) -> dict[str, Any]:
    return {
        "paper_id": pid,
        "paper_title": title,
        "paper_upvotes": up,
        "paper_publishedAt": ts(published),
        "paper_submittedOnDailyAt": ts(published),
        "organization": {"name": sub, "fullname": sub} if sub else None,
        "paper_organization": {"name": org, "fullname": org} if org else None,
        "paper_authors": [{"name": "Ada Lovelace"}],
        "numComments": 0,
    }


def ds(repo_id: str, tags: list[str], created: str = "2025-06-01T00:00:00") -> dict[str, Any]:
    return {"id": repo_id, "author": repo_id.split("/")[0], "createdAt": ts(created), "tags": tags}


# -- POP2 ---------------------------------------------------------------------------------------
# Registry facts used: ByteDance and ByteDance-Seed -> group ByteDance (CN, Big Tech); Qwen -> Alibaba Group
# (CN, Big Tech); google (US) and deepmind (GB) -> Alphabet (Big Tech); microsoft (US, Big Tech);
# mistralai -> Mistral AI (FR, startup); an organisation outside the registry is unattributed.
POP2_PAPERS = [
    paper("2501.00001", 100, "ByteDance-Seed"),
    paper("2501.00002", 50, "ByteDance"),
    paper("2501.00003", 60, "Qwen"),
    paper("2501.00004", 40, "google"),
    paper("2501.00005", 30, "deepmind"),
    paper("2501.00006", 20, "mistralai"),
    paper("2501.00007", 10, "unknown-org-xyz"),
    paper("2501.00008", 25, None, sub="allenai"),  # submitted by an org, claimed by none: no organisation
    paper("2501.00009", 5),
    paper("2501.00010", 35, "microsoft", sub="allenai"),  # the claiming org counts, not the submitter
]


def test_upvotes_by_org_by_hand(tmp_path: Path, run: Run) -> None:
    # upvotes: 100+50+60+40+30+20+10+25+5+35 = 375; papers naming an organisation: all but 8 and 9 -> 345
    #   org_upvote_share = 345/375 = 0.92; submitter_only_papers = 1 (paper 8)
    # groups: ByteDance 150 (2 namespaces), Alphabet 70 (google 40 + deepmind 30; country of google, the larger: US),
    #   Alibaba Group 60, Microsoft 35, Mistral AI 20, unknown-org-xyz 10
    #   top_org ByteDance, 150/345 = 0.434783; top 10 = everything = 1.0
    # countries per paper: CN 100+50+60 = 210 -> 210/345 = 0.608696; US 40+35 = 75 -> 0.217391; GB 30; FR 20; unattributed 10
    # Big Tech in the top 10: CN ByteDance, Alibaba -> 2; US Alphabet, Microsoft -> 2
    # top 100 = all 10 papers: ByteDance's 2; CN papers 1, 2, 3; US papers 4 and 10 (deepmind's is GB)
    doc = run(build(tmp_path, {"2026-03-01": {"papers": POP2_PAPERS}}), "paper_upvotes_by_org")
    h = doc["headline"]
    assert (h["papers"], h["upvotes"], h["papers_with_org"], h["submitter_only_papers"]) == (10, 375, 8, 1)
    assert h["org_upvote_share"] == pytest.approx(0.92)
    assert h["top_org"] == "ByteDance" and h["top_org_share"] == pytest.approx(150 / 345, rel=1e-5)
    assert h["top10_orgs_share"] == pytest.approx(1.0)
    assert h["cn_share"] == pytest.approx(210 / 345, rel=1e-5) and h["us_share"] == pytest.approx(75 / 345, rel=1e-5)
    assert (h["cn_big_tech_in_top10"], h["us_big_tech_in_top10"]) == (2, 2)
    assert (h["bytedance_papers_in_top100"], h["cn_papers_in_top100"], h["us_papers_in_top100"]) == (2, 3, 2)
    orgs = [r for r in doc["rows"] if r["view"] == "organisation"]
    assert [(r["rank"], r["name"], r["country"], r["upvotes"]) for r in orgs] == [
        (1, "ByteDance", "CN", 150),
        (2, "Alphabet", "US", 70),
        (3, "Alibaba Group", "CN", 60),
        (4, "Microsoft", "US", 35),
        (5, "Mistral AI", "FR", 20),
        (6, "unknown-org-xyz", "unattributed", 10),
    ]
    assert orgs[0]["namespaces"] == 2 and orgs[0]["papers"] == 2 and orgs[0]["big_tech"] is True
    assert orgs[4]["big_tech"] is False
    # countries by upvotes, ties by label: "(no organisation)" (30 = 25 + 5) sorts before GB (30) and has no rank
    countries = [(r["rank"], r["name"], r["upvotes"]) for r in doc["rows"] if r["view"] == "country"]
    assert countries == [
        (1, "CN", 210),
        (2, "US", 75),
        (None, "(no organisation)", 30),
        (3, "GB", 30),
        (4, "FR", 20),
        (5, "unattributed", 10),
    ]
    assert doc["snapshots"] == ["2026-03-01"]


def test_top_100_ties_are_broken_by_paper_id(tmp_path: Path, run: Run) -> None:
    # 103 papers, all 10 upvotes; ByteDance claims 2501.00100 … 2501.00103. The top 100 by (upvotes desc, id)
    # are ids 00001 … 00100, so ByteDance has exactly one paper there.
    rows = [paper(f"2501.{i:05d}", 10, "ByteDance" if i >= 100 else "mistralai") for i in range(1, 104)]
    h = run(build(tmp_path, {"2026-03-01": {"papers": rows}}), "paper_upvotes_by_org")["headline"]
    assert h["bytedance_papers_in_top100"] == 1 and h["cn_papers_in_top100"] == 1
    # groups: Mistral AI 99 papers x 10 = 990, ByteDance 40 -> top is Mistral AI; one CN Big Tech in the top 10
    assert h["top_org"] == "Mistral AI" and h["cn_big_tech_in_top10"] == 1


def test_papers_edge_cases(tmp_path: Path, run: Run) -> None:
    # no daily papers file: nothing to say, every headline key present and None
    doc = run(build(tmp_path / "none", {"2026-03-01": {"models": [model("a/b", 1)]}}), "paper_upvotes_by_org")
    assert set(doc["headline"].values()) == {None} and doc["notes"] == ["no snapshot holds daily papers"]
    # all-zero (and missing) upvotes, no organisations: counts, but no share can be formed
    h = run(
        build(tmp_path / "zero", {"2026-03-01": {"papers": [paper("2501.00001", 0), paper("2501.00002", None)]}}),
        "paper_upvotes_by_org",
    )["headline"]
    assert (h["papers"], h["upvotes"], h["papers_with_org"]) == (2, 0, 0)
    assert h["org_upvote_share"] is None and h["us_share"] is None and h["top_org"] is None


def test_as_of_leaves_out_papers_listed_later(tmp_path: Path, run: Run) -> None:
    # 2026-01-01 lists paper 1 only; 2026-03-01 adds paper 2. As of February only paper 1 exists.
    db = build(
        tmp_path,
        {
            "2026-01-01": {"papers": [paper("2501.00001", 5, "google")]},
            "2026-03-01": {"papers": [paper("2501.00001", 7, "google"), paper("2501.00002", 3, "Qwen")]},
        },
    )
    early = run(db, "paper_upvotes_by_org", dt.date(2026, 2, 1))
    # the store keeps the newest state only: paper 1 carries 7 upvotes even as of February, and a note says so
    assert (early["headline"]["papers"], early["headline"]["upvotes"]) == (1, 7)
    assert any("newer than 2026-01-01" in n for n in early["notes"])
    assert run(db, "paper_upvotes_by_org")["headline"]["upvotes"] == 10


# -- POP3 ---------------------------------------------------------------------------------------
POP3_PAPERS = [
    paper("2401.00001", 5, title="Medical Report Generation"),  # medical; a model releases it
    paper("2401.00002", 5, title="Clinical Question Answering for Robots"),  # medical + robotics; nothing released
    paper("2401.00003", 5, title="Protein Structure Prediction"),  # biology & chemistry; a dataset tags it with v2
    paper("2401.00004", 5, title="Scaling Something Else"),  # other; only a space links it (spaces do not count)
    paper(
        "2401.00005", 5, "google", title="Biomedical Vision Transformers"
    ),  # medical + vision; its model is deleted later
    paper(
        "2401.00006", 5, "microsoft", title="Codec Models for Speech"
    ),  # speech & audio, not code; a model releases it
]


def _pop3_snapshots() -> dict[str, dict[str, list[dict[str, Any]]]]:
    models = [
        model("u/m1", 1, tags=["arxiv:2401.00001"]),
        model("google/gone", 1, tags=["arxiv:2401.00005"]),
        model("microsoft/codec", 1, tags=["arxiv:2401.00006"]),
    ]
    datasets = [ds("d/p3", ["arxiv:2401.00003v2"])]
    spaces = [{"id": "s/x", "author": "s", "createdAt": ts("2025-06-01T00:00:00"), "tags": ["arxiv:2401.00004"]}]
    return {
        "2026-02-01": {"models": models, "datasets": datasets, "spaces": spaces, "papers": POP3_PAPERS},
        "2026-03-01": {"models": [models[0], models[2]], "datasets": datasets, "spaces": spaces, "papers": POP3_PAPERS},
    }


def test_papers_with_artifacts_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    # As of 2026-03-01 (google/gone deleted): papers with artifacts 1 (model), 3 (dataset, "v2" ignored), 6 (model)
    #   -> 3/6 = 0.5; with models 2, with datasets 1
    # Big Tech papers: 5 (google), 6 (microsoft) -> 2; with artifacts: 6 -> share of artifact papers 1/3,
    #   Big Tech rate 1/2, everyone else (3 - 1) / (6 - 2) = 0.5
    # topics: medical {1 art, 2, 5} -> 3 papers, 1 with artifacts (1/3); robotics {2} 0/1; biology & chemistry {3} 1/1;
    #   other {4} 0/1; vision {5} 0/1; speech & audio {6} 1/1
    # ranked (with the minimum lowered to 1 paper, 'other' excluded), share desc then name:
    #   biology & chemistry 1.0, speech & audio 1.0, medical 0.333, robotics 0, vision 0 -> medical rank 3
    monkeypatch.setattr(papers_module, "MIN_TOPIC_PAPERS", 1)
    db = build(tmp_path, _pop3_snapshots())
    doc = run(db, "papers_with_artifacts")
    h = doc["headline"]
    assert (h["papers"], h["papers_with_artifacts"], h["papers_with_models"], h["papers_with_datasets"]) == (6, 3, 2, 1)
    assert h["artifact_share"] == 0.5
    assert h["big_tech_papers"] == 2 and h["big_tech_share_of_artifact_papers"] == pytest.approx(1 / 3, rel=1e-5)
    assert (h["big_tech_artifact_share"], h["other_artifact_share"]) == (0.5, 0.5)
    assert (h["top_topic_by_share"], h["top_topic_share"]) == ("biology & chemistry", 1.0)
    assert (h["medical_papers"], h["medical_with_artifacts"], h["medical_rank"]) == (3, 1, 3)
    assert h["medical_artifact_share"] == pytest.approx(1 / 3, rel=1e-5)
    by = {r["topic"]: (r["papers"], r["with_artifacts"], r["rank"]) for r in doc["rows"]}
    assert by == {
        "medical": (3, 1, 3),
        "robotics": (1, 0, 4),
        "biology & chemistry": (1, 1, 1),
        "other": (1, 0, None),
        "vision": (1, 0, 5),
        "speech & audio": (1, 1, 2),
    }
    # As of 2026-02-15 google/gone is still there: paper 5 releases a model too -> 4 of 6; Big Tech 2 of 2
    early = run(db, "papers_with_artifacts", dt.date(2026, 2, 15))["headline"]
    assert (early["papers_with_artifacts"], early["big_tech_artifact_share"], early["medical_with_artifacts"]) == (
        4,
        1.0,
        2,
    )


def test_topics_need_ten_papers_to_rank_by_default(tmp_path: Path, run: Run) -> None:
    h = run(build(tmp_path, _pop3_snapshots()), "papers_with_artifacts")["headline"]
    assert h["top_topic_by_share"] is None and h["medical_rank"] is None and h["medical_papers"] == 3


def test_topic_keywords_start_words() -> None:
    import re

    def topics(title: str) -> set[str]:
        return {t for t, stems in papers_module.TOPICS if re.search(papers_module.topic_regex(stems), title.lower())}

    assert topics("Codec Models for Speech") == {"speech & audio"}
    assert topics("Code Generation") == {"code"}
    assert "medical" in topics("Biomedical Segmentation") and "medical" not in topics("Comedic Timing")
    assert topics("Mixture-of-Experts Kernels") == {"efficiency"}


def test_papers_with_artifacts_without_repos(tmp_path: Path, run: Run) -> None:
    # papers but no model or dataset snapshot: nothing can release artifacts
    doc = run(build(tmp_path, {"2026-03-01": {"papers": POP3_PAPERS[:2]}}), "papers_with_artifacts")
    h = doc["headline"]
    assert (h["papers"], h["papers_with_artifacts"], h["artifact_share"]) == (2, 0, 0.0)
    assert h["big_tech_share_of_artifact_papers"] is None and h["big_tech_artifact_share"] is None
    assert "no snapshot holds models" in doc["notes"]
