"""Lens questions: about whose experience a situation changes or which lenses pull apart, never where text sits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import LENSES, SingleChoice
from course.quiz.assembly import QuizPool
from course.quiz.index import CourseIndex
from course.quiz.lens import CUES, WHO, customer_lens
from course.quiz.rules import check
from tests.paths import FIXTURES, REPO
from tests.quiz.strategies import SETTINGS, courses, norm


def check_candidate(loaded: LoadedCourse, cand_module: str, cand) -> None:
    q = cand.item.question
    assert isinstance(q, SingleChoice)
    assert not cand.module_page, "the module page shows the note: asked there, the answer is on the screen"
    assert "which module" not in q.prompt.casefold()
    module = loaded.modules[cand_module]
    text = q.prompt.split("\n\n> ", 1)[1]
    note = next(n for n in module.customer if norm(n.text) == norm(text))
    right = [o.text for o in q.options if o.correct]
    assert check(q) == []
    assert len({len(o.text) for o in q.options}) == 1, "all options equally long"
    if cand.data["form"] == "whose":
        assert note.kind == "observation" and not note.versus
        assert right == [f"The {WHO[note.lens]}"]
        words = f" {norm(note.text)} "
        assert not any(f" {cue} " in words for cues in CUES.values() for cue in cues), "a word gives it away"
    else:
        assert note.kind == "tension" and len(set(note.versus) - {note.lens}) == 1
        pair = {WHO[note.lens], *(WHO[v] for v in note.versus)}
        assert {w.casefold() for w in right[0].split(" and ")} == pair
        assert len(q.options) == 3


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_every_lens_question_is_defensible(loaded: LoadedCourse, seed: int) -> None:
    index = CourseIndex.build(loaded)
    for module in loaded.modules.values():
        for cand in customer_lens(index, module, seed):
            check_candidate(loaded, module.id, cand)
        questions = [n for n in module.customer if n.kind == "question"]
        made = {norm(c.item.question.prompt.split("\n\n> ", 1)[1]) for c in customer_lens(index, module, seed)}
        assert not made & {norm(n.text) for n in questions}, "a question for the room has no answer to check"


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURES / "quizgen"))


def test_fixture_tension_and_observation(fixture_course: LoadedCourse) -> None:
    made = customer_lens(CourseIndex.build(fixture_course), fixture_course.modules["people"], 1)
    by_form = {c.data["form"]: c.item.question for c in made}
    assert set(by_form) == {"whose", "tension"}
    assert by_form["whose"].prompt.endswith("> Breaks between difficult calls protect wellbeing.")
    assert [o.text for o in by_form["tension"].options if o.correct] == ["Employee and business"]
    # "Lower attrition saves hiring costs" opens with its answer; "A coached agent…" names another lens.
    assert len(made) == 2


def test_lens_questions_reach_only_the_final_assessment(fixture_course: LoadedCourse) -> None:
    pool = QuizPool(fixture_course, 1)
    lens_ids = {c.item.question.id for c in pool.candidates("people") if c.item.source == "customer-lens"}
    assert lens_ids
    for count in range(0, 12):
        assert not lens_ids & {i.question.id for i in pool.module_quiz("people", count)}


def test_no_which_module_question_anywhere_in_the_shipped_course() -> None:
    loaded = load(Layout(REPO))
    pool = QuizPool(loaded, 2026)
    prompts = [r.candidate.item.question.prompt for m in loaded.modules for r in pool.review(m)]
    prompts += [q.prompt for bank in loaded.quizzes.values() for q in bank.questions]
    assert prompts and not [p for p in prompts if "which module" in p.casefold()]
    assert all(lens in WHO for lens in LENSES)
