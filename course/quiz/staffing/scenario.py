"""The interval a staffing question describes, the figures it prints, and how scenarios are drawn.

Every number a staffing question prints is an input here or computed from one by
:mod:`course.staffing.erlang`, so a learner (or a test) can rebuild every option from the stem.
Scenarios range across intervals of 15, 30 and 60 minutes, several service-level targets,
shrinkage rates and handle times, so no question can be answered by remembering the module's
one worked example.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from course.staffing import erlang
from course.staffing.figures import format_service_level

#: Interval lengths planners use, in minutes.
INTERVALS = (15, 30, 60)
#: Service-level targets as (percent, seconds): the usual published ones, some stricter, some looser.
TARGETS = ((80, 20), (90, 30), (70, 60), (95, 15), (85, 20), (80, 30), (90, 20))
SHRINKAGE = (25, 28, 30, 32, 35, 38)
HANDLE_SECONDS = (180, 210, 240, 270, 300, 330, 360, 420, 480)
#: Traffic that keeps a question at the size of a real team: a handful to about 80 agents.
MIN_TRAFFIC, MAX_TRAFFIC = 5.0, 70.0
#: Whole-number results of float division can land a hair above the integer (30.000000000000004).
EPS = 1e-9


@dataclass(frozen=True)
class Scenario:
    """One interval as the prompt states it; every printed number is exactly an input here."""

    interval_minutes: int
    calls: int
    handle_seconds: int
    target_percent: int
    answer_seconds: int
    shrinkage_percent: int

    @property
    def seconds(self) -> int:
        return self.interval_minutes * 60

    @property
    def traffic(self) -> float:
        return erlang.traffic_erlangs(self.calls, self.seconds, self.handle_seconds)

    @property
    def target(self) -> float:
        return self.target_percent / 100

    @property
    def shrinkage(self) -> float:
        return self.shrinkage_percent / 100

    # Cached, like level: the search for the costliest miss (misses.py) asks about the same few
    # staffing levels of a scenario over and over (1,360 service levels, 66 of them different).
    @lru_cache(maxsize=1 << 12)  # noqa: B019 - scenarios are few, small and frozen; keeping them is the point
    def need(self, traffic: float | None = None, cap: float | None = None) -> int:
        """Fewest agents meeting the target for this scenario's (or the given) traffic."""
        a = self.traffic if traffic is None else traffic
        return erlang.required_agents(a, self.handle_seconds, self.answer_seconds, self.target, cap)

    @lru_cache(maxsize=1 << 12)  # noqa: B019 - see need
    def level(self, agents: int, traffic: float | None = None, handle: float | None = None) -> float | None:
        """Service level with ``agents``, or ``None`` where the queue is unstable."""
        a = self.traffic if traffic is None else traffic
        value = erlang.service_level(agents, a, self.handle_seconds if handle is None else handle, self.answer_seconds)
        return None if isinstance(value, erlang.Unstable) else value

    def asa(self, agents: int) -> float | None:
        value = erlang.average_speed_of_answer(agents, self.traffic, self.handle_seconds)
        return None if isinstance(value, erlang.Unstable) else value

    def pct(self, level: float) -> str:
        """A service level as printed: rounded, but never across this scenario's target."""
        return format_service_level(level, self.target)

    def target_text(self) -> str:
        return f"{self.target_percent}% of calls answered within {self.answer_seconds} seconds"

    def describe(self) -> str:
        return (
            f"In a {self.interval_minutes}-minute interval you expect {self.calls:,} calls with an average "
            f"handle time of {self.handle_seconds} seconds. The target is {self.target_text()}."
        )

    def traffic_work(self) -> str:
        return (
            f"Traffic = {self.calls:,} calls × {self.handle_seconds} s ÷ {self.seconds:,} s "
            f"= {self.traffic:.2f} Erlangs."
        )


def agents_text(n: int) -> str:
    return "1 agent" if n == 1 else f"{n} agents"


def people_text(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def erlangs(value: float) -> str:
    return f"{value:.2f} Erlangs"


def result(s: Scenario, n: int, traffic: float | None = None) -> str:
    """What ``n`` agents achieve, as a clause: "29 agents answer 81.2% within 20 seconds"."""
    level = s.level(n, traffic)
    a = s.traffic if traffic is None else traffic
    if level is None:
        return f"{agents_text(n)} cannot keep up with {erlangs(a)}, so the queue grows all interval"
    return f"{agents_text(n)} {'answers' if n == 1 else 'answer'} {s.pct(level)} within {s.answer_seconds} seconds"


def draw(rng: random.Random, count: int) -> list[Scenario]:
    """Up to ``count`` distinct scenarios whose traffic suits a real team."""
    out: list[Scenario] = []
    for _ in range(count * 40):
        if len(out) == count:
            break
        minutes = rng.choice(INTERVALS)
        target, answer = rng.choice(TARGETS)
        s = Scenario(
            interval_minutes=minutes,
            calls=rng.randrange(120, 1200, 20) * minutes // 60,
            handle_seconds=rng.choice(HANDLE_SECONDS),
            target_percent=target,
            answer_seconds=answer,
            shrinkage_percent=rng.choice(SHRINKAGE),
        )
        if MIN_TRAFFIC <= s.traffic <= MAX_TRAFFIC and s not in out:
            out.append(s)
    return out
