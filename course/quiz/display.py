"""The order a quiz shows its options in: shuffled at build time, with the right answers spread evenly.

Authors tend to put the key in the same place (first, or second), and a learner who always
picks that place beats chance without reading. Shuffling at build time, from the quiz seed,
keeps the page deterministic (a rebuild changes nothing, saved progress still matches) and
needs no JavaScript. A plain shuffle still lets small quizzes lean one way by luck, so each
single-answer question's key goes to the place used least so far in that quiz; this is
Haladyna et al.'s "balance the answer key". A question with ``shuffle: false`` keeps its order
(a scale, numbers in sequence), and a true/false question its True-then-False; both count where
their key sits, so the shuffled keys balance around them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache

from course.model.schema import MultipleResponse, Option, Question, SingleChoice, TrueFalse
from course.quiz.items import QuizItem, with_options


@lru_cache(maxsize=1 << 10)
def _places(key: int, size: int, width: int) -> tuple[int, ...]:
    """The places a "same place every time" guess wins at, when this key is at ``key`` of ``size``.

    A learner always picking the fourth option picks the last one where a question has fewer,
    so a key in the last place of a short question (True/False's "False") counts for every place
    beyond it too. Cached: the fairness search arranges the same quizzes for every draw it tries,
    and there are only a handful of (key, size, width) triples.
    """
    return tuple(p for p in range(width) if min(p, size - 1) == key)


def _key_place(hits: list[int], size: int, rng: random.Random) -> int:
    """The key's place that leaves the best "same place" guess as weak as possible."""
    width = len(hits)
    worst = {k: max(hits[p] for p in _places(k, size, width)) for k in range(size)}
    least = min(worst.values())
    return rng.choice([k for k, w in worst.items() if w == least])


def _balanced(options: list[Option], place: int, rng: random.Random) -> list[Option]:
    key = next(o for o in options if o.correct)
    others = [o for o in options if not o.correct]
    rng.shuffle(others)
    return others[:place] + [key] + others[place:]


def _fixed_place(question: Question) -> int | None:
    """Where a key sits that the shuffle cannot move: true/false (True first), or a pinned order."""
    if isinstance(question, TrueFalse):
        return 0 if question.answer else 1
    if isinstance(question, SingleChoice) and not question.shuffle:
        return next(i for i, o in enumerate(question.options) if o.correct)
    return None


def arrange(items: Sequence[QuizItem], seed: int, quiz_id: str, variant: int = 0) -> list[QuizItem]:
    """The quiz as shown: every shuffleable choice question reordered, keys spread over the places.

    Authored and generated questions are balanced apart, so each group is fair on its own. Keys
    that cannot move are counted first, so the shuffled ones fill the places they leave short.
    ``variant`` names another deterministic shuffle of the same quiz, for the assembly to try
    when the first leaves a guessing strategy ahead (:func:`course.quiz.assembly.unfairness`).
    """
    return shown_as(items, orders(items, seed, quiz_id, variant))


def shown_as(items: Sequence[QuizItem], options: Sequence[list[Option] | None]) -> list[QuizItem]:
    """The items with the option orders of :func:`orders` applied."""
    return [item if order is None else with_options(item, order) for item, order in zip(items, options, strict=True)]


def orders(items: Sequence[QuizItem], seed: int, quiz_id: str, variant: int = 0) -> list[list[Option] | None]:
    """Each item's options in the order :func:`arrange` shows them; ``None`` where the order stays.

    Apart from :func:`arrange` so the fairness search can judge a shuffle on these lists alone
    and copy the questions of the one shuffle it keeps.
    """
    rng = random.Random(f"{seed}:{quiz_id}:display" + (f":{variant}" if variant else ""))
    width = max((len(i.question.options) for i in items if isinstance(i.question, SingleChoice)), default=2)
    width = max(width, 2)
    hits = {False: [0] * width, True: [0] * width}
    for item in items:
        fixed = _fixed_place(item.question)
        if fixed is not None:
            size = 2 if isinstance(item.question, TrueFalse) else len(item.question.options)  # type: ignore[union-attr]
            for p in _places(fixed, size, width):
                hits[item.generated][p] += 1
    out: list[list[Option] | None] = []
    for item in items:
        question: Question = item.question
        order: list[Option] | None = None
        if isinstance(question, SingleChoice) and question.shuffle:
            used = hits[item.generated]
            size = len(question.options)
            place = _key_place(used, size, rng)
            order = _balanced(list(question.options), place, rng)
            for p in _places(place, size, width):
                used[p] += 1
        elif isinstance(question, MultipleResponse) and question.shuffle:
            order = list(question.options)
            rng.shuffle(order)
        out.append(order)
    return out
