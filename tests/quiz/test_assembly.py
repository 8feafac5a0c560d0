"""Quizzes as assembled: reproducible, mixed, balanced, trainer-controlled (exclude and pin), with stable ids."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from course.adapter.build import options_for
from course.model.loaded import Layout, LoadedCourse
from course.model.loader import load
from course.model.schema import (
    Feedback,
    MultipleResponse,
    Numeric,
    Option,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from course.quiz.assembly import QuizPool, unfairness
from course.quiz.display import arrange
from course.quiz.items import QuizItem, correct_answer_text
from course.quiz.review import baselines, warnings
from course.quiz.rules import check
from course.quiz.testwise import shown
from course.render.options import Options
from tests.paths import FIXTURES, REPO
from tests.quiz.strategies import SETTINGS, courses

FIXTURE = FIXTURES / "quizgen"


def answer(item: QuizItem) -> str:
    return correct_answer_text(item.question)


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_same_seed_same_quizzes(loaded: LoadedCourse, seed: int) -> None:
    for mid in loaded.modules:
        assert QuizPool(loaded, seed).generate(mid) == QuizPool(loaded, seed).generate(mid)
        assert QuizPool(loaded, seed).module_quiz(mid, 5) == QuizPool(loaded, seed).module_quiz(mid, 5)
    assert QuizPool(loaded, seed).final_assessment(7) == QuizPool(loaded, seed).final_assessment(7)


@SETTINGS
@given(courses(), st.integers(0, 10_000))
def test_no_question_that_breaks_a_rule_reaches_a_learner(loaded: LoadedCourse, seed: int) -> None:
    pool = QuizPool(loaded, seed)
    for mid in loaded.modules:
        ids = [i.question.id for i in pool.generate(mid)]
        assert len(ids) == len(set(ids))
        for item in pool.module_quiz(mid, 6):
            assert not item.generated or check(item.question) == []
    for item in pool.final_assessment(12):
        assert not item.generated or check(item.question) == []


@SETTINGS
@given(courses(), st.integers(0, 10_000), st.integers(0, 12))
def test_module_quiz_mixes_generators_and_keeps_final_only_questions_out(
    loaded: LoadedCourse, seed: int, count: int
) -> None:
    pool = QuizPool(loaded, seed)
    for mid in loaded.modules:
        usable = [c for c in pool.candidates(mid) if c.module_page]
        quiz = [i for i in pool.module_quiz(mid, count) if i.generated]
        assert len(quiz) == min(count, len(usable))
        assert {i.question.id for i in quiz} <= {c.item.question.id for c in usable}
        sources = {c.item.source for c in usable}
        assert len({i.source for i in quiz}) >= min(count, len(sources), 2)


def facts(pool: QuizPool, final: list[QuizItem]) -> set[str]:
    """The facts the final assessment already asks, by the topics of the candidates it drew from."""
    shown = {i.question.id.removeprefix(f"{i.module}-") for i in final}
    topics = set()
    for mid in pool.loaded.modules:
        topics |= {c.topic for c in pool.candidates(mid) if c.item.question.id in shown}
    return topics


@SETTINGS
@given(courses(), st.integers(0, 10_000), st.integers(0, 20))
def test_final_assessment_is_balanced_across_modules_and_asks_each_fact_once(
    loaded: LoadedCourse, seed: int, count: int
) -> None:
    pool = QuizPool(loaded, seed)
    final = pool.final_assessment(count)
    assert len(final) <= count
    ids = [i.question.id for i in final]
    assert len(ids) == len(set(ids))
    prompts = [" ".join(i.question.prompt.split()).casefold() for i in final]
    assert len(prompts) == len(set(prompts)), "no question twice, even from two modules"
    order = list(loaded.modules)
    assert [i.module for i in final] == sorted((i.module for i in final), key=order.index)
    per = Counter(i.module for i in final)
    most = max(per.values(), default=0)
    asked = {" ".join(i.question.prompt.split()).casefold() for i in final}
    for mid in loaded.modules:
        if per[mid] >= most - 1:
            continue
        # A module may give fewer than the others only when it has nothing fresh left: every
        # question it could add is already on the page, or asks a fact a question there asks.
        fresh = [
            c
            for c in pool.candidates(mid)
            if " ".join(c.item.question.prompt.split()).casefold() not in asked and c.topic not in facts(pool, final)
        ]
        assert not fresh and len(pool.authored(mid)) <= per[mid], mid


@pytest.fixture(scope="module")
def fixture_course() -> LoadedCourse:
    return load(Layout(FIXTURE))


def test_authored_questions_lead_and_generated_ones_follow(fixture_course: LoadedCourse) -> None:
    quiz = QuizPool(fixture_course, 5).module_quiz("staffing-basics", 6)
    assert [i.question.id for i in quiz[:2]] == ["gen-term-1", "steps"]
    assert all(not i.generated and i.source == "authored" for i in quiz[:2])
    generated = quiz[2:]
    assert len(generated) == 6 and all(i.generated for i in generated)
    assert {i.source for i in generated} == {"key-terms", "relationships", "staffing"}
    assert QuizPool(fixture_course, 5).module_quiz("people", 0) == []


@pytest.mark.parametrize("seed", [2026, 0, 1, 2, 3])
def test_final_assessment_mixes_types_modules_and_sources(seed: int) -> None:
    loaded = load(Layout(REPO))
    final = QuizPool(loaded, seed).final_assessment(18)
    assert len(final) == 18
    assert Counter(i.module for i in final) == dict.fromkeys(loaded.modules, 2)
    types = Counter(i.question.type for i in final)
    assert {"single", "multiple", "true_false", "numeric", "ordering"} <= set(types)
    assert types["single"] <= 18 / 2, types
    assert any(i.generated for i in final) and any(not i.generated for i in final)
    assert all(i.question.id.startswith(f"{i.module}-") for i in final)
    headings = [" ".join(i.question.prompt.split()).casefold() for i in final]
    assert len(headings) == len(set(headings)), "no question heading twice"


def test_unknown_module_is_a_clear_error(fixture_course: LoadedCourse) -> None:
    with pytest.raises(KeyError, match="no module 'nope'"):
        QuizPool(fixture_course, 1).generate("nope")


# --- trainer control: exclude and pin -------------------------------------------------------


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    return root


def set_lists(root: Path, **lists: list[str]) -> None:
    path = root / "quizzes" / "staffing-basics.yml"
    data = yaml.safe_load(path.read_text())
    data.update(lists)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_excluded_questions_never_show_and_pinned_ones_always_do(editable: Path) -> None:
    pool = QuizPool(load(Layout(editable)), 5)
    ids = [c.item.question.id for c in pool.candidates("staffing-basics") if c.module_page]
    shown = {i.question.id for i in pool.module_quiz("staffing-basics", 3)}
    pin = next(i for i in ids if i not in shown)
    drop = next(i for i in ids if i in shown and i != pin)
    set_lists(editable, exclude=[drop], pin=[pin])
    pool = QuizPool(load(Layout(editable)), 5)
    for count in (0, 1, 3, 8):
        quiz = {i.question.id for i in pool.module_quiz("staffing-basics", count)}
        assert pin in quiz and drop not in quiz
    assert drop not in {i.question.id.removeprefix("staffing-basics-") for i in pool.final_assessment(30)}
    assert drop not in {i.question.id for i in pool.generate("staffing-basics")}
    assert warnings(pool) == []


def test_unknown_ids_in_exclude_and_pin_are_reported_at_their_line(editable: Path) -> None:
    set_lists(editable, exclude=["gen-term-nothing-000000"], pin=["gen-staff-agents-ffffff"])
    found = [str(w) for w in warnings(QuizPool(load(Layout(editable)), 5))]
    path = "quizzes/staffing-basics.yml"
    lines = (editable / path).read_text().splitlines()
    exclude_line = next(n for n, line in enumerate(lines, 1) if "gen-term-nothing-000000" in line)
    pin_line = next(n for n, line in enumerate(lines, 1) if "gen-staff-agents-ffffff" in line)
    assert any(w.startswith(f"{path}:{exclude_line}:") and "exclude[0]" in w for w in found), found
    assert any(w.startswith(f"{path}:{pin_line}:") and "pin[0]" in w for w in found), found
    assert all("course quiz staffing-basics" in w for w in found)


# --- ids name facts, not positions ----------------------------------------------------------


def snapshot(root: Path, seed: int = 3) -> dict[str, tuple[str, str]]:
    pool = QuizPool(load(Layout(root)), seed)
    return {
        i.question.id: (i.question.prompt, answer(i)) for m in ("staffing-basics", "people") for i in pool.generate(m)
    }


def test_ids_stay_with_their_question_when_unrelated_content_changes(editable: Path) -> None:
    before = snapshot(editable)
    module = editable / "modules" / "people.yml"
    data = yaml.safe_load(module.read_text())
    data["sections"].insert(0, {"id": "opening", "title": "Opening", "body": "Why the frontline matters."})
    data["key_terms"].insert(
        0, {"term": "Huddle", "definition": "A five-minute team briefing at the start of a shift.", "kind": "method"}
    )
    module.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = snapshot(editable)
    for qid, (prompt, right) in before.items():
        if qid in after:
            assert after[qid] == (prompt, right), f"{qid} now names another question"
    kept = [qid for qid in before if qid in after]
    assert len(kept) >= len(before) - 2, "only questions whose distractor pool changed may drop out"
    assert all(qid.startswith("gen-") for qid in after)


def test_correct_answer_text_for_every_type() -> None:
    fb = Feedback(correct="Yes.", incorrect="No.")
    base = {"section": "s1", "prompt": "Q?", "explanation": "Because."}
    options = [Option(text="A", correct=True, feedback="y"), Option(text="B", feedback="n")]
    single = SingleChoice(type="single", id="a", options=options, **base)
    multiple = MultipleResponse(
        type="multiple",
        id="b",
        options=[*options, Option(text="C", correct=True, feedback="y")],
        **base,
    )
    assert correct_answer_text(single) == "A"
    assert correct_answer_text(multiple) == "A; C"
    assert correct_answer_text(TrueFalse(type="true_false", id="c", answer=False, feedback=fb, **base)) == "False"
    numeric = Numeric(type="numeric", id="d", answer=14.0, unit="agents", feedback=fb, **base)
    assert correct_answer_text(numeric) == "14 agents (± 0)"
    ordering = Ordering(type="ordering", id="f", items=["Forecast", "Traffic", "Agents"], feedback=fb, **base)
    assert correct_answer_text(ordering) == "1. Forecast 2. Traffic 3. Agents"


def test_final_assessment_draws_on_every_generated_family() -> None:
    # Each module's second pick used to be its customer-lens question, so staffing, the metrics
    # map and the key terms never reached the assessment however many seeds were tried.
    loaded = load(Layout(REPO))
    seen: Counter[str] = Counter()
    for seed in range(6):
        final = QuizPool(loaded, seed).final_assessment(18)
        families = Counter(i.source for i in final if i.generated)
        assert max(families.values()) <= sum(families.values()) / 2, (seed, families)
        seen.update(set(families))
    assert seen.keys() == {"key-terms", "relationships", "customer-lens", "staffing"}
    assert all(n >= 3 for n in seen.values()), seen


def least_place_score(questions: list[Question]) -> float:
    """The lowest "always the same place" score any shuffle can give: fixed keys stay, others take one place each.

    True/false keeps True first, so a False key is also what "always the third" picks; the
    places a group's keys must cover, shared out as evenly as possible, set the floor.
    """
    views = [v for v in (shown(q) for q in questions) if v is not None]
    width = max(len(v.options) for v in views)
    covered = 0
    for q, v in zip([q for q in questions if shown(q) is not None], views, strict=True):
        fixed = isinstance(q, TrueFalse) or (isinstance(q, SingleChoice) and not q.shuffle)
        covered += sum(1 for p in range(width) if min(p, len(v.options) - 1) == v.key) if fixed else 1
    return -(-covered // width) / len(views)


@pytest.mark.parametrize("seed", [None, 1, 7, 99])
def test_every_quiz_as_shown_gives_a_test_wise_learner_nothing(seed: int | None) -> None:
    """Per quiz, not only course-wide: the assembly picks and shuffles so no guessing strategy pays.

    Where a hand-written group cannot be shuffled fair (cx-and-service-vision's bank has one true
    and one false statement beside five single-choice questions: nine places to cover on four,
    so some place holds three of seven keys, 0.43 against a limit of 0.42), the test checks that the
    shown quiz is at that floor, so only the bank's own make-up is left to change.
    """
    loaded = load(Layout(REPO))
    options = options_for(REPO / "mkdocs.yml") if seed is None else Options(quiz_seed=seed)
    pool = QuizPool(loaded, options.quiz_seed)
    quizzes = {mid: pool.module_quiz(mid, options.generated_per_module) for mid in loaded.modules}
    quizzes["final assessment"] = pool.final_assessment(options.assessment_questions)
    rows = {(quiz, group): b for quiz, group, b in baselines(pool, options)}
    floors = []
    for quiz, items in quizzes.items():
        for generated, group in ((False, "authored"), (True, "generated")):
            result = rows[(quiz, group)]
            if result is None:
                continue
            beaten = result.beaten()
            if beaten == ["position"] and not generated:
                floor = least_place_score([i.question for i in items if not i.generated])
                assert floor > result.limit and result.position == pytest.approx(floor), (quiz, result)
                floors.append(quiz)
                continue
            assert not beaten, (quiz, group, beaten, result)
    assert floors in ([], ["cx-and-service-vision"])


def test_a_quiz_that_is_already_fair_keeps_its_first_draw_and_shuffle(fixture_course: LoadedCourse) -> None:
    """The fairness search only steps in where guessing pays, so fair quizzes do not move between releases."""
    pool = QuizPool(fixture_course, 3)
    for mid in fixture_course.modules:
        shown_quiz = pool.module_quiz(mid, 3)
        if unfairness(shown_quiz) == 0:
            first = arrange(next(iter(pool._module_draws(mid, 3))), 3, f"quiz-{mid}")
            assert shown_quiz == first
        else:
            assert all(unfairness(arrange(d, 3, f"quiz-{mid}")) > 0 for d in pool._module_draws(mid, 3))
