"""Metric names in their boxes: balanced wrapping, at most three lines, never wider than the box."""

from __future__ import annotations

from course.metrics_map import layout, text_width, wrap_label

from .maps import rel


def test_long_labels_wrap_to_three_lines_at_most() -> None:
    lines = wrap_label("Percentage of customers who would recommend the organisation to a friend or colleague today")
    assert len(lines) <= 3
    assert wrap_label("Average speed of answer") == ("Average speed", "of answer")
    plan = layout([rel("A " * 80 + "end", "Short")])
    assert len(plan.nodes[0].lines) == 3 and plan.nodes[0].lines[-1].endswith("\u2026")


def test_a_word_too_long_for_any_box_is_broken_not_left_to_spill() -> None:
    """A URL or a long compound cannot stretch its box past the widest label width."""
    word = "Supercalifragilisticexpialidocious-metric-name-that-keeps-going"
    lines = wrap_label(word)
    assert "".join(lines) == word and len(lines) > 1
    assert all(text_width(line) <= 240 for line in lines)
