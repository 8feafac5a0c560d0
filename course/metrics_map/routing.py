"""Edges and badges on a placed map: ports on the boxes, curves in the channels, badges clear of all.

Curves bend only in the empty channels between rows, which is also where the "+"/"−"
badges sit, so a badge can never cover a metric's box. Everything here works on a
finished placement (:class:`Frame`) and the layered graph; nothing moves a box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.metrics_map.geometry import Box, Curve, Piece, Point, arrow, badge_box, cubic, point_at_y, reverse
from course.metrics_map.graph import Edge, Layered
from course.metrics_map.sizes import (
    ARROW_LENGTH,
    BADGE_CLEARANCE,
    BADGE_RADIUS,
    LOOP_REACH,
    PORT_INSET,
    PORT_SPACING,
)

__all__ = ["BadgeSlot", "Frame", "Ports", "Route", "badge_position", "place_badges", "ports", "route_edges"]

#: Where along its channel a badge is tried, as a fraction from the channel's top
#: (the bottom for an upward edge): near the arrowhead first, then anywhere.
BADGE_FRACTIONS = (0.75, 0.5, 1.0, 0.25, 0.0, 0.875, 0.625, 0.375, 0.125)

#: (edge index, vertex) -> the x where that edge leaves or enters that vertex.
Ports = dict[tuple[int, int], float]


@dataclass(frozen=True)
class Frame:
    """Where the rows and boxes ended up: everything routing needs to know of the placement."""

    x: Sequence[float]  # centre of every vertex, pass-through points included
    boxes: Sequence[Box]  # one per metric
    row_top: Sequence[float]
    row_height: Sequence[float]

    def row_bottom(self, row: int) -> float:
        return self.row_top[row] + self.row_height[row]


@dataclass(frozen=True)
class BadgeSlot:
    """Where an edge's badge may go: on `curve`, between heights `top` and `bottom`.

    A self-loop's badge is `fixed` at the middle of its loop, in room the layout reserved.
    """

    curve: Curve
    top: float = 0.0
    bottom: float = 0.0
    upwards: bool = False
    fixed: bool = False


@dataclass(frozen=True)
class Route:
    """One edge's line and arrowhead, and the slot its badge is chosen in once all are routed."""

    pieces: tuple[Piece, ...]
    arrow: tuple[Point, ...]
    feedback: bool
    badge: BadgeSlot


def _spread(v: int, attached: Sequence[int], frame: Frame, real: int) -> Ports:
    """Ports for the edges attached to one side of `v`, already sorted left to right.

    A box spreads them evenly about its centre, never closer to its corners than
    PORT_INSET; a pass-through point is a single point, so all share it.
    """
    x = frame.x[v]
    if v >= real:
        return {(index, v): x for index in attached}
    usable = frame.boxes[v].width - 2 * PORT_INSET
    spacing = min(PORT_SPACING, usable / max(len(attached) - 1, 1))
    return {(index, v): x + (i - (len(attached) - 1) / 2) * spacing for i, index in enumerate(attached)}


def ports(graph: Layered, frame: Frame) -> tuple[Ports, Ports]:
    """Where each segment leaves a box's bottom and enters a box's top.

    Ports are ordered by the horizontal position of the other end, so that edges
    fanning out of one box do not cross each other right at the box.
    """
    leaving: list[list[tuple[float, int]]] = [[] for _ in range(graph.count)]
    entering: list[list[tuple[float, int]]] = [[] for _ in range(graph.count)]
    for index, chain in graph.chains.items():
        for a, b in zip(chain, chain[1:], strict=False):
            leaving[a].append((frame.x[b], index))
            entering[b].append((frame.x[a], index))
    out_port: Ports = {}
    in_port: Ports = {}
    for v in range(graph.count):
        out_port.update(_spread(v, [index for _, index in sorted(leaving[v])], frame, graph.real))
        in_port.update(_spread(v, [index for _, index in sorted(entering[v])], frame, graph.real))
    return out_port, in_port


