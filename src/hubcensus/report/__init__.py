"""The report: charts of every metric, an HTML page that works offline, Markdown, JSON, and organisation scorecards,
rendered from documents the metrics computed (`hubcensus.metrics.run.compute_report_documents`)."""

from hubcensus.report.build import build_report, prepare_out
from hubcensus.report.charts import chart_spec, scorecard_specs, vega_bundle
from hubcensus.report.scorecards import org_file

__all__ = ["build_report", "chart_spec", "org_file", "prepare_out", "scorecard_specs", "vega_bundle"]
