"""The shapes the layout is checked with, and how paths are written into the SVG."""

from __future__ import annotations

from course.metrics_map import Box
from course.metrics_map.geometry import arrow, path_data, reverse


def test_box_overlap_helper() -> None:
    """The geometry checks in the layout tests are only as good as this helper."""
    a = Box(0, 0, 10, 10)
    assert a.overlaps(Box(9, 9, 5, 5))
    assert not a.overlaps(Box(11, 0, 5, 5))
    assert a.overlaps(Box(11, 0, 5, 5), margin=2)


def test_path_data_is_short_and_reverses_to_start_at_the_other_end() -> None:
    """Coordinates to a tenth, no trailing zeros: the shipped map's page stays small and diffable."""
    pieces = [("L", ((10.0, 0.04), (10.0, 12.5))), ("C", ((10.0, 12.5), (10.0, 20.0), (30.0, 20.0), (30.0, 40.0)))]
    assert path_data(pieces) == "M10 0 L10 12.5 C10 20 30 20 30 40"
    assert path_data(reverse(pieces)) == "M30 40 C30 20 10 20 10 12.5 L10 0"


def test_arrowheads_point_where_they_are_told() -> None:
    tip, left, right = arrow((50.0, 100.0), 0.0, 1.0)
    assert tip == (50.0, 100.0)
    assert left[1] == right[1] < 100.0 and left[0] + right[0] == 100.0
