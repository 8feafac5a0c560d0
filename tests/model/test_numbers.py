"""Numbers that cannot be computed or compared are refused by `course check`, at their field."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.model.checks import MAX_CALCULATOR_TRAFFIC
from course.model.loader import Layout, check, load
from course.staffing import erlang
from tests.editing import at, edit, problems


def value_at(project: Path, name: str, new: str) -> str:
    """Where the value of the edited line ``key: value`` starts."""
    return at(project, name, new.split(": ", 1)[1], within=new)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("calls: 100", "calls: .inf", "calculator.calls: input should be a finite number"),
        ("calls: 100", "calls: .nan", "calculator.calls: input should be a finite number"),
        (
            "answer_seconds: 20",
            "answer_seconds: .inf",
            "calculator.answer_seconds: input should be a finite number",
        ),
        (
            "answer_seconds: 20",
            "answer_seconds: 100000",
            "calculator.answer_seconds: input should be less than or equal to 86400",
        ),
        (
            "interval_minutes: 30",
            "interval_minutes: 0.001",
            "calculator.interval_minutes: input should be greater than or equal to 1",
        ),
        (
            "handle_seconds: 180",
            "handle_seconds: 1.0e+300",
            "calculator.handle_seconds: input should be less than or equal to 86400",
        ),
        (
            "calls: 100",
            "calls: 10000000",
            "calculator.calls: 10,000,000 calls of 180 seconds in 30 minutes is 1,000,000 Erlangs of traffic; "
            "the calculator works up to 450,000 Erlangs (check calls, handle_seconds and interval_minutes)",
        ),
        (
            "calls: 100",
            "calls: 1.0e+308",
            "calculator.calls: 1e+308 calls of 180 seconds in 30 minutes is more traffic than fits a number; "
            "the calculator works up to 450,000 Erlangs (check calls, handle_seconds and interval_minutes)",
        ),
        ("calls: 100", "calls: 1e6", "calculator.calls: YAML reads '1e6' as text: write the number as 1.0e+6"),
        (
            "calls: 100",
            "calls: 2.5E3",
            "calculator.calls: YAML reads '2.5E3' as text: write the number as 2.5e+3",
        ),
    ],
)
def test_calculator_values_the_engine_cannot_compute(fixture_project: Path, old: str, new: str, expected: str) -> None:
    edit(fixture_project, "modules/waiting.yml", old, new)
    assert problems(fixture_project) == [f"{value_at(fixture_project, 'modules/waiting.yml', new)}: {expected}"]


def test_calculator_traffic_up_to_the_limit_is_accepted(fixture_project: Path) -> None:
    """The limit leaves room for the what-ifs the build computes: the engine takes the largest of them."""
    calls = MAX_CALCULATOR_TRAFFIC * 1800 / 180
    edit(fixture_project, "modules/waiting.yml", "calls: 100", f"calls: {calls:.0f}")
    assert problems(fixture_project) == []
    calc = load(Layout(fixture_project)).modules["waiting"].calculator
    assert calc is not None
    what_if = erlang.traffic_erlangs(calc.calls * 1.2, calc.interval_minutes * 60, calc.handle_seconds * 1.2)
    assert erlang.required_agents(what_if, calc.handle_seconds * 1.2, calc.answer_seconds, 0.8) > 0
    edit(fixture_project, "modules/waiting.yml", f"calls: {calls:.0f}", f"calls: {calls + 1:.0f}")
    assert [p.field for p in check(Layout(fixture_project))] == ["calculator.calls"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("answer: 10", "answer: .nan", "questions[3].answer: input should be a finite number"),
        ("answer: 10", "answer: -.inf", "questions[3].answer: input should be a finite number"),
        ("tolerance: 0.1", "tolerance: .inf", "questions[3].tolerance: input should be a finite number"),
        (
            "tolerance: 0.1",
            "tolerance: 1.0e+20",
            "questions[3].tolerance: input should be less than or equal to 1000000000000000",
        ),
        (
            "answer: 10",
            "answer: 1.0e+300",
            "questions[3].answer: input should be less than or equal to 1000000000000000",
        ),
        ("answer: 10", "answer: " + "9" * 400, "questions[3].answer: number is too large"),
    ],
)
def test_numeric_answers_that_no_learner_can_match(fixture_project: Path, old: str, new: str, expected: str) -> None:
    edit(fixture_project, "quizzes/waiting.yml", old, new)
    assert problems(fixture_project) == [f"{value_at(fixture_project, 'quizzes/waiting.yml', new)}: {expected}"]
