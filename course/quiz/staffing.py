"""Staffing and planning questions computed by the Erlang engine, with planners' real mistakes as options.

A staffing question is worth asking only if its wrong options are the numbers people really
arrive at: the traffic read as a head count, shrinkage added instead of divided, the peak
staffed to the average interval, shrinkage forgotten, a result rounded down. Every option here
is computed by :mod:`course.staffing.erlang` from the numbers in the prompt, by the right
method or by one named wrong one, and its feedback names that method, so a learner who picks
it learns which step went wrong.

Scenarios are drawn per seed across intervals of 15, 30 and 60 minutes, several service-level
targets, shrinkage rates and occupancy caps, so no question can be answered by remembering the
module's one worked example. Each form draws its own scenarios, so no question's numbers answer
another's.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from course.model.schema import Feedback, Module, Numeric, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, content_id, generated
from course.quiz.wording import seeded
from course.render.text import number
from course.staffing import erlang
from course.staffing.figures import format_service_level

SOURCE = "staffing"
#: Interval lengths planners use, in minutes.
INTERVALS = (15, 30, 60)
#: Service-level targets as (percent, seconds): the usual published ones, some stricter, some looser.
TARGETS = ((80, 20), (90, 30), (70, 60), (95, 15), (85, 20), (80, 30), (90, 20))
SHRINKAGE = (25, 28, 30, 32, 35, 38)
HANDLE_SECONDS = (180, 210, 240, 270, 300, 330, 360, 420, 480)
#: Occupancy caps a centre may set to protect its agents, in percent.
CAPS = (80, 85, 88)
#: Questions per form and seed.
PER_FORM = 2
#: Traffic that keeps a question at the size of a real team: a handful to about 80 agents.
MIN_TRAFFIC, MAX_TRAFFIC = 5.0, 70.0
#: The biggest miss must beat the runner-up by this much service level to be the one right answer.
CLEAR_MARGIN = 0.02
#: Whole-number results of float division can land a hair above the integer (30.000000000000004).
_EPS = 1e-9


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

    def need(self, traffic: float | None = None, cap: float | None = None) -> int:
        """Fewest agents meeting the target for this scenario's (or the given) traffic."""
        a = self.traffic if traffic is None else traffic
        return erlang.required_agents(a, self.handle_seconds, self.answer_seconds, self.target, cap)

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


def _erlangs(value: float) -> str:
    return f"{value:.2f} Erlangs"


def _result(s: Scenario, n: int, traffic: float | None = None) -> str:
    """What ``n`` agents achieve, as a clause: "29 agents answer 81.2% within 20 seconds"."""
    level = s.level(n, traffic)
    a = s.traffic if traffic is None else traffic
    if level is None:
        return f"{agents_text(n)} cannot keep up with {_erlangs(a)}, so the queue grows all interval"
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


