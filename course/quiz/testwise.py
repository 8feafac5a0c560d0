"""What a learner who never read the course would score: the test-wise baseline of a quiz.

Three strategies need no knowledge of the subject and beat chance on badly written questions:
always pick the longest option (keys tend to be the most qualified), pick the option sharing
the most words with the stem (keys tend to echo it), or always pick the same place (authors
tend to put the key second). Measured on the single-answer questions as they are shown (true
or false counts as two options in a fixed order), each strategy should score no more than
chance plus :data:`MARGIN`; ``course quiz --baseline`` prints the figures per quiz and course-wide.

Ties count fractionally: a learner choosing among three equally long options gets a third of a
point if the key is among them, which is the expected score of a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from course.model.schema import Question, SingleChoice, TrueFalse
from course.quiz.rules import content_words

#: How far above chance a guessing strategy may score before the quiz is giving answers away.
MARGIN = 0.10
STRATEGIES = ("longest", "overlap", "position")


@dataclass(frozen=True)
class Shown:
    """One single-answer question as a learner sees it: the stem and the options, in order."""

    stem: str
    options: tuple[str, ...]
    key: int


@dataclass(frozen=True)
class Baseline:
    """Expected scores (0..1) of each strategy over ``questions`` single-answer questions."""

    questions: int
    chance: float
    longest: float
    overlap: float
    position: float

    @property
    def limit(self) -> float:
        return self.chance + MARGIN

    def score(self, strategy: str) -> float:
        return float(getattr(self, strategy))

    def beaten(self) -> list[str]:
        """The strategies that score more than chance plus the margin."""
        return [s for s in STRATEGIES if self.score(s) > self.limit + 1e-9]


def shown(question: Question) -> Shown | None:
    """The learner's view of a single-answer question, or ``None`` for other types."""
    if isinstance(question, SingleChoice):
        keys = [i for i, o in enumerate(question.options) if o.correct]
        return Shown(question.prompt, tuple(o.text for o in question.options), keys[0]) if len(keys) == 1 else None
    if isinstance(question, TrueFalse):
        return Shown(question.prompt, ("True", "False"), 0 if question.answer else 1)
    return None


def _pick(scores: Sequence[float], key: int) -> float:
    """Expected score of picking uniformly among the options with the top score."""
    best = max(scores)
    tied = [i for i, s in enumerate(scores) if s == best]
    return 1 / len(tied) if key in tied else 0.0


def _longest(q: Shown) -> float:
    if q.options == ("True", "False"):
        return 0.5  # two words of no meaning: length tells nothing
    return _pick([len(" ".join(o.split())) for o in q.options], q.key)


def _overlap(q: Shown) -> float:
    if q.options == ("True", "False"):
        return 0.5
    stem = content_words(q.stem)
    return _pick([len(content_words(o) & stem) for o in q.options], q.key)


def baseline(questions: Iterable[Question]) -> Baseline | None:
    """The three strategies' expected scores on the single-answer questions among ``questions``."""
    views = [v for v in (shown(q) for q in questions) if v is not None]
    if not views:
        return None
    n = len(views)
    width = max(len(v.options) for v in views)
    # "Always the same place": the best place for the learner, where a shorter question's last
    # option stands in for places it does not have.
    places = [sum(1.0 for v in views if min(p, len(v.options) - 1) == v.key) / n for p in range(width)]
    return Baseline(
        questions=n,
        chance=sum(1 / len(v.options) for v in views) / n,
        longest=sum(_longest(v) for v in views) / n,
        overlap=sum(_overlap(v) for v in views) / n,
        position=max(places),
    )
