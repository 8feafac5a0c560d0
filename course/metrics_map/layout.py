"""Draw a module's metrics cause-and-effect map at build time, as inline SVG plus a table.

Why build time and pure Python: the site must work offline, without JavaScript and
without a CDN, and a heavy layout engine (graphviz) would be one more thing for a
trainer to install. A small layered ("Sugiyama") layout is plenty for the twenty or so
metrics a module discusses, and being deterministic it keeps rebuilt sites diffable.

The fragment returned by :func:`render_metrics_map` is inserted into the page *after*
the sanitiser has run, so every piece of text from the YAML is escaped here.

Layout in brief: break feedback loops by reversing DFS back-edges, put each metric in a
row by longest path from the sources, route edges that skip rows through invisible
"dummy" points, order each row with barycentre sweeps to reduce crossings, then place
boxes as close to their neighbours as the minimum spacing allows. Curves bend only in
the empty channels between rows, which is also where the "+"/"−" badges sit, so badges
can never cover a metric's box.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from course.model.schema import Relationship

__all__ = [
    "Box",
    "EdgePath",
    "Layout",
    "NodeBox",
    "layout",
    "render_metrics_map",
    "text_width",
    "wrap_label",
]

# --- sizes, in SVG user units (1 unit = 1 CSS px when the map is drawn at natural size) ---

FONT_SIZE = 14.0
LINE_HEIGHT = 18.0
PAD_X = 12.0
PAD_Y = 9.0
WRAP_WIDTH = 132.0  # preferred text width before a label wraps
WRAP_WIDTH_LIMIT = 240.0  # widest a label may grow to stay within MAX_LINES
MAX_LINES = 3
MIN_BOX_WIDTH = 92.0
MARGIN = 16.0
NODE_GAP = 30.0  # between two metric boxes in a row
DUMMY_WIDTH = 10.0  # room reserved for an edge passing through a row
DUMMY_GAP = 12.0
CHANNEL_MIN = 64.0  # vertical gap between rows, grown when many edges cross it
CHANNEL_PER_EDGE = 3.0
CHANNEL_MAX = 104.0
ARROW_LENGTH = 9.0
ARROW_HALF_WIDTH = 4.5
PORT_SPACING = 20.0  # between edges leaving or entering the same side of a box
PORT_INSET = 14.0
BADGE_RADIUS = 9.0
BADGE_CLEARANCE = 4.0
LOOP_REACH = 40.0  # how far a self-loop bulges to the right of its box
LOOP_ROOM = LOOP_REACH + BADGE_RADIUS / 2 + BADGE_CLEARANCE
SWEEPS = 12
PLACEMENT_ROUNDS = 8
# Scaling limits for the responsive SVG: never shrink text below ~10.5px (readable on a
# phone, which scrolls sideways instead) and never blow it up past ~16px on wide screens.
MIN_SCALE = 0.75
MAX_SCALE = 1.0

MINUS = "\u2212"
DIRECTION_WORDS = {"+": "rises", "-": "falls"}
DIRECTION_CLASSES = {"+": "pos", "-": "neg"}
BADGE_TEXT = {"+": "+", "-": MINUS}
NEGATIVE_DASH = "7 5"

# --- text measurement ----------------------------------------------------------------

# Estimated advance widths in em, deliberately on the wide side (close to DejaVu Sans,
# the widest common fallback font) so that boxes never end up narrower than their text.
_NARROW = frozenset("ijlI|!.,:;'`")
_SEMI = frozenset('frt()[]{}-/ "*')
_WIDE = frozenset("mwMW@%")


def _char_em(ch: str) -> float:
    if ch in _NARROW:
        return 0.34
    if ch in _SEMI:
        return 0.45
    if ch in _WIDE:
        return 1.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper():
        return 0.78
    if ch.isdigit():
        return 0.66
    return 0.64


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A conservative estimate of how wide `text` renders, since there is no font at build time."""
    return sum(_char_em(ch) for ch in text) * font_size


