"""Key-term questions: wrong options of the same kind, none sharing the head noun, none also true, uses applied."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import KeyTerm, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate
from course.quiz.rules import check
from course.quiz.terms import head_noun, key_terms, term_section
from course.quiz.wording import MASK
from tests.paths import FIXTURES, REPO
from tests.quiz.strategies import SETTINGS, courses, norm, split_options


def all_terms(loaded: LoadedCourse) -> list[KeyTerm]:
    return [t for m in loaded.modules.values() for t in m.key_terms]


def unmasks_to(shown: str, original: str, term: str) -> bool:
    """Is ``shown`` the text ``original`` with the term (or an inflection of it) replaced by the mask?"""
    if MASK not in shown:
        return shown == original
    hidden = r"\s+".join(re.escape(word) for word in term.split()) + r"\w*"
    pattern = hidden.join(re.escape(part) for part in shown.split(MASK))
    return re.fullmatch(pattern, original, flags=re.IGNORECASE) is not None


def check_candidate(loaded: LoadedCourse, cand: Candidate) -> None:
    q = cand.item.question
    assert isinstance(q, SingleChoice)
    data: dict[str, str] = cand.data  # type: ignore[assignment]
    module = loaded.modules[cand.item.module]
    term = next(t for t in module.key_terms if t.term == data["term"])
    assert term.kind is not None, "a term without a kind gets no question"
    terms = all_terms(loaded)
    right, wrong = split_options(q)
    assert len(q.options) >= 3
    assert check(q) == [], "generated term questions follow every rule"
    meanings_of_term = {norm(t.definition) for t in terms if norm(t.term) == norm(term.term)}
    names_of_meaning = {norm(t.term) for t in terms if norm(t.definition) == norm(term.definition)}
    if data["form"] == "meaning":
        assert q.prompt == f"What does “{term.term}” mean?"
        assert right[0].text == term.definition
        for option in wrong:
            assert norm(option.text) not in meanings_of_term, "a wrong option is also a definition of the term"
            owners = [t for t in terms if norm(t.definition) == norm(option.text)]
            assert owners and all(norm(t.kind or "") == norm(term.kind) for t in owners)
            assert all(head_noun(t.term) != head_noun(term.term) for t in owners)
        return
    assert right[0].text == term.term
    for option in wrong:
        for other in (t for t in terms if norm(t.term) == norm(option.text)):
            assert norm(other.kind or "") == norm(term.kind), "wrong options are of the same kind"
            assert head_noun(other.term) != head_noun(term.term), "no wrong option shares the head noun"
            assert norm(other.term) not in names_of_meaning, "a wrong option is another name for the definition"
    assert norm(term.term) not in norm(q.prompt), "the prompt names the answer"
    assert all(norm(o.text) not in norm(q.prompt) for o in wrong), "the prompt names a wrong option"
    quoted = q.prompt.split("\n\n> ", 1)[1]
    if data["form"] == "name":
        assert q.prompt.startswith(f"Which {term.kind} matches this definition?")
        assert unmasks_to(quoted, term.definition, term.term)
    else:
        assert data["form"] == "example" and term.example is not None
        assert q.prompt.startswith(f"Which {term.kind} names what is happening here?")
        assert norm(quoted) == norm(term.example)


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_every_term_question_is_fair(loaded: LoadedCourse, seed: int) -> None:
    index = CourseIndex.build(loaded)
    for module in loaded.modules.values():
        made = key_terms(index, module, seed)
        for cand in made:
            check_candidate(loaded, cand)
        asked = {cand.data["term"] for cand in made}  # type: ignore[index]
        assert all(t.kind for t in module.key_terms if t.term in asked)


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURES / "quizgen"))


def test_application_question_from_an_example(fixture_course: LoadedCourse) -> None:
    index = CourseIndex.build(fixture_course)
    made = {c.item.question.id: c for c in key_terms(index, fixture_course.modules["people"], 4)}
    example = next(c for c in made.values() if c.data["form"] == "example")  # type: ignore[index]
    q = example.item.question
    assert q.prompt.startswith("Which method names what is happening here?\n\n> Once a week a team leader")
    assert {o.text for o in q.options} == {"Coaching", "Calibration", "Side-by-side listening"}
    assert "Attrition" not in {o.text for c in made.values() for o in c.item.question.options}  # type: ignore[union-attr]


def test_the_section_that_teaches_a_term_is_linked_not_the_first_mention(fixture_course: LoadedCourse) -> None:
    module = fixture_course.modules["staffing-basics"]
    by_name = {t.term: t for t in module.key_terms}
    assert term_section(module, by_name["Shrinkage"]) == "shrinkage", "its own section, not the intro mentioning it"
    assert term_section(module, by_name["Service level"]) == "measures"


def test_head_nouns() -> None:
    assert head_noun("Margin of error") == "margin"
    assert head_noun("Average speed of answer (ASA)") == "speed"
    assert head_noun("Benchmark score") == "score"
    assert head_noun("Job to be done") == "job"
    assert head_noun('"What do you see?" round') == "round"


def test_shipped_terms_all_have_a_kind_and_their_questions_are_fair() -> None:
    loaded = load(Layout(REPO))
    index = CourseIndex.build(loaded)
    assert all(t.kind for t in all_terms(loaded)), "every shipped key term says what kind of thing it names"
    forms: set[str] = set()
    for module in loaded.modules.values():
        for cand in key_terms(index, module, 2026):
            check_candidate(loaded, cand)
            forms.add(cand.data["form"])  # type: ignore[index]
    assert forms == {"example", "name", "meaning"}
