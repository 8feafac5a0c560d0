"""Staffing questions from a module's calculator settings, with every answer from the Erlang engine.

The scenarios nudge the calculator's starting values per seed, so each build asks about
intervals the learner has not just seen worked on the page, yet every number printed is
exactly the number the answer was computed from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from course.model.schema import Feedback, Module, Numeric, Option, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate, generated
from course.quiz.wording import percent_floor, seeded
from course.render.text import number
from course.staffing import erlang

#: Staffing scenarios generated per seed; each yields up to three questions.
STAFFING_SCENARIOS = 2


@dataclass(frozen=True)
class Scenario:
    """One what-if interval; every number is exactly what the question prints."""

    calls: float
    interval_minutes: float
    handle_seconds: float
    answer_seconds: float
    target_percent: float
    shrinkage_percent: float

    @property
    def traffic(self) -> float:
        return erlang.traffic_erlangs(self.calls, self.interval_minutes * 60, self.handle_seconds)

    def describe(self) -> str:
        return (
            f"In a {number(self.interval_minutes)}-minute interval you expect {number(self.calls)} calls "
            f"with an average handle time of {number(self.handle_seconds)} seconds. "
            f"The target is {number(self.target_percent)}% of calls answered "
            f"within {number(self.answer_seconds)} seconds."
        )


def _round_input(value: float) -> float:
    """Two decimals at most, so the printed number is the number the answer is computed from."""
    return float(round(value)) if abs(value) >= 10 else round(value, 2)


def _scenarios(module: Module, seed: int) -> list[Scenario]:
    """The calculator's defaults, nudged per seed (calls and AHT up or down)."""
    calc = module.calculator
    if calc is None:
        return []
    rng = seeded(seed, module.id, "staffing")
    factors = [0.8, 0.9, 1.0, 1.1, 1.2]
    out: list[Scenario] = []
    tried: set[tuple[float, float]] = set()
    for _ in range(STAFFING_SCENARIOS * 4):
        calls = _round_input(calc.calls * rng.choice(factors))
        handle = _round_input(calc.handle_seconds * rng.choice(factors))
        if calls <= 0 or handle <= 0 or (calls, handle) in tried:
            continue
        tried.add((calls, handle))
        out.append(
            Scenario(
                calls=calls,
                interval_minutes=_round_input(calc.interval_minutes),
                handle_seconds=handle,
                answer_seconds=_round_input(calc.answer_seconds),
                target_percent=min(99.99, max(0.01, round(calc.target_percent, 2))),
                shrinkage_percent=min(99.99, round(calc.shrinkage_percent, 2)),
            )
        )
        if len(out) == STAFFING_SCENARIOS:
            break
    return out


def _agents(n: int) -> str:
    return "1 agent" if n == 1 else f"{n} agents"


def _service_level(agents: int, s: Scenario) -> float | erlang.Unstable:
    return erlang.service_level(agents, s.traffic, s.handle_seconds, s.answer_seconds)


def _meets(level: float | erlang.Unstable, s: Scenario) -> bool:
    # Same tolerance as the engine's own search, so "meets" here means what it means there.
    return not isinstance(level, erlang.Unstable) and level >= s.target_percent / 100 - 1e-12


def _level_text(agents: int, level: float | erlang.Unstable, s: Scenario) -> str:
    if isinstance(level, erlang.Unstable):
        return (
            f"{_agents(agents)} cannot keep up with {s.traffic:.2f} Erlangs of traffic: the queue grows without limit."
        )
    verb = "answers" if agents == 1 else "answer"
    return f"{_agents(agents)} {verb} {percent_floor(level)} within {number(s.answer_seconds)} seconds"


def _working(s: Scenario, needed: int) -> str:
    """The worked answer every staffing question of one scenario explains itself with."""
    level = _service_level(needed, s)
    work = (
        f"Traffic = {number(s.calls)} calls × {number(s.handle_seconds)} s ÷ {number(s.interval_minutes * 60)} s "
        f"= {s.traffic:.2f} Erlangs. The fewest agents that answer at least {number(s.target_percent)}% "
        f"within {number(s.answer_seconds)} seconds is {needed}: {_level_text(needed, level, s)}"
    )
    if needed > 1:
        work += f", while {_level_text(needed - 1, _service_level(needed - 1, s), s).rstrip('.')}"
    return work + "."


