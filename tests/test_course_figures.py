"""Every figure the course prints is recomputed here, so the text can never disagree with the maths.

A contact-centre manager who spots one wrong staffing number stops trusting the whole course.
The worked examples are written by hand for readability, so these tests rebuild each figure
with the project's own Erlang C engine (or plain arithmetic for the research statistics),
format it exactly as the text does, and assert that the formatted string appears in the
section where the learner reads it. Editing an input in the text without rerunning the
engine makes a test fail and names the sentence that went stale.
"""

from __future__ import annotations

import math
import re
import statistics
from pathlib import Path

import pytest

from course.erlang import (
    Unstable,
    average_speed_of_answer,
    occupancy,
    required_agents,
    scheduled_staff,
    service_level,
    traffic_erlangs,
)
from course.loader import validate
from course.schema import Module, QuizBank
from course.source import read_yaml

REPO = Path(__file__).resolve().parent.parent
HALF_HOUR = 1800

# The Harbourline interval in the service-level module: Monday 10:00-10:30.
CALLS, HANDLE, ANSWER, TARGET, SHRINKAGE = 360, 300, 20, 0.80, 0.33
TABLE_AGENTS = range(61, 73)


def _model(kind: type, path: Path):  # noqa: ANN202 - returns whichever model was asked for
    doc, problems = read_yaml(path, path.name)
    assert not problems, "\n".join(map(str, problems))
    found: list = []
    model = validate(doc, kind, found)
    assert model is not None, "\n".join(map(str, found))
    return model


def _body(module: Module, section_id: str) -> str:
    bodies = {s.id: s.body for s in module.sections}
    assert section_id in bodies, f"{module.id} has no section {section_id!r}"
    return bodies[section_id]


def _stable(value: float | Unstable) -> float:
    assert not isinstance(value, Unstable), f"expected a stable queue, got {value}"
    return value


def _pct(fraction: float, places: int) -> str:
    return f"{fraction * 100:.{places}f}%"


def _assert_in(text: str, expected: str, where: str) -> None:
    assert expected in text, f"{where} should say {expected!r} (recomputed by the engine)"


@pytest.fixture(scope="module")
def service_level_module() -> Module:
    return _model(Module, REPO / "modules" / "service-level.yml")


@pytest.fixture(scope="module")
def service_level_quiz() -> QuizBank:
    return _model(QuizBank, REPO / "quizzes" / "service-level.yml")


@pytest.fixture(scope="module")
def traffic() -> float:
    return traffic_erlangs(CALLS, HALF_HOUR, HANDLE)


# --- service-level: the worked example ------------------------------------------------------


def test_calculator_starts_from_the_worked_example(service_level_module: Module) -> None:
    calc = service_level_module.calculator
    assert calc is not None, "the service-level module must carry a calculator"
    assert calc.section == "harbourline-interval"
    assert (calc.calls, calc.interval_minutes * 60, calc.handle_seconds, calc.answer_seconds) == (
        CALLS,
        HALF_HOUR,
        HANDLE,
        ANSWER,
    )
    assert calc.target_percent == TARGET * 100
    assert calc.shrinkage_percent == pytest.approx(SHRINKAGE * 100)
    body = _body(service_level_module, "harbourline-interval")
    _assert_in(body, f"{CALLS} calls, with an AHT of {HANDLE} seconds", "the forecast")
    _assert_in(body, f"shrinkage for a Monday morning is {SHRINKAGE * 100:.0f}%", "the shrinkage sentence")


def test_traffic_and_the_unstable_floor(service_level_module: Module, traffic: float) -> None:
    body = _body(service_level_module, "harbourline-interval")
    _assert_in(body, f"{CALLS} calls × {HANDLE} seconds ÷ 1,800 seconds = {traffic:g} Erlangs", "the traffic sum")
    floor = max(n for n in range(0, 100) if isinstance(occupancy(n, traffic), Unstable))
    _assert_in(body, f"With {floor} agents or fewer on the phones the queue never settles", "the unstable floor")
    assert TABLE_AGENTS.start == floor + 1, "the table should start at the first stable staffing level"


