"""The shapes a laid-out map is made of, and the curve and path helpers that draw them.

These types are the layout's public result: tests check overlaps on them and the SVG
writer reads nothing else, so the layout and the drawing can change independently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.metrics_map.sizes import ARROW_HALF_WIDTH, ARROW_LENGTH, BADGE_RADIUS
from course.render.text import number

__all__ = [
    "Box",
    "Curve",
    "EdgePath",
    "Layout",
    "NodeBox",
    "Piece",
    "Point",
    "arrow",
    "badge_box",
    "coordinate",
    "cubic",
    "path_data",
    "point_at_y",
    "reverse",
]

Point = tuple[float, float]
#: A cubic Bézier curve: start, two control points, end.
Curve = tuple[Point, Point, Point, Point]
#: A path piece: ("L", (start, end)) or ("C", (start, control1, control2, end)).
Piece = tuple[str, tuple[Point, ...]]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle; the unit of every overlap check."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        """True when the two boxes come closer than `margin` to each other."""
        return (
            self.x < other.right + margin
            and other.x < self.right + margin
            and self.y < other.bottom + margin
            and other.y < self.bottom + margin
        )

    def inside(self, width: float, height: float) -> bool:
        """True when the box lies wholly within a drawing of that size: nothing is clipped."""
        return self.x >= 0 and self.y >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class NodeBox:
    """One metric: its full label, the wrapped lines drawn, its box and its row."""

    label: str
    lines: tuple[str, ...]
    box: Box
    layer: int


@dataclass(frozen=True)
class EdgePath:
    """One relationship as drawn: SVG path data, arrowhead polygon and the "+"/"−" badge."""

    cause: str
    effect: str
    direction: str
    why: str
    d: str
    arrow: tuple[tuple[float, float], ...]
    badge: Box
    feedback: bool  # drawn against the top-to-bottom flow because it closes a loop


@dataclass(frozen=True)
class Layout:
    """The whole map, measured: what the SVG draws and what tests check for collisions."""

    width: float
    height: float
    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgePath, ...]


def coordinate(value: float) -> str:
    """A coordinate as written into the SVG: to a tenth of a unit, finer is invisible and bloats pages."""
    return number(value, places=1)


def cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    """The point at parameter `t` of a cubic Bézier curve, as SVG's "C" command draws it."""
    s = 1 - t
    a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
    return (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])


def _cubic_y(y0: float, y1: float, y2: float, y3: float, t: float) -> float:
    """:func:`cubic`'s y alone, by the same arithmetic in the same order (so the same float)."""
    s = 1 - t
    a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
    return a * y0 + b * y1 + c * y2 + d * y3


def point_at_y(curve: Curve, y: float) -> Point:
    """The point of a channel curve (monotonic in y) at height y, by bisection.

    The 40 halvings only compare heights, so they work out y alone; the point is built once, at the end.
    """
    p0, p1, p2, p3 = curve
    low, high = 0.0, 1.0
    rising = p3[1] >= p0[1]
    for _ in range(40):
        middle = (low + high) / 2
        if (_cubic_y(p0[1], p1[1], p2[1], p3[1], middle) < y) == rising:
            low = middle
        else:
            high = middle
    return cubic(p0, p1, p2, p3, (low + high) / 2)


def path_data(pieces: Sequence[Piece]) -> str:
    """SVG path data ("M x y C ... L ...") for consecutive pieces, each starting where the last ended."""
    if not pieces:
        return ""
    start = pieces[0][1][0]
    parts = [f"M{coordinate(start[0])} {coordinate(start[1])}"]
    for kind, points in pieces:
        coords = " ".join(f"{coordinate(px)} {coordinate(py)}" for px, py in points[1:])
        parts.append(f"{kind}{coords}")
    return " ".join(parts)


def reverse(pieces: Sequence[Piece]) -> list[Piece]:
    """The same path walked the other way, so a feedback edge's line starts at its cause."""
    return [(kind, tuple(reversed(points))) for kind, points in reversed(pieces)]


def arrow(tip: Point, dx: float, dy: float) -> tuple[Point, ...]:
    """A triangle with its tip at `tip`, pointing along the unit vector (dx, dy)."""
    bx, by = tip[0] - dx * ARROW_LENGTH, tip[1] - dy * ARROW_LENGTH
    return (
        tip,
        (bx - dy * ARROW_HALF_WIDTH, by + dx * ARROW_HALF_WIDTH),
        (bx + dy * ARROW_HALF_WIDTH, by - dx * ARROW_HALF_WIDTH),
    )


def badge_box(centre: Point) -> Box:
    """The square a round badge centred at `centre` occupies, for the overlap checks."""
    return Box(centre[0] - BADGE_RADIUS, centre[1] - BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS)