# --- options built from named mistakes ------------------------------------------------------


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
    each wrong option, the named slip and the value it gives.
    """

    topic: str
    question: SingleChoice | Numeric
    facts: dict[str, object]


def _count_options(
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


def _traffic_as_agents(s: Scenario, traffic: float | None = None) -> Mistake:
    a = s.traffic if traffic is None else traffic
    n = math.ceil(a - _EPS)
    return Mistake(
        "traffic-as-agents",
        n,
        f"That is the traffic ({_erlangs(a)}) rounded up and read as a head count: {_result(s, n, a)}. "
        "Agents busy every second leave no room for calls that arrive together.",
    )


def _one_short(s: Scenario, need: int, traffic: float | None = None) -> Mistake:
    return Mistake(
        "one-short",
        need - 1,
        f"One short: {_result(s, need - 1, traffic)}, below the {s.target_percent}% target. Staff up to the "
        "first count that meets the target, not to the nearest.",
    )


def _single(qid: str, section: str, prompt: str, explanation: str, options: list[Option]) -> SingleChoice:
    return SingleChoice(type="single", id=qid, section=section, prompt=prompt, explanation=explanation, options=options)


# --- the forms -----------------------------------------------------------------------------


def _agents_needed(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """How many agents must take calls: the traffic, hourly and shrinkage slips as options."""
    need = s.need()
    below = [_traffic_as_agents(s), _one_short(s, need)]
    if s.interval_minutes < 60:
        hourly = erlang.traffic_erlangs(s.calls, 3600, s.handle_seconds)
        below.append(
            Mistake(
                "hourly-interval",
                s.need(hourly),
                f"That divides the work by an hour (3,600 s) instead of the {s.interval_minutes}-minute interval, "
                f"so the traffic comes out at {_erlangs(hourly)} instead of {_erlangs(s.traffic)}.",
            )
        )
    added = math.ceil(need * (1 + s.shrinkage) - _EPS)
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
                f"which doubles the traffic to {_erlangs(half)}.",
            )
        )
    made = _count_options(need, f"Right: {_result(s, need)}, and one fewer would miss the target.", below, above, rng)
    if made is None:
        return
    options, mistakes = made
    yield Made(
        f"agents:{s}",
        _single(
            content_id("staff-agents", f"{s}"),
            section,
            f"{s.describe()} Shrinkage is planned at {s.shrinkage_percent}%. What is the fewest agents that must be "
            "taking calls in the interval to meet the target?",
            f"{s.traffic_work()} The fewest agents that reach {s.target_text()} is {need}: {_result(s, need)}, "
            f"while {_result(s, need - 1)}. Shrinkage matters only when you turn agents into a schedule.",
            options,
        ),
        {"form": "agents", "scenario": s, "key": need, "mistakes": mistakes},
    )


def _agents_count(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """The same calculation typed in: the feedback lists the numbers the usual slips give."""
    need = s.need()
    slips = {
        math.ceil(s.traffic - _EPS): "reads the traffic as a head count",
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
            explanation=f"{s.traffic_work()} The fewest agents that reach the target is {need}: {_result(s, need)}, "
            f"while {_result(s, need - 1)}.",
            answer=float(need),
            tolerance=0,
            unit="agents",
            feedback=Feedback(
                correct=f"Right: {_result(s, need)}.",
                incorrect=f"The answer is {need}. The usual slips give other numbers: {listed}.",
            ),
        ),
        {"form": "count", "scenario": s, "key": need, "mistakes": {}},
    )


def _scheduled(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Turn agents into a schedule: shrinkage divided, not added, and rounded up."""
    need = s.need()
    keep = 1 - s.shrinkage
    key = erlang.scheduled_staff(need, s.shrinkage)
    exact = need / keep
    added = math.ceil(need * (1 + s.shrinkage) - _EPS)
    below = [
        Mistake(
            "shrinkage-added",
            added,
            f"That adds {s.shrinkage_percent}% to {need}. Shrinkage is a share of the time scheduled, so divide by "
            f"(1 − {number(s.shrinkage)}): {people_text(added)} less {s.shrinkage_percent}% leaves only "
            f"{number(round(added * keep, 1))} on the phones.",
        ),
        Mistake(
            "forgot-shrinkage",
            need,
            f"That forgets shrinkage: {need} must be taking calls, so more than {need} must be scheduled.",
        ),
        Mistake(
            "rounded-down",
            math.floor(exact + _EPS),
            f"That rounds {exact:.2f} down. People come whole, and rounding down leaves the interval short.",
        ),
    ]
    twice = erlang.scheduled_staff(key, s.shrinkage)
    above = [
        Mistake(
            "shrinkage-twice",
            twice,
            f"That allows for {s.shrinkage_percent}% shrinkage twice, once on the agents and again on the "
            "schedule; the allowance is made once.",
        ),
    ]
    made = _count_options(
        key,
        f"Right: {people_text(key)} less {s.shrinkage_percent}% shrinkage leaves at least {need} taking calls.",
        below,
        above,
        rng,
        unit=people_text,
    )
    if made is None:
        return
    options, mistakes = made
    fact = f"scheduled:{need}:{s.shrinkage_percent}"
    yield Made(
        fact,
        _single(
            content_id("staff-scheduled", fact),
            section,
            f"A queue needs {need} agents taking calls in each half-hour of the afternoon to meet its target. "
            f"Shrinkage (breaks, coaching, training, absence) is {s.shrinkage_percent}%. How many people must be "
            "scheduled for each half-hour?",
            f"Scheduled staff = agents ÷ (1 − shrinkage) = {need} ÷ {number(keep)} = {exact:.2f}, rounded up to whole "
            f"people: {key}.",
            options,
        ),
        {"form": "scheduled", "scenario": s, "need": need, "key": key, "mistakes": mistakes},
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


#: Shapes of a morning: each interval's share of the scenario's volume.
_SHAPES = ((0.6, 1.0, 1.5, 0.9), (0.7, 1.4, 1.1, 0.8), (1.2, 0.8, 0.6, 1.5), (0.5, 0.9, 1.6, 1.0))


def _peak(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """The busiest of four intervals, where staffing to the morning's average falls short."""
    step = 10 if s.calls >= 100 else 5
    volumes = [max(step, round(s.calls * f / step) * step) for f in rng.choice(_SHAPES)]
    peak = max(volumes)
    if volumes.count(peak) != 1:
        return
    start = 8 * 60 + 30
    labels = [_clock(start + i * s.interval_minutes) for i in range(len(volumes))]
    busiest = labels[volumes.index(peak)]
    at_peak = replace(s, calls=peak)
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
            f"{_result(at_peak, average_need)}. The average hides the peak.",
        ),
        _traffic_as_agents(at_peak),
        _one_short(at_peak, need),
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
            math.ceil(need * (1 + s.shrinkage) - _EPS),
            f"That adds {s.shrinkage_percent}% shrinkage to {need}, a (short) number to schedule rather than the "
            "agents taking calls.",
        ),
    ]
    made = _count_options(
        need, f"Right: {_result(at_peak, need)}; fewer would miss the target at the peak.", below, above, rng
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
        _single(
            content_id("staff-peak", fact),
            section,
            f"The forecast for a queue's {s.interval_minutes}-minute intervals this morning is {listed}, with an "
            f"average handle time of {s.handle_seconds} seconds and a target of {s.target_text()} in every interval. "
            f"Shrinkage is {s.shrinkage_percent}%. What is the fewest agents that must be taking calls at {busiest}?",
            f"Staff each interval on its own forecast: at {busiest}, {peak:,} × {s.handle_seconds} s ÷ {s.seconds:,} s "
            f"= {_erlangs(at_peak.traffic)}, which needs {need} agents ({_result(at_peak, need)}).",
            options,
        ),
        {"form": "peak", "scenario": s, "volumes": volumes, "key": need, "mistakes": mistakes},
    )


