"""Horizontal placement: boxes as near their neighbours as the spacing in their row allows."""

from __future__ import annotations

from course.metrics_map.placement import Spacing, place_x, project


def test_projection_keeps_spacing_and_moves_no_more_than_it_must() -> None:
    assert project([0.0, 50.0], [10.0]) == [0.0, 50.0], "already far enough apart: left where they want to be"
    assert project([0.0, 0.0, 0.0], [10.0, 10.0]) == [-10.0, 0.0, 10.0], "all want 0: spread evenly about it"
    assert project([20.0, 0.0], [10.0]) == [5.0, 15.0], "order kept, the clash shared equally"


def test_a_metric_with_one_cause_sits_under_it() -> None:
    """Cause 0 above effects 2 and 3, cause 1 above nothing: 2 and 3 straddle 0, clear of each other."""
    rows = [[0, 1], [2, 3]]
    preds = [[], [], [0], [0]]
    succs = [[2, 3], [], [], []]
    spacing = Spacing(left=[40.0] * 4, right=[40.0] * 4, real=4)
    x = place_x(rows, preds, succs, spacing)
    assert x[3] - x[2] >= spacing.gaps([2, 3])[0]
    assert abs((x[2] + x[3]) / 2 - x[0]) < 1e-9
    assert x[1] - x[0] >= spacing.gaps([0, 1])[0]
