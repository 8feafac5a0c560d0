"""Relationship questions follow the map: effects along chains, "does not move" only for levers, causes upstream."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import MultipleResponse, SingleChoice
from course.quiz.index import CourseIndex
from course.quiz.items import Candidate
from course.quiz.relationships import FALLS, RISES, UNMOVED, _course_map, _moved, _prompt, relationships
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


def links_along(loaded: LoadedCourse, path: list[str]) -> list[str]:
    """The trainer's ``link`` of each arrow of ``path``, as first drawn in the course."""
    first: dict[tuple[str, str], str] = {}
    for m in loaded.modules.values():
        for r in m.relationships:
            first.setdefault((norm(r.cause), norm(r.effect)), r.link)
    return [first[(a, b)] for a, b in zip(path, path[1:], strict=False)]


def check_candidate(loaded: LoadedCourse, cand: Candidate) -> None:
    edges = edges_of(list(loaded.modules.values()))
    q = cand.item.question
    data: dict[str, object] = cand.data  # type: ignore[assignment]
    assert "on this course's" in (q.prompt + q.explanation).lower(), "claims are about the course's map, not the world"
    if data["form"] in ("effect", "none"):
        assert isinstance(q, SingleChoice)
        asked = r"Suppose there is a rise in (.+) and nobody reacts to it with a decision\. What happens to (.+)\?"
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
            steps = links_along(loaded, data["path"])  # type: ignore[arg-type]
            assert "weak" not in steps, "no chain rests on a link a planner would call absent"
            assert "causal" in steps, "a chain of definitions alone is a tautology, not a question"
        else:
            assert right == [UNMOVED]
            assert not walk_signs(edges, start, goal), "nothing on the map leads from the cause to it"
            assert not any(e == goal for _, e, _ in edges), "'does not move' only for a lever nothing points into"
            arrow = [s for c, e, s in edges if c == goal and e == start]
            assert arrow, "a real misconception: the one arrow between the two runs the other way"
            backwards = next(o for o in q.options if o.text == (RISES if arrow[0] > 0 else FALLS))
            assert backwards.feedback.startswith("That reads the arrow backwards.")
        return
    correct, wrong = split_options(q)  # type: ignore[arg-type]
    match = re.match(r"(.+) moved sharply this month\.", q.prompt)
    assert match
    goal = norm(match.group(1))
    causes = upstream(edges, goal)
    for option in correct:
        assert norm(option.text) in causes
        routes = [p for p in simple_paths(edges, norm(option.text), goal) if len(p) <= 3]
        assert any("weak" not in links_along(loaded, p) for p in routes), "a key resting only on a weak link"
    for option in wrong:
        assert norm(option.text) not in causes, f"{option.text} does drive {goal} on the map"
        assert "no chain of arrows leads from" in option.feedback or "a symptom of the move" in option.feedback
    if isinstance(q, SingleChoice):
        assert len(correct) == 1
    else:
        assert isinstance(q, MultipleResponse) and len(correct) >= 2 and wrong


def simple_paths(edges: list[Edge], start: str, goal: str) -> list[list[str]]:
    found: list[list[str]] = []

    def go(path: list[str]) -> None:
        for c, e, _ in edges:
            if c == path[-1] and e not in path:
                if e == goal:
                    found.append([*path, e])
                else:
                    go([*path, e])

    go([start])
    return found


def texts(cand: Candidate) -> list[str]:
    q = cand.item.question
    return [q.prompt, q.explanation, *(o.feedback for o in q.options)]  # type: ignore[union-attr]


class MapFacts:
    """The map recomputed from the YAML alone, with a check for each kind of sentence the feedback says."""

    def __init__(self, loaded: LoadedCourse) -> None:
        self.edges = edges_of(list(loaded.modules.values()))
        self.arrows: dict[tuple[str, str], set[int]] = {}
        for c, e, s in self.edges:
            self.arrows.setdefault((c, e), set()).add(s)
        self.named = names(loaded)
        spelt = {x for mod in loaded.modules.values() for r in mod.relationships for x in (r.cause, r.effect)}
        self.metric = "(?:" + "|".join(sorted((re.escape(n) for n in spelt), key=len, reverse=True)) + ")"

    def m(self, text: str) -> str:
        assert norm(text) in self.named, f"{text!r} is not a metric on the map"
        return norm(text)

    def told(self, start: str, steps: str) -> bool:
        """ "a rise in X makes Y rise, which makes Z fall": each arrow exists once, and the sign adds up."""
        node, direction = self.m(start), 1
        for step in re.finditer(rf"({self.metric}) (rise|fall)", steps, re.I):
            nxt = self.m(step.group(1))
            signs = self.arrows.get((node, nxt), set())
            if len(signs) != 1:
                return False
            direction *= next(iter(signs))
            if (direction > 0) != (step.group(2) == "rise"):
                return False
            node = nxt
        return True

    def chain(self, text: str) -> bool:
        path = [self.m(x) for x in text.split(" → ")]
        return all((a, b) in self.arrows for a, b in zip(path, path[1:], strict=False))

    def same_way(self, start: str, goal: str) -> bool:
        a, b = self.m(start), self.m(goal)
        return len(simple_paths(self.edges, a, b)) >= 2 and len(walk_signs(self.edges, a, b)) == 1

    def only(self, start: str, goal: str) -> bool:
        return len(simple_paths(self.edges, self.m(start), self.m(goal))) == 1

    def arrow(self, start: str, goal: str) -> bool:
        return (self.m(start), self.m(goal)) in self.arrows

    def lever(self, metric: str) -> bool:
        return not any(e == self.m(metric) for _, e, _ in self.edges)

    def siblings(self, a: str, b: str, shared: str) -> bool:
        return self.arrow(shared, a) and self.arrow(shared, b)

    def unreached(self, start: str, goal: str) -> bool:
        return self.m(start) not in upstream(self.edges, self.m(goal))

    def claims(self) -> list[tuple[str, Callable[..., bool]]]:
        x = self.metric
        return [
            (rf"a rise in ({x}) makes ((?:{x}) (?:rise|fall)(?:, which makes (?:{x}) (?:rise|fall))*)", self.told),
            (rf"({x}(?: → {x})+)", self.chain),
            (rf"Every other chain on the map from ({x}) to ({x}) gives the same answer", self.same_way),
            (rf"It is the only chain on the map from ({x}) to ({x})\.", self.only),
            (rf"the arrow runs from ({x}) to ({x})", self.arrow),
            (rf"Nothing on the map points into ({x})", self.lever),
            (rf"({x}) and ({x}) both move with ({x})", self.siblings),
            (rf"no chain of arrows leads from ({x}) to ({x})", self.unreached),
        ]