def _split_long_word(word: str, limit: float) -> list[str]:
    """Hard-break a word wider than the limit (a URL, a 40-letter compound) so boxes stay bounded."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def _greedy(words: Sequence[str], limit: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def wrap_label(label: str) -> tuple[str, ...]:
    """Wrap a metric's name onto at most MAX_LINES balanced lines.

    Balanced (the narrowest width that needs no more lines than the preferred width)
    reads better than greedy filling: "Average speed / of answer" beats
    "Average speed of / answer". A label too long even at the widest allowed width is
    cut with an ellipsis; the full name is still in the box's tooltip and in the table.
    """
    words: list[str] = []
    for word in label.split():
        words.extend(_split_long_word(word, WRAP_WIDTH_LIMIT) if text_width(word) > WRAP_WIDTH_LIMIT else [word])
    if not words:
        return ("",)
    limit = WRAP_WIDTH
    lines = _greedy(words, limit)
    while len(lines) > MAX_LINES and limit < WRAP_WIDTH_LIMIT:
        limit = min(limit + 12.0, WRAP_WIDTH_LIMIT)
        lines = _greedy(words, limit)
    if len(lines) > MAX_LINES:
        kept = lines[:MAX_LINES]
        last = kept[-1]
        while last and text_width(last + "\u2026") > limit:
            last = last[:-1].rstrip()
        kept[-1] = last + "\u2026"
        return tuple(kept)
    # Shrink the width as far as possible without adding a line.
    low = max(text_width(w) for w in words)
    high = limit
    count = len(lines)
    for _ in range(14):
        middle = (low + high) / 2
        if len(_greedy(words, middle)) <= count:
            high = middle
        else:
            low = middle
    return tuple(_greedy(words, high))


# --- geometry types ------------------------------------------------------------------


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
    width: float
    height: float
    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgePath, ...]


Point = tuple[float, float]
# A path piece: ("L", start, end) or ("C", start, control1, control2, end).
Piece = tuple[str, tuple[Point, ...]]


def _key(label: str) -> str:
    """Metrics are the same box when their names differ only in case or spacing."""
    return " ".join(label.split()).casefold()


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- graph steps (pure functions over vertex indices) ----------------------------------


def _back_edges(count: int, edges: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of edges that close a cycle in a DFS taken in the trainer's order.

    Reversing exactly these makes the graph acyclic, and the DFS order keeps the choice
    stable and intuitive: the loop is "closed" by the link the trainer wrote last.
    """
    out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for index, (u, v) in enumerate(edges):
        if u != v:
            out[u].append((v, index))
    state = [0] * count  # 0 unseen, 1 on the DFS stack, 2 finished
    back: set[int] = set()
    for root in range(count):
        if state[root]:
            continue
        state[root] = 1
        stack: list[tuple[int, int]] = [(root, 0)]
        while stack:
            node, cursor = stack[-1]
            if cursor < len(out[node]):
                stack[-1] = (node, cursor + 1)
                target, index = out[node][cursor]
                if state[target] == 1:
                    back.add(index)
                elif state[target] == 0:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[node] = 2
                stack.pop()
    return back


def _layers(count: int, dag: Sequence[tuple[int, int]]) -> list[int]:
    """Row per vertex: longest path from the sources, then sources pulled down next to their targets.

    Pulling sources down keeps an input such as "Self-service containment" beside the
    metric it drives instead of at the top of the page with a long edge down to it.
    """
    preds: list[list[int]] = [[] for _ in range(count)]
    succs: list[list[int]] = [[] for _ in range(count)]
    indegree = [0] * count
    for u, v in dag:
        succs[u].append(v)
        preds[v].append(u)
        indegree[v] += 1
    order: list[int] = []
    ready = [v for v in range(count) if indegree[v] == 0]
    while ready:
        ready.sort()
        node = ready.pop(0)
        order.append(node)
        for target in succs[node]:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    layer = [0] * count
    for node in order:
        for target in succs[node]:
            layer[target] = max(layer[target], layer[node] + 1)
    for node in reversed(order):
        if not preds[node] and succs[node]:
            layer[node] = min(layer[t] for t in succs[node]) - 1
    return layer


def _crossings_between(upper: dict[int, int], lower: dict[int, int], segments: Sequence[tuple[int, int]]) -> int:
    pairs = [(upper[a], lower[b]) for a, b in segments]
    total = 0
    for i in range(len(pairs)):
        a1, b1 = pairs[i]
        for j in range(i + 1, len(pairs)):
            a2, b2 = pairs[j]
            if (a1 - a2) * (b1 - b2) < 0:
                total += 1
    return total


