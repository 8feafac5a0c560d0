"""Horizontal placement: where in its row each vertex's centre goes, rows already ordered.

The aim is short, straight edges: each vertex sits as near the (weighted) mean of its
neighbours as the spacing in its row allows. Each row is settled exactly, as a
least-squares problem under ordering constraints (:func:`project`), rather than nudged
step by step, so the result is deterministic and needs no tuning of step sizes.
Vertices are integers, as in :mod:`course.metrics_map.graph`; only their extents
(half-widths left and right of the centre) are known here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.metrics_map.sizes import DUMMY_GAP, NODE_GAP

__all__ = ["Spacing", "place_x", "project"]

#: Rounds of settling each row against the row above, then against the row below.
PLACEMENT_ROUNDS = 8


@dataclass(frozen=True)
class Spacing:
    """How far apart two neighbours in a row must stand, centre to centre.

    Vertices from `real` onwards are pass-through points of long edges, which may
    stand closer to each other and to boxes than two boxes may.
    """

    left: Sequence[float]
    right: Sequence[float]
    real: int

    def gaps(self, row: Sequence[int]) -> list[float]:
        """The minimum distance between each pair of neighbours in `row`, left to right."""
        result = []
        for a, b in zip(row, row[1:], strict=False):
            gap = NODE_GAP if a < self.real and b < self.real else DUMMY_GAP
            result.append(self.right[a] + gap + self.left[b])
        return result

    def weight(self, a: int, b: int) -> float:
        """How hard a segment pulls its ends into line.

        Long edges should run straight: pull hardest between two pass-through points
        (the weights of Gansner et al.'s network-simplex placement).
        """
        return 8.0 if a >= self.real and b >= self.real else 2.0 if a >= self.real or b >= self.real else 1.0


def project(desired: Sequence[float], gaps: Sequence[float]) -> list[float]:
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


def _packed(rows: Sequence[Sequence[int]], count: int, spacing: Spacing) -> list[float]:
    """A first placement: every row packed tightly from zero, the starting point for settling."""
    x = [0.0] * count
    for row in rows:
        gaps = spacing.gaps(row)
        cursor = 0.0
        for i, v in enumerate(row):
            if i:
                cursor += gaps[i - 1]
            x[v] = cursor
    return x


def _settle(row: Sequence[int], neighbours: Sequence[Sequence[int]], x: list[float], spacing: Spacing) -> None:
    """Move the whole row, at once, as near its neighbours' weighted means as spacing allows."""
    desired = []
    for v in row:
        near = neighbours[v]
        total = sum(spacing.weight(v, n) for n in near)
        desired.append(sum(spacing.weight(v, n) * x[n] for n in near) / total if near else x[v])
    for v, value in zip(row, project(desired, spacing.gaps(row)), strict=True):
        x[v] = value


def place_x(
    rows: Sequence[Sequence[int]],
    preds: Sequence[Sequence[int]],
    succs: Sequence[Sequence[int]],
    spacing: Spacing,
) -> list[float]:
    """Horizontal centres: each vertex as near the mean of its neighbours as spacing allows.

    Downward rounds pull rows towards their causes, upward rounds towards their effects;
    a final pass against both sides balances the two before long edges are straightened.
    """
    x = _packed(rows, len(spacing.left), spacing)
    for _ in range(PLACEMENT_ROUNDS):
        for row in rows[1:]:
            _settle(row, preds, x, spacing)
        for row in reversed(rows[:-1]):
            _settle(row, succs, x, spacing)
    both = [list(p) + list(s) for p, s in zip(preds, succs, strict=True)]
    for row in rows:
        _settle(row, both, x, spacing)
    _straighten(rows, preds, succs, x, spacing)
    return x


def _room(
    v: int, where: dict[int, tuple[int, int]], rows: Sequence[Sequence[int]], x: Sequence[float], spacing: Spacing
) -> tuple[float, float]:
    """The interval `v` may move in without coming too close to its neighbours in the row."""
    r, i = where[v]
    row = rows[r]
    gaps = spacing.gaps(row)
    low = x[row[i - 1]] + gaps[i - 1] if i > 0 else float("-inf")
    high = x[row[i + 1]] - gaps[i] if i + 1 < len(row) else float("inf")
    return low, high


def _pass_through_chain(start: int, succs: Sequence[Sequence[int]], real: int) -> list[int]:
    """The run of pass-through points of one long edge, from its first below the cause."""
    chain = [start]
    while succs[chain[-1]] and succs[chain[-1]][0] >= real:
        chain.append(succs[chain[-1]][0])
    return chain


def _line_up(run: Sequence[int], low: float, high: float, x: list[float]) -> None:
    """Move a run of pass-through points to their mean, clamped into the room they share."""
    if run:
        target = min(max(sum(x[d] for d in run) / len(run), low), high)
        for d in run:
            x[d] = target


def _straighten(
    rows: Sequence[Sequence[int]],
    preds: Sequence[Sequence[int]],
    succs: Sequence[Sequence[int]],
    x: list[float],
    spacing: Spacing,
) -> None:
    """Line up each run of pass-through points of a long edge, where the neighbours leave room.

    Averaging leaves long edges with small jogs at every row, which read as noise; a
    straight vertical run reads as one line. Only moves that keep every spacing are made:
    the chain is cut into maximal runs whose allowed intervals share a point, and each
    run moves to its mean position, clamped into that shared interval.
    """
    where: dict[int, tuple[int, int]] = {v: (r, i) for r, row in enumerate(rows) for i, v in enumerate(row)}
    real = spacing.real
    for start in [v for v in range(real, len(x)) if preds[v][0] < real]:
        run: list[int] = []
        low, high = float("-inf"), float("inf")
        for v in _pass_through_chain(start, succs, real):
            v_low, v_high = _room(v, where, rows, x, spacing)
            if max(low, v_low) <= min(high, v_high):
                run.append(v)
                low, high = max(low, v_low), min(high, v_high)
                continue
            _line_up(run, low, high, x)
            run, (low, high) = [v], _room(v, where, rows, x, spacing)
        _line_up(run, low, high, x)
