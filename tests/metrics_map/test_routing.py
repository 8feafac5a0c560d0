"""Badges on their curves: near the arrowhead, and clear of a badge already there."""

from __future__ import annotations

from course.metrics_map.geometry import badge_box
from course.metrics_map.routing import badge_position

CHANNEL = ((0.0, 0.0), (0.0, 50.0), (0.0, 50.0), (0.0, 100.0))  # straight down a 100-unit channel


def test_a_badge_sits_towards_the_arrowhead() -> None:
    assert badge_position(CHANNEL, 0.0, 100.0, False, [])[1] > 50.0, "downward edge: arrowhead at the bottom"
    assert badge_position(CHANNEL, 0.0, 100.0, True, [])[1] < 50.0, "upward edge: arrowhead at the top"


def test_a_second_badge_on_the_same_spot_moves_clear_of_the_first() -> None:
    first = badge_position(CHANNEL, 0.0, 100.0, False, [])
    second = badge_position(CHANNEL, 0.0, 100.0, False, [badge_box(first)])
    assert not badge_box(second).overlaps(badge_box(first))
    assert 0.0 < second[1] < 100.0
