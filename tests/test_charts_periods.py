"""Charts and partial periods, straight lines, full axes and labels in words (issue 20's report items)."""

from __future__ import annotations

from typing import Any

from hubcensus.report.charts import chart_spec
from hubcensus.report.charts.theme import country_scale
from hubcensus.report.labels import headline_label, show_value
from hubcensus.report.reading import reading_note


def _values(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["data"]["values"]


def _marks(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["mark"]] if isinstance(node.get("mark"), dict) else []
        return found + [m for v in node.values() for m in _marks(v)]
    if isinstance(node, list):
        return [m for v in node for m in _marks(v)]
    return []


def h1_doc() -> dict[str, Any]:
    rows = [
        {"target": "nvidia", "label": "NVIDIA GPUs", "month": m, "models": n}
        for m, n in (("2026-01-01", 40), ("2026-02-01", 42), ("2026-03-01", 0))
    ]
    return {
        "metric": "hardware_targets",
        "spec": "H1",
        "title": "t",
        "as_of": "2026-03-01",
        "headline": {},
        "rows": rows,
    }


def test_a_partial_last_month_is_left_out_and_said_so() -> None:
    spec = chart_spec(h1_doc())
    assert [v["month"] for v in _values(spec)] == ["2026-01-01", "2026-02-01"]
    assert "Mar 2026" in (reading_note(h1_doc()) or "")


def test_lines_are_straight_between_observed_points() -> None:
    spec = chart_spec(h1_doc())
    assert all(m.get("interpolate", "linear") == "linear" for m in _marks(spec))


def test_a_running_year_is_marked_partial_and_geo3_opens_on_its_headline_view() -> None:
    rows = [
        {"view": view, "period": p, "sector": "industry", "share": 0.9, "downloads": 9, "months": None}
        for view in ("by_creation_year", "downloads_per_year")
        for p in (
            ["<=2022-03-02", "2022", "2023", "2024", "2025", "2026"] if view == "by_creation_year" else ["2025", "2026"]
        )
    ]
    doc = {"metric": "developer_type_share", "spec": "GEO3", "title": "t", "as_of": "2026-03-01", "rows": rows}
    doc["headline"] = {"view": "downloads_per_year"}
    spec = chart_spec(doc)
    assert spec["params"][0]["value"] == "downloads_per_year"
    periods = {v["period"] for v in _values(spec)}
    assert {"≤ Mar 2022", "2025", "2026*"} <= periods and "2026" not in periods
    assert "marked *" in (reading_note(doc) or "")


def test_a2_axis_has_every_month_and_pop3_puts_small_topics_after() -> None:
    rows = [
        {"signal": "downloads", "peak_month": 1, "fall_month": m, "observed_months": 12, "engaged": True, "models": 3}
        for m in (7, 9)
    ]
    spec = chart_spec(
        {
            "metric": "engagement_lifetime",
            "spec": "A2",
            "title": "t",
            "as_of": "2026-03-01",
            "headline": {},
            "rows": rows,
        }
    )
    assert spec["encoding"]["x"]["scale"]["domain"] == ["7", "8", "9"]
    papers = [
        {"topic": t, "papers": n, "artifact_share": s, "big_tech_papers": 0, "big_tech_with_artifacts": 0}
        for t, n, s in (("other", 19, 1.0), ("vision", 12, 0.95), ("nlp", 300, 0.6))
    ]
    spec = chart_spec(
        {
            "metric": "papers_with_artifacts",
            "spec": "POP3",
            "title": "t",
            "as_of": "2026-03-01",
            "headline": {},
            "rows": papers,
        }
    )
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["nlp", "vision", "other"]
    assert spec["layer"][1]["encoding"]["text"] == {"field": "n"}  # n printed on every bar


def test_no_colour_repeats_within_a_country_scale() -> None:
    scale = country_scale(
        ["United States", "Hong Kong", "Russia", "China", "unattributed"] + [f"X{i}" for i in range(30)]
    )
    assert len(set(scale["range"])) == len(scale["range"])


def test_headline_keys_read_as_words_and_gini_as_a_coefficient() -> None:
    assert headline_label("top_0_01pct_share") == "Downloads to the top 0.01% of models"
    assert headline_label("cn_share_last_12m") == "China share, last 12 months"
    assert show_value(0.98876, "gini") == "0.989"
    assert show_value(0.5, "top_200_share") == "50.00%"