def _row(agents: int, traffic: float) -> str:
    sl = _stable(service_level(agents, traffic, HANDLE, ANSWER))
    asa = _stable(average_speed_of_answer(agents, traffic, HANDLE))
    occ = _stable(occupancy(agents, traffic))
    return f"| {agents} | {_pct(sl, 1)} | {asa:.0f} s | {_pct(occ, 0)} |"


def test_every_table_row_matches_erlang_c(service_level_module: Module, traffic: float) -> None:
    body = _body(service_level_module, "harbourline-interval")
    for agents in TABLE_AGENTS:
        _assert_in(body, _row(agents, traffic), f"the table row for {agents} agents")
    printed = [line.strip() for line in body.splitlines() if re.match(r"\s*\|\s*\d", line)]
    assert len(printed) == len(TABLE_AGENTS), f"unexpected extra table rows: {printed}"


def test_required_and_scheduled_staff(service_level_module: Module, traffic: float) -> None:
    body = _body(service_level_module, "harbourline-interval")
    need = required_agents(traffic, HANDLE, ANSWER, TARGET)
    sl = _stable(service_level(need, traffic, HANDLE, ANSWER))
    asa = _stable(average_speed_of_answer(need, traffic, HANDLE))
    occ = _stable(occupancy(need, traffic))
    _assert_in(
        body,
        f"The fewest agents that meet 80/20 is {need}, giving a service level of {_pct(sl, 1)}, "
        f"an ASA of {asa:.0f} seconds and occupancy of {_pct(occ, 0)}.",
        "the required-agents sentence",
    )
    short = _stable(service_level(need - 1, traffic, HANDLE, ANSWER))
    assert short < TARGET
    _assert_in(body, f"With {need - 1} agents it falls just short at {_pct(short, 1)}.", "the one-short sentence")

    scheduled = scheduled_staff(need, SHRINKAGE)
    _assert_in(body, f"{need} ÷ (1 − {SHRINKAGE}) = {scheduled} people", "the scheduled-staff sum")

    need90 = required_agents(traffic, HANDLE, ANSWER, 0.90)
    _assert_in(
        body,
        f"the engine gives {need90} agents and {scheduled} becomes {scheduled_staff(need90, SHRINKAGE)} scheduled",
        "the 90/20 sentence",
    )
    capped = required_agents(traffic, HANDLE, ANSWER, TARGET, max_occupancy=0.85)
    _assert_in(
        body,
        f"the engine gives {capped} agents, because at {capped - 1} agents occupancy would still be "
        f"{_pct(_stable(occupancy(capped - 1, traffic)), 0)}",
        "the occupancy-cap sentence",
    )


def test_handle_time_drift(service_level_module: Module, traffic: float) -> None:
    body = _body(service_level_module, "harbourline-interval")
    longer = HANDLE + 30
    drift = traffic_erlangs(CALLS, HALF_HOUR, longer)
    planned = required_agents(traffic, HANDLE, ANSWER, TARGET)
    sl = _stable(service_level(planned, drift, longer, ANSWER))
    asa = _stable(average_speed_of_answer(planned, drift, longer))
    need = required_agents(drift, longer, ANSWER, TARGET)
    scheduled = scheduled_staff(need, SHRINKAGE)
    extra = scheduled - scheduled_staff(planned, SHRINKAGE)
    _assert_in(body, f"taking AHT to {longer} seconds", "the drift scenario")
    _assert_in(body, f"Traffic rises to {drift:g} Erlangs", "the drift traffic")
    _assert_in(body, f"predicts a service level of {_pct(sl, 1)} and an ASA of {asa:.0f} seconds", "the drift result")
    _assert_in(body, f"Meeting 80/20 now needs {need} agents, and {scheduled} scheduled", "the drift staffing")
    _assert_in(body, f"has added {extra} people to the schedule", "the drift cost")
    assert f"{(longer - HANDLE) / HANDLE:.0%} rise in handle time" in body