def _order(
    rows: list[list[int]], preds: Sequence[Sequence[int]], succs: Sequence[Sequence[int]], layer: Sequence[int]
) -> list[list[int]]:
    """Order vertices within rows to reduce crossings: barycentre sweeps, then adjacent swaps."""
    by_channel: list[list[tuple[int, int]]] = [[] for _ in range(max(len(rows) - 1, 0))]
    for v, targets in enumerate(succs):
        for t in targets:
            by_channel[layer[v]].append((v, t))

    def positions(row: list[int]) -> dict[int, int]:
        return {v: i for i, v in enumerate(row)}

    def total(current: list[list[int]]) -> int:
        pos = [positions(r) for r in current]
        return sum(_crossings_between(pos[i], pos[i + 1], by_channel[i]) for i in range(len(by_channel)))

    def reorder(row: list[int], neighbours: Sequence[Sequence[int]], pos: dict[int, int]) -> list[int]:
        def key(item: tuple[int, int]) -> tuple[float, int]:
            index, v = item
            near = [pos[n] for n in neighbours[v]]
            return (sum(near) / len(near) if near else float(index), index)

        return [v for _, v in sorted(enumerate(row), key=key)]

    def local(u: int, w: int, pos_up: dict[int, int] | None, pos_down: dict[int, int] | None) -> int:
        count = 0
        if pos_up is not None:
            count += sum(1 for a in preds[u] for b in preds[w] if pos_up[a] > pos_up[b])
        if pos_down is not None:
            count += sum(1 for a in succs[u] for b in succs[w] if pos_down[a] > pos_down[b])
        return count

    def transpose(current: list[list[int]]) -> None:
        for _ in range(4):
            improved = False
            for i, row in enumerate(current):
                up = positions(current[i - 1]) if i > 0 else None
                down = positions(current[i + 1]) if i + 1 < len(current) else None
                for j in range(len(row) - 1):
                    u, w = row[j], row[j + 1]
                    if local(w, u, up, down) < local(u, w, up, down):
                        row[j], row[j + 1] = w, u
                        improved = True
            if not improved:
                return

    current = [list(r) for r in rows]
    transpose(current)
    best = [list(r) for r in current]
    best_count = total(best)
    for sweep in range(SWEEPS):
        if best_count == 0:
            break
        if sweep % 2 == 0:
            for i in range(1, len(current)):
                current[i] = reorder(current[i], preds, positions(current[i - 1]))
        else:
            for i in range(len(current) - 2, -1, -1):
                current[i] = reorder(current[i], succs, positions(current[i + 1]))
        transpose(current)
        count = total(current)
        if count < best_count:
            best, best_count = [list(r) for r in current], count
    return best


