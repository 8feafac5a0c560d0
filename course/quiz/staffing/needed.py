"""Forms that ask how many agents must take calls for a forecast: one interval, typed in, or the peak.

These test the step every plan starts from: turning calls and handle time into traffic and
traffic into agents with Erlang C. The wrong options are what planners get when they read the
traffic as a head count, divide by the wrong interval, allow for shrinkage the question does not
ask about, stop one short, or staff the peak to the morning's average.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import replace

from course.model.schema import Feedback, Numeric
from course.quiz.items import content_id
from course.quiz.staffing.mistakes import (
    Made,
    Mistake,
    count_options,
    one_short,
    shrinkage_added,
    single,
    traffic_as_agents,
)
from course.quiz.staffing.scenario import EPS, MAX_TRAFFIC, Scenario, erlangs, result
from course.render.text import number
from course.staffing import erlang


def agents_needed(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """How many agents must take calls: the traffic, hourly and shrinkage slips as options."""
    need = s.need()
    below = [traffic_as_agents(s), one_short(s, need)]
    if s.interval_minutes < 60:
        hourly = erlang.traffic_erlangs(s.calls, 3600, s.handle_seconds)
        below.append(
            Mistake(
                "hourly-interval",
                s.need(hourly),
                f"That divides the work by an hour (3,600 s) instead of the {s.interval_minutes}-minute interval, "
                f"so the traffic comes out at {erlangs(hourly)} instead of {erlangs(s.traffic)}.",
            )
        )
    added = shrinkage_added(s, need)
    above = [
        Mistake(
            "shrinkage-added",
            added,
            f"That adds {s.shrinkage_percent}% shrinkage to {need}: a number to schedule, and a short one. The "
            f"question asks how many must be taking calls: {need}.",
        ),
        Mistake(
            "scheduled-not-agents",
            erlang.scheduled_staff(need, s.shrinkage),
            f"That is the number to schedule once {s.shrinkage_percent}% shrinkage is allowed for. The question "
            f"asks how many must be taking calls: {need}.",
        ),
    ]
    if s.interval_minutes > 15:
        half = erlang.traffic_erlangs(s.calls, s.seconds // 2, s.handle_seconds)
        above.append(
            Mistake(
                "interval-halved",
                s.need(half),
                f"That divides the work by {s.interval_minutes // 2} minutes instead of {s.interval_minutes}, "
                f"which doubles the traffic to {erlangs(half)}.",
            )
        )
    made = count_options(need, f"Right: {result(s, need)}, and one fewer would miss the target.", below, above, rng)
    if made is None:
        return
    options, mistakes = made
    yield Made(
        f"agents:{s}",
        single(
            content_id("staff-agents", f"{s}"),
            section,
            f"{s.describe()} Shrinkage is planned at {s.shrinkage_percent}%. What is the fewest agents that must be "
            "taking calls in the interval to meet the target?",
            f"{s.traffic_work()} The fewest agents that reach {s.target_text()} is {need}: {result(s, need)}, "
            f"while {result(s, need - 1)}. Shrinkage matters only when you turn agents into a schedule.",
            options,
        ),
        {"form": "agents", "scenario": s, "key": need, "mistakes": mistakes},
        volumes=frozenset({(s.interval_minutes, s.calls)}),
        repeats=frozenset({need}),
    )


def agents_count(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """The same calculation typed in: the feedback lists the numbers the usual slips give."""
    need = s.need()
    slips = {
        math.ceil(s.traffic - EPS): "reads the traffic as a head count",
        need - 1: "stops one agent short of the target",
    }
    if s.interval_minutes < 60:
        hourly = s.need(erlang.traffic_erlangs(s.calls, 3600, s.handle_seconds))
        slips.setdefault(hourly, f"divides the work by an hour instead of {s.interval_minutes} minutes")
    listed = "; ".join(f"{n} {how}" for n, how in slips.items() if n != need)
    yield Made(
        f"count:{s}",
        Numeric(
            type="numeric",
            id=content_id("staff-count", f"{s}"),
            section=section,
            prompt=f"{s.describe()} What is the fewest agents that must be taking calls to meet the target?",
            explanation=f"{s.traffic_work()} The fewest agents that reach the target is {need}: {result(s, need)}, "
            f"while {result(s, need - 1)}.",
            answer=float(need),
            tolerance=0,
            unit="agents",
            feedback=Feedback(
                correct=f"Right: {result(s, need)}.",
                incorrect=f"The answer is {need}. The usual slips give other numbers: {listed}.",
            ),
        ),
        {"form": "count", "scenario": s, "key": need, "mistakes": {}},
        volumes=frozenset({(s.interval_minutes, s.calls)}),
        repeats=frozenset({need}),
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


#: Shapes of a morning: each interval's share of the scenario's volume.
_SHAPES = ((0.6, 1.0, 1.5, 0.9), (0.7, 1.4, 1.1, 0.8), (1.2, 0.8, 0.6, 1.5), (0.5, 0.9, 1.6, 1.0))


def peak(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """The busiest of four intervals, where staffing to the morning's average falls short."""
    step = 10 if s.calls >= 100 else 5
    volumes = [max(step, round(s.calls * f / step) * step) for f in rng.choice(_SHAPES)]
    top = max(volumes)
    if volumes.count(top) != 1:
        return
    start = 8 * 60 + 30
    labels = [_clock(start + i * s.interval_minutes) for i in range(len(volumes))]
    busiest = labels[volumes.index(top)]
    at_peak = replace(s, calls=top)
    if at_peak.traffic > MAX_TRAFFIC * 1.5:
        return
    need = at_peak.need()
    average = sum(volumes) / len(volumes)
    average_need = s.need(erlang.traffic_erlangs(average, s.seconds, s.handle_seconds))
    below = [
        Mistake(
            "daily-average",
            average_need,
            f"That staffs the morning's average interval ({number(average)} calls). At {busiest}: "
            f"{result(at_peak, average_need)}. The average hides the peak.",
        ),
        traffic_as_agents(at_peak),
        one_short(at_peak, need),
    ]
    above = [
        Mistake(
            "scheduled-not-agents",
            erlang.scheduled_staff(need, s.shrinkage),
            f"That allows for {s.shrinkage_percent}% shrinkage: it is the number to schedule, not the number who "
            "must be taking calls.",
        ),
        Mistake(
            "shrinkage-added",
            shrinkage_added(s, need),
            f"That adds {s.shrinkage_percent}% shrinkage to {need}, a (short) number to schedule rather than the "
            "agents taking calls.",
        ),
    ]
    made = count_options(
        need, f"Right: {result(at_peak, need)}; fewer would miss the target at the peak.", below, above, rng
    )
    if made is None:
        return
    options, mistakes = made
    pairs = [f"{v:,} at {label}" for label, v in zip(labels, volumes, strict=True)]
    pairs[0] = pairs[0].replace(" at ", " calls at ", 1)
    listed = ", ".join(pairs[:-1]) + f" and {pairs[-1]}"
    fact = f"peak:{s}:{volumes}"
    yield Made(
        fact,
        single(
            content_id("staff-peak", fact),
            section,
            f"The forecast for a queue's {s.interval_minutes}-minute intervals this morning is {listed}, with an "
            f"average handle time of {s.handle_seconds} seconds and a target of {s.target_text()} in every interval. "
            f"Shrinkage is {s.shrinkage_percent}%. What is the fewest agents that must be taking calls at {busiest}?",
            f"Staff each interval on its own forecast: at {busiest}, {top:,} × {s.handle_seconds} s ÷ {s.seconds:,} s "
            f"= {erlangs(at_peak.traffic)}, which needs {need} agents ({result(at_peak, need)}).",
            options,
        ),
        {"form": "peak", "scenario": s, "volumes": volumes, "key": need, "mistakes": mistakes},
        volumes=frozenset((s.interval_minutes, v) for v in volumes),
        repeats=frozenset({need}),
    )