def _segment(
    index: int, a: int, b: int, graph: Layered, frame: Frame, at: tuple[Ports, Ports]
) -> tuple[list[Piece], Curve]:
    """The pieces of one segment of an edge's chain, from vertex `a` down to vertex `b`.

    Real ends stop at the box (or at an arrowhead's base); a pass-through point is
    drawn as a vertical line through its row by the segment that leaves it. The curve,
    returned on its own too (the badge goes on it), spans exactly the channel between the rows.
    """
    reversed_edge = index in graph.back
    sx, ex = at[0][(index, a)], at[1][(index, b)]
    top_row, bottom_row = graph.layer[a], graph.layer[b]
    # The arrowhead sits under the upper box for an upward edge, over the lower box otherwise.
    head_above, head_below = (ARROW_LENGTH, 0.0) if reversed_edge else (0.0, ARROW_LENGTH)
    start_y = frame.boxes[a].bottom + head_above if a < graph.real else frame.row_top[top_row]
    end_y = frame.boxes[b].y - head_below if b < graph.real else frame.row_top[bottom_row]
    curve_start = max(frame.row_bottom(top_row), start_y)
    curve_end = min(frame.row_top[bottom_row], end_y)
    pieces: list[Piece] = []
    if curve_start > start_y:
        pieces.append(("L", ((sx, start_y), (sx, curve_start))))
    span = curve_end - curve_start
    curve = ((sx, curve_start), (sx, curve_start + span / 2), (ex, curve_end - span / 2), (ex, curve_end))
    pieces.append(("C", curve))
    if end_y > curve_end:
        pieces.append(("L", ((ex, curve_end), (ex, end_y))))
    return pieces, curve


def _route(index: int, graph: Layered, frame: Frame, at: tuple[Ports, Ports]) -> Route:
    """An edge between two different metrics, through its chain, arrowhead at the effect.

    A feedback edge's chain runs from its effect down to its cause; its path is
    reversed so it is drawn upwards from the cause, ending under the effect.
    """
    chain = graph.chains[index]
    segments = [_segment(index, a, b, graph, frame, at) for a, b in zip(chain, chain[1:], strict=False)]
    pieces = [piece for segment, _ in segments for piece in segment]
    curves = [curve for _, curve in segments]
    if index in graph.back:
        tip = (at[0][(index, chain[0])], frame.boxes[chain[0]].bottom)
        row = graph.layer[chain[0]]
        slot = BadgeSlot(curves[0], frame.row_bottom(row), frame.row_top[row + 1], upwards=True)
        return Route(tuple(reverse(pieces)), arrow(tip, 0.0, -1.0), True, slot)
    tip = (at[1][(index, chain[-1])], frame.boxes[chain[-1]].y)
    row = graph.layer[chain[-2]]
    slot = BadgeSlot(curves[-1], frame.row_bottom(row), frame.row_top[row + 1], upwards=False)
    return Route(tuple(pieces), arrow(tip, 0.0, 1.0), False, slot)


def _self_loop(box: Box) -> Route:
    """A metric that feeds itself: a small loop on the box's right, in room reserved by the layout."""
    r, cy = box.right, box.cy
    curve = ((r, cy - 7.0), (r + LOOP_REACH, cy - 24.0), (r + LOOP_REACH, cy + 7.0), (r + ARROW_LENGTH, cy + 7.0))
    return Route((("C", curve),), arrow((r, cy + 7.0), -1.0, 0.0), True, BadgeSlot(curve, fixed=True))


def route_edges(edges: Sequence[Edge], graph: Layered, frame: Frame, at: tuple[Ports, Ports]) -> list[Route]:
    """Every edge's route, in the trainer's order (which is also the order badges are placed in).

    `at` is what :func:`ports` returns: where each edge leaves and enters each vertex.
    """
    return [
        _self_loop(frame.boxes[u]) if u == v else _route(index, graph, frame, at) for index, (u, v) in enumerate(edges)
    ]


def badge_position(curve: Curve, top: float, bottom: float, upwards: bool, placed: Sequence[Box]) -> Point:
    """Where on its channel curve a badge goes: near the arrowhead, clear of other badges.

    The candidates all lie inside the channel, shrunk by the arrowheads' length and the
    badge's radius, so a badge can never touch a metric's box whatever is chosen.
    When every candidate touches some badge, the one touching fewest wins.
    """
    low = top + ARROW_LENGTH + BADGE_RADIUS + BADGE_CLEARANCE
    high = bottom - ARROW_LENGTH - BADGE_RADIUS - BADGE_CLEARANCE
    if high < low:
        low = high = (top + bottom) / 2
    best: tuple[Point, int] | None = None
    for fraction in BADGE_FRACTIONS:  # each found by bisection only when the one before it touches a badge
        along = 1 - fraction if upwards else fraction
        centre = point_at_y(curve, low + (high - low) * along)
        hits = sum(1 for other in placed if badge_box(centre).overlaps(other, BADGE_CLEARANCE / 2))
        if hits == 0:
            return centre
        if best is None or hits < best[1]:
            best = (centre, hits)
    assert best is not None, "BADGE_FRACTIONS is never empty"
    return best[0]


def place_badges(routes: Sequence[Route]) -> list[Box]:
    """One badge per route, each placed clear of those placed before it."""
    placed: list[Box] = []
    for route in routes:
        slot = route.badge
        if slot.fixed:
            centre = cubic(*slot.curve, 0.5)
        else:
            centre = badge_position(slot.curve, slot.top, slot.bottom, slot.upwards, placed)
        placed.append(badge_box(centre))
    return placed
