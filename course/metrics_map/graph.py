"""The layered ("Sugiyama") steps of the map, over integer vertex indices only.

Nothing here knows about names, pixels or SVG: a vertex is an index, an edge a pair of
indices. That keeps each step small, easy to test on a hand-drawn graph, and reusable
whatever the boxes end up looking like. The steps, in the order the layout runs them:
break feedback loops (:func:`back_edges`), give each vertex a row (:func:`layers`),
make every edge span one row through pass-through vertices (:func:`dummy_chains`,
:func:`adjacency`), and order each row to reduce crossings (:func:`order_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Edge",
    "Layered",
    "adjacency",
    "back_edges",
    "crossings",
    "crossings_between",
    "dummy_chains",
    "layers",
    "order_rows",
]

#: Barycentre sweeps tried (alternately downwards and upwards) before keeping the best order.
SWEEPS = 12
#: Passes of adjacent swaps after each sweep; each pass only keeps strict improvements.
TRANSPOSE_PASSES = 4

Edge = tuple[int, int]


@dataclass(frozen=True)
class Layered:
    """The graph once layered: what placement and routing need to know of its structure.

    Vertices below `real` are metrics; the rest are pass-through points of edges that
    skip rows. Every edge except a self-loop has a chain of vertices one row apart,
    from top to bottom, so a reversed (feedback) edge's chain runs from effect to cause.
    """

    real: int
    back: frozenset[int]  # indices of the edges drawn upwards, against the flow
    chains: Mapping[int, Sequence[int]]  # edge index -> its vertices, top to bottom
    layer: Sequence[int]  # row of every vertex
    preds: Sequence[Sequence[int]]
    succs: Sequence[Sequence[int]]
    rows: Sequence[Sequence[int]]  # the vertices of each row, left to right

    @property
    def count(self) -> int:
        """How many vertices there are, pass-through points included."""
        return len(self.layer)


def back_edges(count: int, edges: Sequence[Edge]) -> set[int]:
    """Indices of edges that close a cycle in a DFS taken in the trainer's order.

    Reversing exactly these makes the graph acyclic, and the DFS order keeps the choice
    stable and intuitive: the loop is "closed" by the link the trainer wrote last.
    Self-loops are left out: they are drawn beside their box, not between rows.
    """
    out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for index, (u, v) in enumerate(edges):
        if u != v:
            out[u].append((v, index))
    state = [0] * count  # 0 unseen, 1 on the DFS stack, 2 finished
    back: set[int] = set()
    for root in range(count):
        if not state[root]:
            _depth_first(root, out, state, back)
    return back


def _depth_first(root: int, out: Sequence[Sequence[tuple[int, int]]], state: list[int], back: set[int]) -> None:
    """One iterative DFS from `root`, adding to `back` every edge that reaches the stack.

    Iterative rather than recursive so that a long chain of metrics cannot hit Python's
    recursion limit.
    """
    state[root] = 1
    stack: list[tuple[int, int]] = [(root, 0)]
    while stack:
        node, cursor = stack[-1]
        if cursor >= len(out[node]):
            state[node] = 2
            stack.pop()
            continue
        stack[-1] = (node, cursor + 1)
        target, index = out[node][cursor]
        if state[target] == 1:
            back.add(index)
        elif state[target] == 0:
            state[target] = 1
            stack.append((target, 0))


def _topological_order(count: int, succs: Sequence[Sequence[int]]) -> list[int]:
    """Kahn's order, always taking the lowest ready index so the result is deterministic."""
    indegree = [0] * count
    for targets in succs:
        for target in targets:
            indegree[target] += 1
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
    return order


def layers(count: int, dag: Sequence[Edge]) -> list[int]:
    """Row per vertex: longest path from the sources, then sources pulled down next to their targets.

    Pulling sources down keeps an input such as "Self-service containment" beside the
    metric it drives instead of at the top of the page with a long edge down to it.
    """
    preds: list[list[int]] = [[] for _ in range(count)]
    succs: list[list[int]] = [[] for _ in range(count)]
    for u, v in dag:
        succs[u].append(v)
        preds[v].append(u)
    order = _topological_order(count, succs)
    layer = [0] * count
    for node in order:
        for target in succs[node]:
            layer[target] = max(layer[target], layer[node] + 1)
    for node in reversed(order):
        if not preds[node] and succs[node]:
            layer[node] = min(layer[t] for t in succs[node]) - 1
    return layer


def dummy_chains(layer: Sequence[int], dag_of: Mapping[int, Edge]) -> tuple[dict[int, list[int]], list[int]]:
    """Each edge as a chain of vertices one row apart, and the row of every vertex, old and new.

    An edge that skips rows gets a pass-through ("dummy") vertex in each row it crosses,
    numbered after the real ones, so that ordering and placement can treat the edge's
    bends like small boxes that need room and want to line up.
    """
    chains: dict[int, list[int]] = {}
    vertex_layer = list(layer)
    for index, (u, v) in dag_of.items():
        chain = [u]
        for row in range(layer[u] + 1, layer[v]):
            vertex_layer.append(row)
            chain.append(len(vertex_layer) - 1)
        chain.append(v)
        chains[index] = chain
    return chains, vertex_layer


