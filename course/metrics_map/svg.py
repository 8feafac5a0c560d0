"""The metrics map as HTML: a figure with its legend and inline SVG, then the same links as a table.

The fragment returned by :func:`render_metrics_map` is inserted into the page *after*
the sanitiser has run, so every piece of text from the YAML is escaped here. Colours
are left to ``metrics-map.css`` (only ``currentColor``, ``none`` and ``transparent``
appear in the markup), so the map follows Material's light and dark schemes.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence

from course.metrics_map.geometry import EdgePath, Layout, NodeBox, coordinate
from course.metrics_map.layout import layout
from course.metrics_map.sizes import BADGE_FONT_SIZE, BADGE_RADIUS, FONT_SIZE, LINE_HEIGHT, MAX_SCALE, MIN_SCALE
from course.model.schema import Relationship
from course.render.text import escape

__all__ = ["render_metrics_map"]

MINUS = "\u2212"
DIRECTION_WORDS = {"+": "rises", "-": "falls"}
DIRECTION_CLASSES = {"+": "pos", "-": "neg"}
BADGE_TEXT = {"+": "+", "-": MINUS}
#: Negative links are dashed as well as coloured, so they differ for colour-blind readers and in print.
NEGATIVE_DASH = "7 5"
TABLE_HEADINGS = ("Cause", "Effect", "When the cause rises, the effect", "Why")


def _dash(direction: str) -> str:
    return f' stroke-dasharray="{NEGATIVE_DASH}"' if direction == "-" else ""


def _default_prefix(relationships: Sequence[Relationship], title: str) -> str:
    """Ids unique per map (several maps may share a page) yet stable across rebuilds."""
    payload = json.dumps([title, [r.model_dump() for r in relationships]], sort_keys=True)
    return "metrics-map-" + hashlib.sha256(payload.encode()).hexdigest()[:10]


def _legend() -> str:
    """A key drawn with the same marks as the map, so a reader matches them by eye."""
    items = []
    for direction, name, meaning in (
        ("+", "Same direction", "when the cause rises, the effect rises too"),
        ("-", "Opposite direction", "when the cause rises, the effect falls"),
    ):
        css = DIRECTION_CLASSES[direction]
        swatch = (
            f'<svg class="course-metrics-map__swatch course-metrics-map__edge--{css}" viewBox="0 0 56 20" '
            'width="56" height="20" aria-hidden="true" focusable="false">'
            f'<path class="course-metrics-map__line" d="M2 10H44" fill="none" stroke="currentColor"{_dash(direction)}/>'
            '<path class="course-metrics-map__arrow" d="M54 10L45 5.5V14.5Z" fill="currentColor"/>'
            f'<circle class="course-metrics-map__badge" cx="22" cy="10" r="{coordinate(BADGE_RADIUS)}" '
            'fill="none" stroke="currentColor"/>'
            f'<text class="course-metrics-map__badge-text" x="22" y="10" dy="0.35em" text-anchor="middle" '
            f'font-size="{coordinate(BADGE_FONT_SIZE)}" fill="currentColor">{BADGE_TEXT[direction]}</text></svg>'
        )
        items.append(
            f"<li>{swatch}<span><strong>{name}</strong> ({'solid' if direction == '+' else 'dashed'}"
            f" line, {BADGE_TEXT[direction]}): {meaning}.</span></li>"
        )
    return '<ul class="course-metrics-map__legend">' + "".join(items) + "</ul>"


def _sentence(edge: EdgePath) -> str:
    """The link in words, as each edge's and badge's tooltip."""
    return f"When {edge.cause} rises, {edge.effect} {DIRECTION_WORDS[edge.direction]}. {edge.why}"


def _edge(edge: EdgePath) -> str:
    """One link's line and arrowhead, with a wide invisible stroke so the tooltip is easy to hit."""
    css = DIRECTION_CLASSES[edge.direction]
    tip = " ".join(f"{coordinate(px)} {coordinate(py)}" for px, py in edge.arrow)
    return (
        f'<g class="course-metrics-map__edge course-metrics-map__edge--{css}'
        f'{" course-metrics-map__edge--feedback" if edge.feedback else ""}">'
        f"<title>{escape(_sentence(edge))}</title>"
        f'<path class="course-metrics-map__hit" d="{edge.d}" fill="none" stroke="transparent" stroke-width="12"/>'
        f'<path class="course-metrics-map__line" d="{edge.d}" fill="none" stroke="currentColor"'
        f"{_dash(edge.direction)}/>"
        f'<path class="course-metrics-map__arrow" d="M{tip}Z" fill="currentColor"/>'
        "</g>"
    )


