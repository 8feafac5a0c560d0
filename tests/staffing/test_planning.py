"""Workforce-planning arithmetic beside Erlang C: each rule a planner would check by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from course.staffing import erlang
from course.staffing.erlang import ErlangInputError
from course.staffing.planning import (
    IntervalCounts,
    absolute_percentage_errors,
    adherence,
    agent_equivalents,
    bias,
    chat_staffing,
    emails_per_hour,
    hours_to_clear,
    mape,
    paid_hours,
    pooling,
    service_level_readings,
    wape,
)

# --- service level from interval counts ---------------------------------------------------


def test_one_interval_gives_five_service_levels() -> None:
    counts = IntervalCounts(
        answered_within=300, answered_after=70, abandoned_short=8, abandoned_within=6, abandoned_after=16
    )
    assert (counts.offered, counts.answered, counts.abandoned) == (400, 370, 30)
    readings = {r.key: r.value for r in service_level_readings(counts)}
    assert readings == pytest.approx(
        {
            "all-offered": 300 / 400,
            "short-excluded": 300 / 392,
            "early-excluded": 300 / 386,
            "early-as-met": 314 / 400,
            "answered-only": 300 / 370,
        }
    )


counts = st.builds(
    IntervalCounts,
    answered_within=st.integers(0, 2000),
    answered_after=st.integers(0, 2000),
    abandoned_short=st.integers(0, 300),
    abandoned_within=st.integers(0, 300),
    abandoned_after=st.integers(0, 300),
)


@given(counts)
def test_counting_every_abandon_is_the_strictest_and_answered_only_the_kindest(c: IntervalCounts) -> None:
    assume(c.answered > 0)
    r = {reading.key: reading.value for reading in service_level_readings(c)}
    assert all(0 <= v <= 1 for v in r.values())
    assert r["all-offered"] <= min(r.values()) + 1e-12
    assert r["answered-only"] >= max(r["all-offered"], r["short-excluded"], r["early-excluded"]) - 1e-12
    if c.abandoned == 0:
        assert len({round(v, 12) for v in r.values()}) == 1, "with no abandons every formula agrees"


def test_a_formula_with_nothing_to_divide_by_is_refused() -> None:
    with pytest.raises(ErlangInputError, match="denominator is 0"):
        service_level_readings(IntervalCounts(0, 0, 5, 0, 0))
    with pytest.raises(ErlangInputError, match="abandoned_after must be 0 or more"):
        IntervalCounts(1, 1, 1, 1, -1)


# --- forecast accuracy --------------------------------------------------------------------

MORNING_FORECAST = [40, 90, 200, 300, 360, 340]
MORNING_ACTUAL = [25, 80, 214, 318, 372, 361]


def test_the_quiet_interval_dominates_mape_but_not_wape() -> None:
    assert mape(MORNING_FORECAST, MORNING_ACTUAL) == pytest.approx(0.1562, abs=1e-4)
    assert wape(MORNING_FORECAST, MORNING_ACTUAL) == pytest.approx(90 / 1370)
    assert bias(MORNING_FORECAST, MORNING_ACTUAL) == pytest.approx(-40 / 1370)
    without_0800 = mape(MORNING_FORECAST[1:], MORNING_ACTUAL[1:])
    assert without_0800 < mape(MORNING_FORECAST, MORNING_ACTUAL) / 2


def test_mape_scores_running_low_more_kindly_than_running_high() -> None:
    assert mape([150], [100]) == pytest.approx(0.5)
    assert mape([100], [150]) == pytest.approx(1 / 3)


def test_an_interval_with_no_calls_has_no_percentage_error() -> None:
    with pytest.raises(ErlangInputError, match=r"actual\[1\] is 0"):
        absolute_percentage_errors([10, 3], [12, 0])
    assert wape([10, 3], [12, 0]) == pytest.approx(5 / 12), "WAPE still works: it weights by calls"


@pytest.mark.parametrize(
    ("forecast", "actual", "message"),
    [([1, 2], [1], "2 intervals but actual has 1"), ([], [], "at least one"), ([1], [-1], r"actual\[0\]")],
)
def test_bad_series_are_refused(forecast: list[float], actual: list[float], message: str) -> None:
    with pytest.raises(ErlangInputError, match=message):
        wape(forecast, actual)


series = st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 5000)), min_size=1, max_size=48)


@given(series)
def test_wape_never_exceeds_the_worst_interval_and_bias_never_exceeds_wape(pairs: list[tuple[int, int]]) -> None:
    forecast, actual = [f for f, _ in pairs], [a for _, a in pairs]
    errors = absolute_percentage_errors(forecast, actual)
    assert min(errors) - 1e-12 <= wape(forecast, actual) <= max(errors) + 1e-12
    assert abs(bias(forecast, actual)) <= wape(forecast, actual) + 1e-12


@given(series, st.integers(2, 50))
def test_scaling_every_interval_changes_no_percentage(pairs: list[tuple[int, int]], k: int) -> None:
    forecast, actual = [f for f, _ in pairs], [a for _, a in pairs]
    big_f, big_a = [f * k for f in forecast], [a * k for a in actual]
    assert mape(big_f, big_a) == pytest.approx(mape(forecast, actual))
    assert wape(big_f, big_a) == pytest.approx(wape(forecast, actual))


# --- pooling -------------------------------------------------------------------------------


def test_harbourlines_queue_split_in_two_needs_five_more_agents() -> None:
    split = pooling([180, 180], 1800, 300, 20, 0.8)
    assert (split.split, split.pooled, split.split_total, split.saving) == ((36, 36), 67, 72, 5)
    assert erlang.required_agents(erlang.traffic_erlangs(360, 1800, 300), 300, 20, 0.8) == 67


@given(
    st.lists(st.floats(0.5, 400), min_size=2, max_size=4),
    st.sampled_from([60.0, 180.0, 300.0, 600.0]),
    st.sampled_from([0.0, 10.0, 20.0, 60.0]),
    st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_one_pool_never_needs_more_agents_than_the_queues_apart(
    calls: list[float], handle: float, answer: float, target: float
) -> None:
    result = pooling(calls, 1800, handle, answer, target)
    assert result.pooled <= result.split_total


def test_pooling_needs_two_queues() -> None:
    with pytest.raises(ErlangInputError, match="at least two queues"):
        pooling([100], 1800, 300, 20, 0.8)


# --- chat concurrency ------------------------------------------------------------------------


def test_the_third_chat_saves_one_agent_and_costs_five_minutes_a_chat() -> None:
    one, two, three = (chat_staffing(90, 1800, d, k, 60, 0.8) for k, d in ((1, 540), (2, 720), (3, 1020)))
    assert (one.slots, one.agents) == (32, 32)
    assert (two.slots, two.agents) == (42, 21)
    assert (three.slots, three.agents) == (58, 20)
    assert three.agent_seconds_per_chat == pytest.approx(340)


@given(st.floats(1, 500), st.floats(60, 3600), st.integers(1, 5))
def test_slots_are_erlang_c_on_the_chat_duration(chats: float, duration: float, k: int) -> None:
    result = chat_staffing(chats, 1800, duration, k, 60, 0.8)
    traffic = erlang.traffic_erlangs(chats, 1800, duration)
    assert result.slots == erlang.required_agents(traffic, duration, 60, 0.8)
    assert result.agents == math.ceil(result.slots / k)
    assert (result.agents - 1) * k < result.slots <= result.agents * k


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_concurrency_must_be_a_whole_number_of_chats(bad: object) -> None:
    with pytest.raises(ErlangInputError, match="concurrency"):
        chat_staffing(90, 1800, 600, bad, 60, 0.8)  # type: ignore[arg-type]


# --- email backlog --------------------------------------------------------------------------


def test_eight_agents_take_fourteen_hours_over_a_weekend_backlog() -> None:
    assert emails_per_hour(8, 6) == 80
    assert hours_to_clear(420, 50, 8, 6) == pytest.approx(14)
    assert hours_to_clear(420, 50, 10, 6) == pytest.approx(8.4)
    assert hours_to_clear(420, 80, 8, 6) == math.inf, "a backlog that never shrinks never clears"
    assert hours_to_clear(0, 80, 1, 6) == 0


@given(st.floats(1, 5000), st.floats(0, 500), st.integers(1, 200), st.floats(1, 30))
def test_the_backlog_is_gone_exactly_when_the_hours_say(
    opening: float, arrivals: float, agents: int, minutes: float
) -> None:
    hours = hours_to_clear(opening, arrivals, agents, minutes)
    assume(math.isfinite(hours))
    left = opening + arrivals * hours - emails_per_hour(agents, minutes) * hours
    assert left == pytest.approx(0, abs=1e-6 * max(1.0, opening))


# --- people and hours -------------------------------------------------------------------------


def test_a_whole_team_overrunning_its_huddle_is_nine_agents_not_one() -> None:
    assert agent_equivalents(14, 20, 30) == pytest.approx(9.33, abs=0.01)
    assert agent_equivalents(2, 15, 30) == 1
    with pytest.raises(ErlangInputError, match="cannot exceed the interval"):
        agent_equivalents(3, 45, 30)


def test_paid_hours_work_back_from_handle_hours() -> None:
    # Harbourline's dashboard week: 4,950 handle hours at 93% occupancy and 37% shrinkage.
    paid = paid_hours(4950, 0.93, 0.37)
    assert paid == pytest.approx(4950 / 0.93 / 0.63)
    assert round(paid / 35) == 241, "about 240 people on voice, not the whole centre's 420"
    with pytest.raises(ErlangInputError, match="occupancy must be greater than 0"):
        paid_hours(10, 0, 0.3)
    with pytest.raises(ErlangInputError, match="shrinkage"):
        paid_hours(10, 0.9, 1)


# --- adherence and conformance -------------------------------------------------------------------

NINE_TO_FIVE = [(0, 210, "phones"), (210, 240, "lunch"), (240, 480, "phones")]


def test_a_late_lunch_costs_adherence_and_leaves_conformance_whole() -> None:
    sams_day = [(10, 240, "phones"), (240, 270, "lunch"), (270, 490, "phones")]
    result = adherence(NINE_TO_FIVE, sams_day)
    assert (result.scheduled_minutes, result.matched_minutes) == (480, 410)
    assert result.adherence == pytest.approx(410 / 480)
    assert (result.scheduled_work_minutes, result.actual_work_minutes, result.conformance) == (450, 450, 1.0)


def test_following_the_schedule_exactly_is_full_marks_on_both() -> None:
    result = adherence(NINE_TO_FIVE, NINE_TO_FIVE)
    assert (result.adherence, result.conformance) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ([], "the schedule is empty"),
        ([(0, 10, "lunch")], "no 'phones' minutes"),
        ([(10, 5, "phones")], "ends at 5 but starts at 10"),
        ([(0, 10, "phones"), (5, 20, "phones")], "overlaps"),
    ],
)
def test_schedules_that_cannot_be_scored_are_refused(schedule: list[tuple[int, int, str]], message: str) -> None:
    with pytest.raises(ErlangInputError, match=message):
        adherence(schedule, NINE_TO_FIVE)


blocks = st.lists(st.tuples(st.integers(0, 600), st.integers(1, 120), st.sampled_from(["phones", "lunch", "email"])))


def _day(raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping blocks from arbitrary (start, length, activity) triples."""
    out, taken = [], set()
    for start, length, activity in raw:
        span = set(range(start, start + length))
        if span & taken:
            continue
        taken |= span
        out.append((start, start + length, activity))
    return out


@given(blocks, blocks)
def test_adherence_is_a_share_of_the_schedule(
    schedule_raw: list[tuple[int, int, str]], actual_raw: list[tuple[int, int, str]]
) -> None:
    schedule, actual = _day(schedule_raw), _day(actual_raw)
    assume(any(activity == "phones" for _, _, activity in schedule))
    result = adherence(schedule, actual)
    assert 0 <= result.adherence <= 1
    assert result.conformance >= 0
    assert result.matched_minutes <= result.scheduled_minutes
