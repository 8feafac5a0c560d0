"""The staffing maths a learner will check by hand against published worked examples.

Sources for the worked examples:

* Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
  (callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls in 30 minutes,
  AHT 180 s, 80% answered in 20 s, maximum occupancy 85%, shrinkage 30%. It gives
  traffic 10 Erlangs and, at 14 agents, P(wait) 0.1741, service level 88.8%, ASA 7.8 s,
  82.6% answered immediately, occupancy 71.4%, and 14 / (1 - 0.3) = 20 staff.
  (13 agents give 79.6%, just short of 80%, which is why the article lands on 14.)
* pyworkforce's own test-suite reproduces that example and adds a 70% occupancy cap,
  for which it expects 15 agents and 22 scheduled staff, SL 94.1%, P(wait) 0.102.
* Classic Erlang B tables (e.g. the ITU/Westbay tables): 10 trunks at 1% blocking carry
  4.46 Erlangs; 5 trunks at 1% carry 1.36 Erlangs.

Independent check: exact rational Erlang B/C with :mod:`fractions` (the textbook
factorial sums, done without rounding) and :mod:`decimal` for the exponential.
"""

from __future__ import annotations

import math
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.staffing import erlang
from course.staffing.erlang import ErlangInputError, Staffing, Unstable

# --- an independent, exact computation ------------------------------------------------------


def exact_b(n: int, a: Fraction) -> Fraction:
    """Erlang B as the textbook ratio of sums, in exact rationals (no recursion shared with the engine)."""
    term = Fraction(1)
    total = Fraction(1)
    for k in range(1, n + 1):
        term = term * a / k
        total += term
    return term / total


def exact_c(n: int, a: Fraction) -> Fraction:
    """Erlang C from the textbook formula: X / (Y + X), X = A^n/n! · n/(n-A), Y = Σ_{k<n} A^k/k!."""
    term = Fraction(1)
    y = Fraction(0)
    for k in range(n):
        y += term
        term = term * a / (k + 1)
    x = term * n / (n - a)
    return x / (y + x)


def exact_sl(n: int, a: Fraction, handle: Fraction, answer: Fraction) -> Decimal:
    getcontext().prec = 60
    c = exact_c(n, a)
    exponent = -(n - a) * answer / handle
    e = (Decimal(exponent.numerator) / Decimal(exponent.denominator)).exp()
    return 1 - Decimal(c.numerator) / Decimal(c.denominator) * e


def as_float(value: Fraction | Decimal) -> float:
    return float(value)


# --- published worked examples ---------------------------------------------------------------


def test_call_centre_helper_worked_example() -> None:
    traffic = erlang.traffic_erlangs(100, 30 * 60, 180)
    assert traffic == pytest.approx(10.0, abs=1e-12)
    assert erlang.erlang_c(14, traffic) == pytest.approx(0.1741, abs=5e-5)
    assert erlang.service_level(14, traffic, 180, 20) == pytest.approx(0.888, abs=5e-4)
    assert erlang.average_speed_of_answer(14, traffic, 180) == pytest.approx(7.8, abs=0.05)
    assert 1 - erlang.erlang_c(14, traffic) == pytest.approx(0.826, abs=5e-4)  # answered immediately
    assert erlang.occupancy(14, traffic) == pytest.approx(0.714, abs=5e-4)
    # 13 agents reach only 79.6%, so 80/20 needs 14, and 14 / 0.7 = 20 to schedule.
    assert erlang.service_level(13, traffic, 180, 20) == pytest.approx(0.7956, abs=5e-5)
    assert erlang.required_agents(traffic, 180, 20, 0.80) == 14
    assert erlang.required_agents(traffic, 180, 20, 0.80, max_occupancy=0.85) == 14
    assert erlang.scheduled_staff(14, 0.30) == 20


def test_worked_example_as_one_staffing_summary() -> None:
    s = erlang.interval_staffing(100, 1800, 180, 20, 0.8, shrinkage=0.3, max_occupancy=0.85)
    assert isinstance(s, Staffing)
    assert (s.agents, s.scheduled) == (14, 20)
    assert s.traffic == pytest.approx(10.0)
    assert s.service_level == pytest.approx(0.8884, abs=5e-5)
    assert s.asa == pytest.approx(7.836, abs=5e-4)
    assert s.occupancy == pytest.approx(10 / 14)
    assert s.probability_of_waiting == pytest.approx(0.1741, abs=5e-5)


