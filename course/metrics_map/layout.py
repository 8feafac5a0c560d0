"""Lay out a module's metrics map: where every box, edge and badge goes, as a list of phases.

Why pure Python at build time: the site must work offline, without JavaScript and
without a CDN, and a heavy layout engine (graphviz) would be one more thing for a
trainer to install. A small layered ("Sugiyama") layout is plenty for the twenty or so
metrics a module discusses, and being deterministic it keeps rebuilt sites diffable.

:func:`layout` reads as its phases; each phase is a function here or a step of the
modules it composes: :mod:`~course.metrics_map.graph` (integers only),
:mod:`~course.metrics_map.labels`, :mod:`~course.metrics_map.placement` and
:mod:`~course.metrics_map.routing`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from course.metrics_map.geometry import Box, EdgePath, Layout, NodeBox, path_data
from course.metrics_map.graph import Edge, Layered, adjacency, back_edges, dummy_chains, layers, order_rows
from course.metrics_map.labels import text_width, wrap_label
from course.metrics_map.placement import Spacing, place_x
from course.metrics_map.routing import Frame, Route, place_badges, ports, route_edges
from course.metrics_map.sizes import (
    CHANNEL_FREE_EDGES,
    CHANNEL_MAX,
    CHANNEL_MIN,
    CHANNEL_PER_EDGE,
    DUMMY_WIDTH,
    LINE_HEIGHT,
    LOOP_ROOM,
    MARGIN,
    MIN_BOX_WIDTH,
    PAD_X,
    PAD_Y,
)
from course.model.schema import Relationship
from course.render.text import normalise

__all__ = [
    "assign_rows",
    "box_sizes",
    "boxes",
    "break_cycles",
    "layout",
    "metrics_and_links",
    "ordered_graph",
    "place",
    "rows_and_channels",
]


def layout(relationships: Sequence[Relationship]) -> Layout:
    """Compute where every metric box, edge and badge goes; pure and deterministic."""
    labels, edges = metrics_and_links(relationships)
    back, dag = break_cycles(len(labels), edges)
    chains, vertex_layer = assign_rows(len(labels), dag)
    graph = ordered_graph(len(labels), back, chains, vertex_layer)
    wrapped = [wrap_label(label) for label in labels]
    widths, heights = box_sizes(wrapped)
    x, width = place(graph, widths, edges)
    row_top, row_height = rows_and_channels(graph, heights)
    frame = Frame(x, boxes(graph, x, widths, heights, row_top, row_height), row_top, row_height)
    routes = route_edges(edges, graph, frame, ports(graph, frame))
    badges = place_badges(routes)
    return Layout(
        width=width,
        height=row_top[-1] + row_height[-1] + MARGIN,
        nodes=tuple(NodeBox(labels[v], wrapped[v], frame.boxes[v], graph.layer[v]) for v in range(graph.real)),
        edges=tuple(map(_edge_path, relationships, routes, badges)),
    )


def metrics_and_links(relationships: Sequence[Relationship]) -> tuple[list[str], list[Edge]]:
    """One vertex per metric, in order of first mention, and one edge per relationship.

    Metrics are the same box when their names differ only in case or spacing; the box
    shows the first spelling, its whitespace tidied.
    """
    labels: list[str] = []
    index_of: dict[str, int] = {}
    for rel in relationships:
        for label in (rel.cause, rel.effect):
            key = normalise(label)
            if key not in index_of:
                index_of[key] = len(labels)
                labels.append(" ".join(label.split()))
    return labels, [(index_of[normalise(r.cause)], index_of[normalise(r.effect)]) for r in relationships]


def break_cycles(count: int, edges: Sequence[Edge]) -> tuple[frozenset[int], dict[int, Edge]]:
    """The edges reversed to make the graph acyclic, and every non-loop edge as laid out.

    Self-loops have no place in the rows (they are drawn beside their box), so they are
    left out of the acyclic graph the later phases see.
    """
    back = frozenset(back_edges(count, edges))
    dag = {index: (v, u) if index in back else (u, v) for index, (u, v) in enumerate(edges) if u != v}
    return back, dag


def assign_rows(real: int, dag: Mapping[int, Edge]) -> tuple[dict[int, list[int]], list[int]]:
    """A row for every vertex, and each edge as a chain of vertices through the rows it crosses.

    Chains make every segment span exactly one channel, which is what lets ordering
    count crossings row by row and routing bend curves only between rows.
    """
    return dummy_chains(layers(real, list(dag.values())), dag)


def ordered_graph(
    real: int, back: frozenset[int], chains: Mapping[int, Sequence[int]], layer: Sequence[int]
) -> Layered:
    """The layered graph, each row ordered left to right to reduce crossings.

    From here on the structure is fixed: placement and routing only measure it.
    """
    preds, succs = adjacency(len(layer), chains)
    rows: list[list[int]] = [[] for _ in range(max(layer) + 1)]
    for v, row in enumerate(layer):
        rows[row].append(v)
    return Layered(real, back, chains, layer, preds, succs, order_rows(rows, preds, succs, layer))


def box_sizes(wrapped: Sequence[Sequence[str]]) -> tuple[list[float], list[float]]:
    """Each metric box's width and height: its widest wrapped line and its lines, plus padding."""
    widths = [max(MIN_BOX_WIDTH, max(text_width(line) for line in lines) + 2 * PAD_X) for lines in wrapped]
    heights = [len(lines) * LINE_HEIGHT + 2 * PAD_Y for lines in wrapped]
    return widths, heights


