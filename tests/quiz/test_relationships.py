"""Relationship questions follow the map: effects along chains, "does not move" only for levers, causes upstream."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import MultipleResponse, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate
from course.quiz.relationships import FALLS, RISES, UNMOVED, relationships
from course.quiz.rules import check
from tests.paths import REPO
from tests.quiz.strategies import SETTINGS, courses, edges_of, norm, split_options

Edge = tuple[str, str, int]


def walk_signs(edges: list[Edge], start: str, goal: str) -> set[int]:
    """Signs of every simple path from start to goal, found by plain recursion (no shared code)."""
    signs: set[int] = set()

    def go(node: str, sign: int, seen: frozenset[str]) -> None:
        for c, e, s in edges:
            if c != node or e in seen:
                continue
            if e == goal:
                signs.add(sign * s)
            else:
                go(e, sign * s, seen | {e})

    go(start, 1, frozenset({start}))
    return signs


def upstream(edges: list[Edge], goal: str) -> set[str]:
    found: set[str] = set()
    todo = [goal]
    while todo:
        node = todo.pop()
        for c, e, _ in edges:
            if e == node and c not in found:
                found.add(c)
                todo.append(c)
    return found


def names(loaded: LoadedCourse) -> dict[str, str]:
    return {norm(x): x for m in loaded.modules.values() for r in m.relationships for x in (r.cause, r.effect)}


def check_candidate(loaded: LoadedCourse, cand: Candidate) -> None:
    edges = edges_of(list(loaded.modules.values()))
    q = cand.item.question
    data: dict[str, object] = cand.data  # type: ignore[assignment]
    assert "on this course's" in (q.prompt + q.explanation).lower(), "claims are about the course's map, not the world"
    if data["form"] in ("effect", "none"):
        assert isinstance(q, SingleChoice)
        asked = (
            r"If (.+) increases and nobody changes a decision "
            r"\(rota, coaching plan, targets\), what happens to (.+)\?"
        )
        match = re.search(asked, q.prompt)
        assert match
        start, goal = norm(match.group(1)), norm(match.group(2))
        right = [o.text for o in q.options if o.correct]
        assert {o.text for o in q.options} == {RISES, FALLS, UNMOVED}
        if data["form"] == "effect":
            signs = walk_signs(edges, start, goal)
            assert len(signs) == 1, "every chain agrees on the direction"
            assert right == [RISES if signs.pop() > 0 else FALLS]
            assert not any(c == start and e == goal for c, e, _ in edges), "two steps away, not one"
        else:
            assert right == [UNMOVED]
            assert not walk_signs(edges, start, goal), "nothing on the map leads from the cause to it"
            assert not any(e == goal for _, e, _ in edges), "'does not move' only for a lever nothing points into"
        return
    correct, wrong = split_options(q)  # type: ignore[arg-type]
    match = re.match(r"(.+) has moved sharply this month\.", q.prompt)
    assert match
    goal = norm(match.group(1))
    causes = upstream(edges, goal)
    for option in correct:
        assert norm(option.text) in causes
    for option in wrong:
        assert norm(option.text) not in causes, f"{option.text} does drive {goal} on the map"
        assert "does not drive" in option.feedback or "is moved by" in option.feedback
    if isinstance(q, SingleChoice):
        assert len(correct) == 1
    else:
        assert isinstance(q, MultipleResponse) and len(correct) >= 2 and wrong


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_every_relationship_question_follows_the_map(loaded: LoadedCourse, seed: int) -> None:
    index = CourseIndex.build(loaded)
    for module in loaded.modules.values():
        for cand in relationships(index, module, seed):
            check_candidate(loaded, cand)


@pytest.fixture(scope="module")
def shipped() -> LoadedCourse:
    return load(Layout(REPO))


def test_the_shipped_map_gives_every_form_and_every_question_follows_it(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    forms: set[str] = set()
    for seed in range(5):
        for cand in relationships(index, shipped.modules["metrics-system"], seed):
            check_candidate(shipped, cand)
            forms.add(cand.data["form"])  # type: ignore[index]
            assert not check(cand.item.question), "shipped relationship questions break no rule"
    assert forms == {"effect", "none", "cause", "drivers"}


def test_wrong_causes_are_symptoms_or_siblings_not_always_the_same_end_outcomes(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    wrong: set[str] = set()
    sinks = {"customer satisfaction", "cost per contact", "customer effort"}
    for seed in range(8):
        for cand in relationships(index, shipped.modules["metrics-system"], seed):
            q = cand.item.question
            if cand.data["form"] in ("cause", "drivers"):  # type: ignore[index]
                wrong |= {norm(o.text) for o in q.options if not o.correct}  # type: ignore[union-attr]
    assert wrong - sinks, "distractors come from across the map"
    assert len(wrong) >= 4


def test_modules_without_a_map_get_no_relationship_questions(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    assert relationships(index, shipped.modules["collaboration"], 1) == []