def test_occupancy_and_knee_figures(service_level_module: Module, traffic: float) -> None:
    body = _body(service_level_module, "occupancy-and-the-knee")
    need = required_agents(traffic, HANDLE, ANSWER, TARGET)
    top = TABLE_AGENTS[-1]
    _assert_in(
        body,
        f"{traffic:g} Erlangs shared among {need} agents is {_pct(_stable(occupancy(need, traffic)), 0)} occupancy; "
        f"the same traffic among {top} agents is {_pct(_stable(occupancy(top, traffic)), 0)}",
        "the occupancy example",
    )

    def sl(n: int) -> float:
        return _stable(service_level(n, traffic, HANDLE, ANSWER))

    _assert_in(body, f"going from 63 to 64 agents lifts service level by {(sl(64) - sl(63)) * 100:.1f} points", "knee")
    _assert_in(body, f"going from 71 to 72 adds {(sl(72) - sl(71)) * 100:.1f} points", "the plateau")
    _assert_in(body, f"takes service level from {_pct(sl(need), 1)} to {_pct(sl(need - 2), 1)}", "two short")
    _assert_in(body, f"Two agents over plan only takes it to {_pct(sl(need + 2), 1)}", "two over")


def test_shrinkage_and_traffic_arithmetic(service_level_module: Module) -> None:
    need = required_agents(traffic_erlangs(CALLS, HALF_HOUR, HANDLE), HANDLE, ANSWER, TARGET)
    added = math.floor(need * (1 + SHRINKAGE))
    scheduled = scheduled_staff(need, SHRINKAGE)
    body = _body(service_level_module, "intervals-and-shrinkage")
    _assert_in(body, f"{need} plus 33% of {need} is {added}, {scheduled - added} short of the {scheduled}", "additive error")
    _assert_in(body, "600 emails", "the email example")
    assert 600 * 6 / 60 == 60
    _assert_in(body, "that is 60 hours of work", "the email workload")
    erlang_body = _body(service_level_module, "erlang-c")
    _assert_in(erlang_body, f"240 × 300 ÷ 1,800 = {traffic_erlangs(240, HALF_HOUR, 300):g} Erlangs", "traffic example")


# --- service-level: the quiz ------------------------------------------------------------------


def _question(bank: QuizBank, qid: str):  # noqa: ANN202 - any question type
    found = {q.id: q for q in bank.questions}
    assert qid in found, f"quiz question {qid!r} is missing"
    return found[qid]


def test_quiz_numeric_answers_match_the_engine(service_level_quiz: QuizBank) -> None:
    moving = traffic_erlangs(150, HALF_HOUR, 420)
    q = _question(service_level_quiz, "traffic-moving-home")
    assert "150 calls" in q.prompt and "420 seconds" in q.prompt
    assert q.answer == pytest.approx(moving) and q.tolerance < 0.5

    q = _question(service_level_quiz, "occupancy-moving-home")
    assert f"({moving:g} Erlangs of traffic) is staffed with 40 agents" in q.prompt
    assert q.answer == pytest.approx(_stable(occupancy(40, moving)) * 100)

    need = required_agents(moving, 420, 20, 0.8)
    q = _question(service_level_quiz, "required-agents-moving-home")
    correct = [o.text for o in q.options if o.correct]
    assert correct == [f"{need} agents"]
    short = _stable(service_level(need - 1, moving, 420, 20))
    assert f"At {need - 1} agents the service level is {_pct(short, 1)}" in q.explanation

    q = _question(service_level_quiz, "scheduled-moving-home")
    assert f"needs {need} agents available" in q.prompt and "shrinkage for that afternoon is 30%" in q.prompt
    assert q.answer == scheduled_staff(need, 0.30)
    assert f"{need} ÷ 0.70 = {need / 0.7:.1f}, rounded up to {scheduled_staff(need, 0.30)}" in q.explanation


def test_quiz_knee_question_matches_the_table(service_level_quiz: QuizBank, traffic: float) -> None:
    q = _question(service_level_quiz, "knee-cut-two")
    need = required_agents(traffic, HANDLE, ANSWER, TARGET)
    cut = need - 2
    sl = _stable(service_level(cut, traffic, HANDLE, ANSWER))
    asa = _stable(average_speed_of_answer(cut, traffic, HANDLE))
    base_asa = _stable(average_speed_of_answer(need, traffic, HANDLE))
    correct = next(o.text for o in q.options if o.correct)
    assert f"falls to {_pct(sl, 1)}" in correct
    assert f"from {base_asa:.0f} to {asa:.0f} seconds" in correct
    assert f"{need} agents give {_pct(_stable(service_level(need, traffic, HANDLE, ANSWER)), 1)}" in q.prompt
    assert f"occupancy of {_pct(_stable(occupancy(cut, traffic)), 0)}" in q.explanation