def place(graph: Layered, widths: Sequence[float], edges: Sequence[Edge]) -> tuple[list[float], float]:
    """Every vertex's horizontal centre, shifted so the leftmost box sits at the margin, and the width.

    A metric that feeds itself keeps room on its right for its loop and badge.
    """
    looped = {u for u, v in edges if u == v}
    dummies = graph.count - graph.real
    left = [w / 2 for w in widths] + [DUMMY_WIDTH / 2] * dummies
    right = [w / 2 + (LOOP_ROOM if v in looped else 0.0) for v, w in enumerate(widths)]
    right += [DUMMY_WIDTH / 2] * dummies
    x = place_x(graph.rows, graph.preds, graph.succs, Spacing(left, right, graph.real))
    shift = MARGIN - min(x[v] - left[v] for v in range(graph.count))
    x = [value + shift for value in x]
    return x, max(x[v] + right[v] for v in range(graph.count)) + MARGIN


def rows_and_channels(graph: Layered, heights: Sequence[float]) -> tuple[list[float], list[float]]:
    """Each row's top and height; the channel between two rows grows with the edges crossing it.

    A crowded channel needs more height for its curves to stay apart and its badges to
    find room, up to a limit beyond which the map would only get tall.
    """
    row_height = [max((heights[v] for v in row if v < graph.real), default=0.0) for row in graph.rows]
    channel = []
    for i in range(len(graph.rows) - 1):
        crossing = sum(1 for v in graph.rows[i] for _ in graph.succs[v])
        channel.append(
            min(CHANNEL_MAX, max(CHANNEL_MIN, CHANNEL_MIN + CHANNEL_PER_EDGE * (crossing - CHANNEL_FREE_EDGES)))
        )
    row_top = [MARGIN]
    for i in range(1, len(graph.rows)):
        row_top.append(row_top[-1] + row_height[i - 1] + channel[i - 1])
    return row_top, row_height


def boxes(
    graph: Layered,
    x: Sequence[float],
    widths: Sequence[float],
    heights: Sequence[float],
    row_top: Sequence[float],
    row_height: Sequence[float],
) -> list[Box]:
    """Each metric's box, centred on its x and vertically within its row (rows are as tall as their tallest box)."""
    return [
        Box(
            x[v] - widths[v] / 2,
            row_top[graph.layer[v]] + (row_height[graph.layer[v]] - heights[v]) / 2,
            widths[v],
            heights[v],
        )
        for v in range(graph.real)
    ]


def _edge_path(rel: Relationship, route: Route, badge: Box) -> EdgePath:
    """The last step: a relationship's words joined to its drawn route and badge."""
    return EdgePath(
        cause=rel.cause,
        effect=rel.effect,
        direction=rel.direction,
        why=rel.why,
        d=path_data(route.pieces),
        arrow=route.arrow,
        badge=badge,
        feedback=route.feedback,
    )
