"""Wrong options computed from planners' named slips, and the record every form hands back.

A staffing question is worth asking only if its wrong options are the numbers people really
arrive at: the traffic read as a head count, shrinkage added instead of divided, the peak
staffed to the average interval, shrinkage forgotten, a result rounded down. Each :class:`Mistake`
carries the value its slip gives and feedback naming the slip, so a learner who picks it learns
which step went wrong.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from course.model.schema import Numeric, Option, SingleChoice
from course.quiz.staffing.scenario import EPS, Scenario, agents_text, erlangs, result


@dataclass(frozen=True)
class Mistake:
    """A wrong value, the slip that produces it, and feedback that names the slip."""

    name: str
    value: int
    feedback: str


@dataclass(frozen=True)
class Made:
    """One question from a form, with what a test needs to recompute it from the scenario alone.

    ``facts`` holds the form, the scenario, any extra inputs the prompt prints, the key and, for
    each wrong option, the named slip and the value it gives. ``volumes`` are the (interval
    minutes, calls) pairs the stem prints and ``repeats`` the other figures a second question of
    the same form must not share: two questions about 370 calls in half an hour, or two that both
    need 38 agents, read as one question asked twice even when their keys differ.
    """

    topic: str
    question: SingleChoice | Numeric
    facts: dict[str, object]
    volumes: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    repeats: frozenset[object] = field(default_factory=frozenset)


def count_options(
    key: int,
    key_feedback: str,
    below: list[Mistake],
    above: list[Mistake],
    rng: random.Random,
    unit: Callable[[int], str] = agents_text,
) -> tuple[list[Option], dict[str, int]] | None:
    """The key and three mistakes, chosen so the key's rank among the numbers varies by seed.

    If the wrong answers were always the low ones, "pick the biggest number" would beat chance;
    choosing how many come from below and how many from above per question keeps the key's
    rank spread. Two mistakes that give the same number are one option (the first one's
    feedback: the mistakes are listed most common first). Returns ``None`` when fewer than three
    distinct mistakes exist.
    """
    seen = {key}
    lows: list[Mistake] = []
    highs: list[Mistake] = []
    for m in below:
        if 1 <= m.value < key and m.value not in seen:
            seen.add(m.value)
            lows.append(m)
    for m in above:
        if m.value > key and m.value not in seen:
            seen.add(m.value)
            highs.append(m)
    ranks = [r for r in range(4) if r <= len(lows) and 3 - r <= len(highs)]
    if not ranks:
        return None
    rank = rng.choice(ranks)
    chosen = lows[:rank] + highs[: 3 - rank]
    options = [Option(text=unit(key), correct=True, feedback=key_feedback)]
    options += [Option(text=unit(m.value), feedback=m.feedback) for m in chosen]
    return options, {m.name: m.value for m in chosen}


def traffic_as_agents(s: Scenario, traffic: float | None = None) -> Mistake:
    a = s.traffic if traffic is None else traffic
    n = math.ceil(a - EPS)
    return Mistake(
        "traffic-as-agents",
        n,
        f"That is the traffic ({erlangs(a)}) rounded up and read as a head count: {result(s, n, a)}. "
        "Agents busy every second leave no room for calls that arrive together.",
    )


def one_short(s: Scenario, need: int, traffic: float | None = None) -> Mistake:
    return Mistake(
        "one-short",
        need - 1,
        f"One short: {result(s, need - 1, traffic)}, below the {s.target_percent}% target. Staff up to the "
        "first count that meets the target, not to the nearest.",
    )


def shrinkage_added(s: Scenario, need: int) -> int:
    """Shrinkage added on top of the agents (need × 1.3) instead of divided out (need ÷ 0.7)."""
    return math.ceil(need * (1 + s.shrinkage) - EPS)


def single(qid: str, section: str, prompt: str, explanation: str, options: list[Option]) -> SingleChoice:
    return SingleChoice(type="single", id=qid, section=section, prompt=prompt, explanation=explanation, options=options)