def check_claims(loaded: LoadedCourse, cand: Candidate) -> None:
    """Every sentence the question says about the map is true of the map, recomputed from the YAML alone."""
    facts = MapFacts(loaded)
    for text in texts(cand):
        assert "No other chain" not in text, "a claim nobody checked"
        for pattern, holds in facts.claims():
            for claim in re.finditer(pattern, text, re.I):
                assert holds(*claim.groups()), f"false on the map: {claim.group(0)!r} in {text}"
        through = re.search(rf"There is no direct arrow, but there is a chain through ({facts.metric})", text)
        if through:
            path = cand.data["path"]  # type: ignore[index]
            assert not facts.arrow(path[0], path[-1]) and facts.m(through.group(1)) == path[1]


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_every_relationship_question_follows_the_map(loaded: LoadedCourse, seed: int) -> None:
    index = CourseIndex.build(loaded)
    for module in loaded.modules.values():
        for cand in relationships(index, module, seed):
            check_candidate(loaded, cand)
            check_claims(loaded, cand)


@pytest.fixture(scope="module")
def shipped() -> LoadedCourse:
    return load(Layout(REPO))


def test_the_shipped_map_gives_every_form_and_every_question_follows_it(shipped: LoadedCourse) -> None:
    index = CourseIndex.build(shipped)
    forms: set[str] = set()
    for seed in range(5):
        for cand in relationships(index, shipped.modules["metrics-system"], seed):
            check_candidate(shipped, cand)
            check_claims(shipped, cand)
            forms.add(cand.data["form"])  # type: ignore[index]
            assert not check(cand.item.question), "shipped relationship questions break no rule"
    assert forms == {"effect", "none", "cause", "drivers"}
    facts = MapFacts(shipped)
    said = [
        t for seed in range(5) for c in relationships(index, shipped.modules["metrics-system"], seed) for t in texts(c)
    ]
    unused = [p for p, _ in facts.claims() if not any(re.search(p, t, re.I) for t in said)]
    assert not unused, "every kind of claim the checker knows is made, so each check is exercised"


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


#: A verb that agrees with its subject's number: after a metric's name it is wrong for one kind of name.
FINITE = r"(?:rises|falls|increases|decreases|has|have|is|are|does|do|moves|drives|counts|was|were)"


def test_no_verb_after_a_metric_name_has_to_agree_with_it(shipped: LoadedCourse) -> None:
    """Plural names ("Transfers", "Repeat contacts", "Agents available") read right everywhere they are pasted."""
    index = CourseIndex.build(shipped)
    course = _course_map(index)
    metrics = sorted(index.metric_names)
    plural = [m for m in metrics if index.metric_names[m] in ("Transfers", "Repeat contacts", "Agents available")]
    assert len(plural) == 3, "the shipped map has plural names to test against"
    said: list[str] = []
    for cause, effect, _ in index.edges:
        said.append(course.told([cause, effect]))
    for a in metrics:
        said.append(_moved(course.name(a)))
        said += [_prompt(course.name(a), course.name(b)) for b in metrics if b != a]
    for seed in range(6):
        said += [t for cand in relationships(index, shipped.modules["metrics-system"], seed) for t in texts(cand)]
    # The arrows' reasons are the trainer's own sentences, quoted as written; only the pasted names are ours.
    reasons = [r.why.strip() for m in shipped.modules.values() for r in m.relationships]
    for reason in reasons:
        said = [t.replace(reason, "") for t in said]
    for metric in metrics:
        name = re.escape(index.metric_names[metric])
        # "a change in Transfers does" is right: its subject is the change; "Transfers does" is not.
        wrong = [t for t in said if re.search(rf"(?<!\bin )\b{name} {FINITE}\b", t)]
        assert not wrong, wrong[:2]


def test_no_effect_question_on_a_chain_of_definitions_or_a_weak_link(shipped: LoadedCourse) -> None:
    """The reviewer's three: repeats in calls offered, calls in workload, and waits lengthening calls."""
    index = CourseIndex.build(shipped)
    asked = {
        (cand.data["path"][0], cand.data["path"][-1])  # type: ignore[index]
        for seed in range(40)
        for cand in relationships(index, shipped.modules["metrics-system"], seed)
        if cand.data["form"] == "effect"  # type: ignore[index]
    }
    assert len(asked) >= 4, "the map still gives effect questions"
    trivial = {
        ("first-contact resolution", "calls offered"),
        ("repeat contacts", "workload"),
        ("agents available", "average handle time"),
    }
    assert not asked & trivial
