"""The metrics map: a module's cause-and-effect links drawn at build time as inline SVG plus a table.

The sub-package is layered, each module using only those above it in this list:
``sizes`` (the drawing's measurements), ``labels`` (text width and wrapping),
``graph`` (ordering over integer vertices), ``placement`` (horizontal positions),
``geometry`` (the result types and path helpers), ``routing`` (ports, curves, badges),
``layout`` (the phases that compose them) and ``svg`` (the HTML fragment).
What pages and tests need is exported here.
"""

from course.metrics_map.geometry import Box, EdgePath, Layout, NodeBox
from course.metrics_map.labels import text_width, wrap_label
from course.metrics_map.layout import layout
from course.metrics_map.svg import render_metrics_map

__all__ = ["Box", "EdgePath", "Layout", "NodeBox", "layout", "render_metrics_map", "text_width", "wrap_label"]