def test_occupancy_cap_raises_staffing_as_in_pyworkforce_suite() -> None:
    assert erlang.required_agents(10.0, 180, 20, 0.8, max_occupancy=0.7) == 15
    assert erlang.scheduled_staff(15, 0.3) == 22
    assert erlang.service_level(15, 10.0, 180, 20) == pytest.approx(0.941, abs=5e-4)
    assert erlang.erlang_c(15, 10.0) == pytest.approx(0.102, abs=5e-4)


@pytest.mark.parametrize(("trunks", "traffic"), [(10, 4.46), (5, 1.36)])
def test_erlang_b_table_values_at_one_percent_blocking(trunks: int, traffic: float) -> None:
    assert erlang.erlang_b(trunks, traffic) == pytest.approx(0.01, abs=3e-4)


# --- exact cross-checks ------------------------------------------------------------------------

EXACT_CASES = [
    (1, Fraction(1, 2)),
    (2, Fraction(3, 2)),
    (14, Fraction(10)),
    (11, Fraction(10)),  # barely stable
    (31, Fraction(61, 2)),
    (60, Fraction(48)),
    (150, Fraction(2801, 20)),
    (400, Fraction(3905, 10)),
]


@pytest.mark.parametrize(("n", "a"), EXACT_CASES)
def test_matches_exact_rational_arithmetic(n: int, a: Fraction) -> None:
    af = float(a)
    assert erlang.erlang_b(n, af) == pytest.approx(as_float(exact_b(n, a)), abs=1e-12, rel=1e-12)
    assert erlang.erlang_c(n, af) == pytest.approx(as_float(exact_c(n, a)), abs=1e-12, rel=1e-12)
    sl = erlang.service_level(n, af, 240, 15)
    assert abs(sl - as_float(exact_sl(n, a, Fraction(240), Fraction(15)))) < 1e-9
    asa = erlang.average_speed_of_answer(n, af, 240)
    assert asa == pytest.approx(as_float(exact_c(n, a) * 240 / (n - a)), rel=1e-9)


def test_two_thousand_agents_match_exact_arithmetic_without_overflow() -> None:
    a = Fraction(1950)
    for n in (1951, 1962, 2000, 2100):
        c = erlang.erlang_c(n, 1950.0)
        assert isinstance(c, float) and math.isfinite(c)
        assert c == pytest.approx(as_float(exact_c(n, a)), rel=1e-9, abs=1e-12)
        sl = erlang.service_level(n, 1950.0, 180, 20)
        assert abs(sl - as_float(exact_sl(n, a, Fraction(180), Fraction(20)))) < 1e-9


def test_large_centres_need_fewer_spare_agents_per_erlang() -> None:
    """Economies of scale: at ~2,000 agents the buffer above traffic is a few percent, not 40%."""
    small = erlang.required_agents(10.0, 180, 20, 0.8)
    large = erlang.required_agents(1950.0, 180, 20, 0.8)
    assert (small - 10) / 10 > 0.3
    assert 1950 < large < 1950 * 1.02
    assert erlang.service_level(large, 1950.0, 180, 20) >= 0.8
    assert erlang.service_level(large - 1, 1950.0, 180, 20) < 0.8


def test_far_more_agents_than_traffic_is_not_an_error() -> None:
    assert erlang.erlang_c(2000, 0.001) == pytest.approx(0.0, abs=1e-300)
    assert erlang.service_level(2000, 0.001, 180, 20) == 1.0
    assert erlang.erlang_b(100_000, 1.0) == 0.0


def test_zero_traffic_needs_one_agent_and_nobody_waits() -> None:
    assert erlang.traffic_erlangs(0, 1800, 180) == 0.0
    assert erlang.erlang_c(1, 0.0) == 0.0
    assert erlang.service_level(1, 0.0, 180, 0) == 1.0
    assert erlang.required_agents(0.0, 180, 20, 0.8) == 1


# --- unstable queues ------------------------------------------------------------------------------


@pytest.mark.parametrize(("agents", "traffic", "need"), [(10, 10.0, 11), (9, 10.0, 11), (0, 0.0, 1), (3, 3.5, 4)])
def test_too_few_agents_is_reported_not_computed(agents: int, traffic: float, need: int) -> None:
    for result in (
        erlang.erlang_c(agents, traffic),
        erlang.service_level(agents, traffic, 180, 20),
        erlang.average_speed_of_answer(agents, traffic, 180),
        erlang.occupancy(agents, traffic),
    ):
        assert isinstance(result, Unstable)
        assert result.min_agents == need
        assert result.agents == agents and result.traffic == traffic
        assert result.message == f"unstable: the queue grows without limit, at least {need} agents are needed"