def _project(desired: Sequence[float], gaps: Sequence[float]) -> list[float]:
    """The positions closest (least squares) to `desired` that keep neighbours `gaps` apart.

    Subtracting the cumulative gaps turns this into isotonic regression, which the
    pool-adjacent-violators algorithm solves exactly in one pass.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [sum, count]
    for want, offset in zip(desired, offsets, strict=True):
        blocks.append([want - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    values: list[float] = []
    for total, count in blocks:
        values.extend([total / count] * int(count))
    return [value + offset for value, offset in zip(values, offsets, strict=True)]


def _place_x(
    rows: list[list[int]],
    preds: Sequence[Sequence[int]],
    succs: Sequence[Sequence[int]],
    left: Sequence[float],
    right: Sequence[float],
    real: int,
) -> list[float]:
    """Horizontal centres: each vertex as near the mean of its neighbours as spacing allows."""
    x = [0.0] * len(left)

    def gaps(row: list[int]) -> list[float]:
        result = []
        for a, b in zip(row, row[1:], strict=False):
            gap = NODE_GAP if a < real and b < real else DUMMY_GAP
            result.append(right[a] + gap + left[b])
        return result

    for row in rows:
        cursor = 0.0
        for i, v in enumerate(row):
            if i:
                cursor += gaps(row)[i - 1]
            x[v] = cursor

    def weight(a: int, b: int) -> float:
        # Long edges should run straight: pull hardest between two pass-through points
        # (the weights of Gansner et al.'s network-simplex placement).
        return 8.0 if a >= real and b >= real else 2.0 if a >= real or b >= real else 1.0

    def settle(row: list[int], neighbours: Sequence[Sequence[int]] | None) -> None:
        desired = []
        for v in row:
            near = list(preds[v]) + list(succs[v]) if neighbours is None else list(neighbours[v])
            total = sum(weight(v, n) for n in near)
            desired.append(sum(weight(v, n) * x[n] for n in near) / total if near else x[v])
        for v, value in zip(row, _project(desired, gaps(row)), strict=True):
            x[v] = value

    for _ in range(PLACEMENT_ROUNDS):
        for row in rows[1:]:
            settle(row, preds)
        for row in reversed(rows[:-1]):
            settle(row, succs)
    for row in rows:
        settle(row, None)
    _straighten(rows, preds, succs, x, gaps, real)
    return x


def _straighten(
    rows: list[list[int]],
    preds: Sequence[Sequence[int]],
    succs: Sequence[Sequence[int]],
    x: list[float],
    gaps: Callable[[list[int]], list[float]],
    real: int,
) -> None:
    """Line up each run of pass-through points of a long edge, where the neighbours leave room.

    Averaging leaves long edges with small jogs at every row, which read as noise; a
    straight vertical run reads as one line. Only moves that keep every spacing are made.
    """
    where: dict[int, tuple[int, int]] = {v: (r, i) for r, row in enumerate(rows) for i, v in enumerate(row)}

    def room(v: int) -> tuple[float, float]:
        r, i = where[v]
        row = rows[r]
        spacing = gaps(row)
        low = x[row[i - 1]] + spacing[i - 1] if i > 0 else float("-inf")
        high = x[row[i + 1]] - spacing[i] if i + 1 < len(row) else float("inf")
        return low, high

    starts = [v for v in range(real, len(x)) if preds[v][0] < real]
    for start in starts:
        chain = [start]
        while succs[chain[-1]] and succs[chain[-1]][0] >= real:
            chain.append(succs[chain[-1]][0])
        run: list[int] = []
        low, high = float("-inf"), float("inf")
        for v in [*chain, -1]:
            if v != -1:
                v_low, v_high = room(v)
                if max(low, v_low) <= min(high, v_high):
                    run.append(v)
                    low, high = max(low, v_low), min(high, v_high)
                    continue
            if run:
                target = min(max(sum(x[d] for d in run) / len(run), low), high)
                for d in run:
                    x[d] = target
            if v != -1:
                run, (low, high) = [v], room(v)


# --- the layout ---------------------------------------------------------------------


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    s = 1 - t
    a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
    return (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])


def _point_at_y(curve: tuple[Point, ...], y: float) -> Point:
    """The point of a channel curve (monotonic in y) at height y, by bisection."""
    p0, p1, p2, p3 = curve
    low, high = 0.0, 1.0
    rising = p3[1] >= p0[1]
    for _ in range(40):
        middle = (low + high) / 2
        if (_cubic(p0, p1, p2, p3, middle)[1] < y) == rising:
            low = middle
        else:
            high = middle
    return _cubic(p0, p1, p2, p3, (low + high) / 2)


def _path_data(pieces: Sequence[Piece]) -> str:
    if not pieces:
        return ""
    start = pieces[0][1][0]
    parts = [f"M{_num(start[0])} {_num(start[1])}"]
    for kind, points in pieces:
        coords = " ".join(f"{_num(px)} {_num(py)}" for px, py in points[1:])
        parts.append(f"{kind}{coords}")
    return " ".join(parts)


def _reverse(pieces: Sequence[Piece]) -> list[Piece]:
    return [(kind, tuple(reversed(points))) for kind, points in reversed(pieces)]


def _arrow(tip: Point, dx: float, dy: float) -> tuple[Point, ...]:
    """A triangle with its tip at `tip`, pointing along the unit vector (dx, dy)."""
    bx, by = tip[0] - dx * ARROW_LENGTH, tip[1] - dy * ARROW_LENGTH
    return (
        tip,
        (bx - dy * ARROW_HALF_WIDTH, by + dx * ARROW_HALF_WIDTH),
        (bx + dy * ARROW_HALF_WIDTH, by - dx * ARROW_HALF_WIDTH),
    )


def _badge_box(centre: Point) -> Box:
    return Box(centre[0] - BADGE_RADIUS, centre[1] - BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS)


def layout(relationships: Sequence[Relationship]) -> Layout:
    """Compute where every metric box, edge and badge goes; pure and deterministic."""
    labels: list[str] = []
    index_of: dict[str, int] = {}
    for rel in relationships:
        for label in (rel.cause, rel.effect):
            key = _key(label)
            if key not in index_of:
                index_of[key] = len(labels)
                labels.append(" ".join(label.split()))
    real = len(labels)
    edges = [(index_of[_key(r.cause)], index_of[_key(r.effect)]) for r in relationships]
    back = _back_edges(real, edges)
    dag_of: dict[int, tuple[int, int]] = {}
    for index, (u, v) in enumerate(edges):
        if u != v:
            dag_of[index] = (v, u) if index in back else (u, v)
    layer = _layers(real, list(dag_of.values()))
    looped = {u for u, v in edges if u == v}

    # Chains of vertices per edge; edges skipping rows pass through dummy vertices.
    chains: dict[int, list[int]] = {}
    vertex_layer = list(layer)
    for index, (u, v) in dag_of.items():
        chain = [u]
        for row in range(layer[u] + 1, layer[v]):
            vertex_layer.append(row)
            chain.append(len(vertex_layer) - 1)
        chain.append(v)
        chains[index] = chain
    count = len(vertex_layer)
    preds: list[list[int]] = [[] for _ in range(count)]
    succs: list[list[int]] = [[] for _ in range(count)]
    for chain in chains.values():
        for a, b in zip(chain, chain[1:], strict=False):
            succs[a].append(b)
            preds[b].append(a)
    rows: list[list[int]] = [[] for _ in range(max(vertex_layer) + 1)]
    for v in range(count):
        rows[vertex_layer[v]].append(v)
    rows = _order(rows, preds, succs, vertex_layer)

    # Sizes.
    wrapped = [wrap_label(label) for label in labels]
    widths = [max(MIN_BOX_WIDTH, max(text_width(line) for line in lines) + 2 * PAD_X) for lines in wrapped]
    heights = [len(lines) * LINE_HEIGHT + 2 * PAD_Y for lines in wrapped]
    left = [w / 2 for w in widths] + [DUMMY_WIDTH / 2] * (count - real)
    right = [w / 2 + (LOOP_ROOM if v in looped else 0.0) for v, w in enumerate(widths)]
    right += [DUMMY_WIDTH / 2] * (count - real)
    x = _place_x(rows, preds, succs, left, right, real)
    shift = MARGIN - min(x[v] - left[v] for v in range(count))
    x = [value + shift for value in x]
    width = max(x[v] + right[v] for v in range(count)) + MARGIN

    # Rows and channels.
    row_height = [max((heights[v] for v in row if v < real), default=0.0) for row in rows]
    channel = []
    for i in range(len(rows) - 1):
        crossing = sum(1 for v in rows[i] for _ in succs[v])
        channel.append(min(CHANNEL_MAX, max(CHANNEL_MIN, CHANNEL_MIN + CHANNEL_PER_EDGE * (crossing - 6))))
    row_top = [MARGIN]
    for i in range(1, len(rows)):
        row_top.append(row_top[-1] + row_height[i - 1] + channel[i - 1])
    height = row_top[-1] + row_height[-1] + MARGIN
    boxes = [
        Box(x[v] - widths[v] / 2, row_top[layer[v]] + (row_height[layer[v]] - heights[v]) / 2, widths[v], heights[v])
        for v in range(real)
    ]

    # Ports: where each segment leaves a box's bottom or enters a box's top, ordered by
    # the horizontal position of the other end so that fanned-out edges do not cross.
    segments = [(index, a, b) for index, chain in chains.items() for a, b in zip(chain, chain[1:], strict=False)]
    out_port: dict[tuple[int, int], float] = {}
    in_port: dict[tuple[int, int], float] = {}
    for v in range(count):
        for ports, mine, other in ((out_port, 1, 2), (in_port, 2, 1)):
            attached = sorted((x[s[other]], s[0]) for s in segments if s[mine] == v)
            if v >= real:
                for _, index in attached:
                    ports[(index, v)] = x[v]
                continue
            usable = widths[v] - 2 * PORT_INSET
            spacing = min(PORT_SPACING, usable / max(len(attached) - 1, 1))
            for i, (_, index) in enumerate(attached):
                ports[(index, v)] = x[v] + (i - (len(attached) - 1) / 2) * spacing

    def row_bottom(row: int) -> float:
        return row_top[row] + row_height[row]

    badges: list[Box] = []
    drawn: list[EdgePath] = []
    for index, rel in enumerate(relationships):
        u, v = edges[index]
        if u == v:
            drawn.append(_self_loop(rel, boxes[u], badges))
            continue
        chain = chains[index]
        reversed_edge = index in back
        pieces: list[Piece] = []
        channel_curves: list[tuple[Point, ...]] = []
        for a, b in zip(chain, chain[1:], strict=False):
            sx, ex = out_port[(index, a)], in_port[(index, b)]
            top_row, bottom_row = vertex_layer[a], vertex_layer[b]
            # Real ends stop at the box (or at an arrowhead's base); a pass-through point is
            # drawn as a vertical line through its row by the segment that leaves it.
            start_y = boxes[a].bottom + (ARROW_LENGTH if reversed_edge else 0.0) if a < real else row_top[top_row]
            end_y = boxes[b].y - (0.0 if reversed_edge else ARROW_LENGTH) if b < real else row_top[bottom_row]
            curve_start = max(row_bottom(top_row), start_y)
            curve_end = min(row_top[bottom_row], end_y)
            if curve_start > start_y:
                pieces.append(("L", ((sx, start_y), (sx, curve_start))))
            span = curve_end - curve_start
            curve = ((sx, curve_start), (sx, curve_start + span / 2), (ex, curve_end - span / 2), (ex, curve_end))
            pieces.append(("C", curve))
            channel_curves.append(curve)
            if end_y > curve_end:
                pieces.append(("L", ((ex, curve_end), (ex, end_y))))
        if reversed_edge:
            pieces = _reverse(pieces)
            # Drawn upwards from the cause, ending under the effect (the chain's first vertex).
            tip = (out_port[(index, chain[0])], boxes[chain[0]].bottom)
            arrow = _arrow(tip, 0.0, -1.0)
            badge_channel, badge_row = channel_curves[0], vertex_layer[chain[0]]
        else:
            tip = (in_port[(index, chain[-1])], boxes[chain[-1]].y)
            arrow = _arrow(tip, 0.0, 1.0)
            badge_channel, badge_row = channel_curves[-1], vertex_layer[chain[-2]]
        centre = _badge_position(badge_channel, row_bottom(badge_row), row_top[badge_row + 1], reversed_edge, badges)
        badges.append(_badge_box(centre))
        drawn.append(
            EdgePath(
                cause=rel.cause,
                effect=rel.effect,
                direction=rel.direction,
                why=rel.why,
                d=_path_data(pieces),
                arrow=arrow,
                badge=badges[-1],
                feedback=reversed_edge,
            )
        )
    nodes = tuple(NodeBox(labels[v], wrapped[v], boxes[v], layer[v]) for v in range(real))
    return Layout(width=width, height=height, nodes=nodes, edges=tuple(drawn))


def _badge_position(curve: tuple[Point, ...], top: float, bottom: float, upwards: bool, placed: Sequence[Box]) -> Point:
    """Where on its channel curve a badge goes: near the arrowhead, clear of other badges.

    The candidates all lie inside the channel, shrunk by the arrowheads' length and the
    badge's radius, so a badge can never touch a metric's box whatever is chosen.
    """
    low = top + ARROW_LENGTH + BADGE_RADIUS + BADGE_CLEARANCE
    high = bottom - ARROW_LENGTH - BADGE_RADIUS - BADGE_CLEARANCE
    if high < low:
        low = high = (top + bottom) / 2
    fractions = (0.75, 0.5, 1.0, 0.25, 0.0, 0.875, 0.625, 0.375, 0.125)
    candidates = []
    for fraction in fractions:
        along = 1 - fraction if upwards else fraction
        candidates.append(_point_at_y(curve, low + (high - low) * along))
    best, best_hits = candidates[0], None
    for centre in candidates:
        hits = sum(1 for other in placed if _badge_box(centre).overlaps(other, BADGE_CLEARANCE / 2))
        if hits == 0:
            return centre
        if best_hits is None or hits < best_hits:
            best, best_hits = centre, hits
    return best


def _self_loop(rel: Relationship, box: Box, placed: list[Box]) -> EdgePath:
    """A metric that feeds itself: a small loop on the box's right, in room reserved by the layout."""
    r, cy = box.right, box.cy
    curve = ((r, cy - 7.0), (r + LOOP_REACH, cy - 24.0), (r + LOOP_REACH, cy + 7.0), (r + ARROW_LENGTH, cy + 7.0))
    centre = _cubic(*curve, 0.5)
    placed.append(_badge_box(centre))
    return EdgePath(
        cause=rel.cause,
        effect=rel.effect,
        direction=rel.direction,
        why=rel.why,
        d=_path_data([("C", curve)]),
        arrow=_arrow((r, cy + 7.0), -1.0, 0.0),
        badge=placed[-1],
        feedback=True,
    )


