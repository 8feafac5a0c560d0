"""The "which miss costs most" form: four small misses against plan, one clearly the worst.

Workload misses (more calls, longer calls) and capacity misses (sickness, shrinkage) meet in
the same queue, and a learner should feel which of them bites hardest at this size of team.
The question is fair only if its answer follows from what the stem prints, however the learner
does the arithmetic: the planned shrinkage is printed, every figure in the options and feedback
is derived from printed figures, and the item is dropped when any reasonable reading (people
rounded down or to the nearest, or kept fractional; the plan's slack counted or not) brings
another miss within :data:`CLEAR_MARGIN` of the key. Which kind of miss is the key is drawn
first and the sizes of the misses found to fit, so across the pool no kind wins more often than
chance would have it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from course.model.schema import Option
from course.quiz.items import content_id
from course.quiz.staffing.mistakes import Made, single
from course.quiz.staffing.scenario import EPS, Scenario, erlangs
from course.staffing import erlang

#: The worst miss must cost this much more service level than any other, under every reading.
CLEAR_MARGIN = 0.02


def level_at(s: Scenario, agents: float, traffic: float | None = None, handle: float | None = None) -> float | None:
    """Service level with a possibly fractional head count (straight line between whole ones).

    A learner who keeps 29.25 agents rather than 29 is reading the same stem; the item must
    give the same answer for them, so the fractional reading is checked too.
    """
    low = math.floor(agents + EPS)
    below = s.level(low, traffic, handle)
    if below is None or agents - low < EPS:
        return below
    above = s.level(low + 1, traffic, handle)
    return None if above is None else below + (above - below) * (agents - low)


def agent_readings(agents: float) -> list[float]:
    """The head counts a learner may take from a fractional result: rounded down, to the nearest, or as is."""
    return [math.floor(agents + EPS), math.floor(agents + 0.5), agents]


@dataclass(frozen=True)
class Case:
    """One miss: the option's text, the working its feedback shows, and its service level per reading."""

    text: str
    how: str
    levels: tuple[float | None, ...]

    @property
    def shown(self) -> float | None:
        """The reading the feedback prints (people rounded down: a part-person answers no calls)."""
        return self.levels[0]


@dataclass(frozen=True)
class Sizes:
    """How big each miss is: extra calls and extra handle time as shares, agents off sick, shrinkage points."""

    calls_share: float
    aht_share: float
    absent: int
    points: int


#: Every combination of miss sizes, tried in a seeded order until the wanted miss is clearly the worst.
SIZES = [
    Sizes(c, a, n, p)
    for c in (0.03, 0.05, 0.07, 0.09)
    for a in (0.03, 0.05, 0.07, 0.10)
    for n in (1, 2, 3)
    for p in (2, 3, 4, 5)
]
#: The four misses, in option order.
KINDS = ("calls", "handle", "sick", "shrinkage")


def _cases(s: Scenario, base: int, rostered: int, size: Sizes) -> tuple[list[Case], dict[str, int]]:
    extra_calls = max(2, round(s.calls * size.calls_share))
    extra_aht = max(5, round(s.handle_seconds * size.aht_share / 5) * 5)
    absent, points = size.absent, size.points
    actual = s.shrinkage_percent + points
    longer = s.handle_seconds + extra_aht
    more = erlang.traffic_erlangs(s.calls + extra_calls, s.seconds, s.handle_seconds)
    slower = erlang.traffic_erlangs(s.calls, s.seconds, longer)
    left = rostered * (100 - actual) / 100  # the people actually on the phones
    # A learner who takes the plan as exactly ``base`` on the phones loses points% of the rota from it.
    left_from_plan = base - rostered * points / 100
    shrink_levels = [level_at(s, min(x, base)) for x in agent_readings(left) + agent_readings(left_from_plan)]
    cases = [
        Case(
            f"{extra_calls} more calls arrive than forecast",
            f"{s.calls + extra_calls:,} calls make {erlangs(more)}",
            (s.level(base, more),),
        ),
        Case(
            f"Calls take {extra_aht} s longer than planned",
            f"{longer}-second calls make {erlangs(slower)}",
            (s.level(base, slower, longer),),
        ),
        Case(
            f"{absent} of the {base} agents {'goes' if absent == 1 else 'go'} off sick, not replaced",
            f"{base - absent} agents are left to take the calls",
            (s.level(base - absent),),
        ),
        Case(
            f"Shrinkage runs at {actual}%, not the planned {s.shrinkage_percent}%",
            f"{rostered} rostered less {actual}% shrinkage leaves {left:.2f}, so "
            f"{math.floor(left + EPS)} agents on the phones",
            tuple(shrink_levels),
        ),
    ]
    inputs = {"extra_calls": extra_calls, "extra_aht": extra_aht, "absent": absent, "points": points}
    return cases, inputs


def clear_worst(plan: float, cases: list[Case]) -> int | None:
    """The miss that costs most under every reading by :data:`CLEAR_MARGIN`, or ``None``."""
    if any(level is None for case in cases for level in case.levels):
        return None
    least = [min(plan - (lv or 0.0) for lv in case.levels) for case in cases]
    most = [max(plan - (lv or 0.0) for lv in case.levels) for case in cases]
    for i in range(len(cases)):
        if all(least[i] - most[j] >= CLEAR_MARGIN for j in range(len(cases)) if j != i):
            return i
    return None


def biggest_miss(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Four small misses against plan: which one, on its own, costs the interval most service level?"""
    base = s.need()
    plan = s.level(base)
    if plan is None:
        return
    rostered = erlang.scheduled_staff(base, s.shrinkage)
    # The worst miss is chosen first and the sizes found to make it so: left to chance, extra
    # calls won almost half the time, and "pick the calls" would beat guessing.
    wanted = rng.randrange(len(KINDS))
    for size in rng.sample(SIZES, len(SIZES)):
        cases, inputs = _cases(s, base, rostered, size)
        if clear_worst(plan, cases) == wanted:
            break
    else:
        return  # no sizes make that miss clearly the worst here, under every reading
    worst = wanted
    top = cases[worst]
    options = []
    for i, case in enumerate(cases):
        shown = s.pct(case.shown or 0.0)
        if i == worst:
            feedback = f"Right: {case.how}, and service level falls from {s.pct(plan)} to {shown}, the largest fall."
        else:
            feedback = (
                f"{case.how[0].upper()}{case.how[1:]}: service level {shown}. The largest fall comes from the miss "
                f"where {top.how}: {s.pct(top.shown or 0.0)}."
            )
        options.append(Option(text=case.text, correct=i == worst, feedback=feedback))
    fact = f"miss:{s}:{':'.join(str(v) for v in inputs.values())}"
    yield Made(
        fact,
        single(
            content_id("staff-miss", fact),
            section,
            f"{s.describe()} Shrinkage is planned at {s.shrinkage_percent}%, so the rota schedules {rostered} people "
            f"to keep at least {base} agents on the phones, giving {s.pct(plan)}. Which of these misses, on its "
            "own, would cost the interval the most service level?",
            f"{s.traffic_work()} Each miss on its own: "
            + "; ".join(f"{case.how}: {s.pct(case.shown or 0.0)}" for case in cases)
            + ". Workload misses and capacity misses meet in the same queue, and near the target a small shortfall "
            "of either costs several points.",
            options,
        ),
        {"form": "miss", "scenario": s, "rostered": rostered, **inputs},
        volumes=frozenset({(s.interval_minutes, s.calls)}),
        repeats=frozenset({base}),
    )