def adjacency(count: int, chains: Mapping[int, Sequence[int]]) -> tuple[list[list[int]], list[list[int]]]:
    """Predecessors and successors of every vertex along the chains, in edge order."""
    preds: list[list[int]] = [[] for _ in range(count)]
    succs: list[list[int]] = [[] for _ in range(count)]
    for chain in chains.values():
        for a, b in zip(chain, chain[1:], strict=False):
            succs[a].append(b)
            preds[b].append(a)
    return preds, succs


def crossings_between(upper: Mapping[int, int], lower: Mapping[int, int], segments: Sequence[Edge]) -> int:
    """How many pairs of segments cross between two rows, given each vertex's position in its row."""
    pairs = [(upper[a], lower[b]) for a, b in segments]
    total = 0
    for i in range(len(pairs)):
        a1, b1 = pairs[i]
        for j in range(i + 1, len(pairs)):
            a2, b2 = pairs[j]
            if (a1 - a2) * (b1 - b2) < 0:
                total += 1
    return total


def _positions(row: Sequence[int]) -> dict[int, int]:
    return {v: i for i, v in enumerate(row)}


def _channels(rows: int, succs: Sequence[Sequence[int]], layer: Sequence[int]) -> list[list[Edge]]:
    """The segments of each gap between two rows, the unit crossings are counted in."""
    by_channel: list[list[Edge]] = [[] for _ in range(max(rows - 1, 0))]
    for v, targets in enumerate(succs):
        for t in targets:
            by_channel[layer[v]].append((v, t))
    return by_channel


def crossings(rows: Sequence[Sequence[int]], channels: Sequence[Sequence[Edge]]) -> int:
    """All crossings of an ordering, summed over the channels between consecutive rows."""
    pos = [_positions(r) for r in rows]
    return sum(crossings_between(pos[i], pos[i + 1], channels[i]) for i in range(len(channels)))


def _barycentre_order(row: Sequence[int], neighbours: Sequence[Sequence[int]], pos: Mapping[int, int]) -> list[int]:
    """The row sorted by the mean position of each vertex's neighbours in the fixed row.

    A vertex without neighbours there keeps its own index as its key, so it stays put.
    """

    def key(item: tuple[int, int]) -> tuple[float, int]:
        index, v = item
        near = [pos[n] for n in neighbours[v]]
        return (sum(near) / len(near) if near else float(index), index)

    return [v for _, v in sorted(enumerate(row), key=key)]


def _local_crossings(
    u: int,
    w: int,
    preds: Sequence[Sequence[int]],
    succs: Sequence[Sequence[int]],
    up: Mapping[int, int] | None,
    down: Mapping[int, int] | None,
) -> tuple[int, int]:
    """Crossings between the edges of `u` and of `w` with `u` left of `w`, and with `w` left of `u`.

    Both from one look at each pair of their edges: a pair crosses one way round exactly when
    its ends are in the other order, and not at all when they share an end.
    """
    left = right = 0
    for neighbours, pos in ((preds, up), (succs, down)):
        if pos is None:
            continue
        for a in neighbours[u]:
            for b in neighbours[w]:
                left += pos[a] > pos[b]
                right += pos[b] > pos[a]
    return left, right


def _transpose(current: list[list[int]], preds: Sequence[Sequence[int]], succs: Sequence[Sequence[int]]) -> None:
    """Swap neighbours in a row wherever that alone removes crossings, until nothing improves.

    Barycentres cannot separate two vertices with the same mean; a swap can.
    """
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for i, row in enumerate(current):
            up = _positions(current[i - 1]) if i > 0 else None
            down = _positions(current[i + 1]) if i + 1 < len(current) else None
            for j in range(len(row) - 1):
                u, w = row[j], row[j + 1]
                as_is, swapped = _local_crossings(u, w, preds, succs, up, down)
                if swapped < as_is:
                    row[j], row[j + 1] = w, u
                    improved = True
        if not improved:
            return


def _sweep(
    current: list[list[int]], preds: Sequence[Sequence[int]], succs: Sequence[Sequence[int]], down: bool
) -> None:
    """Reorder every row by its neighbours in the row above (`down`) or below, in place."""
    if down:
        for i in range(1, len(current)):
            current[i] = _barycentre_order(current[i], preds, _positions(current[i - 1]))
    else:
        for i in range(len(current) - 2, -1, -1):
            current[i] = _barycentre_order(current[i], succs, _positions(current[i + 1]))


def order_rows(
    rows: Sequence[Sequence[int]], preds: Sequence[Sequence[int]], succs: Sequence[Sequence[int]], layer: Sequence[int]
) -> list[list[int]]:
    """Order vertices within rows to reduce crossings: barycentre sweeps, then adjacent swaps.

    Returns the ordering with the fewest crossings seen, not the last one: sweeps can
    make things worse again, and the result must not depend on when they stop.
    """
    channels = _channels(len(rows), succs, layer)
    current = [list(r) for r in rows]
    _transpose(current, preds, succs)
    best = [list(r) for r in current]
    best_count = crossings(best, channels)
    for sweep in range(SWEEPS):
        if best_count == 0:
            break
        _sweep(current, preds, succs, down=sweep % 2 == 0)
        _transpose(current, preds, succs)
        count = crossings(current, channels)
        if count < best_count:
            best, best_count = [list(r) for r in current], count
    return best
