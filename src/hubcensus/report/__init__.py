"""The report: charts of every metric, an HTML page that works offline, Markdown, JSON, and organisation scorecards."""

from hubcensus.report.build import build_report
from hubcensus.report.charts import chart_spec, scorecard_specs, vega_bundle
from hubcensus.report.scorecards import org_file, scorecards

__all__ = ["build_report", "chart_spec", "org_file", "scorecard_specs", "scorecards", "vega_bundle"]