def _agents_question(s: Scenario, section: str, needed: int, work: str, i: int) -> Numeric:
    return Numeric(
        type="numeric",
        id=f"gen-staff-agents-{i}",
        section=section,
        prompt=f"{s.describe()} How many agents must be taking calls to meet the target?",
        explanation=work,
        answer=float(needed),
        tolerance=0,
        unit="agents",
        feedback=Feedback(
            correct=f"Right: {needed} agents is the smallest number that meets the target.",
            incorrect=f"Not quite: {needed} agents is the smallest number that meets the target.",
        ),
    )


def _scheduled_question(s: Scenario, section: str, needed: int, work: str, i: int) -> Numeric:
    shrinkage = number(s.shrinkage_percent)
    scheduled = erlang.scheduled_staff(needed, s.shrinkage_percent / 100)
    exact = needed / (1 - s.shrinkage_percent / 100)
    return Numeric(
        type="numeric",
        id=f"gen-staff-scheduled-{i}",
        section=section,
        prompt=(
            f"{s.describe()} Shrinkage (breaks, training, absence) is {shrinkage}%. "
            "How many agents must you schedule for the interval?"
        ),
        explanation=(
            f"{work} With {shrinkage}% shrinkage you schedule {needed} ÷ "
            f"(1 − {number(s.shrinkage_percent / 100)}) = {exact:.2f}, rounded up to whole people: {scheduled}."
        ),
        answer=float(scheduled),
        tolerance=0,
        unit="agents",
        feedback=Feedback(
            correct=f"Right: schedule {scheduled} so that {needed} are taking calls.",
            incorrect=(
                f"Not quite: {needed} agents must be taking calls; after {shrinkage}% "
                f"shrinkage that means scheduling {scheduled}."
            ),
        ),
    )


def staffing(index: CourseIndex, module: Module, seed: int) -> list[Candidate]:
    """Per scenario: the agents needed, the staff to schedule, and the minimal staffing among neighbours."""
    calc = module.calculator
    if calc is None:
        return []
    out: list[Candidate] = []
    for i, s in enumerate(_scenarios(module, seed), start=1):
        rng = seeded(seed, module.id, "staffing", i)
        needed = erlang.required_agents(s.traffic, s.handle_seconds, s.answer_seconds, s.target_percent / 100)
        work = _working(s, needed)
        topic = f"scenario:{i}"
        out.append(generated(module.id, "staffing", topic, _agents_question(s, calc.section, needed, work, i)))
        if s.shrinkage_percent > 0:
            question = _scheduled_question(s, calc.section, needed, work, i)
            out.append(generated(module.id, "staffing", f"{topic}:scheduled", question))
        choice = _staffing_choice(module, s, needed, work, i, rng)
        if choice is not None:
            out.append(generated(module.id, "staffing", topic, choice))
    return out


def _staffing_choice(
    module: Module, s: Scenario, needed: int, work: str, i: int, rng: random.Random
) -> SingleChoice | None:
    """Pick the minimal staffing among its neighbours; exactly one option is both enough and minimal."""
    assert module.calculator is not None
    options: list[Option] = []
    for n in range(needed - 2, needed + 3):
        if n < 1:
            continue
        level = _service_level(n, s)
        if n < needed:
            if _meets(level, s):
                continue  # would also be right; never offer it as a wrong answer
            feedback = f"Too few: {_level_text(n, level, s)}".rstrip(".")
            if not isinstance(level, erlang.Unstable):
                feedback += f", short of the {number(s.target_percent)}% target"
            options.append(Option(text=_agents(n), feedback=feedback + "."))
        elif n == needed:
            if not _meets(level, s):
                return None  # engine and check disagree: no trustworthy question
            feedback = f"Right: {_level_text(n, level, s)}, the fewest that do."
            options.append(Option(text=_agents(n), correct=True, feedback=feedback))
        else:
            enough = f"{_agents(needed)} already {'does' if needed == 1 else 'do'}"
            feedback = f"{n} agents meet the target too, but {enough}: the extra agents are not needed."
            options.append(Option(text=_agents(n), feedback=feedback))
    if len(options) < 2:
        return None
    return SingleChoice(
        type="single",
        id=f"gen-staff-choice-{i}",
        section=module.calculator.section,
        prompt=f"{s.describe()} What is the smallest number of agents that meets the target?",
        explanation=work,
        options=options,
    )
