"""Survey arithmetic: margins of error, the margin of a gap, and NPS."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.staffing.erlang import ErlangInputError
from course.staffing.surveys import difference_margin, margin_of_error, nps, nps_margin


def test_graces_team_and_the_other_team() -> None:
    assert margin_of_error(0.82, 150) == pytest.approx(0.0615, abs=1e-4)
    assert margin_of_error(0.78, 140) == pytest.approx(0.0686, abs=1e-4)
    assert difference_margin(0.82, 150, 0.78, 140) == pytest.approx(0.0921, abs=1e-4)


def test_ranges_can_overlap_while_the_gap_is_real() -> None:
    """At 1,000 responses each, 82% and 78% have overlapping ranges, yet a 4-point gap beats its own margin."""
    low_a = 0.82 - margin_of_error(0.82, 1000)
    high_b = 0.78 + margin_of_error(0.78, 1000)
    assert low_a < high_b, "the two 95% ranges overlap"
    assert difference_margin(0.82, 1000, 0.78, 1000) < 0.04, "but the gap is bigger than its margin"


@given(st.floats(0, 1), st.integers(1, 10_000), st.floats(0, 1), st.integers(1, 10_000))
def test_the_margin_of_a_gap_is_less_than_the_two_margins_added(p: float, n: int, q: float, m: int) -> None:
    a, b = margin_of_error(p, n), margin_of_error(q, m)
    assert max(a, b) - 1e-15 <= difference_margin(p, n, q, m) <= a + b + 1e-15


@given(st.floats(0.01, 0.99), st.integers(1, 2500))
def test_four_times_the_responses_halve_the_margin(p: float, n: int) -> None:
    assert margin_of_error(p, 4 * n) == pytest.approx(margin_of_error(p, n) / 2)


def test_harbourlines_relationship_survey() -> None:
    assert nps(148, 132, 120) == pytest.approx(7)
    assert nps_margin(148, 132, 120) == pytest.approx(8.0, abs=0.05)
    assert nps(148, 172, 80) == pytest.approx(17), "40 detractors become passives"
    assert nps(188, 92, 120) == pytest.approx(17), "40 passives become promoters"


def test_an_agents_fifteen_answers_pin_down_almost_nothing() -> None:
    assert nps(8, 4, 3) == pytest.approx(33.3, abs=0.05)
    assert nps_margin(8, 4, 3) == pytest.approx(39.9, abs=0.05)


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_nps_stays_on_its_scale_and_moves_only_when_a_group_changes(p: int, q: int, d: int) -> None:
    if p + q + d == 0:
        with pytest.raises(ErlangInputError, match="at least one response"):
            nps(p, q, d)
        return
    score = nps(p, q, d)
    assert -100 <= score <= 100
    assert 0 <= nps_margin(p, q, d) <= 100 * 1.96 + 1e-9
    # Turning every passive into a promoter adds exactly their share; turning them into detractors takes it away.
    assert math.isclose(nps(p + q, 0, d), score + 100 * q / (p + q + d), abs_tol=1e-9)
    assert math.isclose(nps(p, 0, d + q), score - 100 * q / (p + q + d), abs_tol=1e-9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: margin_of_error(1.2, 10), "share must be a fraction"),
        (lambda: margin_of_error(0.5, 0), "responses must be at least 1"),
        (lambda: nps(-1, 2, 3), "promoters must be at least 0"),
        (lambda: nps(1.5, 2, 3), "promoters must be a whole number"),  # type: ignore[arg-type]
    ],
)
def test_bad_inputs_are_refused(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ErlangInputError, match=message):
        call()
