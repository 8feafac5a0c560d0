"""The test-wise baseline: what guessing by length, by stem words or by place scores, on the shipped course."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from course.adapter.build import options_for
from course.model.loaded import Layout
from course.model.loader import load
from course.model.schema import Feedback, Option, SingleChoice, TrueFalse
from course.quiz.assembly import QuizPool
from course.quiz.review import baseline_report, baselines
from course.quiz.testwise import MARGIN, STRATEGIES, TEXT_MIN, baseline, same_place, shown
from course.render.options import Options
from tests.paths import REPO


def single(prompt: str, texts: list[str], key: int) -> SingleChoice:
    options = [Option(text=t, correct=i == key, feedback="F.") for i, t in enumerate(texts)]
    return SingleChoice(type="single", id="q", section="s", prompt=prompt, explanation="E.", options=options)


def test_each_strategy_scores_what_a_guesser_would() -> None:
    cued = [
        single("Why did the queue grow?", ["Rain", "A long and well qualified right answer", "Cats", "Dogs"], 1),
        single("Which measure of waiting?", ["Waiting time measure", "Cost", "Noise", "Heat"], 0),
    ]
    result = baseline(cued)
    assert result is not None
    assert result.questions == 2 and result.chance == pytest.approx(0.25)
    assert result.longest == pytest.approx(1.0)  # the first key is longest; the second is longest too
    assert result.overlap == pytest.approx((0.25 + 1) / 2)  # a four-way tie, then the only echo of the stem
    assert result.position == pytest.approx(0.5)
    assert set(result.beaten()) == {"longest", "overlap", "position"}


def test_ties_count_as_a_fair_guess_and_true_false_is_two_fixed_places() -> None:
    tie = single("Pick one?", ["Aaaa", "Bbbb", "Cccc", "Dddd"], 2)
    tf = TrueFalse(
        type="true_false",
        id="t",
        section="s",
        prompt="Stated.",
        explanation="E.",
        answer=False,
        feedback=Feedback(correct="Y.", incorrect="N."),
    )
    result = baseline([tie, tf])
    assert result is not None
    assert result.longest == pytest.approx((0.25 + 0.5) / 2)
    assert result.chance == pytest.approx((0.25 + 0.5) / 2)
    # Always the third place wins both: the key is third, and the statement's "False" is its last place.
    assert result.position == pytest.approx(1.0)
    assert baseline([]) is None


@pytest.fixture(scope="module")
def shipped() -> tuple[QuizPool, Options]:
    loaded = load(Layout(REPO))
    options = options_for(REPO / "mkdocs.yml")
    return QuizPool(loaded, options.quiz_seed), options


def test_the_shipped_course_gives_a_test_wise_learner_nothing(shipped: tuple[QuizPool, Options]) -> None:
    pool, options = shipped
    rows = {(quiz, group): b for quiz, group, b in baselines(pool, options)}
    for group in ("authored", "generated (whole pool)"):
        result = rows[("course-wide", group)]
        assert result is not None and result.questions >= 40
        for strategy in STRATEGIES:
            assert result.score(strategy) <= result.chance + MARGIN, (group, strategy, result)


@pytest.mark.parametrize("seed", [1, 7, 99])
def test_generated_questions_stay_fair_whatever_the_seed(seed: int) -> None:
    loaded = load(Layout(REPO))
    rows = {(q, g): b for q, g, b in baselines(QuizPool(loaded, seed), Options(quiz_seed=seed))}
    result = rows[("course-wide", "generated (whole pool)")]
    assert result is not None and not result.beaten(), result


def test_the_report_prints_a_row_per_quiz_and_course_wide(shipped: tuple[QuizPool, Options]) -> None:
    pool, options = shipped
    text = baseline_report(baselines(pool, options))
    for mid in pool.loaded.modules:
        assert f"{mid:<26}authored" in text and f"{mid:<26}generated" in text
    assert "final assessment" in text and "course-wide" in text
    assert "longest" in text and "overlap" in text and "place" in text and "text" in text


LENSES3 = ["The customer", "The employee", "The organisation"]


def test_always_picking_the_text_that_is_usually_right_is_caught() -> None:
    """The round-1 lens pool: "The customer" right in 9 of 14 "whose" questions, shuffled or not."""
    whose = [single(f"Whose {i}?", LENSES3[i % 3 :] + LENSES3[: i % 3], (3 - i % 3) % 3) for i in range(9)]
    whose += [single(f"Who {i}?", LENSES3[i % 3 :] + LENSES3[: i % 3], (4 - i % 3) % 3) for i in range(1, 6)]
    result = baseline(whose)
    assert result is not None
    assert result.text == pytest.approx(9 / 14) and result.text_chance == pytest.approx(1 / 3)
    assert "always 'the customer'" in result.text_rule
    assert result.position < result.limit, "shuffling hides the key's place but not its text"
    assert "text" in result.beaten()


def test_never_picking_a_text_that_is_almost_never_right_is_caught_and_balance_passes() -> None:
    pairs = ["Customer and employee", "Customer and organisation", "Employee and organisation"]
    skewed = [single(f"Which two {i}?", pairs, 1 + i % 2) for i in range(16)]
    result = baseline(skewed)
    assert result is not None and "never 'customer and employee'" in result.text_rule
    assert result.text == pytest.approx(0.5) and "text" in result.beaten()
    balanced = baseline([single(f"Which two {i}?", pairs, i % 3) for i in range(15)])
    assert balanced is not None and "text" not in balanced.beaten()


def test_a_text_met_in_a_few_questions_is_not_a_cue() -> None:
    few = [single(f"Q {i}?", ["Occupancy", f"B{i}", f"C{i}", f"D{i}"], 0) for i in range(TEXT_MIN - 1)]
    result = baseline(few)
    assert result is not None and result.text_rule == "" and result.score("text") == pytest.approx(result.chance)


def test_only_the_same_place_strategy_depends_on_the_order_of_options() -> None:
    """The fairness search re-scores only that strategy per shuffle it tries (course.quiz.assembly._Judge)."""
    pool = QuizPool(load(Layout(REPO)), options_for(REPO / "mkdocs.yml").quiz_seed)
    questions = [i.question for mid in pool.loaded.modules for i in pool.module_quiz(mid, 4)]
    rng = random.Random(5)
    for _ in range(20):
        moved = []
        for q in questions:
            if isinstance(q, SingleChoice):
                q = q.model_copy(update={"options": rng.sample(q.options, len(q.options))})
            moved.append(q)
        before, after = baseline(questions), baseline(moved)
        assert before is not None and after is not None
        views = [v for v in (shown(q) for q in moved) if v is not None]
        assert after == replace(before, position=same_place(views))
