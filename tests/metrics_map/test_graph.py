"""Ordering the map over vertex indices: which link closes a loop, which row a metric sits in, crossings."""

from __future__ import annotations

from course.metrics_map.graph import adjacency, back_edges, crossings_between, dummy_chains, layers, order_rows


def test_the_link_written_last_is_the_one_drawn_against_the_flow() -> None:
    """A loop A -> B -> C -> A reads top to bottom from A, with C -> A drawn upwards."""
    assert back_edges(3, [(0, 1), (1, 2), (2, 0)]) == {2}
    assert back_edges(3, [(1, 2), (2, 0), (0, 1)]) == {1}
    assert back_edges(2, [(0, 0), (0, 1)]) == set(), "a self-loop is drawn beside its box, not reversed"


def test_an_input_sits_just_above_the_metric_it_drives() -> None:
    """0 -> 1 -> 2 and 3 -> 2: metric 3 goes in row 1, beside 1, not in row 0 with a long edge."""
    assert layers(4, [(0, 1), (1, 2), (3, 2)]) == [0, 1, 2, 1]


def test_a_link_that_skips_rows_passes_through_one_point_per_row() -> None:
    chains, layer = dummy_chains([0, 1, 3], {0: (0, 1), 1: (0, 2)})
    assert chains == {0: [0, 1], 1: [0, 3, 4, 2]}
    assert layer == [0, 1, 3, 1, 2]


def test_ordering_removes_a_crossing_the_trainers_order_has() -> None:
    """Written as 0 -> 3 and 1 -> 2, rows [0, 1] over [2, 3] cross once; ordered, they do not."""
    rows = [[0, 1], [2, 3]]
    segments = [(0, 3), (1, 2)]
    preds, succs = adjacency(4, {0: [0, 3], 1: [1, 2]})
    layer = [0, 0, 1, 1]

    def crossing(order: list[list[int]]) -> int:
        top, bottom = ({v: i for i, v in enumerate(row)} for row in order)
        return crossings_between(top, bottom, segments)

    assert crossing(rows) == 1
    assert crossing(order_rows(rows, preds, succs, layer)) == 0
