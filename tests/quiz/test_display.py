"""Options are shuffled at build time: deterministic per seed, keys spread over the places, pinned orders kept."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from course.model.schema import Feedback, Option, SingleChoice, TrueFalse
from course.quiz.display import arrange
from course.quiz.items import QuizItem
from course.quiz.testwise import baseline
from tests.quiz.strategies import SETTINGS


def single(qid: str, size: int, key: int, *, shuffle: bool = True) -> QuizItem:
    options = [Option(text=f"{qid} option {i}", correct=i == key, feedback="F.") for i in range(size)]
    question = SingleChoice(
        type="single", id=qid, section="s", prompt=f"{qid}?", explanation="E.", options=options, shuffle=shuffle
    )
    return QuizItem(question, "m", generated=False, source="authored")


def true_false(qid: str, answer: bool) -> QuizItem:
    question = TrueFalse(
        type="true_false",
        id=qid,
        section="s",
        prompt=f"{qid}.",
        explanation="E.",
        answer=answer,
        feedback=Feedback(correct="Y.", incorrect="N."),
    )
    return QuizItem(question, "m", generated=False, source="authored")


quizzes = st.lists(
    st.one_of(
        st.tuples(st.integers(2, 5), st.integers(0, 4), st.booleans()).map(
            lambda t: ("single", t[0], min(t[1], t[0] - 1), t[2])
        ),
        st.booleans().map(lambda answer: ("tf", 2, int(not answer), True)),
    ),
    min_size=1,
    max_size=14,
)


def build(spec: list[tuple[str, int, int, bool]]) -> list[QuizItem]:
    items = []
    for n, (kind, size, key, shuffle) in enumerate(spec):
        items.append(single(f"q{n}", size, key, shuffle=shuffle) if kind == "single" else true_false(f"q{n}", key == 0))
    return items


@SETTINGS
@given(quizzes, st.integers(0, 10_000))
def test_shuffling_keeps_every_option_and_the_key_and_is_deterministic(spec: list, seed: int) -> None:
    items = build(spec)
    shown = arrange(items, seed, "quiz-x")
    assert shown == arrange(items, seed, "quiz-x")
    for before, after in zip(items, shown, strict=True):
        if isinstance(before.question, SingleChoice):
            assert isinstance(after.question, SingleChoice)
            assert sorted(o.text for o in before.question.options) == sorted(o.text for o in after.question.options)
            assert [o.text for o in before.question.options if o.correct] == [
                o.text for o in after.question.options if o.correct
            ]
            if not before.question.shuffle:
                assert after.question.options == before.question.options, "a pinned order is kept"
        else:
            assert after == before


@SETTINGS
@given(st.lists(st.integers(0, 3), min_size=1, max_size=20), st.integers(0, 10_000))
def test_keys_written_in_one_place_are_spread_over_all_places(keys: list[int], seed: int) -> None:
    items = [single(f"q{n}", 4, k) for n, k in enumerate(keys)]
    result = baseline(i.question for i in arrange(items, seed, "quiz-x"))
    assert result is not None
    assert result.position <= math.ceil(len(keys) / 4) / len(keys) + 1e-9


def test_true_false_answers_count_and_the_shuffled_keys_fill_around_them() -> None:
    # Three "False" statements win a learner who always picks the second (or any later) place
    # three times; the four shuffled keys go to the first place to even that out.
    items = [true_false(f"t{n}", False) for n in range(3)] + [single(f"s{n}", 4, 1) for n in range(4)]
    result = baseline(i.question for i in arrange(items, 3, "quiz-x"))
    assert result is not None and result.position <= 4 / 7


def test_authored_and_generated_questions_are_balanced_apart() -> None:
    authored = [single(f"a{n}", 4, 0) for n in range(4)]
    generated = [QuizItem(single(f"g{n}", 4, 0).question, "m", generated=True, source="key-terms") for n in range(4)]
    shown = arrange(authored + generated, 9, "quiz-x")
    for group in (shown[:4], shown[4:]):
        places = sorted(next(i for i, o in enumerate(g.question.options) if o.correct) for g in group)  # type: ignore[union-attr]
        assert places == [0, 1, 2, 3]


def test_a_different_quiz_or_seed_gives_another_order() -> None:
    items = [single(f"q{n}", 4, 0) for n in range(6)]
    orders = {tuple(o.text for i in arrange(items, s, q) for o in i.question.options) for s in (1, 2) for q in "ab"}  # type: ignore[union-attr]
    assert len(orders) > 1
