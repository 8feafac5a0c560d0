"""The shipped course meets the quality minimums a trainer can rely on.

Each module is checked on its own, so one broken module reports exactly what it lacks.
"""

from __future__ import annotations

import re

import pytest

from course.model.loader import Layout, check_module, check_quiz, load, load_file
from course.model.schema import LENSES, Course, Module, QuizBank
from tests.paths import REPO

COURSE = load_file(REPO / "course.yml", Course)[0]
AGENDA = {s.module: s.minutes for day in COURSE.agenda for s in day.sessions}
OBSERVABLE_VERBS = {
    "explain",
    "calculate",
    "diagnose",
    "coach",
    "describe",
    "identify",
    "compare",
    "apply",
    "plan",
    "design",
    "write",
    "draft",
    "facilitate",
    "distinguish",
    "interpret",
    "build",
    "evaluate",
    "map",
    "use",
    "recognise",
    "run",
    "set",
    "choose",
    "test",
    "analyse",
    "demonstrate",
    "list",
    "estimate",
    "respond",
    "practise",
    "recommend",
    "assess",
    "construct",
    "critique",
    "prioritise",
    "select",
    "summarise",
    "justify",
    "lead",
    "calibrate",
    "de-escalate",
    "classify",
    "measure",
    "present",
    "negotiate",
    "agree",
    "translate",
    "spot",
}
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


@pytest.mark.parametrize("module_id", list(AGENDA))
def test_module_meets_the_minimums(module_id: str) -> None:
    module, doc = load_file(REPO / "modules" / f"{module_id}.yml", Module)
    assert not check_module(module, doc), "\n".join(map(str, check_module(module, doc)))

    assert 3 <= len(module.objectives) <= 5, "3 to 5 learning objectives"
    for objective in module.objectives:
        verb = objective.split()[0].lower()
        assert verb in OBSERVABLE_VERBS, f"objective should start with an observable verb: {objective!r}"

    assert 4 <= len(module.sections) <= 7, "4 to 7 sections"
    words = sum(len(WORD.findall(s.body)) for s in module.sections)
    assert 1500 <= words <= 3000, f"{words} words of learner-facing text; the brief asks for 1,500 to 3,000"

    assert len(module.key_terms) >= 6, "at least 6 key terms"
    for term in module.key_terms:
        assert term.term.lower() not in term.definition.lower(), f"definition of {term.term!r} uses the term itself"

    by_lens: dict[str, list[str]] = {lens: [] for lens in LENSES}
    for note in module.customer:
        by_lens[note.lens].append(note.text)
        assert len(note.text.split()) >= 15, f"annotation too thin to be specific: {note.text!r}"
    assert all(by_lens.values()), f"every lens needs an annotation: {by_lens}"

    facilitator = module.facilitator
    assert facilitator is not None, "facilitator notes are required in the shipped course"
    assert sum(p.minutes for p in facilitator.plan) == AGENDA[module_id], "plan minutes must add up to the agenda slot"
    assert {p.section for p in facilitator.plan} == {s.id for s in module.sections}, "every section has minutes"
    assert facilitator.activity.instructions and facilitator.activity.debrief
    assert len(facilitator.discussion) >= 3, "at least 3 discussion questions"

    bank, bank_doc = load_file(REPO / "quizzes" / f"{module_id}.yml", QuizBank)
    assert bank.module == module_id
    assert not check_quiz(bank, module, bank_doc), "\n".join(map(str, check_quiz(bank, module, bank_doc)))
    assert len(bank.questions) >= 8, "at least 8 authored quiz questions"
    types = {q.type for q in bank.questions}
    assert len(types) >= 3, f"use the richer question types, found only {sorted(types)}"


def test_metrics_module_carries_the_relationship_data() -> None:
    module, _ = load_file(REPO / "modules" / "metrics-system.yml", Module)
    assert len(module.relationships) >= 15
    assert {r.direction for r in module.relationships} == {"+", "-"}
    assert module.metrics_map is not None


def test_whole_course_loads_with_four_days_and_nine_modules() -> None:
    loaded = load(Layout(REPO))
    assert len(loaded.course.agenda) == 4
    assert len(loaded.modules) == 9
    assert set(loaded.quizzes) == set(loaded.modules)