def _state(s: Scenario, level: float, asa: float, occupancy: float, *, inline: bool = False) -> str:
    first = "service level" if inline else "Service level"
    return f"{first} {s.pct(level)}, ASA {asa:.0f} seconds, occupancy {occupancy * 100:.0f}%"


def _remove_agents(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Taking agents off the phones: service level, ASA and occupancy all move, and not in proportion."""
    base = s.need() + rng.choice((0, 1))
    away = rng.choice((2, 3))
    after = base - away
    if after <= s.traffic:
        return
    sl0, asa0, sl1, asa1 = s.level(base), s.asa(base), s.level(after), s.asa(after)
    if sl0 is None or asa0 is None or sl1 is None or asa1 is None:
        return
    occ0, occ1 = s.traffic / base, s.traffic / after
    linear_sl, linear_asa = sl0 * after / base, asa0 * base / after
    if round(occ0 * 100) == round(occ1 * 100) or round(asa0) == round(asa1):
        return
    if abs(linear_sl - sl1) < 0.03 or round(linear_asa) in (round(asa1), round(asa0)):
        return  # the proportional guess would be nearly right here: not a fair wrong answer
    options = [
        Option(
            text=_state(s, sl1, asa1, occ1),
            correct=True,
            feedback=f"Right: with {after} agents Erlang C gives these figures. Near the target each agent moves "
            "service level by several points.",
        ),
        Option(
            text=_state(s, sl1, asa1, occ0),
            feedback=f"Service level and ASA are right, but occupancy is workload ÷ agents: {_erlangs(s.traffic)} "
            f"shared by {after} agents is {occ1 * 100:.0f}%, not {occ0 * 100:.0f}%.",
        ),
        Option(
            text=_state(s, linear_sl, linear_asa, occ1),
            feedback=f"That scales service level and ASA in proportion to the agents ({base} to {after}). Queues are "
            f"not linear: Erlang C gives {s.pct(sl1)} and {asa1:.0f} seconds.",
        ),
        Option(
            text=_state(s, sl0, asa0, occ1),
            feedback="That keeps service level and ASA where they were, as if the others simply worked harder. "
            f"Each agent removed lengthens the wait: Erlang C gives {s.pct(sl1)} and {asa1:.0f} seconds.",
        ),
    ]
    if len({o.text for o in options}) != len(options):
        return
    fact = f"remove:{s}:{base}:{after}"
    yield Made(
        fact,
        _single(
            content_id("staff-remove", fact),
            section,
            f"{s.describe()} With {base} agents taking calls the queue runs at "
            f"{_state(s, sl0, asa0, occ0, inline=True)}. "
            f"A team leader takes {away} of them off the phones for the whole interval. What does Erlang C "
            "predict?",
            f"{s.traffic_work()} With {after} agents: {_state(s, sl1, asa1, occ1, inline=True)}; with {base}: "
            f"{_state(s, sl0, asa0, occ0, inline=True)}. Occupancy is traffic ÷ agents, and near the knee of the curve "
            "service level and ASA move much faster than the head count.",
            options,
        ),
        {"form": "remove", "scenario": s, "base": base, "after": after},
    )


def _biggest_miss(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Four small misses against plan: which one, on its own, costs the interval most service level?"""
    base = s.need()
    plan = s.level(base)
    if plan is None:
        return
    extra_calls = max(2, round(s.calls * rng.choice((0.04, 0.06, 0.08))))
    # Handle time grows by a share of itself comparable to the extra calls, so that neither
    # workload miss wins on size alone and the answer depends on the queue, not on the numbers.
    extra_aht = max(5, round(s.handle_seconds * rng.choice((0.03, 0.05, 0.07)) / 5) * 5)
    absent = rng.choice((1, 2))
    points = rng.choice((2, 3, 4))
    scheduled = erlang.scheduled_staff(base, s.shrinkage)
    left = math.floor(scheduled * (1 - s.shrinkage - points / 100) + _EPS)
    longer = s.handle_seconds + extra_aht
    more = erlang.traffic_erlangs(s.calls + extra_calls, s.seconds, s.handle_seconds)
    slower = erlang.traffic_erlangs(s.calls, s.seconds, longer)
    cases = [
        (
            f"{extra_calls} more calls arrive than forecast",
            s.level(base, more),
            f"{s.calls + extra_calls:,} calls make {_erlangs(more)}",
        ),
        (
            f"Calls take {extra_aht} s longer than planned",
            s.level(base, slower, longer),
            f"{longer}-second calls make {_erlangs(slower)}",
        ),
        (
            f"{absent} of the team off sick and not replaced",
            s.level(base - absent),
            f"{base - absent} agents are left to take the calls",
        ),
        (
            f"Shrinkage runs {points} points above plan",
            s.level(left) if left < base else None,
            f"{scheduled} scheduled less {s.shrinkage_percent + points}% leaves {left} agents",
        ),
    ]
    levels = [lv for _, lv, _ in cases]
    if any(lv is None for lv in levels):
        return
    drops = [plan - (lv or 0.0) for lv in levels]
    ranked = sorted(range(len(drops)), key=lambda i: -drops[i])
    if drops[ranked[0]] - drops[ranked[1]] < CLEAR_MARGIN:
        return  # two misses cost about the same: no one defensible answer
    worst = ranked[0]
    worst_level = s.pct(levels[worst] or 0.0)
    options = []
    for i, (text, lv, how) in enumerate(cases):
        shown = s.pct(lv or 0.0)
        if i == worst:
            feedback = f"Right: {how}, and service level falls from {s.pct(plan)} to {shown}, the largest fall."
        else:
            feedback = (
                f"{how[0].upper()}{how[1:]}: service level {shown}. The largest fall comes from the miss where "
                f"{cases[worst][2]}: {worst_level}."
            )
        options.append(Option(text=text, correct=i == worst, feedback=feedback))
    fact = f"miss:{s}:{extra_calls}:{extra_aht}:{absent}:{points}"
    yield Made(
        fact,
        _single(
            content_id("staff-miss", fact),
            section,
            f"{s.describe()} The rota schedules {scheduled} people so that {base} agents are on the phones, giving "
            f"{s.pct(plan)}. Which of these misses, on its own, would cost the interval the most service "
            "level?",
            f"{s.traffic_work()} Each miss on its own: "
            + "; ".join(f"{how}: {s.pct(lv or 0.0)}" for _, lv, how in cases)
            + ". Workload misses and capacity misses meet in the same queue, and near the target a small shortfall "
            "of either costs several points.",
            options,
        ),
        {
            "form": "miss",
            "scenario": s,
            "extra_calls": extra_calls,
            "extra_aht": extra_aht,
            "absent": absent,
            "points": points,
        },
    )


def _pooling(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """Two queues staffed apart against one merged queue that every agent can answer."""
    half = replace(s, calls=max(10, s.calls // 2))
    merged = replace(s, calls=half.calls * 2)
    each = half.need()
    together = merged.need()
    if 2 * each - together < 2:
        return  # the saving is too small to be the point of a question
    below = [
        _traffic_as_agents(merged),
        _one_short(merged, together),
        Mistake(
            "one-queue-only",
            each,
            "That is what one queue needs on its own; the merged queue carries the work of both.",
        ),
    ]
    above = [
        Mistake(
            "agents-add-up",
            2 * each,
            f"That assumes agents add up across queues. Merged, {together} meet the target: one queue lets the "
            "same spare agents cover both sides' bunches of calls.",
        ),
        Mistake(
            "scheduled-not-agents",
            erlang.scheduled_staff(together, s.shrinkage),
            f"That allows for {s.shrinkage_percent}% shrinkage, which the question does not ask about: it is a "
            "number to schedule.",
        ),
    ]
    made = _count_options(
        together, f"Right: {_result(merged, together)}, against {2 * each} staffed apart.", below, above, rng
    )
    if made is None:
        return
    options, mistakes = made
    fact = f"pool:{half}"
    yield Made(
        fact,
        _single(
            content_id("staff-pool", fact),
            section,
            f"Two queues each expect {half.calls:,} calls in a {s.interval_minutes}-minute interval, with an average "
            f"handle time of {s.handle_seconds} seconds and a target of {s.target_text()}. Staffed apart, each "
            f"needs {each} agents. Shrinkage is planned at {s.shrinkage_percent}%. If they merge into one queue that "
            "every agent can answer, what is the fewest agents that must be taking calls for the same target?",
            f"Merged traffic = {merged.calls:,} × {s.handle_seconds} s ÷ {s.seconds:,} s = {_erlangs(merged.traffic)}, "
            f"which needs {together} agents against {2 * each} apart. A larger queue absorbs each side's random "
            "bunching with the same spare agents.",
            options,
        ),
        {"form": "pool", "scenario": half, "key": together, "mistakes": mistakes},
    )


def _occupancy_cap(s: Scenario, section: str, rng: random.Random) -> Iterator[Made]:
    """An occupancy cap that binds: the target alone would work agents harder than the centre allows."""
    need = s.need()
    for cap_percent in CAPS:
        capped = s.need(cap=cap_percent / 100)
        if capped > need + 1:
            break
    else:
        return
    cap = cap_percent / 100
    occupancy = s.traffic / need
    below = [
        Mistake(
            "cap-ignored",
            need,
            f"That meets the target but ignores the cap: {need} agents run at {occupancy * 100:.1f}% occupancy, "
            f"above {cap_percent}%.",
        ),
        Mistake(
            "cap-short",
            capped - 1,
            f"One short of the cap: {_erlangs(s.traffic)} on {capped - 1} agents is "
            f"{s.traffic / (capped - 1) * 100:.1f}% occupancy.",
        ),
    ]
    above = [
        Mistake(
            "cap-on-agents",
            math.ceil(need / cap - _EPS),
            f"That divides the {need} agents the target needs by {number(cap)}; the cap divides the traffic, not "
            "the agents.",
        ),
        Mistake(
            "scheduled-not-agents",
            erlang.scheduled_staff(capped, s.shrinkage),
            f"That allows for {s.shrinkage_percent}% shrinkage, which the question does not ask about: it is a "
            "number to schedule.",
        ),
    ]
    made = _count_options(
        capped,
        f"Right: {capped} agents keep occupancy at {s.traffic / capped * 100:.1f}%, within the cap, and beat the "
        "target too.",
        below,
        above,
        rng,
    )
    if made is None:
        return
    options, mistakes = made
    fact = f"cap:{s}:{cap_percent}"
    yield Made(
        fact,
        _single(
            content_id("staff-cap", fact),
            section,
            f"{s.describe()} The centre also caps occupancy at {cap_percent}% to protect its agents, and shrinkage "
            f"is planned at {s.shrinkage_percent}%. What is the fewest agents taking calls that meet both the "
            "target and the cap?",
            f"{s.traffic_work()} The target alone needs {need} agents, at {occupancy * 100:.1f}% occupancy. The cap "
            f"needs traffic ÷ {number(cap)} = {s.traffic / cap:.2f}, rounded up to {capped}. The larger wins: "
            f"{capped}.",
            options,
        ),
        {"form": "cap", "scenario": s, "cap_percent": cap_percent, "key": capped, "mistakes": mistakes},
    )


Form = Callable[[Scenario, str, random.Random], Iterator[Made]]

#: Every form draws its own scenarios, so no question's numbers answer another's.
FORMS: dict[str, Form] = {
    "agents": _agents_needed,
    "count": _agents_count,
    "scheduled": _scheduled,
    "peak": _peak,
    "remove": _remove_agents,
    "miss": _biggest_miss,
    "pool": _pooling,
    "cap": _occupancy_cap,
}


def staffing(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Staffing questions for a module that shows the calculator; none for any other module."""
    if module.calculator is None:
        return []
    section = module.calculator.section
    out: list[Candidate] = []
    for name, form in FORMS.items():
        rng = seeded(seed, module.id, SOURCE, name)
        made = 0
        answers: set[object] = set()  # two questions of one form with one answer read as a repeat
        for scenario in draw(rng, PER_FORM * 8):
            if made == PER_FORM:
                break
            for item in form(scenario, section, rng):
                answer = item.facts.get("key", item.topic)
                if answer in answers:
                    continue
                answers.add(answer)
                out.append(generated(module.id, SOURCE, item.topic, item.question, data=item.facts))
                made += 1
    return out