def test_curve_marks_unstable_rows_and_shows_the_knee() -> None:
    rows = erlang.curve(10.0, 180, 20, 9, 17)
    assert [r.agents for r in rows] == list(range(9, 18))
    assert [r.stable for r in rows[:2]] == [False, False]
    assert rows[0].service_level is None and rows[0].asa is None
    stable = rows[2:]
    gains = [b.service_level - a.service_level for a, b in zip(stable, stable[1:], strict=False)]
    assert all(g > 0 for g in gains)
    assert gains == sorted(gains, reverse=True)  # each extra agent buys less: the knee
    for row in stable:
        assert row.service_level == erlang.service_level(row.agents, 10.0, 180, 20)
        assert row.asa == pytest.approx(erlang.average_speed_of_answer(row.agents, 10.0, 180), rel=1e-12)
        assert row.occupancy == pytest.approx(10.0 / row.agents)


# --- shrinkage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agents", "shrinkage", "expected"),
    [
        (21, 0.30, 30),  # 21 / 0.7 = 30.000000000000004 in floats
        (14, 0.30, 20),
        (7, 0.30, 10),
        (35, 0.30, 50),
        (9, 0.10, 10),
        (19, 0.05, 20),
        (13, 0.35, 20),
        (22, 0.30, 32),  # 31.43 really does round up
        (14, 0.0, 14),
        (0, 0.5, 0),
        (1, 0.99, 100),
        (2000, 0.3, 2858),
    ],
)
def test_scheduled_staff(agents: int, shrinkage: float, expected: int) -> None:
    assert erlang.scheduled_staff(agents, shrinkage) == expected


@given(st.integers(0, 5000), st.integers(0, 99))
@settings(max_examples=300, deadline=None)
def test_scheduled_staff_is_the_fewest_that_cover_shrinkage(agents: int, percent: int) -> None:
    staff = erlang.scheduled_staff(agents, percent / 100)
    exact = Fraction(agents) / (1 - Fraction(percent, 100))  # what the planner means by "30%"
    assert staff == math.ceil(exact)


# --- properties ----------------------------------------------------------------------------------

traffics = st.floats(min_value=0.05, max_value=400, allow_nan=False)
handles = st.floats(min_value=10, max_value=1200, allow_nan=False)
answers = st.floats(min_value=0, max_value=120, allow_nan=False)


@given(traffics, handles, answers, st.integers(1, 40))
@settings(max_examples=150, deadline=None)
def test_service_level_rises_with_agents(traffic: float, handle: float, answer: float, extra: int) -> None:
    n = math.floor(traffic) + 1
    low = erlang.service_level(n, traffic, handle, answer)
    high = erlang.service_level(n + extra, traffic, handle, answer)
    assert 0.0 <= low <= high <= 1.0
    if low < 1 - 1e-9:
        assert high > low


@given(traffics, handles, answers, st.floats(min_value=0.5, max_value=60))
@settings(max_examples=150, deadline=None)
def test_service_level_rises_with_answer_time(traffic: float, handle: float, answer: float, more: float) -> None:
    n = math.floor(traffic) + 2
    assert erlang.service_level(n, traffic, handle, answer + more) >= erlang.service_level(n, traffic, handle, answer)


@given(traffics, handles, answers, st.floats(min_value=1.01, max_value=1.5))
@settings(max_examples=150, deadline=None)
def test_service_level_falls_as_traffic_grows(traffic: float, handle: float, answer: float, factor: float) -> None:
    heavier = traffic * factor
    n = math.floor(heavier) + 1
    assert erlang.service_level(n, heavier, handle, answer) <= erlang.service_level(n, traffic, handle, answer)


@given(traffics, st.integers(0, 500))
@settings(max_examples=150, deadline=None)
def test_occupancy_is_traffic_over_agents(traffic: float, extra: int) -> None:
    n = math.floor(traffic) + 1 + extra
    assert erlang.occupancy(n, traffic) == pytest.approx(traffic / n, rel=1e-15)


@given(traffics, handles, answers, st.floats(min_value=0.05, max_value=0.99))
@settings(max_examples=150, deadline=None)
def test_required_agents_is_the_fewest_that_meet_the_target(
    traffic: float, handle: float, answer: float, target: float
) -> None:
    n = erlang.required_agents(traffic, handle, answer, target)
    assert erlang.service_level(n, traffic, handle, answer) >= target - 1e-12
    below = erlang.service_level(n - 1, traffic, handle, answer)
    assert isinstance(below, Unstable) or below < target


