"""A Vega-Lite chart for each metric document, and the JavaScript that draws them.

`chart_spec(doc)` maps the document `run_metric` returns to a Vega-Lite v5 spec (a plain dict), or
None when the document has nothing to draw. The report (`hubcensus report`) and the local explorer
(`hubcensus serve`) both call it, so a chart looks the same wherever it is shown. Specs carry their
data inline (`data.values`) and never a URL or a `$schema`: the page must not reach the network,
and vega-embed needs neither when told the mode.

Specs are built from the document's tidy rows with only the fields a chart needs, in the rows'
own order, and every dict is plain JSON: the same document gives the same spec, byte for byte
once dumped with sorted keys, which is what makes the report reproducible.

The package follows the metrics' layout: `theme` (colours, fonts, the shared config and helpers),
`registry` (`@chart(metric_name)` and `chart_spec`), one module per chapter's metric module holding
its charts, `scorecards` (an organisation's page) and `render` (SVG images and the page's script).
"""

# importing each chapter's module registers its charts
from hubcensus.report.charts import (  # noqa: F401
    adoption,
    communities,
    concentration,
    derivatives,
    geography,
    growth,
    hardware,
    papers,
    popularity,
)
from hubcensus.report.charts.registry import CHARTS, chart, chart_spec
from hubcensus.report.charts.render import render_svg, static_spec, vega_bundle
from hubcensus.report.charts.scorecards import scorecard_specs
from hubcensus.report.charts.theme import country_name

__all__ = [
    "CHARTS",
    "chart",
    "chart_spec",
    "country_name",
    "render_svg",
    "scorecard_specs",
    "static_spec",
    "vega_bundle",
]