# --- HTML -----------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _default_prefix(relationships: Sequence[Relationship], title: str) -> str:
    """Ids unique per map (several maps may share a page) yet stable across rebuilds."""
    payload = json.dumps([title, [r.model_dump() for r in relationships]], sort_keys=True)
    return "metrics-map-" + hashlib.sha256(payload.encode()).hexdigest()[:10]


def _legend() -> str:
    items = []
    for direction, name, meaning in (
        ("+", "Same direction", "when the cause rises, the effect rises too"),
        ("-", "Opposite direction", "when the cause rises, the effect falls"),
    ):
        css = DIRECTION_CLASSES[direction]
        dash = f' stroke-dasharray="{NEGATIVE_DASH}"' if direction == "-" else ""
        swatch = (
            f'<svg class="course-metrics-map__swatch course-metrics-map__edge--{css}" viewBox="0 0 56 20" '
            'width="56" height="20" aria-hidden="true" focusable="false">'
            f'<path class="course-metrics-map__line" d="M2 10H44" fill="none" stroke="currentColor"{dash}/>'
            '<path class="course-metrics-map__arrow" d="M54 10L45 5.5V14.5Z" fill="currentColor"/>'
            f'<circle class="course-metrics-map__badge" cx="22" cy="10" r="{_num(BADGE_RADIUS)}" '
            'fill="none" stroke="currentColor"/>'
            f'<text class="course-metrics-map__badge-text" x="22" y="10" dy="0.35em" text-anchor="middle" '
            f'font-size="13" fill="currentColor">{BADGE_TEXT[direction]}</text></svg>'
        )
        items.append(
            f"<li>{swatch}<span><strong>{name}</strong> ({'solid' if direction == '+' else 'dashed'}"
            f" line, {BADGE_TEXT[direction]}): {meaning}.</span></li>"
        )
    return '<ul class="course-metrics-map__legend">' + "".join(items) + "</ul>"