def _node(node: NodeBox) -> str:
    """One metric's box and its wrapped lines, centred, with the full name as tooltip."""
    b = node.box
    first = b.cy - (len(node.lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{coordinate(b.cx)}" y="{coordinate(first + i * LINE_HEIGHT)}" dy="0.35em">{escape(line)}</tspan>'
        for i, line in enumerate(node.lines)
    )
    return (
        f'<g class="course-metrics-map__node"><title>{escape(node.label)}</title>'
        f'<rect class="course-metrics-map__box" x="{coordinate(b.x)}" y="{coordinate(b.y)}" '
        f'width="{coordinate(b.width)}" '
        f'height="{coordinate(b.height)}" rx="6" fill="none" stroke="currentColor"/>'
        f'<text class="course-metrics-map__label" text-anchor="middle" font-size="{coordinate(FONT_SIZE)}" '
        f'fill="currentColor">{spans}</text></g>'
    )


def _badge(edge: EdgePath) -> str:
    """One link's "+"/"−" badge, drawn last so that no line crosses over it."""
    css = DIRECTION_CLASSES[edge.direction]
    cx, cy = coordinate(edge.badge.cx), coordinate(edge.badge.cy)
    return (
        f'<g class="course-metrics-map__edge course-metrics-map__edge--{css}">'
        f"<title>{escape(_sentence(edge))}</title>"
        f'<circle class="course-metrics-map__badge" cx="{cx}" cy="{cy}" '
        f'r="{coordinate(BADGE_RADIUS)}" fill="none" stroke="currentColor"/>'
        f'<text class="course-metrics-map__badge-text" x="{cx}" y="{cy}" '
        f'dy="0.35em" text-anchor="middle" font-size="{coordinate(BADGE_FONT_SIZE)}" fill="currentColor">'
        f"{BADGE_TEXT[edge.direction]}</text>"
        "</g>"
    )


def _svg(plan: Layout, title: str, prefix: str, described_by: str) -> str:
    """The diagram: edges first, then boxes over them, then badges over both."""
    opening = (
        f'<svg class="course-metrics-map__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{prefix}-title" aria-describedby="{described_by}" '
        f'viewBox="0 0 {coordinate(plan.width)} {coordinate(plan.height)}" width="100%" '
        f'preserveAspectRatio="xMidYMin meet" '
        # Rounded up, so the smallest text is never a fraction of a pixel under its 12px floor.
        f'style="min-width:{coordinate(math.ceil(plan.width * MIN_SCALE))}px;'
        f'max-width:{coordinate(round(plan.width * MAX_SCALE))}px">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
    )
    return (
        f'{opening}<g class="course-metrics-map__edges">{"".join(_edge(e) for e in plan.edges)}'
        f'</g><g class="course-metrics-map__nodes">{"".join(_node(n) for n in plan.nodes)}'
        f'</g><g class="course-metrics-map__badges">{"".join(_badge(e) for e in plan.edges)}'
        "</g></svg>"
    )


def _table(relationships: Sequence[Relationship], prefix: str) -> str:
    """The same links in words, for screen readers and for anyone who prefers reading.

    The explicit ARIA roles keep it a table for assistive technology when the stylesheet
    stacks its rows into cards on narrow screens (changing `display` drops table
    semantics in some browsers); `data-label` gives each stacked cell its heading.
    """
    head = "".join(f'<th scope="col" role="columnheader">{h}</th>' for h in TABLE_HEADINGS)
    rows = []
    for r in relationships:
        cells = (escape(r.cause), escape(r.effect), DIRECTION_WORDS[r.direction], escape(r.why))
        row = "".join(f'<td role="cell" data-label="{h}">{c}</td>' for h, c in zip(TABLE_HEADINGS, cells, strict=True))
        rows.append(f'<tr role="row">{row}</tr>')
    return (
        f'<details class="course-metrics-table" id="{prefix}-table">'
        "<summary>The relationships as a table</summary>"
        f'<table role="table"><thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(rows)}</tbody></table></details>'
    )


def render_metrics_map(
    relationships: Sequence[Relationship],
    title: str = "How the metrics drive each other",
    *,
    id_prefix: str | None = None,
) -> str:
    """The metrics map as a trusted HTML fragment: figure with inline SVG and legend, then a table.

    Returns an empty string when there is nothing to draw (the loader already reports a
    `metrics_map` without relationships as a problem).
    """
    if not relationships:
        return ""
    prefix = id_prefix or _default_prefix(relationships, title)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", prefix):
        raise ValueError(f"id_prefix must be a plain HTML id, got {prefix!r}")
    plan = layout(relationships)
    note_id = f"{prefix}-note"
    caption = (
        f'<figcaption><span class="course-metrics-map__title">{escape(title)}</span> '
        f'<span class="course-metrics-map__note" id="{note_id}">{len(plan.nodes)} metrics and '
        f"{len(plan.edges)} cause-and-effect links; "
        "arrows point from cause to effect. The same links are listed in words in the table after the diagram."
        "</span></figcaption>"
    )
    # On a phone the map is wider than the screen (its text never shrinks below 12px): a fade on the
    # side with more to see (course.css) and a line of advice say so; the scroller takes keyboard focus.
    scroller = (
        '<p class="course-metrics-map__hint" aria-hidden="true">Wider than your screen? Scroll the map sideways, '
        "or read the links in the table below it.</p>"
        f'<div class="course-metrics-map__scroll course-scroll-cue" tabindex="0" role="group" '
        f'aria-labelledby="{prefix}-title">{_svg(plan, title, prefix, note_id)}</div>'
    )
    return (
        f'<figure class="course-metrics-map" id="{prefix}">{caption}{_legend()}{scroller}</figure>'
        f"{_table(relationships, prefix)}"
    )
