"""The metrics map: a module's cause-and-effect links drawn at build time as inline SVG plus a table."""

from course.metrics_map.layout import Box, EdgePath, Layout, NodeBox, layout, render_metrics_map, text_width, wrap_label

__all__ = ["Box", "EdgePath", "Layout", "NodeBox", "layout", "render_metrics_map", "text_width", "wrap_label"]