def _svg(plan: Layout, title: str, prefix: str, described_by: str) -> str:
    parts = [
        f'<svg class="course-metrics-map__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{prefix}-title" aria-describedby="{described_by}" '
        f'viewBox="0 0 {_num(plan.width)} {_num(plan.height)}" width="100%" '
        f'preserveAspectRatio="xMidYMin meet" '
        f'style="min-width:{_num(round(plan.width * MIN_SCALE))}px;max-width:{_num(round(plan.width * MAX_SCALE))}px">',
        f'<title id="{prefix}-title">{_e(title)}</title>',
        '<g class="course-metrics-map__edges">',
    ]
    for edge in plan.edges:
        css = DIRECTION_CLASSES[edge.direction]
        dash = f' stroke-dasharray="{NEGATIVE_DASH}"' if edge.direction == "-" else ""
        tip = " ".join(f"{_num(px)} {_num(py)}" for px, py in edge.arrow)
        rel_text = f"When {edge.cause} rises, {edge.effect} {DIRECTION_WORDS[edge.direction]}. {edge.why}"
        parts.append(
            f'<g class="course-metrics-map__edge course-metrics-map__edge--{css}'
            f'{" course-metrics-map__edge--feedback" if edge.feedback else ""}">'
            f"<title>{_e(rel_text)}</title>"
            f'<path class="course-metrics-map__hit" d="{edge.d}" fill="none" stroke="transparent" stroke-width="12"/>'
            f'<path class="course-metrics-map__line" d="{edge.d}" fill="none" stroke="currentColor"{dash}/>'
            f'<path class="course-metrics-map__arrow" d="M{tip}Z" fill="currentColor"/>'
            "</g>"
        )
    parts.append('</g><g class="course-metrics-map__nodes">')
    for node in plan.nodes:
        b = node.box
        first = b.cy - (len(node.lines) - 1) * LINE_HEIGHT / 2
        spans = "".join(
            f'<tspan x="{_num(b.cx)}" y="{_num(first + i * LINE_HEIGHT)}" dy="0.35em">{_e(line)}</tspan>'
            for i, line in enumerate(node.lines)
        )
        parts.append(
            f'<g class="course-metrics-map__node"><title>{_e(node.label)}</title>'
            f'<rect class="course-metrics-map__box" x="{_num(b.x)}" y="{_num(b.y)}" width="{_num(b.width)}" '
            f'height="{_num(b.height)}" rx="6" fill="none" stroke="currentColor"/>'
            f'<text class="course-metrics-map__label" text-anchor="middle" font-size="{_num(FONT_SIZE)}" '
            f'fill="currentColor">{spans}</text></g>'
        )
    parts.append('</g><g class="course-metrics-map__badges">')
    for edge in plan.edges:
        css = DIRECTION_CLASSES[edge.direction]
        word = DIRECTION_WORDS[edge.direction]
        parts.append(
            f'<g class="course-metrics-map__edge course-metrics-map__edge--{css}">'
            f"<title>{_e(f'When {edge.cause} rises, {edge.effect} {word}. {edge.why}')}</title>"
            f'<circle class="course-metrics-map__badge" cx="{_num(edge.badge.cx)}" cy="{_num(edge.badge.cy)}" '
            f'r="{_num(BADGE_RADIUS)}" fill="none" stroke="currentColor"/>'
            f'<text class="course-metrics-map__badge-text" x="{_num(edge.badge.cx)}" y="{_num(edge.badge.cy)}" '
            f'dy="0.35em" text-anchor="middle" font-size="13" fill="currentColor">{BADGE_TEXT[edge.direction]}</text>'
            "</g>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


TABLE_HEADINGS = ("Cause", "Effect", "When the cause rises, the effect", "Why")


def _table(relationships: Sequence[Relationship], prefix: str) -> str:
    """The same links in words, for screen readers and for anyone who prefers reading.

    The explicit ARIA roles keep it a table for assistive technology when the stylesheet
    stacks its rows into cards on narrow screens (changing `display` drops table
    semantics in some browsers); `data-label` gives each stacked cell its heading.
    """
    head = "".join(f'<th scope="col" role="columnheader">{h}</th>' for h in TABLE_HEADINGS)
    rows = []
    for r in relationships:
        cells = (_e(r.cause), _e(r.effect), DIRECTION_WORDS[r.direction], _e(r.why))
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
    metrics = len(plan.nodes)
    links = len(plan.edges)
    caption = (
        f'<figcaption><span class="course-metrics-map__title">{_e(title)}</span> '
        f'<span class="course-metrics-map__note" id="{note_id}">{metrics} metrics and {links} cause-and-effect links; '
        "arrows point from cause to effect. The same links are listed in words in the table after the diagram."
        "</span></figcaption>"
    )
    scroller = (
        f'<div class="course-metrics-map__scroll" tabindex="0" role="group" aria-labelledby="{prefix}-title">'
        f"{_svg(plan, title, prefix, note_id)}</div>"
    )
    return (
        f'<figure class="course-metrics-map" id="{prefix}">{caption}{_legend()}{scroller}</figure>'
        f"{_table(relationships, prefix)}"
    )
