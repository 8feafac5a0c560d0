"""How a service level is printed beside its target: never rounded across it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.staffing.erlang import interval_staffing, meets_target
from course.staffing.erlang import service_level as erlang_service_level
from course.staffing.figures import format_service_level as service_level


def test_a_miss_just_under_the_target_reads_as_a_miss() -> None:
    # Harbourline's 69 agents on 60 Erlangs: 89.96% against 90/20, which ordinary rounding prints as 90.0%.
    level = erlang_service_level(69, 60.0, 300, 20)
    assert isinstance(level, float) and 0.8995 < level < 0.9
    assert service_level(level) == "90.0%"
    assert service_level(level, 0.9) == "89.9%"
    assert service_level(level, 0.8) == "90.0%", "only the target it sits beside can change the rounding"


@pytest.mark.parametrize(
    ("level", "target", "shown"),
    [
        (0.8996, 0.9, "89.9%"),
        (0.79999, 0.8, "79.9%"),
        (0.8, 0.8, "80.0%"),
        (0.8 - 1e-13, 0.8, "80.0%"),  # within the engine's tolerance: the engine calls this met
        (0.82349, 0.8, "82.3%"),
        (0.82351, 0.8, "82.4%"),
        (0.8005, 0.8005, "80.1%"),  # a hit on an odd target is never printed below it
        (0.80049, 0.8005, "80.0%"),
        (0.0, 0.5, "0.0%"),
        (1.0, 0.99, "100.0%"),
    ],
)
def test_examples(level: float, target: float, shown: str) -> None:
    assert service_level(level, target) == shown


def test_more_places_follow_the_same_rule() -> None:
    assert service_level(0.899996, 0.9, places=2) == "89.99%"
    assert service_level(0.899996, None, places=2) == "90.00%"


levels = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
targets = st.integers(min_value=1, max_value=999).map(lambda t: t / 1000)  # 0.1% to 99.9%, as targets are written


@given(levels, targets)
def test_the_printed_figure_is_on_the_same_side_of_the_target(level: float, target: float) -> None:
    shown = float(service_level(level, target).rstrip("%"))
    if meets_target(level, target):
        assert shown >= round(target * 100, 1)
    else:
        assert shown < round(target * 100, 1)


@given(levels, targets)
def test_it_moves_ordinary_rounding_by_at_most_one_in_the_last_place(level: float, target: float) -> None:
    plain = float(service_level(level).rstrip("%"))
    assert abs(float(service_level(level, target).rstrip("%")) - plain) <= 0.1 + 1e-9


def test_the_required_agents_always_print_as_meeting_the_target() -> None:
    for calls in range(50, 2000, 37):
        result = interval_staffing(calls, 1800, 240, 20, 0.9)
        assert float(service_level(result.service_level, 0.9).rstrip("%")) >= 90.0