@given(traffics, handles, answers, st.floats(min_value=0.5, max_value=0.95), st.floats(min_value=0.5, max_value=1.0))
@settings(max_examples=100, deadline=None)
def test_occupancy_cap_is_respected(traffic: float, handle: float, answer: float, target: float, cap: float) -> None:
    n = erlang.required_agents(traffic, handle, answer, target, max_occupancy=cap)
    assert n > traffic
    assert traffic / n <= cap + 1e-9
    assert n >= erlang.required_agents(traffic, handle, answer, target)


# --- invalid input -------------------------------------------------------------------------------

NOT_NUMBERS = ["10", None, [10], True, False, float("nan"), float("inf"), float("-inf")]


@pytest.mark.parametrize("bad", NOT_NUMBERS)
@pytest.mark.parametrize("position", ["calls", "interval_seconds", "handle_seconds"])
def test_traffic_rejects_non_numbers(bad: object, position: str) -> None:
    args = {"calls": 100, "interval_seconds": 1800, "handle_seconds": 180, position: bad}
    with pytest.raises(ErlangInputError, match=position):
        erlang.traffic_erlangs(**args)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"calls": -1}, "calls"),
        ({"interval_seconds": 0}, "interval_seconds"),
        ({"interval_seconds": -1800}, "interval_seconds"),
        ({"handle_seconds": 0}, "handle_seconds"),
        ({"handle_seconds": -3.0}, "handle_seconds"),
        ({"answer_seconds": -1}, "answer_seconds"),
        ({"target": 0}, "target"),
        ({"target": 1}, "target"),
        ({"target": 80}, "target"),  # a percentage where a fraction belongs
        ({"target": -0.2}, "target"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"shrinkage": -0.1}, "shrinkage"),
        ({"shrinkage": 30}, "shrinkage"),
        ({"max_occupancy": 0}, "max_occupancy"),
        ({"max_occupancy": 1.2}, "max_occupancy"),
        ({"max_occupancy": float("nan")}, "max_occupancy"),
        ({"target": True}, "target"),
        ({"calls": "100"}, "calls"),
    ],
)
def test_staffing_rejects_each_bad_argument_by_name(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {
        "calls": 100,
        "interval_seconds": 1800,
        "handle_seconds": 180,
        "answer_seconds": 20,
        "target": 0.8,
        "shrinkage": 0.3,
        "max_occupancy": 0.85,
    }
    args.update(kwargs)
    with pytest.raises(ErlangInputError, match=name):
        erlang.interval_staffing(**args)


@pytest.mark.parametrize("bad", [-1, 14.0, 14.5, "14", True, None, erlang.MAX_AGENTS + 1])
def test_agents_must_be_a_whole_number_in_range(bad: object) -> None:
    for call in (
        lambda: erlang.erlang_b(bad, 10.0),
        lambda: erlang.erlang_c(bad, 10.0),
        lambda: erlang.service_level(bad, 10.0, 180, 20),
        lambda: erlang.average_speed_of_answer(bad, 10.0, 180),
        lambda: erlang.occupancy(bad, 10.0),
        lambda: erlang.scheduled_staff(bad, 0.3),
    ):
        with pytest.raises(ErlangInputError, match="agents"):
            call()


@pytest.mark.parametrize("bad", [-0.5, float("nan"), float("inf"), "10", True, float(erlang.MAX_TRAFFIC)])
def test_traffic_must_be_a_finite_non_negative_number(bad: object) -> None:
    with pytest.raises(ErlangInputError, match="traffic"):
        erlang.erlang_c(14, bad)
    with pytest.raises(ErlangInputError, match="traffic"):
        erlang.required_agents(bad, 180, 20, 0.8)


def test_largest_allowed_traffic_still_gets_an_answer_within_the_agent_limit() -> None:
    """A browser tab or a build must never be asked for more agents than the engine accepts."""
    traffic = erlang.MAX_TRAFFIC - 0.5
    n = erlang.required_agents(traffic, 180, 0, 0.99)
    assert traffic < n <= erlang.MAX_AGENTS
    assert erlang.scheduled_staff(n, 0.0) == n


def test_curve_rejects_a_backwards_range() -> None:
    with pytest.raises(ErlangInputError, match="agents_to"):
        erlang.curve(10.0, 180, 20, 15, 12)


def test_error_is_a_value_error_for_callers_that_catch_broadly() -> None:
    assert issubclass(ErlangInputError, ValueError)
